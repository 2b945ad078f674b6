"""The programme in the plan: at a glance, the pictures from the answers, totals, the examples."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.core.formats import DocumentKind, PlanFormat
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import programme
from spreadkit.plan.output.render import render_plan
from spreadkit.plan.views import workbook

from .conftest import NORTHFIELD, ROOT


def _actions(framework: Framework) -> Answers:
    actions = [
        {"task": "Late", "owner": "A", "due": dt.date(2027, 5, 1), "status": "in-progress"},
        {"task": "Done late", "owner": "B", "due": dt.date(2027, 4, 1), "status": "done"},
        {
            "task": "Moved",
            "owner": "C",
            "due": dt.date(2027, 3, 1),
            "revised_due": dt.date(2027, 9, 1),
            "status": "at-risk",
        },
        {"task": "Later", "owner": "D", "due": dt.date(2027, 8, 1), "status": "not-started"},
        {"task": "Earlier", "owner": "E", "due": dt.date(2027, 2, 1), "status": "blocked"},
    ]
    return (
        Answers.empty(framework)
        .with_detail("created", dt.date(2027, 1, 1))
        .with_detail("updated", dt.date(2027, 6, 30))
        .with_value("implement", "actions", actions)
        .with_value("analyse", "aim", "An FCP in every practice")
    )


def test_overdue_is_judged_at_the_plans_own_date(framework: Framework) -> None:
    glance = workbook.build(framework, _actions(framework)).glance
    assert glance.as_of == "30 June 2027"
    # Not done and due (or revised due) before 30 June 2027, earliest first; the wall clock
    # (any day) plays no part: "Later" stays not overdue whatever today is.
    assert [(a.label, a.due, a.status) for a in glance.overdue] == [
        ("Earlier", "1 February 2027", "Blocked"),
        ("Late", "1 May 2027", "In progress"),
    ]


def test_as_of_can_be_given_and_otherwise_falls_back_to_created(framework: Framework) -> None:
    answers = _actions(framework)
    later = workbook.build(framework, answers, as_of=dt.date(2027, 10, 1)).glance
    assert [a.label for a in later.overdue] == ["Earlier", "Late", "Later", "Moved"]
    no_update = Answers(
        answers.framework_id,
        answers.framework_version,
        {"created": dt.date(2027, 1, 1)},
        answers.values,
    )
    glance = workbook.build(framework, no_update).glance
    assert glance.as_of == "1 January 2027" and glance.overdue == ()


def test_overdue_actions_in_both_plans(framework: Framework) -> None:
    answers = _actions(framework)
    markdown = render_plan(framework, answers, PlanFormat.MARKDOWN, document=DocumentKind.WORKBOOK)
    glance = markdown[markdown.index("## At a glance") : markdown.index("## Contents")]
    assert "- **Overdue actions** (as of 30 June 2027):\n" in glance
    assert "  - Earlier — E, due 1 February 2027 (Blocked)\n" in glance
    html = render_plan(framework, answers, PlanFormat.HTML, document=DocumentKind.WORKBOOK)
    assert '<h3>Overdue actions <span class="where">(as of 30 June 2027)</span></h3>' in html
    assert "<li><strong>Late</strong> — A, due 1 May 2027 (In progress)</li>" in html


def test_sites_by_phase_keep_the_phases_order(framework: Framework) -> None:
    answers = (
        Answers.empty(framework)
        .with_value("ready", "phases", [{"name": "Pilot"}, {"name": "Wave 1"}])
        .with_value(
            "ready",
            "sites",
            [
                {"name": "C", "phase": "Wave 1"},
                {"name": "A", "phase": "Pilot"},
                {"name": "D"},
                {"name": "B", "phase": "Pilot"},
            ],
        )
    )
    glance = workbook.build(framework, answers).glance
    assert [(p.phase, p.words, p.sites) for p in glance.sites_by_phase] == [
        ("Pilot", "2 sites", "A; B"),
        ("Wave 1", "1 site", "C"),
        ("No phase yet", "1 site", "D"),
    ]


def test_progress_to_the_aim_sums_the_sites_actuals(framework: Framework) -> None:
    answers = (
        Answers.empty(framework)
        .with_value("analyse", "aim_target", {"value": 16, "unit": "posts"})
        .with_value("analyse", "aim_by", dt.date(2028, 3, 31))
        .with_value("analyse", "aim_baseline", 2)
        .with_value("analyse", "aim_baseline_date", dt.date(2026, 10, 1))
        .with_value(
            "ready",
            "sites",
            [
                {"name": "A", "target": 2, "actual": 2},
                {"name": "B", "target": 2, "actual": 1},
                {"name": "C"},
            ],
        )
    )
    # Not said how progress is counted: the sites' targets (4) fall short of the aim (16), so
    # the sites count what they add to the baseline: 2 + (2 + 1) = 5 of 16, 31%.
    glance = workbook.build(framework, answers).glance
    assert glance.aim_progress == "5 of 16 posts (31%); target 16 by 31 March 2028"
    assert glance.aim_baseline == "2 posts on 1 October 2026"
    assert glance.aim_meter == 31
    # No actual yet: the programme stands at its baseline, never at 0 (issue 25).
    before = workbook.build(framework, answers.with_value("ready", "sites", [])).glance
    assert before.aim_progress == "2 of 16 posts (13%); target 16 by 31 March 2028"
    # Said: the sites include the starting point, so their actuals are the whole count.
    summed = answers.with_value("analyse", "aim_counted", "sites-sum")
    assert workbook.build(framework, summed).glance.aim_progress.startswith("3 of 16 posts (19%)")
    # Dated: the progress says on which date it was counted.
    dated = answers.with_detail("updated", dt.date(2027, 7, 15))
    assert workbook.build(framework, dated).glance.aim_progress == (
        "5 of 16 posts (31%) on 15 July 2027; target 16 by 31 March 2028"
    )


@pytest.mark.parametrize("plan_format", [PlanFormat.MARKDOWN, PlanFormat.HTML])
def test_no_programme_no_glance_lines(framework: Framework, plan_format: PlanFormat) -> None:
    text = render_plan(
        framework, Answers.empty(framework), plan_format, document=DocumentKind.WORKBOOK
    )
    assert not re.search("Overdue actions|Top risks|Sites by phase|Progress to the aim", text)


@pytest.fixture(scope="module")
def northfield_html(framework: Framework) -> str:
    return render_plan(
        framework,
        read_answers(NORTHFIELD, framework),
        PlanFormat.HTML,
        document=DocumentKind.WORKBOOK,
    )


@pytest.fixture(scope="module")
def northfield_md(framework: Framework) -> str:
    return render_plan(
        framework,
        read_answers(NORTHFIELD, framework),
        PlanFormat.MARKDOWN,
        document=DocumentKind.WORKBOOK,
    )


def _svg(html: str, words: str) -> str:
    return next(s for s in re.findall(r"<svg\b.*?</svg>", html, flags=re.S) if words in s)


def test_the_heat_map_uses_the_contents_npsa_bands_and_names_risks_by_register_row(
    northfield_html: str, northfield_md: str
) -> None:
    heat = _svg(northfield_html, "by likelihood and impact")
    assert "Low (1–3)" in heat and "Moderate (4–6)" in heat and "High (8–12)" in heat
    assert "Extreme (15–25)" in heat and "National Patient Safety Agency" in heat
    # The fifth risk is closed: it is left off; the others keep their register row numbers.
    assert (
        "R1 Not enough physiotherapists apply for FCP posts: likelihood 4, impact 4, score 16 (Extreme)"
        in heat
    )
    assert "R5" not in heat
    table = northfield_md[northfield_md.index("| Impact ↓ / Likelihood → |") :]
    # R2 is an issue: it has happened, so it has no likelihood to plot (issue 27).
    assert "| 3 | Low (3) | Moderate (6) R4 | High (9) | High (12) | Extreme (15) |" in table
    assert "R2" not in heat
    assert "<caption>Open risks by likelihood and impact, as a table</caption>" in northfield_html


def test_phases_and_progress_pictures_follow_the_answers(northfield_html: str) -> None:
    phases = _svg(northfield_html, "decision points")
    assert phases.count('class="chart-decision"') == 3
    assert (
        "Wave 1, 1 April 2027 to 30 September 2027; decision to move on: Eight posts filled"
        in phases
    )
    progress = _svg(northfield_html, "progress to target")
    assert "Caddon Vale PCN: 1 of 2 posts (50%)" in progress


def test_sites_table_shows_progress_and_budget_shows_totals(northfield_md: str) -> None:
    sites = next(
        line for line in northfield_md.splitlines() if line.startswith("| Caddon Vale PCN |")
    )
    assert sites.endswith("| 2 | 1 | Clinical director | Live | 1 of 2 posts (50%) |")
    assert (
        "**Recurrent:** £610,000; **Non-recurrent:** £103,000.50; **Total:** £713,000.50; "
        "**Total spent so far:** £198,000." in northfield_md
    )


def test_table_totals_without_a_yes_no_field(framework: Framework) -> None:
    budget = framework.section("implement").question("budget")  # type: ignore[union-attr]
    fields = tuple(f for f in budget.fields if f.type != "yesno")  # type: ignore[union-attr]
    lines = [{"amount": 10}, {"amount": 2.5}, {"item": "no amount"}]
    # no spend recorded on any line: no "spent so far" total (never "£0 spent")
    assert programme.table_totals(fields, lines) == (("Total", "£12.50"),)
    assert programme.table_totals(budget.fields, lines) == (  # type: ignore[union-attr]
        ("Recurrent", "£0"),
        ("Non-recurrent", "£12.50"),
        ("Total", "£12.50"),
    )


def test_northfield_glance(northfield_md: str) -> None:
    glance = northfield_md[
        northfield_md.index("## At a glance") : northfield_md.index("## Contents")
    ]
    assert (
        "- **Progress to the aim:** 7 of 16 posts (44%) on 15 July 2027; target 16 by 31 March "
        "2028 (baseline 2 posts on 1 October 2026)." in glance
    )
    assert "  - Wave 2: 3 sites (Greystone PCN; Harrowfield PCN; Ivel Valley PCN)" in glance
    assert "  - 🔴 Not enough physiotherapists apply for FCP posts: score 16 (Extreme)" in glance
    assert "- **Overdue actions** (as of 15 July 2027):" in glance
    # The revised due date counts, in the overdue list and the next actions alike.
    assert (
        "  - Recruit Wave 1 physiotherapists — Primary care workforce lead, due 30 June 2027 (At risk)"
        in glance
    )
    assert (
        "2. Recruit Wave 1 physiotherapists — Primary care workforce lead, due 30 June 2027"
        in glance
    )


def test_a_01_answers_file_renders_without_programme_pictures(framework: Framework) -> None:
    old = read_answers(ROOT / "tests" / "data" / "south-west-0.1.answers.yml", framework)
    html = render_plan(framework, old, PlanFormat.HTML, document=DocumentKind.WORKBOOK)
    markdown = render_plan(framework, old, PlanFormat.MARKDOWN, document=DocumentKind.WORKBOOK)
    assert len(re.findall('<figure class="chart-figure"', html)) == 5  # as in 0.1
    assert not re.search("Top risks|Progress to the aim|decision points|Likelihood", markdown)
    assert "- **Overdue actions** (as of 20 November 2026): none" in markdown
    assert "Sites by phase" in markdown  # its sites, migrated, have no phase yet
    assert "No phase yet: 3 sites" in markdown


def test_render_as_of_moves_the_overdue_list(cli) -> None:
    result = cli(
        "render", str(NORTHFIELD), "--format", "md", "--as-of", "2027-10-01", "-d", "workbook"
    )
    assert result.exit_code == 0
    glance = result.stdout[
        result.stdout.index("## At a glance") : result.stdout.index("## Contents")
    ]
    assert "- **Overdue actions** (as of 1 October 2027):" in glance
    assert (
        "  - Wave 1 decision paper to the primary care board — Programme lead, due 15 September 2027 (Not started)"
        in glance
    )
    default = cli("render", str(NORTHFIELD), "--format", "md", "-d", "workbook").stdout
    overdue = default[default.index("**Overdue actions**") : default.index("- **Completion:**")]
    assert "(as of 15 July 2027)" in overdue and "Wave 1 decision paper" not in overdue
