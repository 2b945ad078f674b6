"""A workbook's text measured from its zip's XML before openpyxl builds a single cell.

openpyxl reads every shared string into memory when it opens a workbook, and a cell can point at
a shared string as often as it likes: one 40 MB string used by 200 cells (a 65 KB file) became
gigabytes once each cell's copy was taken; 2.7 million tiny shared strings took more than a
minute. So the parts that hold text are first read as a stream (expat, 64 KB at a time, no
document type declarations and so no entities), and the workbook is refused, with the limit in
the message, when

- a shared string or a cell holds more than :data:`MAX_CELL` characters (Excel's own limit for
  a cell, so no tracker a spreadsheet saved goes over it);
- there are more than :data:`MAX_SHARED_STRINGS` shared strings;
- the cells together hold more than :data:`MAX_TEXT` characters, each use of a shared string
  counted (a tracker holds what an answers file holds, and an answers file is at most 5 MB).

Only sizes are kept while reading, never the text itself.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import Any
from xml.parsers import expat

from spreadkit.core.errors import Problem, SpreadkitError

MAX_CELL = 32_767  # characters in one cell: Excel's limit
MAX_SHARED_STRINGS = 200_000
MAX_TEXT = 20_000_000  # characters in all the cells of a workbook, shared strings counted per use
MAX_OTHER = 1_000_000  # characters in any other element of a part that holds cells
_CHUNK = 64 * 1024
_TYPES = "[Content_Types].xml"
_SHARED = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SHEETS = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    "application/vnd.ms-excel.worksheet",
)


class _TooMuch(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_text(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse the workbook in ``archive`` if its text is beyond a tracker's limits."""
    try:
        shared_parts, sheet_parts = _parts(archive)
        lengths: list[int] = []
        for part in shared_parts:
            lengths += _shared_lengths(archive, part)
        total = 0
        for part in sheet_parts:
            total = _sheet_text(archive, part, lengths, total)
    except _TooMuch as exc:
        raise SpreadkitError(
            Problem(exc.message, name, hint="is it the tracker? A tracker holds a plan's tables")
        ) from None
    except (expat.ExpatError, zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise SpreadkitError(
            Problem(
                f"cannot read this workbook ({_kind(exc)}: {exc})",
                name,
                hint="open it in Excel or LibreOffice and save it again as .xlsx",
            )
        ) from None


def _parts(archive: zipfile.ZipFile) -> tuple[list[str], list[str]]:
    """The shared strings part, as the package's content types declare it (what openpyxl goes
    by), and every other XML part, the sheets first: any of them may hold cells."""
    names = {info.filename for info in archive.infolist()}
    shared: list[str] = []
    sheets: list[str] = []
    if _TYPES in names:
        for tag, attributes in _elements(archive, _TYPES):
            if tag != "Override":
                continue
            part = posixpath.normpath(attributes.get("PartName", "/")).lstrip("/")
            kind = attributes.get("ContentType", "")
            if part in names and kind == _SHARED:
                shared.append(part)
            elif part in names and kind in _SHEETS:
                sheets.append(part)
    for part in sorted(names):  # a sheet can live anywhere its relationship points: read all
        if part.lower().endswith((".xml", ".rels", ".vml")) and part not in {*shared, *sheets}:
            sheets.append(part)
    return shared, sheets


def _elements(archive: zipfile.ZipFile, part: str) -> Iterator[tuple[str, dict[str, str]]]:
    """The start tags of a small part (local names), read as a stream."""
    found: list[tuple[str, dict[str, str]]] = []
    parser = _parser()
    parser.StartElementHandler = lambda tag, attributes: found.append(
        (_local(tag), {_local(k): v for k, v in attributes.items()})
    )
    for _ in _feed(archive, part, parser):
        yield from found
        found.clear()
    yield from found


def _shared_lengths(archive: zipfile.ZipFile, part: str) -> list[int]:
    """The length of each shared string, in order; refused past the limits."""
    lengths: list[int] = []
    state = {"depth": 0, "length": 0}

    def start(tag: str, _: Any) -> None:
        if _local(tag) == "si":
            if len(lengths) >= MAX_SHARED_STRINGS:
                raise _TooMuch(
                    f"the workbook has more than {MAX_SHARED_STRINGS:,} shared strings "
                    "(the texts its cells share)"
                )
            state["depth"] += 1
            state["length"] = 0

    def end(tag: str) -> None:
        if _local(tag) == "si":
            state["depth"] -= 1
            lengths.append(state["length"])

    def text(data: str) -> None:
        if state["depth"]:
            state["length"] += len(data)
            if state["length"] > MAX_CELL:
                raise _TooMuch(
                    f"the workbook's shared string {len(lengths) + 1:,} is longer than "
                    f"{MAX_CELL:,} characters, more than a spreadsheet cell holds"
                )
        elif len(data) > MAX_OTHER:
            raise _TooMuch(f"{part} holds more text outside its strings than a workbook needs")

    _read_through(archive, part, start, end, text)
    return lengths


def _sheet_text(archive: zipfile.ZipFile, part: str, lengths: list[int], total: int) -> int:
    """``total`` plus the characters this sheet's cells hold (a shared string's per use)."""
    cell: dict[str, Any] = {"open": False, "ref": "", "shared": False, "length": 0, "value": ""}

    def start(tag: str, attributes: dict[str, str]) -> None:
        if _local(tag) == "c":
            cell.update(
                open=True,
                ref=attributes.get("r", "")[:12],
                shared=attributes.get("t") == "s",
                length=0,
                value="",
            )

    def end(tag: str) -> None:
        nonlocal total
        if _local(tag) != "c":
            return
        cell["open"] = False
        size = cell["length"]
        if cell["shared"]:
            index = cell["value"].strip()
            size = lengths[int(index)] if index.isdecimal() and int(index) < len(lengths) else 0
        total += size
        if total > MAX_TEXT:
            raise _TooMuch(
                f"the workbook's cells hold more than {MAX_TEXT:,} characters in all "
                "(a text used by many cells counts each time)"
            )

    def text(data: str) -> None:
        if cell["open"]:
            cell["length"] += len(data)
            if cell["shared"] and len(cell["value"]) < 20:
                cell["value"] += data[:20]
            if cell["length"] > MAX_CELL:
                where = f"the cell {cell['ref']}" if cell["ref"] else "a cell"
                raise _TooMuch(
                    f"{where} in {part} holds more than {MAX_CELL:,} characters, more than a "
                    "spreadsheet cell holds"
                )
        elif len(data) > MAX_OTHER:
            raise _TooMuch(f"{part} holds more text outside its cells than a workbook needs")

    _read_through(archive, part, start, end, text)
    return total


def _read_through(
    archive: zipfile.ZipFile,
    part: str,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    text: Callable[[str], None],
) -> None:
    """Stream ``part`` through the bounded parser, calling ``start``, ``end`` and ``text``."""
    parser = _parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    for _ in _feed(archive, part, parser):
        pass


def _parser() -> Any:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.buffer_size = _CHUNK

    def no_doctype(*_: Any) -> None:
        raise _TooMuch("the workbook's XML declares a document type, which no workbook needs")

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    return parser


def _feed(archive: zipfile.ZipFile, part: str, parser: Any) -> Iterator[None]:
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
            yield
    parser.Parse(b"", True)
    yield


def _kind(exc: Exception) -> str:
    """What went wrong, named as openpyxl's XML parser would name it."""
    return "ParseError" if isinstance(exc, expat.ExpatError) else type(exc).__name__


def _local(tag: str) -> str:
    return tag.rpartition(" ")[2]
