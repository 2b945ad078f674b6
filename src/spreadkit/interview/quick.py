"""A record on one line: "Greater Manchester, Wave 2, 2028-09-01, 4" for a site's name, phase,
planned go-live and target, the fields the content lists as the group's ``quick`` fields.

Parts are separated by commas, or by semicolons when the line has one (a part with a comma in
it may also go in double quotes); a part left out or blank stays blank. A choice may be typed
as its value or its label in any case ("in progress"), or the start of just one of them
("prep"); a reference as the name of the record it points to, in any case. A mistake names the
part, and the line is asked again with what was typed. An empty line adds nothing. The same
rules read each line of a record's form (``record_form``).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from typing import Any

from spreadkit.answers import overrides
from spreadkit.framework import values
from spreadkit.framework.model import Field, Question, QuestionType
from spreadkit.framework.refs import ref_names
from spreadkit.interview.ports import Asker


def quick_fields(question: Question) -> list[Field]:
    by_id = {f.id: f for f in question.fields}
    return [by_id[i] for i in question.quick if i in by_id]


def ask_line(
    interview: Asker, key: str, question: Question, like: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The quick fields of a new record typed on one line; None when the line is left empty."""
    fields = quick_fields(question)
    names = {f.id: ref_names(interview.framework, f, interview.answers.values) for f in fields}
    offered = ", ".join(shown(f, like.get(f.id)) for f in fields).rstrip(", ")

    def check(text: str) -> str | None:
        if not text.strip():
            return None
        try:
            parse(fields, text, names)
        except values.BadValue as exc:
            return values.problem_sentence(exc)
        return None

    text = interview.text_answer(
        key,
        f"New {question.item_name}: " + "; ".join(_lower(f.title) for f in fields),
        offered,
        validate=check,
        instruction="(in this order, with commas between; a blank part is skipped)",
    )
    if not text.strip():
        return None
    return parse(fields, text, names)


def parse(fields: list[Field], text: str, names: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The typed values of one line; raises BadValue naming the part that is wrong."""
    delimiter = ";" if ";" in text else ","
    reader = csv.reader([text], delimiter=delimiter, skipinitialspace=True)
    parts = [p.strip() for p in next(reader, [])]
    if len(parts) > len(fields):
        raise values.BadValue(
            f"{len(parts)} parts, but a line has at most {len(fields)}: "
            + "; ".join(_lower(f.title) for f in fields),
            'put a part that has a comma in it in double quotes ("Leeds, York")',
        )
    record: dict[str, Any] = {}
    for field, part in zip(fields, parts, strict=False):
        if not part:
            if field.required:
                raise values.BadValue(f"{field.title}: an answer is needed here")
            continue
        try:
            record[field.id] = typed(field, part, (names or {}).get(field.id, ()))
        except values.BadValue as exc:
            raise values.BadValue(f"{field.title}: {exc}", exc.hint) from None
    missing = [f.title for f in fields[len(parts) :] if f.required]
    if missing:
        raise values.BadValue(f"{missing[0]}: an answer is needed here")
    return record


def typed(field: Field, part: str, names: Any = ()) -> Any:
    """One part as a value of ``field``: choices by value or label in any case, references by
    name in any case."""
    folded = part.casefold().replace("-", " ")
    if field.type in (QuestionType.CHOICE, QuestionType.SCALE) and field.choices:
        for choice in field.choices:
            if folded in (choice.value.casefold().replace("-", " "), choice.label.casefold()):
                return choice.value
        starting = [  # the start of one choice is enough: "prep" for "preparing"
            c.value
            for c in field.choices
            if c.value.casefold().replace("-", " ").startswith(folded)
            or c.label.casefold().startswith(folded)
        ]
        if len(starting) == 1:
            return starting[0]
    if field.type is QuestionType.REF:
        for name in names:
            if str(name).casefold() == part.casefold():
                return name
        if names:
            raise values.BadValue(f"'{part}' is not one of: {', '.join(map(str, names))}")
    if field.type is QuestionType.MONEY:
        return values.check(field, part)
    return overrides.typed(field, part)


def _lower(title: str) -> str:
    return title[:1].lower() + title[1:]


def shown(field: Field, value: Any, *, quote: bool = True) -> str:
    """``value`` as typed on a line (in double quotes when it has a comma, with ``quote``)."""
    if values.is_blank(value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return f'"{text}"' if quote and ("," in text or '"' in text) else text
