"""The framework as typed, immutable data. Built by ``content.py``; knows nothing of prompts or files."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class QuestionType(StrEnum):
    TEXT = "text"
    MULTILINE = "multiline"
    CHOICE = "choice"
    MULTICHOICE = "multichoice"
    YESNO = "yesno"
    SCALE = "scale"
    NUMBER = "number"
    DATE = "date"
    GROUP = "group"


SCALE_POINTS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Where:
    """The file and line a piece of content came from, for errors raised later."""

    file: str
    line: int | None = None


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True, kw_only=True)
class Field:
    """One typed value: a question's answer, or one column of a repeating group's records."""

    id: str
    type: QuestionType
    prompt: str
    label: str = ""  # a short name for the plan and summaries; the prompt when not given
    help: str = ""
    required: bool = False
    default: object = None
    choices: tuple[Choice, ...] = ()
    scale_labels: tuple[tuple[int, str], ...] = ()  # (point, label), points 1..5
    minimum: float | None = None
    maximum: float | None = None
    where: Where = Where("<content>")

    @property
    def title(self) -> str:
        return self.label or self.prompt

    def choice_label(self, value: str) -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return value

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices)

    def scale_label(self, point: int) -> str:
        return dict(self.scale_labels).get(point, "")


@dataclass(frozen=True, kw_only=True)
class Question(Field):
    """A field asked in the interview, which fills one part of the plan."""

    fills: str  # id of the section's plan part that this answer fills
    tip: str | None = None  # id of the tip this question turns into a plan
    when: str | None = None  # Jinja expression over earlier answers
    fields: tuple[Field, ...] = ()  # for groups: the columns of each record
    item_name: str = "item"  # for groups: "stakeholder", "action", …


@dataclass(frozen=True)
class Quote:
    text: str
    source: str


@dataclass(frozen=True)
class Tip:
    id: str
    title: str
    guidance: str


@dataclass(frozen=True)
class Tool:
    id: str
    name: str
    purpose: str
    page: str | None = None  # page(s) of the full framework, where the source gives one
    see: str | None = None  # id of an appendix in this content


@dataclass(frozen=True)
class PlanPart:
    """A named part of a section in the written plan, filled by one or more questions."""

    id: str
    title: str
    intro: str = ""


@dataclass(frozen=True, kw_only=True)
class Section:
    """Anything the interview walks through: a step, or an exercise."""

    id: str
    title: str
    summary: str
    parts: tuple[PlanPart, ...]
    questions: tuple[Question, ...]
    where: Where

    def question(self, question_id: str) -> Question | None:
        for question in self.questions:
            if question.id == question_id:
                return question
        return None

    def questions_for(self, part_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.fills == part_id)

    @property
    def label(self) -> str:
        return self.title


@dataclass(frozen=True, kw_only=True)
class Step(Section):
    number: int
    quote: Quote
    tips: tuple[Tip, ...]
    tools: tuple[Tool, ...]

    @property
    def label(self) -> str:
        return f"Step {self.number}: {self.title}"


@dataclass(frozen=True, kw_only=True)
class Exercise(Section):
    """A workshop exercise, such as "putting the pieces in place"."""


@dataclass(frozen=True)
class Role:
    name: str
    description: str


@dataclass(frozen=True, kw_only=True)
class Appendix:
    id: str
    number: int
    title: str
    summary: str
    roles: tuple[Role, ...]
    traits_intro: str
    traits: tuple[str, ...]


@dataclass(frozen=True)
class Author:
    name: str
    role: str


@dataclass(frozen=True, kw_only=True)
class Framework:
    id: str
    version: str
    title: str
    publisher: str
    authors: tuple[Author, ...]
    published: str
    link: str
    feedback_email: str
    summary: str
    credit: str
    quote: Quote
    steps: tuple[Step, ...]
    exercises: tuple[Exercise, ...] = ()
    appendices: tuple[Appendix, ...] = ()
    where: Where = field(default=Where("<content>"))

    @property
    def sections(self) -> tuple[Section, ...]:
        """Everything the interview asks, in order: the steps, then the exercises."""
        return (*self.steps, *self.exercises)

    def section(self, section_id: str) -> Section | None:
        for section in self.sections:
            if section.id == section_id:
                return section
        return None

    def appendix(self, appendix_id: str) -> Appendix | None:
        for appendix in self.appendices:
            if appendix.id == appendix_id:
                return appendix
        return None
