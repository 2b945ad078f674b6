"""Reading an answers file: every problem reported with its line, answers to questions the content
no longer has set aside as "retired" with a warning.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from spreadkit import __version__
from spreadkit.answers import evidence
from spreadkit.answers.checkins import parse as parse_checkins
from spreadkit.answers.evidence_check import check_evidence
from spreadkit.answers.history_values import checked_history
from spreadkit.answers.layout import QuestionFacts, layout
from spreadkit.answers.store import (
    DETAIL_DATES,
    DETAIL_PROMPTS,
    DETAIL_TEXTS,
    Answers,
    plan_status,
    status_problem,
)
from spreadkit.core.errors import Problem, did_you_mean
from spreadkit.files.guard import read_stream
from spreadkit.files.yamlio import KeyPath, ParsedYaml, decode_text, parse_yaml, read_text
from spreadkit.framework import values
from spreadkit.framework.checker import Checker
from spreadkit.framework.model import Framework

_ROOT_KEYS = [
    "spreadkit",
    "framework",
    "pack",
    "plan",
    "answers",
    "completed",
    "retired",
    "sources",
    "citations",
    "assumptions",
    "checkins",
]


def read_answers(
    source: Path | str,
    framework: Framework,
    stdin_text: str | None = None,
    data: bytes | None = None,
) -> Answers:
    """Read and validate an answers file (YAML or JSON). ``-`` reads ``stdin_text``; ``data``
    is the file's bytes when the caller has already read them (``files.guard.read_input``)."""
    if str(source) == "-":
        text = stdin_text if stdin_text is not None else read_stream(sys.stdin)
        return parse_answers(parse_yaml(text, "<stdin>"), framework)
    text = read_text(Path(source)) if data is None else decode_text(data, str(source))
    return parse_answers(parse_yaml(text, str(source)), framework)


def parse_answers(document: ParsedYaml, framework: Framework) -> Answers:
    from spreadkit.answers.migrate import migrate
    from spreadkit.answers.references import check_references

    document, migrated = migrate(document, framework)  # an older layout, read in the new one
    check = Checker(document)
    raw = check.mapping(
        (), document.data, required=["answers"], optional=_ROOT_KEYS, what=" (an answers file)"
    )
    check.raise_if_any()
    framework_id, framework_version = _framework_ref(check, raw.get("framework"), framework)
    pack_id, pack_version = _pack_ref(check, raw.get("pack"))
    # Answers written for other content may hold questions that no longer exist: those are kept
    # as "retired" with a warning. For the same content, an unknown key is a mistake.
    changed = (framework_version, pack_id, pack_version) != (
        framework.version,
        framework.pack_id,
        framework.pack_version,
    )
    details = _details(check, raw.get("plan"))
    retired: dict[str, dict[str, Any]] = {}
    warnings: list[Problem] = list(migrated)
    earlier = raw.get("retired")  # first, so that answers set aside before keep their names
    if earlier is not None and not isinstance(earlier, dict):
        check.report(
            ("retired",),
            f"expected steps, each with the answers set aside, found {values.describe(earlier)}",
        )
    for section_id, old in (earlier or {}).items() if isinstance(earlier, dict) else ():
        _set_aside(retired, str(section_id), old if isinstance(old, dict) else {"": old})
    answer_values = _values(
        check, raw.get("answers"), framework, retired if changed else None, warnings
    )
    check_references(check, answer_values, framework)
    completed = []
    for index, item in enumerate(check.sequence(("completed",), raw.get("completed", []))):
        if framework.section(str(item)) is None:
            hint = did_you_mean(str(item), [s.id for s in framework.sections])
            check.report(("completed", index), f"no step '{item}' in {framework.id}", hint)
        else:
            completed.append(str(item))
    checkins = checked_history(check, parse_checkins(check, raw.get("checkins")), framework)
    sources = evidence.parse_sources(check, raw.get("sources"))
    citations = evidence.parse_citations(check, raw.get("citations"))
    assumptions = evidence.parse_assumptions(check, raw.get("assumptions"))
    check_evidence(check, warnings, framework, answer_values, sources, citations, assumptions)
    check.raise_if_any()
    return Answers(
        framework_id=framework_id,
        framework_version=framework_version,
        details=details,
        values=answer_values,
        completed=tuple(completed),
        written_by=str(raw.get("spreadkit", __version__)),
        pack_id=pack_id,
        pack_version=pack_version,
        retired=retired,
        warnings=tuple(warnings),
        checkins=checkins,
        sources=sources,
        citations=citations,
        assumptions=assumptions,
    )


def _pack_ref(check: Checker, value: Any) -> tuple[str, str]:
    if value is None:
        return "", ""
    raw = check.mapping(("pack",), value, required=["id"], optional=["version"])
    return str(raw.get("id", "")), str(raw.get("version", ""))


def _framework_ref(check: Checker, value: Any, framework: Framework) -> tuple[str, str]:
    if value is None:
        return framework.id, framework.version
    raw = check.mapping(("framework",), value, required=["id"], optional=["version"])
    framework_id = str(raw.get("id", framework.id))
    if raw and framework_id != framework.id:
        check.report(
            ("framework", "id"),
            f"these answers are for the framework '{framework_id}', not '{framework.id}'",
            "use the content they were written for",
        )
    return framework_id, str(raw.get("version", framework.version))


