"""`spreadkit export`: a repeating group's records as CSV or JSON, for spreadsheets and trackers.

A spreadsheet opening a CSV file runs any cell that begins with ``=``, ``+``, ``-`` or ``@`` (and,
in some, a tab or carriage return) as a formula: ``=HYPERLINK(...)`` can leak data, and old DDE
formulas can start programs. The cells are made safe by :mod:`plan.tracker.csvcells`: a leading
apostrophe on such text, and quotes around text holding a separator, so that a spreadsheet
splitting on ``;`` cannot find a formula after it. Numbers from number questions are written as
they are, so ``-5`` stays a number that a spreadsheet can add up. JSON is for programs and stays
exact.

A CSV table ends with two columns, ``Sources`` and ``Assumed``: what each record and its fields
rest on, as :mod:`plan.tracker.evidence_cells` writes it (the JSON export leaves them out).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from spreadkit.answers.store import Answers
from spreadkit.core.errors import Problem, SpreadkitError, did_you_mean
from spreadkit.framework import roles, values
from spreadkit.framework.model import Framework, Question, QuestionType, Section
from spreadkit.plan.tracker import evidence_cells
from spreadkit.plan.tracker.csvcells import Cell, Number, csv_text, neutralise
from spreadkit.plan.tracker.headers import evidence_headers

__all__ = ["export_table", "neutralise", "tables"]


def tables(framework: Framework) -> dict[str, tuple[Section, Question]]:
    """The exportable tables, by the name the content gives them."""
    return {
        q.export: (section, q)
        for section in framework.sections
        for q in section.questions
        if q.type is QuestionType.GROUP and q.export
    }


def measures_table(framework: Framework) -> tuple[str, tuple[Section, Question]] | None:
    """The exported table playing the ``measures`` role, with its name: the readings' measures."""
    ids = roles.ids(framework, "measures")
    return next(
        (
            (name, pair)
            for name, pair in tables(framework).items()
            if (pair[0].id, pair[1].id) == ids
        ),
        None,
    )


def export_table(framework: Framework, answers: Answers, table: str, as_json: bool) -> str:
    known = tables(framework)
    if table not in known:
        raise SpreadkitError(
            Problem(f"no table '{table}' to export", hint=did_you_mean(table, sorted(known)))
        )
    section, question = known[table]
    records = answers.get(section.id, question.id) or []
    if as_json:
        rows = [{f.id: _plain(record.get(f.id)) for f in question.fields} for record in records]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    fields = question.fields
    table_rows: list[list[Cell]] = [
        [*(f.title for f in fields), *evidence_headers(fields).values()]
    ]
    marks = evidence_cells.table_cells(answers, section.id, question)
    for record, cells in zip(records, marks, strict=True):
        table_rows.append(
            [*(_cell(f, record.get(f.id)) for f in fields), cells["sources"], cells["assumed"]]
        )
    return csv_text(table_rows)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):  # a quantity or a date range
        return {key: _plain(item) for key, item in value.items()}
    return value.isoformat() if isinstance(value, dt.date) else value


def _cell(field: Any, value: Any) -> Cell:
    if values.is_blank(value):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()  # spreadsheets read ISO dates as dates
    if field.type is QuestionType.NUMBER and isinstance(value, int | float):
        return Number(values.display(field, value))  # a number, not a formula: -5 stays -5
    return values.display(field, value)
