"""Issue 23, item 5: a check-in dated after today is never made by accident, since nothing dated
earlier could be recorded after it. ``SPREADKIT_TODAY`` is set for the whole suite (its plans are
dated 2027 and later); these tests set it, or take it away to use this computer's own date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.app.checking_in import CheckinOptions, run_checkin
from spreadkit.app.importing import ImportOptions, run_import
from spreadkit.core.errors import ExitStatus, SpreadkitError
from spreadkit.framework.model import Framework

from .conftest import Cli
from .scripted import ScriptedPrompter, terminal_env
from .trackers import write_tracker

MEASURE = "Wait for a first physiotherapy appointment"


def _tracker_with_a_far_reading(framework: Framework, plan: Path, tmp_path: Path) -> Path:
    workbook = write_tracker(framework, read_answers(plan, framework), tmp_path / "tracker.xlsx")
    book = openpyxl.load_workbook(workbook)
    book["readings"].append([MEASURE, dt.datetime(2199, 12, 31), 12])
    book.save(workbook)
    return workbook


def test_an_import_dated_by_a_far_reading_is_refused_without_future(
    cli: Cli, plan_file: Path, tmp_path: Path, framework: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SPREADKIT_TODAY")  # this computer's date, whatever it is
    workbook = _tracker_with_a_far_reading(framework, plan_file, tmp_path)
    before = plan_file.read_bytes()
    result = cli("import", str(plan_file), "--from", str(workbook), "--yes")
    assert result.exit_code == 2, result.output
    assert "the new readings are dated 2199-12-31" in result.output
    assert "--future" in result.output
    assert plan_file.read_bytes() == before
    # meant: said with --future, it is saved
    result = cli("import", str(plan_file), "--from", str(workbook), "--yes", "--future")
    assert result.exit_code == 0, result.output
    assert read_answers(plan_file, framework).checkins[-1].date == dt.date(2199, 12, 31)


def test_a_checkin_after_today_needs_future(
    cli: Cli, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPREADKIT_TODAY", "2027-09-30")
    before = plan_file.read_bytes()
    args = ("checkin", str(plan_file), "--no-input", "--set", "plan.lead=Someone")
    for date in ("2027-10-02", "2199-10-01"):
        result = cli(*args, "--date", date)
        assert result.exit_code == 2, result.output
        assert f"{date}: " in result.output and "after today (30 September 2027)" in result.output
        assert plan_file.read_bytes() == before
    # a day's grace for time zones, and --future for a date meant to be ahead
    assert cli(*args, "--date", "2027-10-01").exit_code == 0
    assert cli(*args, "--date", "2027-12-01", "--future").exit_code == 0


def test_a_future_date_typed_at_the_prompt_is_asked_about(
    plan_file: Path, framework: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPREADKIT_TODAY", "2027-09-30")
    prompter = ScriptedPrompter(
        [
            ("Date of this check-in", "2199-09-30"),  # a slip of the finger
            ("Record the check-in on that date?", False),
            ("Date of this check-in", "2027-09-30"),
        ]
    )
    env = terminal_env()
    status = run_checkin(
        env, CheckinOptions(plan_file), lambda: prompter, today=dt.date(2027, 9, 30)
    )
    assert status is ExitStatus.OK
    asked = [m for m in prompter.asked if "after today" in m]
    assert asked == [
        "30 September 2199 is after today (30 September 2027): no check-in dated before it "
        "could be recorded afterwards. Record the check-in on that date?"
    ]
    assert read_answers(plan_file, framework).checkins[-1].date == dt.date(2027, 9, 30)


def test_an_import_at_a_terminal_asks_before_a_future_date(
    plan_file: Path, tmp_path: Path, framework: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPREADKIT_TODAY", "2027-09-30")
    workbook = _tracker_with_a_far_reading(framework, plan_file, tmp_path)
    prompter = ScriptedPrompter(
        [
            ("Record the check-in on that date?", False),
            ("Date of this check-in", "2027-09-30"),
            ("Save", True),
        ]
    )
    before = plan_file.read_bytes()
    # Dated today instead, the check-in cannot record a reading dated 2199 (a reading dated after
    # the check-in that records it is refused, issue 26): one clear error, the file untouched.
    with pytest.raises(SpreadkitError, match="after the check-in that records it"):
        run_import(terminal_env(), ImportOptions(plan_file, workbook), lambda: prompter)
    assert plan_file.read_bytes() == before
