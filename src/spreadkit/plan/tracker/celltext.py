"""Text in a tracker's cells that comes back exactly as it went out.

A spreadsheet cell cannot hold every answer: Excel stops at 32,767 characters, and a workbook's
XML cannot hold most control characters at all (nor U+FFFE, U+FFFF or a lone surrogate). So
``spreadkit export --format xlsx`` writes such a text as much as a cell can hold
(:func:`written`: the characters a workbook cannot hold taken out, a text too long cut to 32,766
characters and "…"), and keeps the whole text in the hidden sheet ``_originals``, keyed by a
digest of what the cell holds.

``spreadkit import`` puts the whole text back (:func:`restore_originals`) for every cell that
still holds exactly what was written: a cell nobody edited is never a change. A cell someone
edited holds other text, matches no digest, and is read as typed.

The ``_originals`` sheet: row 1 is its header (``cell``, ``part``, ``text``); then one row per
part of a text: the digest, the part's number (1, 2, …) and the part. The text is kept as a JSON
string (so control characters are written as ``\\u0001``) cut into parts a cell holds.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from spreadkit.plan.tracker.sheets import Row, Sheet

MAX_CELL = 32_767  # characters in a cell: Excel's limit
ORIGINALS_SHEET = "_originals"
HEADER = ("cell", "part", "text")
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PART = MAX_CELL - 1
_KEY = re.compile(r"^[0-9a-f]{32}$")
MAX_ORIGINAL = 1_000_000  # characters of one whole text put back: an answers file is at most 5 MB


def written(text: str) -> str:
    """What a cell holds for ``text``: without what a workbook cannot hold, and cut to fit."""
    text = _UNWRITABLE.sub("", text)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def key(cell_text: str) -> str:
    """The digest that names a written cell's text in the ``_originals`` sheet."""
    return hashlib.sha256(cell_text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def cell_parts(text: str) -> list[str]:
    """``text`` as a JSON string a workbook can hold, in parts a cell holds."""
    encoded = _UNWRITABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(text, ensure_ascii=False))
    return [encoded[i : i + _PART] for i in range(0, len(encoded), _PART)] or ['""']


def originals_rows(originals: Mapping[str, str]) -> Iterator[tuple[str, int, str]]:
    """The rows of the ``_originals`` sheet for ``originals`` (whole texts by their written
    text's key), below its header."""
    for name, text in originals.items():
        for number, part in enumerate(cell_parts(text), start=1):
            yield name, number, part


def restore_originals(sheets: Sequence[Sheet]) -> list[Sheet]:
    """``sheets`` with each cell that holds what export wrote for a longer or unwritable text
    given that whole text back; the ``_originals`` sheet itself is left for the layout to skip."""
    found = next((s for s in sheets if s.name == ORIGINALS_SHEET), None)
    originals = _read(found) if found is not None else {}
    if not originals:
        return list(sheets)
    out = []
    for sheet in sheets:
        if sheet is found:
            out.append(sheet)
            continue
        rows = tuple(
            Row(row.number, tuple(_whole(cell, originals) for cell in row.cells))
            for row in sheet.rows
        )
        out.append(replace(sheet, rows=rows))
    return out


def _whole(cell: Any, originals: Mapping[str, str]) -> Any:
    if not isinstance(cell, str) or not cell:
        return cell
    return originals.get(key(cell), cell)


def _read(sheet: Sheet) -> dict[str, str]:
    """The whole texts the sheet keeps, by key. The sheet is as untrusted as the rest: a row
    that is not what export wrote is passed over (its cell is then read as it stands)."""
    pieces: dict[str, dict[int, str]] = {}
    for row in sheet.rows:
        name, number, part = (*row.cells, None, None, None)[:3]
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        if (
            isinstance(name, str)
            and _KEY.match(name)
            and isinstance(number, int)
            and not isinstance(number, bool)
            and isinstance(part, str)
        ):
            pieces.setdefault(name, {})[number] = part
    out = {}
    for name, numbered in pieces.items():
        if sorted(numbered) != list(range(1, len(numbered) + 1)):
            continue
        encoded = "".join(numbered[n] for n in sorted(numbered))
        if len(encoded) > 6 * MAX_ORIGINAL:  # \u0001 is six characters for one
            continue
        try:
            text = json.loads(encoded)
        except (ValueError, RecursionError):
            continue
        if isinstance(text, str) and len(text) > MAX_ORIGINAL:
            continue
        if isinstance(text, str) and key(written(text)) == name:
            out[name] = text
    return out
