"""The plan over time: series worked out from the check-ins, one value per state of the plan.

``answers.history.states`` gives the answers as they stood before the first check-in and after
each one; this module reads, from each state, what the trend charts draw: adoption against the
target trajectory, each measure's readings, every site's readiness, the sustainability score
and actions done against actions due. Pure data; ``trend_charts`` draws it. Nothing reads the
clock: the dates are the check-ins' own.

Each series is recomputed only where a state's answers differ from the next one's, so a long
history costs little more than a short one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from spreadkit.answers import history, lookup
from spreadkit.answers.lookup import as_number
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import roles
from spreadkit.framework.model import Framework
from spreadkit.framework.wording import short_date
from spreadkit.plan.figures import aim_figures, measure_series, scoring, tipping, tracking
from spreadkit.plan.figures.measure_series import MeasureFigure
from spreadkit.plan.figures.trajectory import PLANNED_WORDS, planned_each

TIPPING_LOW, TIPPING_HIGH = tipping.TIPPING_LOW, tipping.TIPPING_HIGH
TIPPING_CREDIT = tipping.TIPPING_CREDIT
SUSTAINABILITY = "sustainability"  # the id of the assessment whose score is followed


@dataclass(frozen=True)
class Adoption:
    """Progress at each point (``aim_figures.progress``) against the planned trajectory
    (``trajectory.planned``)."""

    actual: tuple[float | None, ...]
    planned: tuple[float | None, ...]
    target: float | None
    unit: str
    trajectory: str  # the rule that gave the planned figures (``trajectory.Planned.how``)
    potential: float | None = None  # potential adopters, when the aim counts adopters

    @property
    def rule(self) -> str:
        """The planned figures' rule in words: ``from the sites' go-live dates``."""
        return PLANNED_WORDS.get(self.trajectory, "")

    @property
    def tipping(self) -> tuple[float, float] | None:
        """The 15–20% band of the potential adopters, in the aim's unit; None unless the aim
        counts adopters (sites, practices, organisations) and says how many could adopt."""
        if not self.potential or self.unit.lower() not in tipping.ADOPTING_UNITS:
            return None
        return (self.potential * TIPPING_LOW / 100, self.potential * TIPPING_HIGH / 100)


@dataclass(frozen=True)
class MeasureTrend:
    """One measure's readings, oldest first, with its baseline and target."""

    name: str
    dates: tuple[dt.date, ...]
    values: tuple[float, ...]
    baseline: float | None
    target: float | None
    kind: str = ""


@dataclass(frozen=True)
class SiteReadiness:
    """One site's readiness ratings (people, context, innovation) at each point; "" unrated."""

    site: str
    ratings: tuple[tuple[str, str, str], ...]
    status: tuple[str, ...]  # the site's status at each point ("" when not in the plan then)


@dataclass(frozen=True)
class ScoreTrend:
    title: str
    totals: tuple[float | None, ...]
    maximum: float
    bands: tuple[str, ...]


@dataclass(frozen=True)
class ActionsTrend:
    done: tuple[int, ...]
    due: tuple[int | None, ...]  # actions whose planned due date had passed; None undated
    total: tuple[int, ...]


@dataclass(frozen=True)
class Trends:
    """Every series over the same points: the start (before the first check-in), then each
    check-in. ``dates[0]`` is None when the start's date is not known."""

    dates: tuple[dt.date | None, ...]
    adoption: Adoption
    measures: tuple[MeasureTrend, ...]
    readiness: tuple[SiteReadiness, ...]
    sustainability: ScoreTrend | None
    actions: ActionsTrend
    figures: tuple[MeasureFigure, ...] = ()  # each measure's readings by date, with its rules

    @cached_property
    def labels(self) -> tuple[str, ...]:
        """Each point's label (``5 Jan 2028``, ``Start``), worked out once."""
        return tuple(short_date(d) if d else "Start" for d in self.dates)


def start_date(states: Sequence[tuple[dt.date | None, Answers]]) -> dt.date | None:
    """When the plan stood as it did before the first check-in: its ``updated`` date then, if
    that comes before the first check-in (a check-in that records ``plan.updated`` keeps it),
    else its ``created`` date; None when neither is known."""
    first = states[1][0] if len(states) > 1 else None
    details = states[0][1].details
    for key in ("updated", "created"):
        value = details.get(key)
        if isinstance(value, dt.date) and (first is None or value < first):
            return value
    return None


def _reuse(states: Sequence[Answers], key: Any, work: Any) -> list[Any]:
    """``work(state)`` for each state, worked out again only when ``key(state)`` changed."""
    out: list[Any] = []
    last: Any = object()
    for state in states:
        current = key(state)
        if out and current == last:
            out.append(out[-1])
        else:
            out.append(work(state))
        last = current
    return out


