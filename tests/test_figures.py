"""The figures a board reads (issue 25): progress, the planned figure, the status and the view
"as of" a date, for the two kinds of programme the issue names, at three dates each. Every
number here can be worked out by hand from the answers built in this file; the comments do it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from spreadkit.answers import history, lookup, standing
from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers, write_answers
from spreadkit.core.formats import PlanFormat
from spreadkit.framework import roles
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import (
    aim_checks,
    aim_figures,
    health,
    money,
    tipping,
    tracking,
    trajectory,
)
from spreadkit.plan.output.render import render_report
from spreadkit.plan.views import portfolio_rows, report

from .conftest import NORTHFIELD_CHECKINS

D = dt.date


def _site(name: str, phase: str, target: float, golive: dt.date) -> dict[str, Any]:
    return {"name": name, "phase": phase, "target": target, "golive_planned": golive}


def _phase(name: str, start: dt.date, end: dt.date, target: float) -> dict[str, Any]:
    return {"name": name, "dates": {"start": start, "end": end}, "target": target}


def cohorts(framework: Framework) -> Answers:
    """A psychological practitioner role placed across a region in three funded cohorts: 100
    posts by 31 March 2027 from 10 on 1 April 2025. Trust A hosts all three cohorts (a record,
    and a target, for each); the baseline's 10 posts are not among the sites."""
    answers = (
        Answers.empty(framework)
        .with_detail("title", "Cohort programme")
        .with_detail("created", D(2025, 4, 1))
        .with_value("analyse", "aim", "A practitioner post in every team")
        .with_value("analyse", "aim_target", {"value": 100, "unit": "posts"})
        .with_value("analyse", "aim_by", D(2027, 3, 31))
        .with_value("analyse", "aim_baseline", 10)
        .with_value("analyse", "aim_baseline_date", D(2025, 4, 1))
        .with_value("analyse", "aim_counted", "baseline-plus-sites")
        .with_value(
            "ready",
            "phases",
            [
                _phase("Cohort 1", D(2025, 4, 1), D(2025, 9, 30), 40),
                _phase("Cohort 2", D(2025, 10, 1), D(2026, 3, 31), 70),
                _phase("Cohort 3", D(2026, 4, 1), D(2027, 3, 31), 100),
            ],
        )
        .with_value(
            "ready",
            "sites",
            [
                _site("Trust A", "Cohort 1", 10, D(2025, 6, 1)),
                _site("Trust A", "Cohort 2", 10, D(2025, 12, 1)),
                _site("Trust A", "Cohort 3", 10, D(2026, 6, 1)),
                _site("Trust B", "Cohort 1", 20, D(2025, 6, 1)),
                _site("Trust C", "Cohort 2", 20, D(2025, 12, 1)),
                _site("Trust D", "Cohort 3", 20, D(2026, 6, 1)),
            ],
        )
    )
    # 30 September 2025, the end of cohort 1: Trust A 10, Trust B 18.
    answers = history.record(
        answers,
        D(2025, 9, 30),
        {"ready.sites[#1].actual": 10, "ready.sites[#4].actual": 18},
        note="Cohort 1 ends",
    )
    # 31 March 2026, the end of cohort 2: Trust A's second cohort 8, Trust C 12; a risk at 20.
    risk = {"risk": "Supervisors leave", "kind": "risk", "likelihood": 4, "impact": 5}
    answers = history.record(
        answers,
        D(2026, 3, 31),
        {
            "ready.sites[#2].actual": 8,
            "ready.sites[#5].actual": 12,
            "implement.risks[Supervisors leave]": risk,
        },
        note="Cohort 2 ends",
    )
    # 3 April 2027, three days past the target date: every cohort counted; the risk closed.
    return history.record(
        answers,
        D(2027, 4, 3),
        {
            "ready.sites[#2].actual": 10,
            "ready.sites[#3].actual": 10,
            "ready.sites[#5].actual": 20,
            "ready.sites[#6].actual": 14,
            "implement.risks[Supervisors leave].status": "closed",
        },
        note="Cohort 3 ends",
    )


