"""End to end through a real pseudo-terminal: the interview as a person meets it.

The test walks the content model alongside the real program, expecting each question's
prompt on the terminal and typing an answer of the right kind, so adding a question to the
content needs no change here.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from spreadkit.answers.progress import field_is_asked, is_asked
from spreadkit.answers.reading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.framework.model import Field, Framework, Question, QuestionType, Section
from spreadkit.framework.refs import ref_names

from .conftest import EXAMPLE_ANSWERS

pexpect = pytest.importorskip("pexpect", reason="pexpect drives a pseudo-terminal (not on Windows)")

UP = "\x1b[A"
TYPED = {
    QuestionType.TEXT: ("Typed text", "Typed text\r"),
    QuestionType.MULTILINE: ("Typed paragraph", "Typed paragraph\r"),  # Enter saves
    QuestionType.NUMBER: (3, "3\r"),
    QuestionType.DATE: (dt.date(2027, 1, 31), "2027-01-31\r"),
    QuestionType.YESNO: (True, "y"),
}


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


def _expect(child: Any, text: str) -> None:
    child.expect(re.escape(text))


def _fresh_value(question: Question | Any) -> tuple[Any, str]:
    """What the walker types for a field with no previous answer, and the value that should result."""
    kind = question.type
    if kind is QuestionType.NUMBER and getattr(question, "default", None) is not None:
        return question.default, "\r"  # the default is filled in: Enter keeps it
    if kind in TYPED:
        value, keys = TYPED[kind]
        return value, keys
    if kind is QuestionType.CHOICE and question.default is not None:
        return question.default, "\r"  # the content's default is offered first
    if kind is QuestionType.CHOICE:
        # An optional choice starts on "Skip for now", the last line: Down goes round to the first.
        return question.choices[0].value, "\r" if question.required else "\x1b[B\r"
    if kind is QuestionType.MULTICHOICE:
        return [question.choices[0].value], " \r"
    if kind is QuestionType.SCALE:
        return 1, "1\r"
    raise AssertionError(kind)


def _type_value(child: Any, field: Field, answers: Answers) -> Any:
    """Answer one field as a person would, and return the value that should be saved."""
    _expect(child, field.prompt)
    kind = field.type
    if kind is QuestionType.QUANTITY:  # the number, then the first suggested unit
        child.send("3\r")
        _expect(child, "In what unit?")
        child.send("\r")
        return {"value": 3, "unit": field.units[0]}
    if kind is QuestionType.MONEY:
        child.send("£12,500\r")
        return 12500
    if kind is QuestionType.DATERANGE:
        child.send("2027-01-31\r")
        _expect(child, "End date")
        child.send("31/03/2027\r")
        return {"start": dt.date(2027, 1, 31), "end": dt.date(2027, 3, 31)}
    if kind is QuestionType.REF:  # the first record of the group it points to
        child.send("\r")
        names = ref_names(answers_framework(), field, answers.values)
        return names[0] if names else None
    value, keys = _fresh_value(field)
    child.send(keys)
    return value


def _line_text(field: Field, answers: Answers) -> tuple[Any, str]:
    """What a person types for ``field`` on a line (the quick line, a form): value and text."""
    if field.type is QuestionType.REF:
        names = ref_names(answers_framework(), field, answers.values)
        return (names[0], names[0]) if names else (None, "")
    if field.type is QuestionType.MONEY:
        return 12500, "£12500"
    if field.type is QuestionType.YESNO:
        return True, "yes"
    if field.type is QuestionType.CHOICE:
        value = field.default or field.choices[0].value
        return value, value
    value, keys = _fresh_value(field)
    return value, keys.rstrip("\r")


def _type_form(
    child: Any, fields: list[Field], answers: Answers, record: dict[str, Any]
) -> dict[str, Any]:
    """A record on one screen: each line typed, then Enter (the last Enter saves); the fields a
    line cannot hold are asked after it, one by one."""
    from spreadkit.interview.record_form import on_a_line

    lines = [f for f in fields if on_a_line(f)]
    if len(lines) > 1:
        _expect(child, lines[0].title)
        for field in lines:
            if record.get(field.id) is not None:  # offered (a content default): Enter keeps it
                child.send("\r")
                continue
            value, text = _line_text(field, answers)
            child.send(text + "\r")
            if value is not None:
                record[field.id] = value
    else:
        lines = []
    for field in fields:
        if field in lines or not field_is_asked(answers, field, record):
            continue
        value = _type_value(child, field, answers)
        if value is not None:
            record[field.id] = value
    return record


def _type_line(child: Any, question: Question, answers: Answers) -> dict[str, Any]:
    """A new record's quick fields typed on one line, as a person would; the values saved."""
    by_id = {f.id: f for f in question.fields}
    parts, record = [], {}
    for field_id in question.quick:
        value, text = _line_text(by_id[field_id], answers)
        parts.append(text)
        if value is not None:
            record[field_id] = value
    _expect(child, f"New {question.item_name}:")
    child.send(", ".join(parts) + "\r")
    return record


