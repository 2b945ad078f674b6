"""A check-in's changes in words: "Dunmere PCN: status preparing → live; actual 0 → 1".

Used for the summary at the end of a check-in and by anything that lists check-ins. Each change
is said about its subject (a record's name, a rating's item, a question's title) and the field
it changed, with the values as a person reads them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from spreadkit.answers.checkins import BadPath, Change, parse_path
from spreadkit.answers.store import DETAIL_PROMPTS
from spreadkit.core.text import shortened
from spreadkit.framework import values
from spreadkit.framework.model import Field, Framework, QuestionType
from spreadkit.framework.wording import display_date

ARROW = "→"
NONE = "none"
SUBJECT_LIMIT = 200  # a record's name is its subject; a cell may hold 32,767 characters


def subject_and_words(framework: Framework, change: Change) -> tuple[str, str]:
    """What ``change`` is about, and what happened to it: ("Dunmere PCN", "status preparing → live")."""
    try:
        where = parse_path(change.path)
    except BadPath:
        return change.path, _was_now(None, change)
    if where.section == "plan":
        label = DETAIL_PROMPTS.get(where.question, (where.question, False))[0]
        return "Plan", f"{_lower(label)} {_was_now(None, change)}"
    section = framework.section(where.section)
    question = section.question(where.question) if section else None
    if question is None:
        return change.path, _was_now(None, change)
    if where.record is not None:
        subject = where.record
        if not where.rest:
            if change.was is None:
                return subject, f"new {question.item_name}"
            if change.now is None:
                return subject, f"{question.item_name} removed"
            return subject, "changed"
        field = next((f for f in question.fields if f.id == where.rest[0]), None)
        name = field.title if field else where.rest[0]
        return subject, f"{_lower(name)} {_was_now(field, change)}"
    if question.type is QuestionType.RATINGS and where.rest:
        item = next((i for i in question.items if i.id == where.rest[0]), None)
        subject = item.label if item else where.rest[0]
        part = where.rest[1] if len(where.rest) > 1 else "rating"
        return subject, f"{part} {_was_now(None, change)}"
    return question.title, _was_now(question, change)


def change_lines(framework: Framework, changes: Iterable[Change]) -> list[str]:
    """One line per subject, its changes joined in the order they were made. A long subject (a
    record's name from a tracker cell) is cut short with its length said, never printed whole."""
    said: dict[str, list[str]] = {}
    for change in changes:
        subject, words = subject_and_words(framework, change)
        said.setdefault(subject, []).append(words)
    return [
        f"{shortened(subject, SUBJECT_LIMIT)}: {'; '.join(words)}"
        for subject, words in said.items()
    ]


def _was_now(field: Field | None, change: Change) -> str:
    return f"{_value(field, change.was)} {ARROW} {_value(field, change.now)}"


def _value(field: Field | None, value: Any) -> str:
    if values.is_blank(value):
        return NONE
    if field is not None and field.type in (QuestionType.CHOICE, QuestionType.SCALE):
        return str(value).replace("-", " ")  # the short value (live, not started, 3), not its label
    if field is not None and not isinstance(value, dict | list):
        try:
            text = values.display(field, value)
        except (AttributeError, TypeError, ValueError):
            text = str(value)
    elif isinstance(value, dt.date):
        text = display_date(value)
    elif isinstance(value, dict | list):
        text = f"{len(value)} {'entry' if len(value) == 1 else 'entries'}"
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:] if label[1:2].islower() or len(label) == 1 else label