def coverage(framework: Framework) -> Answers:
    """A first-contact practitioner service taken from 3% to 15% coverage of the population in
    the year from 1 April 2026 to 1 April 2027 (365 days). Progress is the coverage measure's
    latest reading; the sites' own coverage figures (in %) are never added up."""
    measure = "Population covered by an FCP service"
    answers = (
        Answers.empty(framework)
        .with_detail("title", "Coverage programme")
        .with_detail("created", D(2026, 4, 1))
        .with_value("analyse", "aim_target", {"value": 15, "unit": "% coverage"})
        .with_value("analyse", "aim_by", D(2027, 4, 1))
        .with_value("analyse", "aim_baseline", 3)
        .with_value("analyse", "aim_baseline_date", D(2026, 4, 1))
        .with_value("analyse", "aim_counted", "measure")
        .with_value("analyse", "aim_measure", measure)
        .with_value(
            "implement",
            "measures",
            [{"measure": measure, "kind": "process", "baseline": 3, "target": 15}],
        )
        .with_value(
            "ready",
            "sites",
            [{"name": f"Pilot {n}", "target": 15, "actual": 4} for n in range(1, 7)],
        )
    )
    # 73 days in (a fifth of the year), 146 days in would be 7.8, 219 days in (three fifths).
    answers = history.record(answers, D(2026, 6, 13), {}, {measure: 5})
    answers = history.record(answers, D(2026, 11, 6), {}, {measure: 8})
    return history.record(answers, D(2027, 4, 6), {}, {measure: 15.5})


# -- the cohort programme, counting posts -----------------------------------------------------


@pytest.mark.parametrize(
    ("day", "value", "planned", "words", "rag", "exceptions"),
    [
        # 10 + Trust A 10 + Trust B 18 = 38; planned, the baseline and the targets of the sites
        # planned live by then (Trust A's first cohort and Trust B, 1 June 2025): 10 + 10 + 20 =
        # 40, as cohort 1's own target: 2 short, 5% of 40, within the 10% adoption tolerance.
        (D(2025, 9, 30), 38, 40, "38 of 100 posts (38%) on 30 September 2025", "amber", 0),
        # 38 + 8 + 12 = 58 against 40 + Trust A 10 + Trust C 20 (1 December 2025) = 70: 12
        # short, 17% of 70, beyond the tolerance; and a risk scoring 4 × 5 = 20: two exceptions.
        (D(2026, 3, 31), 58, 70, "58 of 100 posts (58%) on 31 March 2026", "red", 2),
        # 10 + 10 + 10 + 10 + 18 + 20 + 14 = 92 of 100 three days after 31 March 2027, with a
        # time tolerance of 0 days: an exception (an overrun).
        (D(2027, 4, 3), 92, 100, "92 of 100 posts (92%) on 3 April 2027", "red", 1),
    ],
)
def test_cohort_programme_figures_at_three_dates(
    framework: Framework,
    day: dt.date,
    value: float,
    planned: float,
    words: str,
    rag: str,
    exceptions: int,
) -> None:
    final = cohorts(framework)
    then = standing.as_it_stood(final, day)
    now = aim_figures.progress(framework, then)
    assert now.value == value
    assert now.words == f"{words}; target 100 by 31 March 2027"
    assert trajectory.planned(framework, then, day).value == planned
    assert trajectory.planned(framework, then, day).how == "sites"  # every site has a date
    judged = health.judge(framework, then)
    assert (judged.rag, len(judged.exceptions)) == (rag, exceptions)
    # the report, the status command's lines and the portfolio say the same
    view = report.build(framework, then)
    assert view.status == rag and view.exceptions == judged.exceptions
    line = portfolio_rows.plan_line(framework, final, "c.answers.yml", "c.plan.html", day)
    assert line.aim == now.words and line.exceptions == judged.exceptions
    assert line.sites_planned == 4  # Trust A once, though it hosts three cohorts
    assert not tipping.tipping(framework, then)  # posts are not adopters


def test_cohort_planned_steps_at_go_lives_else_at_phase_ends(framework: Framework) -> None:
    answers = cohorts(framework)
    # The day before cohort 3's sites go live (1 June 2026): 10 + 10 + 10 + 20 + 20 = 70; on the
    # day, Trust A's third cohort and Trust D add 10 + 20: 100.
    assert trajectory.planned(framework, answers, D(2026, 5, 31)) == trajectory.Planned(70, "sites")
    assert trajectory.planned(framework, answers, D(2026, 6, 1)).value == 100
    # Before the baseline date: the baseline.
    assert trajectory.planned(framework, answers, D(2025, 1, 1)).value == 10
    # Without go-live dates, each phase's target is due at its end: halfway through cohort 3,
    # cohort 2's 70 (31 March 2026), and cohort 3's 100 only from 31 March 2027.
    sites = [
        {k: v for k, v in s.items() if k != "golive_planned"}
        for s in lookup.role_records(framework, answers, "sites")
    ]
    undated = answers.with_value("ready", "sites", sites)
    halfway = trajectory.planned(framework, undated, D(2026, 9, 30))
    assert (halfway.value, halfway.words) == (70, "from the phases' end targets")
    assert trajectory.planned(framework, undated, D(2027, 3, 30)).value == 70
    assert trajectory.planned(framework, undated, D(2027, 3, 31)).value == 100