def answers_framework() -> Framework:
    from spreadkit.framework.content import load_framework

    return load_framework()


def _walk_section(
    child: Any, section: Section, answers: Answers, *, keep: bool, skip_until: str | None = None
) -> Answers:
    """Answer every question of ``section`` as the program asks it; ``keep`` presses Enter through defaults."""
    started = skip_until is None
    for question in section.questions:
        started = started or question.id == skip_until
        if not started or not is_asked(answers, section, question):
            continue
        if question.type is QuestionType.RATINGS:
            _expect(child, question.prompt)
            ratings = {}
            for item in question.items:
                _expect(child, item.label)
                child.send("\r" if keep else "1\r")  # the previous score, or 1 by its digit
                rated = (answers.get(section.id, question.id) or {}).get(item.id)
                if question.note_prompt and (rated or not keep):  # a skipped rating has no note
                    _expect(child, f"{item.label}: {question.note_prompt}")
                    child.send("\r" if keep else "Typed note\r")
                ratings[item.id] = {"score": 1, "note": "Typed note"}
            if not keep:
                answers = answers.with_value(section.id, question.id, ratings)
            continue
        if question.type is QuestionType.GROUP:
            _expect(child, f"{question.title}: what next?")
            if keep:
                child.send("\r")  # "Done" is the default once there are records
                continue
            child.send(UP + "\r")  # add one (Enter alone skips)
            record: dict[str, Any] = {}
            fields = list(question.fields)
            if question.quick:  # its quick fields on one line, then "More details?" and a form
                record = _type_line(child, question, answers)
                rest = [f for f in fields if f.id not in question.quick]
                for field in rest:
                    if field.default is not None:
                        record.setdefault(field.id, field.default)  # kept when not asked
                for field in (f for f in rest if f.required):
                    record[field.id] = _type_value(child, field, answers)
                fields = [f for f in rest if not f.required]
                if any(field_is_asked(answers, f, record) for f in fields):
                    _expect(child, "More details for")
                    child.send("y")
                else:
                    fields = []
            record = _type_form(child, fields, answers, record)
            _expect(child, f"{question.title}: what next?")
            child.send("\r")  # done
            answers = answers.with_value(section.id, question.id, [record])
            continue
        if keep:
            _expect(child, question.prompt)
            child.send("\r")
            if question.type is QuestionType.QUANTITY:
                _expect(child, "In what unit?")
                child.send("\r")  # the unit as it was
            continue
        value = _type_value(child, question, answers)
        answers = answers.with_value(section.id, question.id, value)
    _expect(child, "Happy with these answers?")
    child.send("\r")
    return answers


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


