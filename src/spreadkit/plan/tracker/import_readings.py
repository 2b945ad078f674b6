"""The readings sheet of a tracker: each row a measure's value on a date. A row the history has
already is left alone (and refused if its value was changed: an import adds to the history, it
never rewrites it); a new row is a reading of this check-in, on its date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from spreadkit.answers import history
from spreadkit.answers.store import Answers
from spreadkit.core.errors import Problem, did_you_mean
from spreadkit.framework import values
from spreadkit.framework.model import Framework
from spreadkit.framework.shapes import plain_number
from spreadkit.plan.tracker import cells
from spreadkit.plan.tracker.export import measures_table
from spreadkit.plan.tracker.layout import Column, Table
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
    refs: list[tuple[Sheet, int, Column, str]] = field(default_factory=list)

    def bad(self, sheet: Sheet, row: int | None, column: str, message: str, hint: str = "") -> None:
        where = sheet.where(row, column)
        self.problems.append(Problem(message, self.source, key_path=where, hint=hint))


def read_readings(
    work: Work, table: Table, candidate: Answers
) -> tuple[dict[str, float], dt.date | None]:
    sheet = table.sheet
    found = measures_table(work.framework)
    measures = found[1] if found else None
    if measures is None:
        work.bad(sheet, None, "", "this plan's content has no measures to take readings of")
        return {}, None
    section, question = measures
    known = [history.record_name(r) for r in candidate.get(section.id, question.id) or []]
    past = {(m, c.date): v for c in work.answers.checkins for m, v in c.readings.items()}
    new: dict[str, tuple[float, dt.date | None, int]] = {}
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
        measure, on, value = got.get("measure"), got.get("date"), got.get("value")
        if failed:
            continue
        if measure is None or value is None:
            missing = "Measure" if measure is None else "Value"
            work.bad(
                sheet,
                row.number,
                missing,
                "this cell is blank",
                "a reading needs its measure and its value",
            )
            continue
        if measure not in known:
            work.bad(
                sheet,
                row.number,
                "Measure",
                f"there is no measure '{measure}'",
                did_you_mean(measure, known),
            )
            continue
        if on is not None and (measure, on) in past:
            if past[(measure, on)] != value:
                work.bad(
                    sheet,
                    row.number,
                    "Value",
                    f"the history has {plain_number(past[(measure, on)])} for this "
                    f"reading on {on.isoformat()}: an import adds readings, it does not "
                    "change earlier ones",
                    "put the earlier value back",
                )
            continue
        if measure in new:
            work.bad(
                sheet,
                row.number,
                "Measure",
                f"'{measure}' has a new reading on row {new[measure][2]} too",
                "one check-in takes one reading of each measure",
            )
            continue
        new[measure] = (value, on, row.number)
    dates = sorted({on for _, on, _ in new.values() if on is not None})
    if len(dates) > 1:
        work.bad(
            sheet,
            None,
            "Date",
            "the new readings are dated "
            + ", ".join(d.isoformat() for d in dates)
            + ": one import is one check-in, on one date",
            "import the readings of one date at a time",
        )
    for measure, (value, on, _) in new.items():
        when = f" on {values.display_date(on)}" if on else ""
        work.lines.append(f"readings: {measure}: {plain_number(value)}{when}")
    return {m: v for m, (v, _, _) in new.items()}, (dates[0] if len(dates) == 1 else None)
