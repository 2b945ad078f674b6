"""A tracker's cells read as answers: each cell typed and checked like its field's question.

A cell may hold what ``spreadkit export`` wrote (a real date, a number, a choice's label, Yes or
No) or what a person typed instead (a date as text, a choice's id, ``£1,200``). Anything else is
refused with the reason, never guessed at and never read as blank.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from spreadkit.core.errors import did_you_mean
from spreadkit.core.text import shortened
from spreadkit.framework import magnitude, values
from spreadkit.framework.model import Field, QuestionType
from spreadkit.framework.shapes import plain_number
from spreadkit.plan.tracker.sheets import UNCALCULATED

BadValue = values.BadValue

_TEXTS = (QuestionType.TEXT, QuestionType.MULTILINE, QuestionType.REF)
_SCALE_TEXT = re.compile(r"^(\d+)(?:\s+of\s+\d+\b.*)?$", re.IGNORECASE | re.DOTALL)
_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}
_WORD_DATES = ("%d %B %Y", "%d %b %Y")  # 31 March 2027, 31 Mar 2027: how plans show dates
_RANGE = re.compile(
    r"^\s*(?:(?P<start>.+?)\s+(?:to|until|–)\s+(?P<end>.+)|from\s+(?P<from>.+)"
    r"|until\s+(?P<until>.+))\s*$",
    re.IGNORECASE,
)


def blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def read_cell(field: Field, raw: Any, part: str = "value") -> Any:
    """The answer a cell holds for ``field`` (``part``: a date range's start or end, a quantity's
    value or unit), or None for a blank cell; BadValue when it cannot be read."""
    raw = _plain(raw)
    if raw is None:
        return None
    kind = field.type
    if part in ("start", "end"):
        return read_date(raw)
    if part == "unit":
        return _text(raw)
    if kind in _TEXTS:
        value: Any = _text(raw)
    elif kind is QuestionType.CHOICE:
        value = choice(field, raw)
    elif kind is QuestionType.MULTICHOICE:
        value = [choice(field, item.strip()) for item in str(raw).split(";") if item.strip()]
    elif kind is QuestionType.YESNO:
        value = _yes_no(raw)
    elif kind is QuestionType.SCALE:
        value = _scale(field, raw)
    elif kind in (QuestionType.NUMBER, QuestionType.MONEY):
        value = cell_number(raw) if not isinstance(raw, str) or kind is QuestionType.NUMBER else raw
    elif kind is QuestionType.DATE:
        value = read_date(raw)
    elif kind is QuestionType.DATERANGE:
        value = daterange(raw)
    elif kind is QuestionType.QUANTITY and part == "value" and not isinstance(raw, str):
        value = cell_number(raw)
    else:
        value = raw
    if part == "value" and kind is QuestionType.QUANTITY and not isinstance(value, str):
        return value  # the number; checked with its unit by the caller
    return values.check(field, value, uk_dates=False)


def _plain(raw: Any) -> Any:
    """The cell's value stripped, None when blank; BadValue for what no field can hold."""
    if raw is UNCALCULATED:
        raise BadValue(
            "holds a formula saved without its value",
            "open the tracker in Excel or LibreOffice and save it again, or type the value",
        )
    if isinstance(raw, str):
        raw = raw.strip()
    if blank(raw):
        return None
    if isinstance(raw, dt.datetime):
        raise BadValue(f"holds a date and a time ({raw:%Y-%m-%d %H:%M})", "give the date alone")
    if isinstance(raw, dt.time | dt.timedelta):
        raise BadValue("holds a time, not a value spreadkit can use")
    return raw


def reading_cell(raw: Any, part: str) -> Any:
    """A cell of the readings sheet: the measure's name, the date, or the value (a number)."""
    raw = _plain(raw)
    if raw is None:
        return None
    if part == "date":
        return read_date(raw)
    if part in ("value", "n"):
        value = cell_number(raw)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadValue(f"expected a number, found {values.describe(value)}")
        if part == "n" and (value < 0 or not float(value).is_integer()):
            raise BadValue(f"expected a whole number of 0 or more, found {plain_number(value)}")
        return int(value) if part == "n" else value
    return " ".join(_text(raw).split())


def _text(raw: Any) -> str:
    if isinstance(raw, bool):
        return "Yes" if raw else "No"  # TRUE typed into a text cell: what Excel shows
    if isinstance(raw, int | float):
        return plain_number(raw)
    if isinstance(raw, dt.date):
        raise BadValue(
            f"holds a date ({raw.isoformat()}) where text is expected",
            "the spreadsheet may have turned what was typed into a date: format the cell as text",
        )
    return str(raw)


def choice(field: Field, raw: Any) -> str:
    """A choice by its id (``in-progress``) or its label (``In progress``), in any case."""
    text = _text(raw).strip()
    for option in field.choices:
        if text == option.value:
            return option.value
    folded = text.casefold()
    for option in field.choices:
        if folded in (option.label.casefold(), option.value.casefold()):
            return option.value
    labels = [option.label for option in field.choices]
    close = did_you_mean(text, labels)
    hint = close if close.startswith("did you mean") else ""
    raise BadValue(f"'{shortened(text)}' is not one of: {', '.join(labels)}", hint)


def _yes_no(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise BadValue(f"'{shortened(str(raw))}' is not Yes or No")


def _scale(field: Field, raw: Any) -> Any:
    if isinstance(raw, bool):
        raise BadValue(f"expected a whole number from 1 to 5, found {values.describe(raw)}")
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if not isinstance(raw, str):
        return raw
    match = _SCALE_TEXT.match(raw.strip())
    if match:
        return int(match[1])
    for point, label in field.scale_labels:
        if label and raw.strip().casefold() == label.casefold():
            return point
    raise BadValue(f"'{shortened(raw)}' is not a whole number from 1 to 5")


def cell_number(raw: Any) -> Any:
    """A number cell: whole numbers as whole numbers (Excel keeps every number as a float)."""
    if isinstance(raw, str):
        raw = values.parse_number(raw)
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 2**53:
        return int(raw)
    if isinstance(raw, dt.date):
        raise BadValue(f"holds a date ({raw.isoformat()}) where a number is expected")
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return magnitude.checked(raw, BadValue)
    return raw


def read_date(raw: Any) -> dt.date:
    if isinstance(raw, dt.date):
        return values.check_date(raw)
    if isinstance(raw, int | float):  # bool too
        raise BadValue(
            f"holds the number {plain_number(raw)} where a date is expected",
            "format the cell as a date, or type the date as YYYY-MM-DD",
        )
    text = str(raw).strip()
    for pattern in _WORD_DATES:
        try:
            return values.check_date(dt.datetime.strptime(text, pattern).date())
        except ValueError:
            continue
    return values.parse_date(text, uk_dates=False)


def daterange(raw: Any) -> dict[str, dt.date] | None:
    """A date range written in one cell: ``1 January 2027 to 30 June 2027``, ``from …``."""
    if isinstance(raw, dt.date):
        raise BadValue(
            "holds one date where a start and an end are expected",
            "for example 2027-01-01 to 2027-06-30",
        )
    match = _RANGE.match(str(raw))
    if match is None:
        raise BadValue(
            f"'{shortened(str(raw))}' is not a start and an end date",
            "for example 2027-01-01 to 2027-06-30",
        )
    start = match["start"] or match["from"]
    end = match["end"] or match["until"]
    out = {}
    if start:
        out["start"] = read_date(start)
    if end:
        out["end"] = read_date(end)
    return values.check_daterange(out)
