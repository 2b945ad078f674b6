"""Answering the content's questions with the keys a person presses, for the tests that drive the
real program through a pseudo-terminal (test_pty.py and its neighbours) and for those that feed
the real prompts through prompt_toolkit's pipe input (test_prompter.py).

Each helper walks the content model alongside the program, expecting each question's prompt and
typing an answer of the right kind, so adding a question to the content needs no change here.
``child`` is a pexpect child, or ``PipeKeys`` for a pipe.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from spreadkit.answers.progress import field_is_asked, is_asked
from spreadkit.answers.store import Answers
from spreadkit.framework.model import Field, Framework, Question, QuestionType, Section
from spreadkit.framework.refs import ref_names

UP = "\x1b[A"
ENTER = "\r"
CTRL_C = "\x03"
TYPED = {
    QuestionType.TEXT: ("Typed text", "Typed text\r"),
    QuestionType.MULTILINE: ("Typed paragraph", "Typed paragraph\r"),  # Enter saves
    QuestionType.NUMBER: (3, "3\r"),
    QuestionType.DATE: (dt.date(2027, 1, 31), "2027-01-31\r"),
    QuestionType.YESNO: (True, "y"),
}


def expect(child: Any, text: str) -> None:
    """Wait until ``text`` is on the screen (a pipe: note that it must be asked, in this order)."""
    child.expect(re.escape(text))


class PipeKeys:
    """A pipe input driven like a pexpect child: ``send`` queues keys, which prompt_toolkit hands
    from one prompt to the next in order; ``expect`` notes each text the person waits for, which
    ``check`` then finds, in the same order, among what the prompter asked (``Asked``)."""

    def __init__(self, pipe: Any) -> None:
        self.pipe = pipe
        self.expected: list[str] = []

    def send(self, keys: str) -> None:
        self.pipe.send_text(keys)

    def expect(self, pattern: str) -> None:
        self.expected.append(pattern)

    def check(self, shown: list[str]) -> None:
        """Every expected text found in ``shown`` (what was drawn, a prompt or a message to an
        item), each after the one before, as pexpect finds them on a screen."""
        at, offset = 0, 0
        for pattern in self.expected:
            for index in range(at, len(shown)):
                found = re.compile(pattern).search(shown[index], offset if index == at else 0)
                if found:
                    at, offset = index, found.end()
                    break
            else:
                raise AssertionError(f"never asked: {pattern!r} after {shown[at][:80]!r}")


def fresh_value(question: Question | Any) -> tuple[Any, str]:
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


def type_value(child: Any, field: Field, answers: Answers) -> Any:
    """Answer one field as a person would, and return the value that should be saved."""
    expect(child, field.prompt)
    kind = field.type
    if kind is QuestionType.QUANTITY:  # the number, then the first suggested unit
        child.send("3\r")
        expect(child, "In what unit?")
        child.send("\r")
        return {"value": 3, "unit": field.units[0]}
    if kind is QuestionType.MONEY:
        child.send("£12,500\r")
        return 12500
    if kind is QuestionType.DATERANGE:
        child.send("2027-01-31\r")
        expect(child, "End date")
        child.send("31/03/2027\r")
        return {"start": dt.date(2027, 1, 31), "end": dt.date(2027, 3, 31)}
    if kind is QuestionType.REF:  # the first record of the group it points to
        child.send("\r")
        names = ref_names(answers_framework(), field, answers.values)
        return names[0] if names else None
    value, keys = fresh_value(field)
    child.send(keys)
    return value


def line_text(field: Field, answers: Answers) -> tuple[Any, str]:
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
    value, keys = fresh_value(field)
    return value, keys.rstrip("\r")


def type_form(
    child: Any, fields: list[Field], answers: Answers, record: dict[str, Any]
) -> dict[str, Any]:
    """A record on one screen: each line typed, then Enter (the last Enter saves); the fields a
    line cannot hold are asked after it, one by one."""
    from spreadkit.interview.record_form import on_a_line

    lines = [f for f in fields if on_a_line(f)]
    if len(lines) > 1:
        expect(child, lines[0].title)
        for field in lines:
            if record.get(field.id) is not None:  # offered (a content default): Enter keeps it
                child.send("\r")
                continue
            value, text = line_text(field, answers)
            child.send(text + "\r")
            if value is not None:
                record[field.id] = value
    else:
        lines = []
    for field in fields:
        if field in lines or not field_is_asked(answers, field, record):
            continue
        value = type_value(child, field, answers)
        if value is not None:
            record[field.id] = value
    return record


def type_line(child: Any, question: Question, answers: Answers) -> dict[str, Any]:
    """A new record's quick fields typed on one line, as a person would; the values saved."""
    by_id = {f.id: f for f in question.fields}
    parts, record = [], {}
    for field_id in question.quick:
        value, text = line_text(by_id[field_id], answers)
        parts.append(text)
        if value is not None:
            record[field_id] = value
    expect(child, f"New {question.item_name}:")
    child.send(", ".join(parts) + "\r")
    return record


