"""How a programme is doing, in one word and its reasons: the one status rule that the board
report, ``status``, the portfolio and the board plan all use, so that a plan never reads "on
track" on one page and "at risk" on another. Written out in docs/figures.md.

The rule manages by exception, as PRINCE2 does: the board sets tolerances (time, cost,
adoption, and the risk score that escalates); a deviation within them is the programme team's
to manage (amber), and one beyond them is an exception (red) that the board must decide on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from spreadkit.answers import lookup, standing
from spreadkit.answers.lookup import as_number
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import roles, values
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import aim_figures, money, tracking, trajectory
from spreadkit.plan.figures.known import Known

# The tolerances' answers and their defaults (used when a plan has not set them).
_TOLERANCES = {
    "time": ("tolerance_time", 0),  # days past the target date
    "cost": ("tolerance_cost", 5),  # per cent over budget
    "scope": ("tolerance_scope", 10),  # per cent short of the plan for now
    "risk": ("escalation_score", 20),  # a risk scoring this or more
}
MEANINGS = (
    ("Green", "on plan"),
    ("Amber", "off plan within the tolerances, for the programme team to manage"),
    ("Red", "an exception, a tolerance exceeded: the board decides"),
)


@dataclass(frozen=True)
class Tolerances:
    """How far the programme may go off plan before the board must decide."""

    time: float  # days past the target date, short of the target
    cost: float  # per cent over budget
    scope: float  # per cent short of the planned progress for now
    risk: float  # the risk score (likelihood × impact) from which a risk is escalated
    defaulted: tuple[str, ...]  # which of them are the defaults, not the plan's own

    @property
    def words(self) -> str:
        """``0 days past the target date, 5% over budget, 10% short of the plan, risk score 20``."""
        note = " (the defaults)" if len(self.defaulted) == len(_TOLERANCES) else ""
        return (
            f"{values.display_score(self.time)} days past the target date, "
            f"{values.display_score(self.cost)}% over budget, "
            f"{values.display_score(self.scope)}% short of the plan, "
            f"risk score {values.display_score(self.risk)}{note}"
        )


def status_why(reasons: tuple[str, ...], exceptions: tuple[str, ...]) -> tuple[str, ...]:
    """The words beside a status: first how many exceptions there are (tolerances exceeded, each
    said in full on a line of its own), then the reasons that are not exceptions. So a Red status
    never stands beside Amber reasons alone, as if they were why it is Red.

    >>> status_why(("2 days late", "1 action blocked"), ("2 days late",))
    ('1 exception below', '1 action blocked')
    """
    others = tuple(r for r in reasons if r not in exceptions)
    if not exceptions:
        return others
    count = len(exceptions)
    return (f"{count} exception{'s' if count > 1 else ''} below", *others)


def tolerances(framework: Framework, answers: Answers) -> Tolerances:
    """The plan's tolerances, each the default when not answered."""
    found: dict[str, float] = {}
    defaulted = []
    for name, (role, default) in _TOLERANCES.items():
        value = as_number(answers.get(*roles.ids(framework, role)))
        if value is None:
            defaulted.append(name)
        found[name] = float(default) if value is None else value
    return Tolerances(**found, defaulted=tuple(defaulted))


@dataclass(frozen=True)
class Status:
    """A programme's status on a date, with its reasons and any exceptions."""

    rag: str  # "red", "amber", "green", or "" when nothing can be judged
    reasons: tuple[str, ...]  # every signal, in words, worst first
    exceptions: tuple[str, ...]  # the tolerances exceeded: each a decision for the board
    tolerances: Tolerances
    on: dt.date | None
    escalated: tuple[dict[str, Any], ...] = ()  # the open risks at or above the escalation score
    kinds: tuple[str, ...] = ()  # each exception's tolerance: "time", "scope", "cost" or "risk"

    @property
    def label(self) -> str:
        return tracking.RAG_WORDS.get(self.rag, "Not judged")

    @property
    def why(self) -> tuple[str, ...]:
        return status_why(self.reasons, self.exceptions)

    @property
    def decisions(self) -> tuple[str, ...]:
        """``Decision needed: …``, one per exception."""
        return tuple(f"Decision needed: {e}" for e in self.exceptions)


def judge(
    framework: Framework,
    answers: Answers,
    as_of: dt.date | None = None,
    known: Known | None = None,
) -> Status:
    """The programme's status on ``as_of`` (default: the answers' own date).

    Red (an exception) when any tolerance is exceeded: the target date passed by more than the
    time tolerance with the target unmet; progress short of the plan for now by more than the
    adoption tolerance; spending over budget by more than the cost tolerance; an open risk
    scoring the escalation score or more. Amber when the programme is off plan within them:
    progress behind the plan, past the target date, over budget, an action overdue or blocked,
    a site behind its go-live, an open risk in the highest band. Green otherwise, once there
    is something to judge (an aim with a trajectory, or actions). ``known``: the plan's figures
    on the same date, already worked out (``figures.facts``).
    """
    when = lookup.as_of_date(answers, as_of)
    if known is not None and known.as_of != when:
        known = None  # worked out for another date: not these
    limits = tolerances(framework, answers)
    red: list[str] = []
    amber: list[str] = []
    kinds = [_progress(framework, answers, when, limits, red, amber, known)] * len(red)
    actions = known.actions if known else lookup.role_records(framework, answers, "actions")
    open_actions = [a for a in actions if a.get("status") != tracking.DONE]
    overdue = known.overdue if known else tracking.overdue_actions(framework, answers, when)
    if overdue:
        amber.append(f"{len(overdue)} of {len(open_actions)} open actions overdue")
    blocked = [a for a in open_actions if a.get("status") == "blocked"]
    if blocked:
        amber.append(f"{len(blocked)} action{'s' if len(blocked) > 1 else ''} blocked")
    behind = known.sites_behind if known else tracking.sites_behind(framework, answers, when)
    if behind:
        amber.append(f"{len(behind)} site{'s' if len(behind) > 1 else ''} behind go-live")
    _cost(known.spend if known else money.spend(framework, answers), limits, red, amber)
    kinds += ["cost"] * (len(red) - len(kinds))
    risks = known.scored_risks if known else tracking.scored_risks(framework, answers)
    escalated = _risks(risks, limits, red, amber)
    kinds += ["risk"] * (len(red) - len(kinds))
    if red or amber:
        rag = "red" if red else "amber"
        return Status(rag, (*red, *amber), tuple(red), limits, when, escalated, tuple(kinds))
    planned = known.planned if known else trajectory.planned(framework, answers, when)
    judged = planned.value is not None or bool(actions)
    return Status("green" if judged else "", ("on track",) if judged else (), (), limits, when)


