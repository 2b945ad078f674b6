"""What a plan shows, worked out once from the content and the answers, for any template.

Templates only lay this out; they never look at question types or answer shapes, and they
never know how the answers were collected.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import field, replace
from typing import Any

from spreadkit import __version__
from spreadkit.answers.progress import is_asked
from spreadkit.answers.store import DETAIL_PROMPTS, Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import boardwords, values
from spreadkit.framework.model import (
    Appendix,
    Framework,
    Question,
    QuestionType,
    Section,
    Step,
    Tool,
)
from spreadkit.framework.wording import display_date_or_blank
from spreadkit.plan.figures import programme, scoring
from spreadkit.plan.figures.programme import progress_words
from spreadkit.plan.figures.scoring import AssessmentResult, CheckResult
from spreadkit.plan.pictures import charts, trend_charts
from spreadkit.plan.pictures.charts import Dated
from spreadkit.plan.pictures.svg import Chart
from spreadkit.plan.pictures.trend_charts import TrendsView
from spreadkit.plan.views import glance, sources
from spreadkit.plan.views.glance import Glance


@dataclass(frozen=True)
class Item:
    """One answer as the plan shows it.

    ``layout`` says how: ``prose`` (paragraphs), ``fact`` (a short value on one line),
    ``list`` (bullets) or ``table`` (a repeating group). ``missing`` marks an unanswered one.
    """

    id: str
    label: str
    prompt: str
    layout: str
    text: str = ""
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    totals: tuple[tuple[str, str], ...] = ()  # a table's totals: ("Total", "£12,500"), …
    missing: bool = False
    required: bool = False


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    intro: str
    items: tuple[Item, ...]

    @property
    def answered(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if not item.missing)

    @property
    def missing(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.missing)


@dataclass(frozen=True)
class ToolView:
    name: str
    purpose: str
    where: str  # "framework p. 14", "Appendix 1", or ""


@dataclass(frozen=True)
class SectionView:
    id: str
    anchor: str
    number: int | None
    heading: str
    title: str
    summary: str
    quote_text: str
    quote_source: str
    parts: tuple[Part, ...]
    tips: tuple[tuple[str, str], ...]
    tools: tuple[ToolView, ...]
    asked: int
    answered: int
    assessments: tuple[AssessmentResult, ...] = ()
    checks: tuple[CheckResult, ...] = ()
    charts: tuple[Chart, ...] = ()

    @property
    def flagged(self) -> tuple[CheckResult, ...]:
        return tuple(check for check in self.checks if check.flagged)

    @property
    def unknown(self) -> tuple[CheckResult, ...]:
        """The checks with not enough information yet to say anything."""
        return tuple(check for check in self.checks if check.unknown)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.asked) if self.asked else 100


@dataclass(frozen=True)
class WorkbookView:
    title: str
    details: tuple[tuple[str, str], ...]
    created: str
    updated: str
    framework_title: str
    framework_publisher: str
    framework_published: str
    framework_authors: str
    framework_link: str
    framework_credit: str
    framework_summary: str
    sections: tuple[SectionView, ...]
    appendices: tuple[Appendix, ...]
    missing_required: int
    assessments: tuple[AssessmentResult, ...] = ()
    checks: tuple[CheckResult, ...] = ()
    next_actions: tuple[Dated, ...] = ()
    notice: str = ""  # the answers file's plan notice, printed at the top
    scores_note: str = ""  # the content's caveat for every score
    generator: str = field(default=f"spreadkit {__version__}")
    step_count: int = 0  # how many steps the content has (packs can add steps)
    glance: Glance = field(default_factory=Glance)  # the programme at a glance
    trends: TrendsView = field(default_factory=TrendsView)  # progress over time: check-ins only
    references: tuple[str, ...] = ()  # "[1] Title. Author, 2019. Evaluation. https://…"
    assumptions: tuple[sources.AssumptionRow, ...] = ()  # every assumption, to confirm

    @property
    def step_count_words(self) -> str:
        """``five``: the number of steps as a sentence writes it."""
        return values.count_words(self.step_count)

    @property
    def headline_scores(self) -> tuple[AssessmentResult, ...]:
        return tuple(r for r in self.assessments if r.kind != "distribution")

    @property
    def flagged(self) -> tuple[CheckResult, ...]:
        return tuple(check for check in self.checks if check.flagged)

    @property
    def unknown(self) -> tuple[CheckResult, ...]:
        return tuple(check for check in self.checks if check.unknown)


NEXT_ACTIONS = 5


def build(framework: Framework, answers: Answers, as_of: dt.date | None = None) -> WorkbookView:
    """The plan's view. ``as_of`` is the date overdue is judged at (default: the plan's own)."""
    results = scoring.assess(framework, answers)
    checks = scoring.run_checks(framework, answers, results)
    pictures = charts.charts_for(framework, answers, results)
    sections = tuple(
        _section(
            framework,
            section,
            answers,
            tuple(r for r in results if r.step_id == section.id),
            tuple(c for c in checks if c.step_id == section.id),
            tuple(pictures.get(section.id, ())),
        )
        for section in framework.sections
    )
    details = tuple(
        (_detail_label(key), str(answers.details.get(key, "")))
        for key in DETAIL_PROMPTS
        if key != "title"
    ) + _state(framework, answers)
    return WorkbookView(
        title=str(answers.details.get("title") or "Spread and adoption plan"),
        details=details,
        created=display_date_or_blank(answers.details.get("created")),
        updated=display_date_or_blank(answers.details.get("updated")),
        framework_title=framework.title,
        framework_publisher=framework.publisher,
        framework_published=framework.published,
        framework_authors=" and ".join(author.name for author in framework.authors),
        framework_link=framework.link,
        framework_credit=framework.credit,
        framework_summary=framework.summary,
        sections=sections,
        appendices=framework.appendices,
        missing_required=sum(
            1 for s in sections for p in s.parts for i in p.items if i.missing and i.required
        ),
        assessments=tuple(results),
        checks=tuple(checks),
        next_actions=_next_actions(framework, answers),
        step_count=len(framework.steps),
        notice=str(answers.details.get("notice") or ""),
        scores_note=framework.scores_note,
        glance=glance.build(framework, answers, as_of),
        trends=trend_charts.build(framework, answers),
        references=sources.references(answers),
        assumptions=sources.assumption_rows(framework, answers),
    )


def _next_actions(framework: Framework, answers: Answers) -> tuple[Dated, ...]:
    """The first unfinished dated actions, from the content's first timeline."""
    for step in framework.steps:
        for spec in step.charts:
            if spec.kind == "timeline":
                rows = charts.dated_rows(spec, step, answers)
                return tuple(row for row in rows if not row.done)[:NEXT_ACTIONS]
    return ()


