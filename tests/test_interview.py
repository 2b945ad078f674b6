"""The interview's logic, driven by a scripted prompter: no terminal needed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers, write_answers
from spreadkit.app.planning import PlanOptions, run_plan
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus
from spreadkit.core.formats import DocumentKind, PlanFormat
from spreadkit.framework.model import Framework

from .conftest import EXAMPLE_ANSWERS
from .scripted import DEFAULT, Interrupt, ScriptedPrompter, terminal_env


def _run(
    tmp_path: Path,
    prompter: ScriptedPrompter,
    *,
    steps: tuple[str, ...] = (),
    answers: Path | None = None,
    env: Environment | None = None,
) -> tuple[ExitStatus, Environment, Path]:
    env = env or terminal_env()
    path = answers or tmp_path / "team.answers.yml"
    options = PlanOptions(
        path, None, (PlanFormat.MARKDOWN, PlanFormat.HTML), steps, document=DocumentKind.WORKBOOK
    )
    return run_plan(env, options, lambda: prompter), env, path


def test_full_interview_writes_answers_and_both_plans(tmp_path: Path, framework: Framework) -> None:
    prompter = ScriptedPrompter(
        [
            ("Title of the plan", "Spreading the APP role"),
            ("What problem did the innovation solve", "Long waits\n\nfor support"),
            ("How strong is that evidence", "anecdotal"),
            ("How will you strengthen the evidence", "A formal evaluation"),
            ("Relative advantage", "4"),
            ("Relative advantage: Evidence for this rating", "Faster than waiting lists"),
            ("Compatibility", "__skip__"),
            ("Which hooks could encourage uptake?", ["qipp", "tariff"]),
            ("Influential individuals: what next?", "done"),
            ("Target adopters: what next?", "done"),
            ("How many sites", "3"),
            ("When does implementation start", "31/01/2027"),
            ("How realistic is that timescale", "4"),
            ("Will adopters run small, rapid tests", False),
        ]
    )
    status, env, path = _run(tmp_path, prompter)
    assert status is ExitStatus.OK and prompter.finished
    answers = read_answers(path, framework)
    assert answers.details["title"] == "Spreading the APP role"
    assert answers.get("analyse", "problem") == "Long waits\n\nfor support"
    assert answers.get("analyse", "evidence_gap") == "A formal evaluation"
    attributes = answers.get("analyse", "attributes")
    assert attributes["relative_advantage"] == {"score": 4, "note": "Faster than waiting lists"}
    assert "compatibility" not in attributes  # skipped: no score, so no note asked
    assert answers.get("message", "hooks") == ["tariff", "qipp"]  # content order
    assert answers.get("implement", "timescale_realism") == 4
    assert answers.get("ready", "sites_first_year") == 3
    assert answers.get("implement", "start_date") == dt.date(2027, 1, 31)
    assert answers.get("implement", "rapid_tests") is False
    assert answers.get("implement", "rapid_test_list") is None  # its condition was false: not asked
    assert not any("Which small tests are planned" in m for m in prompter.asked)
    assert answers.completed == tuple(s.id for s in framework.sections)
    assert (
        (tmp_path / "team.plan.md")
        .read_text(encoding="utf-8")
        .startswith("# Spreading the APP role")
    )
    assert "<!DOCTYPE html>" in (tmp_path / "team.plan.html").read_text(encoding="utf-8")
    out = env.stdout.getvalue()
    assert "Step 2 of 5 · question 3 of 9" in out
    assert (
        "Your plan is written." in out
        and "spreadkit plan --answers" in out
        and "spreadkit status" in out
    )
    # each assessment's scores show in the terminal right after its question
    assert out.count("(subtotal)") >= 3 and "Covered" in out


def test_each_step_shows_its_quote_tips_and_then_its_tools(
    tmp_path: Path, framework: Framework
) -> None:
    _, env, _ = _run(tmp_path, ScriptedPrompter())
    out = " ".join(env.stdout.getvalue().split())
    for step in framework.steps:
        intro = out.index(step.title)
        assert out.index(" ".join(step.quote.text.split())[:30], intro) > intro
        first_tip = out.index(step.tips[0].title, intro)
        tools = out.index("Tools and resources", intro)
        assert first_tip < tools
        assert out.index(step.tools[-1].name, tools) > tools


def test_validation_asks_again_and_says_why(tmp_path: Path) -> None:
    prompter = ScriptedPrompter(
        [
            ("Title of the plan", ""),
            ("Title of the plan", "A plan"),
            ("How many sites", "lots"),
            ("How many sites", "0"),
            ("How many sites", "2"),
            ("When does implementation start", "31/02/2027"),
            ("When does implementation start", "2027-02-01"),
        ]
    )
    status, _, _ = _run(tmp_path, prompter)
    assert status is ExitStatus.OK and prompter.finished
    assert prompter.rejected == [
        "An answer is needed here.",
        "'lots' is not a number (type digits only, for example 12 or 2.5).",
        "0 is below the minimum of 1.",
        "day 31 does not exist in February 2027, which has 28 days.",
    ]


def test_repeating_group_add_edit_remove(tmp_path: Path, framework: Framework) -> None:
    prompter = ScriptedPrompter(
        [
            ("Influential individuals: what next?", "add"),
            ("Name or role", "Dr A"),
            ("What kind of influence", "champion"),
            ("Influential individuals: what next?", "add"),
            ("Name or role", "Dr B"),
            ("What kind of influence", "opinion-leader"),
            ("Influential individuals: what next?", "edit"),
            ("Which influential individual do you want to change?", "0"),
            ("Name or role", "Dr A (chair)"),
            ("Influential individuals: what next?", "remove"),
            ("Which influential individual do you want to remove?", "1"),
            ("Remove “Dr B”?", True),
            ("Influential individuals: what next?", "done"),
        ]
    )
    _, _, path = _run(tmp_path, prompter)
    assert prompter.finished
    records = read_answers(path, framework).get("message", "influencers")
    assert [(r["name"], r["type"]) for r in records] == [("Dr A (chair)", "champion")]
    assert "influence" not in records[0]  # an optional choice left at "Skip for now"


def test_change_one_answer_and_redo_a_step(tmp_path: Path, framework: Framework) -> None:
    prompter = ScriptedPrompter(
        [
            ("Where did it work first", "Ward 7"),
            ("Happy with these answers?", "change"),
            ("Which answer do you want to change?", "original_setting"),
            ("Where did it work first", "Ward 9"),
            ("Happy with these answers?", "redo"),
            ("What problem did the innovation solve", "Redone"),
            ("Happy with these answers?", "continue"),
        ]
    )
    _, _, path = _run(tmp_path, prompter)
    assert prompter.finished
    answers = read_answers(path, framework)
    assert answers.get("analyse", "original_setting") == "Ward 9"
    assert answers.get("analyse", "problem") == "Redone"


def test_final_review_can_change_an_answer_in_an_earlier_step(
    tmp_path: Path, framework: Framework
) -> None:
    prompter = ScriptedPrompter(
        [
            ("What barriers stand in the way?", "Funding"),
            ("Ready to write the plan?", "change"),
            ("In which step?", "analyse"),
            ("Which answer do you want to change?", "lessons"),
            ("What lessons", "Supervise first"),
            ("Ready to write the plan?", "write"),
        ]
    )
    _, _, path = _run(tmp_path, prompter)
    assert prompter.finished
    assert read_answers(path, framework).get("analyse", "lessons") == "Supervise first"
    assert "Supervise first" in (tmp_path / "team.plan.md").read_text(encoding="utf-8")


def test_ctrl_c_keeps_every_answer_and_says_how_to_resume(
    tmp_path: Path, framework: Framework
) -> None:
    prompter = ScriptedPrompter(
        [
            ("What problem did the innovation solve", "Long waits"),
            ("What evidence shows", "Outcome scores"),
            ("How strong is that evidence", Interrupt()),
        ]
    )
    status, env, path = _run(tmp_path, prompter)
    assert status is ExitStatus.INTERRUPTED
    answers = read_answers(path, framework)
    assert answers.get("analyse", "problem") == "Long waits"
    assert answers.get("analyse", "evidence") == "Outcome scores"
    assert answers.completed == ()
    assert "Every answer you gave is saved in" in env.stderr.getvalue()
    assert f"spreadkit plan --answers {path}" in env.stderr.getvalue()
    assert not (tmp_path / "team.plan.md").exists()

    resumed = ScriptedPrompter([("This plan is not finished", "resume")])
    status, _, _ = _run(tmp_path, resumed)
    assert status is ExitStatus.OK
    first_question = next(m for m in resumed.asked if "?" in m and "not finished" not in m)
    assert "How strong is that evidence" in first_question  # picks up where it stopped
    answers = read_answers(path, framework)
    assert answers.get("analyse", "problem") == "Long waits"  # nothing lost
    assert not any("Title of the plan" in m for m in resumed.asked)
    offered = dict(resumed.offered)["This plan is not finished. Where do you want to start?"]
    assert offered[0] == "Carry on from Step 1: Analyse the original innovation"


def test_stopped_in_the_plan_details_offers_to_carry_on_from_them(
    tmp_path: Path, framework: Framework
) -> None:
    """Stopped at the second detail: the offer names the details, where it carries on (it said
    "Carry on from Step 1" and then asked the details: a newcomer noticed)."""
    first = ScriptedPrompter(
        [
            ("How do you want to go through it", "all"),
            ("Title of the plan", "A plan"),
            ("The innovation you want to spread", Interrupt("half")),
        ]
    )
    status, _, _ = _run(tmp_path, first)
    assert status is ExitStatus.INTERRUPTED
    resumed = ScriptedPrompter(
        [
            ("This plan is not finished", "resume"),
            ("The innovation you want to spread", Interrupt()),
        ]
    )
    _run(tmp_path, resumed)
    assert "Title of the plan" in resumed.asked[1]  # the details come first, as offered
    offered = dict(resumed.offered)["This plan is not finished. Where do you want to start?"]
    assert (
        offered[0] == "Carry on from About this plan, then Step 1: Analyse the original innovation"
    )


def test_rerun_one_step_keeps_every_other_answer(tmp_path: Path, framework: Framework) -> None:
    path = tmp_path / "sw.answers.yml"
    path.write_text(EXAMPLE_ANSWERS.read_text(encoding="utf-8"), encoding="utf-8")
    before = read_answers(path, framework)
    prompter = ScriptedPrompter([("Who is the senior management sponsor?", "Chief executive, ICB")])
    status, env, _ = _run(tmp_path, prompter, steps=("3",), answers=path)
    assert status is ExitStatus.OK and prompter.finished
    after = read_answers(path, framework)
    assert after.get("ready", "senior_sponsor") == "Chief executive, ICB"
    for section in framework.sections:
        if section.id != "ready":
            assert after.section(section.id) == before.section(section.id)
    changed = after.with_value("ready", "senior_sponsor", before.get("ready", "senior_sponsor"))
    assert changed.values == before.values
    assert not any("Step 1 of 5" in m or "Title of the plan" in m for m in prompter.asked)
    out = " ".join(env.stdout.getvalue().split())
    # the answer that changed, in the words the history uses, then the part of the plan
    assert (
        "What changed: Senior sponsor: Chief people officer, integrated care b… → Chief executive, ICB "
        "Parts of the plan that changed: Step 3: Getting ready to adopt" in out
    )


def test_what_changed_comes_from_the_plan_not_from_a_teams_own_template(
    tmp_path: Path, framework: Framework
) -> None:
    # A team's Markdown template with no "## " headings at all: what changed must not depend on it.
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "plan.md.j2").write_text(
        "{{ plan.title }}\n{% for section in plan.sections %}* {{ section.title }}\n{% endfor %}",
        encoding="utf-8",
    )
    path = tmp_path / "sw.answers.yml"
    # The example as spreadkit writes it: this test is not about keeping a person's comments
    # (test_rerun_one_step_keeps_every_other_answer is), and saves skip ruamel.yaml.
    write_answers(path, read_answers(EXAMPLE_ANSWERS, framework), framework)
    env = replace(terminal_env(), templates=templates)
    prompter = ScriptedPrompter([("Who is the senior management sponsor?", "Chief executive, ICB")])
    status, env, _ = _run(tmp_path, prompter, steps=("3",), answers=path, env=env)
    assert status is ExitStatus.OK and prompter.finished
    assert (tmp_path / "sw.plan.md").read_text(encoding="utf-8").count("* ") == len(
        framework.sections
    )
    out = " ".join(env.stdout.getvalue().split())
    # the answer that changed, in the words the history uses, then the part of the plan
    assert (
        "What changed: Senior sponsor: Chief people officer, integrated care b… → Chief executive, ICB "
        "Parts of the plan that changed: Step 3: Getting ready to adopt" in out
    )


def test_rerun_by_id_and_unknown_step(tmp_path: Path) -> None:
    status, _, _ = _run(tmp_path, ScriptedPrompter(), steps=("sustain",))
    assert status is ExitStatus.OK
    from spreadkit.core.errors import SpreadkitError

    with pytest.raises(SpreadkitError, match=r"no step 'sustian'.*did you mean 'sustain'"):
        _run(tmp_path, ScriptedPrompter(), steps=("sustian",))


def test_answers_are_saved_after_every_answer(tmp_path: Path, framework: Framework) -> None:
    path = tmp_path / "team.answers.yml"
    seen: list[int] = []

    class Watching(ScriptedPrompter):
        def text(self, message: str, **kwargs):  # type: ignore[override]
            if path.exists():
                answers = read_answers(path, framework)
                seen.append(len(answers.details) + sum(len(v) for v in answers.values.values()))
            return super().text(message, **kwargs)

    _run(tmp_path, Watching())
    assert seen == sorted(seen) and seen[-1] > seen[0] + 20


def test_complete_plan_offers_review_and_writes(tmp_path: Path, framework: Framework) -> None:
    path = tmp_path / "sw.answers.yml"
    path.write_text(EXAMPLE_ANSWERS.read_text(encoding="utf-8"), encoding="utf-8")
    prompter = ScriptedPrompter([("This plan is complete", "review")])
    status, _, _ = _run(tmp_path, prompter, answers=path)
    assert status is ExitStatus.OK and prompter.finished
    assert read_answers(path, framework).values == read_answers(EXAMPLE_ANSWERS, framework).values
    assert (tmp_path / "sw.plan.html").exists()


def test_no_terminal_exits_2_with_one_line(cli, tmp_path: Path) -> None:
    result = cli("plan", "--answers", str(tmp_path / "x.answers.yml"))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: spreadkit plan asks questions, and needs a terminal to do it. To make a plan from an answers file without questions, run: spreadkit render FILE.answers.yml"
    ]
    assert not (tmp_path / "x.answers.yml").exists()


def test_blank_answers_start_empty(framework: Framework) -> None:
    assert Answers.empty(framework).values == {}


def test_ctrl_c_before_any_answer_says_nothing_was_saved(tmp_path: Path) -> None:
    status, env, path = _run(tmp_path, ScriptedPrompter([("Title of the plan", Interrupt())]))
    assert status is ExitStatus.INTERRUPTED
    assert "Stopped before the first answer: nothing to save." in env.stderr.getvalue()
    assert not path.exists()


def test_a_step_3_run_continues_to_the_final_review_not_to_step_4(
    tmp_path: Path, framework: Framework
) -> None:
    path = tmp_path / "sw.answers.yml"
    # The example as spreadkit writes it: this test is not about keeping a person's comments
    # (test_rerun_one_step_keeps_every_other_answer is), and saves skip ruamel.yaml.
    write_answers(path, read_answers(EXAMPLE_ANSWERS, framework), framework)
    prompter = ScriptedPrompter()
    _run(tmp_path, prompter, steps=("3",), answers=path)
    reviews = [labels[0] for message, labels in prompter.offered if message.startswith("Happy")]
    assert reviews == ["Yes, continue to the final review"]
    prompter = ScriptedPrompter()
    _run(tmp_path, prompter, steps=("2", "3"), answers=path)
    reviews = [labels[0] for message, labels in prompter.offered if message.startswith("Happy")]
    assert reviews == [
        "Yes, continue to Step 3: Getting ready to adopt",
        "Yes, continue to the final review",
    ]


def test_progress_in_the_details_and_a_count_that_does_not_jump(tmp_path: Path) -> None:
    prompter = ScriptedPrompter([("How strong is that evidence", "anecdotal")])
    _, env, _ = _run(tmp_path, prompter, steps=("1",))
    out = env.stdout.getvalue()
    assert "About this plan · question 1 of 4" in out
    assert "About this plan · question 4 of 4" in out
    counts = re.findall(r"Step 1 of 5 · question (\d+) of (\d+)", out)
    assert len({total for _, total in counts}) == 1  # the same total throughout
    numbers = [int(number) for number, _ in counts]
    assert numbers == sorted(numbers)  # never backwards
    # The follow-up to "anecdotal" shares its question's number and says what it is.
    assert "Step 1 of 5 · question 3 of 21 · a follow-up to your answer" in out


def test_required_questions_only_gives_a_first_plan_fast(
    tmp_path: Path, framework: Framework
) -> None:
    prompter = ScriptedPrompter([("How do you want to go through it?", "required")])
    status, _, path = _run(tmp_path, prompter)
    assert status is ExitStatus.OK
    asked = [m for m in prompter.asked if "(optional)" in m]
    assert not asked  # not one optional question
    saved = read_answers(path, framework)
    assert not saved.completed  # the next run offers the rest
    assert (tmp_path / "team.plan.md").is_file()
    prompter = ScriptedPrompter()
    _run(tmp_path, prompter, answers=path)
    assert "This plan is not finished. Where do you want to start?" in prompter.asked
    assert any("(optional)" in m for m in prompter.asked)


def test_a_measure_taken_before_and_after_is_typed_once(framework: Framework) -> None:
    from spreadkit.plan.figures.scoring import run_checks

    both = Answers.empty(framework).with_value(
        "implement", "measures", [{"measure": "Waits", "when": "before-and-after"}]
    )
    flagged = {c.id: c.flagged for c in run_checks(framework, both)}
    assert flagged["no-baseline"] is False  # it counts as a baseline


def test_tips_in_full_the_first_time_and_folded_on_a_rerun(
    tmp_path: Path, framework: Framework
) -> None:
    step = framework.steps[0]
    guidance = " ".join(step.tips[0].guidance.split()[:6])
    _, env, path = _run(tmp_path, ScriptedPrompter(), steps=("1",))
    first = " ".join(env.stdout.getvalue().split())
    assert guidance in first and "Ctrl-T shows them in full" not in first
    _, env, _ = _run(tmp_path, ScriptedPrompter(), steps=("1",), answers=path)
    again = " ".join(env.stdout.getvalue().split())
    assert guidance not in again
    assert f"Tips from the framework: {step.tips[0].title} · {step.tips[1].title}" in again
    assert "Ctrl-T shows them in full" in again


def test_complexity_is_rated_in_words_about_complexity(
    tmp_path: Path, framework: Framework
) -> None:
    prompter = ScriptedPrompter([("Complexity (simpler is better)", "4")])
    _run(tmp_path, prompter, steps=("1",))
    labels = next(labels for message, labels in prompter.offered if message.startswith("Complex"))
    assert labels[:5] == [
        "1 of 5 – Very complex",
        "2 of 5 – Quite complex",
        "3 of 5 – Moderately complex",
        "4 of 5 – Fairly simple",
        "5 of 5 – Simple",
    ]
    plan = (tmp_path / "team.plan.md").read_text(encoding="utf-8")
    assert (
        "4 of 5 – Fairly simple" in plan and "Fairly strong" not in plan.split("Complexity")[1][:80]
    )


def test_ctrl_c_while_typing_the_first_answer_keeps_it_as_a_draft(tmp_path: Path) -> None:
    script = [("Title of the plan", Interrupt(typed="Spreading the A"))]
    status, env, path = _run(tmp_path, ScriptedPrompter(script))
    assert status is ExitStatus.INTERRUPTED
    assert "kept as a draft" in env.stderr.getvalue()
    assert "nothing to save" not in env.stderr.getvalue()
    prompter = ScriptedPrompter()
    _run(tmp_path, prompter)
    assert "Spreading the A" in path.read_text(encoding="utf-8")  # offered, kept with Enter
    assert not (tmp_path / ".team.answers.yml.drafts.json").exists()


def test_welcome_estimates_the_whole_interview_but_not_a_step_rerun(tmp_path: Path) -> None:
    """Issue: "Every question takes 40 to 60 minutes" read as per question, and showed on --step."""
    status, env, _ = _run(tmp_path, ScriptedPrompter([("Title of the plan", Interrupt())]))
    assert status is ExitStatus.INTERRUPTED
    shown = " ".join(env.stdout.getvalue().split())  # type: ignore[attr-defined]
    assert (
        "Going through every question takes about 40 to 60 minutes in all; "
        "the required ones only, about 15 minutes." in shown
    )
    assert "Every question takes" not in shown
    path = tmp_path / "sw.answers.yml"
    path.write_text(EXAMPLE_ANSWERS.read_text(encoding="utf-8"), encoding="utf-8")
    prompter = ScriptedPrompter([("Who is the senior management sponsor?", Interrupt())])
    status, env, _ = _run(tmp_path, prompter, steps=("3",), answers=path)
    shown = " ".join(env.stdout.getvalue().split())  # type: ignore[attr-defined]
    assert "Every answer is saved as you go" in shown  # the welcome was shown...
    assert "minutes" not in shown  # ...with no word on how long everything takes


def test_ctrl_c_at_a_ratings_note_keeps_the_score_just_given(
    tmp_path: Path, framework: Framework
) -> None:
    """Found in a trial: a score chosen, then Ctrl-C at its note, lost the score."""
    prompter = ScriptedPrompter(
        [
            ("Relative advantage", "4"),
            ("Relative advantage: Evidence for this rating", Interrupt()),
        ]
    )
    status, _, path = _run(tmp_path, prompter, steps=("1",))
    assert status is ExitStatus.INTERRUPTED
    saved = read_answers(path, framework).get("analyse", "attributes")
    assert saved == {"relative_advantage": {"score": 4}}


def test_a_first_step_run_in_a_new_folder_does_not_call_the_new_plan_unchanged(
    tmp_path: Path,
) -> None:
    """Found in a user trial: `plan --step 5` in an empty folder wrote a first plan, then said
    "The plan is unchanged": there was no plan before it to compare with."""
    status, env, path = _run(tmp_path, ScriptedPrompter(), steps=("5",))
    assert status is ExitStatus.OK and path.exists()
    out = env.stdout.getvalue()
    assert "The plan is unchanged" not in out and "What changed in the plan" not in out
    assert "Your plan is written." in out


def test_a_rejected_answer_reads_as_one_sentence() -> None:
    # the hint follows in brackets, as errors say it, and a question mark is not followed by "."
    from spreadkit.framework import values

    problem = values.BadValue(
        "'Dunmre PCN' is not one of the choices", "did you mean 'Dunmere PCN'?"
    )
    assert values.problem_sentence(problem) == (
        "'Dunmre PCN' is not one of the choices (did you mean 'Dunmere PCN'?)."
    )
    assert values.problem_sentence(values.BadValue("0 is below the minimum of 1")) == (
        "0 is below the minimum of 1."
    )


def test_the_plans_a_step_run_writes_match_the_answers_it_saved(
    tmp_path: Path, framework: Framework
) -> None:
    """Found in a user check: after `plan --step 2` pressing only Enter, the answers file had
    today's `updated` date but the plans it wrote still had the old one, so `render --check`
    called them out of date straight away."""
    from spreadkit.plan.output.render import render_plan

    path = tmp_path / "sw.answers.yml"
    path.write_text(EXAMPLE_ANSWERS.read_text(encoding="utf-8"), encoding="utf-8")
    status, _, _ = _run(tmp_path, ScriptedPrompter(), steps=("2",), answers=path)
    assert status is ExitStatus.OK
    saved = read_answers(path, framework)
    assert saved.details["updated"] != read_answers(EXAMPLE_ANSWERS, framework).details["updated"]
    written = (tmp_path / "sw.plan.md").read_text(encoding="utf-8")
    assert written == render_plan(
        framework, saved, PlanFormat.MARKDOWN, document=DocumentKind.WORKBOOK
    )


def test_enter_through_a_step_saves_once_not_at_every_answer(
    tmp_path: Path, framework: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keeping every answer with Enter writes the file once (its dates), not once an answer: each
    save is a whole-file write and read-back (a re-run of a step made 56 of them)."""
    import shutil

    from spreadkit.app import planning

    from .conftest import NORTHFIELD

    path = tmp_path / "team.answers.yml"
    shutil.copy(NORTHFIELD, path)
    writes: list[Path] = []
    real = planning.write_answers
    monkeypatch.setattr(
        planning, "write_answers", lambda p, a, f: (writes.append(p), real(p, a, f))[1]
    )

    class EnterOnly(ScriptedPrompter):
        """Enter at every prompt: a blank optional answer stays blank (no invented text)."""

        def text(self, message: str, *, default: str = "", **_: object) -> str:
            answer = self._next(message)
            return default if answer is DEFAULT else str(answer)

    prompter = EnterOnly([("Happy with these answers?", "continue")])
    status, _, _ = _run(tmp_path, prompter, steps=("analyse",), answers=path)
    assert status == ExitStatus.OK
    assert len(prompter.asked) > 10  # the step's questions were all asked
    assert writes == [path]
