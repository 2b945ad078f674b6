"""Issue 23: only a file that reads back is saved (items 1, 2, 13), and hostile values a command
once crashed on are accepted correctly or refused in one line (item 12).

Every save is read back with the commands' own reader (files.yamlio: YAML 1.2 with dates) and compared with what
was meant before it replaces the file; a save over the read limit is refused before writing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import write_answers
from spreadkit.app.importing import ImportOptions, run_import
from spreadkit.app.planning import PlanOptions, run_plan
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, SpreadkitError
from spreadkit.core.formats import PlanFormat
from spreadkit.files.guard import MAX_BYTES
from spreadkit.framework.model import Framework

from .conftest import NORTHFIELD_CHECKINS, Cli
from .scripted import ScriptedPrompter, terminal_env
from .trackers import append, edit, find_row, write_tracker

MEASURE = "Wait for a first physiotherapy appointment"
OWNER = "implement.actions[Wave 2 learning event].owner"


def _every_command_reads(cli: Cli, path: Path) -> None:
    for command in (("validate",), ("status",), ("history",), ("report", "-o", "-")):
        result = cli(*command[:1], str(path), *command[1:])
        assert result.exit_code == 0, (command, result.output)


# -- item 1: one YAML dialect ---------------------------------------------------------------


def test_checkin_set_owner_no_reads_back_as_text(cli: Cli, checkins_file: Path) -> None:
    result = cli(
        "checkin", str(checkins_file), "--no-input", "--date", "2028-06-01", "--set", f"{OWNER}=No"
    )
    assert result.exit_code == 0, result.output
    assert (
        yaml.safe_load(checkins_file.read_text(encoding="utf-8"))["answers"]["implement"][
            "actions"
        ][6]["owner"]
        == "No"
    )
    _every_command_reads(cli, checkins_file)


def test_checkin_tiny_reading_reads_back_as_a_number(
    cli: Cli, checkins_file: Path, framework: Framework
) -> None:
    result = cli(
        "checkin",
        str(checkins_file),
        "--no-input",
        "--date",
        "2028-06-01",
        "--reading",
        f"{MEASURE}=0.00005",
    )
    assert result.exit_code == 0, result.output
    assert read_answers(checkins_file, framework).checkins[-1].values_read[MEASURE] == 0.00005
    _every_command_reads(cli, checkins_file)


def test_import_true_owner_and_tiny_reading_read_back(
    cli: Cli, checkins_file: Path, tmp_path: Path, framework: Framework
) -> None:
    book = write_tracker(framework, read_answers(checkins_file, framework), tmp_path / "t.xlsx")
    edit(book, "actions", find_row(book, "actions", "Wave 2 learning event"), "Owner", True)
    append(book, "readings", {"Measure": MEASURE, "Date": dt.date(2028, 6, 1), "Value": 0.00005})
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO())
    status = run_import(env, ImportOptions(checkins_file, book, yes=True, date="2028-06-01"))
    assert status is ExitStatus.OK, env.stdout.getvalue()
    after = read_answers(checkins_file, framework)
    assert after.checkins[-1].values_read[MEASURE] == 0.00005
    owner = next(a for a in after.get("implement", "actions") if a["task"].startswith("Wave 2"))
    assert isinstance(owner["owner"], str)
    _every_command_reads(cli, checkins_file)


def test_interview_title_no_on_a_file_from_new(
    cli: Cli, tmp_path: Path, framework: Framework
) -> None:
    path = tmp_path / "team.answers.yml"
    assert cli("new", str(path)).exit_code == 0
    prompter = ScriptedPrompter([("Title of the plan", "No")])
    options = PlanOptions(path, None, (PlanFormat.MARKDOWN,), ("analyse",))
    status = run_plan(terminal_env(), options, lambda: prompter)
    assert status is ExitStatus.OK
    assert read_answers(path, framework).details["title"] == "No"
    assert cli("validate", str(path)).exit_code == 0


@pytest.mark.parametrize(
    "word",
    [
        "No",
        "yes",
        "ON",
        "off",
        "y",
        "N",
        "~",
        "null",
        "Null",
        "1:20",
        "0777",
        "2027-10-01",
        "5e-05",
        "1e+308",
        ".inf",
        "0x1F",
        "1_000",
        "=",
        "<<",
        "true",
        "False",
        "a\x85b",
        "a\u2028b",
        "bell\a and escape\x1b[31m",
    ],
)
def test_every_yaml_11_word_saved_in_place_reads_back_as_text(
    tmp_path: Path, framework: Framework, word: str
) -> None:
    # The example's head, its comments and a check-in: a file updated in place (ruamel.yaml),
    # small enough that fifty saves take a moment, not seconds.
    text = NORTHFIELD_CHECKINS.read_text(encoding="utf-8")
    path = tmp_path / "small.answers.yml"
    path.write_text(
        text[: text.index("answers:\n")]
        + "answers: {}\ncheckins:\n- date: 2027-10-01\n  note: Quarter 3\n  changes:\n"
        + "    plan.updated:\n      was: 2027-07-15\n      now: 2027-10-01\n",
        encoding="utf-8",
    )
    answers = read_answers(path, framework).with_detail("title", word)
    write_answers(path, answers, framework)
    saved = path.read_text(encoding="utf-8")
    assert "# A FICTIONAL example" in saved and "note: Quarter 3" in saved  # updated in place
    assert read_answers(path, framework).details["title"] == word


def test_a_save_that_would_not_read_back_is_refused() -> None:
    from spreadkit.files.readback import check_reads_back

    with pytest.raises(SpreadkitError) as error:
        check_reads_back("plan:\n  title: true\n", {"plan": {"title": "true"}}, "team.answers.yml")
    (problem,) = error.value.problems
    assert problem.key_path == "plan.title" and "not saved" in problem.message
    assert "True" in problem.message and "'true'" in problem.message


def test_a_refused_save_leaves_the_file_untouched(
    checkins_file: Path, framework: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read-back check runs before the file is replaced: break the writer on purpose (as the
    old ruamel.yaml writing of ``No`` did) and the old bytes stay."""
    from spreadkit.files import saving

    before = checkins_file.read_bytes()
    monkeypatch.setattr(saving, "json_text", lambda data: "{}")
    json_file = checkins_file.with_suffix(".json")
    json_file.write_bytes(b"{}")
    with pytest.raises(SpreadkitError, match="not saved"):
        write_answers(json_file, read_answers(checkins_file, framework), framework)
    assert json_file.read_bytes() == b"{}" and checkins_file.read_bytes() == before


