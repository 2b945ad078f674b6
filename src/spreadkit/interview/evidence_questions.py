"""Sources and assumptions in the interview, without slowing the common path.

Two ways in, both optional:

- **A short ending while answering** a question: ``~`` at the end marks the answer as assumed
  ("16 ~"), and the ids of sources the plan already has, in brackets, cite them ("… fell [S1]",
  "16 [S1, S2] ~"). The ending is taken off before the answer is checked and saved. Brackets
  that name no source of the plan are the answer's own and left as typed, except ids of the
  shape the interview gives sources (``[S3]``): citing one the plan does not have yet is refused
  with a note on how to add it, so a citation never ends up as text in the answer.
- **"Sources and assumptions…"** in the review at the end of each step: pick an answer (or one
  field of a record), say whether it is assumed, what it rests on and who should confirm it, and
  which sources it rests on, adding a new source on the way if need be.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spreadkit.answers.evidence import KINDS, Assumption, Source, safe_link
from spreadkit.answers.progress import is_asked
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import values
from spreadkit.framework.model import Question, QuestionType, Section
from spreadkit.interview.ports import Asker, Validator

HOW = "end with ~ if assumed, or [S1] to cite a source"
_ENDING = re.compile(r"(?:\s*\[(?P<ids>[^\[\]]{1,200})\])?(?P<assumed>\s*~)?\s*$")
_GIVEN_ID = re.compile(r"S[0-9]{1,4}")  # the ids ask_source gives: S1, S2, …
NEW = "+new"
WHOLE = "+whole"
BACK = "+back"


@dataclass(frozen=True)
class Marks:
    """What an answer's ending said: the answer without it, whether it is assumed, what it cites."""

    text: str
    assumed: bool = False
    cited: tuple[str, ...] = ()


def split_marks(text: str, source_ids: Sequence[str]) -> Marks:
    """``text`` with its ending taken off: ``~`` (assumed) and ``[S1, S2]`` (known sources only).

    >>> split_marks("16 [S1] ~", ["S1"])
    Marks(text='16', assumed=True, cited=('S1',))
    >>> split_marks("a list [see notes]", ["S1"])
    Marks(text='a list [see notes]', assumed=False, cited=())
    """
    match = _ENDING.search(text)
    if match is None or not (match["ids"] or match["assumed"]):
        return Marks(text)
    cited: tuple[str, ...] = ()
    end = match.start()
    if match["ids"]:
        ids = tuple(part.strip() for part in match["ids"].split(","))
        if all(i in source_ids for i in ids):
            cited = ids
        elif match["assumed"]:
            end = match.start("assumed")  # the brackets are the answer's own: keep them
        else:
            return Marks(text)
    rest = text[:end].rstrip()
    if not rest:
        return Marks(text)  # "~" alone is an answer, not an ending
    return Marks(rest, bool(match["assumed"]), cited)


def missing_sources(text: str, source_ids: Sequence[str]) -> tuple[str, ...]:
    """The ids an ending cites, of the shape the interview gives sources, that the plan lacks.

    >>> missing_sources("fell [S1, S3]", ["S1"])
    ('S3',)
    >>> missing_sources("a list [see notes]", [])
    ()
    """
    match = _ENDING.search(text)
    if match is None or not match["ids"]:
        return ()
    ids = [part.strip() for part in match["ids"].split(",")]
    if not all(_GIVEN_ID.fullmatch(i) or i in source_ids for i in ids):
        return ()
    return tuple(i for i in ids if i not in source_ids)


def checking_citations(validate: Validator | None, source_ids: Sequence[str]) -> Validator:
    """``validate`` for the answer without its ending, after a check that what it cites exists."""

    def check(text: str) -> str | None:
        missing = missing_sources(text, source_ids)
        if missing:
            return (
                f'This plan has no source {", ".join(missing)} yet: add it with "Sources and '
                'assumptions…" when the step ends, and answer without the brackets for now.'
            )
        return validate(split_marks(text, source_ids).text) if validate else None

    return check


def apply_marks(answers: Answers, path: str, marks: Marks) -> Answers:
    """``answers`` with what an answer's ending said kept for ``path``; nothing said changes nothing."""
    if marks.assumed and path not in answers.assumptions:
        answers = answers.with_assumption(path, Assumption())
    if marks.cited:
        known = answers.citations.get(path, ())
        answers = answers.with_citations(path, tuple(dict.fromkeys((*known, *marks.cited))))
    return answers


def review(asker: Asker, section: Section) -> None:
    """Mark answers of ``section`` as assumed or sourced, one at a time, until "Done"."""
    while True:
        path, label = _pick_answer(asker, section)
        if path is None:
            return
        _mark(asker, path, label)