def _adoption(
    framework: Framework,
    answers: Answers,
    states: list[Answers],
    dates: Sequence[dt.date | None],
    found: aim_figures.Aim,
) -> Adoption:
    actual = [
        aim_figures.progress(framework, state, day).value
        for state, day in zip(states, dates, strict=True)
    ]
    due = planned_each(framework, answers, dates, found)  # the plan's commitments read once
    return Adoption(
        tuple(actual),
        tuple(p.value for p in due),
        found.target,
        found.unit,
        next((p.how for p in due if p.how), ""),
        found.potential,
    )


def _measures(framework: Framework, answers: Answers) -> tuple[MeasureTrend, ...]:
    out = []
    for record in lookup.role_records(framework, answers, "measures"):
        name = str(record.get("measure") or "")
        readings = history.readings(answers, name) if name else []
        if not readings:
            continue
        out.append(
            MeasureTrend(
                name,
                tuple(d for d, _ in readings),
                tuple(float(v) for _, v in readings),
                as_number(record.get("baseline")),
                as_number(record.get("target")),
                str(record.get("kind") or ""),
            )
        )
    return tuple(out)


def _readiness(
    framework: Framework, answers: Answers, states: list[Answers]
) -> tuple[SiteReadiness, ...]:
    by_state = _reuse(
        states,
        lambda s: s.get(*roles.ids(framework, "sites")),
        lambda s: {str(r.get("name") or ""): r for r in lookup.role_records(framework, s, "sites")},
    )
    names = [str(r.get("name") or "") for r in lookup.role_records(framework, answers, "sites")]
    for sites in by_state:  # a site dropped since still has its history shown
        names += [n for n in sites if n not in names]
    out = []
    keys = [f"readiness_{f}" for f in tracking.READINESS_FACTORS]
    for name in names:
        if not name:
            continue
        ratings, status = [], []
        last: Any = None  # a state's sites unchanged since the one before (``_reuse``) read once
        for sites in by_state:
            if sites is not last:
                site = sites.get(name, {})
                rated = tuple([str(site.get(key) or "") for key in keys])
                now = str(site.get("status") or "") if site else ""
                last = sites
            ratings.append(rated)
            status.append(now)
        if any(any(r) for r in ratings):
            out.append(SiteReadiness(name, tuple(ratings), tuple(status)))  # type: ignore[arg-type]
    return tuple(out)


def _sustainability(framework: Framework, states: list[Answers]) -> ScoreTrend | None:
    # the score followed: the assessment of the question playing the "sustainability" role
    step_id, question_id = roles.ids(framework, "sustainability")
    step = next((s for s in framework.steps if s.id == step_id), None)
    assessments = step.assessments if step else ()
    assessment = next((a for a in assessments if a.question == question_id), None)
    if step is None or assessment is None:
        return None
    results = _reuse(
        states,
        lambda s: s.get(step_id, question_id),
        lambda s: scoring.assess_one(framework, s, assessment.id),
    )
    if not any(r is not None and r.answered for r in results):
        return None
    first = next(r for r in results if r is not None)
    return ScoreTrend(
        first.title,
        tuple(r.total if r is not None and r.answered else None for r in results),
        first.maximum,
        tuple(r.band if r is not None else "" for r in results),
    )


def _actions(
    framework: Framework, states: list[Answers], dates: Sequence[dt.date | None]
) -> ActionsTrend:
    done, due, total = [], [], []
    for state, day in zip(states, dates, strict=True):
        actions = lookup.role_records(framework, state, "actions")
        done.append(sum(1 for a in actions if a.get("status") == tracking.DONE))
        total.append(len(actions))
        planned = [a.get("due") for a in actions]
        due.append(
            None if day is None else sum(1 for d in planned if isinstance(d, dt.date) and d <= day)
        )
    return ActionsTrend(tuple(done), tuple(due), tuple(total))


def build(
    framework: Framework, answers: Answers, found: aim_figures.Aim | None = None
) -> Trends | None:
    """The trends of a plan with check-ins; None without any. ``found``: the plan's aim
    (``aim_figures.aim``), when already worked out."""
    if not answers.checkins:
        return None
    states = history.states(answers)
    dates = (start_date(states), *(on for on, _ in states[1:]))
    plain = [state for _, state in states]
    return Trends(
        dates=dates,
        adoption=_adoption(
            framework, answers, plain, dates, found or aim_figures.aim(framework, answers)
        ),
        measures=_measures(framework, answers),
        readiness=_readiness(framework, answers, plain),
        sustainability=_sustainability(framework, plain),
        actions=_actions(framework, plain, dates),
        figures=measure_series.figures(framework, answers),
    )
