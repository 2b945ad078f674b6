"""``spreadkit export --format xlsx``: every table of the plan in one workbook, a tracker.

The layout, which ``spreadkit import`` reads back (keep them in step):

- One sheet for each table the content exports (``export:`` on a group question: stakeholders,
  communications, phases, sites, actions, measures, risks, budget), named by that export name,
  in the content's order; then ``readings``, the measures' values over time (Measure, Date,
  Value).
- Row 1 of each sheet is its one header row. Column A, ``Row key``, is the record's position
  (1, 2, …) in the answers file when the workbook was made: a row whose key is empty is a new
  record. Then one column for each field, headed by the field's label as the plan shows it
  (its ``label``, else its prompt). A ``quantity`` field takes two columns, ``<label>`` (the
  number) and ``<label> unit``; a ``daterange`` field two, ``<label> from`` and ``<label> to``.
- Cells hold real values: dates as dates (shown ``d mmm yyyy``), numbers and scale points as
  numbers, money as numbers shown in pounds, yes/no as ``Yes``/``No``, a choice as its label,
  several choices as labels joined by ``; ``, a reference as the record's name, text as text.
- The hidden sheet ``_spreadkit`` maps each column back to the answers: one row per column
  with ``sheet``, ``column`` (A, B, …), ``header``, ``section``, ``question``, ``field`` (the
  field id; empty for the key and evidence columns), ``part`` (``value``, ``unit``, ``start``,
  ``end``, ``key``, ``sources`` or ``assumed``) and ``type`` (the field's question type).
- The hidden sheet ``choices`` holds the drop-down lists (one column per list, its header
  ``sheet.field``); choice cells are validated against them.
- The hidden sheet ``_originals``, only when a text is too long for a cell or holds characters
  a workbook cannot: the whole text, for import to put back (:mod:`spreadkit.plan.tracker.celltext`).

Text is always written as text, never as a formula: a cell whose text starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is also marked "quote prefix", as Excel does for
text typed after an apostrophe (OWASP's advice on CSV injection, as :mod:`plan.tracker.csvcells`), so it
stays text when a person edits it.

Like a plan, the workbook carries spreadkit's stamp (:mod:`spreadkit.files.officestamp`): a
tracker someone has edited and saved is not overwritten without ``--force``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from spreadkit.answers import history
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import values
from spreadkit.framework.model import Field, Framework, QuestionType
from spreadkit.plan.tracker import evidence_cells, printing, workbook_properties
from spreadkit.plan.tracker.celltext import HEADER, ORIGINALS_SHEET, key, originals_rows, written
from spreadkit.plan.tracker.export import measures_table, tables
from spreadkit.plan.tracker.headers import evidence_headers
from spreadkit.plan.tracker.xlsx_writing import write_or_refuse

KEY_HEADER = "Row key"
MAP_SHEET = "_spreadkit"
CHOICES_SHEET = "choices"
READINGS_SHEET = "readings"
DATE_FORMAT = "d mmm yyyy"
MONEY_FORMAT = '"£"#,##0.00'
VALIDATED_ROWS = 1000  # new rows typed below the records get the drop-downs too
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_HEADER_FILL = PatternFill("solid", fgColor="E8EDEE")


@dataclass(frozen=True)
class Column:
    header: str
    field: Field | None  # None: the key column
    part: str  # value, unit, start, end or key


def columns_of(fields: tuple[Field, ...]) -> list[Column]:
    """A table's columns: the key, then each field (two for a quantity or a date range), then
    the row's sources and assumptions (:mod:`plan.tracker.evidence_cells`)."""
    out = [Column(KEY_HEADER, None, "key")]
    for field in fields:
        title = field.title
        if field.type is QuestionType.QUANTITY:
            out += [Column(title, field, "value"), Column(f"{title} unit", field, "unit")]
        elif field.type is QuestionType.DATERANGE:
            out += [Column(f"{title} from", field, "start"), Column(f"{title} to", field, "end")]
        else:
            out.append(Column(title, field, "value"))
    out += [Column(header, None, part) for part, header in evidence_headers(fields).items()]
    return out