def test_cohort_sites_count_each_cohort_and_each_site_once(framework: Framework) -> None:
    answers = cohorts(framework)
    assert aim_figures.site_targets(framework, answers) == 90  # Trust A's three cohorts add: 30
    assert aim_figures.site_names(framework, answers) == [
        "Trust A",
        "Trust B",
        "Trust C",
        "Trust D",
    ]
    assert aim_checks.disagreements(framework, answers) == []  # 10 + 90 = 100, the aim
    more = answers.with_value(
        "ready",
        "sites",
        [*lookup.role_records(framework, answers, "sites"), _site("E", "", 20, D(2026, 6, 1))],
    )
    assert aim_checks.disagreements(framework, more) == [
        "the baseline (10) and the sites' targets (110) add up to 120 against an aim of 100 posts"
    ]


def test_cohort_as_of_hides_what_came_later(framework: Framework) -> None:
    final = cohorts(framework)
    first = standing.as_it_stood(final, D(2025, 10, 15))
    assert [c.date for c in first.checkins] == [D(2025, 9, 30)]
    assert lookup.role_records(framework, first, "risks") == []  # added on 31 March 2026
    second = standing.as_it_stood(final, D(2026, 4, 1))
    (risk,) = tracking.scored_risks(framework, second)
    assert risk["score"] == 20 and risk.get("status") != "closed"  # as scored then, still open
    before = standing.as_it_stood(final, D(2025, 1, 1))
    assert standing.cannot_show(before, D(2025, 1, 1)).startswith(
        "Nothing was recorded before 1 April 2025"
    )


def test_report_as_of_each_checkin_equals_the_report_saved_then(framework: Framework) -> None:
    """Made after each check-in and kept, the report is the same as the one made later with
    --as-of that check-in's date."""
    final = cohorts(framework)
    saved = []
    for count in range(1, len(final.checkins) + 1):
        kept = final.checkins[:count]
        at_the_time = history.states(final)[count][1]
        from dataclasses import replace

        at_the_time = replace(at_the_time, checkins=kept)
        saved.append(render_report(report.build(framework, at_the_time), PlanFormat.MARKDOWN))
    for checkin, text in zip(final.checkins, saved, strict=True):
        later = tracking.with_as_of(final, checkin.date.isoformat())
        assert render_report(report.build(framework, later), PlanFormat.MARKDOWN) == text


def test_report_as_of_from_the_command_line(framework: Framework, tmp_path: Path, cli: Any) -> None:
    path = tmp_path / "c.answers.yml"
    write_answers(path, cohorts(framework), framework)
    result = cli("report", str(path), "--as-of", "2025-09-30")
    assert result.exit_code == 0, result.output
    assert "38 of 100 posts (38%) on 30 September 2025" in result.output
    assert "Supervisors leave" not in result.output  # a risk recorded later
    assert "**Overall status: Amber**" in result.output
    status = cli("status", str(path), "--as-of", "2026-03-31")
    assert "Programme status: Red (last check-in: Amber)" in status.output
    assert "Exception, decision needed: progress 58 posts against 70 posts planned" in status.output


