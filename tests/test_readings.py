"""Dated readings: a measure's value on its own date, with n and a time point or group, given
with ``--reading MEASURE[PART]=VALUE@DATE n=N``, from a CSV of readings or the tracker's readings
sheet; a reading dated after the check-in that records it is refused; old answers files (a bare
number per measure) load and are written back unchanged."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from spreadkit.answers import history
from spreadkit.answers.loading import read_answers
from spreadkit.answers.measures import measure_specs
from spreadkit.answers.store import to_yaml
from spreadkit.framework.model import Framework

from .conftest import EXAMPLES, NORTHFIELD_CHECKINS, Cli

WAIT = "Wait for a first physiotherapy appointment"
D = dt.date


def _with_points(plan_file: Path) -> None:
    """Give the wait measure three time points, as a team would in its answers file."""
    text = plan_file.read_text(encoding="utf-8")
    marker = f"    - measure: {WAIT}\n"
    assert marker in text
    text = text.replace(
        marker,
        marker + "      unit: days\n      better: lower\n      points: first; last; follow-up\n",
    )
    plan_file.write_text(text, encoding="utf-8")


def test_an_old_answers_file_loads_and_is_written_back_unchanged(framework: Framework) -> None:
    answers = read_answers(NORTHFIELD_CHECKINS, framework)
    assert history.readings(answers, WAIT)[0] == (D(2027, 10, 1), 30)
    written = to_yaml(answers, framework)
    assert (
        f"  readings:\n    {WAIT}: 30\n" in written
        and "      value:" not in written.partition("checkins:")[2]
    )
    spec = next(s for s in measure_specs(framework, answers) if s.name == WAIT)
    assert (spec.unit, spec.better, spec.parts) == ("", "", ())  # no new fields: as before


def test_reading_with_its_own_date_n_and_time_point(
    cli: Cli, plan_file: Path, framework: Framework
) -> None:
    _with_points(plan_file)
    result = cli(
        "checkin",
        str(plan_file),
        "--no-input",
        "--date",
        "2027-10-31",
        "--reading",
        f"{WAIT}[first]=30@2027-10-03 n=41",
        "--reading",
        f"{WAIT}[first]=27@2027-10-17",
        "--reading",
        f"{WAIT}=25",
    )
    assert result.exit_code == 0, result.output
    answers = read_answers(plan_file, framework)
    taken = history.measure_readings(answers, WAIT)
    assert [(r.date, r.value, r.n, r.part) for r in taken] == [
        (D(2027, 10, 3), 30, 41, "first"),
        (D(2027, 10, 17), 27, None, "first"),
        (D(2027, 10, 31), 25, None, ""),
    ]
    text = plan_file.read_text(encoding="utf-8")
    assert "    - date: 2027-10-03\n      value: 30\n      n: 41\n      point: first\n" in text
    assert "Wait for a first physiotherapy appointment (first): reading 30 on 2027-10-03, n=41" in (
        result.output
    )


def test_every_bad_reading_is_named(cli: Cli, plan_file: Path) -> None:
    _with_points(plan_file)
    before = plan_file.read_bytes()
    result = cli(
        "checkin",
        str(plan_file),
        "--no-input",
        "--date",
        "2027-10-31",
        "--reading",
        f"{WAIT}=30@2027-11-02",
        "--reading",
        f"{WAIT}[frist]=30",
        "--reading",
        "Wait=12",
        "--reading",
        f"{WAIT}=30 n=many",
    )
    assert result.exit_code == 1
    assert plan_file.read_bytes() == before
    out = result.output
    assert "dated 2027-11-02, after the check-in that records it (2027-10-31)" in out
    assert "has no time point 'frist'" in out and "did you mean 'first'" in out
    assert "no measure named 'Wait'" in out
    assert "n must be a whole number, found 'many'" in out


def test_a_reading_after_its_checkin_is_refused_in_the_file(cli: Cli, plan_file: Path) -> None:
    text = plan_file.read_text(encoding="utf-8").rstrip("\n")
    text += (
        "\ncheckins:\n- date: 2027-10-31\n  readings:\n    "
        f"{WAIT}:\n    - date: 2027-11-05\n      value: 30\n"
    )
    plan_file.write_text(text + "\n", encoding="utf-8")
    result = cli("validate", str(plan_file))
    assert result.exit_code == 1
    assert "dated 2027-11-05, after the check-in that records it (2027-10-31)" in result.output
    assert "checkins[0].readings" in result.output


def test_a_csv_of_readings_imports_many_dates_as_one_checkin(
    cli: Cli, plan_file: Path, tmp_path: Path, framework: Framework
) -> None:
    _with_points(plan_file)
    csv = tmp_path / "readings.csv"
    csv.write_text(
        "Measure,Date,Value,N,Time point or group\n"
        f"{WAIT},2027-07-31,34,40,first\n"
        f"{WAIT},2027-08-31,31,38,first\n"
        f"{WAIT},2027-09-30,29,,\n",
        encoding="utf-8",
    )
    result = cli("import", str(plan_file), "--from", str(csv), "--yes")
    assert result.exit_code == 0, result.output
    assert "as a check-in dated 30 September 2027" in result.output  # the latest reading's date
    answers = read_answers(plan_file, framework)
    assert [(r.date, r.value, r.n, r.part) for r in history.measure_readings(answers, WAIT)] == [
        (D(2027, 7, 31), 34, 40, "first"),
        (D(2027, 8, 31), 31, 38, "first"),
        (D(2027, 9, 30), 29, None, ""),
    ]


def test_every_bad_row_of_a_readings_csv_is_named_by_row_and_column(
    cli: Cli, plan_file: Path, tmp_path: Path
) -> None:
    _with_points(plan_file)
    before = plan_file.read_bytes()
    csv = tmp_path / "readings.csv"
    csv.write_text(
        "Measure,Date,Value,N,Time point or group\n"
        f"{WAIT},2027-07-31,lots,40,first\n"
        f"{WAIT},2027-08-31,31,2.5,first\n"
        f"{WAIT},2027-09-30,29,,middle\n"
        "Waiting,2027-09-30,29,,\n"
        f"{WAIT},2027-10-30,29,,\n"
        f"{WAIT},2027-10-30,28,,\n",
        encoding="utf-8",
    )
    result = cli("import", str(plan_file), "--from", str(csv), "--yes", "--date", "2027-10-01")
    assert result.exit_code == 1
    assert plan_file.read_bytes() == before
    out = result.output
    assert "row 2, column Value: 'lots' is not a number" in out
    assert "row 3, column N: expected a whole number of 0 or more, found 2.5" in out
    assert "row 4, column Time point or group:" in out and "no time point 'middle'" in out
    assert "row 5, column Measure: there is no measure 'Waiting'" in out
    assert "row 6, column Date: this reading is dated 2027-10-30, after the check-in" in out
    assert "row 7, column Date: this reading is dated 2027-10-30, after the check-in" in out


def test_the_same_reading_twice_in_one_import_is_refused(
    cli: Cli, plan_file: Path, tmp_path: Path
) -> None:
    csv = tmp_path / "readings.csv"
    csv.write_text(
        f"Measure,Date,Value\n{WAIT},2027-07-31,34\n{WAIT},2027-07-31,33\n", encoding="utf-8"
    )
    result = cli("import", str(plan_file), "--from", str(csv), "--yes")
    assert result.exit_code == 1
    assert "row 3, column Measure: row 2 has a reading of" in result.output


def test_a_measure_is_due_from_its_latest_reading_date_not_its_checkin(
    cli: Cli, plan_file: Path
) -> None:
    result = cli(
        "checkin",
        str(plan_file),
        "--no-input",
        "--date",
        "2027-10-31",
        "--reading",
        f"{WAIT}=30@2027-10-25",
    )
    assert result.exit_code == 0, result.output
    soon = cli("status", str(plan_file), "--as-of", "2027-11-20").output
    assert f"{WAIT} — monthly" not in soon
    late = cli("status", str(plan_file), "--as-of", "2027-12-01").output
    assert f"not updated on 1 December 2027: {WAIT} — monthly, last 25 October 2027" in late
    assert f"measure on 1 December 2027: {WAIT} (baseline 56, target 7)" in late


def test_the_trackers_readings_sheet_round_trips_dates_n_and_parts(
    cli: Cli, tmp_path: Path, framework: Framework
) -> None:
    demo = tmp_path / "demo.answers.yml"
    shutil.copy(EXAMPLES / "measures-demo.answers.yml", demo)
    tracker = tmp_path / "tracker.xlsx"
    assert cli("export", str(demo), "--format", "xlsx", "--output", str(tracker)).exit_code == 0
    before = demo.read_bytes()
    result = cli("import", str(demo), "--from", str(tracker), "--yes", "--date", "2028-11-30")
    assert result.exit_code == 0, result.output
    assert "changes nothing in the plan" in result.output
    assert demo.read_bytes() == before
