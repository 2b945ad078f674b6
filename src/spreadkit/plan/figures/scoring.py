"""Scores, bands and plan checks, computed from the answers by the rules in the content.

Nothing here knows a particular assessment or check: thresholds, labels, expected shares and
check expressions all come from the content YAML.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spreadkit.answers import evidence
from spreadkit.answers.progress import is_asked
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import conditions, values
from spreadkit.framework.model import Assessment, AssessmentKind, Field, Framework, Question, Step
from spreadkit.plan.figures import programme_checks
from spreadkit.plan.figures.known import Known


@dataclass(frozen=True)
class ItemResult:
    id: str
    label: str
    group: str
    score: int | None
    points: int
    note: str
    # score: the rating's own label on the question's scale ("Fairly strong"), never the
    # assessment's band, which describes the whole; "" when unrated
    band: str
    rag: str  # red, amber, green, or "" when unrated

    @property
    def scale_text(self) -> str:
        return f"{self.score} of {self.points}" if self.score is not None else ""


def _score_text(total: float, maximum: float) -> str:
    return f"{values.display_score(total)} of {values.display_score(maximum)}"


@dataclass(frozen=True)
class GroupResult:
    """A subtotal for the items of one theme, such as the sustainability factors for staff."""

    name: str
    total: float
    maximum: float
    rated: int
    count: int
    percent: float | None
    band: str
    rag: str

    @property
    def score_text(self) -> str:
        """``7.5 of 12``, for a template."""
        return _score_text(self.total, self.maximum)


@dataclass(frozen=True)
class AssessmentResult:
    id: str
    step_id: str
    title: str
    kind: str
    tool: str
    note: str
    items: tuple[
        ItemResult, ...
    ]  # score: every item; coverage/distribution: one per expected value
    total: float
    maximum: float
    rated: int
    percent: float | None  # None when nothing is rated yet
    band: str
    rag: str
    gaps: tuple[str, ...] = ()  # coverage: what nobody covers
    start_with: tuple[str, ...] = ()  # distribution: the names to start with
    groups: tuple[GroupResult, ...] = ()  # score: subtotals by the items' themes
    columns: tuple[str, ...] = ()  # the content's words for the table: its column headings,
    counted: str = ""  # what the count is of ("targets placed"),
    empty: str = ""  # and what to say before anything is recorded

    @property
    def answered(self) -> bool:
        return self.percent is not None

    @property
    def score_text(self) -> str:
        """``7.5 of 12``, for a template."""
        return _score_text(self.total, self.maximum)


@dataclass(frozen=True)
class CheckResult:
    id: str
    step_id: str
    step_label: str
    title: str
    why: str
    action: str
    flagged: bool
    concerned: tuple[str, ...]
    passed: str = ""
    step_name: str = ""  # "Step 3": the step's short name, for a link to its checks
    unknown: bool = False  # not enough information yet: neither flagged nor passed
    needed: str = ""  # what to add so that the check can say something

    @property
    def clear(self) -> bool:
        """Checked, and nothing found."""
        return not self.flagged and not self.unknown


def percent_of(score: float, lowest: float, highest: float) -> float:
    """Where ``score`` sits between the lowest and highest possible, as 0–100."""
    return 100.0 * (score - lowest) / (highest - lowest) if highest > lowest else 100.0


def assess(
    framework: Framework, answers: Answers, only: str | None = None
) -> list[AssessmentResult]:
    results = []
    for step in framework.steps:
        for assessment in step.assessments:
            if assessment.kind is AssessmentKind.MATRIX or only not in (None, assessment.id):
                continue  # scored record by record: see plan/figures/programme.py
            question = step.question(assessment.question)
            assert question is not None  # the loader checked it
            value = answers.get(step.id, question.id) if is_asked(answers, step, question) else None
            results.append(_assess(step, assessment, question, value))
    return results


def assess_one(
    framework: Framework, answers: Answers, assessment_id: str
) -> AssessmentResult | None:
    """One assessment's result (``assess`` does them all); None when the content has no such one."""
    for result in assess(framework, answers, only=assessment_id):
        return result
    return None


