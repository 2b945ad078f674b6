"""What each command does, independent of how it is called. The CLI maps options onto these."""

from __future__ import annotations

from pathlib import Path

from spreadkit import display, values
from spreadkit.answers import read_answers
from spreadkit.atomic import write_text_atomic
from spreadkit.content import load_framework, section_or_error
from spreadkit.environment import Environment
from spreadkit.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.render import PlanFormat, render_plan


def list_steps(env: Environment) -> ExitStatus:
    display.steps_table(env, load_framework())
    return ExitStatus.OK


def show_step(env: Environment, reference: str) -> ExitStatus:
    framework = load_framework()
    appendix = framework.appendix(reference.strip().lower())
    if appendix is not None:
        display.appendix_card(env, appendix)
        return ExitStatus.OK
    section = section_or_error(framework, reference)
    display.step_card(env, section, framework, with_questions=True)
    return ExitStatus.OK


def render(
    env: Environment, answers_file: str, plan_format: PlanFormat, output: str | None
) -> ExitStatus:
    framework = load_framework()
    answers = read_answers(answers_file, framework, stdin_text=_stdin_text(env, answers_file))
    text = render_plan(framework, answers, plan_format)
    if output in (None, "-"):
        env.stdout.write(text)
        return ExitStatus.OK
    assert output is not None
    target = Path(output)
    if target.is_dir():
        raise SpreadkitError(Problem("this is a folder; give a file name for the plan", output))
    write_text_atomic(target, text)
    display.message(env, f"Wrote the plan to {target}", stderr=True)
    return ExitStatus.OK


def _stdin_text(env: Environment, source: str) -> str | None:
    return env.stdin.read() if source == "-" else None


def status(env: Environment, answers_file: str) -> ExitStatus:
    framework = load_framework()
    answers = read_answers(answers_file, framework, stdin_text=_stdin_text(env, answers_file))
    rows = []
    for section in framework.sections:
        asked = [q for q in section.questions if answers.is_asked(section, q)]
        blank = [q for q in asked if values.is_blank(answers.get(section.id, q.id))]
        missing = [q for q in blank if q.required]
        rows.append(
            (
                section.label,
                f"{len(asked) - len(blank)} of {len(asked)}",
                str(len(missing)) if missing else "–",
                (missing or blank)[0].prompt if blank else "–",
            )
        )
    title = str(answers.details.get("title") or answers_file)
    display.status(env, title, rows)
    return ExitStatus.OK