_KINDS = {"key": "number", "sources": "text", "assumed": "text"}  # the map's type of each


def export_workbook(framework: Framework, answers: Answers) -> bytes:
    """The workbook's bytes, its identifier the stamp placeholder for the writer to fill."""
    book = Workbook()
    book.remove(book.active)
    mapping: list[tuple[str, ...]] = [
        ("sheet", "column", "header", "section", "question", "field", "part", "type")
    ]
    lists = _ChoiceLists(book.create_sheet(CHOICES_SHEET))
    originals: dict[str, str] = {}  # texts a cell cannot hold whole, by key (tracker.celltext)
    for name, (section, question) in tables(framework).items():
        sheet = book.create_sheet(_sheet_title(name), index=len(book.sheetnames) - 1)
        records = answers.get(section.id, question.id) or []
        columns = columns_of(question.fields)
        evidence = evidence_cells.table_cells(answers, section.id, question)
        _fill(sheet, columns, records, originals, evidence)
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            field_id = column.field.id if column.field else ""
            kind = column.field.type.value if column.field else _KINDS[column.part]
            mapping.append(
                (
                    sheet.title,
                    letter,
                    column.header,
                    section.id,
                    question.id,
                    field_id,
                    column.part,
                    kind,
                )
            )
            if column.field is not None:
                _validate(sheet, letter, column, lists, _ref_names(answers, column.field))
    _readings(book, framework, answers, lists, mapping)
    _hidden_sheet(book, MAP_SHEET, mapping)
    if originals:
        _hidden_sheet(book, ORIGINALS_SHEET, [HEADER, *originals_rows(originals)])
    book.move_sheet(CHOICES_SHEET, offset=len(book.sheetnames))
    book[CHOICES_SHEET].sheet_state = "hidden"
    workbook_properties.set_properties(book, answers)
    out = io.BytesIO()

    def write() -> None:  # not save_workbook: it stamps the wall clock
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            ExcelWriter(book, archive).write_data()

    write_or_refuse(write, "workbook")
    return workbook_properties.without_made_up_dates(out.getvalue())


def _sheet_title(name: str) -> str:
    """A content's table name as a sheet name Excel accepts."""
    return re.sub(r"[\[\]:*?/\\']", "-", name)[:31] or "table"


def _fill(
    sheet: Any,
    columns: list[Column],
    records: list[dict[str, Any]],
    originals: dict[str, str],
    evidence: list[dict[str, str | None]],
) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.data_type = "s"
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row, record in enumerate(records, start=2):
        for index, column in enumerate(columns, start=1):
            if column.field is not None:
                value = _value(column, record.get(column.field.id))
            else:
                value = row - 1 if column.part == "key" else evidence[row - 2][column.part]
            if isinstance(value, str) and written(value) != value:
                originals[key(written(value))] = value
            put(sheet.cell(row=row, column=index), value, column)
    sheet.freeze_panes = "C2" if len(columns) > 2 else "A2"  # the header, the key and the name
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(records) + 1, 2)}"
    widths = [_width(column, records) for column in columns]
    for index, column in enumerate(columns):
        if column.part in ("sources", "assumed"):  # wide enough for most of what they say
            shown = [len(marks[column.part] or "") for marks in evidence]
            widths[index] = max([widths[index], 12, *(min(n, 40) + 2 for n in shown)])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    wrapped = Alignment(wrap_text=True, vertical="top")  # long text wraps within its column
    for row in sheet.iter_rows(min_row=2, max_row=len(records) + 1, max_col=len(columns)):
        for cell in row:
            cell.alignment = wrapped
    printing.setup(sheet, sum(widths), "A:B" if len(columns) > 2 else "")
    sheet.row_dimensions[1].height = printing.header_height([c.header for c in columns], widths)


