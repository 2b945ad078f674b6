"""The values a check-in's history keeps (``was`` and ``now``), checked like the answers they
belong to: a rating's earlier score is a whole number on its scale, a date is a date (JSON's
"2027-10-01" included), a budget amount is money. The plan as it stood after any check-in is
rebuilt from these values, so a value no answer could hold would break every picture drawn
from the history; it is reported with its file and line instead, like any other answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spreadkit.answers.checkins import BadPath, Change, Checkin, parse_path
from spreadkit.answers.layout import layout
from spreadkit.answers.store import DETAIL_DATES
from spreadkit.files.yamlio import KeyPath
from spreadkit.framework import values
from spreadkit.framework.checker import Checker
from spreadkit.framework.model import Framework, Question


def checked_history(
    check: Checker, checkins: tuple[Checkin, ...], framework: Framework
) -> tuple[Checkin, ...]:
    """``checkins`` with every change's values checked and normalised; problems reported."""
    out = []
    for index, checkin in enumerate(checkins):
        changes = []
        for change in checkin.changes:
            where: KeyPath = ("checkins", index, "changes", change.path)
            was = _checked(check, (*where, "was"), framework, change.path, change.was)
            now = _checked(check, (*where, "now"), framework, change.path, change.now)
            changes.append(Change(change.path, was, now))
        out.append(Checkin(checkin.date, checkin.note, tuple(changes), checkin.readings))
    return tuple(out)


def _checked(check: Checker, where: KeyPath, framework: Framework, path: str, value: Any) -> Any:
    try:
        return checked_value(framework, path, value)
    except values.BadValue as exc:
        check.report(where, str(exc), exc.hint)
        return None


def checked_value(framework: Framework, path: str, value: Any) -> Any:
    """``value`` as the answer at ``path`` would hold it; BadValue if it could not be one."""
    if values.is_blank(value):
        return None
    try:
        where = parse_path(path)
    except BadPath:
        return value  # reported by the reader of the check-ins already
    if where.section == "plan":
        return _detail(where.question, value)
    section = layout(framework).sections.get(where.section)
    facts = section.questions.get(where.question) if section is not None else None
    if facts is None:
        return value  # an answer the content no longer asks: kept as it is, never shown
    question = facts.question
    if where.record is None:
        if facts.read is None:
            if where.rest:
                raise values.BadValue(f"{question.title} is a list of records")
            return _records(question, value)
        # facts.read is values.check, worked out once for the question (a part: its whole)
        return _inner(facts.read(_nest(where.rest, value)), where.rest)
    if facts.read is not None:
        raise values.BadValue(f"{question.title} is not a list of records")
    if not where.rest:
        return _record(question, value)
    found = facts.field_at.get(where.rest[0])
    if found is None:
        raise values.BadValue(f"no field '{where.rest[0]}' in {question.title}")
    inner = where.rest[1:]  # a part of the field's value, if any: checked as its whole
    return _inner(facts.fields[found].read(_nest(inner, value)), inner)


def _detail(key: str, value: Any) -> Any:
    if key in DETAIL_DATES:
        if isinstance(value, str):
            return values.parse_date(value, uk_dates=False)
        if not hasattr(value, "isoformat"):
            raise values.BadValue(f"expected a date (YYYY-MM-DD), found {values.describe(value)}")
        return values.check_date(value)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise values.BadValue(f"expected text, found {values.describe(value)}")
    return str(value).strip()


def _records(question: Question, value: Any) -> list[dict[str, Any]] | None:
    if not isinstance(value, list):
        raise values.BadValue(f"expected a list of {question.item_name}s")
    records = [r for r in (_record(question, item) for item in value) if r]
    return records or None


def _record(question: Question, value: Any) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        raise values.BadValue(f"expected one {question.item_name}, found {values.describe(value)}")
    fields = {f.id: f for f in question.fields}
    out = {}
    for key, item in value.items():
        field = fields.get(str(key))
        if field is None:
            raise values.BadValue(f"no field '{key}' in {question.title}")
        checked = values.check(field, item, uk_dates=False)
        if checked is not None:
            out[field.id] = checked
    return out or None


def _nest(keys: tuple[str, ...], value: Any) -> Any:
    for key in reversed(keys):
        value = {key: value}
    return value


def _inner(value: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value