_DETAIL_LABELS = {"innovation": "Innovation", "organisation": "Organisation", "lead": "Lead"}


def _detail_label(key: str) -> str:
    return _DETAIL_LABELS.get(key, key.capitalize())


def _state(framework: Framework, answers: Answers) -> tuple[tuple[str, str], ...]:
    """The plan's status and version, where the answers file gives them."""
    words = boardwords.words(framework)
    status = str(answers.details.get("status") or "")
    version = str(answers.details.get("version") or "")
    out = []
    if status:
        out.append(("Status", words.get(f"status_{status.replace(' ', '_')}", status)))
    if version:
        out.append(("Version", version))
    return tuple(out)


def _section(
    framework: Framework,
    section: Section,
    answers: Answers,
    assessments: tuple[AssessmentResult, ...],
    checks: tuple[CheckResult, ...],
    pictures: tuple[Chart, ...],
) -> SectionView:
    parts = []
    asked = answered = 0
    for part in section.parts:
        if not part.in_plan:  # kept out of print, but answers all the same (as `status` counts)
            for question in section.questions_for(part.id):
                if is_asked(answers, section, question):
                    asked += 1
                    answered += 0 if values.is_blank(answers.get(section.id, question.id)) else 1
            continue
        items = []
        for question in section.questions_for(part.id):
            if not is_asked(answers, section, question):
                continue
            item = _item(question, answers.get(section.id, question.id))
            if isinstance(section, Step):
                item = _with_progress(section, question, answers, item)
            asked += 1
            answered += 0 if item.missing else 1
            items.append(item)
        parts.append(Part(part.id, part.title, part.intro, tuple(items)))
    step = section if isinstance(section, Step) else None
    return SectionView(
        id=section.id,
        anchor=f"step-{step.number}" if step else section.id,
        number=step.number if step else None,
        heading=section.label,
        title=section.title,
        summary=section.summary,
        quote_text=step.quote.text if step else "",
        quote_source=step.quote.source if step else "",
        parts=tuple(parts),
        tips=tuple((tip.title, tip.guidance) for tip in step.tips) if step else (),
        tools=tuple(_tool(framework, tool) for tool in step.tools) if step else (),
        asked=asked,
        answered=answered,
        assessments=assessments,
        checks=checks,
        charts=pictures,
    )