# -- the coverage programme, counting % -------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "value", "planned", "words", "rag", "exceptions"),
    [
        # 73 of 365 days: 3 + 12 × 73/365 = 5.4 planned; the reading 5 is 0.4 short, 7% of
        # 5.4, within the 10% tolerance: amber. 5 of 15 is 33% of the target.
        (D(2026, 6, 13), 5, 5.4, "5% coverage (33% of the target) on 13 June 2026", "amber", 0),
        # 219 days: 3 + 12 × 219/365 = 10.2; the reading 8 is 2.2 short, 22%: an exception.
        (D(2026, 11, 6), 8, 10.2, "8% coverage (53% of the target) on 6 November 2026", "red", 1),
        # past 1 April 2027 with 15.5, the target met: nothing off plan.
        (
            D(2027, 4, 6),
            15.5,
            15,
            "15.5% coverage (103% of the target) on 6 April 2027",
            "green",
            0,
        ),
    ],
)
def test_coverage_programme_figures_at_three_dates(
    framework: Framework,
    day: dt.date,
    value: float,
    planned: float,
    words: str,
    rag: str,
    exceptions: int,
) -> None:
    final = coverage(framework)
    then = standing.as_it_stood(final, day)
    now = aim_figures.progress(framework, then)
    assert now.value == value  # the measure's reading, never the sites' 6 × 4 = 24
    assert now.words == f"{words}; target 15 by 1 April 2027"
    assert trajectory.planned(framework, then, day).value == planned
    judged = health.judge(framework, then)
    assert (judged.rag, len(judged.exceptions)) == (rag, exceptions)
    line = portfolio_rows.plan_line(framework, final, "v.answers.yml", "v.plan.html", day)
    assert line.aim == now.words and line.exceptions == judged.exceptions
    assert tipping.tipping(framework, then) is None  # a share, not adopters
    assert aim_checks.disagreements(framework, then) == []  # a share is never summed across sites


def test_a_share_is_never_summed_even_in_an_old_file(framework: Framework) -> None:
    old = coverage(framework).with_value("analyse", "aim_counted", None)
    found = aim_figures.aim(framework, old)
    assert found.counted == "measure" and "read from the measure" in found.inferred
    assert aim_figures.progress(framework, old).inferred_words == (
        "Counted as the latest reading of the measure: the plan does not say how progress is "
        "counted, so it was worked out this way (read from the measure with the aim's target "
        "(Population covered by an FCP service))."
    )
    unnamed = old.with_value("implement", "measures", [])
    progress = aim_figures.progress(framework, unnamed)
    assert progress.value is None
    assert "progress not counted" in progress.words


# -- the tipping point ------------------------------------------------------------------------


def test_tipping_point_only_for_adopters_out_of_those_that_could(framework: Framework) -> None:
    practices = (
        Answers.empty(framework)
        .with_value("analyse", "aim_target", {"value": 40, "unit": "practices"})
        .with_value("analyse", "aim_baseline", 6)
        .with_value("analyse", "aim_counted", "sites-live")
        .with_value("ready", "sites", [{"name": f"P{n}", "status": "live"} for n in range(1, 7)])
    )
    assert tipping.tipping(framework, practices) is None  # how many could adopt is not said
    could = practices.with_value("analyse", "potential_adopters", 40)
    at_baseline = tipping.tipping(framework, could)
    assert at_baseline is not None and at_baseline.share == 15 and not at_baseline.past
    live = [{"name": f"P{n}", "status": "live"} for n in range(1, 8)]
    moved = tipping.tipping(framework, could.with_value("ready", "sites", live))
    # 7 of 40 = 17.5%, said 18%: in the 15–20% band, and moved from the baseline. The band is a
    # rule of thumb: the words place the share in it, never "past the tipping point".
    assert moved is not None and (moved.share, moved.past, moved.beyond) == (18, True, False)
    assert moved.words == (
        "7 of 40 potential adopters have adopted (18%): within the 15–20% often cited as the "
        "tipping point"
    )
    assert at_baseline.words == (  # 6 of 40 is 15%, but all of it was there at the baseline
        "6 of 40 potential adopters have adopted (15%), as at the baseline: no spread yet to "
        "place against the 15–20% often cited as the tipping point"
    )
    five = [{"name": f"P{n}", "status": "live"} for n in range(1, 6)]
    fewer = tipping.tipping(
        framework, could.with_value("analyse", "aim_baseline", 4).with_value("ready", "sites", five)
    )
    assert fewer is not None and fewer.words.endswith(
        "(13%): not yet in the 15–20% often cited as the tipping point"
    )
    nine = [{"name": f"P{n}", "status": "live"} for n in range(1, 10)]
    more = tipping.tipping(framework, could.with_value("ready", "sites", nine))
    eight = [{"name": f"P{n}", "status": "live"} for n in range(1, 9)]
    edge = tipping.tipping(framework, could.with_value("ready", "sites", eight))
    assert edge is not None and (edge.share, edge.beyond) == (20, False)  # 20% is in the band
    # 9 of 40 = 22.5%: beyond the band
    assert more is not None and more.words.endswith(
        "(23%): beyond the 15–20% often cited as the tipping point"
    )


# -- an approved plan changed at a check-in ---------------------------------------------------


