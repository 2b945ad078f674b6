"""A portfolio: one line per spread plan, and the figures across them, for a regional view.

Every figure comes from the modules that work it out for one plan: progress to the aim, top
risks and overdue actions from ``glance``, plan checks from ``scoring``, sites behind their
go-live from ``tracking``. This module only picks them, words the plan's overall status, and
counts across plans. Each plan is judged on its own date (``tracking.as_of_date``: ``--as-of``,
else its latest check-in, else its ``updated`` date): never the clock.

The overall status is worked out from the plan's own figures, worst first:

- ``off-track``: a site past its planned go-live and not live, or three or more overdue
  actions: the plan has slipped;
- ``at-risk``: an overdue action, an open risk in a red band (Extreme), or an action marked at
  risk or blocked: it may slip;
- ``on-track``: sites or actions recorded, and none of the above;
- ``unknown``: no sites and no actions yet, so nothing to judge.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple, overload

from spreadkit.answers import standing
from spreadkit.answers.lookup import as_date
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import roles, values
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import aim_figures, health, scoring
from spreadkit.plan.figures.facts import PORTFOLIO, Facts
from spreadkit.plan.views import glance

STATUSES: dict[str, str] = {
    "off-track": "Off track",
    "at-risk": "At risk",
    "on-track": "On track",
    "unknown": "Not enough to judge",
}
NO_PHASES = "No phases"
NOT_STARTED = "Not started"
WORST = 3  # how many flagged checks, risks and overdue actions each plan shows


@dataclass(frozen=True)
class PlanLine:
    """One plan, as the portfolio shows it. Plain text and numbers: it crosses processes."""

    source: str  # the answers file, as found
    link: str  # a relative link to its plan (X.plan.html beside it) or to the answers file
    title: str
    lead: str
    phase: str  # the current phase, NO_PHASES or NOT_STARTED
    status: str  # a key of STATUSES
    reasons: tuple[str, ...]  # why the status is what it is, in words
    aim: str  # "9 of 16 posts (56%) by 31 March 2028", or ""
    aim_percent: int | None
    sites_live: int
    sites_planned: int  # sites not withdrawn
    overdue_count: int
    overdue: tuple[str, ...]  # the most overdue: "task — owner, due 31 March 2027"
    flagged_count: int
    flagged: tuple[str, ...]  # the worst flagged checks: those that concern the most
    risks: tuple[str, ...]  # the top open risks: "risk — score 16 (Extreme)"
    top_risk_score: int | None
    last_checkin: str  # "15 January 2027", or ""
    last_checkin_iso: str  # "2027-01-15", or "": for CSV and sorting
    as_of: str  # the date the plan is judged on, in words
    exceptions: tuple[str, ...] = ()  # tolerances exceeded: each a decision for its board

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def sites_words(self) -> str:
        return f"{self.sites_live} of {self.sites_planned}" if self.sites_planned else "no sites"


@dataclass(frozen=True)
class Failure:
    """An answers file that could not be read, with its one-line error (file:line: message)."""

    source: str
    error: str


class Row(NamedTuple):
    """What sorting, grouping and the totals need of one plan: small, so a page of thousands of
    plans keeps only these while it is made, and fetches each plan's line as it shows it."""

    title_key: str  # the title, lower-cased
    source: str
    status: str
    phase: str
    overdue_count: int
    top_risk_score: int  # 0 when there is no open risk
    excepted: bool  # a tolerance is exceeded
    sites_live: int
    sites_planned: int
    ref: object  # the line itself, or where it is kept (for ``fetch``)


def row_of(plan: PlanLine, ref: object) -> Row:
    return Row(
        plan.title.lower(),
        plan.source,
        plan.status,
        plan.phase,
        plan.overdue_count,
        plan.top_risk_score or 0,
        bool(plan.exceptions),
        plan.sites_live,
        plan.sites_planned,
        ref,
    )


