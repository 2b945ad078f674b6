"""The headers of a tracker's columns, as ``spreadkit export`` writes them and ``spreadkit
import`` knows them again (by name, not by position).

Every table has, after its fields, two columns for where its facts come from
(:mod:`plan.tracker.evidence_cells`): ``Sources`` and ``Assumed``. A table whose own field
already goes by that name (the budget's ``Source``: where the money comes from) gets the next
name that is free instead (``Sources cited``), so that no header can be read as two columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spreadkit.framework.model import Field, QuestionType

KEY = "Row key"  # the record's position when the workbook was made; empty on a new row
# each evidence column (its part), with the headers it may take, first choice first
EVIDENCE: dict[str, tuple[str, ...]] = {
    "sources": ("Sources", "Sources cited", "Evidence sources"),
    "assumed": ("Assumed", "Marked as assumed", "Evidence assumed"),
}


def fold(text: str) -> str:
    """Names compared as a person means them: any case, spaces or underscores, no plural s."""
    words = re.sub(r"[\s_]+", " ", text.strip().casefold())
    return words[:-1] if words.endswith("s") and len(words) > 3 else words


def field_headers(fields: Sequence[Field]) -> dict[str, tuple[Field | None, str]]:
    """Every header a table's field columns may have, folded: label or id, with the part it
    holds (and the row key)."""
    out: dict[str, tuple[Field | None, str]] = {fold(KEY): (None, "key")}
    for field in fields:
        for title in dict.fromkeys((field.title, field.id)):
            if field.type is QuestionType.DATERANGE:
                out[fold(f"{title} from")] = (field, "start")
                out[fold(f"{title} to")] = (field, "end")
            if field.type is QuestionType.QUANTITY:
                out[fold(f"{title} unit")] = (field, "unit")
            out.setdefault(fold(title), (field, "value"))
    return out


def evidence_headers(fields: Sequence[Field]) -> dict[str, str]:
    """The header of each evidence column of a table with ``fields``: part → header."""
    taken = set(field_headers(fields))
    out = {}
    for part, names in EVIDENCE.items():
        header = next((n for n in names if fold(n) not in taken), f"{names[0]} ({part})")
        taken.add(fold(header))
        out[part] = header
    return out


def wanted(fields: Sequence[Field]) -> dict[str, tuple[Field | None, str]]:
    """Every header a table's columns may have, folded, with the part each holds."""
    out = field_headers(fields)
    for part, header in evidence_headers(fields).items():
        out[fold(header)] = (None, part)
    return out
