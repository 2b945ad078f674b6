"""The readings sheet of a tracker, or a CSV of readings: each row a measure's value on its own
date (with its n, and its time point or group). A row the history has already is left alone
(and refused if its value was changed: an import adds to the history, it never rewrites it); a
new row is a reading recorded by this check-in. Every bad row is named by row and column."""

from __future__ import annotations

import datetime as dt
from dataclasses import field, replace
from typing import Any

from spreadkit.answers.evidence import Assumption
from spreadkit.answers.measures import check_part, measure_specs, part_hint, part_problem
from spreadkit.answers.readings import Reading
from spreadkit.answers.store import Answers
from spreadkit.core.errors import Problem, did_you_mean
from spreadkit.core.records import dataclass
from spreadkit.core.text import shortened
from spreadkit.framework import values
from spreadkit.framework.model import Framework
from spreadkit.framework.shapes import plain_number
from spreadkit.plan.tracker import cells
from spreadkit.plan.tracker.export import measures_table
from spreadkit.plan.tracker.layout import SheetColumn, SheetTable
from spreadkit.plan.tracker.sheets import Sheet


@dataclass
class Work:
    framework: Framework
    answers: Answers
    source: str
    problems: list[Problem] = field(default_factory=list)
    changes: dict[str, Any] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    refs: list[tuple[Sheet, int, SheetColumn, str]] = field(default_factory=list)
    # sources and assumptions the tracker edits (plan.tracker.import_evidence): path → the ids
    # it now cites (none: it cites nothing), path → its assumption (None: no longer assumed)
    cited: dict[str, tuple[str, ...]] = field(default_factory=dict)
    assumed: dict[str, Assumption | None] = field(default_factory=dict)
    evidence_lines: list[str] = field(default_factory=list)

    def bad(self, sheet: Sheet, row: int | None, column: str, message: str, hint: str = "") -> None:
        where = sheet.where(row, column)
        self.problems.append(Problem(message, self.source, key_path=where, hint=hint))


def read_readings(
    work: Work, table: SheetTable, candidate: Answers, on: dt.date | None = None
) -> tuple[list[Reading], dt.date | None]:
    """The new readings of the readings sheet, and the latest date among them.

    Each row is a measure's value on a date, with its n and its time point or group where it has
    them; a row without a date is taken on the check-in's date. A row the history already has
    (same measure, date and part) is left alone, or refused if its value was changed. Several
    readings of one measure on different dates are normal; the same reading twice is not. A
    reading dated after ``on`` (the check-in's date, when given) is refused."""
    sheet = table.sheet
    if measures_table(work.framework) is None:
        work.bad(sheet, None, "", "this plan's content has no measures to take readings of")
        return [], None
    specs = {spec.name: spec for spec in measure_specs(work.framework, candidate)}
    past = {(r.measure, r.date, r.part): r.value for c in work.answers.checkins for r in c.readings}
    headers = {column.part: column.header for column in table.columns}
    new: dict[tuple[str, dt.date | None, str], int] = {}
    out: list[Reading] = []
    for row in sheet.rows:
        got: dict[str, Any] = {}
        failed = False
        for column in table.columns:
            raw = row.cells[column.index] if column.index < len(row.cells) else None
            try:
                got[column.part] = cells.reading_cell(raw, column.part)
            except values.BadValue as exc:
                work.bad(sheet, row.number, column.header, str(exc), exc.hint)
                failed = True
        if failed:
            continue
        measure, day, value = got.get("measure"), got.get("date"), got.get("value")
        part = got.get("part") or ""
        if measure is None or value is None:
            missing = headers["measure"] if measure is None else headers["value"]
            work.bad(
                sheet,
                row.number,
                missing,
                "this cell is blank",
                "a reading needs its measure and its value",
            )
            continue
        spec = specs.get(measure)
        if spec is None:
            work.bad(
                sheet,
                row.number,
                headers["measure"],
                f"there is no measure '{shortened(measure)}'",
                did_you_mean(measure, list(specs)),
            )
            continue
        kind = check_part(spec, part)
        if kind is None:
            work.bad(
                sheet,
                row.number,
                headers.get("part", "Time point or group"),
                part_problem(spec, part),
                part_hint(spec, part),
            )
            continue
        key = (measure, day, part)
        if day is not None and key in past:
            if past[key] != value:
                work.bad(
                    sheet,
                    row.number,
                    headers["value"],
                    f"the history has {plain_number(past[key])} for this "
                    f"reading on {day.isoformat()}: an import adds readings, it does not "
                    "change earlier ones",
                    "put the earlier value back",
                )
            continue
        if day is not None and on is not None and day > on:
            work.bad(
                sheet,
                row.number,
                headers.get("date", "Date"),
                f"this reading is dated {day.isoformat()}, after the check-in that records it "
                f"({on.isoformat()})",
                "give a check-in --date on or after the reading's date",
            )
            continue
        if key in new:
            work.bad(
                sheet,
                row.number,
                headers["measure"],
                f"row {new[key]} has a reading of '{measure}'"
                + (f" ({part})" if part else "")
                + (f" on {day.isoformat()}" if day else " with no date")
                + " too",
                "one reading of a measure on a date (per time point or group)",
            )
            continue
        new[key] = row.number
        n = got.get("n")
        out.append(Reading(measure, day or _UNDATED, float(value), n, part, kind))
    dates = [r.date for r in out if r.date is not _UNDATED]
    latest = max(dates) if dates else None
    for reading in out:
        when = "" if reading.date is _UNDATED else f" on {values.display_date(reading.date)}"
        name = f"{reading.measure} ({reading.part})" if reading.part else reading.measure
        n = f", n={reading.n}" if reading.n is not None else ""
        work.lines.append(f"readings: {name}: {plain_number(reading.value)}{when}{n}")
    return out, latest


#: Stands for "no date given" until the check-in's date is known (:func:`date_undated`).
_UNDATED = dt.date.min


def date_undated(readings: list[Reading], on: dt.date) -> list[Reading]:
    """``readings`` with those that had no date taken on ``on``, the check-in's date."""
    return [replace(r, date=on) if r.date is _UNDATED else r for r in readings]
