"""Where the board plan finds each role's answer, and a table's columns: worked out once per
framework.

A framework is frozen: the question that plays a role, its title, the path its sources are
cited by and the fields a table shows never change for it. So they are looked up the first time
a board plan is made with a framework and kept, and each plan's board plan is only lookups of
its answers (``board_parts.Reader``). They are kept by framework object, never by its id alone:
a weak reference tells a framework from a later one that took the id of one since gone, and
what a framework no longer in use had is let go (``framework.kept``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from types import MappingProxyType
from typing import Any

from spreadkit.core.records import dataclass
from spreadkit.framework import boardwords, roles, values
from spreadkit.framework.kept import PerFramework
from spreadkit.framework.model import Field, Framework, Question, QuestionType, Section

COLUMN_SETS = 64  # a framework's tables kept: the board plan's code names about ten


@dataclass(frozen=True)
class Place:
    """The question playing a role: None in content that was never checked for roles."""

    section: Section | None
    question: Question | None
    section_id: str
    question_id: str
    path: str  # ``section.question``: how citations and assumptions name the answer
    title: str  # the question's short name, for a sub-heading; "" without a question
    show: Callable[[Any], str]  # how the answer reads (``values.display``), when not blank


@dataclass(frozen=True)
class Column:
    """A field a table may show, with how its values read (``values.display`` for the field)."""

    field: Field
    show: Callable[[Any], str]
    id: str  # the field's id, its key in a record
    title: str  # the column's heading


# The question types ``values.display`` shows as ``str(value)`` (checked by a test).
_AS_TEXT = (QuestionType.TEXT, QuestionType.MULTILINE, QuestionType.REF)


def shower(field: Field) -> Callable[[Any], str]:
    """``values.display`` for ``field``, its type looked up once: for a value that is not blank."""
    if field.type in _AS_TEXT:
        return str
    if field.type is QuestionType.DATE:
        return values.display_date
    if field.type is QuestionType.CHOICE:
        return field.choice_label
    return partial(values.display, field)


class Places:
    """What the board plan reads of one framework: each role's place, its words, its tables."""

    def __init__(self, framework: Framework) -> None:
        self.roles: dict[str, Place] = {name: _place(framework, name) for name in roles.ROLES}
        self.words: Mapping[str, str] = MappingProxyType(boardwords.words(framework))
        self._columns: dict[tuple[str, tuple[str, ...]], tuple[Column, ...]] = {}
        self._fields: dict[str, Mapping[str, Column]] = {}  # at most one a role

    def columns(self, role: str, wanted: tuple[str, ...]) -> tuple[Column, ...]:
        """The fields of ``role``'s group named in ``wanted``, in that order (those it has)."""
        key = (role, wanted)
        found = self._columns.get(key)
        if found is None:
            question = self.roles[role].question
            fields = question.fields if question is not None else ()
            found = tuple(_column(f) for c in wanted for f in fields if f.id == c)
            if len(self._columns) < COLUMN_SETS:
                self._columns[key] = found
        return found

    def fields(self, role: str) -> Mapping[str, Column]:
        """Each field of ``role``'s group by its id."""
        found = self._fields.get(role)
        if found is None:
            question = self.roles[role].question
            fields = question.fields if question is not None else ()
            found = self._fields[role] = MappingProxyType({f.id: _column(f) for f in fields})
        return found


def _column(field: Field) -> Column:
    return Column(field, shower(field), field.id, field.title)


def _place(framework: Framework, name: str) -> Place:
    section_id, question_id = roles.ids(framework, name)
    section = framework.section(section_id)
    question = section.question(question_id) if section is not None else None
    return Place(
        section,
        question,
        section_id,
        question_id,
        f"{section_id}.{question_id}",
        question.title if question is not None else "",
        shower(question) if question is not None else str,
    )


# The board plan's places in each framework: worked out the first time, then kept.
places = PerFramework(Places)
