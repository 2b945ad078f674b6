"""The programme "at a glance": progress to the aim, sites by phase, top risks, overdue actions.

Read from the answers by the ids of the agreed programme layout (``analyse.aim``,
``ready.phases``, ``ready.sites``, ``implement.risks``, ``implement.actions``); a pack that
leaves those questions out simply gets an empty glance. The sums and scores are worked out
by ``tracking``; this module words them. Risk bands come from the content's risk matrix.
Overdue is judged against the plan's own date, never the clock, so a plan renders the same
on any day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import roles, values
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import aim_figures, tracking
from spreadkit.plan.figures.facts import Facts

TOP_RISKS = 3
NO_PHASE = "No phase yet"


@dataclass(frozen=True)
class RiskLine:
    label: str
    score: int
    band: str  # "Extreme", or "" where the content has no bands
    colour: str  # the band's colour name, for a CSS class; "" without one
    owner: str

    @property
    def words(self) -> str:  # "score 16 (Extreme)"
        return f"score {self.score}" + (f" ({self.band})" if self.band else "")


@dataclass(frozen=True)
class OverdueLine:
    label: str
    owner: str
    due: str  # "31 March 2027": the revised due date where there is one
    status: str


@dataclass(frozen=True)
class Line:
    """One line of the workbook's "At a glance", as every format says it: a label, an optional
    note after it ("as of 30 June 2027"), its words, and the lines under it."""

    label: str
    words: str = ""
    note: str = ""
    under: tuple[Line, ...] = ()
    colour: str = ""  # a risk band's colour name, for formats that show one beside the words
    id: str = ""  # aim, progress, phases, readiness, risks, overdue: for a layout that places it


@dataclass(frozen=True)
class PhaseCount:
    phase: str
    count: int
    sites: str  # "North PCN; South PCN"

    @property
    def words(self) -> str:  # "2 sites"
        return f"{self.count} site{'' if self.count == 1 else 's'}"


@dataclass(frozen=True)
class Glance:
    as_of: str = ""  # "30 June 2027", or "" when the plan has no date
    aim: str = ""
    aim_progress: str = ""  # "9 of 24 posts (38%) on 30 June 2027; target 24 by 31 March 2028"
    aim_percent: int | None = None  # for a meter; None without a target
    aim_baseline: str = ""  # "2 posts on 1 April 2026"
    sites_by_phase: tuple[PhaseCount, ...] = ()
    top_risks: tuple[RiskLine, ...] = ()
    open_issues: tuple[tuple[str, str, str], ...] = ()  # (issue, "impact 3 moderate", owner)
    readiness: tuple[tuple[str, str], ...] = ()  # ("Readiness (people)", "5 green, 1 red"), …
    overdue: tuple[OverdueLine, ...] = ()

    @property
    def aim_meter(self) -> int:
        """How full a progress meter is drawn: the percent, from 0 to 100."""
        return max(0, min(self.aim_percent or 0, 100))

    @property
    def programme(self) -> bool:
        """Whether there is anything of the programme to show."""
        return bool(self.aim or self.aim_progress or self.sites_by_phase or self.top_risks)

    @property
    def lines(self) -> tuple[Line, ...]:
        """What the glance says, once for every workbook: the Markdown and Word ones list these
        lines, the HTML one places each by its ``id`` (a meter, tables) with the same words."""
        out = []
        if self.aim:
            out.append(Line("Aim", self.aim, id="aim"))
        if self.aim_progress:
            baseline = f" (baseline {self.aim_baseline})" if self.aim_baseline else ""
            out.append(
                Line("Progress to the aim", f"{self.aim_progress}{baseline}.", id="progress")
            )
        if self.sites_by_phase:
            phases = tuple(Line(p.phase, f"{p.words} ({p.sites})") for p in self.sites_by_phase)
            out.append(Line("Sites by phase", under=phases, id="phases"))
        if self.readiness:
            words = "; ".join(f"{label} {count}" for label, count in self.readiness)
            out.append(Line("Sites' readiness", f"{words}.", id="readiness"))
        if self.top_risks:
            risks = tuple(
                Line(r.label, r.words + (f", owner {r.owner}" if r.owner else ""), colour=r.colour)
                for r in self.top_risks
            )
            out.append(Line("Top risks", under=risks, id="risks"))
        if self.open_issues:
            issues = tuple(
                Line(name, impact + (f", owner {owner}" if owner else ""))
                for name, impact, owner in self.open_issues
            )
            out.append(Line("Open issues", under=issues, id="issues"))
        if self.programme and self.as_of:
            late = tuple(
                Line(
                    "",
                    f"{a.label} — {a.owner}, due {a.due}" + (f" ({a.status})" if a.status else ""),
                )
                for a in self.overdue
            )
            out.append(
                Line(
                    "Overdue actions",
                    "" if late else "none",
                    f"as of {self.as_of}",
                    late,
                    id="overdue",
                )
            )
        return tuple(out)

    def line(self, line_id: str) -> Line | None:
        """The line of :attr:`lines` with ``line_id``, or None when the glance has none."""
        return next((line for line in self.lines if line.id == line_id), None)


def _records(framework: Framework, answers: Answers, role: str) -> list[dict[str, Any]]:
    value = answers.get(*roles.ids(framework, role))
    return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def aim_words(facts: Facts) -> tuple[str, int | None, str]:
    """The aim's progress words (``aim_figures.progress``), percent and baseline: the glance's
    ``aim_progress``, ``aim_percent`` and ``aim_baseline``, for a document that shows only these."""
    now = facts.progress
    found = now.aim
    if found.target is None:
        return "", None, ""
    base_words = ""
    if found.baseline is not None:
        base_words = aim_figures.amount(found.baseline, found.unit)
        if found.baseline_date:
            base_words += f" on {values.display_date(found.baseline_date)}"
    return now.words, now.percent, base_words


def _sites_by_phase(framework: Framework, answers: Answers) -> tuple[PhaseCount, ...]:
    order = [_text(p.get("name")) for p in _records(framework, answers, "phases")]
    placed: dict[str, list[str]] = {}
    for site in _records(framework, answers, "sites"):
        phase = _text(site.get("phase")) or NO_PHASE
        placed.setdefault(phase, []).append(_text(site.get("name")))
    names = [p for p in order if p in placed] + [p for p in placed if p not in order]
    return tuple(PhaseCount(p, len(placed[p]), "; ".join(placed[p])) for p in names)


def _top_risks(facts: Facts) -> tuple[RiskLine, ...]:
    bands = {band.label: band for band in facts.risk_chart_bands}
    return tuple(
        RiskLine(
            _text(risk.get("risk")),
            int(risk["score"]),
            str(risk["band"]),
            bands[risk["band"]].colour if risk["band"] in bands else "",
            _text(risk.get("owner")),
        )
        for risk in facts.open_risks[:TOP_RISKS]
    )


def _open_issues(facts: Facts) -> tuple[tuple[str, str, str], ...]:
    """The open issues with their impact (an issue has happened: it has no score)."""
    return tuple(
        (_text(i.get("risk")), tracking.impact_words(facts.framework, i), _text(i.get("owner")))
        for i in facts.open_issues[:TOP_RISKS]
    )


def _readiness(facts: Facts) -> tuple[tuple[str, str], ...]:
    """("People", "5 green, 2 amber, 1 red") for each factor some site is rated on."""
    question = roles.question(facts.framework, "sites")
    titles = {f.id: f.title for f in question.fields} if question else {}
    out = []
    for factor, counts in facts.readiness.items():
        if any(counts.values()):
            label = titles.get(f"readiness_{factor}", factor.capitalize())
            words = ", ".join(
                f"{counts[rag]} {rag}" for rag in ("green", "amber", "red") if counts[rag]
            )
            out.append((label, words))
    return tuple(out)


def _status_label(framework: Framework, value: Any) -> str:
    question = roles.question(framework, "actions")
    field = next((f for f in question.fields if f.id == "status"), None) if question else None
    return field.choice_label(_text(value)) if field and value else _text(value)


def overdue_lines(facts: Facts) -> tuple[OverdueLine, ...]:
    """Actions not done whose (revised) due date is before the as-of date, most overdue first."""
    return tuple(
        OverdueLine(
            _text(action.get("task")),
            _text(action.get("owner")),
            values.display_date(deadline),
            _status_label(facts.framework, action.get("status")),
        )
        for action, deadline in facts.overdue_deadlines
    )


def build(
    framework: Framework,
    answers: Answers,
    as_of: dt.date | None = None,
    facts: Facts | None = None,
) -> Glance:
    """The glance; ``facts`` are the plan's (``figures.facts``) when a document already has them."""
    facts = facts or Facts(framework, answers, as_of)
    when = facts.as_of
    progress, percent, baseline = aim_words(facts)
    return Glance(
        as_of=values.display_date(when) if when else "",
        aim=_text(answers.get(*roles.ids(framework, "aim"))),
        aim_progress=progress,
        aim_percent=percent,
        aim_baseline=baseline,
        sites_by_phase=_sites_by_phase(framework, answers),
        top_risks=_top_risks(facts),
        open_issues=_open_issues(facts),
        readiness=_readiness(facts),
        overdue=overdue_lines(facts),
    )