class Lines(Sequence[PlanLine]):
    """Plans in a given order, each line fetched when it is looked at (never all held)."""

    def __init__(self, rows: Sequence[Row], fetch: Callable[[object], PlanLine]) -> None:
        self._rows = tuple(rows)
        self._fetch = fetch

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> PlanLine: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[PlanLine]: ...
    def __getitem__(self, index: int | slice) -> PlanLine | Sequence[PlanLine]:
        if isinstance(index, slice):
            return Lines(self._rows[index], self._fetch)
        return self._fetch(self._rows[index].ref)

    def __iter__(self) -> Iterator[PlanLine]:
        for row in self._rows:
            yield self._fetch(row.ref)


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    anchor: str
    plans: Sequence[PlanLine]
    off_track: int = 0  # of its plans, how many are off track
    at_risk: int = 0

    @property
    def count(self) -> int:
        return len(self.plans)


@dataclass(frozen=True)
class Portfolio:
    plans: Sequence[PlanLine]  # by title (then file)
    failures: tuple[Failure, ...]
    by_status: tuple[Group, ...]  # every status, worst first, empty ones included
    by_phase: tuple[Group, ...]  # phases in the order most plans put them
    anchors: Mapping[str, str]  # source -> the plan's anchor on the page
    as_of: str = ""  # "--as-of 2027-03-31" when one date was given for every plan
    excepted: Sequence[PlanLine] = ()  # plans with a tolerance exceeded, by title
    sites_live: int = 0  # across every plan
    sites_planned: int = 0
    overdue: int = 0

    @property
    def count(self) -> int:
        return len(self.plans)

    def anchor(self, plan: PlanLine) -> str:
        return self.anchors[plan.source]


# -- one plan ---------------------------------------------------------------------------------


def current_phase(framework: Framework, answers: Answers, as_of: dt.date | None) -> str:
    """The phase under way on ``as_of``: the last one (by start date) to have started."""
    phases = [
        p for p in answers.get(*roles.ids(framework, "phases")) or [] if isinstance(p, Mapping)
    ]
    if not phases:
        return NO_PHASES
    started: list[tuple[dt.date, int, str]] = []
    for order, phase in enumerate(phases):
        dates = phase.get("dates")
        start = as_date(dates.get("start")) if isinstance(dates, Mapping) else None
        if start is not None and as_of is not None and start <= as_of:
            started.append((start, order, str(phase.get("name") or f"Phase {order + 1}")))
    return max(started)[2] if started else NOT_STARTED


_BY_RAG = {"red": "off-track", "amber": "at-risk", "green": "on-track", "": "unknown"}


def overall_status(
    framework: Framework, answers: Answers, as_of: dt.date | None
) -> tuple[str, tuple[str, ...]]:
    """The plan's status (a key of STATUSES) and the reasons for it: the board report's rule
    (``plan.health``), so a plan has the same status on both pages."""
    return status_of(health.judge(framework, answers, as_of))


def status_of(judged: health.Status) -> tuple[str, tuple[str, ...]]:
    """A status of ``health.judge`` as the portfolio files it, with its reasons."""
    if not judged.rag:
        return "unknown", ("no sites, actions or aim trajectory recorded yet",)
    return _BY_RAG[judged.rag], () if judged.rag == "green" else judged.reasons


def worst_checks(checks: Sequence[scoring.CheckResult], count: int = WORST) -> tuple[str, ...]:
    """The flagged checks that concern the most (then in content order), as lines."""
    flagged = sorted(
        (c for c in checks if c.flagged), key=lambda c: -len(c.concerned)
    )  # sorted() is stable: content order within a count
    return tuple(
        c.title + (f" ({'; '.join(c.concerned[:3])})" if c.concerned else "")
        for c in flagged[:count]
    )