def _pick_answer(asker: Asker, section: Section) -> tuple[str | None, str]:
    answers = asker.answers
    asked = [
        q
        for q in section.questions
        if is_asked(answers, section, q) and not values.is_blank(answers.get(section.id, q.id))
    ]
    options = [(q.id, _with_marks(answers, f"{section.id}.{q.id}", q.title)) for q in asked]
    options.append((BACK, "Done"))
    picked = asker.prompter.select("Which answer rests on a source or an assumption?", options)
    question = section.question(picked)
    if question is None:
        return None, ""
    path = f"{section.id}.{question.id}"
    if question.type is QuestionType.GROUP:
        return _pick_in_record(asker, question, path)
    return path, question.title


def _pick_in_record(asker: Asker, question: Question, path: str) -> tuple[str | None, str]:
    from spreadkit.answers.history import record_path

    section_id, question_id = path.split(".", 1)
    records = list(asker.answers.get(section_id, question_id) or [])
    paths = [record_path(section_id, question_id, records, i) for i in range(len(records))]
    options = [
        (p, _with_marks(asker.answers, p, _name(r))) for p, r in zip(paths, records, strict=True)
    ]
    options.append((BACK, "Go back"))
    picked = asker.prompter.select(f"Which {question.item_name}?", options)
    if picked == BACK:
        return None, ""
    record = records[paths.index(picked)]
    fields = [
        (f"{picked}.{f.id}", _with_marks(asker.answers, f"{picked}.{f.id}", f.title))
        for f in question.fields
        if not values.is_blank(record.get(f.id))
    ]
    whole = (picked, _with_marks(asker.answers, picked, f"The whole {question.item_name}"))
    field_path = asker.prompter.select("Which part of it?", [whole, *fields])
    label = dict([whole, *fields])[field_path]
    return field_path, f"{_name(record)}: {label}"


def _mark(asker: Asker, path: str, label: str) -> None:
    answers = asker.answers
    known = answers.assumptions.get(path)
    if asker.prompter.confirm(
        f"Is “{label}” assumed rather than known?", default=known is not None
    ):
        note = asker.text_answer(
            f"assumptions.{path}.note",
            "What does it rest on? (optional)",
            known.note if known else "",
        ).strip()
        confirm = asker.text_answer(
            f"assumptions.{path}.confirm",
            "Who should confirm it? (optional)",
            known.confirm if known else "",
        ).strip()
        answers = answers.with_assumption(path, Assumption(note, confirm))
    elif known is not None:
        answers = answers.with_assumption(path, None)
    options = [(s.id, f"{s.id}: {s.title}") for s in answers.sources]
    options.append((NEW, "A new source…"))
    picked = asker.prompter.checkbox(
        "Which sources does it rest on?", options, checked=answers.citations.get(path, ())
    )
    cited = [p for p in picked if p != NEW]
    if NEW in picked:
        asker.commit(answers)
        source = ask_source(asker)
        answers = asker.answers.with_source(source)
        cited.append(source.id)
    asker.commit(answers.with_citations(path, tuple(cited)))


def ask_source(asker: Asker) -> Source:
    """A new source, given the next free id (S1, S2, …)."""
    taken = {s.id for s in asker.answers.sources}
    number = len(taken) + 1
    while f"S{number}" in taken:
        number += 1
    source_id = f"S{number}"
    title = asker.text_answer(
        f"sources.{source_id}.title",
        f"{source_id}: its title",
        "",
        validate=lambda text: None if text.strip() else "A source needs a title.",
    ).strip()
    author = asker.text_answer(
        f"sources.{source_id}.author", "Who wrote or published it (optional)", ""
    ).strip()
    year = asker.text_answer(
        f"sources.{source_id}.year",
        "Its year (optional)",
        "",
        validate=lambda text: (
            None
            if not text.strip() or (text.strip().isdigit() and 1800 <= int(text) <= 2200)
            else "A year, such as 2019."
        ),
    ).strip()
    link = asker.text_answer(
        f"sources.{source_id}.link",
        "A link to it (optional: http, https or mailto)",
        "",
        validate=lambda text: (
            None
            if not text.strip() or safe_link(text)
            else "A link starts with http://, https:// or mailto:."
        ),
    ).strip()
    kind = asker.prompter.select(
        "What kind of source is it?", [*KINDS.items()], default="evaluation"
    )
    return Source(source_id, title, author, int(year) if year else None, link, kind)


def _with_marks(answers: Answers, path: str, label: str) -> str:
    marks = []
    if path in answers.assumptions:
        marks.append("assumed")
    if answers.citations.get(path):
        marks.append(", ".join(answers.citations[path]))
    return f"{label} ({'; '.join(marks)})" if marks else label


def _name(record: object) -> str:
    """A record as the review lists it: its name (``answers.history``), or "(unnamed)"."""
    from spreadkit.answers.history import record_name

    return (record_name(record) if isinstance(record, dict) else "") or "(unnamed)"
