"""A field's check as one function, worked out once per field for reading files.

``reader(field)(value)`` is ``values.check(field, value, uk_dates=False)``: the same value
back, the same BadValue with the same words. The common values of a file (text that is text,
a choice that is one of the choices, a whole number in range, a date in the years a plan can
cover) are accepted at once; anything else, blank or wrong, goes to ``values.check``, the one
place that judges a value and words its problem. The answers loader keeps a field's reader
with the framework (``answers/layout.py``), so a file's hundreds of values each cost one call.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from spreadkit.framework import shapes, values
from spreadkit.framework.magnitude import LARGEST
from spreadkit.framework.model import SCALE_POINTS, Field, QuestionType

Reader = Callable[[Any], Any]

_FIRST, _LAST = values.FIRST_DATE, values.LAST_DATE


def reader(field: Field) -> Reader:
    """The check of a value of ``field`` read from a file, as ``values.check`` makes it."""
    make = _FAST.get(field.type)
    return make(field) if make is not None else _slow(field)


def _slow(field: Field) -> Reader:
    check = values.check

    def read(value: Any) -> Any:
        return check(field, value, uk_dates=False)

    return read


def _text(field: Field) -> Reader:
    check = values.check

    def read(value: Any) -> Any:
        if value.__class__ is str:
            stripped = value.strip()
            if not stripped:
                return None  # blank, or only spaces
            if "\n" not in stripped:
                return stripped
        return check(field, value, uk_dates=False)

    return read


def _multiline(field: Field) -> Reader:
    check = values.check

    def read(value: Any) -> Any:
        if value.__class__ is str:
            return value.strip("\n") if value.strip() else None
        return check(field, value, uk_dates=False)

    return read


def _choice(field: Field) -> Reader:
    check = values.check
    choices = frozenset(field.choice_values) - {""}  # "" is blank whatever the choices

    def read(value: Any) -> Any:
        if value.__class__ is str and value in choices:
            return value
        return check(field, value, uk_dates=False)

    return read


def _multichoice(field: Field) -> Reader:
    check = values.check
    choices = frozenset(field.choice_values)
    ordered = field.choice_values

    def read(value: Any) -> Any:
        if (
            value.__class__ is list
            and value
            and all(item.__class__ is str and item in choices for item in value)
        ):
            return [choice for choice in ordered if choice in value]
        return check(field, value, uk_dates=False)

    return read


def _yesno(field: Field) -> Reader:
    check = values.check

    def read(value: Any) -> Any:
        if value.__class__ is bool:
            return value
        return check(field, value, uk_dates=False)

    return read


def _scale(field: Field) -> Reader:
    check = values.check

    def read(value: Any) -> Any:
        if value.__class__ is int and value in SCALE_POINTS:
            return value
        return check(field, value, uk_dates=False)

    return read


def _number(field: Field) -> Reader:
    check = values.check
    low, high = field.minimum, field.maximum

    def read(value: Any) -> Any:
        kind = value.__class__
        if (
            (kind is int or (kind is float and math.isfinite(value)))
            and -LARGEST <= value <= LARGEST
            and (low is None or not value < low)
            and (high is None or not value > high)
        ):
            return value
        return check(field, value, uk_dates=False)

    return read


def _date(field: Field) -> Reader:
    check = values.check

    def read(value: Any) -> Any:
        if value.__class__ is dt.date and _FIRST <= value <= _LAST:
            return value
        return check(field, value, uk_dates=False)

    return read


def _money(field: Field) -> Reader:
    check = values.check

    def read(value: Any) -> Any:
        if value.__class__ is int and 0 <= value <= LARGEST:
            return value  # whole pounds in range
        return check(field, value, uk_dates=False)

    return read


def _ref(field: Field) -> Reader:
    check = values.check

    def read(value: Any) -> Any:
        if value.__class__ is str and value:
            name = value.strip()
            if "\n" not in name:
                return name
        return check(field, value, uk_dates=False)

    return read


def _daterange(field: Field) -> Reader:
    check = values.check

    def read(value: Any) -> Any:
        if value.__class__ is dict:
            start, end = value.get("start"), value.get("end")
            if (
                (start is None or start.__class__ is dt.date)
                and (end is None or end.__class__ is dt.date)
                and len(value) == ("start" in value) + ("end" in value)  # no other key
                and (start is None or end is None or not end < start)
            ):
                out = {} if start is None else {"start": start}
                if end is not None:
                    out["end"] = end
                return out or None
        return check(field, value, uk_dates=False)

    return read


def _ratings(field: Field) -> Reader:
    check = values.check
    rated = shapes.ratings_check(field, values.describe)

    def read(value: Any) -> Any:
        if value.__class__ is dict and value:
            try:
                return rated(value)
            except shapes.ShapeError as exc:  # worded as values.check words it
                raise values.BadValue(str(exc), exc.hint, key=exc.key) from None
        return check(field, value, uk_dates=False)

    return read


# The types with a quick way for their common values; the others (groups, quantities) are
# always checked by values.check.
_FAST: dict[QuestionType, Callable[[Field], Reader]] = {
    QuestionType.TEXT: _text,
    QuestionType.MULTILINE: _multiline,
    QuestionType.CHOICE: _choice,
    QuestionType.MULTICHOICE: _multichoice,
    QuestionType.YESNO: _yesno,
    QuestionType.SCALE: _scale,
    QuestionType.NUMBER: _number,
    QuestionType.DATE: _date,
    QuestionType.MONEY: _money,
    QuestionType.REF: _ref,
    QuestionType.RATINGS: _ratings,
    QuestionType.DATERANGE: _daterange,
}