def _assess(step: Step, assessment: Assessment, question: Question, value: Any) -> AssessmentResult:
    tool = next((t.name for t in step.tools if t.id == assessment.tool), "")
    if tool.casefold() == assessment.title.casefold():
        tool = ""  # never "Checklist of attributes (Checklist of attributes)"
    common = {
        "id": assessment.id,
        "step_id": step.id,
        "title": assessment.title,
        "tool": tool,
        "note": assessment.note,
    }
    if assessment.kind is AssessmentKind.SCORE:
        return _score(assessment, question, value or {}, common)
    if assessment.kind is AssessmentKind.COVERAGE:
        return _coverage(assessment, question, value or [], common)
    return _distribution(assessment, question, value or [], common)


def _band(assessment: Assessment, percent: float | None) -> tuple[str, str]:
    if percent is None:
        return "", ""
    band = assessment.band(percent)
    return (band.label, band.rag) if band else ("", "")


def _score(
    assessment: Assessment, question: Question, ratings: Mapping[str, Any], common: dict[str, Any]
) -> AssessmentResult:
    points = question.points
    items = []
    for item in question.items:
        rating = ratings.get(item.id, {})
        score = rating.get("score")
        _, rag = _band(assessment, percent_of(score, 1, points) if score is not None else None)
        band = question.scale_label(score) if score is not None else ""
        items.append(
            ItemResult(
                item.id, item.label, item.group, score, points, rating.get("note", ""), band, rag
            )
        )
    total, maximum, rated, percent = _totals(items, points)
    band, rag = _band(assessment, percent)
    groups = []
    for name in dict.fromkeys(item.group for item in items if item.group):
        members = [i for i in items if i.group == name]
        g_total, g_max, g_rated, g_percent = _totals(members, points)
        g_band, g_rag = _band(assessment, g_percent)
        groups.append(
            GroupResult(name, g_total, g_max, g_rated, len(members), g_percent, g_band, g_rag)
        )
    return AssessmentResult(
        **common,
        kind=assessment.kind.value,
        columns=assessment.columns,
        counted=assessment.counted,
        empty=assessment.empty,
        items=tuple(items),
        total=total,
        maximum=maximum,
        rated=rated,
        percent=percent,
        band=band,
        rag=rag,
        groups=tuple(groups),
    )


def _totals(items: list[ItemResult], points: int) -> tuple[float, float, int, float | None]:
    """Total, maximum, how many rated, and the percent between lowest and highest possible."""
    scores = [i.score for i in items if i.score is not None]
    total = float(sum(scores))
    percent = percent_of(total, len(scores), len(scores) * points) if scores else None
    return total, float(len(scores) * points), len(scores), percent


def _by_value(
    assessment: Assessment, question: Question, records: list[dict[str, Any]]
) -> tuple[Field, list[tuple[str, float, list[dict[str, Any]], str]]]:
    """For each expected value: its share, the records that have it, and their names."""
    field = next(f for f in question.fields if f.id == assessment.field)
    rows = []
    for value_id, share in assessment.expected:
        holders = [r for r in records if r.get(field.id) == value_id]
        rows.append((value_id, share, holders, ", ".join(_names(holders, question, field))))
    return field, rows


def _names(records: list[dict[str, Any]], question: Question, field: Field) -> list[str]:
    """What each record is called: its first field other than the one being counted."""
    name_field = next((f for f in question.fields if f.id != field.id), None)
    return [str(r.get(name_field.id, "")) for r in records] if name_field else []


def _coverage(
    assessment: Assessment,
    question: Question,
    records: list[dict[str, Any]],
    common: dict[str, Any],
) -> AssessmentResult:
    field, rows = _by_value(assessment, question, records)
    items = [
        ItemResult(
            value_id,
            field.choice_label(value_id),
            "",
            len(holders),
            1,
            names,
            "",
            "green" if holders else "red",
        )
        for value_id, _, holders, names in rows
    ]
    covered = sum(1 for i in items if i.score)
    percent = percent_of(covered, 0, len(items)) if records else None
    band, rag = _band(assessment, percent)
    return AssessmentResult(
        **common,
        kind=assessment.kind.value,
        columns=assessment.columns,
        counted=assessment.counted,
        empty=assessment.empty,
        items=(*items, *_others(assessment, question, field, records)),
        total=float(covered),
        maximum=float(len(items)),
        rated=len(records),
        percent=percent,
        band=band,
        rag=rag,
        gaps=tuple(i.label for i in items if not i.score),
    )