def _value(column: Column, value: Any) -> Any:
    field = column.field
    assert field is not None
    if values.is_blank(value):
        return None
    kind = field.type
    if column.part in ("unit", "start", "end") or (
        kind is QuestionType.QUANTITY and isinstance(value, dict)
    ):
        return value.get(column.part) if isinstance(value, dict) else None
    if kind in (QuestionType.NUMBER, QuestionType.SCALE, QuestionType.MONEY) and isinstance(
        value, int | float
    ):
        return value
    if kind is QuestionType.YESNO and isinstance(value, bool):
        return "Yes" if value else "No"
    if kind is QuestionType.CHOICE:
        return field.choice_label(str(value))
    if kind is QuestionType.MULTICHOICE and isinstance(value, list):
        return "; ".join(field.choice_label(str(v)) for v in value)
    if isinstance(value, dt.date):
        return value
    if kind in (QuestionType.TEXT, QuestionType.MULTILINE, QuestionType.REF):
        return str(value)
    return values.display(field, value)


def put(cell: Any, value: Any, column: Column | None = None) -> None:
    """Write one value: text always as text (never a formula), dates and money formatted."""
    if isinstance(value, str):
        text = written(value)  # what a cell can hold; the whole text is in _originals
        cell.value = text
        cell.data_type = "s"  # openpyxl would take "=…" for a formula and "#N/A" for an error
        if text.startswith(_FORMULA_STARTS):
            cell.quotePrefix = True
        if "\n" in text:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        return
    cell.value = value
    kind = column.field.type if column and column.field else None
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif kind is QuestionType.MONEY:
        cell.number_format = MONEY_FORMAT


MAX_WIDTH = 32  # a column wider than this wraps its text instead, so the sheet prints legibly


def _width(column: Column, records: list[dict[str, Any]]) -> float:
    """Wide enough for the header's longest word, most of the values and every choice of a
    drop-down (a value picked later must not be cut short), within limits."""
    longest = max(len(word) for word in column.header.split())
    if column.field is not None and column.field.type is QuestionType.CHOICE:
        longest = max([longest, *(min(len(c.label), 50) for c in column.field.choices)])
    if column.field is not None:
        for record in records:
            value = _value(column, record.get(column.field.id))
            longest = max(longest, min(_shown_length(column, value), 50))
    if column.field is not None and column.field.type is QuestionType.CHOICE:
        return max(longest + 2, 8)  # a drop-down's every choice shows in full
    return min(max(longest + 2, 8), MAX_WIDTH)


def _shown_length(column: Column, value: Any) -> int:
    """About how many characters the cell shows: dates and money as formatted."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 13  # "30 Sep 2026", and room for the drop-down arrow
    if column.field is not None and column.field.type is QuestionType.MONEY:
        return len(f"£{value:,.2f}") + 1
    return len(str(value))


class _ChoiceLists:
    """The hidden sheet of drop-down lists: one column for each list, written once."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.ranges: dict[tuple[str, ...], str] = {}

    def range_for(self, name: str, choices: tuple[str, ...]) -> str:
        if choices not in self.ranges:
            index = len(self.ranges) + 1
            put(self.sheet.cell(row=1, column=index), name)
            for row, choice in enumerate(choices, start=2):
                put(self.sheet.cell(row=row, column=index), choice)
            letter = get_column_letter(index)
            self.ranges[choices] = f"{CHOICES_SHEET}!${letter}$2:${letter}${len(choices) + 1}"
        return self.ranges[choices]


def _choices(field: Field, ref_names: list[str]) -> tuple[str, ...]:
    if field.type is QuestionType.CHOICE:
        return tuple(choice.label for choice in field.choices)
    if field.type is QuestionType.YESNO:
        return ("Yes", "No")
    if field.type is QuestionType.REF:
        return tuple(dict.fromkeys(name for name in ref_names if name))
    return ()


