"""References between answers: a ``ref`` field names a record of another group (``ready.phases``).

The content is checked here once every file has loaded (the group may be in another step), and
the answers layer asks here which names a reference may take.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from spreadkit.core.errors import Problem, did_you_mean
from spreadkit.framework.model import Field, Framework, Question, QuestionType, Section

_NAMING = (QuestionType.TEXT, QuestionType.MULTILINE)


def ref_fields(framework: Framework) -> Iterator[tuple[Section, Question, Field]]:
    """Every ``ref`` in the content: (section, question, field); the field is the question itself
    when the question is a reference, or one of its group's fields."""
    for section in framework.sections:
        for question in section.questions:
            if question.type is QuestionType.REF:
                yield section, question, question
            for field in question.fields:
                if field.type is QuestionType.REF:
                    yield section, question, field


def ref_target(framework: Framework, field: Field) -> tuple[Section, Question, Field] | None:
    """The group a reference points to and the field that names its records, if they exist."""
    section_id, _, question_id = field.ref.partition(".")
    section = framework.section(section_id)
    question = section.question(question_id) if section else None
    if section is None or question is None or question.type is not QuestionType.GROUP:
        return None
    if field.ref_field:
        named = next((f for f in question.fields if f.id == field.ref_field), None)
    else:
        named = next((f for f in question.fields if f.type in _NAMING), None)
    return (section, question, named) if named is not None else None


def ref_problems(framework: Framework) -> list[Problem]:
    """Each reference whose group, or naming field, the content does not have."""
    problems = []
    for _, _, field in ref_fields(framework):
        section_id, _, question_id = field.ref.partition(".")
        section = framework.section(section_id)
        question = section.question(question_id) if section else None
        hint = ""
        if section is None:
            message = f"'ref: {field.ref}' names no step '{section_id}'"
            hint = did_you_mean(section_id, [s.id for s in framework.sections])
        elif question is None or question.type is not QuestionType.GROUP:
            groups = [q.id for q in section.questions if q.type is QuestionType.GROUP]
            message = f"'ref: {field.ref}' names no group question '{question_id}' in {section.id}"
            hint = did_you_mean(question_id, groups)
        elif ref_target(framework, field) is None:
            names = [f.id for f in question.fields]
            message = (
                f"'{field.ref}' has no field '{field.ref_field}'"
                if field.ref_field
                else f"'{field.ref}' has no text field to name its records: give 'ref_field'"
            )
            hint = did_you_mean(field.ref_field, names) if field.ref_field else ""
        else:
            continue
        problems.append(Problem(message, field.where.file, field.where.line, "ref", hint))
    return problems


def ref_names(
    framework: Framework, field: Field, answers: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    """The names a reference may take in these answers: the referenced records' names, in order."""
    target = ref_target(framework, field)
    if target is None:
        return []
    section, question, named = target
    records = answers.get(section.id, {}).get(question.id) or []
    names = [str(r.get(named.id)).strip() for r in records if isinstance(r, Mapping)]
    return list(dict.fromkeys(n for n in names if n and n != "None"))
