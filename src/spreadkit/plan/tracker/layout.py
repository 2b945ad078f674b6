"""Which table a tracker's sheet is, and which field each of its columns holds.

The layout is what ``spreadkit export`` writes (``--format xlsx``: a sheet for each table named
by its export name, a ``Row key`` column, a column for each field headed by its label, two for a
date range, ``… from`` and ``… to``; ``--format csv``: one table, one column a field). It is read
by name, not by position: a sheet by its name in any case, singular or plural; a column by its
field's label or id in any case. A sheet or column spreadkit does not know is refused, never
skipped: it may hold what the team meant to import.
"""

from __future__ import annotations

from collections.abc import Sequence

from spreadkit.core.errors import Problem, did_you_mean
from spreadkit.core.records import dataclass
from spreadkit.core.text import shortened
from spreadkit.framework.model import Field, Framework, Section
from spreadkit.plan.tracker.export import tables
from spreadkit.plan.tracker.headers import KEY, evidence_headers, fold
from spreadkit.plan.tracker.headers import wanted as headers_of
from spreadkit.plan.tracker.sheets import Sheet

READINGS = "readings"
READING_COLUMNS = ("measure", "date", "value", "n", "time point or group")
# each header of the readings sheet (folded) -> the part of a reading it holds
_READING_PARTS = {
    "measure": "measure",
    "date": "date",
    "value": "value",
    "n": "n",
    "time point or group": "part",
    "time point": "part",
    "group": "part",
}
# spreadkit's own sheets: the column map, the drop-down lists and the whole texts of cells
# that could not hold them (plan.tracker.celltext)
OWN_SHEETS = ("_spreadkit", "choices", "_originals")


@dataclass(frozen=True)
class SheetColumn:
    index: int  # 0-based, in the sheet
    header: str
    field: Field | None  # None: the row key, or a readings column
    part: str  # value, start, end, unit, key; or measure, date, value for readings


@dataclass(frozen=True)
class SheetTable:
    """A sheet read as one table of the plan (or as the readings)."""

    sheet: Sheet
    name: str  # the export name: actions, sites, …, or readings
    section: Section | None
    question_id: str
    columns: tuple[SheetColumn, ...]


def table_of(
    framework: Framework, sheet: Sheet, source: str
) -> tuple[SheetTable | None, list[Problem]]:
    """The table ``sheet`` holds, found by its name (a workbook) or its columns (a CSV file).

    None, with no problem, for spreadkit's own sheets."""
    known = tables(framework)
    if sheet.name:
        if fold(sheet.name) in {fold(s) for s in OWN_SHEETS}:
            return None, []
        name = next((n for n in (*known, READINGS) if fold(n) == fold(sheet.name)), None)
        if name is None:
            hint = did_you_mean(sheet.name, [*known, READINGS])
            return None, [
                Problem(
                    f"the sheet '{sheet.name}' is not a table spreadkit knows", source, hint=hint
                )
            ]
        return _columns(framework, sheet, name, source)
    best: tuple[int, str] | None = None
    for name in (*known, READINGS):
        wanted = _reading_headers() if name == READINGS else headers_of(known[name][1].fields)
        first = fold(sheet.header[0]) if sheet.header else ""
        if first not in wanted or wanted[first][1] not in ("value", "measure", "key"):
            continue
        matched = sum(fold(h) in wanted for h in sheet.header)
        if best is None or matched > best[0]:
            best = (matched, name)
    if best is None:
        return None, [
            Problem(
                "its columns are not one of spreadkit's tables",
                source,
                hint="export a table with `spreadkit export FILE --table actions`, edit it, "
                "and import that",
            )
        ]
    return _columns(framework, sheet, best[1], source)


def _reading_headers() -> dict[str, tuple[Field | None, str]]:
    return {fold(h): (None, part) for h, part in _READING_PARTS.items()}


def _columns(
    framework: Framework, sheet: Sheet, name: str, source: str
) -> tuple[SheetTable | None, list[Problem]]:
    if name == READINGS:
        section, question_id, wanted = None, "", _reading_headers()
        fields: Sequence[Field] = ()
    else:
        section, question = tables(framework)[name]
        question_id, fields, wanted = question.id, question.fields, headers_of(question.fields)
    problems: list[Problem] = []
    columns: list[SheetColumn] = []
    seen: dict[tuple[str, str], str] = {}
    for index, header in enumerate(sheet.header):
        letter = column_letter(index)
        if not header:
            if any(
                index < len(row.cells) and row.cells[index] not in (None, "") for row in sheet.rows
            ):
                problems.append(
                    Problem(
                        "this column has values but no header",
                        source,
                        key_path=sheet.where(column=letter),
                        hint="give it the header of a field, or delete it",
                    )
                )
            continue
        match = wanted.get(fold(header))
        if match is None:
            titles = (
                [KEY, *(f.title for f in fields), *evidence_headers(fields).values()]
                if fields
                else list(READING_COLUMNS)
            )
            problems.append(
                Problem(
                    f"'{shortened(header)}' is not a column spreadkit knows",
                    source,
                    key_path=sheet.where(column=letter),
                    hint=did_you_mean(header, titles),
                )
            )
            continue
        field, part = match
        key = (field.id if field else "", part)
        if key in seen:
            problems.append(
                Problem(
                    f"'{shortened(header)}' repeats the column {seen[key]}",
                    source,
                    key_path=sheet.where(column=letter),
                )
            )
            continue
        seen[key] = letter
        columns.append(SheetColumn(index, header, field, part))
    first = fields[0] if fields else None
    needed = ("measure", "value") if name == READINGS else ()
    has = {(c.field.id if c.field else "", c.part) for c in columns}
    if first is not None and (first.id, "value") not in has:
        problems.append(
            Problem(
                f"the {name} sheet has no '{first.title}' column, which names each row",
                source,
                key_path=sheet.where(),
            )
        )
    for part in needed:
        if ("", part) not in has:
            problems.append(
                Problem(
                    f"the readings have no '{part.title()}' column", source, key_path=sheet.where()
                )
            )
    ordered = list(columns)
    if first is not None:  # the name column first, then the rest in the sheet's order
        ordered.sort(key=lambda c: not (c.field is first and c.part == "value"))
    return SheetTable(sheet, name, section, question_id, tuple(ordered)), problems


def column_letter(index: int) -> str:
    """``A`` for 0, ``AA`` for 26: how a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
