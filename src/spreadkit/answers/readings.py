"""Measure readings as data: a value on its own date, with the n behind it and the time point or
group it belongs to where the measure has them.

A check-in keeps its readings under ``readings:``, by measure. The short form, kept from the
first answers files, is a number: one reading on the check-in's own date. The full form is a
list of readings, each with its date (several between two check-ins are normal)::

    readings:
      Staff confidence: 62                 # one reading, on the check-in's date
      Wait for a first appointment:
        - {date: 2027-01-31, value: 21, n: 40}
        - {date: 2027-02-28, value: 19, n: 38}
      PHQ-9 score:
        - {date: 2027-02-28, value: 14.2, n: 30, point: first session}

A reading dated after the check-in that records it is refused: a check-in records what was known
on its date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from spreadkit.core.records import dataclass
from spreadkit.files.yamlio import KeyPath
from spreadkit.framework.checker import Checker

#: The keys one reading may have in the full form.
KEYS = ("date", "value", "n", "point", "group")
#: Readings one check-in keeps: monthly figures for a dozen measures over many years.
MAX_READINGS = 5_000


@dataclass(frozen=True)
class Reading:
    """One value of one measure on one date; ``part`` is its time point or group ("" none)."""

    measure: str
    date: dt.date
    value: float
    n: int | None = None
    part: str = ""
    part_kind: str = ""  # "point" or "group" when ``part`` is given

    def short(self, on: dt.date) -> bool:
        """Written as a bare number: on the check-in's date, with nothing else to say."""
        return self.date == on and self.n is None and not self.part

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"date": self.date, "value": self.value}
        if self.n is not None:
            data["n"] = self.n
        if self.part:
            data[self.part_kind or "point"] = self.part
        return data


def to_data(readings: Sequence[Reading], on: dt.date) -> dict[str, Any]:
    """The ``readings:`` mapping of a check-in dated ``on``: a bare number where a measure has
    one plain reading on that date (as the first answers files wrote it), else a list."""
    by_measure: dict[str, list[Reading]] = {}
    for reading in readings:
        by_measure.setdefault(reading.measure, []).append(reading)
    out: dict[str, Any] = {}
    for measure, items in by_measure.items():
        if len(items) == 1 and items[0].short(on):
            out[measure] = items[0].value
        else:
            out[measure] = [r.as_data() for r in items]
    return out


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def parse(check: Checker, path: KeyPath, value: Any, on: dt.date) -> tuple[Reading, ...]:
    """A check-in's ``readings:`` read strictly; each problem reported with its line."""
    if value is None:
        return ()
    where: KeyPath = (*path, "readings")
    # any measure's name is a key: only a mapping is asked for (and read as it is, not copied)
    raw = value if isinstance(value, dict) else check.mapping(where, value)
    out: list[Reading] = []
    for key, item in raw.items():
        measure = str(key)
        if isinstance(item, list):
            for index, entry in enumerate(item):
                reading = _one(check, (*where, key, index), measure, entry, on)
                if reading is not None:
                    out.append(reading)
            continue
        number = check.number((*where, key), item)
        if number is not None:
            out.append(Reading(measure, on, number))
    if len(out) > MAX_READINGS:
        check.report(
            where, f"{len(out):,} readings is more than the {MAX_READINGS:,} one check-in keeps"
        )
        return ()
    return tuple(out)


def _one(check: Checker, path: KeyPath, measure: str, entry: Any, on: dt.date) -> Reading | None:
    raw = check.mapping(
        path, entry, required=["date", "value"], optional=KEYS, what=" (one reading)"
    )
    if "date" not in raw or "value" not in raw:
        return None
    day = _as_date(raw["date"])
    if day is None:
        check.report((*path, "date"), "expected a date (YYYY-MM-DD)")
        return None
    if day > on:
        check.report(
            (*path, "date"),
            f"this reading is dated {day.isoformat()}, after the check-in that records it "
            f"({on.isoformat()})",
            "record it at a check-in on or after its date",
        )
        return None
    value = check.number((*path, "value"), raw["value"])
    n = raw.get("n")
    if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 0):
        check.report(
            (*path, "n"), "expected a whole number of 0 or more (how many the value is out of)"
        )
        return None
    if "point" in raw and "group" in raw:
        check.report(path, "a reading has a time point or a group, not both")
        return None
    kind = "point" if "point" in raw else "group" if "group" in raw else ""
    part = check.text((*path, kind), raw[kind]) if kind else ""
    if value is None:
        return None
    return Reading(measure, day, value, n, part, kind if part else "")


def of_measure(readings: Iterable[Reading], measure: str) -> list[Reading]:
    """``measure``'s readings, oldest first (a stable sort: same-day readings keep their order)."""
    return sorted((r for r in readings if r.measure == measure), key=lambda r: r.date)


def count_readings(readings: Sequence[Reading]) -> str:
    n = len(readings)
    return f"{n} reading{'s' if n != 1 else ''}"


def value_map(readings: Sequence[Reading]) -> Mapping[str, float]:
    """The latest plain value of each measure among ``readings`` (for summaries)."""
    out: dict[str, float] = {}
    for reading in sorted(readings, key=lambda r: r.date):
        if not reading.part:
            out[reading.measure] = reading.value
    return out


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def line(reading: Reading, on: dt.date) -> str:
    """A reading in one line, for check-in summaries: ``Wait (first session): reading 21 on
    2027-01-31, n=40``; its date is left out when it is the check-in's."""
    name = f"{reading.measure} ({reading.part})" if reading.part else reading.measure
    text = f"{name}: reading {_plain(reading.value)}"
    if reading.date != on:
        text += f" on {reading.date.isoformat()}"
    if reading.n is not None:
        text += f", n={reading.n}"
    return text
