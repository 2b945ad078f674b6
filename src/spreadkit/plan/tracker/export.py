"""`spreadkit export`: a repeating group's records as CSV or JSON, for spreadsheets and trackers.

A spreadsheet opening a CSV file runs any cell that begins with ``=``, ``+``, ``-`` or ``@`` (and,
in some, a tab or carriage return) as a formula: ``=HYPERLINK(...)`` can leak data, and old DDE
formulas can start programs. So every text cell that begins with one of those gets a leading
apostrophe, which spreadsheets read as "this is text" and do not show (OWASP's advice for CSV
injection). Numbers from number questions are written as they are, so ``-5`` stays a number that
a spreadsheet can add up. JSON is for programs and stays exact.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from spreadkit.answers.store import Answers
from spreadkit.core.errors import Problem, SpreadkitError, did_you_mean
from spreadkit.framework import roles, values
from spreadkit.framework.model import Framework, Question, QuestionType, Section


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
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise(f.title) for f in question.fields])
    for record in records:
        writer.writerow([_cell(f, record.get(f.id)) for f in question.fields])
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):  # a quantity or a date range
        return {key: _plain(item) for key, item in value.items()}
    return value.isoformat() if isinstance(value, dt.date) else value


def _cell(field: Any, value: Any) -> str:
    if values.is_blank(value):
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()  # spreadsheets read ISO dates as dates
    if field.type is QuestionType.NUMBER and isinstance(value, int | float):
        return values.display(field, value)  # a number, not a formula: -5 stays -5
    return neutralise(values.display(field, value))


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet will run as a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
