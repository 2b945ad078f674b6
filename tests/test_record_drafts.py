"""Issue 23, item 6: Ctrl-C in the middle of adding a record keeps what was entered as a draft,
offered first when the interview carries on, like half-typed text (interview/record_drafts.py)."""

from __future__ import annotations

import json
from pathlib import Path

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import write_answers
from spreadkit.app.planning import PlanOptions, run_plan
from spreadkit.core.errors import ExitStatus
from spreadkit.core.formats import DocumentKind, PlanFormat
from spreadkit.framework.model import Framework

from .scripted import Interrupt, ScriptedPrompter, terminal_env

SITES = "Target adopters: what next?"


def _run(path: Path, prompter: ScriptedPrompter, steps: tuple[str, ...] = ()) -> ExitStatus:
    options = PlanOptions(path, None, (PlanFormat.MARKDOWN,), steps, document=DocumentKind.WORKBOOK)
    return run_plan(terminal_env(), options, lambda: prompter)


def test_ctrl_c_while_adding_a_site_keeps_it_as_a_draft_offered_on_resume(
    tmp_path: Path, framework: Framework
) -> None:
    path = tmp_path / "team.answers.yml"
    first = ScriptedPrompter(
        [
            ("Phases: what next?", "add"),  # so that no question before the sites is blank
            ("Name of the phase", "Pilot"),
            (SITES, "add"),
            ("New adopting site", "Aldbrook PCN"),
            (SITES, "add"),
            ("New adopting site", "Brightwater PCN, , , 12"),  # its line: name and target
            ("More details for “Brightwater PCN”?", True),
            ("How many so far", Interrupt(typed="3")),  # in the form of the rest, Ctrl-C
        ]
    )
    assert _run(path, first) is ExitStatus.INTERRUPTED and first.finished
    saved = read_answers(path, framework).get("ready", "sites")
    assert [s["name"] for s in saved] == ["Aldbrook PCN"]  # the half-entered site is no answer
    drafts = json.loads((tmp_path / ".team.answers.yml.drafts.json").read_text(encoding="utf-8"))
    kept = json.loads(drafts["record:ready.sites"])
    assert kept["editing"] is None
    assert kept["record"]["name"] == "Brightwater PCN" and kept["record"]["target"] == 12
    assert kept["record"]["actual"] == 3  # what the form's line held when Ctrl-C was pressed
    # every question before the sites answered: carrying on starts at the site all the same
    answers = read_answers(path, framework)
    scores = {
        item.id: {"score": 3} for item in framework.section("ready").question("readiness").items
    }
    write_answers(path, answers.with_value("ready", "readiness", scores), framework)

    resumed = ScriptedPrompter([("This plan is not finished", "resume")])
    assert _run(path, resumed) is ExitStatus.OK
    first_asked = resumed.asked[1]
    assert first_asked == SITES  # no earlier question is asked again
    labels = next(labels for message, labels in resumed.offered if message == SITES)
    assert labels[0] == "Carry on with the adopting site you were adding (Brightwater PCN)"
    assert "Discard the unfinished adopting site" in labels
    sites = read_answers(path, framework).get("ready", "sites")
    assert [s["name"] for s in sites] == ["Aldbrook PCN", "Brightwater PCN"]
    assert sites[1]["target"] == 12 and sites[1]["actual"] == 3
    assert not (tmp_path / ".team.answers.yml.drafts.json").exists()


def test_ctrl_c_while_changing_a_site_keeps_the_change_as_a_draft(
    tmp_path: Path, framework: Framework
) -> None:
    path = tmp_path / "team.answers.yml"
    assert (
        _run(path, ScriptedPrompter([(SITES, "add"), ("New adopting site", "Aldbrook PCN")])) == 0
    )
    first = ScriptedPrompter(
        [
            (SITES, "edit"),
            ("Which adopting site do you want to change?", "0"),
            ("Site, team or organisation", "Aldbrook and Fenwick PCN"),
            ("Its target", "20"),
            ("How many so far", Interrupt()),
        ]
    )
    assert _run(path, first, steps=("3",)) is ExitStatus.INTERRUPTED
    assert read_answers(path, framework).get("ready", "sites")[0]["name"] == "Aldbrook PCN"
    second = ScriptedPrompter([(SITES, "draft")])
    assert _run(path, second, steps=("3",)) is ExitStatus.OK
    labels = next(labels for message, labels in second.offered if message == SITES)
    assert (
        labels[0] == "Carry on with the adopting site you were changing (Aldbrook and Fenwick PCN)"
    )
    (site,) = read_answers(path, framework).get("ready", "sites")
    assert site["name"] == "Aldbrook and Fenwick PCN" and site["target"] == 20


def test_a_discarded_draft_is_gone(tmp_path: Path, framework: Framework) -> None:
    path = tmp_path / "team.answers.yml"
    first = ScriptedPrompter(
        [
            (SITES, "add"),
            ("New adopting site", "Brightwater PCN"),
            ("More details for “Brightwater PCN”?", Interrupt()),
        ]
    )
    assert _run(path, first) is ExitStatus.INTERRUPTED
    second = ScriptedPrompter([("This plan is not finished", "resume"), (SITES, "discard")])
    assert _run(path, second) is ExitStatus.OK
    assert not read_answers(path, framework).get("ready", "sites")
    assert not (tmp_path / ".team.answers.yml.drafts.json").exists()


def test_a_drafts_file_nested_too_deep_is_passed_over(tmp_path: Path, framework: Framework) -> None:
    from spreadkit.interview import record_drafts
    from spreadkit.interview.drafts import Drafts

    path = tmp_path / ".team.answers.yml.drafts.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    assert Drafts(path).texts == {}  # a RecursionError, once, not a crash
    path.write_text(json.dumps({"record:ready.sites": "[" * 100_000}), encoding="utf-8")
    section = framework.section("ready")
    assert section is not None and section.question("sites") is not None
    assert record_drafts.load(Drafts(path), section, section.question("sites")) is None
