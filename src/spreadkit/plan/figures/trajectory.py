"""Where the plan says the aim should stand on a date: the planned trajectory. One function
(``planned``) states the figure on every page that gives it (board plan, report, status,
portfolio, trends); ``planned_each`` gives it on many dates at once (the trends' check-ins),
reading the plan's commitments once. The rule, with a worked example, is in docs/figures.md.

Nothing here reads the clock: every figure is "on" a date that is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from spreadkit.answers import lookup
from spreadkit.answers.lookup import as_date, as_number
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework.model import Framework
from spreadkit.plan.figures.aim_figures import (
    BASELINE_PLUS_SITES,
    SITES_LIVE,
    SITES_SUM,
    Aim,
    aim,
    falling,
    sites_in_plan,
    tidy,
)

BY_SITES, BY_PHASES, BY_LINE = "sites", "phases", "aim"  # the rule used (``Planned.how``)
Phase = tuple[dt.date | None, dt.date | None, float | None]  # a phase's start, end and target
PLANNED_WORDS = {  # the rule in the words said beside the planned figure
    BY_SITES: "from the sites' go-live dates",
    BY_PHASES: "from the phases' end targets",
    BY_LINE: "on a straight line to the target",
}


@dataclass(frozen=True)
class Planned:
    value: float | None
    how: str  # BY_SITES, BY_PHASES, BY_LINE, or "" when there is no planned figure

    @property
    def words(self) -> str:  # the rule used, said beside the figure
        return PLANNED_WORDS.get(self.how, "")


def planned(
    framework: Framework, answers: Answers, day: dt.date | None, found: Aim | None = None
) -> Planned:
    """Where the aim should stand on ``day``: the plan's own commitments. By the sites' planned
    go-lives when every site has one and progress counts the sites; else the phases' targets,
    each due at its phase's end; else a straight line from the baseline, when the roll-out
    starts, to the target on its date. Never past the target; the target from its date on.
    One decimal place, halves up; None when the plan gives too little. docs/figures.md.
    ``found``: the aim of these answers (``aim_figures.aim``), when already worked out."""
    return planned_each(framework, answers, (day,), found)[0]


def planned_each(
    framework: Framework,
    answers: Answers,
    days: Sequence[dt.date | None],
    found: Aim | None = None,
) -> tuple[Planned, ...]:
    """``planned`` on each of ``days``, the aim, the sites and the phases read once."""
    found = aim(framework, answers) if found is None else found
    sites = [
        (str(s.get("name") or ""), as_date(s.get("golive_planned")), as_number(s.get("target")))
        for s in sites_in_plan(framework, answers)
    ]
    phases, created = _phases(framework, answers), answers.details.get("created")
    return tuple(_planned(found, sites, phases, created, day) for day in days)


Site = tuple[str, dt.date | None, float | None]  # a site's name, planned go-live and target


def _planned(
    found: Aim, sites: list[Site], phases: list[Phase], created: Any, day: dt.date | None
) -> Planned:
    if day is None or found.target is None:
        return Planned(None, "")
    how, value = BY_SITES, _by_sites(found, sites, day)
    if value is None:
        how, value = BY_PHASES, _by_phases(found, phases, day)
    if value is None:
        how, value = BY_LINE, _by_line(found, phases, created, day)
    if value is None:
        return Planned(None, "")
    if found.target_date is not None and day >= found.target_date:
        value = found.target
    exact = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Planned(tidy(float(exact)), how)


def _capped(found: Aim, value: float) -> float:  # sites or phases may promise past the aim
    assert found.target is not None
    return max(value, found.target) if falling(found) else min(value, found.target)


def _by_sites(found: Aim, sites: list[Site], day: dt.date) -> float | None:
    counted = found.counted in (SITES_SUM, BASELINE_PLUS_SITES, SITES_LIVE)
    if not counted or not sites or any(d is None for _, d, _ in sites) or falling(found):
        return None  # each site must have a planned go-live
    due = [(name, target) for name, d, target in sites if d is not None and d <= day]
    if found.counted == SITES_LIVE:
        return _capped(found, float(len({name for name, _ in due} - {""})))
    if any(target is None for _, _, target in sites):
        return None
    base = (found.baseline or 0.0) if found.counted == BASELINE_PLUS_SITES else 0.0
    return _capped(found, base + sum(target or 0.0 for _, target in due))


def _phases(framework: Framework, answers: Answers) -> list[Phase]:
    out = []
    for phase in lookup.role_records(framework, answers, "phases"):
        dates = phase.get("dates")
        when: Mapping[str, Any] = dates if isinstance(dates, Mapping) else {}
        target = as_number(phase.get("target"))
        out.append((as_date(when.get("start")), as_date(when.get("end")), target))
    return out


def _by_phases(found: Aim, phases: list[Phase], day: dt.date) -> float | None:
    ends = sorted((e, t) for _, e, t in phases if e and t is not None)
    if not ends:
        return None
    due = [target for end, target in ends if end <= day]
    return _capped(found, due[-1]) if due else (found.baseline or 0.0)


def _by_line(found: Aim, phases: list[Phase], created: Any, day: dt.date) -> float | None:
    if found.target is None or found.target_date is None:
        return None
    start, end, base = _rollout_start(found, phases, created), found.target_date, found.baseline
    if start is None or start >= end or day >= end:
        return found.target
    base = base or 0.0
    return base + (found.target - base) * max((day - start).days, 0) / (end - start).days


def _rollout_start(found: Aim, phases: list[Phase], created: Any) -> dt.date | None:
    """The later of the baseline's date and the start of the first phase still to end after it
    (a pilot that ended by then is past); else whichever is known; else ``created``."""
    after = found.baseline_date
    starts = [s for s, e, _ in phases if s and not (after and e and e <= after)]
    known = [d for d in (after, min(starts, default=None)) if d is not None]
    return max(known) if known else as_date(created)