# -- item 2: nothing over the read limit is written -----------------------------------------


def test_a_checkin_that_would_pass_the_read_limit_is_refused_before_writing(
    cli: Cli, checkins_file: Path
) -> None:
    before = checkins_file.read_bytes()
    long = "x" * 800_000
    sets = []
    for task in range(1, 8):
        sets += ["--set", f"implement.actions[#{task}].owner={long}{task}"]
    result = cli("checkin", str(checkins_file), "--no-input", "--date", "2028-06-01", *sets)
    assert result.exit_code == 1, result.output
    assert f"over the {MAX_BYTES // (1024 * 1024)} MB that spreadkit reads" in result.output
    assert checkins_file.read_bytes() == before


# -- item 13: JSON answers with check-ins --------------------------------------------------


def test_a_json_answers_file_with_checkins_loads_and_stays_json(
    cli: Cli, tmp_path: Path, framework: Framework
) -> None:
    data = yaml.safe_load(NORTHFIELD_CHECKINS.read_text(encoding="utf-8"))
    path = tmp_path / "northfield.answers.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")  # dates as "2027-10-01"
    _every_command_reads(cli, path)
    result = cli(
        "checkin",
        str(path),
        "--no-input",
        "--date",
        "2028-06-01",
        "--set",
        f"{OWNER}=No",
        "--reading",
        f"{MEASURE}=0.00005",
    )
    assert result.exit_code == 0, result.output
    saved = json.loads(path.read_text(encoding="utf-8"))  # still JSON
    assert saved["checkins"][-1]["date"] == "2028-06-01"
    after = read_answers(path, framework)
    assert after.checkins[0].date == dt.date(2027, 10, 1)
    assert after.checkins[-1].values_read[MEASURE] == 0.00005
    _every_command_reads(cli, path)


# -- item 12: crashes become correct results or one-line errors ----------------------------


