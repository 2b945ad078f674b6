"""What a valid answer of each question type looks like: checking, normalising and describing values.

Shared by the content loader (defaults), the answers loader, and the interview (typed input),
so that a value is judged the same way wherever it comes from.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError, did_you_mean
from spreadkit.framework import magnitude, shapes
from spreadkit.framework.model import SCALE_POINTS, Field, QuestionType, RatingItem
from spreadkit.framework.wording import count_words as count_words
from spreadkit.framework.wording import display_date as display_date
from spreadkit.framework.wording import display_daterange as display_daterange
from spreadkit.framework.wording import display_score as display_score
from spreadkit.framework.yesno import yes_or_no

_UK_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")

# Dates a plan can hold: wide enough for any real plan, narrow enough that a typo such as 0207 or
# 9999 is caught, and that every date accepted here can be drawn and counted from.
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2199, 12, 31)


class BadValue(ValueError):
    """A value that does not fit its field; ``hint`` may suggest the fix."""

    def __init__(self, message: str, hint: str = "", key: str | int | None = None) -> None:
        super().__init__(message)
        self.hint = hint
        self.key = key  # the record field (or index) inside a group value, where known


def problem_sentence(problem: Exception) -> str:
    """A problem and its hint as one sentence, as the error edge says them:
    "'lots' is not a number (type digits only, for example 12 or 2.5)."."""
    hint = str(getattr(problem, "hint", "") or "")
    text = (f"{problem} ({hint})" if hint else str(problem)).strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def describe(value: object) -> str:
    """How a YAML value reads to a person: 'a list', 'text', …"""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    return type(value).__name__


BLANK: tuple[object, ...] = ("", [], {})  # what ``value == ...`` finds blank, besides None
_TEXTS = (str, int, float)  # what may be read as text (not bool); a tuple tests faster than a |
_NUMBERS = (int, float)


def is_blank(value: object) -> bool:
    return value is None or value in BLANK


def parse_date(text: str, *, uk_dates: bool = True) -> dt.date:
    """ISO dates (2027-01-31) and, when ``uk_dates``, UK dates (31/01/2027).

    Files take ISO dates only: 03/04/2027 reads as 3 April in the UK and March 4 in the US.
    """
    match = _UK_DATE.match(text)
    if match and not uk_dates:
        _refuse_if_ambiguous(text.strip(), *(int(part) for part in match.groups()))
    iso = _ISO_DATE.match(text)
    try:
        if match:
            day_of_month, month, year = (int(part) for part in match.groups())
            day = _real_date(year, month, day_of_month)
        elif iso:
            year, month, day_of_month = (int(part) for part in iso.groups())
            day = _real_date(year, month, day_of_month)
        else:
            day = dt.date.fromisoformat(text.strip())
    except BadValue:
        raise
    except ValueError:
        raise BadValue(
            f"'{text.strip()}' is not a date", "write it as YYYY-MM-DD, for example 2027-03-31"
        ) from None
    return check_date(day)


def check_date(day: dt.date) -> dt.date:
    """``day`` (a date, or a datetime's date) if it is within the years a plan can cover."""
    if isinstance(day, dt.datetime):
        day = day.date()
    if not FIRST_DATE <= day <= LAST_DATE:
        raise BadValue(
            f"{day.isoformat()} is not a date a plan can use",
            f"use a date from {FIRST_DATE.year} to {LAST_DATE.year}; is the year mistyped?",
        )
    return day


def _real_date(year: int, month: int, day: int) -> dt.date:
    """The date, or BadValue saying in words what does not exist."""
    if not 1 <= month <= 12:
        raise BadValue(f"month {month} does not exist")
    try:
        return dt.date(year, month, day)
    except ValueError:
        pass
    days = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    month_name = f"{dt.date(2000, month, 1):%B} {year}"
    raise BadValue(f"day {day} does not exist in {month_name}, which has {days} days")


def _refuse_if_ambiguous(text: str, first: int, second: int, year: int) -> None:
    """03/04/2027 in a file is 3 April in the UK but March 4 in the US: ask for YYYY-MM-DD.

    A slashed date with only a UK reading (31/01/2027) passes, as it always has.
    """
    readings: list[dt.date | None] = []
    for day, month in ((first, second), (second, first)):
        try:
            readings.append(dt.date(year, month, day))
        except ValueError:
            readings.append(None)
    uk, us = readings
    if us is None or us == uk:
        return
    message = (
        f"'{text}' could mean {display_date(uk)} or {display_date(us)}"
        if uk is not None
        else f"'{text}' is not a day/month/year date"
    )
    meant = uk or us
    raise BadValue(
        message, f"write it as YYYY-MM-DD: {meant.isoformat()} for {display_date(meant)}"
    )


def parse_number(text: str) -> int | float:
    cleaned = text.strip().replace(",", "")
    number: int | float = math.nan
    with contextlib.suppress(ValueError):
        number = float(cleaned)
        number = int(cleaned)  # whole numbers stay whole; a 400-digit one is out of range below
    if isinstance(number, float) and not math.isfinite(number):  # 'nan', 'inf', 'Infinity'
        said = magnitude.short(text.strip())
        raise BadValue(f"'{said}' is not a number", "type digits only, for example 12 or 2.5")
    return magnitude.checked(number, BadValue)


def check(field: Field, value: Any, *, uk_dates: bool = True) -> Any:
    """Return ``value`` normalised for ``field``, or raise BadValue. Blank values pass as None.

    ``uk_dates=False`` for values from a file, where 03/04/2027 is refused as ambiguous.
    """
    if value is None or value in BLANK:
        return None
    return _BY_TYPE[field.type](field, value, uk_dates)


def _text(field: Field, value: Any, uk_dates: bool) -> str | None:
    if value.__class__ is not str and (isinstance(value, bool) or not isinstance(value, _TEXTS)):
        raise BadValue(f"expected text, found {describe(value)}")
    text = str(value)
    stripped = text.strip()
    if not stripped:
        return None  # only spaces (and control characters Python counts as space): blank
    if field.type is QuestionType.TEXT:
        if "\n" in stripped:
            raise BadValue("expected one line of text, found several lines")
        return stripped
    return text.strip("\n")


def _multichoice(field: Field, value: Any, uk_dates: bool) -> list[str]:
    items = value if isinstance(value, list) else None
    if items is None:
        raise BadValue(f"expected a list of choices, found {describe(value)}")
    picked = [_choice(field, item) for item in items]
    return [v for v in field.choice_values if v in picked]  # content order, no repeats


def _yesno(field: Field, value: Any, uk_dates: bool) -> bool:
    if (answer := yes_or_no(value)) is None:  # `yes`, `on`: text in YAML 1.2, meant as yes
        raise BadValue(f"expected yes or no (true/false), found {describe(value)}")
    return answer


def _scale(field: Field, value: Any, uk_dates: bool) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE_POINTS:
        raise BadValue(f"expected a whole number from 1 to 5, found {describe(value)}")
    return value


def _date(field: Field, value: Any, uk_dates: bool) -> dt.date:
    if isinstance(value, dt.date):
        return check_date(value)
    if isinstance(value, str):
        return parse_date(value, uk_dates=uk_dates)
    raise BadValue(f"expected a date (YYYY-MM-DD), found {describe(value)}")


def _group(field: Field, value: Any, uk_dates: bool) -> Any:
    raise BadValue("groups are checked record by record")  # pragma: no cover


def _compound(field: Field, value: Any, uk_dates: bool) -> Any:
    """The types made of parts (quantity, money, date range, reference, ratings): shapes.py."""
    kind = field.type
    try:
        if kind is QuestionType.QUANTITY:
            return shapes.check_quantity(field, value, describe)
        if kind is QuestionType.MONEY:
            return shapes.check_money(field, value, describe)
        if kind is QuestionType.DATERANGE:
            return check_daterange(value, uk_dates=uk_dates)
        if kind is QuestionType.REF:
            return shapes.check_ref(field, value, describe)
        if kind is QuestionType.RATINGS:
            return shapes.check_ratings(field, value, describe)
    except shapes.ShapeError as exc:
        raise BadValue(str(exc), exc.hint, key=exc.key) from None
    raise AssertionError(kind)  # pragma: no cover


def check_ratings(field: Field, value: Any) -> dict[str, dict[str, Any]] | None:
    """A ratings answer: ``{item: {score: N, note: text}}``, every item optional."""
    return None if is_blank(value) else _compound(field, value, True)


def _choice(field: Field, value: Any, uk_dates: bool = False) -> str:
    if not isinstance(value, str):
        raise BadValue(f"expected one of the choices, found {describe(value)}")
    if value in field.choice_values:
        return value
    raise BadValue(f"'{value}' is not one of the choices", did_you_mean(value, field.choice_values))


def _number(field: Field, value: Any, uk_dates: bool = False) -> int | float:
    if isinstance(value, str):
        value = parse_number(value)
    if isinstance(value, bool) or not isinstance(value, _NUMBERS):
        raise BadValue(f"expected a number, found {describe(value)}")
    magnitude.checked(value, BadValue)
    if field.minimum is not None and value < field.minimum:
        raise BadValue(f"{value} is below the minimum of {_plain(field.minimum)}")
    if field.maximum is not None and value > field.maximum:
        raise BadValue(f"{value} is above the maximum of {_plain(field.maximum)}")
    return value


# How each type of question checks a value (not blank); the types made of parts: _compound.
_BY_TYPE: dict[QuestionType, Callable[[Field, Any, bool], Any]] = {
    QuestionType.TEXT: _text,
    QuestionType.MULTILINE: _text,
    QuestionType.CHOICE: _choice,
    QuestionType.MULTICHOICE: _multichoice,
    QuestionType.YESNO: _yesno,
    QuestionType.SCALE: _scale,
    QuestionType.NUMBER: _number,
    QuestionType.DATE: _date,
    QuestionType.GROUP: _group,
    QuestionType.RATINGS: _compound,
    QuestionType.QUANTITY: _compound,
    QuestionType.MONEY: _compound,
    QuestionType.DATERANGE: _compound,
    QuestionType.REF: _compound,
}


def _plain(number: float) -> str:
    if isinstance(number, int):
        return str(number)  # float() of a very large whole number would overflow
    return str(int(number)) if float(number).is_integer() else str(number)


def display(field: Field, value: Any) -> str:
    """A value as a person reads it in a plan or a summary (one line)."""
    if is_blank(value):
        return ""
    kind = field.type
    if kind is QuestionType.CHOICE:
        return field.choice_label(value)
    if kind is QuestionType.MULTICHOICE:
        return "; ".join(field.choice_label(v) for v in value)
    if kind is QuestionType.YESNO:
        return "Yes" if value else "No"
    if kind is QuestionType.SCALE:
        return scale_text(field, value)
    if kind is QuestionType.DATE:
        return display_date(value)
    if kind is QuestionType.NUMBER:
        return _plain(value)
    if kind is QuestionType.GROUP:
        count = len(value)
        return f"{count} {'entry' if count == 1 else 'entries'}"
    if kind is QuestionType.RATINGS:
        rated = sum(1 for rating in value.values() if "score" in rating)
        return f"{rated} of {len(getattr(field, 'items', ()))} rated"
    if kind is QuestionType.QUANTITY:
        return shapes.display_quantity(value)
    if kind is QuestionType.MONEY:
        return shapes.display_money(value)
    if kind is QuestionType.DATERANGE:
        return display_daterange(value)
    return str(value)


def scale_text(field: Field, point: int, item: RatingItem | None = None) -> str:
    """``3 of 5 – Manageable with support``: a point with its label where it has one.

    A rated ``item`` with words of its own for the points uses them instead of the question's.
    """
    top = max((p for p, _ in field.scale_labels), default=5)
    label = field.scale_label(point)
    if item is not None and item.scale_labels:
        label = dict(item.scale_labels).get(point, "")
    return f"{point} of {top} – {label}" if label else f"{point} of {top}"


# -- date ranges (issue 15) ----------------------------------------------------------------

_RANGE_SPLIT = re.compile(r"\s+(?:to|until|-|–)\s+|\s*\.\.\s*")


def check_daterange(value: Any, *, uk_dates: bool = True) -> dict[str, dt.date] | None:
    """``{start: date, end: date}``; either may be missing; the end is not before the start.

    Text gives both: ``2027-01-01 to 2027-06-30`` (or ``..`` between them).
    """
    if isinstance(value, str):
        parts = _RANGE_SPLIT.split(value.strip(), maxsplit=1)
        if len(parts) != 2:
            raise BadValue(
                f"'{value.strip()}' is not a start and an end date",
                "for example 2027-01-01 to 2027-06-30",
            )
        value = {"start": parts[0], "end": parts[1]}
    if not isinstance(value, dict):
        raise BadValue(
            f"expected a start and an end date, found {describe(value)}",
            "for example {start: 2027-01-01, end: 2027-06-30}",
        )
    for key in value:
        if key not in ("start", "end"):
            raise BadValue(
                f"unknown key '{key}' in a date range", "a date range has a start and an end", key
            )
    out: dict[str, dt.date] = {}
    for key in ("start", "end"):
        item = value.get(key)
        if is_blank(item):
            continue
        if isinstance(item, dt.datetime):
            item = item.date()
        try:
            item = parse_date(item, uk_dates=uk_dates) if isinstance(item, str) else item
        except BadValue as exc:
            raise BadValue(str(exc), exc.hint, key) from None
        if not isinstance(item, dt.date):
            raise BadValue(f"expected a date (YYYY-MM-DD), found {describe(item)}", key=key)
        out[key] = item
    if "start" in out and "end" in out and out["end"] < out["start"]:
        raise BadValue(
            f"the end ({display_date(out['end'])}) is before the start "
            f"({display_date(out['start'])})",
            key="end",
        )
    return out or None


def option_date(text: str, option: str, example: str = "2027-03-31") -> dt.date:
    """A date given to an option (``--as-of``, ``--date``), or a usage error saying how."""
    try:
        return parse_date(text, uk_dates=False)
    except BadValue as exc:
        raise SpreadkitError(
            Problem(f"{option}: {exc}", hint=exc.hint or f"for example {option} {example}"),
            ExitStatus.USAGE,
        ) from None
