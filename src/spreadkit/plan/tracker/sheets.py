"""Reading a tracker a team kept in a spreadsheet (an .xlsx workbook or a .csv file) into plain
sheets of cells, for ``spreadkit import``. What the cells mean is ``plan.importing``.

A workbook is untrusted: it is read within limits (file size, the size of what its zip holds,
sheets, rows and columns), in openpyxl's read-only streaming mode, without its links to other
workbooks. Formulas are never evaluated: a formula cell is read as the value the spreadsheet
program saved with it (what the person saw). A formula saved with no value (written by a program
that does not calculate) is marked :data:`UNCALCULATED`, and refused where its value is needed,
rather than read as blank, which would clear an answer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spreadkit.core.errors import Problem, SpreadkitError
from spreadkit.core.records import dataclass
from spreadkit.files import guard
from spreadkit.plan.tracker import csvcells, workbook_limits

MAX_SHEETS = 50
MAX_ROWS = 5_000  # rows in one sheet, the header included
MAX_COLUMNS = 100
MAX_UNZIPPED = 50 * 1024 * 1024  # what a workbook's zip may hold, all parts together
MAX_PARTS = 2_000  # files inside a workbook's zip


class _Uncalculated:
    def __repr__(self) -> str:
        return "UNCALCULATED"


UNCALCULATED: Any = _Uncalculated()  # a formula cell saved without its value


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet numbers it: the header is row 1
    cells: tuple[Any, ...]


@dataclass(frozen=True)
class Sheet:
    """One table of a tracker: its header cells and its rows that hold anything."""

    name: str  # the sheet's name in a workbook; "" for a CSV file, which has one table
    header: tuple[str, ...]
    rows: tuple[Row, ...]

    def where(self, row: int | None = None, column: str = "") -> str:
        """``Actions row 7, column Status``: where a problem is, as a person finds it."""
        parts = [self.name] if self.name else []
        if row is not None:
            parts.append(f"row {row}")
        where = " ".join(parts)
        if column:
            where = f"{where}, column {column}" if where else f"column {column}"
        return where


def read_tracker(path: Path) -> list[Sheet]:
    """The sheets of the tracker at ``path``: a workbook (.xlsx) or one CSV table (.csv)."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise SpreadkitError(
            Problem(
                "a tracker is an Excel workbook (.xlsx) or a CSV file (.csv)",
                str(path),
                hint="in Excel, File > Save As > Excel Workbook (.xlsx)",
            )
        )
    data = guard.read_input(path)
    if suffix == ".csv":
        return [_csv_sheet(data, str(path))]
    return _workbook_sheets(data, str(path))


# -- CSV -----------------------------------------------------------------------------------


def _csv_sheet(data: bytes, name: str) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadkitError(
            Problem(
                f"not UTF-8 text (byte {exc.start})",
                name,
                hint="in Excel, save it as 'CSV UTF-8 (Comma delimited)'",
            )
        ) from None
    try:
        records = list(_bounded(csv.reader(io.StringIO(text, newline="")), name, ""))
    except csv.Error as exc:
        raise SpreadkitError(Problem(f"not a CSV table ({exc})", name)) from None
    cells = [tuple(_from_csv(cell) for cell in record) for record in records]
    return _sheet("", cells)


def _from_csv(cell: str) -> Any:
    """A CSV cell's text; the apostrophes `spreadkit export` puts before a formula-like text
    (so that spreadsheets do not run it) are taken off again."""
    return csvcells.restore(cell)


# -- workbooks -----------------------------------------------------------------------------