def _ref_names(answers: Answers, field: Field) -> list[str]:
    if field.type is not QuestionType.REF or "." not in field.ref:
        return []
    section_id, question_id = field.ref.split(".", 1)
    records = answers.get(section_id, question_id) or []
    return [str(r.get(field.ref_field, "")) for r in records if isinstance(r, dict)]


def _validate(
    sheet: Any, letter: str, column: Column, lists: _ChoiceLists, ref_names: list[str]
) -> None:
    field = column.field
    assert field is not None
    cells = f"{letter}2:{letter}{VALIDATED_ROWS}"
    rule: DataValidation | None = None
    choices = _choices(field, ref_names) if column.part == "value" else ()
    if choices:
        rule = DataValidation(
            type="list", formula1=lists.range_for(f"{sheet.title}.{field.id}", choices)
        )
        rule.error = f"Choose one of the {field.title} options in the list."
    elif field.type is QuestionType.SCALE:
        rule = DataValidation(type="whole", operator="between", formula1="1", formula2="5")
        rule.error = "A whole number from 1 to 5."
    elif field.type is QuestionType.MONEY:
        rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        rule.error = "An amount in pounds, not below 0."
    elif field.type is QuestionType.DATE or column.part in ("start", "end"):
        rule = DataValidation(type="date", operator="greaterThan", formula1="1")
        rule.error = "A date, such as 31/03/2027."
    if rule is not None:
        rule.allow_blank = True
        rule.showErrorMessage = True
        rule.errorTitle = field.title[:32]
        sheet.add_data_validation(rule)
        rule.add(cells)


def _readings(
    book: Any,
    framework: Framework,
    answers: Answers,
    lists: _ChoiceLists,
    mapping: list[tuple[str, ...]],
) -> None:
    """The measures' readings over time, from the check-ins: one row per reading, oldest first."""
    sheet = book.create_sheet(READINGS_SHEET, index=len(book.sheetnames) - 1)
    headers = ("Measure", "Date", "Value", "N", "Time point or group")
    for index, (header, part) in enumerate(
        zip(headers, ("measure", "date", "value", "n", "part"), strict=True), 1
    ):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        mapping.append((sheet.title, get_column_letter(index), header, "", "", "", part, "reading"))
    sheet.freeze_panes = "A2"
    printing.setup(sheet)
    for letter, width in zip("ABCDE", (50, 14, 12, 8, 28), strict=True):
        sheet.column_dimensions[letter].width = width
    measures = [
        str(record.get(question.fields[0].id, ""))
        for _, (section, question) in _measures(framework)
        for record in answers.get(section.id, question.id) or []
    ]
    names = tuple(dict.fromkeys(name for name in measures if name))
    row = 2
    for name in names:
        for reading in history.measure_readings(answers, name):
            cells = (name, reading.date, reading.value, reading.n, reading.part or None)
            for column, item in enumerate(cells, start=1):
                put(sheet.cell(row=row, column=column), item)
            row += 1
    if names:
        rule = DataValidation(type="list", formula1=lists.range_for("readings.measure", names))
        sheet.add_data_validation(rule)
        rule.add(f"A2:A{VALIDATED_ROWS}")
    date_rule = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
    sheet.add_data_validation(date_rule)
    date_rule.add(f"B2:B{VALIDATED_ROWS}")


def _measures(framework: Framework) -> Iterator[tuple[str, Any]]:
    found = measures_table(framework)
    return iter([found] if found else [])


def _hidden_sheet(book: Any, title: str, rows: list[tuple[Any, ...]]) -> None:
    sheet = book.create_sheet(title)
    for row, line in enumerate(rows, start=1):
        for index, value in enumerate(line, start=1):
            put(sheet.cell(row=row, column=index), value)
    sheet.sheet_state = "hidden"