def test_a_checkin_that_changes_an_approved_plan_moves_it_back_to_draft(
    framework: Framework,
) -> None:
    approved = cohorts(framework).with_detail("status", "approved")
    reading_only = history.record(approved, D(2027, 5, 1), {}, {"anything": 1})
    assert reading_only.details["status"] == "approved"
    changed = history.record(approved, D(2027, 5, 1), {"ready.sites[#6].actual": 20})
    assert changed.details["status"] == "draft"
    assert changed.checkins[-1].changes[-1].path == "plan.status"
    assert history.states(changed)[-2][1].details["status"] == "approved"


def test_the_examples_read_consistently(framework: Framework) -> None:
    from .conftest import EXAMPLES

    south_west = read_answers(EXAMPLES / "south-west-app.answers.yml", framework)
    words = aim_figures.progress(framework, south_west).words
    assert words.startswith("2 of 12 posts (17%)")  # never "0 of 12 … baseline 2"
    assert aim_checks.disagreements(framework, south_west)  # and the sites that fall short are said


# -- docs/figures.md: its worked example is what spreadkit gives -------------------------------

FIGURES_DOC = Path(__file__).parent.parent / "docs" / "figures.md"


def _doc_example() -> tuple[str, list[tuple[list[str], list[str]]]]:
    import re

    text = FIGURES_DOC.read_text(encoding="utf-8")
    (answers,) = re.findall(r"```yaml\n# example: worked.answers.yml\n(.*?)```", text, flags=re.S)
    runs = []
    for body in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        first, *lines = body.rstrip("\n").split("\n")
        assert first.startswith("$ spreadkit ") and lines[0] == "…"
        runs.append((first[len("$ spreadkit ") :].split(), lines[1:]))
    return answers, runs


def test_the_worked_example_in_the_docs_is_what_spreadkit_says(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers, runs = _doc_example()
    (tmp_path / "worked.answers.yml").write_text(answers, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert len(runs) == 2
    for args, expected in runs:
        result = cli(*args)
        assert result.exit_code == 0, result.output
        shown = [line.rstrip() for line in result.output.splitlines()]
        assert shown[-len(expected) :] == expected  # the doc's lines end the output, exactly


def test_risks_past_review_are_said_by_status_the_board_plan_and_the_report(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worked example's risk past its review date is said, in the words the docs give, by
    ``spreadkit status``, the board plan and the report (one list: tracking.risks_past_review);
    its issue, not yet due a review, is said by none."""
    answers, _ = _doc_example()
    (tmp_path / "worked.answers.yml").write_text(answers, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    doc = " ".join(FIGURES_DOC.read_text(encoding="utf-8").split())
    said = {
        ("status", "worked.answers.yml"): "review passed on 1 December 2027: Too few applicants "
        "— Workforce lead, review 1 November 2027",
        ("render", "worked.answers.yml", "--format", "md"): "R1 Too few applicants — Workforce "
        "lead, review 1 November 2027",
        ("report", "worked.answers.yml"): "Past their review date on 1 December 2027: R1 "
        "(review 1 November 2027).",
    }
    for args, words in said.items():
        assert f'"{words}"' in doc  # the docs' worked example says it, word for word
        result = cli(*args)
        assert result.exit_code == 0, result.output
        shown = " ".join(result.output.split())
        assert words in shown, args
        assert "No rooms in the South practices —" not in shown
        assert "R2 (review" not in shown
    board = " ".join(cli("render", "worked.answers.yml", "--format", "md").output.split())
    assert "### Risks past their review date - R1 Too few applicants" in board


def test_spending_over_budget_is_said_in_the_board_plans_own_pounds(framework: Framework) -> None:
    """The status's cost words take spend and budget from ``money.spend`` and say them with
    ``money.pounds``, as the board plan's money section does: £713,000.50 budgeted reads
    £713,001 in both (rounded half up), never £713,000."""
    answers = read_answers(NORTHFIELD_CHECKINS, framework)
    step, question = roles.ids(framework, "budget")
    lines = [dict(line) for line in answers.get(step, question)]
    assert lines[-1]["amount"] == 12500.5  # Evaluation
    lines[-1]["spent"] = 70000  # 560,000 + 72,500 + 18,000 + 70,000 = 720,500 spent
    over = answers.with_value(step, question, lines)
    spend = money.spend(framework, over)
    assert spend is not None and (spend.spent, spend.budget) == (720500, 713000.5)
    judged = health.judge(framework, over)
    words = "spent £720,500 against a budget of £713,001 (1% over, cost tolerance 5%)"
    assert words in judged.reasons