def _details(check: Checker, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    raw = check.mapping(("plan",), value, optional=[*DETAIL_PROMPTS, *DETAIL_TEXTS, *DETAIL_DATES])
    details: dict[str, Any] = {}
    for key, item in raw.items():
        path: KeyPath = ("plan", key)
        if item is None:
            continue
        if key in DETAIL_DATES:
            if isinstance(item, dt.date | str):
                try:
                    details[key] = (
                        values.check_date(item)
                        if isinstance(item, dt.date)
                        else values.parse_date(item, uk_dates=False)
                    )
                except values.BadValue as exc:
                    check.report(path, str(exc), exc.hint)
            else:
                check.report(path, f"expected a date (YYYY-MM-DD), found {values.describe(item)}")
        elif key == "status":
            status = plan_status(item) if isinstance(item, str) else None
            if status is None:
                found = repr(item) if isinstance(item, str) else values.describe(item)
                check.report(path, f"{status_problem()}; found {found}")
            else:
                details[key] = status
        elif isinstance(item, str | int | float) and not isinstance(item, bool):
            details[key] = str(item).strip()
        else:
            check.report(path, f"expected text, found {values.describe(item)}")
    return details


def _values(
    check: Checker,
    value: Any,
    framework: Framework,
    retired: dict[str, dict[str, Any]] | None = None,
    warnings: list[Problem] | None = None,
) -> dict[str, dict[str, Any]]:
    facts = layout(framework)
    section_ids = facts.section_ids
    value = value if value is not None else {}
    if retired is not None and warnings is not None and isinstance(value, dict):
        value = _retire(check, ("answers",), value, section_ids, retired, warnings, None)
    raw = check.mapping(("answers",), value, optional=section_ids, what=" (step ids)")
    out: dict[str, dict[str, Any]] = {}
    for section_id, section_raw in raw.items():
        section = facts.sections[section_id]
        if section_raw is None:
            continue
        path: KeyPath = ("answers", section_id)
        if retired is not None and warnings is not None and isinstance(section_raw, dict):
            section_raw = _retire(
                check, path, section_raw, section.question_ids, retired, warnings, section_id
            )
        questions = section.questions
        if isinstance(section_raw, dict) and questions.keys() >= section_raw.keys():
            answers = section_raw  # every key is a question: nothing to report, nothing left out
        else:
            answers = check.mapping(
                path, section_raw, optional=section.question_ids, what=" (question ids)"
            )
        checked: dict[str, Any] = {}
        for question_id, item in answers.items():
            question = questions[question_id]
            # An empty answer is kept: it records that the question was asked.
            if question.read is None:
                checked[question_id] = _records(check, (*path, question_id), question, item)
                continue
            try:
                checked[question_id] = question.read(item)
            except values.BadValue as exc:
                where = (*path, question_id)
                check.report(
                    where if exc.key is None else (*where, str(exc.key)), str(exc), exc.hint
                )
                checked[question_id] = None
        out[section_id] = checked
    return out


def _retire(
    check: Checker,
    path: KeyPath,
    raw: dict[str, Any],
    known: list[str],
    retired: dict[str, dict[str, Any]],
    warnings: list[Problem],
    section_id: str | None,
) -> dict[str, Any]:
    """Set aside keys the current content does not have, with a warning for each."""
    kept = {}
    for key, item in raw.items():
        if key in known:
            kept[key] = item
            continue
        what = "question" if section_id else "step"
        warnings.append(
            check.document.problem(
                (*path, key),
                f"the content has no {what} '{key}' any more; the answer is kept under 'retired'",
                did_you_mean(key, known),
            )
        )
        if section_id is None:
            _set_aside(retired, key, item if isinstance(item, dict) else {"": item})
        else:
            _set_aside(retired, section_id, {key: item})
    return kept


def _set_aside(
    retired: dict[str, dict[str, Any]], section_id: str, items: Mapping[str, Any]
) -> None:
    """Add answers to ``retired``; a name already there with another answer gets a number."""
    section = retired.setdefault(section_id, {})
    for key, item in items.items():
        name, number = key, 1
        while name in section and section[name] != item:
            number += 1
            name = f"{key} ({number})"
        section[name] = item


def _records(check: Checker, path: KeyPath, group: QuestionFacts, item: Any) -> Any:
    """A group's records, each field checked; a record with nothing in it is left out."""
    if item is None:
        return None
    records = []
    known = group.known
    for index, record in enumerate(check.sequence(path, item)):
        if isinstance(record, dict) and known.issuperset(record):
            raw = record  # every key is a field: nothing to report, nothing to leave out
        else:
            raw = check.mapping((*path, index), record, optional=group.field_ids, what=group.what)
        checked: dict[str, Any] = {}
        for field_id, read, required in group.fields:
            given = raw.get(field_id)
            result = None
            if given is not None:  # a field left out is blank: no need to ask its check
                try:
                    result = read(given)
                except values.BadValue as exc:
                    check.report((*path, index, field_id), str(exc), exc.hint)
                    continue
            if result is not None:
                checked[field_id] = result
            elif required and raw:
                check.report((*path, index), f"this {group.question.item_name} has no '{field_id}'")
        if checked:
            records.append(checked)
    return records or None
