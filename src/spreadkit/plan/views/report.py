"""The highlight report for a programme board: one page on status, progress, what changed since
the last report and what the board must decide. A plain view model (headings, paragraphs,
bullets, tables) that any writer can lay out: the Markdown and HTML templates, or a document.

Every list is capped so the report fits one printed A4 page; a capped list says how many more
there are. The report's date comes from the answers (the latest check-in) or ``--as-of``, never
the clock. How each change reads is ``report_words``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from spreadkit import __version__
from spreadkit.answers import history, standing
from spreadkit.answers.checkins import Checkin
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import roles, values
from spreadkit.framework.model import Framework
from spreadkit.framework.wording import clip, display_date_or_blank
from spreadkit.plan.figures import aim_figures, health, measure_series, scoring, tipping, tracking
from spreadkit.plan.figures.facts import REPORT, Facts
from spreadkit.plan.views import report_board, report_changes, report_sources, report_words

# How many lines each part may take on the page.
CAPS = {
    "exceptions": 2,
    "measures": 4,
    "money": 2,
    "improved": 5,
    "worse": 5,
    "other": 3,
    "next": 5,
    "risks": 3,
    "decisions": 5,
    "overdue": 4,
    "moved": 3,
}
LINE = 130  # characters a line across the page may take before it is cut with …
AIM, TITLE = 200, 90  # the aim's and the title's characters: at most two lines, one line
HALF = 110  # a bullet in a half-width part: at most two printed lines
DECISION = LINE * 3  # a decision: at most three printed lines, five decisions at most
NARROW = 56  # an action's or a risk's name in a half-width table
DEFAULT_PERIOD = dt.timedelta(days=91)  # "next period" when there is no earlier report
MIN_PERIOD, MAX_PERIOD = dt.timedelta(days=28), dt.timedelta(days=183)  # a month to six months


@dataclass(frozen=True)
class ReportBlock:
    """One part of the report: a heading, then any paragraphs, bullets and a table."""

    id: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    more: str = ""  # "and 3 more": what a cap left off
    empty: str = ""  # what to say when there is nothing
    note: str = ""  # small print under the part: a credit, the risks past their review

    @property
    def blank(self) -> bool:
        return not (self.paragraphs or self.bullets or self.rows)


@dataclass(frozen=True)
class Report:
    title: str
    board: str  # who it is for: "Northfield primary care board", or ""
    as_of: str  # "3 April 2028"
    period: str  # "since 5 January 2028"
    status: str  # red, amber, green, or "" when nothing can be judged
    reasons: tuple[str, ...]  # why the status is what it is
    blocks: tuple[ReportBlock, ...]
    generator: str = f"spreadkit {__version__}"
    previous: str = ""  # the last report's status ("" when red, amber or green is unknown)
    exceptions: tuple[str, ...] = ()  # the tolerances exceeded, each a decision for the board
    tolerances: str = ""  # the tolerances the status is judged against, in words
    meanings: tuple[tuple[str, str], ...] = health.MEANINGS  # what each colour means
    notice: str = ""  # what an --as-of date before the records cannot show
    next_report: str = ""  # "3 July 2028": when the board hears next
    small_print: tuple[str, ...] = ()  # what the marks mean, and the sources cited (views.sources)

    @property
    def status_label(self) -> str:
        return tracking.RAG_WORDS.get(self.status, "Not judged")

    @property
    def status_why(self) -> tuple[str, ...]:
        """The words beside the status (``health.status_why``)."""
        return health.status_why(self.reasons, self.exceptions)

    @property
    def exceptions_shown(self) -> tuple[str, ...]:
        """The exceptions for the top of the page: each on at most a line, the first few."""
        kept, more = _cap(self.exceptions, CAPS["exceptions"])
        return (*kept, more) if more else kept

    @property
    def previous_label(self) -> str:
        return tracking.RAG_WORDS.get(self.previous, "") if self.previous else ""


OPTIONAL = ("other", "moved", "money")  # parts left off the page when they have nothing to say


def _cap(lines: Sequence[str], cap: int, width: int = LINE) -> tuple[tuple[str, ...], str]:
    kept = tuple(clip(line, width) for line in lines[:cap])
    left = len(lines) - cap
    return kept, (f"{left} more not shown here" if left > 0 else "")


def default_since(answers: Answers, as_of: dt.date | None) -> dt.date | None:
    """The last report's date: the check-in before the latest one (on or before ``as_of``)."""
    dates = [c.date for c in answers.checkins if as_of is None or c.date <= as_of]
    return dates[-2] if len(dates) > 1 else None


def _state_at(answers: Answers, since: dt.date | None) -> Answers:
    """The answers as they stood on ``since``: after the last check-in on or before it."""
    states = history.states(answers)
    chosen = states[0][1]
    for on, state in states[1:]:
        if since is not None and on is not None and on <= since:
            chosen = state
    return chosen


