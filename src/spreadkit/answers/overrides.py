"""``--set STEP.QUESTION=VALUE``: one answer given on the command line, typed like its question."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spreadkit.answers.store import (
    DETAIL_PROMPTS,
    DETAIL_TEXTS,
    Answers,
    plan_status,
    status_problem,
)
from spreadkit.core.errors import Problem, SpreadkitError, did_you_mean
from spreadkit.files.yamlio import parse_yaml
from spreadkit.framework import values
from spreadkit.framework.model import Field, Framework, Question, QuestionType
from spreadkit.framework.refs import ref_names

_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def apply(framework: Framework, answers: Answers, assignments: Sequence[str]) -> Answers:
    """``answers`` with each assignment applied; every bad one is reported together."""
    problems: list[Problem] = []
    for assignment in assignments:
        try:
            answers = _apply_one(framework, answers, assignment)
        except SpreadkitError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SpreadkitError(problems)
    return answers


def _problem(assignment: str, message: str, hint: str = "") -> SpreadkitError:
    return SpreadkitError(
        Problem(message, "--set", key_path=assignment.partition("=")[0], hint=hint)
    )


def _apply_one(framework: Framework, answers: Answers, assignment: str) -> Answers:
    target, equals, raw = assignment.partition("=")
    section_id, dot, question_id = target.strip().partition(".")
    if not equals or not dot:
        raise _problem(
            assignment,
            "expected STEP.QUESTION=VALUE",
            "for example --set ready.senior_sponsor='Medical director'",
        )
    if section_id == "plan":
        known = [*DETAIL_PROMPTS, *DETAIL_TEXTS]
        if question_id not in known:
            raise _problem(
                assignment, f"no plan detail '{question_id}'", did_you_mean(question_id, known)
            )
        if question_id == "status":
            status = plan_status(raw)
            if status is None:
                raise _problem(assignment, f"{status_problem()}; found {raw.strip()!r}")
            return answers.with_detail(question_id, status)
        return answers.with_detail(question_id, raw.strip())
    section = framework.section(section_id)
    if section is None:
        options = ["plan", *(s.id for s in framework.sections)]
        raise _problem(assignment, f"no step '{section_id}'", did_you_mean(section_id, options))
    question = section.question(question_id)
    if question is None:
        raise _problem(
            assignment,
            f"no question '{question_id}' in {section.label}",
            did_you_mean(question_id, [q.id for q in section.questions]),
        )
    try:
        value = typed(question, raw)
        updated = answers.with_value(section.id, question.id, value)
        _check_refs(framework, updated, question, value)
    except values.BadValue as exc:
        raise _problem(assignment, str(exc), exc.hint) from None
    return updated


def _check_refs(framework: Framework, answers: Answers, question: Question, value: Any) -> None:
    """A reference given on the command line must name a record the answers have."""
    fields = [question] if question.type is QuestionType.REF else list(question.fields)
    for field in (f for f in fields if f.type is QuestionType.REF):
        names = ref_names(framework, field, answers.values)
        given = [value] if field is question else [r.get(field.id) for r in value or []]
        for name in (n for n in given if n is not None):
            if name not in names:
                hint = did_you_mean(name, names) if names else f"add it to {field.ref} first"
                raise values.BadValue(f"no record named '{name}' in {field.ref}", hint)


def typed(question: Field, raw: str) -> Any:
    """``raw``, as given on the command line, as a value of ``question`` (or of one field of a
    group's record): typed and checked like the question. Raises BadValue."""
    kind = question.type
    text = raw.strip()
    if kind is QuestionType.YESNO:
        if text.lower() in _YES:
            return True
        if text.lower() in _NO:
            return False
        raise values.BadValue(f"'{raw}' is not yes or no")
    if kind is QuestionType.SCALE:
        # isdecimal, not isdigit: '²' is a digit that int() refuses
        return values.check(question, int(text) if text.isdecimal() else text)
    if kind is QuestionType.MULTICHOICE and not text.startswith("["):
        return values.check(question, [part.strip() for part in text.split(",") if part.strip()])
    if kind in (QuestionType.MULTICHOICE, QuestionType.GROUP, QuestionType.RATINGS):
        data = parse_yaml(text, "--set").data
        if kind is QuestionType.GROUP and isinstance(question, Question):
            return _records(question, data)
        return values.check(question, data)
    if kind in (QuestionType.QUANTITY, QuestionType.DATERANGE) and text.startswith("{"):
        return values.check(question, parse_yaml(text, "--set").data, uk_dates=False)
    if kind is QuestionType.MULTILINE:
        return values.check(question, raw.replace("\\n", "\n"))
    return values.check(question, raw)


def _records(question: Question, data: Any) -> list[dict[str, Any]]:
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise values.BadValue(
            f"expected a list of {question.item_name} records",
            "for example [{name: A, type: champion}]",
        )
    field_ids = [f.id for f in question.fields]
    records = []
    for record in data:
        for key in record:
            if key not in field_ids:
                raise values.BadValue(f"unknown field '{key}'", did_you_mean(str(key), field_ids))
        checked = {f.id: values.check(f, record.get(f.id)) for f in question.fields}
        records.append({k: v for k, v in checked.items() if v is not None})
    return records
