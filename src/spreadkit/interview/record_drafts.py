"""A record half entered when the interview stops (Ctrl-C at the ninth field of a new site),
kept as a draft beside the half-typed text (``interview.drafts``) and offered first the next
time its group is asked: "Carry on with the site you were adding".

A record draft is one entry of the drafts file, keyed ``record:STEP.GROUP``, holding the fields
answered so far (dates as YYYY-MM-DD) and, for a record being changed, the name it had. It is
read back field by field, each checked like an answer: a field that no longer checks (the
content changed since) is simply asked again.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from spreadkit.core.records import dataclass
from spreadkit.framework import values
from spreadkit.framework.model import Question, Section
from spreadkit.interview.drafts import Drafts
from spreadkit.interview.ports import Asker


@dataclass(frozen=True)
class RecordDraft:
    editing: str | None  # the name of the record being changed; None for a new record
    record: dict[str, Any]  # the fields answered so far


def key(section: Section, question: Question) -> str:
    return f"record:{section.id}.{question.id}"


def keep(drafts: Drafts, section: Section, question: Question, draft: RecordDraft) -> None:
    if not draft.record:
        drafts.drop(key(section, question))
        return
    data = {"editing": draft.editing, "record": draft.record}
    drafts.keep(key(section, question), json.dumps(data, default=_plain, ensure_ascii=False))


def drop(drafts: Drafts, section: Section, question: Question) -> None:
    drafts.drop(key(section, question))


def load(drafts: Drafts, section: Section, question: Question) -> RecordDraft | None:
    """The draft of this group, its fields checked again; None when there is none left."""
    text = drafts.get(key(section, question))
    if text is None:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # not a draft spreadkit wrote: asked afresh
        return None
    if not isinstance(data, dict) or not isinstance(data.get("record"), dict):
        return None
    record: dict[str, Any] = {}
    for field in question.fields:
        raw = data["record"].get(field.id)
        try:
            value = values.check(field, raw, uk_dates=False)
        except values.BadValue:
            continue
        if not values.is_blank(value):
            record[field.id] = value
    editing = data.get("editing")
    if not record:
        return None
    return RecordDraft(editing if isinstance(editing, str) else None, record)


def unfinished(interview: Asker, section: Section, question: Question) -> bool:
    """Where carrying on starts: a question not answered, or one stopped halfway through (a
    half-typed answer to it, or a half-entered record of it)."""
    blank = values.is_blank(interview.answers.get(section.id, question.id))
    return blank or interview.drafts.pending(f"{section.id}.{question.id}")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)
