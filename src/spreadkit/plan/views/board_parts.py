"""The board plan's building blocks: tables, parts and sections, and the answers as it reads them.

``Reader`` turns answers into what the board plan shows (sentences from the content's
phrases, paragraphs, tables of chosen columns) and remembers each question it read that has
no answer yet, for the plan's one "still to decide" list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from spreadkit.answers import progress
from spreadkit.answers.history import record_paths
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import boardwords
from spreadkit.framework.model import Framework, Question, QuestionType
from spreadkit.framework.values import BLANK  # what values.is_blank finds blank besides None
from spreadkit.plan.figures.facts import Facts
from spreadkit.plan.pictures.svg import Chart
from spreadkit.plan.views import board_places, sources
from spreadkit.plan.views.board_places import Place


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
    """The answers as the board plan reads them, by role; remembers what it asked for and found
    blank. Where each role's answer is comes from ``board_places`` (once per framework)."""

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
        self.places = board_places.places(framework)
        self.words = self.places.words
        self.undecided: list[str] = []
        self._roles = self.places.roles
        self._read: dict[str, Any] = {}  # each role's answer as read (blank: None), once
        self._records: dict[str, list[dict[str, Any]]] = {}
        self._values = answers.values  # as ``answers.get`` reads them
        self._cited = answers.citations
        self._assumed = answers.assumptions
        # What a section works out once for the plan and another reads again (the risk
        # register, the budget's and spend's sentences), by name: this plan's alone.
        self.memo: dict[str, Any] = {}

    def place(self, role: str) -> Place:
        return self._roles[role]

    def role(self, role: str) -> tuple[str, str]:
        """``(section id, question id)`` of the question playing ``role`` in the content."""
        place = self._roles[role]
        return place.section_id, place.question_id

    def question(self, role: str) -> Question | None:
        return self._roles[role].question

    def title(self, role: str) -> str:
        """The question's short name in the content, for a sub-heading."""
        return self._roles[role].title

    def answer(self, role: str) -> Any:
        """The answer as it stands, blank or not, without noting it as undecided."""
        place = self._roles[role]
        return self.answers.get(place.section_id, place.question_id)

    def value(self, role: str) -> Any:
        """The answer, or None; a blank answer to a question the content asks is noted."""
        read = self._read
        if role in read:
            return read[role]
        value = self._value(self._roles[role])
        read[role] = value
        return value

    def _value(self, place: Place) -> Any:
        question = place.question
        if question is None:
            return None
        value = self._values.get(place.section_id, _NO_ANSWERS).get(place.question_id)
        if value is None or value in BLANK:  # values.is_blank
            section = place.section
            if section is not None and not progress.is_asked(self.answers, section, question):
                return None  # its condition does not hold: not a decision to make
            note = question.title  # no step numbers in a board paper
            if note not in self.undecided:
                self.undecided.append(note)
            return None
        return value

    def marked(self, role: str, text: str) -> str:
        """``text`` with the marks of the answer's sources and assumption (``views.sources``)."""
        return self._mark(self._roles[role].path, text)

    def _mark(self, path: str, text: str) -> str:
        if text and (path in self._cited or path in self._assumed):
            return text + sources.mark(self.answers, path)
        return text

    def said(self, role: str) -> str:
        """A choice, multichoice or yes/no answer as the content's sentence; "" when blank."""
        place = self._roles[role]
        value = self.value(role)
        if value is None or place.question is None:
            return ""
        return self._mark(place.path, boardwords.in_words(place.question, value))

    def prose(self, role: str) -> tuple[str, ...]:
        """A written answer as paragraphs."""
        value = self.value(role)
        if value is None:
            return ()
        place = self._roles[role]
        question = place.question
        if question is not None and question.type is not QuestionType.MULTILINE:
            said: tuple[str, ...] = (boardwords.sentence(place.show(value)),)
        else:
            said = tuple(" ".join(p.split()) for p in str(value).split("\n\n") if p.strip())
        if said:
            said = (*said[:-1], self._mark(place.path, said[-1]))
        return said

    def text(self, role: str) -> str:
        """A short answer (a name, a date) as the plan shows it; "" when blank."""
        place = self._roles[role]
        value = self.value(role)
        if value is None or place.question is None:
            return ""
        return self._mark(place.path, place.show(value))

    def records(self, role: str) -> list[dict[str, Any]]:
        """A group's records (read once a plan: the same list each time, not to be changed)."""
        found = self._records.get(role)
        if found is None:
            value = self.value(role)
            found = [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []
            self._records[role] = found
        return found

    def table(
        self,
        role: str,
        columns: tuple[str, ...],
        records: list[dict[str, Any]] | None = None,
    ) -> BoardTable | None:
        """A group's records as a table of the ``columns`` (field ids) the content has."""
        place = self._roles[role]
        question = place.question
        if records is None:
            records = self.records(role)
        if question is None or not records:
            return None
        shown = [c for c in self.places.columns(role, columns) if _filled(records, c.id)]
        if not shown:
            return None
        cells = [(c.id, c.show) for c in shown]
        rows = [
            tuple(["" if (v := r.get(i)) is None or v in BLANK else show(v) for i, show in cells])
            for r in records
        ]
        if self.group_marked(role):  # a record's marks are by its path in the whole list
            rows = self._marks(place, self.records(role) or records, records, cells, rows)
        return BoardTable(
            caption=question.title,
            columns=tuple(c.title for c in shown),
            rows=tuple(rows),
        )

    def group_marked(self, role: str) -> bool:
        """Whether any record of ``role``'s group, or a field of one, cites a source or is
        assumed: if not, no record's path is worked out."""
        return self._roles[role].path in self._marked()[0]

    def marked_records(self) -> set[str]:
        """The records (``section.question[name]``) with a mark on them or on a field of theirs."""
        return self._marked()[1]

    def _marked(self) -> tuple[set[str], set[str]]:
        """The groups (``section.question``) and the records (``section.question[name]``) that
        have a mark on them or on one of their fields: each marked path up to a ``[`` or ``.``."""
        found: tuple[set[str], set[str]] | None = self.memo.get("marked")
        if found is None:
            groups, records = set(), set()
            for path in (*self._cited, *self._assumed):
                if "[" in path:
                    groups.add(path[: path.index("[")])
                    records.add(path)
                    records.update(path[:i] for i, c in enumerate(path) if c == ".")
            found = self.memo["marked"] = (groups, records)
        return found

    def _marks(
        self,
        place: Place,
        every: list[dict[str, Any]],
        records: list[dict[str, Any]],
        cells: list[tuple[str, Callable[[Any], str]]],
        rows: list[tuple[str, ...]],
    ) -> list[tuple[str, ...]]:
        """The rows with each value's marks, and each record's after its first value."""
        every_path = record_paths(place.section_id, place.question_id, every)  # one pass
        where = {id(r): index for index, r in enumerate(every)}
        cited, assumed, answers = self._cited, self._assumed, self.answers
        marked_records = self.marked_records()

        def mark(path: str) -> str:  # sources.mark, looked up only where there is a mark
            return sources.mark(answers, path) if path in cited or path in assumed else ""

        marked = []
        for r, row in zip(records, rows, strict=True):
            path = every_path[i if (i := where.get(id(r))) is not None else _index(every, r)]
            if path not in marked_records:  # neither the record nor any field of it is marked
                marked.append(row)
                continue
            cells_marked = list(row)
            for index, (field_id, _) in enumerate(cells):
                value = r.get(field_id)
                if value is None or value in BLANK:
                    continue
                cells_marked[index] += mark(f"{path}.{field_id}") + (
                    mark(path) if not index else ""
                )
            marked.append(tuple(cells_marked))
        return marked


_NO_ANSWERS: Mapping[str, Any] = MappingProxyType({})  # a step with no answers yet


def _filled(records: list[dict[str, Any]], field_id: str) -> bool:
    """Whether any record has an answer for the field (a column with none is not shown)."""
    for r in records:
        value = r.get(field_id)
        if value is not None and value not in BLANK:
            return True
    return False


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