@pytest.mark.timeout(180)  # the whole interview: about 25 s alone, far longer on a busy machine
def test_ctrl_c_halfway_then_resume_loses_nothing(tmp_path: Path, framework: Framework) -> None:
    """The whole interview as a person meets it, stopped with Ctrl-C halfway through a typed
    answer and resumed: nothing is lost, the draft comes back, and the plan is written."""
    child = _spawn(tmp_path)
    _expect(child, "Every answer is saved as you go")
    _details(child)
    expected = Answers.empty(framework)
    expected = _walk_section(child, framework.sections[0], expected, keep=False)
    second = framework.sections[1]
    _expect(child, second.questions[0].prompt)
    child.send("\r")  # first choice of step 2
    expected = expected.with_value(
        second.id, second.questions[0].id, second.questions[0].choices[0].value
    )
    _expect(child, second.questions[1].prompt)
    child.send("half a thought")  # typed, not yet submitted
    child.sendintr()
    _expect(child, "Every answer you gave is saved in spread-plan.answers.yml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    saved = read_answers(tmp_path / "spread-plan.answers.yml", framework)
    assert saved.values == expected.values
    assert saved.completed == (framework.sections[0].id,)

    child = _spawn(tmp_path)
    _expect(child, "This plan is not finished")
    child.send("\r")  # carry on, at the question that was interrupted: the draft is back
    _expect(child, "Your unfinished answer from last time is filled in")
    _expect(child, "half a thought")
    child.send(" and the rest\r")
    expected = expected.with_value(second.id, second.questions[1].id, "half a thought and the rest")
    expected = _walk_section(child, second, expected, keep=False, skip_until=second.questions[2].id)
    for section in framework.sections[2:]:
        expected = _walk_section(child, section, expected, keep=False)
    _finish(child)
    assert child.exitstatus == 0
    saved = read_answers(tmp_path / "spread-plan.answers.yml", framework)
    assert saved.values == expected.values  # typed before and after the stop, all there
    assert saved.completed == tuple(section.id for section in framework.sections)
    assert saved.details["title"] == "PTY plan"
    assert (tmp_path / "spread-plan.plan.md").is_file() and (
        tmp_path / "spread-plan.plan.html"
    ).is_file()


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
        value, keys = _fresh_value(question)
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


def test_enter_through_a_rerun_keeps_the_file_byte_for_byte(
    tmp_path: Path, framework: Framework
) -> None:
    """Issue 14's test: a complete file less one rating and one optional choice, only Enter,
    through steps 1, 2 and 4 (a re-run of chosen steps goes from step 2 to step 4, not 3)."""
    from spreadkit.answers.store import write_answers

    answers_path = tmp_path / "sw.answers.yml"
    write_answers(answers_path, read_answers(EXAMPLE_ANSWERS, framework), framework)
    text = answers_path.read_text(encoding="utf-8")
    rating = re.search(r"\n      observability:\n(        .*\n)+", text)
    choice = re.search(r"\n    approach: mix\n", text)
    assert rating and choice
    text = text.replace(rating.group(0), "\n").replace(choice.group(0), "\n")
    answers_path.write_text(text, encoding="utf-8")
    before = read_answers(answers_path, framework)

    child = _spawn(
        tmp_path, "--answers", answers_path.name, "--step", "1", "--step", "2", "--step", "4"
    )
    for step in ("analyse", "message", "implement"):
        section = framework.section(step)
        assert section is not None
        _walk_section(child, section, before, keep=True)
        if step == "message":
            _expect(child, "Yes, continue to Step 4")
    _expect(child, "Yes, continue to the final review")  # not "to Step 5"
    _expect(child, "Ready to write the plan?")
    child.send("\r")
    _expect(child, "The plan is unchanged.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    def undated(content: str) -> str:
        return re.sub(r"\n  updated: .*\n", "\n", content)

    assert undated(answers_path.read_text(encoding="utf-8")) == undated(text)
    assert read_answers(answers_path, framework).values == before.values


def test_bytes_that_are_not_text_are_asked_again(tmp_path: Path, framework: Framework) -> None:
    child = _spawn(tmp_path)
    _expect(child, "How do you want to go through it?")
    child.send("\r")
    _expect(child, "Title of the plan")
    os.write(child.child_fd, b"Bad \xff\r")  # what a terminal in another encoding sends
    _expect(child, "not text")
    child.send("\x7f" * 5 + "Good\r")
    _expect(child, "The innovation")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert read_answers(tmp_path / "spread-plan.answers.yml", framework).details["title"] == "Good"
