"""A tracker workbook's document properties: its title, author and the plan's own dates.

openpyxl cannot leave a core property date out, so a plan without one is given :data:`NO_DATE`
and that element is taken out of the finished file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from spreadkit import __version__
from spreadkit.answers.store import Answers
from spreadkit.files.officestamp import PLACEHOLDER

#: What XML 1.0 cannot hold (C0 controls but tab, line feed and carriage return).
ILLEGAL_CHARACTERS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def set_properties(book: Any, answers: Answers) -> None:
    """Title, author, subject and the plan's own dates: never the clock, so bytes repeat."""
    details = answers.details
    properties = book.properties
    title = str(details.get("title") or "Spread and adoption plan")
    # the document's properties are XML too: control characters (a bell, an escape) cannot be
    properties.title = ILLEGAL_CHARACTERS_RE.sub("", f"{title}: tracker")
    properties.creator = ILLEGAL_CHARACTERS_RE.sub("", str(details.get("lead") or ""))
    properties.lastModifiedBy = properties.creator
    properties.subject = "Actions, sites, risks and measures of a spread and adoption plan"
    properties.description = f"Made with spreadkit {__version__}"
    properties.identifier = PLACEHOLDER
    created, updated = details.get("created"), details.get("updated")
    day = created if isinstance(created, dt.date) else None
    later = updated if isinstance(updated, dt.date) else day
    # openpyxl cannot leave a date out: a plan without one gets NO_DATE, taken out after
    properties.created = dt.datetime(day.year, day.month, day.day) if day else NO_DATE
    properties.modified = dt.datetime(later.year, later.month, later.day) if later else NO_DATE


NO_DATE = dt.datetime(1980, 1, 1)
_NO_DATE_ELEMENT = re.compile(
    rb"<dcterms:(created|modified)[^>]*>1980-01-01T00:00:00Z</dcterms:(created|modified)>"
)


def without_made_up_dates(data: bytes) -> bytes:
    """The workbook with the core properties' :data:`NO_DATE` dates taken out."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "docProps/core.xml":
                body = _NO_DATE_ELEMENT.sub(b"", body)
            archive.writestr(info, body)
    return out.getvalue()
