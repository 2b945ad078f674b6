"""Repeating groups (records added, changed, removed) and ratings (each item scored, with a note)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from spreadkit.answers.history import record_name as history_name
from spreadkit.answers.progress import field_is_asked
from spreadkit.framework import values
from spreadkit.framework.model import Field, Question, QuestionType, RatingItem, Section, Step
from spreadkit.interview import quick, record_drafts
from spreadkit.interview.ports import Asker
from spreadkit.interview.record_form import ask_on_one_screen
from spreadkit.terminal import display

SKIP = "__skip__"


def ask_group(
    interview: Asker, section: Section, question: Question, records: list[dict[str, Any]]
) -> None:
    item = question.item_name
    display.message(interview.env, question.prompt, style="bold")
    while True:
        display.records(interview.env, question, records)
        draft = record_drafts.load(interview.drafts, section, question)
        actions = []
        if draft is not None:  # stopped halfway through a record last time
            actions.append(("draft", _draft_label(question, draft)))
        actions.append(("add", f"Add another {item}" if records else f"Add {_a(item)}"))
        if records and question.quick:  # "like the last one, but…": its line to edit
            actions.append(("like", f"Add another like “{_record_name(question, records[-1])}”"))
        if records:
            actions += [("edit", f"Change {_a(item)}"), ("remove", f"Remove {_a(item)}")]
        if draft is not None:
            actions.append(("discard", f"Discard the unfinished {item}"))
        actions.append(("done", "Done" if records else "Skip for now"))
        actions.append(("import", "Import from a CSV file or tracker"))  # after Done: Up adds
        action = interview.prompter.select(
            f"{question.title}: what next?", actions, default="draft" if draft else "done"
        )
        if action == "done":
            if not interview.answers.seen(section.id, question.id):  # asked, left empty
                interview.commit(interview.answers.with_value(section.id, question.id, None))
            show_assessments(interview, section, question)  # e.g. the team against the roles
            return
        if action == "discard":
            record_drafts.drop(interview.drafts, section, question)
            continue
        if action == "draft" and draft is not None:
            display.hint(interview.env, f"Your unfinished {item} from last time is filled in.")
            index = _index_of(records, draft.editing)
            if index is None:
                records.append(ask_record(interview, section, question, draft.record, resumed=True))
            else:
                whole = {**records[index], **draft.record}
                records[index] = ask_record(
                    interview, section, question, whole, editing=draft.editing, resumed=True
                )
        elif action == "import":
            from spreadkit.interview.list_import import import_records

            imported = import_records(interview, section, question)
            if imported is None:
                continue
            records[:] = imported
        elif action in ("add", "like"):
            like = records[-1] if action == "like" else None
            added = ask_record(interview, section, question, {}, like=like)
            if not added:
                continue
            records.append(added)
        else:
            index = pick_record(interview, question, records, action)
            if index is None:
                continue
            if action == "edit":
                name = history_name(records[index])
                records[index] = ask_record(
                    interview, section, question, records[index], editing=name
                )
            elif interview.prompter.confirm(
                f"Remove “{_record_name(question, records[index])}”?", default=False
            ):
                del records[index]
        interview.commit(
            interview.answers.with_value(section.id, question.id, list(records) or None)
        )


def _draft_label(question: Question, draft: record_drafts.RecordDraft) -> str:
    name = _record_name(question, draft.record)
    doing = "changing" if draft.editing is not None else "adding"
    return f"Carry on with the {question.item_name} you were {doing} ({name})"


def _index_of(records: list[dict[str, Any]], name: str | None) -> int | None:
    if name is None:
        return None
    return next((i for i, r in enumerate(records) if history_name(r) == name), None)


def ask_ratings(
    interview: Asker, section: Section, question: Question, ratings: dict[str, dict[str, Any]]
) -> None:
    """Each item: a score on the question's scale, then the note beside it; saved item by item."""
    display.message(interview.env, question.prompt, style="bold")
    for item in question.items:
        options, keys = scale_options(question, question.points, skip=True, item=item)
        if item.help:
            display.hint(interview.env, item.help)
        previous = ratings.get(item.id, {})
        default = str(previous["score"]) if "score" in previous else SKIP
        picked = interview.prompter.select(f"{item.label}", options, default=default, keys=keys)
        entry: dict[str, Any] = {}
        if picked != SKIP:
            entry["score"] = int(picked)
        if entry.get("score") != previous.get("score"):  # keep a new score before its note
            kept = {"note": previous["note"]} if "note" in previous else {}
            _store_rating(interview, section, question, ratings, item.id, {**entry, **kept})
        # A skipped rating asks for no note (unless one was written before): one key per skip.
        if question.note_prompt and (picked != SKIP or previous.get("note")):
            note = interview.text_answer(
                f"{section.id}.{question.id}.{item.id}",
                f"{item.label}: {question.note_prompt} (optional)",
                previous.get("note", ""),
                instruction="(Enter alone to skip)" if not previous.get("note") else "",
            )
            if note.strip():
                entry["note"] = note.strip()
        _store_rating(interview, section, question, ratings, item.id, entry)
    show_assessments(interview, section, question)


def _store_rating(
    interview: Asker,
    section: Section,
    question: Question,
    ratings: dict[str, dict[str, Any]],
    item_id: str,
    entry: dict[str, Any],
) -> None:
    """One item's rating (or none, when ``entry`` is empty) saved with the others."""
    if entry:
        ratings[item_id] = entry
    else:
        ratings.pop(item_id, None)
    value = values.check_ratings(
        question, {i.id: ratings[i.id] for i in question.items if i.id in ratings}
    )
    interview.commit(interview.answers.with_value(section.id, question.id, value))


