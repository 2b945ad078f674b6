"""``spreadkit import``: what a tracker, edited in a spreadsheet, changes in the answers.

Each row is matched to a record by its name (its first column: an action's task, a site's name,
a risk, a measure). A cell that differs from the answer is a change; a row with a new name is a
new record; a row of the readings sheet that the history does not have is a reading. Nothing
else changes: a column the tracker does not have leaves its answers alone, and a record whose
row is gone is kept (removing a row is not deleting a record), with a note that says so.
Everything that cannot be read is reported together, each with its sheet, row and column.
A row's ``Sources`` and ``Assumed`` cells edit what its record cites and what is assumed
(:mod:`plan.tracker.import_evidence`), kept beside the answers, not as the check-in's changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import field
from typing import Any

from spreadkit.answers import history
from spreadkit.answers.checkins import POSITION
from spreadkit.answers.evidence import Assumption
from spreadkit.answers.readings import Reading
from spreadkit.answers.store import Answers
from spreadkit.core.errors import SpreadkitError, did_you_mean
from spreadkit.core.records import dataclass
from spreadkit.core.text import shortened
from spreadkit.framework import values
from spreadkit.framework.model import Field, Framework, Question, QuestionType
from spreadkit.framework.refs import ref_names
from spreadkit.plan.tracker import cells
from spreadkit.plan.tracker.celltext import restore_originals
from spreadkit.plan.tracker.evidence_cells import TableMarks
from spreadkit.plan.tracker.export import tables
from spreadkit.plan.tracker.import_evidence import PARTS as EVIDENCE_PARTS
from spreadkit.plan.tracker.import_evidence import apply_evidence, read_row_evidence
from spreadkit.plan.tracker.import_readings import Work, read_readings
from spreadkit.plan.tracker.layout import READINGS, SheetTable, table_of
from spreadkit.plan.tracker.sheets import Row, Sheet


@dataclass(frozen=True)
class Imported:
    """What a tracker changes: answer paths and their new values, readings, and in words."""

    changes: Mapping[str, Any]
    readings: Sequence[Reading]  # undated ones carry import_readings' stand-in until dated
    reading_date: dt.date | None  # the latest date the new readings carry, if any carry one
    lines: tuple[str, ...]  # each change, as a person reads it
    notes: tuple[str, ...]  # what was left as it was, and why
    # edits to sources and assumptions (plan.tracker.import_evidence): not a check-in's changes
    cited: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    assumed: Mapping[str, Assumption | None] = field(default_factory=dict)
    evidence_lines: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.changes and not self.readings and not self.evidence_lines

    @property
    def evidence_edits(self) -> int:
        return len(self.evidence_lines)

    def with_evidence(self, answers: Answers) -> Answers:
        """``answers`` with the tracker's edits to sources and assumptions."""
        return apply_evidence(answers, self.cited, self.assumed)


def read_import(
    framework: Framework,
    answers: Answers,
    sheets: Sequence[Sheet],
    source: str,
    on: dt.date | None = None,
) -> Imported:
    """The changes ``sheets`` make to ``answers``; SpreadkitError with every problem found."""
    sheets = restore_originals(sheets)  # a cell export had to cut short, as it was
    work = Work(framework, answers, source)
    found: dict[str, SheetTable] = {}
    for sheet in sheets:
        table, problems = table_of(framework, sheet, source)
        work.problems += problems
        if table is None:
            continue
        if table.name in found:
            work.bad(
                sheet,
                None,
                "",
                f"this is the {table.name} table again "
                f"(the sheet '{found[table.name].sheet.name}' is too)",
            )
            continue
        found[table.name] = table
    for table in found.values():
        if table.name != READINGS:
            _table(work, table)
    if sheets and sheets[0].name:  # a workbook: say which tables it left out
        for name, (section, question) in tables(framework).items():
            if name not in found and answers.get(section.id, question.id):
                work.notes.append(
                    f"The tracker has no {name} sheet: the {name} are left as they are."
                )
    candidate = answers
    for path, value in work.changes.items():
        candidate = history.set_path(candidate, path, value)
    _check_refs(work, candidate)
    readings: list[Reading] = []
    reading_date = None
    if READINGS in found:
        readings, reading_date = read_readings(work, found[READINGS], candidate, on)
    if work.problems:
        raise SpreadkitError(work.problems)
    return Imported(
        work.changes,
        readings,
        reading_date,
        tuple(work.lines),
        tuple(work.notes),
        work.cited,
        work.assumed,
        tuple(work.evidence_lines),
    )