def plan_line(
    framework: Framework, answers: Answers, source: str, link: str, as_of: dt.date | None = None
) -> PlanLine:
    """The portfolio's line for one plan, as it stood on ``as_of`` (default: the plan's own
    date, with the answers as they are now)."""
    if as_of is not None:
        answers = standing.as_it_stood(answers, as_of)
    facts = Facts.gather(framework, answers, as_of, PORTFOLIO)  # what the row states, once
    when = facts.as_of
    seen = glance.build(framework, answers, when, facts)
    checks = facts.checks
    judged = facts.status
    status, reasons = status_of(judged)
    latest = answers.checkins[-1].date if answers.checkins else None
    return PlanLine(
        source=source,
        link=link,
        title=str(answers.details.get("title") or source),
        lead=str(answers.details.get("lead") or ""),
        phase=current_phase(framework, answers, when),
        status=status,
        reasons=reasons,
        aim=seen.aim_progress,
        aim_percent=seen.aim_percent,
        sites_live=aim_figures.sites_live(framework, answers),
        sites_planned=len(aim_figures.site_names(framework, answers)),
        overdue_count=len(seen.overdue),
        overdue=tuple(
            line.label + (f" — {line.owner}" if line.owner else "") + f", due {line.due}"
            for line in seen.overdue[:WORST]
        ),
        flagged_count=sum(1 for c in checks if c.flagged),
        flagged=worst_checks(checks),
        risks=tuple(f"{r.label} — {r.words}" for r in seen.top_risks),
        top_risk_score=seen.top_risks[0].score if seen.top_risks else None,
        last_checkin=values.display_date(latest) if latest else "",
        last_checkin_iso=latest.isoformat() if latest else "",
        as_of=seen.as_of,
        exceptions=judged.exceptions,
    )


# -- across plans -----------------------------------------------------------------------------


def _slug(text: str) -> str:
    kept = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in kept.split("-") if part) or "x"


def _severity(row: Row) -> tuple[int, int, str, str]:
    """Worst first within a group: most overdue, then the highest risk, then by title."""
    return (-row.overdue_count, -row.top_risk_score, row.title_key, row.source)


def build(
    plans: Iterable[PlanLine], failures: Iterable[Failure], as_of: dt.date | None = None
) -> Portfolio:
    """The portfolio of ``plans``: in title order, grouped by status and by phase."""
    return arrange([row_of(plan, plan) for plan in plans], failures, as_of, _itself)


def _itself(ref: object) -> PlanLine:
    assert isinstance(ref, PlanLine)
    return ref


def arrange(
    rows: Iterable[Row],
    failures: Iterable[Failure],
    as_of: dt.date | None,
    fetch: Callable[[object], PlanLine],
) -> Portfolio:
    """:func:`build` from each plan's :class:`Row`, its line fetched with ``fetch`` as the page
    shows it: the order, groups and totals need only the rows."""
    ordered = sorted(rows, key=lambda r: (r.title_key, r.source))
    anchors = {row.source: f"plan-{n}" for n, row in enumerate(ordered, 1)}

    def group(key: str, label: str, anchor: str, rows: Iterable[Row]) -> Group:
        chosen = sorted(rows, key=_severity)
        return Group(
            key,
            label,
            anchor,
            Lines(chosen, fetch),
            sum(1 for r in chosen if r.status == "off-track"),
            sum(1 for r in chosen if r.status == "at-risk"),
        )

    by_status = tuple(
        group(key, label, f"status-{key}", (r for r in ordered if r.status == key))
        for key, label in STATUSES.items()
    )
    phases = Counter(r.phase for r in ordered)
    special = (NOT_STARTED, NO_PHASES)
    names = sorted((n for n in phases if n not in special), key=lambda n: (n.lower(), n))
    names += [n for n in special if n in phases]
    by_phase = tuple(
        group(name, name, f"phase-{n}-{_slug(name)}", (r for r in ordered if r.phase == name))
        for n, name in enumerate(names, 1)
    )
    return Portfolio(
        plans=Lines(ordered, fetch),
        failures=tuple(sorted(failures, key=lambda f: f.source)),
        by_status=by_status,
        by_phase=by_phase,
        anchors=anchors,
        as_of=values.display_date(as_of) if as_of else "",
        excepted=Lines([r for r in ordered if r.excepted], fetch),
        sites_live=sum(r.sites_live for r in ordered),
        sites_planned=sum(r.sites_planned for r in ordered),
        overdue=sum(r.overdue_count for r in ordered),
    )
