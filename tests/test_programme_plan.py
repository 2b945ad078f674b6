"""The programme in the plan: at a glance, the pictures from the answers, totals, the examples."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from spreadkit.answers.store import Answers
from spreadkit.core.formats import PlanFormat
from spreadkit.framework.model import Framework
from spreadkit.plan import view
from spreadkit.plan.render import render_plan


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
    glance = view.build(framework, _actions(framework)).glance
    assert glance.as_of == "30 June 2027"
    # Not done and due (or revised due) before 30 June 2027, earliest first; the wall clock
    # (any day) plays no part: "Later" stays not overdue whatever today is.
    assert [(a.label, a.due, a.status) for a in glance.overdue] == [
        ("Earlier", "1 February 2027", "Blocked"),
        ("Late", "1 May 2027", "In progress"),
    ]


def test_as_of_can_be_given_and_otherwise_falls_back_to_created(framework: Framework) -> None:
    answers = _actions(framework)
    later = view.build(framework, answers, as_of=dt.date(2027, 10, 1)).glance
    assert [a.label for a in later.overdue] == ["Earlier", "Late", "Later", "Moved"]
    no_update = Answers(
        answers.framework_id,
        answers.framework_version,
        {"created": dt.date(2027, 1, 1)},
        answers.values,
    )
    glance = view.build(framework, no_update).glance
    assert glance.as_of == "1 January 2027" and glance.overdue == ()


def test_overdue_actions_in_both_plans(framework: Framework) -> None:
    answers = _actions(framework)
    markdown = render_plan(framework, answers, PlanFormat.MARKDOWN)
    glance = markdown[markdown.index("## At a glance") : markdown.index("## Contents")]
    assert "- **Overdue actions** (as of 30 June 2027):\n" in glance
    assert "  - Earlier — E, due 1 February 2027 (Blocked)\n" in glance
    html = render_plan(framework, answers, PlanFormat.HTML)
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
    glance = view.build(framework, answers).glance
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
    glance = view.build(framework, answers).glance
    assert glance.aim_progress == "3 of 16 posts (19%) by 31 March 2028"
    assert glance.aim_baseline == "2 posts on 1 October 2026"
    assert glance.aim_meter == 19
    before = view.build(framework, answers.with_value("ready", "sites", [])).glance
    assert before.aim_progress == "0 of 16 posts (0%) by 31 March 2028"  # no actual yet


@pytest.mark.parametrize("plan_format", [PlanFormat.MARKDOWN, PlanFormat.HTML])
def test_no_programme_no_glance_lines(framework: Framework, plan_format: PlanFormat) -> None:
    text = render_plan(framework, Answers.empty(framework), plan_format)
    assert not re.search("Overdue actions|Top risks|Sites by phase|Progress to the aim", text)
