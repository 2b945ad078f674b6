"""Sources and assumptions at a check-in (issue 28): ``--cite PATH=IDS`` and
``--assume PATH[=NOTE]`` with ``--no-input``, kept beside the answers (not in the history), and a
record renamed at a check-in keeps what it cites and what is assumed of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spreadkit.answers.evidence import Assumption
from spreadkit.answers.loading import read_answers
from spreadkit.framework.model import Framework

DUNMERE = "ready.sites[Dunmere PCN]"
BACKFILL = "implement.budget[Reception training and backfill].amount"


def test_cite_and_assume_alone_save_no_check_in(
    cli: Any, framework: Framework, plan_file: Path
) -> None:
    before = read_answers(plan_file, framework)
    result = cli(
        "checkin",
        str(plan_file),
        "--no-input",
        "--cite",
        f"{DUNMERE}.target=S1, S2",
        "--assume",
        f"{DUNMERE}.target=Two posts a PCN, as in the Aldbrook pilot",
        "--assume",
        BACKFILL,  # already assumed: its note and who confirms it are kept
    )
    assert result.exit_code == 0, result.output
    assert "no check-in" in result.stderr
    assert "Dunmere PCN, target: now cites S1, S2" in result.stderr
    after = read_answers(plan_file, framework)
    assert after.checkins == before.checkins and after.values == before.values
    assert after.citations[f"{DUNMERE}.target"] == ("S1", "S2")
    assert after.assumptions[f"{DUNMERE}.target"] == Assumption(
        "Two posts a PCN, as in the Aldbrook pilot"
    )
    assert after.assumptions[BACKFILL] == before.assumptions[BACKFILL]
    cleared = cli("checkin", str(plan_file), "--no-input", "--cite", f"{DUNMERE}.target=")
    assert cleared.exit_code == 0, cleared.output
    assert f"{DUNMERE}.target" not in read_answers(plan_file, framework).citations


def test_mistakes_are_refused_with_a_did_you_mean(cli: Any, plan_file: Path) -> None:
    before = plan_file.read_bytes()
    result = cli(
        "checkin",
        str(plan_file),
        "--no-input",
        "--cite",
        f"{DUNMERE}.target=S22",
        "--assume",
        "ready.sites[Dunmre PCN]",
    )
    assert result.exit_code == 2
    assert f"--cite: {DUNMERE}.target: no source 'S22' in this plan" in result.stderr
    assert "did you mean 'Dunmere PCN'" in result.stderr
    assert plan_file.read_bytes() == before
    asked = cli("checkin", str(plan_file), "--assume", DUNMERE)
    assert asked.exit_code == 2 and "go with --no-input" in asked.stderr


def test_with_a_change_the_marks_stay_out_of_the_history(
    cli: Any, framework: Framework, plan_file: Path
) -> None:
    result = cli(
        "checkin",
        str(plan_file),
        "--no-input",
        "--date",
        "2026-12-01",
        "--set",
        f"{DUNMERE}.target=3",
        "--assume",
        f"{DUNMERE}.target",
    )
    assert result.exit_code == 0, result.output
    after = read_answers(plan_file, framework)
    (checkin,) = after.checkins
    assert [c.path for c in checkin.changes] == [f"{DUNMERE}.target"]
    assert f"{DUNMERE}.target" in after.assumptions


def test_a_renamed_record_keeps_its_sources_and_assumptions(
    cli: Any, framework: Framework, plan_file: Path
) -> None:
    before = read_answers(plan_file, framework)
    assert f"{DUNMERE}.golive_planned" in before.assumptions
    new = "ready.sites[Dunmere and Ash PCN]"
    result = cli(
        "checkin",
        str(plan_file),
        "--no-input",
        "--date",
        "2026-12-01",
        "--cite",
        f"{DUNMERE}=S1",  # checked against the answers as the check-in leaves them: refused
        "--set",
        f"{DUNMERE}.name=Dunmere and Ash PCN",
    )
    assert result.exit_code == 2 and "no adopting site named 'Dunmere PCN'" in result.stderr
    result = cli(
        "checkin",
        str(plan_file),
        "--no-input",
        "--date",
        "2026-12-01",
        "--set",
        f"{DUNMERE}.name=Dunmere and Ash PCN",
        "--cite",
        f"{new}=S1",
    )
    assert result.exit_code == 0, result.output
    after = read_answers(plan_file, framework)
    assert not any(path.startswith(DUNMERE) for path in (*after.citations, *after.assumptions))
    assert (
        after.assumptions[f"{new}.golive_planned"]
        == before.assumptions[f"{DUNMERE}.golive_planned"]
    )
    assert after.citations[new] == ("S1",)
    assert not after.warnings  # no path is left naming a site that is gone
    # the history still rebuilds the plan as it stood, under the old name
    (checkin,) = after.checkins
    assert any(c.path == f"{DUNMERE}.name" for c in checkin.changes)
