"""How a tracker's sheet prints: A4 landscape, the header row on every page, and type a person
can read (issue 27: the sites sheet printed in about 4-point type when squeezed to one page).

A sheet's columns are capped in width (text wraps within them); a sheet still wider than a
landscape page holds at about 70% prints across as many pages as it needs, each repeating the
key and name columns. Works on any worksheet object; only ``excel`` imports openpyxl.
"""

from __future__ import annotations

import math
from typing import Any

PRINT_WIDTH = 190  # column-width units an A4 landscape page holds at a readable size (≥ 70%)


def pages_wide(width: float) -> int:
    """How many pages across a sheet of columns ``width`` units wide prints on."""
    return max(1, math.ceil(width / PRINT_WIDTH))


def setup(sheet: Any, width: float = 0, names: str = "") -> None:
    """Print ``sheet`` on A4 landscape, ``pages_wide`` pages across, the header row on every
    page and, when it takes more than one page across, the ``names`` columns (``A:B``) too."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = pages_wide(width)
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    if names and pages_wide(width) > 1:
        sheet.print_title_cols = names


LINE_POINTS = 15  # the height of one line of the header's bold 11-point type


def header_height(headers: list[str], widths: list[float]) -> float:
    """The header row's height in points: tall enough for its longest wrapped header, so a
    wrapped header stays within its row on screen and on paper (LibreOffice does not grow it)."""
    lines = 1
    for header, width in zip(headers, widths, strict=False):
        used, count = 0, 1
        for word in header.split():
            if used and used + 1 + len(word) > width - 1:
                count, used = count + 1, len(word)
            else:
                used += (1 if used else 0) + len(word)
        lines = max(lines, count)
    return LINE_POINTS * lines