def answers_framework() -> Framework:
    from spreadkit.framework.content import load_framework

    return load_framework()


def walk_section(
    child: Any,
    section: Section,
    answers: Answers,
    *,
    keep: bool,
    start: str | None = None,
    stop: str | None = None,
) -> Answers:
    """Answer every question of ``section`` as the program asks it, then its review; ``keep``
    presses Enter through defaults. ``start``: the first question asked (a resumed run);
    ``stop``: return, without answering it or the review, when this question is next."""
    started = start is None
    for question in section.questions:
        started = started or question.id == start
        if not started or not is_asked(answers, section, question):
            continue
        if question.id == stop:
            expect(child, question.prompt)
            return answers
        if question.type is QuestionType.RATINGS:
            expect(child, question.prompt)
            ratings = {}
            for item in question.items:
                expect(child, item.label)
                child.send("\r" if keep else "1\r")  # the previous score, or 1 by its digit
                rated = (answers.get(section.id, question.id) or {}).get(item.id)
                if question.note_prompt and (rated or not keep):  # a skipped rating has no note
                    expect(child, f"{item.label}: {question.note_prompt}")
                    child.send("\r" if keep else "Typed note\r")
                ratings[item.id] = {"score": 1, "note": "Typed note"}
            if not keep:
                answers = answers.with_value(section.id, question.id, ratings)
            continue
        if question.type is QuestionType.GROUP:
            expect(child, f"{question.title}: what next?")
            if keep:
                child.send("\r")  # "Done" is the default once there are records
                continue
            child.send(UP + "\r")  # add one (Enter alone skips)
            record: dict[str, Any] = {}
            fields = list(question.fields)
            if question.quick:  # its quick fields on one line, then "More details?" and a form
                record = type_line(child, question, answers)
                rest = [f for f in fields if f.id not in question.quick]
                for field in rest:
                    if field.default is not None:
                        record.setdefault(field.id, field.default)  # kept when not asked
                for field in (f for f in rest if f.required):
                    record[field.id] = type_value(child, field, answers)
                fields = [f for f in rest if not f.required]
                if any(field_is_asked(answers, f, record) for f in fields):
                    expect(child, "More details for")
                    child.send("y")
                else:
                    fields = []
            record = type_form(child, fields, answers, record)
            expect(child, f"{question.title}: what next?")
            child.send("\r")  # done
            answers = answers.with_value(section.id, question.id, [record])
            continue
        if keep:
            expect(child, question.prompt)
            child.send("\r")
            if question.type is QuestionType.QUANTITY:
                expect(child, "In what unit?")
                child.send("\r")  # the unit as it was
            continue
        value = type_value(child, question, answers)
        answers = answers.with_value(section.id, question.id, value)
    expect(child, "Happy with these answers?")
    child.send("\r")
    return answers
