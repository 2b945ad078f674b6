"""A record's sources and assumptions as the text of a tracker's ``Sources`` and ``Assumed`` cells,
and that text read back.

- **Sources**: the ids of the sources the whole row rests on, then, for each field that cites
  its own, the field's label and its ids: ``S1, S2`` (the row), ``Amount: S2; Target: S1``
  (fields), ``S1; Amount: S2`` (both). Ids are separated by commas (or spaces), parts by ``;``.
- **Assumed**: ``Yes`` when the whole row is assumed; the labels of its assumed fields otherwise
  (``Amount, Planned go-live``); ``Yes; Amount`` for both. Blank (or ``No``) for nothing.
  What an assumption rests on and who should confirm it stay in the answers file: an assumption
  still listed keeps its note.

The answers keep them by path (``answers.evidence``): ``ready.sites[Dunmere PCN]`` for the whole
record, ``ready.sites[Dunmere PCN].golive_planned`` for one field; a record may also be named by
its position (``ready.sites[#3]``). A path that reaches deeper into a field (``….period.start``) is
not shown in a tracker, and an import leaves it as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import field
from typing import Any

from spreadkit.answers.checkins import BadPath, parse_path
from spreadkit.answers.evidence import Assumption
from spreadkit.answers.history import record_name, record_paths
from spreadkit.answers.store import Answers
from spreadkit.core.errors import did_you_mean
from spreadkit.core.records import dataclass
from spreadkit.core.text import shortened
from spreadkit.framework.model import Field, Question
from spreadkit.framework.values import BadValue
from spreadkit.plan.tracker.headers import fold

WHOLE = ""  # the target of a mark on the whole record, beside field ids
YES = "Yes"
_YES = {"yes", "y", "true", "x", "whole row", "whole record", "assumed"}
_NO = {"no", "n", "false", "-"}
_IDS = re.compile(r"[,\s]+")


@dataclass
class RecordMarks:
    """A record's marks, by target (``WHOLE`` or a field id), with the paths that hold them."""

    cited: dict[str, tuple[str, ...]] = field(default_factory=dict)
    assumed: dict[str, Assumption] = field(default_factory=dict)
    cite_paths: dict[str, list[str]] = field(default_factory=dict)
    assume_paths: dict[str, list[str]] = field(default_factory=dict)


class TableMarks:
    """The marks of one table's records, each path parsed once: what cites, and what is
    assumed of, each record and its fields (:meth:`of`)."""

    def __init__(
        self,
        answers: Answers,
        section_id: str,
        question_id: str,
        fields: Sequence[Field],
        records: Sequence[object],
        paths: Sequence[str] = (),
    ) -> None:
        self.names = [record_name(r) if isinstance(r, Mapping) else "" for r in records]
        # each record's path (answers.history.record_paths), for the edits an import makes
        self.paths = list(paths) or record_paths(section_id, question_id, records)
        self.first: dict[str, int] = {}
        for index, name in enumerate(self.names):
            self.first.setdefault(name, index)  # a name finds the first record that has it
        ids = {f.id for f in fields}
        # record selector (a name, or #3) -> (cited or assumed, target, path, what it says)
        self.found: dict[str, list[tuple[str, str, str, Any]]] = {}
        for kind, marked in (("cited", answers.citations), ("assumed", answers.assumptions)):
            for path, said in marked.items():
                try:
                    where = parse_path(path)
                except BadPath:
                    continue
                if (where.section, where.question) != (section_id, question_id):
                    continue
                if where.record is None:
                    continue
                if not where.rest:
                    target = WHOLE
                elif len(where.rest) == 1 and where.rest[0] in ids:
                    target = where.rest[0]
                else:
                    continue  # deeper than a field: not shown, left as it is
                self.found.setdefault(where.record, []).append((kind, target, path, said))

    def of(self, index: int) -> RecordMarks:
        """The marks of the record at ``index``: by its position, and by its name if it is the
        first record with that name."""
        out = RecordMarks()
        name = self.names[index]
        selectors = [f"#{index + 1}"]
        if name and self.first.get(name) == index:
            selectors.insert(0, name)
        for selector in selectors:
            for kind, target, path, said in self.found.get(selector, []):
                if kind == "cited":
                    out.cited[target] = tuple(dict.fromkeys((*out.cited.get(target, ()), *said)))
                    out.cite_paths.setdefault(target, []).append(path)
                else:
                    out.assumed.setdefault(target, said)
                    out.assume_paths.setdefault(target, []).append(path)
        return out