def _others(
    assessment: Assessment, question: Question, field: Field, records: list[dict[str, Any]]
) -> list[ItemResult]:
    """Records with a value not expected (a team's "other" role): listed after the expected ones,
    named by their ``other_<field>`` when the group has one, and not counted in the band."""
    expected = {value for value, _ in assessment.expected}
    named_by = f"other_{field.id}"
    rows: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        value = record.get(field.id)
        if value is None or value in expected:
            continue
        label = str(record.get(named_by) or field.choice_label(str(value)))
        rows.setdefault(label, []).append(record)
    return [
        ItemResult(
            f"{named_by}:{label}",
            label,
            "",
            len(holders),
            1,
            ", ".join(_names(holders, question, field)),
            "",
            "green",
        )
        for label, holders in rows.items()
    ]


def _distribution(
    assessment: Assessment,
    question: Question,
    records: list[dict[str, Any]],
    common: dict[str, Any],
) -> AssessmentResult:
    field, rows = _by_value(assessment, question, records)
    placed = [r for r in records if r.get(field.id)]
    items = [
        ItemResult(
            value_id,
            field.choice_label(value_id),
            f"{share:g}%",
            len(holders),
            len(placed),
            names,
            "",
            "",
        )
        for value_id, share, holders, names in rows
    ]
    starters = tuple(
        name
        for value_id, _, holders, _ in rows
        if value_id in assessment.start_with
        for name in _names(holders, question, field)
    )
    return AssessmentResult(
        **common,
        kind=assessment.kind.value,
        columns=assessment.columns,
        counted=assessment.counted,
        empty=assessment.empty,
        items=tuple(items),
        total=float(len(placed)),
        maximum=float(len(records)),
        rated=len(placed),
        percent=percent_of(len(starters), 0, len(placed)) if placed else None,
        band="",
        rag="",
        start_with=starters,
    )


def run_checks(
    framework: Framework,
    answers: Answers,
    results: list[AssessmentResult] | None = None,
    known: Known | None = None,
) -> list[CheckResult]:
    """Every plan check, flagged or not, in content order. ``known``: the plan's figures,
    already worked out (``figures.facts``)."""
    results = assess(framework, answers) if results is None else results
    scope = conditions.Scope(
        {
            "answers": {s.id: dict(answers.section(s.id)) for s in framework.sections},
            "plan": dict(answers.details),
            "scores": {r.id: r for r in results},
            "programme": programme_checks.check_context(framework, answers, known),
            "sourcing": evidence.check_context(framework, answers.citations, answers.assumptions),
        }
    )
    fired = []
    run = scope.evaluate
    for step in framework.steps:
        label, short = step.label, step.short_label
        for check in step.checks:
            where, trusted = f"{check.where.file}:{check.where.line}", check.where.builtin
            said = (check.id, step.id, label, check.title, check.why, check.action)
            if check.needs and not run(check.needs, where, trusted=trusted):
                unknown: dict[str, Any] = {"unknown": True, "needed": check.unknown}
                fired.append(CheckResult(*said, False, (), step_name=short, **unknown))
                continue
            concerned: tuple[str, ...] = ()
            if check.concerned:
                found = run(check.concerned, where, trusted=trusted)
                if isinstance(found, str):
                    found = [found]
                concerned = tuple(str(item) for item in (found or ()) if not values.is_blank(item))
            when = check.when  # ``concerned``: what the check found, for its ``when`` to judge
            flagged = (
                bool(run(when, where, trusted=trusted, extra={"concerned": concerned}))
                if when
                else bool(concerned)
            )
            passed = check.passed or f"Not found: {check.title[0].lower()}{check.title[1:]}"
            fired.append(
                CheckResult(*said, flagged, concerned if flagged else (), passed, step_name=short)
            )
    return fired