def _progress(facts: Facts, since: dt.date | None, marks: report_sources.Marks) -> ReportBlock:
    framework, answers = facts.framework, facts.answers
    now = facts.progress
    paragraphs = []
    text = str(answers.get(*roles.ids(framework, "aim")) or "")
    if text:
        paragraphs.append(clip(f"Aim: {text}", AIM))
    note = ""
    if now.words:
        line = f"Progress: {marks.progress(now)}"
        if now.aim.baseline is not None:
            baseline = aim_figures.amount(now.aim.baseline, now.aim.unit)
            line += f" (baseline {baseline}{marks.role('aim_baseline')})"
        if facts.planned.value is not None:
            planned = aim_figures.amount(facts.planned.value, now.aim.unit)
            line += f"; planned by now: {planned} ({facts.planned.words})"
        tip = facts.tipping
        if tip is not None:
            line += f". {tip.words[0].upper()}{tip.words[1:]}"
            note = tipping.TIPPING_CREDIT
        paragraphs.append(line + ".")
        if now.inferred_words:
            paragraphs.append(now.inferred_words)
    rows = []
    for figure in facts.measures:
        spec = figure.spec
        latest = figure.latest()
        if latest is None:
            continue
        whole = [r for r in history.measure_readings(answers, spec.name) if r.part == latest.part]
        before = [r for r in whole if since is not None and r.date <= since]
        shown = [s for s in figure.series if s.label == latest.part]
        rows.append(
            (
                clip(figure.title, 70),
                spec.with_unit(spec.baseline) + marks.measure(spec.name, "baseline"),
                spec.with_unit(before[-1].value) if before else "–",
                spec.with_unit(latest.value) + (f" ({latest.part})" if latest.part else ""),
                spec.with_unit(spec.target) + marks.measure(spec.name, "target"),
                clip(measure_series.series_verdict(shown[0], spec, brief=True), 160)
                if shown
                else "",
            )
        )
    kept = tuple(rows[: CAPS["measures"]])
    more = f"{len(rows) - len(kept)} more measures in the plan" if len(rows) > len(kept) else ""
    columns = (
        ("Measure", "Baseline", "Last report", "Latest", "Target", "Chart shows") if kept else ()
    )
    return ReportBlock(
        "progress",
        "Progress to the aim",
        tuple(paragraphs),
        (),
        columns,
        kept,
        more,
        "No aim or measures recorded yet.",
        note,
    )


def build(
    framework: Framework,
    answers: Answers,
    since: dt.date | None = None,
    as_of: dt.date | None = None,
) -> Report:
    """The highlight report, as of ``as_of`` (default: the answers' own date), covering the
    check-ins after ``since`` (default: the check-in before the latest)."""
    facts = Facts.gather(framework, answers, as_of, REPORT)  # what the report states, once
    when = facts.as_of
    if since is None:
        since = default_since(answers, when)
    covered = [
        c
        for c in answers.checkins
        if (since is None or c.date > since) and (when is None or c.date <= when)
    ]
    before = _state_at(answers, since)
    judged = facts.status
    before_status = facts.previous_status
    period = min(max((when - since) if when and since else DEFAULT_PERIOD, MIN_PERIOD), MAX_PERIOD)
    period_end = when + period if when else None
    next_date = report_board.next_report(framework, answers, when, period_end)
    marks = report_sources.Marks(framework, answers)
    blocks = (
        _progress(facts, since, marks),
        _money(facts),
        *_changed(facts, covered, since),
        _next(facts, next_date),
        _risks(facts),
        _decisions(facts, next_date, marks),
        _overdue(facts),
        _moved(facts, before),
    )
    return Report(
        title=clip(str(answers.details.get("title") or "Spread and adoption plan"), TITLE),
        board=clip(str(answers.get(*roles.ids(framework, "board")) or ""), TITLE),
        as_of=display_date_or_blank(when),
        period=f"since {display_date_or_blank(since)}"
        if since
        else ("since the first check-in" if answers.checkins else "no check-ins yet"),
        status=judged.rag,
        reasons=judged.reasons,
        blocks=tuple(b for b in blocks if not (b.blank and b.id in OPTIONAL)),
        previous=before_status.rag if before_status else "",
        exceptions=judged.exceptions,
        tolerances=judged.tolerances.words,
        notice=standing.cannot_show(answers, when) if when else "",
        next_report=display_date_or_blank(next_date),
        small_print=marks.small_print(),
    )


def _changed(
    facts: Facts, covered: Sequence[Checkin], since: dt.date | None
) -> tuple[ReportBlock, ...]:
    """What improved and what got worse since the last report (``report_changes``)."""
    notes = [f"{values.display_date(c.date)}: “{c.note}”" for c in covered if c.note]
    improved, worse, other = report_changes.split(
        facts.framework,
        [c for ci in covered for c in ci.answer_changes()],
        report_board.risk_ids(facts),
        facts.answers,
    )
    after = f" since {display_date_or_blank(since)}" if since else " so far"
    empty = "Nothing changed." if covered else "No check-in since then."
    if not covered and since is None:
        empty = "No check-ins yet."
    kept, more = _cap(improved, CAPS["improved"], HALF)
    out = [
        ReportBlock(
            "improved",
            f"Improved{after}",
            tuple(clip(n, LINE) for n in notes[-2:]),
            kept,
            (),
            (),
            more,
            empty,
        )
    ]
    kept, more = _cap(worse, CAPS["worse"], HALF)
    out.append(
        ReportBlock("worse", f"Got worse{after}", (), kept, (), (), more, "Nothing got worse.")
    )
    kept, more = _cap(other, CAPS["other"], HALF)
    out.append(ReportBlock("other", "Other changes", (), kept, (), (), more, ""))
    return tuple(out)


