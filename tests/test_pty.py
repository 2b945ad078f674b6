"""The interview through a real pseudo-terminal, for what only a terminal shows: the keys a
person presses reaching the real program, Ctrl-C and the signals that stop it, and carrying on
where it stopped.

What a prompt does with its keys is tested faster through prompt_toolkit's pipe input
(test_prompter.py: every kind of question, Enter through a whole re-run, bytes that are not
text); the interview's logic, with a scripted prompter (test_interview.py).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.framework.model import Framework, QuestionType

from .conftest import EXAMPLE_ANSWERS
from .keystrokes import expect as _expect
from .keystrokes import fresh_value, walk_section

pexpect = pytest.importorskip("pexpect", reason="pexpect drives a pseudo-terminal (not on Windows)")


def _spawn(cwd: Path, *args: str) -> Any:
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1", "TERM": "xterm"}
    exe = shutil.which("spreadkit", path=str(Path(sys.executable).parent)) or "spreadkit"
    child = pexpect.spawn(
        exe,
        ["plan", *args],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        timeout=15,
        dimensions=(50, 250),
    )
    # pexpect waits 50 ms before every send by default (for programs that turn echo off late);
    # these tests always wait for the prompt first, as a person does, so the pause only slowed
    # them: over 200 keys a full interview.
    child.delaybeforesend = None
    return child


def _details(child: Any) -> None:
    _expect(child, "How do you want to go through it?")
    child.send("\r")  # every question
    for prompt, typed in [
        ("Title of the plan", "PTY plan"),
        ("The innovation", "APP role"),
        ("Your organisation", "SW"),
        ("Who leads", "Jo"),
    ]:
        _expect(child, prompt)
        child.send(typed + "\r")


def _finish(child: Any) -> None:
    _expect(child, "Ready to write the plan?")
    child.send("\r")
    _expect(child, "Your plan is written.")
    child.expect(pexpect.EOF)
    child.close()


def _one_step_left(tmp_path: Path, framework: Framework) -> tuple[Path, Answers]:
    """The South West example, its last step not yet answered: `plan` carries on there."""
    last = framework.sections[-1]
    data = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    del data["answers"][last.id]
    data["completed"].remove(last.id)
    path = tmp_path / "spread-plan.answers.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path, read_answers(path, framework)


@pytest.mark.timeout(90)
def test_ctrl_c_halfway_then_resume_loses_nothing(tmp_path: Path, framework: Framework) -> None:
    """The last step as a person meets it in a terminal, each kind of answer typed (a group's
    record among them), stopped with Ctrl-C halfway through a typed answer: every answer is
    kept and the half-typed one is a draft. The same command carries on at that question with
    the draft filled in, and the plan is written."""
    path, expected = _one_step_left(tmp_path, framework)
    last = framework.sections[-1]
    typed = [q for q in last.questions if q.type in (QuestionType.TEXT, QuestionType.MULTILINE)]
    stop = typed[-1]  # the last question typed in words: every other kind comes before it
    after = last.questions[last.questions.index(stop) + 1 :]

    child = _spawn(tmp_path, "--answers", path.name)
    _expect(child, "This plan is not finished")
    child.send("\r")  # carry on from the last step
    expected = walk_section(child, last, expected, keep=False, stop=stop.id)
    child.send("half a thought")  # typed, not yet submitted
    child.sendintr()
    _expect(child, f"Every answer you gave is saved in {path.name}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    saved = read_answers(path, framework)
    assert saved.values == expected.values and saved.values.get(last.id)
    assert last.id not in saved.completed

    child = _spawn(tmp_path, "--answers", path.name)
    _expect(child, "This plan is not finished")
    child.send("\r")  # carry on, at the question that was interrupted: the draft is back
    _expect(child, "Your unfinished answer from last time is filled in")
    _expect(child, "half a thought")
    child.send(" and the rest\r")
    expected = expected.with_value(last.id, stop.id, "half a thought and the rest")
    if after:
        expected = walk_section(child, last, expected, keep=False, start=after[0].id)
    else:
        _expect(child, "Happy with these answers?")
        child.send("\r")
    _finish(child)
    assert child.exitstatus == 0
    saved = read_answers(path, framework)
    assert saved.values == expected.values  # typed before and after the stop, all there
    assert saved.completed == tuple(section.id for section in framework.sections)
    assert (tmp_path / "spread-plan.plan.md").is_file()
    assert (tmp_path / "spread-plan.plan.html").is_file()


@pytest.mark.parametrize(
    ("stop", "status"),
    [("SIGTERM", 143), ("SIGHUP", 129), ("Ctrl-C", 130), ("SIGINT", 130)],  # at a list of choices
)
def test_every_way_of_stopping_keeps_every_answer(
    tmp_path: Path, framework: Framework, stop: str, status: int
) -> None:
    import signal

    child = _spawn(tmp_path)
    _details(child)
    first = framework.sections[0]
    expected = Answers.empty(framework)
    for question in first.questions[:2]:
        _expect(child, question.prompt)
        value, keys = fresh_value(question)
        child.send(keys)
        expected = expected.with_value(first.id, question.id, value)
    _expect(child, first.questions[2].prompt)
    if stop == "Ctrl-C":
        child.sendintr()
    else:
        child.kill(getattr(signal, stop))
    child.expect(pexpect.EOF)
    assert "Traceback" not in child.before
    child.close()
    assert child.exitstatus == status
    saved = read_answers(tmp_path / "spread-plan.answers.yml", framework)
    assert saved.values == expected.values and saved.details["lead"] == "Jo"
    from spreadkit.files.locking import locked

    with locked(tmp_path / "spread-plan.answers.yml"):  # let go: the next session may start
        pass
