"""What each command does, independent of how it is called. The CLI maps options onto these."""

from __future__ import annotations

from pathlib import Path

from spreadkit import display
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
