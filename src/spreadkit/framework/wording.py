"""How values read in prose: dates, scores and small counts as a plan writes them."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache


def display_date(value: dt.date) -> str:
    """``31 March 2027``: day, month name and year, with no leading zero."""
    return _dated(value, "%B %Y")


def display_date_or_blank(value: object) -> str:
    """:func:`display_date` of a date; "" for anything else (no date given)."""
    return display_date(value) if isinstance(value, dt.date) else ""


def short_date(value: dt.date) -> str:
    """``5 Jan 2028``: a date where room is short (a chart's axis, a phase's end)."""
    return _dated(value, "%b %Y")


@lru_cache(maxsize=4096)  # a plan says the same dates many times, and strftime is slow
def _dated(value: dt.date, month_and_year: str) -> str:
    return f"{value.day} {value:{month_and_year}}"


def display_score(value: float) -> str:
    """A score or total as a plan shows it: at most one decimal, and none when whole (``7.5``, ``12``)."""
    text = str(round(float(value), 1))
    return text[:-2] if text.endswith(".0") else text


_NUMBER_WORDS = ["no", "one", "two", "three", "four", "five"]
_NUMBER_WORDS += ["six", "seven", "eight", "nine", "ten"]


def count_words(count: int) -> str:
    """A small count in words, as prose writes it (``five``); digits from 11 up."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)


def display_daterange(value: dict[str, dt.date]) -> str:
    """``1 January 2027 to 30 June 2027``; ``from …`` or ``until …`` when one end is open."""
    start, end = value.get("start"), value.get("end")
    if start and end:
        return f"{display_date(start)} to {display_date(end)}"
    if start:
        return f"from {display_date(start)}"
    return f"until {display_date(end)}" if end else ""


def clip(text: str, width: int) -> str:
    """One line of at most ``width`` characters, with … when cut (for a one-page report)."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def number(value: float) -> str:
    """``12``, ``2.5``: a number as a sentence writes it, without a needless ``.0``."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