def show_assessments(interview: Asker, section: Section, question: Question) -> None:
    if not isinstance(section, Step):
        return
    wanted = {a.id for a in section.assessments if a.question == question.id}
    if not wanted:  # most questions feed no assessment: score nothing after them
        return
    from spreadkit.plan.figures import scoring

    for result in scoring.assess(interview.framework, interview.answers):
        if result.id in wanted:
            display.assessment(interview.env, result)


def ask_record(
    interview: Asker,
    section: Section,
    question: Question,
    record: dict[str, Any],
    *,
    editing: str | None = None,
    resumed: bool = False,
    like: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One record, ``record``'s values offered. Stopped halfway (Ctrl-C), the record as answered
    so far is kept as the group's draft (``editing``: the name of the record being changed),
    replacing any older one; finished, the draft it was resumed from goes."""
    sofar: dict[str, Any] = dict(record)
    try:
        adding = not record or (resumed and editing is None)  # a new record, or its draft
        done = _ask_record(interview, section, question, record, like, sofar, adding)
    except KeyboardInterrupt as stop:
        seen = getattr(stop, "record", None)  # a form stopped halfway: what its lines held
        if isinstance(seen, dict):
            sofar.update(seen)
        draft = record_drafts.RecordDraft(editing, dict(sofar))
        record_drafts.keep(interview.drafts, section, question, draft)
        raise
    if resumed:
        record_drafts.drop(interview.drafts, section, question)
    return done


def _ask_record(
    interview: Asker,
    section: Section,
    question: Question,
    record: dict[str, Any],
    like: Mapping[str, Any] | None,
    sofar: dict[str, Any],
    adding: bool,
) -> dict[str, Any]:
    """A record's fields, one prompt each; a new record of a group with ``quick`` fields starts
    with its one line (from ``like``, a record to start from, when given), then asks the other
    required fields, and the rest only if the person wants to add more details. A new record
    whose line is left empty is ``{}``: nothing to add."""
    if record or not question.quick:  # the whole record on one screen
        item = question.item_name
        title = f"{'New' if adding else 'Change'} {item}" + (
            f": {_record_name(question, record)}" if record else ""
        )
        updated = ask_on_one_screen(interview, question, record, question.fields, title)
        return {f.id: updated[f.id] for f in question.fields if f.id in updated}
    key = f"{section.id}.{question.id}"
    start = quick.ask_line(interview, key, question, like or {})
    if start is None:
        return {}
    copied = {k: v for k, v in (like or {}).items() if k not in question.quick}
    # what Enter would have kept, had each field been asked: the content's defaults
    defaults = {f.id: f.default for f in question.fields if f.default is not None}
    start = {**{k: v for k, v in defaults.items() if k not in copied}, **start}
    rest = [f for f in question.fields if f.id not in question.quick]
    needed = [f for f in rest if f.required and values.is_blank(copied.get(f.id))]
    sofar.update({**copied, **start})
    record = _ask_fields(
        interview, section, question, {**copied, **start}, needed, keep=True, sofar=sofar
    )
    optional = [
        f
        for f in rest
        if f not in needed and (not f.when or field_is_asked(interview.answers, f, record))
    ]
    texts = [f for f in question.fields if f.type is QuestionType.TEXT and record.get(f.id)]
    name = str(record[texts[0].id]) if texts else _record_name(question, record)
    if optional and interview.prompter.confirm(f"More details for “{name}”?", default=False):
        record = ask_on_one_screen(interview, question, record, optional, f"More on {name}")
    return {f.id: record[f.id] for f in question.fields if f.id in record}


def _ask_fields(
    interview: Asker,
    section: Section,
    question: Question,
    record: Mapping[str, Any],
    fields: Sequence[Field],
    *,
    keep: bool = False,
    sofar: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """``fields`` asked in turn; with ``keep``, the record's other values are kept as they are;
    each answer is noted in ``sofar`` as it comes (the draft kept if the interview stops)."""
    updated: dict[str, Any] = dict(record) if keep else {}
    for field in fields:
        if field.when and not field_is_asked(interview.answers, field, {**record, **updated}):
            continue  # such as "which other role?", asked only for the role "other"
        key = f"{section.id}.{question.id}.{field.id}"
        value = interview.ask_field(field, record.get(field.id), key=key)
        if not values.is_blank(value):
            updated[field.id] = value
        else:
            updated.pop(field.id, None)
        if sofar is not None:
            sofar.pop(field.id, None)
            sofar.update(updated)
    return updated


def pick_record(
    interview: Asker, question: Question, records: list[dict[str, Any]], action: str
) -> int | None:
    options = [(str(i), _record_name(question, r)) for i, r in enumerate(records)]
    options.append(("back", "Go back"))
    verb = "change" if action == "edit" else "remove"
    picked = interview.prompter.select(
        f"Which {question.item_name} do you want to {verb}?", options
    )
    return None if picked == "back" else int(picked)


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def scale_options(
    field: Field, top: int, *, skip: bool, item: RatingItem | None = None
) -> tuple[list[tuple[str, str]], list[str]]:
    """A scale's points, each picked with its digit, then "Skip for now" (key s) if allowed."""
    options = [(str(p), values.scale_text(field, p, item)) for p in range(1, top + 1)]
    keys = [str(p) for p in range(1, top + 1)]
    if skip:
        options.append((SKIP, "Skip for now"))
        keys.append("s")
    return options, keys


def _record_name(question: Question, record: dict[str, Any]) -> str:
    first = question.fields[0]
    return values.display(first, record.get(first.id)) or f"(unnamed {question.item_name})"
