"""A record's fields on one screen (the prompter's form), for the field types a line of text can
hold: text, number, date, choice, scale, reference, money, yes/no. The others (long text, a
list of choices, a quantity, a date range) and a field asked only for some answers ("which
other role?") are asked one by one after it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from spreadkit.answers.progress import field_is_asked
from spreadkit.framework import values
from spreadkit.framework.model import Field, Question, QuestionType
from spreadkit.framework.refs import ref_names
from spreadkit.interview import quick
from spreadkit.interview.form_fields import FormField
from spreadkit.interview.ports import Asker

ON_A_LINE = {
    QuestionType.TEXT,
    QuestionType.NUMBER,
    QuestionType.DATE,
    QuestionType.CHOICE,
    QuestionType.SCALE,
    QuestionType.REF,
    QuestionType.MONEY,
    QuestionType.YESNO,
}


def on_a_line(field: Field) -> bool:
    return field.type in ON_A_LINE and not field.when


def ask_on_one_screen(
    interview: Asker,
    question: Question,
    record: Mapping[str, Any],
    fields: Sequence[Field],
    title: str,
) -> dict[str, Any]:
    """``record`` with ``fields`` asked: those a line holds on one screen, then the others."""
    updated = dict(record)
    lines = [f for f in fields if on_a_line(f)]
    if len(lines) > 1:
        names = {f.id: ref_names(interview.framework, f, interview.answers.values) for f in lines}
        try:
            texts = interview.prompter.form(
                title, [_form_field(f, updated.get(f.id), names[f.id]) for f in lines]
            )
        except KeyboardInterrupt as stop:  # what each line held is kept with the record's draft
            typed = getattr(stop, "typed", None)
            if isinstance(typed, list) and len(typed) == len(lines):
                stop.record = _readable(updated, lines, typed, names)  # type: ignore[attr-defined]
            raise
        for field, text in zip(lines, texts, strict=True):
            value = quick.typed(field, text.strip(), names[field.id]) if text.strip() else None
            if values.is_blank(value):
                updated.pop(field.id, None)
            else:
                updated[field.id] = value
    else:
        lines = []
    for field in fields:
        if field in lines:
            continue
        if field.when and not field_is_asked(interview.answers, field, updated):
            continue
        key = f"{question.id}.{field.id}"
        value = interview.ask_field(field, updated.get(field.id), key=key)
        if values.is_blank(value):
            updated.pop(field.id, None)
        else:
            updated[field.id] = value
    return updated


def _form_field(field: Field, current: Any, names: Sequence[str]) -> FormField:
    def check(text: str) -> str | None:
        if not text.strip():
            return "an answer is needed here." if field.required else None
        try:
            quick.typed(field, text.strip(), names)
        except values.BadValue as exc:
            return values.problem_sentence(exc)
        return None

    label = field.title + ("" if field.required else " (optional)")
    return FormField(label, quick.shown(field, current, quote=False), check, _hint(field, names))


def _hint(field: Field, names: Sequence[str]) -> str:
    kind = field.type
    if kind is QuestionType.CHOICE:
        told = ", ".join(c.label for c in field.choices)
    elif kind is QuestionType.REF:
        told = ", ".join(names) if names else "a name"
    elif kind is QuestionType.SCALE:
        told = "1 to 5"
    elif kind is QuestionType.DATE:
        told = "a date: YYYY-MM-DD or DD/MM/YYYY"
    elif kind is QuestionType.NUMBER:
        told = "a number"
    elif kind is QuestionType.MONEY:
        told = "a number of pounds, such as 12500 or £12,500"
    elif kind is QuestionType.YESNO:
        told = "yes or no"
    else:
        told = ""
    return f"{field.prompt} ({told})" if told else field.prompt


def _readable(
    record: Mapping[str, Any],
    lines: Sequence[Field],
    typed: Sequence[str],
    names: Mapping[str, Any],
) -> dict[str, Any]:
    """``record`` with each line of an interrupted form that reads as its field's value."""
    kept = dict(record)
    for field, text in zip(lines, typed, strict=True):
        try:
            value = (
                quick.typed(field, str(text).strip(), names[field.id])
                if str(text).strip()
                else None
            )
        except values.BadValue:
            continue  # half typed: the record keeps what it had
        if values.is_blank(value):
            kept.pop(field.id, None)
        else:
            kept[field.id] = value
    return kept
