"""``spreadkit history`` lists the check-ins (issue 16 item 6), and ``spreadkit status`` shows what
is behind on the as-of date (item 5): sites, risks past review, measures not updated when due."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from spreadkit.answers import history, updates
from spreadkit.answers.loading import read_answers
from spreadkit.app.checkin_history import show_history
from spreadkit.core.errors import ExitStatus
from spreadkit.framework.model import Framework

from .conftest import NORTHFIELD
from .scripted import terminal_env

WAIT = "Wait for a first physiotherapy appointment"
D = dt.date


def _two_checkins(cli, plan_file: Path) -> None:
    first = cli(
        "checkin", str(plan_file), "--no-input", "--date", "2027-10-05",
        "--note", "Quarter 3 review",
        "--set", "ready.sites[Dunmere PCN].status=live",
        "--set", "ready.sites[Dunmere PCN].actual=1",
        "--reading", f"{WAIT}=40",
    )  # fmt: skip
    second = cli(
        "checkin", str(plan_file), "--no-input", "--date", "2028-01-10",
        "--set", "sustain.sustainability.infrastructure.score=4",
    )  # fmt: skip
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output


# -- history ---------------------------------------------------------------------------------


def test_history_with_no_checkins_says_how_to_record_one(cli, plan_file: Path) -> None:
    result = cli("history", str(plan_file))
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "No check-ins" in lines[0] and f"checkin {plan_file}" in lines[0]


def test_history_lists_the_checkins_oldest_first_with_their_changes_in_words(
    cli, plan_file: Path
) -> None:
    _two_checkins(cli, plan_file)
    result = cli("history", str(plan_file))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith(": 2 check-ins, oldest first")
    first = lines.index("5 October 2027 · Quarter 3 review · 2 changes, 1 reading")
    second = lines.index("10 January 2028 · 1 change")
    assert first < second
    assert lines[first + 1 : second - 1] == [
        "  Dunmere PCN: status preparing → live; actual 0 → 1",
        f"  {WAIT}: reading 40",
    ]
    assert lines[second + 1] == "  Infrastructure for sustainability: score 2 → 4"
    # the plan's own date moves with every check-in: not a change worth listing
    assert "updated" not in result.output.lower().replace("not updated", "")
    assert lines[-1].startswith("Now (the latest check-in's values, 10 January 2028): aim ")
    assert "\x1b[" not in result.output  # plain text in a pipe


def test_history_limit_keeps_the_latest(cli, plan_file: Path) -> None:
    _two_checkins(cli, plan_file)
    result = cli("history", str(plan_file), "--limit", "1")
    assert result.exit_code == 0
    assert "the latest 1 of 2 check-ins" in result.output
    assert "10 January 2028" in result.output and "5 October 2027" not in result.output
    refused = cli("history", str(plan_file), "--limit", "0")
    assert refused.exit_code != 0 and "--limit" in refused.output


def test_history_on_a_terminal_says_the_same(cli, plan_file: Path) -> None:
    _two_checkins(cli, plan_file)
    env = terminal_env()
    assert show_history(env, str(plan_file)) is ExitStatus.OK
    shown = env.stdout.getvalue()  # type: ignore[attr-defined]
    assert "5 October 2027 · Quarter 3 review · 2 changes, 1 reading" in shown
    assert "Dunmere PCN: status preparing → live; actual 0 → 1" in shown


# -- status: what is behind on the as-of date ------------------------------------------------


def _lines(output: str, kind: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if line.strip().startswith(kind)]


def test_status_shows_sites_risks_and_measures_behind_on_the_given_date(
    cli, plan_file: Path
) -> None:
    result = cli("status", str(plan_file), "--as-of", "2027-09-01")
    assert result.exit_code == 0, result.output
    assert _lines(result.output, "behind on") == [
        "behind on 1 September 2027: Dunmere PCN — go-live planned 1 June 2027, preparing"
    ]
    # reviews on 1 August 2027 have passed; one on 1 September 2027 (the as-of date) has not
    reviews = _lines(result.output, "review passed on")
    assert [line.rsplit(", review ", 1)[1] for line in reviews] == ["1 August 2027"] * 2
    late = _lines(result.output, "not updated on")
    assert late == [
        "not updated on 1 September 2027: Patients seeing the FCP with no GP appointment for "
        "the same problem — monthly, last 1 October 2026",
        f"not updated on 1 September 2027: {WAIT} — monthly, last 1 September 2026",
        "not updated on 1 September 2027: Practices with an FCP available — monthly, "
        "last 1 October 2026",
    ]  # the quarterly measure has no baseline date and no reading: nothing to judge it by


def test_status_takes_its_date_from_the_latest_checkin(cli, plan_file: Path) -> None:
    _two_checkins(cli, plan_file)
    result = cli("status", str(plan_file))
    late = _lines(result.output, "not updated on")
    assert late and all(line.startswith("not updated on 10 January 2028:") for line in late)
    assert f"{WAIT} — monthly, last 5 October 2027" in "\n".join(late)  # its latest reading
    behind = _lines(result.output, "behind on")
    assert "Dunmere PCN" not in "\n".join(behind)  # live since the first check-in


def test_a_measure_is_late_a_whole_period_after_its_last_reading_or_baseline(
    framework: Framework,
) -> None:
    answers = read_answers(NORTHFIELD, framework)
    monthly = {"measure": WAIT, "frequency": "monthly", "baseline_date": D(2027, 1, 1)}
    assert not updates.is_late(answers, monthly, D(2027, 1, 31))
    assert updates.is_late(answers, monthly, D(2027, 2, 1))
    assert not updates.is_due(answers, monthly, D(2027, 1, 31))  # the check-in's rule, the same
    answers = history.record(answers, D(2027, 10, 31), {}, readings={WAIT: 30})
    assert not updates.is_late(answers, monthly, D(2027, 11, 30))  # read on 31 October
    assert updates.is_late(answers, monthly, D(2027, 12, 1))
    assert not updates.is_late(answers, {"measure": WAIT}, D(2028, 6, 1))  # no frequency
    never = {"measure": "Something new", "frequency": "weekly"}
    assert not updates.is_late(answers, never, D(2028, 6, 1))  # no date to judge it by
    assert updates.is_due(answers, never, D(2028, 6, 1))  # but a check-in asks for it


def test_changes_say_a_choice_in_words_not_its_key(framework: Framework) -> None:
    # "status not-started → preparing" and "at-risk → blocked" read as code to a programme lead
    from spreadkit.answers.checkins import Change
    from spreadkit.answers.describe import change_lines

    changes = [
        Change("ready.sites[Greystone PCN].status", "not-started", "preparing"),
        Change("implement.actions[Recruit Wave 1 physiotherapists].status", "at-risk", "blocked"),
    ]
    assert change_lines(framework, changes) == [
        "Greystone PCN: status not started → preparing",
        "Recruit Wave 1 physiotherapists: status at risk → blocked",
    ]
