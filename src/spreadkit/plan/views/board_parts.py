"""The board plan's building blocks: tables, parts and sections, and the answers as it reads them.

``Reader`` turns answers into what the board plan shows (sentences from the content's
phrases, paragraphs, tables of chosen columns) and remembers each question it read that has
no answer yet, for the plan's one "still to decide" list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from spreadkit.answers import progress
from spreadkit.answers.history import record_paths
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import boardwords, roles, values
from spreadkit.framework.model import Framework, Question, QuestionType
from spreadkit.plan.figures.facts import Facts
from spreadkit.plan.pictures.svg import Chart
from spreadkit.plan.views import sources


@dataclass(frozen=True)
class BoardTable:
    """A table of records, with the columns a board needs and totals where they add up."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    totals: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Part:
    """One sub-part of a section: an optional sub-heading, then sentences, a list, a table."""

    title: str = ""
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    table: BoardTable | None = None
    chart: Chart | None = None
    note: str = ""  # a caveat in small print, such as the content's note on scores
    facts: tuple[tuple[str, str], ...] = ()  # labelled lines: ("Amount", "£406,667")
    quote: str = ""  # a person's own words set apart, such as the resolution proposed


@dataclass(frozen=True)
class BoardBlock:
    """One numbered section of the board plan."""

    id: str
    heading: str
    parts: tuple[Part, ...]


class Reader:
    """The answers as the board plan reads them; remembers what it asked for and found blank."""

    def __init__(
        self,
        framework: Framework,
        answers: Answers,
        as_of: dt.date | None,
        facts: Facts | None = None,
    ) -> None:
        self.framework = framework
        self.answers = answers
        self.as_of = as_of
        self.facts = facts or Facts(framework, answers, as_of)  # the plan's figures, once
        self.words = boardwords.words(framework)
        self.undecided: list[str] = []

    def role(self, name: str) -> tuple[str, str]:
        """``(section id, question id)`` of the question playing role ``name`` in the content."""
        return roles.ids(self.framework, name)

    def question(self, section_id: str, question_id: str) -> Question | None:
        section = self.framework.section(section_id)
        return section.question(question_id) if section else None

    def title(self, section_id: str, question_id: str) -> str:
        """The question's short name in the content, for a sub-heading."""
        question = self.question(section_id, question_id)
        return question.title if question else ""

    def value(self, section_id: str, question_id: str) -> Any:
        """The answer, or None; a blank answer to a question the content asks is noted."""
        question = self.question(section_id, question_id)
        if question is None:
            return None
        value = self.answers.get(section_id, question_id)
        if values.is_blank(value):
            section = self.framework.section(section_id)
            if section is not None and not progress.is_asked(self.answers, section, question):
                return None  # its condition does not hold: not a decision to make
            note = question.title  # no step numbers in a board paper
            if note not in self.undecided:
                self.undecided.append(note)
            return None
        return value

    def marked(self, section_id: str, question_id: str, text: str) -> str:
        """``text`` with the marks of the answer's sources and assumption (``views.sources``)."""
        return text + sources.mark(self.answers, f"{section_id}.{question_id}") if text else text

    def said(self, section_id: str, question_id: str) -> str:
        """A choice, multichoice or yes/no answer as the content's sentence; "" when blank."""
        question = self.question(section_id, question_id)
        value = self.value(section_id, question_id)
        said = boardwords.in_words(question, value) if question and value is not None else ""
        return self.marked(section_id, question_id, said)

    def prose(self, section_id: str, question_id: str) -> tuple[str, ...]:
        """A written answer as paragraphs."""
        value = self.value(section_id, question_id)
        if value is None:
            return ()
        question = self.question(section_id, question_id)
        if question is not None and question.type is not QuestionType.MULTILINE:
            said: tuple[str, ...] = (boardwords.sentence(values.display(question, value)),)
        else:
            said = tuple(" ".join(p.split()) for p in str(value).split("\n\n") if p.strip())
        if said:
            said = (*said[:-1], self.marked(section_id, question_id, said[-1]))
        return said

    def text(self, section_id: str, question_id: str) -> str:
        """A short answer (a name, a date) as the plan shows it; "" when blank."""
        question = self.question(section_id, question_id)
        value = self.value(section_id, question_id)
        text = values.display(question, value) if question and value is not None else ""
        return self.marked(section_id, question_id, text)

    def records(self, section_id: str, question_id: str) -> list[dict[str, Any]]:
        value = self.value(section_id, question_id)
        return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []

    def table(
        self,
        section_id: str,
        question_id: str,
        columns: tuple[str, ...],
        records: list[dict[str, Any]] | None = None,
    ) -> BoardTable | None:
        """A group's records as a table of the ``columns`` (field ids) the content has."""
        question = self.question(section_id, question_id)
        if records is None:
            records = self.records(section_id, question_id)
        if question is None or not records:
            return None
        fields = [
            f
            for c in columns
            for f in question.fields
            if f.id == c and any(not values.is_blank(r.get(f.id)) for r in records)
        ]
        if not fields:
            return None
        every = self.records(section_id, question_id) or records
        answers = self.answers
        cited, assumed = answers.citations, answers.assumptions
        paths: list[str] = []
        if cited or assumed:  # a record's marks are by its path in the whole list
            every_path = record_paths(section_id, question_id, every)  # one pass for them all
            where = {id(r): index for index, r in enumerate(every)}
            paths = [
                every_path[i if (i := where.get(id(r))) is not None else _index(every, r)]
                for r in records
            ]

        def mark(path: str) -> str:  # sources.mark, looked up only where there is a mark
            return sources.mark(answers, path) if path in cited or path in assumed else ""

        rows = []
        for n, r in enumerate(records):
            row = []
            for index, f in enumerate(fields):
                value = r.get(f.id)
                if values.is_blank(value):
                    row.append("")
                    continue
                text = values.display(f, value)
                if paths:
                    text += mark(f"{paths[n]}.{f.id}") + (mark(paths[n]) if index == 0 else "")
                row.append(text)
            rows.append(tuple(row))
        return BoardTable(
            caption=question.title, columns=tuple(f.title for f in fields), rows=tuple(rows)
        )


def _index(records: list[dict[str, Any]], record: dict[str, Any]) -> int:
    """Where ``record`` stands in the whole list (a table may show some of them)."""
    for index, candidate in enumerate(records):
        if candidate is record:
            return index
    return records.index(record) if record in records else 0


def parts(*parts: Part | None) -> tuple[Part, ...]:
    """The parts that have something to show."""
    return tuple(
        p
        for p in parts
        if p is not None and (p.paragraphs or p.bullets or p.table or p.chart or p.facts)
    )


def sentences(*texts: str) -> tuple[str, ...]:
    return tuple(t for t in texts if t)


def paragraph(*texts: str) -> tuple[str, ...]:
    """Short sentences run together as one paragraph."""
    said = " ".join(t for t in texts if t)
    return (said,) if said else ()
