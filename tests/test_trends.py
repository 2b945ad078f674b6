"""The plan over time: each trend's series from known check-ins, the tipping-point band and its
credit, the charts' text alternatives, and the "Progress over time" section in both plans."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from spreadkit.answers import history
from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers, write_answers
from spreadkit.core.formats import DocumentKind, PlanFormat
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import aim_figures, scoring, trajectory, trends
from spreadkit.plan.output.render import render_plan
from spreadkit.plan.pictures import readiness_chart, trend_charts

from .conftest import EXAMPLES, NORTHFIELD, NORTHFIELD_CHECKINS

CHECKINS_EXAMPLE = NORTHFIELD_CHECKINS
WAIT = "Wait for a first physiotherapy appointment"
CREDIT = (
    "15–20% adoption is often cited as the tipping point after which spread tends to continue "
    "(Helen Bevan, NHS Horizons); a rule of thumb, not a law."
)
D = dt.date


def _quarters(answers: Answers) -> Answers:
    """Three check-ins with known effects on the Northfield example (sites' actuals add to 7)."""
    answers = history.record(
        answers,
        D(2027, 10, 1),
        {
            "plan.updated": D(2027, 10, 1),  # keeps the start's date, 15 July 2027, as `was`
            "ready.sites[Dunmere PCN].status": "live",
            "ready.sites[Dunmere PCN].actual": 1,
            "ready.sites[Dunmere PCN].readiness_context": "green",
            "implement.actions[Agree shared rooms in Dunmere PCN].status": "done",
            "sustain.sustainability.infrastructure.score": 3,
        },
        readings={WAIT: 30},
    )
    answers = history.record(
        answers,
        D(2028, 1, 5),
        {"ready.sites[Dunmere PCN].actual": 2, "ready.sites[Greystone PCN].actual": 1},
        readings={WAIT: 21},
    )
    return history.record(answers, D(2028, 4, 2), {}, note="Reviewed: nothing changed")


@pytest.fixture
def quarters(framework: Framework) -> Answers:
    return _quarters(read_answers(NORTHFIELD, framework))


def test_series_follow_the_checkins(framework: Framework, quarters: Answers) -> None:
    got = trends.build(framework, quarters)
    assert got is not None
    assert got.dates == (D(2027, 7, 15), D(2027, 10, 1), D(2028, 1, 5), D(2028, 4, 2))
    assert got.labels[0] == "15 Jul 2027"
    assert got.adoption.actual == (7, 8, 10, 10)
    # Every network has a planned go-live, 2 posts each (the sites include the baseline): by 15
    # July 2027, Aldbrook, Brightwater, Caddon Vale, Dunmere and Elmhurst and Fenby, 10; by 1
    # October 2027 no more, 10; by 5 January 2028 Greystone and Harrowfield too, 14; past the
    # target date, 16.
    assert got.adoption.planned == (10, 10, 14, 16)
    assert got.adoption.trajectory == "sites"
    assert got.adoption.rule == "from the sites' go-live dates"
    dunmere = next(s for s in got.readiness if s.site == "Dunmere PCN")
    assert [r[1] for r in dunmere.ratings] == ["amber", "green", "green", "green"]
    assert dunmere.status == ("preparing", "live", "live", "live")
    assert got.sustainability is not None
    assert got.sustainability.totals == (35, 36, 36, 36) and got.sustainability.maximum == 50
    assert got.actions.done == (1, 2, 2, 2)
    # Actions whose planned due date had passed: 3 by July 2027, the decision paper by October,
    # the funding action by April 2028.
    assert got.actions.due == (3, 4, 4, 5)
    (wait,) = got.measures
    assert (wait.name, wait.values, wait.baseline, wait.target) == (WAIT, (30, 21), 56, 7)


def test_series_match_the_state_by_state_figures(framework: Framework, quarters: Answers) -> None:
    """Series worked out once per change equal the figures of each rebuilt state on its own."""
    got = trends.build(framework, quarters)
    assert got is not None
    states = [state for _, state in history.states(quarters)]
    assert list(got.adoption.actual) == [aim_figures.progress(framework, s).value for s in states]
    expected = [scoring.assess_one(framework, s, "sustainability") for s in states]
    assert got.sustainability is not None
    assert list(got.sustainability.totals) == [r.total for r in expected if r is not None]


def test_the_start_is_dated_by_the_plans_date_before_the_first_checkin(
    framework: Framework,
) -> None:
    """A check-in keeps the plan's earlier ``updated`` date as a change, so the start point
    carries the date the plan stood at, not the date it was first made."""
    answers = read_answers(NORTHFIELD, framework)
    answers = history.record(answers, D(2027, 10, 1), {"ready.sites[Dunmere PCN].actual": 1})
    got = trends.build(framework, answers)
    assert got is not None
    assert got.dates == (D(2027, 7, 15), D(2027, 10, 1))


def test_the_start_is_dated_by_created_when_its_updated_date_was_not_kept(
    framework: Framework,
) -> None:
    answers = read_answers(NORTHFIELD, framework)
    answers = history.record(answers, D(2027, 10, 1), {"ready.sites[Dunmere PCN].actual": 1})
    # a check-in written by hand, without the plan's earlier date
    (checkin,) = answers.checkins
    answers = replace(answers, checkins=(replace(checkin, changes=checkin.answer_changes()),))
    got = trends.build(framework, answers)
    assert got is not None
    assert got.dates == (D(2026, 10, 1), D(2027, 10, 1))


def _planned(framework: Framework, answers, day) -> tuple[float | None, str]:
    found = trajectory.planned(framework, answers, day)
    return found.value, found.how


def test_without_sites_the_trajectory_runs_from_baseline_to_target(framework: Framework) -> None:
    answers = read_answers(NORTHFIELD, framework)
    sites = [
        {k: v for k, v in s.items() if k != "golive_planned"} for s in answers.get("ready", "sites")
    ]
    answers = answers.with_value("ready", "sites", sites)
    # baseline 2 posts on 1 October 2026, target 16 by 31 March 2028 (547 days)
    assert _planned(framework, answers, D(2026, 10, 1)) == (2, "aim")
    assert _planned(framework, answers, D(2027, 6, 30)) == (
        round(2 + 14 * 272 / 547, 1),
        "aim",
    )
    assert _planned(framework, answers, D(2029, 1, 1)) == (16, "aim")
    assert _planned(framework, answers, None) == (None, "")


def test_no_checkins_no_trends(framework: Framework) -> None:
    answers = read_answers(NORTHFIELD, framework)
    assert trends.build(framework, answers) is None
    assert not trend_charts.build(framework, answers).shown
    assert "Progress over time" not in render_plan(framework, answers, PlanFormat.HTML)
    assert "Progress over time" not in render_plan(framework, answers, PlanFormat.MARKDOWN)


def test_tipping_point_band_and_its_credit(framework: Framework, quarters: Answers) -> None:
    # Posts are not adopters: no tipping point, and no credit, for an aim counted in posts.
    got = trends.build(framework, quarters)
    assert got is not None and got.adoption.tipping is None
    assert not trend_charts.build(framework, quarters).credit
    # Counted in practices, out of 40 that could adopt: the band is 15–20% of 40, 6 to 8.
    practices = quarters.with_value("analyse", "aim_target", {"value": 16, "unit": "practices"})
    practices = practices.with_value("analyse", "potential_adopters", 40)
    got = trends.build(framework, practices)
    assert got is not None and got.adoption.tipping == pytest.approx((6, 8))
    view = trend_charts.build(framework, practices)
    adoption = next(c for c in view.charts if c.id == "trend-adoption")
    assert 'class="trend-band"' in adoption.svg
    assert "Tipping point: 15–20% of potential adopters" in adoption.svg
    assert "6–8 practices" in adoption.description
    assert view.credit == CREDIT
    for plan_format in (PlanFormat.HTML, PlanFormat.MARKDOWN):
        text = render_plan(framework, practices, plan_format)
        assert CREDIT.replace("'", "&#39;") in text or CREDIT in text
    # Without the number that could adopt there is no band, and no credit.
    unknown = practices.with_value("analyse", "potential_adopters", None)
    assert not trend_charts.build(framework, unknown).credit


def test_each_chart_has_a_text_alternative_and_its_data(
    framework: Framework, quarters: Answers
) -> None:
    view = trend_charts.build(framework, quarters)
    kinds = [c.id for c in view.charts]
    assert kinds == [
        "trend-adoption",
        "trend-measure-1",
        "trend-readiness",
        "trend-sustainability",
        "trend-actions",
    ]
    for chart in view.charts:
        title = re.search(rf'<title id="{chart.id}-title">([^<]+)</title>', chart.svg)
        desc = re.search(rf'<desc id="{chart.id}-desc">([^<]+)</desc>', chart.svg)
        assert title and desc and desc.group(1).strip()
        assert f'aria-labelledby="{chart.id}-title {chart.id}-desc"' in chart.svg
        assert chart.columns and chart.rows
    measure = view.charts[1]
    assert measure.description == (
        "Latest 21 on 5 Jan 2028. Run chart: too early to judge (2 of 10 readings)."
    )
    # true of the drawn chart (HTML, Word) only: the Markdown's Mermaid chart spaces points evenly
    assert measure.drawn_note == "Points are placed at their dates."
    assert "Points are placed at their dates." in measure.svg
    assert measure.columns == ("Date", "Reading", "Median", "Baseline", "Target")
    assert measure.rows == (
        ("1 Oct 2027", "30", "25.5", "56", "7"),
        ("5 Jan 2028", "21", "25.5", "56", "7"),
    )
    readiness = view.charts[2]
    assert ("Dunmere PCN", "A/A/G", "A/G/G", "A/G/G", "A/G/G") in readiness.rows
    assert (
        "Dunmere PCN: people amber, context amber to green, innovation green"
        in readiness.description
    )


def test_mermaid_lines_carry_the_series(framework: Framework, quarters: Answers) -> None:
    view = trend_charts.build(framework, quarters)
    adoption, _, readiness, sustainability, actions = view.charts
    assert adoption.mermaid.startswith("xychart-beta\n")
    assert "    line [7, 8, 10, 10]\n    line [10, 10, 14, 16]" in adoption.mermaid
    assert '"15 Jul 2027", "1 Oct 2027", "5 Jan 2028", "2 Apr 2028"' in adoption.mermaid
    assert "line [35, 36, 36, 36]" in sustainability.mermaid
    assert "line [1, 2, 2, 2]\n    line [3, 4, 4, 5]" in actions.mermaid
    assert readiness.mermaid == ""  # Mermaid has no dot grid: the Markdown shows the table


def test_a_gap_is_not_drawn_but_mermaid_repeats_the_last_value() -> None:
    line = trend_charts.ChartLine("Actual", (None, 3.0, None, 5.0), "trend-actual")
    chart = trend_charts.run_chart("t", "T", "d", ["a", "b", "c", "d"], [line])
    assert chart.svg.count("<polyline") == 0 and chart.svg.count("<circle") == 2
    assert "line [3, 3, 3, 5]" in chart.mermaid
    assert chart.rows == (("a", "–"), ("b", "3"), ("c", "–"), ("d", "5"))


def test_user_text_is_escaped_in_the_charts(framework: Framework, quarters: Answers) -> None:
    nasty = '<script>x</script> "quoted" [a]; #1'
    measures = [dict(m) for m in quarters.get("implement", "measures")]
    measures[1]["measure"] = nasty
    answers = quarters.with_value("implement", "measures", measures)
    answers = replace(
        answers,
        checkins=tuple(
            replace(
                c,
                readings=tuple(
                    replace(r, measure=nasty) if r.measure == WAIT else r for r in c.readings
                ),
            )
            for c in answers.checkins
        ),
    )
    view = trend_charts.build(framework, answers)
    chart = next(c for c in view.charts if c.id == "trend-measure-1")
    assert "<script>" not in chart.svg and "&lt;script&gt;" in chart.svg
    assert '"quoted"' not in chart.mermaid and "[a]" not in chart.mermaid
    html = render_plan(framework, answers, PlanFormat.HTML)
    assert "<script>x" not in html


def test_the_section_sits_after_the_glance_in_the_workbook(
    framework: Framework, quarters: Answers
) -> None:
    html = render_plan(framework, quarters, PlanFormat.HTML, document=DocumentKind.WORKBOOK)
    assert (
        html.index('id="at-a-glance"')
        < html.index('id="progress-over-time"')
        < html.index('id="contents-heading"')
    )
    assert '<a href="#progress-over-time">Progress over time</a>' in html
    assert html.count('<details class="trend-data"') == 5
    md = render_plan(framework, quarters, PlanFormat.MARKDOWN, document=DocumentKind.WORKBOOK)
    assert md.index("## At a glance") < md.index("## Progress over time") < md.index("## Contents")

    assert "- [Progress over time](#progress-over-time)" in md
    section = md[md.index("## Progress over time") : md.index("## Contents")]
    assert section.count("```mermaid\nxychart-beta\n") == 4
    assert "| Dunmere PCN | A/A/G | A/G/G | A/G/G | A/G/G |" in md
    assert "3. 2 April 2028 · Reviewed: nothing changed · reviewed, nothing changed" in md


def test_rendering_is_reproducible(framework: Framework, quarters: Answers) -> None:
    for plan_format in (PlanFormat.HTML, PlanFormat.MARKDOWN):
        assert render_plan(framework, quarters, plan_format) == render_plan(
            framework, quarters, plan_format
        )


@pytest.mark.parametrize("name", ["md", "html"])
def test_committed_checkins_example_is_up_to_date(framework: Framework, name: str) -> None:
    committed = (EXAMPLES / f"northfield-fcp-checkins.plan.{name}").read_text(encoding="utf-8")
    answers = read_answers(CHECKINS_EXAMPLE, framework)
    assert len(answers.checkins) == 3
    assert render_plan(framework, answers, PlanFormat(name)) == committed, (
        "The example plan is stale: run `spreadkit render "
        f"examples/northfield-fcp-checkins.answers.yml --format {name} "
        f"--output examples/northfield-fcp-checkins.plan.{name}`"
    )


def test_a_date_in_a_checkin_is_written_twice_never_as_an_alias(
    framework: Framework, tmp_path: Path
) -> None:
    """A check-in's new date is also the answer's value: the file must not say &id001/*id001."""
    target = tmp_path / "plan.answers.yml"
    shutil.copy(NORTHFIELD, target)
    answers = read_answers(target, framework)
    answers = history.record(
        answers, D(2027, 10, 1), {"ready.sites[Dunmere PCN].golive_actual": D(2027, 9, 20)}
    )
    write_answers(target, answers, framework)
    text = target.read_text(encoding="utf-8")
    assert "&id" not in text and "*id" not in text
    assert text.count("2027-09-20") == 2
    again = read_answers(target, framework)
    assert history.get_path(again, "ready.sites[Dunmere PCN].golive_actual") == D(2027, 9, 20)


def test_the_readiness_grid_shows_the_start_and_the_latest_points(framework: Framework) -> None:
    answers = read_answers(NORTHFIELD, framework)
    for n in range(10):
        answers = history.record(
            answers,
            D(2027, 8, 1) + dt.timedelta(days=30 * n),
            {"ready.sites[Dunmere PCN].readiness_people": ("red", "green")[n % 2]},
        )
    view = trend_charts.build(framework, answers)
    grid = next(c for c in view.charts if c.id == "trend-readiness")
    assert len(grid.columns) == 1 + readiness_chart.GRID_POINTS
    assert grid.columns[1] == "15 Jul 2027" and grid.columns[-1] == "27 Apr 2028"
    dunmere = next(row for row in grid.rows if row[0] == "Dunmere PCN")
    assert dunmere[1:3] == ("A/A/G", "G/A/G") and dunmere[-2:] == ("R/A/G", "G/A/G")
    # every point is still on the run charts
    sustainability = next(c for c in view.charts if c.id == "trend-sustainability")
    assert len(sustainability.rows) == 11


def test_the_board_plan_shows_progress_before_what_is_still_to_decide(
    framework: Framework, quarters: Answers
) -> None:
    html = render_plan(framework, quarters, PlanFormat.HTML)
    assert html.index('id="progress-over-time"') < html.index('id="undecided"')
    assert "Helen Bevan" not in html  # posts are not adopters: no tipping point
    md = render_plan(framework, quarters, PlanFormat.MARKDOWN)
    assert md.index("## Progress over time") < md.index("## Still to decide")
    assert (
        render_plan(framework, quarters.__class__.empty(framework), PlanFormat.MARKDOWN).count(
            "Progress over time"
        )
        == 0
    )


def test_the_markdown_chart_is_not_said_to_place_points_at_their_dates() -> None:
    """The Markdown plan's run charts are Mermaid diagrams, which space points evenly: the
    words under them say so and never that points are placed at their dates (a board member
    read both sentences under the same chart)."""
    from spreadkit.answers.loading import read_answers
    from spreadkit.core.formats import DocumentKind, PlanFormat
    from spreadkit.framework.content import load_framework
    from spreadkit.plan.output.render import render_plan

    from .conftest import NORTHFIELD_CHECKINS

    framework = load_framework()
    answers = read_answers(NORTHFIELD_CHECKINS, framework)
    markdown = render_plan(framework, answers, PlanFormat.MARKDOWN, document=DocumentKind.BOARD)
    assert "spaces its points evenly" in markdown
    assert "placed at their dates" not in markdown
    page = render_plan(framework, answers, PlanFormat.HTML, document=DocumentKind.BOARD)
    assert "Points are placed at their dates." in page
