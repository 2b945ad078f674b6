"""What changed between two sets of answers, as check-in changes (path, was, now), so a re-run
of a step says it in the words the history uses ("Review frequency: monthly → quarterly").

Records of a group are matched by name (their first field), else by position; a record only in
``after`` is new, one only in ``before`` removed, and a record in both gives one change per
field that differs. A rating gives one change per item's score or note.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spreadkit.answers.checkins import Change
from spreadkit.answers.history import record_name, record_path
from spreadkit.answers.store import DETAIL_PROMPTS, Answers
from spreadkit.framework.model import Framework, QuestionType


def answer_changes(framework: Framework, before: Answers, after: Answers) -> list[Change]:
    changes: list[Change] = []
    for key in DETAIL_PROMPTS:
        was, now = before.details.get(key), after.details.get(key)
        if not _same(was, now):
            changes.append(Change(f"plan.{key}", was, now))
    for section in framework.sections:
        for question in section.questions:
            was, now = before.get(section.id, question.id), after.get(section.id, question.id)
            if _same(was, now):
                continue
            where = f"{section.id}.{question.id}"
            if question.type is QuestionType.GROUP:
                changes += _records(where, section.id, question.id, was or [], now or [])
            elif question.type is QuestionType.RATINGS and isinstance(was or {}, Mapping):
                changes += _ratings(where, was or {}, now or {})
            else:
                changes.append(Change(where, was, now))
    return changes


def _records(
    where: str, section_id: str, question_id: str, was: list[Any], now: list[Any]
) -> list[Change]:
    out: list[Change] = []
    old = {record_name(r): r for r in was if isinstance(r, Mapping)}
    matched: set[str] = set()
    for index, record in enumerate(now):
        if not isinstance(record, Mapping):
            continue
        name = record_name(record)
        path = record_path(section_id, question_id, now, index)
        previous = old.get(name)
        names_now = {record_name(r) for r in now if isinstance(r, Mapping)}
        if (
            previous is None
            and index < len(was)
            and isinstance(was[index], Mapping)
            and record_name(was[index]) not in names_now
        ):
            previous = was[index]  # renamed in place: the same record
            name = record_name(previous)
        if previous is None:
            out.append(Change(path, None, dict(record)))
            continue
        matched.add(name)
        for key in dict.fromkeys([*previous, *record]):
            if not _same(previous.get(key), record.get(key)):
                out.append(Change(f"{path}.{key}", previous.get(key), record.get(key)))
    for index, record in enumerate(was):
        if isinstance(record, Mapping) and record_name(record) not in matched:
            out.append(Change(record_path(section_id, question_id, was, index), dict(record), None))
    return out


def _ratings(where: str, was: Mapping[str, Any], now: Mapping[str, Any]) -> list[Change]:
    out = []
    for item in dict.fromkeys([*was, *now]):
        old: Mapping[str, Any] = was.get(item) or {}
        new: Mapping[str, Any] = now.get(item) or {}
        for part in dict.fromkeys([*old, *new]):
            if not _same(old.get(part), new.get(part)):
                out.append(Change(f"{where}.{item}.{part}", old.get(part), new.get(part)))
    return out


def _same(was: Any, now: Any) -> bool:
    if isinstance(was, bool) != isinstance(now, bool):
        return False
    return bool(was == now)
