"""The framework as typed, immutable data. Built by ``content.py``; knows nothing of prompts or files."""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum
from functools import cached_property

from spreadkit.core.records import dataclass


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
    RATINGS = "ratings"
    QUANTITY = "quantity"  # {value: 12, unit: posts}
    MONEY = "money"  # pounds, never negative, at most two decimal places
    DATERANGE = "daterange"  # {start: date, end: date}, the end not before the start
    REF = "ref"  # the name of a record in another group of the same answers


SCALE_POINTS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Where:
    """The file and line a piece of content came from, for errors raised later."""

    file: str
    line: int | None = None
    builtin: bool = False  # one of spreadkit's own content files: its expressions run plainly


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    phrase: str = ""  # the choice as it reads inside a sentence ("local data from the pilot")


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
    units: tuple[str, ...] = ()  # quantity: suggested units ("posts", "sites")
    ref: str = ""  # ref: the group whose records are the options, as "step.question"
    ref_field: str = ""  # ref: the field that names each record (the group's first text field)
    when: str | None = None  # Jinja expression: over earlier answers, or a group's record so far
    # The answer as a sentence, for the board plan: ``sentence`` frames a choice's phrase (or a
    # multichoice's phrases) where it says ``{answer}``; a yes/no answer is one of two sentences.
    sentence: str = ""
    phrase_yes: str = ""
    phrase_no: str = ""
    where: Where = Where("<content>")

    @property
    def title(self) -> str:
        return self.label or self.prompt

    def choice_label(self, value: str) -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return value

    def choice_phrase(self, value: str) -> str:
        """The choice as a sentence says it: its phrase, else its label."""
        for choice in self.choices:
            if choice.value == value:
                return choice.phrase or choice.label
        return value

    @cached_property  # the model is frozen: lookups worked out once are kept (beside its fields)
    def choice_values(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices)

    def scale_label(self, point: int) -> str:
        return self._scale_labels.get(point, "")

    @cached_property
    def _scale_labels(self) -> dict[int, str]:
        return dict(self.scale_labels)


@dataclass(frozen=True)
class RatingItem:
    """One thing rated in a ``ratings`` question, such as one of Rogers' attributes."""

    id: str
    label: str
    help: str = ""
    group: str = ""  # a theme that items are grouped under, such as "staff"
    # This item's own words for the points, where the question's would mislead
    # (complexity is rated for simplicity: its 4 is "Fairly simple", not "Fairly strong").
    scale_labels: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, kw_only=True)
class Question(Field):
    """A field asked in the interview, which fills one part of the plan."""

    fills: str  # id of the section's plan part that this answer fills
    tip: str | None = None  # id of the tip this question turns into a plan
    fields: tuple[Field, ...] = ()  # for groups: the columns of each record
    item_name: str = "item"  # for groups: "stakeholder", "action", …
    export: str = ""  # for groups: the table name `spreadkit export --table` knows it by
    quick: tuple[str, ...] = ()  # for groups: the fields typed on one line for a new record
    role: str = ""  # the programme role this question plays (framework/roles.py), if any
    items: tuple[RatingItem, ...] = ()  # for ratings: what is rated, each on the scale
    note_prompt: str = ""  # for ratings: what to write beside each rating ("Evidence")

    @cached_property
    def points(self) -> int:
        """The top of a scale or a ratings question's scale: 5, or fewer for a short scale."""
        return max((point for point, _ in self.scale_labels), default=5)


@dataclass(frozen=True)
class Band:
    """A score band: scores from ``start`` percent up to the next band's start."""

    start: float
    label: str
    rag: str  # red, amber or green


class AssessmentKind(StrEnum):
    SCORE = "score"  # a ratings question, totalled
    COVERAGE = "coverage"  # a group's field against the values that should all appear
    DISTRIBUTION = "distribution"  # a group's field against expected shares
    MATRIX = "matrix"  # a group's records scored by multiplying two fields (a 5×5 risk matrix)


#: Neutral words for each assessment kind (column headings, what a count is of, what to say
#: before anything is recorded), for content that does not give its own.
WORDING: dict[AssessmentKind, tuple[tuple[str, ...], str, str]] = {
    AssessmentKind.SCORE: (("Rated", "Score", "Band"), "", "not rated yet"),
    AssessmentKind.COVERAGE: (("Needed", "Covered by"), "covered", "nothing recorded yet"),
    AssessmentKind.DISTRIBUTION: (
        ("Category", "Expected share", "Count", "Names"),
        "placed",
        "nothing recorded yet",
    ),
    AssessmentKind.MATRIX: (("Score", "Band", "Count"), "scored", "nothing recorded yet"),
}


