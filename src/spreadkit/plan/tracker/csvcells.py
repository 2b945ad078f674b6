"""CSV as spreadkit writes it (``export --format csv``, ``portfolio --format csv``): cells that no
spreadsheet runs as a formula, whatever separator it splits on.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (some also a tab or a
carriage return) as a formula. Such a text cell gets a leading apostrophe, which spreadsheets
read as "this is text" and do not show (OWASP's advice on CSV injection).

That is not enough on its own: a program that splits on another separator than ours sees other
cells. LibreOffice with ``;`` as its separator (the default in many European locales) splits the
owner ``Lead;=1+1;@SUM(2+3)`` into three cells and runs the second and third. Quotes do not
help: a reader splitting on ``;`` does not see our comma-separated quotes at the start of its
cells. So inside text, a formula character that follows a separator a spreadsheet may split on
(``,``, ``;``, a tab, a line break), with only spaces or quotes between, gets the apostrophe too:
``Lead;'=1+1;'@SUM(2+3)``. Whatever separator a reader picks, none of its cells starts a formula.

Every apostrophe added is one more than the text had there, so :func:`restore` (which
``spreadkit import`` uses on a CSV tracker) takes exactly the added ones off again. Numbers are
written as they are, so ``-5`` stays a number a spreadsheet can add up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from spreadkit.core.records import dataclass

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = (",", ";", "\t", "\n", "\r")  # where a reader may start a new cell
_QUOTE_IF = (",", '"', "\n", "\r")  # what the CSV format itself needs quoted
# the apostrophes already there are counted, so that one more is always added (and taken off):
# before a leading tab or carriage return, and before a formula character at the start of the
# cell or after a separator, with only spaces or quotes between (a reader may trim them)
_LEADING = re.compile(r"^('*)(?=[\t\r])")
_INNER = re.compile(r"(^|[,;\t\n\r])([\s\"]*)('*)(?=[=+\-@])")
_ADDED_LEADING = re.compile(r"^'('*[\t\r])")
_ADDED_INNER = re.compile(r"(^|[,;\t\n\r])([\s\"]*)'('*[=+\-@])")


@dataclass(frozen=True)
class Number:
    """A number's text (``1,200``, ``-5``): never given an apostrophe, quoted only if it must be."""

    text: str


Cell = str | int | float | Number | None


def neutralise(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs, whatever separator it splits on: an
    apostrophe before a formula character at the start or after a separator."""
    text = _LEADING.sub(r"'\1", text, count=1)
    return _INNER.sub(r"\1\2'\3", text)


def restore(cell: str) -> str:
    """A cell as :func:`neutralise` found it: the apostrophes it added taken off."""
    cell = _ADDED_LEADING.sub(r"\1", cell, count=1)
    return _ADDED_INNER.sub(r"\1\2\3", cell)


def _field(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return _quoted(neutralise(str(cell)))
    if isinstance(cell, int | float):
        return repr(cell) if isinstance(cell, float) else str(cell)
    if isinstance(cell, Number):
        return _quoted(cell.text)
    return _quoted(neutralise(cell))


def _quoted(text: str) -> str:
    if any(mark in text for mark in _QUOTE_IF):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_text(rows: Iterable[Sequence[Cell]]) -> str:
    """The rows as CSV text (comma-separated, ``\\n`` line ends), every cell made safe."""
    return "".join(",".join(_field(cell) for cell in row) + "\n" for row in rows)
