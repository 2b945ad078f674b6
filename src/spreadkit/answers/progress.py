"""Which questions the answers make relevant, and how far each section has got.

A question's ``when`` condition is content: it is worked out here, from the answers, so the
answers themselves stay plain data that never runs an expression.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import conditions, values
from spreadkit.framework.model import Field, Framework, Question, Section


def is_asked(answers: Answers, section: Section, question: Question) -> bool:
    """Whether ``question``'s ``when`` condition holds for these answers."""
    return conditions.holds(
        question.when,
        answers.section(section.id),
        answers.values,
        answers.details,
        where=f"{question.where.file}:{question.where.line}",
        trusted=question.where.builtin,
    )


def field_is_asked(answers: Answers, field: Field, record: Mapping[str, Any]) -> bool:
    """Whether a group's field is asked for this record: its ``when`` sees the record so far."""
    return conditions.holds(
        field.when,
        record,
        answers.values,
        answers.details,
        where=f"{field.where.file}:{field.where.line}",
        trusted=field.where.builtin,
    )


def asked_questions(answers: Answers, section: Section) -> list[Question]:
    """The questions of ``section`` that these answers make relevant, in order."""
    return [q for q in section.questions if is_asked(answers, section, q)]


def section_progress(
    answers: Answers, section: Section
) -> tuple[list[Question], list[Question], list[Question]]:
    """The questions asked in ``section``, those still blank, and the required ones among them."""
    asked = asked_questions(answers, section)
    blank = [q for q in asked if values.is_blank(answers.get(section.id, q.id))]
    return asked, blank, [q for q in blank if q.required]


@dataclass(frozen=True)
class Missing:
    section: Section
    question: Question


def missing_required(framework: Framework, answers: Answers) -> list[Missing]:
    """Required questions with no answer, skipping those whose condition is false."""
    return [
        Missing(section, question)
        for section in framework.sections
        for question in section_progress(answers, section)[2]
    ]