@dataclass(frozen=True, kw_only=True)
class Assessment:
    """A framework tool turned into a scored or counted check of one question's answers."""

    id: str
    title: str
    kind: AssessmentKind
    question: str
    tool: str | None = None
    note: str = ""
    bands: tuple[Band, ...] = ()
    field: str = ""  # coverage and distribution: the field of the group's records
    expected: tuple[
        tuple[str, float], ...
    ] = ()  # value → expected share in percent (0 = just present)
    start_with: tuple[str, ...] = ()  # distribution: the values to start with (early adopters)
    factors: tuple[str, ...] = ()  # matrix: the two fields multiplied (likelihood, impact)
    # The content's own words for the plan's table of this assessment (see WORDING for defaults):
    columns: tuple[str, ...] = ()  # the table's column headings
    counted: str = ""  # what the count is of: "roles filled", "targets placed"
    empty: str = ""  # what the plan says before anything is recorded

    def band(self, percent: float) -> Band | None:
        """The band a percent falls in (for a matrix: the band a score falls in)."""
        found = None
        for band in self.bands:
            if percent >= band.start:
                found = band
        return found


@dataclass(frozen=True, kw_only=True)
class Check:
    """A rule that flags a common way spread fails. Its expressions are Jinja, over the answers."""

    id: str
    title: str
    why: str
    action: str
    passed: str = ""  # what the plan says when the check finds nothing
    # Flagged when ``when`` is true; without ``when``, flagged when ``concerned`` is not empty.
    when: str | None = None
    concerned: str | None = None  # the people or rows concerned: a list
    # When ``needs`` is false there is not enough information to check: neither flag nor pass.
    needs: str | None = None
    unknown: str = ""  # what to add so that the check can say something
    where: Where = Where("<content>")


@dataclass(frozen=True, kw_only=True)
class ChartSpec:
    """A picture in the plan: which answers it draws, and how.

    Kinds: bars, grid, curve, timeline, and for a programme phases (a timeline of date ranges
    with decision points), heatmap (likelihood × impact) and progress (counts against targets).
    """

    kind: str
    title: str = ""
    assessment: str = ""  # bars, curve, heatmap: the assessment drawn (heatmap: a matrix)
    question: str = ""  # every kind but bars and curve: the group drawn
    x: str = ""  # grid: the field across; heatmap: the matrix's first factor
    y: str = ""  # grid: the field up; heatmap: the matrix's second factor
    label: str = ""  # grid, timeline, phases, heatmap, progress: the field naming each record
    quadrants: tuple[str, ...] = ()  # grid: advice for each corner, as Mermaid numbers them
    date: str = ""  # timeline: the date field; phases: the date-range field
    revised: str = ""  # timeline: a date field that, when given, replaces ``date`` (revised due)
    owner: str = ""  # timeline: who owns each record; phases: who decides
    status: str = ""  # timeline, heatmap: the status field
    done: tuple[str, ...] = ()  # timeline, heatmap: status values that mean finished (closed)
    decision: str = ""  # phases: the field saying what must be true to move on
    value: str = ""  # progress: the field with the count so far
    target: str = ""  # progress: the field with the target
    unit: str = ""  # progress: "step.question" of a quantity answer whose unit the counts are in


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
    in_plan: bool = True  # False: kept in the answers (workshop reflections), not printed


@dataclass(frozen=True, kw_only=True)
class Section:
    """Anything the interview walks through: a step, or an exercise."""

    id: str
    title: str
    summary: str
    parts: tuple[PlanPart, ...]
    questions: tuple[Question, ...]
    where: Where
    overlays: tuple[str, ...] = ()  # content-pack files that changed this section

    def question(self, question_id: str) -> Question | None:
        return self._questions.get(question_id)

    @cached_property
    def _questions(self) -> dict[str, Question]:
        return {q.id: q for q in reversed(self.questions)}  # the first of an id, as a search finds

    def questions_for(self, part_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.fills == part_id)

    @property
    def label(self) -> str:
        return self.title

    @property
    def short_label(self) -> str:
        return self.title


@dataclass(frozen=True, kw_only=True)
class Step(Section):
    number: int
    quote: Quote
    tips: tuple[Tip, ...]
    tools: tuple[Tool, ...]
    assessments: tuple[Assessment, ...] = ()
    checks: tuple[Check, ...] = ()
    charts: tuple[ChartSpec, ...] = ()

    @property
    def label(self) -> str:
        return f"Step {self.number}: {self.title}"

    @property
    def short_label(self) -> str:
        return f"Step {self.number}"


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
    scores_note: str = ""  # said wherever scores are listed together (a caveat, a source)
    exercises: tuple[Exercise, ...] = ()
    appendices: tuple[Appendix, ...] = ()
    where: Where = field(default=Where("<content>"))
    # The board plan's own words (headings, what the board is asked), by key: see
    # framework/boardwords.py for the keys and the words used where content gives none.
    board: tuple[tuple[str, str], ...] = ()
    pack_id: str = ""  # the content pack in use, if any
    pack_version: str = ""
    pack_title: str = ""

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        """Everything the interview asks, in order: the steps, then the exercises."""
        return (*self.steps, *self.exercises)

    def section(self, section_id: str) -> Section | None:
        return self._sections.get(section_id)

    @cached_property
    def _sections(self) -> dict[str, Section]:
        return {s.id: s for s in reversed(self.sections)}  # the first of an id, as a search finds

    def appendix(self, appendix_id: str) -> Appendix | None:
        for appendix in self.appendices:
            if appendix.id == appendix_id:
                return appendix
        return None
