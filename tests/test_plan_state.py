"""Issue 25: "still to decide" lists only what can be decided; the interview's final review
asks the plan's status and version; the checks that see the programme say both figures."""

from __future__ import annotations

from pathlib import Path

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.app.planning import PlanOptions, run_plan
from spreadkit.core.formats import DocumentKind, PlanFormat
from spreadkit.framework.model import Framework
from spreadkit.plan.figures.scoring import run_checks
from spreadkit.plan.views import board

from .conftest import NORTHFIELD_CHECKINS
from .scripted import ScriptedPrompter, terminal_env


def test_the_final_review_asks_the_plans_status_and_version(
    tmp_path: Path, framework: Framework
) -> None:
    path = tmp_path / "team.answers.yml"
    prompter = ScriptedPrompter(
        [
            ("Ready to write the plan?", "state"),
            ("What is the plan's status?", "for approval"),
            ("The plan's version", "0.3"),
            ("Ready to write the plan?", "write"),
        ]
    )
    options = PlanOptions(path, None, (PlanFormat.MARKDOWN,), ("1",), document=DocumentKind.BOARD)
    run_plan(terminal_env(), options, lambda: prompter)
    assert not prompter.script  # every scripted prompt was asked
    saved = read_answers(path, framework)
    assert (saved.details["status"], saved.details["version"]) == ("for approval", "0.3")
    # the menu says where the plan stands before it is written
    menus = [labels for message, labels in prompter.offered if "Ready to write" in message]
    assert menus[0][0] == "Yes, write the plan (draft, no version)"
    assert menus[-1][0] == "Yes, write the plan (for approval, version 0.3)"


def test_still_to_decide_leaves_out_questions_whose_condition_does_not_hold(
    framework: Framework,
) -> None:
    local = Answers.empty(framework).with_value("analyse", "evidence_strength", "local-data")
    undecided = board.build(framework, local).undecided
    assert not any(line.startswith("Strengthening the evidence") for line in undecided)
    anecdotal = local.with_value("analyse", "evidence_strength", "anecdotal")
    undecided = board.build(framework, anecdotal).undecided
    assert any(line.startswith("Strengthening the evidence") for line in undecided)


def test_an_overrun_is_flagged_and_a_learning_event_after_its_wave_is_not(
    framework: Framework,
) -> None:
    checks = {c.id: c for c in run_checks(framework, read_answers(NORTHFIELD_CHECKINS, framework))}
    assert checks["overrun"].flagged and checks["overrun"].concerned == (
        "13 of 16 posts (81%) on 3 April 2028; target 16 by 31 March 2028 "
        "(3 days past the target date)",
    )
    # "Wave 2 learning event", due 15 May 2028 after Wave 2 ends, is marked as following it
    assert not checks["actions-after-phase"].flagged
    assert not checks["rushed-timescale"].flagged
    unmarked = read_answers(NORTHFIELD_CHECKINS, framework)
    actions = [dict(a) for a in unmarked.get("implement", "actions")]
    for action in actions:
        action.pop("after_phase", None)
    unmarked = unmarked.with_value("implement", "actions", actions)
    checks = {c.id: c for c in run_checks(framework, unmarked)}
    assert checks["actions-after-phase"].concerned == (
        "Wave 2 learning event (due 15 May 2028, after Wave 2 ends on 31 March 2028)",
    )