def table_cells(
    answers: Answers, section_id: str, question: Question
) -> list[dict[str, str | None]]:
    """Each record's ``Sources`` and ``Assumed`` cells, by part, in the records' order."""
    records = answers.get(section_id, question.id) or []
    table = TableMarks(answers, section_id, question.id, question.fields, records)
    out = []
    for index in range(len(records)):
        marks = table.of(index)
        out.append(
            {
                "sources": sources_text(marks, question.fields),
                "assumed": assumed_text(marks, question.fields),
            }
        )
    return out


def sources_text(marks: RecordMarks, fields: Sequence[Field]) -> str | None:
    """The ``Sources`` cell: ``S1; Amount: S2``; None when nothing is cited."""
    parts = []
    if marks.cited.get(WHOLE):
        parts.append(", ".join(marks.cited[WHOLE]))
    for fld in fields:
        if marks.cited.get(fld.id):
            parts.append(f"{fld.title}: {', '.join(marks.cited[fld.id])}")
    return "; ".join(parts) or None


def assumed_text(marks: RecordMarks, fields: Sequence[Field]) -> str | None:
    """The ``Assumed`` cell: ``Yes``, ``Amount, Planned go-live``, or both; None for nothing."""
    titles = ", ".join(f.title for f in fields if f.id in marks.assumed)
    if WHOLE in marks.assumed:
        return f"{YES}; {titles}" if titles else YES
    return titles or None


def read_sources(
    raw: object, fields: Sequence[Field], source_ids: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    """A ``Sources`` cell read back: target → ids. BadValue for an unknown label or id."""
    text = _text(raw)
    out: dict[str, tuple[str, ...]] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        label, colon, listed = part.rpartition(":")
        target = _field_of(label, fields) if colon else WHOLE
        ids = [i for i in _IDS.split(listed) if i]
        if colon and not ids:
            raise BadValue(
                f"'{shortened(label.strip())}' names no source",
                f"give the ids of its sources after the colon, such as {label.strip()}: S1",
            )
        for source_id in ids:
            if source_id not in source_ids:
                raise BadValue(
                    f"no source '{shortened(source_id)}' in this plan",
                    did_you_mean(source_id, list(source_ids))
                    or (
                        f"the plan's sources are: {', '.join(source_ids)}"
                        if source_ids
                        else "add it under sources: in the answers file first"
                    ),
                )
        out[target] = tuple(dict.fromkeys((*out.get(target, ()), *ids)))
    return {k: v for k, v in out.items() if v}


def read_assumed(raw: object, fields: Sequence[Field]) -> set[str]:
    """An ``Assumed`` cell read back: the targets marked as assumed."""
    text = _text(raw).strip()
    if fold(text) in _NO or not text:
        return set()
    pieces = re.split(r"[;,]", text)
    # a label may hold commas: the longest run of pieces that is one is bounded by them
    longest = 1 + max((len(re.findall(r"[;,]", f.title)) for f in fields), default=0)
    labels = _labels(tuple(fields))
    out: set[str] = set()
    start = 0
    while start < len(pieces):
        if not pieces[start].strip():
            start += 1
            continue
        if pieces[start].strip().casefold() in _YES:
            out.add(WHOLE)
            start += 1
            continue
        for end in range(min(len(pieces), start + longest), start, -1):
            found = labels.get(fold(",".join(pieces[start:end])))
            if found is not None:
                out.add(found)
                start = end
                break
        else:
            _field_of(pieces[start], fields)  # raises, with a did-you-mean
    return out


def _text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool):
        return YES if raw else "No"
    if isinstance(raw, int | float):
        return str(raw)
    raise BadValue("expected text", "the ids of sources, such as S1, S2")


def _match(label: str, fields: Sequence[Field]) -> str | None:
    return _labels(tuple(fields)).get(fold(label))


def _labels(fields: tuple[Field, ...]) -> dict[str, str]:
    """Each field's label and id, folded → its id (the label first, where they differ)."""
    out: dict[str, str] = {}
    for fld in fields:
        out.setdefault(fold(fld.title), fld.id)
    for fld in fields:
        out.setdefault(fold(fld.id), fld.id)
    return out


def _field_of(label: str, fields: Sequence[Field]) -> str:
    found = _match(label, fields)
    if found is None:
        raise BadValue(
            f"'{shortened(label.strip())}' is not a column of this table",
            did_you_mean(label.strip(), [f.title for f in fields])
            or "name a field by its column's header (Yes, in Assumed, for the whole row)",
        )
    return found