def _workbook_sheets(data: bytes, name: str) -> list[Sheet]:
    """The workbook's sheets. openpyxl's warnings (a date out of range, an extension it does not
    read) are Python warnings, printed as a line of its source code: they are silenced, and a
    cell openpyxl gave up on reaches the checks as the error value it made of it."""
    _check_zip(data, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_workbook(data, name)


def _read_workbook(data: bytes, name: str) -> list[Sheet]:
    import openpyxl  # loads only when a workbook is imported

    try:
        values = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
        formulas = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise _unreadable(name, exc) from None
    try:
        if len(values.worksheets) > MAX_SHEETS:
            raise SpreadkitError(
                Problem(f"the workbook has more than {MAX_SHEETS} sheets; is it the tracker?", name)
            )
        sheets = []
        for sheet, formula_sheet in zip(values.worksheets, formulas.worksheets, strict=True):
            for each in (sheet, formula_sheet):  # the size a sheet claims is not trusted
                reset = getattr(each, "reset_dimensions", None)
                if reset is not None:
                    reset()
            rows = _bounded(sheet.iter_rows(values_only=True), name, sheet.title)
            shapes = _bounded(formula_sheet.iter_rows(values_only=True), name, sheet.title)
            cells = [
                tuple(_cached(v, f) for v, f in zip(row, shape, strict=False))
                for row, shape in zip(rows, shapes, strict=False)
            ]
            sheets.append(_sheet(sheet.title, cells))
        return sheets
    except SpreadkitError:
        raise
    except Exception as exc:  # a part of the zip that is not the XML it should be
        raise _unreadable(name, exc) from None
    finally:
        values.close()
        formulas.close()


def _unreadable(name: str, exc: Exception) -> SpreadkitError:
    return SpreadkitError(
        Problem(
            f"cannot read this workbook ({type(exc).__name__}: {exc})",
            name,
            hint="open it in Excel or LibreOffice and save it again as .xlsx",
        )
    )


def _check_zip(data: bytes, name: str) -> None:
    """A workbook is a zip: refuse one that would unpack to far more than a tracker holds."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SpreadkitError(
            Problem(
                "not an Excel workbook (.xlsx)",
                name,
                hint="an old .xls or a renamed file? Save it from Excel as Excel Workbook (.xlsx)",
            )
        ) from None
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNZIPPED:
        raise SpreadkitError(
            Problem(
                f"the workbook unpacks to more than {MAX_UNZIPPED // (1024 * 1024)} MB; "
                "is it the tracker?",
                name,
            )
        )
    with archive:
        workbook_limits.check_text(archive, name)  # before openpyxl builds any of it


def _cached(value: Any, formula: Any) -> Any:
    """A cell's value as saved; a formula saved without a value is UNCALCULATED."""
    if value is None and isinstance(formula, str) and formula.startswith("="):
        return UNCALCULATED
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


# -- shared --------------------------------------------------------------------------------


def _bounded(rows: Iterable[Any], name: str, sheet: str) -> Iterator[Any]:
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS:
            where = f"the {sheet} sheet" if sheet else "the table"
            raise SpreadkitError(
                Problem(f"{where} has more than {MAX_ROWS} rows; is it the tracker?", name)
            )
        wide = len(row) > MAX_COLUMNS
        if wide and (len(row) > 10 * MAX_COLUMNS or any(not _blank(c) for c in row[MAX_COLUMNS:])):
            where = f"the {sheet} sheet" if sheet else "the table"
            raise SpreadkitError(
                Problem(f"{where} has more than {MAX_COLUMNS} columns; is it the tracker?", name)
            )
        yield row[:MAX_COLUMNS]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet(title: str, cells: list[tuple[Any, ...]]) -> Sheet:
    header = cells[0] if cells else ()
    width = max((i + 1 for row in cells for i, c in enumerate(row) if not _blank(c)), default=0)
    labels = tuple(
        "" if _blank(c) else str(c).strip() for c in (*header, *([None] * width))[:width]
    )
    rows = tuple(
        Row(number, tuple((*row, *([None] * width))[:width]))
        for number, row in enumerate(cells[1:], start=2)
        if any(not _blank(c) for c in row)
    )
    return Sheet(title, labels, rows)
