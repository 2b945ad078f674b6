"""What reading an answers file needs to know of the content, worked out once per framework.

Each step's question ids, each question's check (``framework/readers.py``) and each group's
fields, so that reading a file looks each of its values up once instead of working the same
facts out again for every file. Kept for the last few frameworks used, by the framework object
itself (``framework.kept``): a framework is immutable, and a pack loaded afresh is another object,
with facts of its own.
"""

from __future__ import annotations

from dataclasses import field
from typing import NamedTuple

from spreadkit.core.records import dataclass
from spreadkit.framework.kept import PerFramework
from spreadkit.framework.model import Field, Framework, Question, QuestionType, Section
from spreadkit.framework.readers import Reader, reader
from spreadkit.framework.refs import ref_fields


class GroupField(NamedTuple):  # a tuple: read in the loop over every record's fields
    id: str
    read: Reader
    required: bool


@dataclass(frozen=True, slots=True)
class QuestionFacts:
    question: Question
    read: Reader | None  # None for a group: its records are read field by field
    fields: tuple[GroupField, ...] = ()
    field_ids: tuple[str, ...] = ()
    known: frozenset[str] = frozenset()
    what: str = ""  # " (one record)", said of a record with a key no field has
    field_at: dict[str, int] = field(default_factory=dict)  # the first field of an id: its place


@dataclass(frozen=True, slots=True)
class SectionFacts:
    section: Section
    question_ids: list[str]  # in content order, for messages and suggestions
    questions: dict[str, QuestionFacts]  # the first question of an id, as Section.question


@dataclass(frozen=True, slots=True)
class Layout:
    framework: Framework
    section_ids: list[str]
    sections: dict[str, SectionFacts]  # the first step of an id, as Framework.section
    refs: tuple[tuple[Section, Question, Field], ...]  # refs.ref_fields: every reference


def _work_out(framework: Framework) -> Layout:
    sections: dict[str, SectionFacts] = {}
    for section in framework.sections:
        questions: dict[str, QuestionFacts] = {}
        for question in section.questions:
            questions.setdefault(question.id, _question(question))
        question_ids = [q.id for q in section.questions]
        sections.setdefault(section.id, SectionFacts(section, question_ids, questions))
    section_ids = [s.id for s in framework.sections]
    return Layout(framework, section_ids, sections, tuple(ref_fields(framework)))


def _question(question: Question) -> QuestionFacts:
    if question.type is not QuestionType.GROUP:
        return QuestionFacts(question, reader(question))
    field_ids = tuple(f.id for f in question.fields)
    fields = tuple(GroupField(f.id, reader(f), f.required) for f in question.fields)
    what = f" (one {question.item_name})"
    field_at: dict[str, int] = {}
    for place, field_id in enumerate(field_ids):
        field_at.setdefault(field_id, place)
    return QuestionFacts(question, None, fields, field_ids, frozenset(field_ids), what, field_at)


# The reading facts of each framework, worked out on first use and kept (``framework.kept``).
layout = PerFramework(_work_out)
forget = layout.forget  # drop every framework's facts (for tests)
