"""Trackers for the import tests, made with openpyxl as a spreadsheet would hold them.

``write_tracker`` mirrors the layout of ``spreadkit export --format xlsx`` (branch office,
plan/tracker/excel.py): a sheet for each exported table named by its export name, a ``Row key`` column,
one column a field headed by its label (a date range in ``… from`` and ``… to``), real dates and
numbers, choices by label, Yes/No; a ``readings`` sheet (Measure, Date, Value); the hidden
``_spreadkit`` and ``choices`` sheets. Once that export is merged, the round-trip tests can use
it instead (see /work/notes/import.md).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

from spreadkit.answers.store import Answers
from spreadkit.framework import values
from spreadkit.framework.model import Field, Framework, QuestionType
from spreadkit.plan.tracker.export import tables


def _headers(fields: tuple[Field, ...]) -> list[tuple[str, Field | None, str]]:
    out: list[tuple[str, Field | None, str]] = [("Row key", None, "key")]
    for field in fields:
        if field.type is QuestionType.DATERANGE:
            out += [(f"{field.title} from", field, "start"), (f"{field.title} to", field, "end")]
        else:
            out.append((field.title, field, "value"))
    return out


def _cell(field: Field, part: str, value: Any) -> Any:
    if values.is_blank(value):
        return None
    if part in ("start", "end"):
        return value.get(part)
    if field.type is QuestionType.YESNO:
        return "Yes" if value else "No"
    if field.type is QuestionType.CHOICE:
        return field.choice_label(value)
    if field.type is QuestionType.MULTICHOICE:
        return "; ".join(field.choice_label(v) for v in value)
    if isinstance(value, dt.date | int | float):
        return value
    return str(value)


def write_tracker(framework: Framework, answers: Answers, path: Path) -> Path:
    """The tracker ``spreadkit export --format xlsx`` writes: the real export once it is merged
    (plan/tracker/excel.py), else the mirror of its layout below."""
    try:
        from spreadkit.plan.tracker.excel import export_workbook  # type: ignore[import-not-found]
    except ImportError:
        return _mirror(framework, answers, path)
    path.write_bytes(export_workbook(framework, answers))
    return path


def _mirror(framework: Framework, answers: Answers, path: Path) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (section, question) in tables(framework).items():
        sheet = book.create_sheet(name)
        headers = _headers(question.fields)
        sheet.append([h for h, _, _ in headers])
        for position, record in enumerate(answers.get(section.id, question.id) or [], start=1):
            sheet.append(
                [
                    position if field is None else _cell(field, part, record.get(field.id))
                    for _, field, part in headers
                ]
            )
    readings = book.create_sheet("readings")
    readings.append(["Measure", "Date", "Value"])
    for checkin in answers.checkins:
        for measure, value in checkin.readings.items():
            readings.append([measure, checkin.date, value])
    book.create_sheet("choices").sheet_state = "hidden"
    mapping = book.create_sheet("_spreadkit")
    mapping.append(["sheet", "column", "header", "section", "question", "field", "part", "type"])
    mapping.sheet_state = "hidden"
    book.save(path)
    return path


def edit(path: Path, sheet: str, row: int, header: str, value: Any) -> None:
    """Change one cell as a person would in Excel: found by its row and its column's header."""
    book = openpyxl.load_workbook(path)
    table = book[sheet]
    headers = [c.value for c in table[1]]
    cell = table.cell(row=row, column=headers.index(header) + 1)
    cell.value = value  # cell(value=None) would leave the old value
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell.number_format = "General"  # a number typed over a date is a number
    book.save(path)


def append(path: Path, sheet: str, cells: dict[str, Any]) -> int:
    """Add a row below the others, by header; returns its row number."""
    book = openpyxl.load_workbook(path)
    table = book[sheet]
    headers = [c.value for c in table[1]]
    row = table.max_row + 1
    for header, value in cells.items():
        table.cell(row=row, column=headers.index(header) + 1).value = value
    book.save(path)
    return row


def find_row(path: Path, sheet: str, name: str) -> int:
    book = openpyxl.load_workbook(path)
    for row in book[sheet].iter_rows(min_row=2):
        if row[1].value == name:
            return row[1].row
    raise KeyError(name)