def _table(work: Work, table: SheetTable) -> None:
    assert table.section is not None
    section = table.section
    question = section.question(table.question_id)
    assert question is not None
    sheet = table.sheet
    first = question.fields[0]
    if not any(c.field is first and c.part == "value" for c in table.columns):
        return  # said already: the sheet has no column that names its rows
    records = [r for r in work.answers.get(section.id, question.id) or [] if isinstance(r, dict)]
    names = [history.record_name(r) for r in records]
    paths = history.record_paths(section.id, question.id, records)
    marked = TableMarks(work.answers, section.id, question.id, question.fields, records, paths)
    rows: list[tuple[Row, str, dict[str, Any], int | None, dict[str, Any]]] = []
    on_row: dict[str, int] = {}
    for row in sheet.rows:
        values_by_field, key, failed, evidence = _parse_row(work, table, row)
        name = values_by_field.get(first.id)
        if not isinstance(name, str) or not name:
            if first.id in values_by_field:  # blank, not unreadable (said already)
                work.bad(
                    sheet,
                    row.number,
                    first.title,
                    f"this row has no {first.title}",
                    "each row needs one, to match it to the plan",
                )
            continue
        if name in on_row:
            work.bad(
                sheet,
                row.number,
                first.title,
                f"'{shortened(name)}' is on row {on_row[name]} too",
                "each row needs a name of its own",
            )
            continue
        on_row[name] = row.number
        if not failed:
            rows.append((row, name, values_by_field, key, evidence))
    for row, name, found, key, evidence in rows:
        if names.count(name) > 1:
            work.bad(
                sheet,
                row.number,
                first.title,
                f"the plan has {names.count(name)} {table.name} named '{shortened(name)}'",
                "give each its own name in the answers file first",
            )
        elif name in names:
            index = names.index(name)
            _edit(work, table, question, records[index], paths[index], found, row)
            read_row_evidence(work, table, question, row, name, marked, index, evidence)
        elif _new(work, table, question, records, name, found, row, key, set(on_row)):
            read_row_evidence(work, table, question, row, name, marked, None, evidence)
    gone = [n for n in dict.fromkeys(names) if n and n not in on_row]
    if gone:
        shown = ", ".join(f"'{shortened(n)}'" for n in gone[:5]) + (", …" if len(gone) > 5 else "")
        work.notes.append(
            f"{len(gone)} of the {table.name} in the plan {'is' if len(gone) == 1 else 'are'} "
            f"not in the tracker ({shown}): kept, as removing a row does not delete it."
        )


def _parse_row(
    work: Work, table: SheetTable, row: Row
) -> tuple[dict[str, Any], int | None, bool, dict[str, Any]]:
    """A row's values by field (a date range's parts as a mapping), its row key, whether a cell
    could not be read, and its evidence cells as they stand (by part: sources, assumed)."""
    out: dict[str, Any] = {}
    key = None
    failed = False
    evidence: dict[str, Any] = {}
    for column in table.columns:
        raw = row.cells[column.index] if column.index < len(row.cells) else None
        if column.part in EVIDENCE_PARTS:
            evidence[column.part] = raw
            continue
        try:
            if column.field is None:  # the row key: only a hint, never trusted to match
                number = cells.reading_cell(raw, "value")
                key = number if isinstance(number, int) else None
                continue
            value = cells.read_cell(column.field, raw, column.part)
        except values.BadValue as exc:
            if column.field is not None:
                work.bad(table.sheet, row.number, column.header, str(exc), exc.hint)
                failed = True
            continue
        if column.part in ("start", "end", "unit") or (
            column.field.type is QuestionType.QUANTITY and column.part == "value"
        ):
            out.setdefault(column.field.id, {})[column.part] = value
        else:
            out[column.field.id] = value
    return out, key, failed, evidence


def _whole(work: Work, table: SheetTable, row: Row, fld: Field, now: Any, current: Any) -> Any:
    """A value kept in two columns, put together: a column the sheet lacks keeps its part."""
    if not isinstance(now, dict) or fld.type not in (QuestionType.DATERANGE, QuestionType.QUANTITY):
        return now
    merged = dict(current) if isinstance(current, dict) else {}
    merged.update(now)
    merged = {k: v for k, v in merged.items() if v is not None}
    try:
        return values.check(fld, merged or None, uk_dates=False)
    except values.BadValue as exc:
        work.bad(table.sheet, row.number, fld.title, str(exc), exc.hint)
        return current


