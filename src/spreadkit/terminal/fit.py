"""Records that fit the terminal: a table when every column has room to be read, else one card
per record (its name, then each field that has a value, one to a line).

A column has room when it gets its widest value, up to ``ROOM`` characters (longer text wraps
well inside that); past that a table squeezes its columns into fragments ("Seabr… Gener…"), and
cards read better at any width. Tested at 80 columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

ROOM = 16  # characters a column needs before wrapping makes it hard to read
_EDGES = 3  # a column's border and padding in rich's default table


def fits(width: int, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> bool:
    """Whether a table of ``rows`` under ``headers`` can give each column its room."""
    needed = 1
    for index, header in enumerate(headers):
        widest = max([len(header), *(len(row[index]) for row in rows)])
        needed += min(widest, ROOM) + _EDGES
    return needed <= width


def print_records(
    out: Console, headers: Sequence[str], rows: Sequence[Sequence[str]], *, title: str = ""
) -> None:
    """``rows`` as a table if it fits ``out``'s width, else as cards; cells are plain text."""
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    if fits(out.width, headers, rows):
        table = Table(show_lines=False, padding=(0, 1), title=title or None, title_justify="left")
        for header in headers:
            table.add_column(escape(header))
        for row in rows:
            table.add_row(*(escape(cell) for cell in row))
        out.print(table)
        return
    if title:
        out.print(Text(title, style="italic"))
    for number, row in enumerate(rows, start=1):
        out.print(Text(f"{number}. {row[0] or '(no name)'}", style="bold"), soft_wrap=True)
        label = max(
            (len(h) for h, cell in zip(headers[1:], row[1:], strict=True) if cell), default=0
        )
        for header, cell in zip(headers[1:], row[1:], strict=True):
            if cell:
                text = Text(f"   {header + ':':<{label + 1}} ", style="dim")
                text.append(" ".join(cell.split()), style="")
                out.print(text)
