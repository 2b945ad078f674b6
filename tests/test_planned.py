"""The planned figure follows the plan's own commitments (docs/figures.md, "The planned
trajectory"): the sites' planned go-live dates, else the phases' end targets, else a straight
line from when the roll-out starts. A programme exactly on its plan is never called short.
Every number here can be worked out by hand; the comments do it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from spreadkit.answers import history, lookup, standing
from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.core.formats import PlanFormat
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import aim_figures, health, trajectory
from spreadkit.plan.output.render import render_report
from spreadkit.plan.views import portfolio_rows, report

from .conftest import EXAMPLES

D = dt.date
FCP = EXAMPLES / "public-fcp-coverage.answers.yml"
FIGURES_DOC = Path(__file__).parent.parent / "docs" / "figures.md"
GO_LIVES = {  # the FCP example's networks and their planned go-live dates
    "Network A (illustrative)": D(2019, 1, 1),
    "Network B (illustrative)": D(2020, 1, 1),
    "Network C (illustrative)": D(2020, 7, 1),
    "Network D (illustrative)": D(2021, 1, 1),
    "Network E (illustrative)": D(2022, 4, 1),
    "Network F (illustrative)": D(2023, 4, 1),
}


def _short(judged: health.Status) -> list[str]:
    return [r for r in judged.reasons if "short" in r]


# -- the defect: a straight line called a programme on its plan short ---------------------------


def test_the_public_fcp_example_is_on_plan_the_day_its_roll_out_begins(
    framework: Framework,
) -> None:
    """1 July 2019: one network live, Network A, planned live on 1 January 2019; the other five
    are planned from 1 January 2020. The straight line from 1 network on 31 March 2019 to 6 on
    31 March 2024 expected 1 + 5 × 92/1827 = 1.3 and called it 23% short: Red."""
    answers = read_answers(FCP, framework)
    assert lookup.as_of_date(answers, None) == D(2019, 7, 1)
    assert [s["golive_planned"] for s in answers.get("ready", "sites")] == list(GO_LIVES.values())
    judged = health.judge(framework, answers)
    assert _short(judged) == [] and not judged.exceptions
    assert judged.reasons == ("1 open risk rated Extreme",)  # amber for that, nothing else
    now = aim_figures.progress(framework, answers)
    plan = trajectory.planned(framework, answers, D(2019, 7, 1))
    assert (now.value, plan.value, plan.words) == (1, 1, "from the sites' go-live dates")


def test_a_programme_exactly_on_its_go_live_plan_is_never_short(framework: Framework) -> None:
    """Each network goes live on its planned date; judged on each go-live and the day before,
    the planned figure is the networks live, and nothing is short."""
    answers = read_answers(FCP, framework)
    for name, day in GO_LIVES.items():
        if day > D(2019, 7, 1):
            site = f"ready.sites[{name}]"
            answers = history.record(
                answers,
                day,
                {f"{site}.status": "live", f"{site}.golive_actual": day, f"{site}.actual": 1},
            )
    for live, day in enumerate(GO_LIVES.values(), start=1):
        for when, expected in ((day - dt.timedelta(days=1), live - 1), (day, live)):
            if when < D(2019, 7, 1):
                continue
            then = standing.as_it_stood(answers, when)
            assert aim_figures.progress(framework, then).value == expected
            assert trajectory.planned(framework, then, when).value == expected
            assert _short(health.judge(framework, then)) == [], when


# -- the rules, one by one --------------------------------------------------------------------


def _plan(framework: Framework, **answers: Any) -> Answers:
    """A plan of 10 posts by 31 December 2027 from 2 on 1 January 2027, with its sites."""
    plan = (
        Answers.empty(framework)
        .with_detail("title", "Rules")
        .with_detail("created", D(2027, 1, 1))
        .with_value("analyse", "aim_target", {"value": 10, "unit": "posts"})
        .with_value("analyse", "aim_by", D(2027, 12, 31))
        .with_value("analyse", "aim_baseline", 2)
        .with_value("analyse", "aim_baseline_date", D(2027, 1, 1))
        .with_value("analyse", "aim_counted", "baseline-plus-sites")
    )
    for key, value in answers.items():
        step = "analyse" if key.startswith("aim") else "ready"
        plan = plan.with_value(step, key, value)
    return plan


def _site(name: str, golive: dt.date | None, target: float | None = 4, **more: Any) -> Any:
    site = {"name": name, "target": target, **more}
    return {**site, "golive_planned": golive} if golive else site


def test_each_way_of_counting_the_sites(framework: Framework) -> None:
    sites = [
        _site("North", D(2027, 3, 1)),
        _site("North", D(2027, 9, 1)),  # a second cohort at North
        _site("South", D(2027, 6, 1)),
        _site("West", D(2027, 4, 1), status="withdrawn"),  # left out
    ]
    on = D(2027, 7, 1)  # North's first cohort and South are planned live: 4 + 4
    for counted, expected in (("baseline-plus-sites", 10), ("sites-sum", 8), ("sites-live", 2)):
        plan = _plan(framework, sites=sites, aim_counted=counted)
        assert trajectory.planned(framework, plan, on) == trajectory.Planned(expected, "sites")
    # counted live, North counts once, from its first go-live
    live = _plan(framework, sites=sites, aim_counted="sites-live")
    assert trajectory.planned(framework, live, D(2027, 3, 1)).value == 1
    assert trajectory.planned(framework, live, D(2027, 2, 28)).value == 0


def test_steps_never_pass_the_target_and_the_target_holds_from_its_date(
    framework: Framework,
) -> None:
    many = _plan(
        framework, sites=[_site("North", D(2027, 3, 1), 6), _site("South", D(2027, 4, 1), 6)]
    )
    assert trajectory.planned(framework, many, D(2027, 5, 1)).value == 10  # 2 + 12, capped
    few = _plan(framework, sites=[_site("North", D(2027, 3, 1), 2)])
    assert trajectory.planned(framework, few, D(2027, 12, 30)).value == 4  # 2 + 2
    assert trajectory.planned(framework, few, D(2027, 12, 31)).value == 10  # the target's date


def test_a_site_without_a_date_or_a_target_leaves_the_plan_to_the_phases_or_the_line(
    framework: Framework,
) -> None:
    phases = [
        {"name": "Wave 1", "dates": {"start": D(2027, 1, 1), "end": D(2027, 6, 30)}, "target": 6}
    ]
    for sites in (
        [_site("North", D(2027, 3, 1)), _site("South", None)],
        [_site("North", D(2027, 3, 1)), _site("South", D(2027, 4, 1), None)],
    ):
        by_phases = _plan(framework, sites=sites, phases=phases)
        assert trajectory.planned(framework, by_phases, D(2027, 6, 29)) == trajectory.Planned(
            2, "phases"
        )  # Wave 1's 6 is due on 30 June; before then, the baseline
        assert trajectory.planned(framework, by_phases, D(2027, 6, 30)).value == 6
        line = _plan(framework, sites=sites)
        # 2 to 10 over 364 days; 1 July 2027 is 181 days in: 2 + 8 × 181/364 = 5.98, said 6.
        assert trajectory.planned(framework, line, D(2027, 7, 1)) == trajectory.Planned(6, "aim")


def test_the_plan_on_many_days_is_the_plan_on_each_day(framework: Framework) -> None:
    """``planned_each`` (the trends' check-ins, the plan read once) says what ``planned`` says
    day by day, under each rule, for every example and before, on and after every date in it."""
    phases = [
        {"name": "Wave 1", "dates": {"start": D(2027, 1, 1), "end": D(2027, 6, 30)}, "target": 6}
    ]
    made = [
        _plan(framework, sites=[_site("North", D(2027, 3, 1), 6), _site("South", None)]),
        _plan(
            framework, sites=[_site("North", D(2027, 3, 1)), _site("South", None)], phases=phases
        ),
        _plan(
            framework, sites=[_site("North", D(2027, 3, 1), 2), _site("South", D(2027, 9, 1), 3)]
        ),
    ]
    examples = [read_answers(p, framework) for p in sorted(EXAMPLES.glob("*.answers.yml"))]
    for answers in made + examples:
        days = [None, D(2019, 7, 1), D(2027, 2, 28), D(2027, 3, 1), D(2027, 12, 31), D(2030, 1, 1)]
        days += [c.date for c in answers.checkins]
        found = aim_figures.aim(framework, answers)
        each = trajectory.planned_each(framework, answers, days)
        assert each == trajectory.planned_each(framework, answers, days, found)
        assert list(each) == [trajectory.planned(framework, answers, day) for day in days]
    assert {p.how for a in made for p in trajectory.planned_each(framework, a, days)} == {
        "sites",
        "phases",
        "aim",
        "",
    }


def test_a_share_never_adds_the_sites_up(framework: Framework) -> None:
    measure = "Population covered"
    share = _plan(
        framework,
        aim_target={"value": 20, "unit": "% coverage"},
        aim_counted="measure",
        aim_measure=measure,
        sites=[_site("North", D(2027, 3, 1), 20), _site("South", D(2027, 4, 1), 20)],
    ).with_value("implement", "measures", [{"measure": measure, "baseline": 2, "target": 20}])
    # never 20 + 20: the line, 2 to 20 over 364 days, 91 days in: 2 + 18 × 91/364 = 6.5
    assert trajectory.planned(framework, share, D(2027, 4, 2)) == trajectory.Planned(6.5, "aim")


def test_the_line_starts_when_the_roll_out_starts_not_when_a_pilot_ended(
    framework: Framework,
) -> None:
    """The FCP example without its sites' dates: the pilot ended on the baseline's date, 31
    March 2019; the first roll-out starts on 1 July 2019, so the line starts there, at 1."""
    answers = read_answers(FCP, framework)
    sites = [
        {k: v for k, v in s.items() if k != "golive_planned"}
        for s in lookup.role_records(framework, answers, "sites")
    ]
    undated = answers.with_value("ready", "sites", sites)
    assert trajectory.planned(framework, undated, D(2019, 7, 1)) == trajectory.Planned(1, "aim")
    # 1 July 2019 to 31 March 2024 is 1,735 days; 1 July 2021 is 731 days in:
    # 1 + 5 × 731/1735 = 3.11, said 3.1.
    assert trajectory.planned(framework, undated, D(2021, 7, 1)).value == 3.1


# -- every page says the rule beside the figure -------------------------------------------------


def test_the_report_status_and_portfolio_say_the_rule_beside_the_figure(
    framework: Framework,
) -> None:
    answers = read_answers(FCP, framework)
    text = render_report(report.build(framework, answers), PlanFormat.MARKDOWN)
    assert "planned by now: 1 network (from the sites' go-live dates)" in text
    # Judged on 1 January 2020 with Network B not live: 1 against 2 planned, 50% short.
    words = (
        "progress 1 network against 2 networks planned by now from the sites' go-live dates "
        "(50% short, adoption tolerance 20%)"
    )
    assert words in health.judge(framework, answers, D(2020, 1, 1)).exceptions
    line = portfolio_rows.plan_line(framework, answers, "f.answers.yml", "f.html", D(2020, 1, 1))
    assert words in line.exceptions


# -- docs/figures.md: the worked example's planned figures, by hand ------------------------------


@pytest.fixture(scope="module")
def worked(framework: Framework, tmp_path_factory: pytest.TempPathFactory) -> Answers:
    text = FIGURES_DOC.read_text(encoding="utf-8")
    (body,) = re.findall(r"```yaml\n# example: worked.answers.yml\n(.*?)```", text, flags=re.S)
    path = tmp_path_factory.mktemp("worked") / "worked.answers.yml"
    path.write_text(body, encoding="utf-8")
    return read_answers(path, framework)


def test_the_worked_examples_planned_figures_are_the_docs(
    framework: Framework, worked: Answers
) -> None:
    doc = " ".join(FIGURES_DOC.read_text(encoding="utf-8").split())
    on = D(2027, 12, 1)
    # the baseline, North and East: 4 + 8 + 4 = 16; progress 14: 2 ÷ 16 = 12.5%, said 13%
    assert trajectory.planned(framework, worked, on) == trajectory.Planned(16, "sites")
    assert aim_figures.progress(framework, worked).value == 14
    assert "4 + 8 + 4 = 16 posts" in doc and "2 ÷ 16 = 12.5%, said 13%" in doc
    judged = health.judge(framework, worked)
    assert judged.rag == "amber" and _short(judged) == [
        "progress 14 posts against 16 posts planned by now from the sites' go-live dates "
        "(13% short, adoption tolerance 15%)"
    ]
    # without the go-live dates: Wave 1's 12, not short
    sites = [
        {k: v for k, v in s.items() if k != "golive_planned"}
        for s in lookup.role_records(framework, worked, "sites")
    ]
    undated = worked.with_value("ready", "sites", sites)
    assert trajectory.planned(framework, undated, on) == trajectory.Planned(12, "phases")
    assert _short(health.judge(framework, undated)) == []
    # without the phases' targets too: 4 + 20 × 244 ÷ 365 = 17.37, said 17.4; 3.4 ÷ 17.4 = 20%
    phases = [
        {k: v for k, v in p.items() if k != "target"}
        for p in lookup.role_records(framework, worked, "phases")
    ]
    line = undated.with_value("ready", "phases", phases)
    assert trajectory.planned(framework, line, on) == trajectory.Planned(17.4, "aim")
    assert "4 + 20 × 244 ÷ 365 = 17.37, said 17.4" in doc and "said 20%" in doc
    assert health.judge(framework, line).exceptions == (
        "progress 14 posts against 17.4 posts planned by now on a straight line to the target "
        "(20% short, adoption tolerance 15%)",
    )