def _one_line_error(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    if len(lines) == 2 and lines[1].endswith("1 problem(s)"):
        lines = lines[:1]  # validate's count
    (line,) = lines
    assert line.startswith("error: ") and all(w in line for w in words), line


def _with_change(checkins_file: Path, path: str, was: object, now: object) -> None:
    data = yaml.safe_load(checkins_file.read_text(encoding="utf-8"))
    data["checkins"][0]["changes"][path] = {"was": was, "now": now}
    checkins_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize(
    ("path", "was", "now"),
    [
        ("sustain.sustainability.infrastructure.score", [1, 2], 3),
        ("ready.sites[Dunmere PCN].golive_actual", "soon", "2027-09-20"),
        ("ready.sites[Dunmere PCN].target", "lots", 2),
        ("implement.budget[Programme manager].amount", "a lot", 1000),
    ],
)
@pytest.mark.parametrize("command", ["render", "report", "history", "validate"])
def test_a_history_value_no_answer_could_hold_is_one_line(
    cli: Cli, checkins_file: Path, path: str, was: object, now: object, command: str
) -> None:
    _with_change(checkins_file, path, was, now)
    _one_line_error(cli(command, str(checkins_file)), "northfield.answers.yml:", "was")


@pytest.mark.parametrize(
    "assignment",
    [
        "implement.measures[Wait for a first physiotherapy appointment].baseline=1e20",
        "ready.sites[Dunmere PCN].target=1e308",
        "implement.budget[Programme manager].amount=99999999999999999999",
    ],
)
def test_a_number_out_of_range_is_refused_at_the_edge(
    cli: Cli, checkins_file: Path, assignment: str
) -> None:
    before = checkins_file.read_bytes()
    result = cli(
        "checkin", str(checkins_file), "--no-input", "--date", "2028-06-01", "--set", assignment
    )
    _one_line_error(result, "too large", "1,000,000,000,000,000")
    assert checkins_file.read_bytes() == before


def test_a_400_digit_reading_is_refused_at_the_edge(cli: Cli, checkins_file: Path) -> None:
    result = cli(
        "checkin",
        str(checkins_file),
        "--no-input",
        "--date",
        "2028-06-01",
        "--reading",
        f"{MEASURE}={'9' * 400}",
    )
    _one_line_error(result, "too large")


@pytest.mark.parametrize(
    ("sheet", "row", "header", "value"),
    [
        ("budget", "Programme manager", "Amount", 1e308),
        ("readings", None, "Value", "9" * 400),
        ("sites", "Dunmere PCN", "Target", 1e308),
    ],
)
def test_a_tracker_number_out_of_range_is_refused_with_its_cell(
    checkins_file: Path, tmp_path: Path, framework: Framework, sheet: str, row, header, value
) -> None:
    book = write_tracker(framework, read_answers(checkins_file, framework), tmp_path / "t.xlsx")
    if row is None:
        append(book, sheet, {"Measure": MEASURE, "Date": dt.date(2028, 6, 1), header: value})
    else:
        edit(book, sheet, find_row(book, sheet, row), header, value)
    before = checkins_file.read_bytes()
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(SpreadkitError) as error:
        run_import(env, ImportOptions(checkins_file, book, yes=True, date="2028-06-01"))
    assert any("too large" in str(p) or "not a number" in str(p) for p in error.value.problems)
    assert checkins_file.read_bytes() == before


def test_a_site_target_of_1e308_in_a_file_is_one_line(cli: Cli, checkins_file: Path) -> None:
    text = checkins_file.read_text(encoding="utf-8").replace(
        "      target: 2\n", "      target: 1.0e+308\n", 1
    )
    checkins_file.write_text(text, encoding="utf-8")
    for command in ("report", "render"):
        _one_line_error(cli(command, str(checkins_file)), "too large")
    _one_line_error(
        cli(
            "render",
            str(checkins_file),
            "-f",
            "docx",
            "-o",
            str(checkins_file.with_suffix(".docx")),
        ),
        "too large",
    )


def test_control_characters_in_the_title_export_to_xlsx(
    cli: Cli, checkins_file: Path, tmp_path: Path
) -> None:
    text = checkins_file.read_text(encoding="utf-8").replace(
        "  title: First-contact", '  title: "Bell\\a and\\x1b[31m escape: First-contact', 1
    )
    text = text.replace("Northfield practice\n", 'Northfield practice"\n', 1)
    checkins_file.write_text(text, encoding="utf-8")
    out = tmp_path / "tracker.xlsx"
    result = cli("export", str(checkins_file), "--format", "xlsx", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


@pytest.mark.skipif(sys.platform == "win32", reason="file-size limits (ulimit -f) are POSIX")
def test_export_xlsx_under_a_file_size_limit_is_one_line(
    checkins_file: Path, tmp_path: Path
) -> None:
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (8 * 1024, resource.RLIM_INFINITY))

    out = tmp_path / "tracker.xlsx"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "spreadkit",
            "export",
            str(checkins_file),
            "-f",
            "xlsx",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        preexec_fn=limit,  # the limit is set in the child before it starts
        check=False,
    )
    assert done.returncode == 1, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("error: cannot make the workbook") and "Traceback" not in done.stderr
    assert not out.exists()