def _money(facts: Facts) -> ReportBlock:
    lines = report_board.money_lines(facts)
    return ReportBlock("money", "Money", (), tuple(lines), (), (), "", "No budget recorded.")


def _action_row(
    framework: Framework, action: Mapping[str, Any], deadline: dt.date
) -> tuple[str, ...]:
    return (
        clip(str(action.get("task") or ""), NARROW),
        clip(str(action.get("owner") or ""), 30),
        display_date_or_blank(deadline),
        report_words.status_label(framework, action.get("status")),
    )


def _next(facts: Facts, end: dt.date | None) -> ReportBlock:
    when = facts.as_of
    heading = f"Coming next (to {display_date_or_blank(end)})" if end else "Coming next"
    if when is None or end is None:
        return ReportBlock("next", heading, empty="The plan has no date to look ahead from.")
    due = [(a, d) for a, d in facts.open_deadlines if when <= d <= end]
    rows = tuple(_action_row(facts.framework, a, d) for a, d in due[: CAPS["next"]])
    more = f"{len(due) - len(rows)} more in the plan" if len(due) > len(rows) else ""
    columns = ("Action", "Owner", "Due", "Status") if rows else ()
    return ReportBlock(
        "next", heading, (), (), columns, rows, more, "No action falls due in this period."
    )


def _risks(facts: Facts) -> ReportBlock:
    """The open risks by score, then the open issues by impact (an issue has happened: it has
    no likelihood, so no score), as the board plan's register says them; under the table, those
    past their review date (``spreadkit status``'s list)."""
    listed = [*facts.open_risks, *facts.open_issues]
    top = listed[: CAPS["risks"]]
    ids = report_board.risk_ids(facts)
    rows = tuple(
        (
            ids.get(str(r.get("risk") or ""), ""),
            clip(str(r.get("risk") or ""), NARROW) + (" (issue)" if tracking.is_issue(r) else ""),
            tracking.impact_words(facts.framework, r)
            if tracking.is_issue(r)
            else f"{r['score']}" + (f" {str(r['band']).lower()}" if r["band"] else ""),
            clip(str(r.get("owner") or ""), 30),
        )
        for r in top
    )
    columns = ("ID", "Risk or issue", "Score", "Owner") if rows else ()
    more = f"{len(listed) - len(top)} more in the plan" if len(listed) > len(top) else ""
    return ReportBlock(
        "risks",
        "Top risks and issues",
        (),
        (),
        columns,
        rows,
        more,
        "No open risk is scored.",
        report_board.past_review(facts, ids),  # said by `status` too
    )


def _decisions(facts: Facts, by: dt.date | None, marks: report_sources.Marks) -> ReportBlock:
    """Each decision once, with its one date; an exception referred to, not said again
    (``report_board.choices``)."""
    lines = report_board.choices(facts, by, marks.role)
    bullets, more = _cap(lines, CAPS["decisions"], DECISION)
    return ReportBlock(
        "decisions", "Decisions needed", (), bullets, (), (), more, "No decision is needed."
    )


def _overdue(facts: Facts) -> ReportBlock:
    when = facts.as_of
    late = facts.overdue_deadlines
    room = CAPS["overdue"] - report_sources.room(
        facts.answers
    )  # the small print takes a row's room
    rows = tuple(_action_row(facts.framework, a, d) for a, d in late[:room])
    more = f"{len(late) - len(rows)} more in the plan" if len(late) > len(rows) else ""
    columns = ("Action", "Owner", "Due", "Status") if rows else ()
    heading = (
        f"Overdue actions (as of {display_date_or_blank(when)})" if when else "Overdue actions"
    )
    return ReportBlock("overdue", heading, (), (), columns, rows, more, "No action is overdue.")


def _moved(facts: Facts, before: Answers) -> ReportBlock:
    lines = []
    old = {r.id: r for r in scoring.assess(facts.framework, before)}
    for result in facts.scores:
        was = old.get(result.id)
        if (
            result.kind != "score"
            or was is None
            or (was.total, was.answered) == (result.total, result.answered)
        ):
            continue
        lines.append(
            f"{result.title}: {values.display_score(was.total)} → {result.score_text}"
            + (f" ({result.band})" if result.band else "")
        )
    bullets, more = _cap(lines, CAPS["moved"], HALF)
    return ReportBlock("moved", "Scores that moved", (), bullets, (), (), more, "No score moved.")