def _with_progress(step: Step, question: Question, answers: Answers, item: Item) -> Item:
    """A group drawn by a progress chart gets a column: each record's progress to its target."""
    spec = next(
        (c for c in step.charts if c.kind == "progress" and c.question == question.id), None
    )
    if spec is None or item.missing:
        return item
    unit = programme.unit_of(spec, answers)
    rows = tuple(
        (*row, progress_words(programme.progress_row(spec, record), unit))
        for row, record in zip(item.rows, answers.get(step.id, question.id), strict=True)
    )
    return replace(item, columns=(*item.columns, "Progress"), rows=rows)


def _tool(framework: Framework, tool: Tool) -> ToolView:
    where = ""
    if tool.page:
        where = f"framework p. {tool.page.replace('-', '–')}"
    elif tool.see:
        appendix = framework.appendix(tool.see)
        where = f"Appendix {appendix.number}, below" if appendix else ""
    return ToolView(tool.name, tool.purpose, where)


_LIST_LINE = re.compile(r"^\s*([-*•]|\d+[.)])\s")


def _reflow(paragraph: str) -> str:
    """Join lines wrapped by hand into one; keep the breaks of lines that start list items."""
    out: list[str] = []
    for line in paragraph.strip().split("\n"):
        line = line.strip()
        if out and not _LIST_LINE.match(line) and not _LIST_LINE.match(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def _item(question: Question, value: Any) -> Item:
    kind = question.type
    item = Item(
        id=question.id,
        label=question.title,
        prompt=question.prompt,
        layout="table" if kind in (QuestionType.GROUP, QuestionType.RATINGS) else "fact",
        required=question.required,
    )
    if values.is_blank(value):
        return replace(item, missing=True)
    if kind is QuestionType.GROUP:
        return replace(
            item,
            columns=tuple(f.title for f in question.fields),
            rows=tuple(
                tuple(values.display(f, record.get(f.id)) for f in question.fields)
                for record in value
            ),
            totals=programme.table_totals(question.fields, value),
        )
    if kind is QuestionType.RATINGS:
        return replace(
            item,
            layout="table",
            columns=("Rated", "Rating", question.note_prompt or "Note"),
            rows=tuple(
                (
                    rated.label,
                    values.scale_text(question, value[rated.id]["score"], rated)
                    if "score" in value.get(rated.id, {})
                    else "",
                    value.get(rated.id, {}).get("note", ""),
                )
                for rated in question.items
            ),
        )
    if kind is QuestionType.MULTICHOICE:
        return replace(item, layout="list", bullets=tuple(question.choice_label(v) for v in value))
    if kind is QuestionType.MULTILINE:
        paragraphs = tuple(_reflow(p) for p in str(value).split("\n\n") if p.strip())
        return replace(item, layout="prose", text=str(value), paragraphs=paragraphs)
    return replace(item, text=values.display(question, value))
