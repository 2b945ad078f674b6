"""A plain document model: headings, paragraphs, bullets, tables and pictures.

What a Word plan (``render --format docx``) and, later, a Word report are built from: the
plan layer fills one of these from its view model and :func:`spreadkit.plan.output.word.to_docx` turns
it into a ``.docx``. Nothing here knows Word: the model stays readable and testable without
python-docx, and any other writer could lay it out.

RAG colours are never the only signal: a cell with ``rag`` also says its band in its text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


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


def dates(details: Mapping[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    """The answers file's ``created`` and ``updated`` plan details, for a document's properties:
    each a date, or None when it is not one."""
    created, updated = details.get("created"), details.get("updated")
    return (
        created if isinstance(created, dt.date) else None,
        updated if isinstance(updated, dt.date) else None,
    )