def _edit(
    work: Work,
    table: SheetTable,
    question: Question,
    record: dict[str, Any],
    base: str,  # the record's path (history.record_paths)
    found: dict[str, Any],
    row: Row,
) -> None:
    assert table.section is not None
    name = history.record_name(record)
    for fld in question.fields[1:]:
        if fld.id not in found:
            continue
        was = record.get(fld.id)
        now = _whole(work, table, row, fld, found[fld.id], was)
        if now == was and isinstance(now, bool) == isinstance(was, bool):
            continue
        if now is None and fld.required:
            work.bad(
                table.sheet,
                row.number,
                fld.title,
                "this cell is blank",
                f"a {question.item_name} needs its {fld.title}",
            )
            continue
        work.changes[f"{base}.{fld.id}"] = now
        work.lines.append(
            f"{table.name}: {shortened(name, 200)}: {fld.title}: {_show(fld, was)} → "
            f"{_show(fld, now)}"
        )
        _note_ref(work, table, row, fld, now)


def _new(
    work: Work,
    table: SheetTable,
    question: Question,
    records: list[dict[str, Any]],
    name: str,
    found: dict[str, Any],
    row: Row,
    key: int | None,
    in_sheet: set[str],
) -> bool:
    """A new record from ``row``; False when it cannot be one (said in ``work``)."""
    assert table.section is not None
    first = question.fields[0]
    if key is not None and 1 <= key <= len(records):
        old = history.record_name(records[key - 1])
        if old and old not in in_sheet:
            work.bad(
                table.sheet,
                row.number,
                first.title,
                f"'{shortened(name)}' is new, but its {KEY_WORDS} {key} is '{shortened(old)}', "
                "which is not in the "
                "tracker any more: spreadkit does not rename records from a tracker",
                f"put back the name '{shortened(old)}' and rename it with a check-in, which "
                f"the history follows: --set '{table.section.id}.{question.id}"
                f"[{shortened(old)}].{first.id}={shortened(name)}'; or clear the {KEY_WORDS} "
                f"to add '{shortened(name)}' as a new {question.item_name}",
            )
            return False
    if "]" in name or POSITION.match(name):
        work.bad(
            table.sheet,
            row.number,
            first.title,
            f"'{shortened(name)}' cannot name a record",
            "a name cannot hold ] or be # and a number",
        )
        return False
    record: dict[str, Any] = {}
    for fld in question.fields:
        value = _whole(work, table, row, fld, found.get(fld.id), None)
        if value is None:
            if fld.required:
                work.bad(
                    table.sheet,
                    row.number,
                    fld.title,
                    f"a new {question.item_name} needs its {fld.title}, and this is blank"
                    if any(c.field is fld for c in table.columns)
                    else f"a new {question.item_name} needs its {fld.title}, and the "
                    "sheet has no such column",
                )
            continue
        record[fld.id] = value
        _note_ref(work, table, row, fld, value)
    work.changes[f"{table.section.id}.{question.id}[{name}]"] = record
    shown = "; ".join(
        f"{fld.title} {_show(fld, record[fld.id])}"
        for fld in question.fields[1:]
        if fld.id in record
    )
    work.lines.append(
        f"{table.name}: new {question.item_name}: {shortened(name, 200)}"
        + (f" ({shown})" if shown else "")
    )
    return True


KEY_WORDS = "Row key"


def _note_ref(work: Work, table: SheetTable, row: Row, fld: Field, value: Any) -> None:
    if fld.type is QuestionType.REF and value is not None:
        column = next(c for c in table.columns if c.field is fld)
        work.refs.append((table.sheet, row.number, column, str(value)))


def _check_refs(work: Work, candidate: Answers) -> None:
    """Each reference names a record the plan will have (new rows of this import count)."""
    for sheet, row, column, value in work.refs:
        assert column.field is not None
        names = ref_names(work.framework, column.field, candidate.values)
        if value not in names:
            what = column.field.ref.rpartition(".")[2] or "records"
            work.bad(
                sheet,
                row,
                column.header,
                f"there is no {column.header.lower()} '{shortened(value)}' in the {what}",
                did_you_mean(value, names),
            )


def _show(fld: Field, value: Any) -> str:
    """A value in a line of what the import changes: a long one cut short (never a whole cell)."""
    if values.is_blank(value):
        return "(blank)"
    return shortened(values.display(fld, value), 200)