def _progress(
    framework: Framework,
    answers: Answers,
    when: dt.date | None,
    limits: Tolerances,
    red: list[str],
    amber: list[str],
    known: Known | None,
) -> str:
    """Adds progress's words to ``red`` or ``amber``; the tolerance they fall under ("time",
    "scope"), or "" when none."""
    now = known.progress if known else aim_figures.progress(framework, answers, when)
    found = now.aim
    if now.value is None or found.target is None or when is None:
        return ""
    if found.target_date is not None and when > found.target_date and not aim_figures.meets(now):
        late = (when - found.target_date).days
        words = (
            f"{late} day{'' if late == 1 else 's'} past the target date "
            f"({values.display_date(found.target_date)}) at {_short(now)}, time tolerance "
            f"{values.display_score(limits.time)} days"
        )
        (red if late > limits.time else amber).append(words)
        return "time"
    planned = known.planned if known else trajectory.planned(framework, answers, when)
    plan = planned.value
    if plan is None or plan == 0:
        return ""
    gap = (now.value - plan) if aim_figures.falling(found) else (plan - now.value)
    if gap <= 0:
        return ""
    short = aim_figures.whole_percent(gap, abs(plan))
    words = (
        f"progress {aim_figures.amount(now.value, found.unit)} against "
        f"{aim_figures.amount(plan, found.unit)} planned by now {planned.words} ({short}% short, "
        f"adoption tolerance {values.display_score(limits.scope)}%)"
    )
    (red if short > limits.scope else amber).append(words)
    return "scope"


def _short(now: aim_figures.Progress) -> str:
    """``13 of 16 posts (81%)``: the progress words up to the date."""
    return now.words.split(" on ", 1)[0].split(";", 1)[0]


def _cost(spend: money.Spend | None, limits: Tolerances, red: list[str], amber: list[str]) -> None:
    """Spending over the whole budget (``money.spend``: its one sum of the lines)."""
    if spend is None or spend.spent <= spend.budget:
        return
    over = (
        aim_figures.whole_percent(spend.spent - spend.budget, spend.budget) if spend.budget else 100
    )
    words = (
        f"spent {money.pounds(spend.spent)} against a budget of {money.pounds(spend.budget)} "
        f"({over}% over, cost tolerance {values.display_score(limits.cost)}%)"
    )
    (red if over > limits.cost else amber).append(words)


def _risks(
    risks: list[dict[str, Any]], limits: Tolerances, red: list[str], amber: list[str]
) -> tuple[dict[str, Any], ...]:
    open_risks = [r for r in risks if r["score"] and r.get("status") != "closed"]
    escalated = tuple(
        sorted((r for r in open_risks if r["score"] >= limits.risk), key=lambda r: -r["score"])
    )
    if len(escalated) == 1:
        risk = escalated[0]
        red.append(
            f"risk '{risk.get('risk')}' scores {risk['score']}, at or above the escalation "
            f"score {values.display_score(limits.risk)}"
        )
    elif escalated:
        named = ", ".join(f"'{r.get('risk')}' ({r['score']})" for r in escalated)
        red.append(
            f"{len(escalated)} open risks score at or above the escalation score "
            f"{values.display_score(limits.risk)}: {named}"
        )
    high = [r for r in highest(risks) if r["score"] < limits.risk]
    if high:
        amber.append(
            f"{len(high)} open risk{'s' if len(high) > 1 else ''} rated {high[0]['band'] or 'high'}"
        )
    issues = tracking.open_issues(risks)  # happened, so not scored: each is the team's to manage
    if issues:
        amber.append(f"{len(issues)} open issue{'s' if len(issues) > 1 else ''}")
    return escalated


def previous(framework: Framework, answers: Answers, as_of: dt.date | None = None) -> Status | None:
    """The status at the check-in before the latest one on or before ``as_of``: the last
    report's; None when there is no earlier check-in."""
    when = lookup.as_of_date(answers, as_of)
    dates = [c.date for c in answers.checkins if when is None or c.date <= when]
    if len(dates) < 2:
        return None
    before = standing.as_it_stood(answers, dates[-2])
    return judge(framework, before, dates[-2])


def overall(
    framework: Framework, answers: Answers, as_of: dt.date | None
) -> tuple[str, tuple[str, ...]]:
    """``judge``'s colour and reasons."""
    found = judge(framework, answers, as_of)
    return found.rag, found.reasons


def high_risks(framework: Framework, answers: Answers) -> list[dict[str, Any]]:
    """Open risks (not issues, which have no score) in the highest band (its colour red): those
    a board should see."""
    return highest(tracking.scored_risks(framework, answers))


def highest(scored: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``high_risks`` among risks already scored (``tracking.scored_risks``)."""
    return [r for r in scored if r["rag"] == "red" and r.get("status") != "closed"]
