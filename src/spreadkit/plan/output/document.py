"""A plain document model: headings, paragraphs, bullets, tables and pictures.

What a Word plan (``render --format docx``) and a Word report are built from: the
plan layer fills one of these from its view model and :func:`spreadkit.plan.output.word.to_docx` turns
it into a ``.docx``. Nothing here knows Word: the model stays readable and testable without
python-docx, and any other writer could lay it out.

RAG colours are never the only signal: a cell with ``rag`` also says its band in its text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from spreadkit.core.records import dataclass


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 0 the document's title, 1 a section, 2 a part, 3 within a part


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of runs. ``style``: ``body``, ``quote``, ``note`` (small, muted), ``caption``
        (a figure's number and title, kept with the figure below it), ``fact`` (a labelled line, set
    close to the next) or ``bullet`` (``level`` 1 is a
        bullet inside a bullet) or ``number`` (a numbered list item)."""

    runs: tuple[Run, ...]
    style: str = "body"
    level: int = 0


@dataclass(frozen=True)
class Cell:
    text: str
    rag: str = ""  # red, amber, green (or the light kinds): the cell is shaded that colour
    bold: bool = False


@dataclass(frozen=True)
class Table:
    """A table whose first row (``columns``) repeats at the top of each page it runs onto."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""  # said after the table: its totals, for one
    header_column: bool = False  # the first column names each row (a details table)


@dataclass(frozen=True)
class Picture:
    """A chart: its SVG (drawn for Word as a PNG) and the words that say what it shows."""

    svg: str
    title: str
    description: str  # the alt text: the picture in words
    width_mm: float = 0  # how wide it is shown; 0: as wide as it was drawn, up to the page

    @property
    def alt_text(self) -> str:
        return f"{self.title}: {self.description}" if self.description else self.title


Block = Heading | Paragraph | Table | Picture


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[Block, ...]
    author: str = ""  # the plan's lead
    subject: str = ""
    created: dt.date | None = None  # the plan's own dates, never the wall clock
    modified: dt.date | None = None
    generator: str = ""
    compact: bool = False  # smaller type, margins and spacing: a one-page report
    footer: str = ""  # on every page, before "Page N of M": title, version and date


def text(words: str, *, style: str = "body", level: int = 0) -> Paragraph:
    """A paragraph of plain words."""
    return Paragraph((Run(words),), style, level)


def labelled(label: str, words: str, *, style: str = "bullet", level: int = 0) -> Paragraph:
    """``**Label:** words``, the plan's usual way to give a fact."""
    return Paragraph((Run(f"{label}: ", bold=True), Run(words)), style, level)


def cells(values: tuple[str, ...] | list[str], blank: str = "–") -> tuple[Cell, ...]:
    return tuple(Cell(value if value else blank) for value in values)


def text_table(columns: Sequence[str], rows: Sequence[Sequence[str]], caption: str = "") -> Table:
    """A table of plain text rows, a blank cell shown as –."""
    return Table(tuple(columns), tuple(cells(tuple(row)) for row in rows), caption=caption)


def part(
    heading: Heading | None,
    *,
    paragraphs: Sequence[str] = (),
    quote: str = "",
    facts: Sequence[tuple[str, str]] = (),
    bullets: Sequence[str] = (),
    table: Table | None = None,
    after: Sequence[Block] = (),
    note: str = "",
) -> list[Block]:
    """One part of the board plan or the report, laid out the one way both have it: its heading,
    sentences, a quote set apart, labelled facts, a list, a table, what follows the table (a
    chart, what a cap left off), then small print."""
    out: list[Block] = [heading] if heading is not None else []
    out += [text(paragraph) for paragraph in paragraphs]
    if quote:
        out.append(text(quote, style="quote"))
    out += [labelled(label, value, style="fact") for label, value in facts]
    out += [text(bullet, style="bullet") for bullet in bullets]
    if table is not None:
        out.append(table)
    out += after
    if note:
        out.append(text(note, style="note"))
    return out


def dates(details: Mapping[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    """The answers file's ``created`` and ``updated`` plan details, for a document's properties:
    each a date, or None when it is not one."""
    created, updated = details.get("created"), details.get("updated")
    return (
        created if isinstance(created, dt.date) else None,
        updated if isinstance(updated, dt.date) else None,
    )
