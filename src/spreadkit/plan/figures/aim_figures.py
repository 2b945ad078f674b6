"""The aim's figures: how progress is counted, where it stands, and where the plan says it
should be (the tipping point is in ``tipping``). One function per figure; every page that
states one of them (board plan, workbook, report, status, portfolio, trends) calls the function
here, so a figure reads the same everywhere. The rules are written out, with a worked example,
in docs/figures.md.

Nothing here reads the clock: every figure is "on" a date that is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from spreadkit.answers import history, lookup
from spreadkit.answers.lookup import as_date, as_number
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import grammar, roles, values
from spreadkit.framework.model import Framework

# How progress is counted (the answer to the aim's "how progress is counted" question).
SITES_SUM = "sites-sum"  # the sites' actuals added up; the sites include the baseline
BASELINE_PLUS_SITES = "baseline-plus-sites"  # the baseline plus what the sites added
SITES_LIVE = "sites-live"  # the number of distinct sites live
MEASURE = "measure"  # the latest reading of one named measure (for shares: never summed)
COUNTED = (SITES_SUM, BASELINE_PLUS_SITES, SITES_LIVE, MEASURE)
COUNTED_WORDS = {
    SITES_SUM: "the sites' actuals added up",
    BASELINE_PLUS_SITES: "the baseline plus the sites' actuals",
    SITES_LIVE: "the number of sites live",
    MEASURE: "the latest reading of the measure",
}
# Units that add up across sites; a share (% coverage) never does.
ADDITIVE_UNITS = ("sites", "posts", "practices", "organisations", "people trained", "people")


@dataclass(frozen=True)
class Aim:
    """How the aim is measured: unit, baseline, target, and how progress is counted."""

    unit: str
    baseline: float | None
    baseline_date: dt.date | None
    target: float | None
    target_date: dt.date | None
    counted: str  # one of COUNTED, or "" when progress cannot be counted
    measure: str  # the measure's name when counted is MEASURE
    inferred: str  # "" when the answers say how; else how it was worked out, in words
    potential: float | None  # how many could adopt in all (for the tipping point)

    @property
    def additive(self) -> bool:
        return self.unit.lower() in ADDITIVE_UNITS

    @property
    def share(self) -> bool:
        return self.unit.strip().startswith("%")


def _number(framework: Framework, answers: Answers, role: str) -> float | None:
    return as_number(answers.get(*roles.ids(framework, role)))


def _named_measure(
    framework: Framework, answers: Answers, aim_target: float | None, unit: str
) -> str:
    """For an old file: the one measure whose target is the aim's (a share is never summed)."""
    for record in lookup.role_records(framework, answers, "measures"):
        if aim_target is not None and as_number(record.get("target")) == aim_target:
            return str(record.get("measure") or "")
    return ""


def aim(framework: Framework, answers: Answers) -> Aim:
    """The aim as measured. An answers file from before "how progress is counted" was asked
    gets a sensible default, and says which: a share is read from the measure with the aim's
    target; sites are counted live; other units add up the sites' actuals, with the baseline
    on top unless the sites' targets already make up the aim's target."""
    raw = answers.get(*roles.ids(framework, "aim_target"))
    unit = str(raw.get("unit") or "") if isinstance(raw, Mapping) else ""
    target = as_number(raw.get("value")) if isinstance(raw, Mapping) else None
    how = str(answers.get(*roles.ids(framework, "aim_counted")) or "")
    measure = str(answers.get(*roles.ids(framework, "aim_measure")) or "") if how == MEASURE else ""
    inferred = ""
    if how not in COUNTED:
        how, measure, inferred = _infer(framework, answers, unit, target)
    if how != MEASURE and unit.strip().startswith("%"):
        how, inferred = "", "a share such as % coverage is never added up across sites"
    return Aim(
        unit=unit,
        baseline=_number(framework, answers, "aim_baseline"),
        baseline_date=as_date(answers.get(*roles.ids(framework, "aim_baseline_date"))),
        target=target,
        target_date=as_date(answers.get(*roles.ids(framework, "aim_by"))),
        counted=how,
        measure=measure,
        inferred=inferred,
        potential=_number(framework, answers, "potential_adopters"),
    )


def _infer(
    framework: Framework, answers: Answers, unit: str, target: float | None
) -> tuple[str, str, str]:
    if unit.strip().startswith("%"):
        name = _named_measure(framework, answers, target, unit)
        if name:
            return MEASURE, name, f"read from the measure with the aim's target ({name})"
        return "", "", "a share is read from a measure; none has the aim's target"
    if unit.lower() == "sites":
        return SITES_LIVE, "", "sites are counted live"
    total = site_targets(framework, answers)
    if target is not None and total is not None and total >= target:
        return SITES_SUM, "", "the sites' targets make up the aim, so they include the baseline"
    return (
        BASELINE_PLUS_SITES,
        "",
        "the sites' targets fall short of the aim, so the baseline is added",
    )


# -- the sites ---------------------------------------------------------------------------------


def _sites(framework: Framework, answers: Answers) -> list[Mapping[str, Any]]:
    return [
        s
        for s in lookup.role_records(framework, answers, "sites")
        if s.get("status") != "withdrawn"
    ]


def site_names(framework: Framework, answers: Answers) -> list[str]:
    """Each site once (a site in several cohorts has a record for each), in plan order."""
    names: list[str] = []
    for site in _sites(framework, answers):
        name = str(site.get("name") or "")
        if name and name not in names:
            names.append(name)
    return names


def sites_live(framework: Framework, answers: Answers) -> int:
    """How many sites are live: distinct sites with a record that is live or has gone live."""
    live = {
        str(s.get("name") or "")
        for s in _sites(framework, answers)
        if s.get("status") == "live" or isinstance(s.get("golive_actual"), dt.date)
    }
    return len(live - {""})


def site_targets(framework: Framework, answers: Answers) -> float | None:
    """The sites' targets added up (a site in several cohorts adds each cohort's); None if none."""
    found = [as_number(s.get("target")) for s in _sites(framework, answers)]
    numbers = [n for n in found if n is not None]
    return tidy(sum(numbers)) if numbers else None


def site_actuals(framework: Framework, answers: Answers) -> float | None:
    found = [as_number(s.get("actual")) for s in _sites(framework, answers)]
    numbers = [n for n in found if n is not None]
    return tidy(sum(numbers)) if numbers else None


# -- progress ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Where the aim stands on a date, counted the aim's way."""

    aim: Aim
    value: float | None
    on: dt.date | None
    source: str  # how it was counted, in words ("the sites' actuals added up")

    @property
    def percent(self) -> int | None:
        """value ÷ target × 100, rounded to a whole per cent; None without both."""
        if self.value is None or not self.aim.target or self.aim.target <= 0:
            return None
        return whole_percent(self.value, self.aim.target)

    @property
    def inferred_words(self) -> str:
        """For a plan that does not say how progress is counted: how spreadkit counted it."""
        if not self.aim.inferred or not self.aim.counted:
            return ""
        return (
            f"Counted as {self.source}: the plan does not say how progress is counted, so "
            f"it was worked out this way ({self.aim.inferred})."
        )

    @property
    def words(self) -> str:
        """``13 of 16 posts (81%) on 3 April 2028; target 16 by 31 March 2028``; "" without a
        target; says why when progress cannot be counted."""
        aim = self.aim
        if aim.target is None:
            return ""
        target = amount(aim.target, aim.unit)
        by = f" by {values.display_date(aim.target_date)}" if aim.target_date else ""
        on = f" on {values.display_date(self.on)}" if self.on else ""
        if self.value is None:
            why = aim.inferred if not aim.counted else "nothing counted yet"
            return f"target {target}{by}; progress not counted ({why})"
        percent = f" ({self.percent}%)" if self.percent is not None else ""
        if aim.share:
            now = f"{amount(self.value, aim.unit)}{percent.replace('%)', '% of the target)')}"
        else:
            now = f"{values.display_score(self.value)} of {target}{percent}"
        return f"{now}{on}; target {values.display_score(aim.target)}{by}"


def whole_percent(part: float, whole: float) -> int:
    """``part`` as a whole per cent of ``whole``, halves rounded up as people round by hand
    (2 of 16 is 12.5%, said 13%)."""
    exact = Decimal(str(part)) * 100 / Decimal(str(whole))
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def amount(value: float, unit: str) -> str:
    """``16 posts``, ``1 post``, ``12% coverage``, ``3 sites``: the noun agrees (``grammar``)."""
    number = values.display_score(value)
    if unit.strip().startswith("%"):
        return f"{number}{unit.strip()}"
    return grammar.count(value, unit.strip(), digits=True) if unit.strip() else number


def progress(framework: Framework, answers: Answers, on: dt.date | None = None) -> Progress:
    """Progress to the aim on ``on`` (default: the answers' own date), counted the aim's way:

    - sites-sum: the sites' actuals added up (the baseline is among them);
    - baseline-plus-sites: the baseline plus the sites' actuals;
    - sites-live: the number of distinct sites live;
    - measure: the measure's latest reading on or before ``on``, else its baseline.

    With nothing counted yet, progress is the baseline: where the programme started.
    """
    found = aim(framework, answers)
    when = lookup.as_of_date(answers, on)
    value: float | None = None
    if found.counted in (SITES_SUM, BASELINE_PLUS_SITES):
        actuals = site_actuals(framework, answers)
        if found.counted == BASELINE_PLUS_SITES and actuals is not None:
            actuals = actuals + (found.baseline or 0)
        value = actuals if actuals is not None else found.baseline
    elif found.counted == SITES_LIVE:
        value = (
            float(sites_live(framework, answers))
            if site_names(framework, answers)
            else found.baseline
        )
    elif found.counted == MEASURE:
        value = _reading(framework, answers, found.measure, when)
        if value is None:
            value = found.baseline
    source = COUNTED_WORDS.get(found.counted, "")
    return Progress(found, tidy(value) if value is not None else None, when, source)


def _reading(
    framework: Framework, answers: Answers, measure: str, on: dt.date | None
) -> float | None:
    readings = [v for d, v in history.readings(answers, measure) if on is None or d <= on]
    if readings:
        return float(readings[-1])
    for record in lookup.role_records(framework, answers, "measures"):
        if str(record.get("measure") or "") == measure:
            return as_number(record.get("baseline"))
    return None


# -- the planned trajectory -------------------------------------------------------------------

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


def planned(framework: Framework, answers: Answers, day: dt.date | None) -> Planned:
    """Where the aim should stand on ``day``: the plan's own commitments. By the sites' planned
    go-lives when every site has one and progress counts the sites; else the phases' targets,
    each due at its phase's end; else a straight line from the baseline, when the roll-out
    starts, to the target on its date. Never past the target; the target from its date on.
    One decimal place, halves up; None when the plan gives too little. docs/figures.md."""
    found = aim(framework, answers)
    if day is None or found.target is None:
        return Planned(None, "")
    how, value = BY_SITES, _by_sites(framework, answers, found, day)
    if value is None:
        how, value = BY_PHASES, _by_phases(framework, answers, found, day)
    if value is None:
        how, value = BY_LINE, _by_line(framework, answers, found, day)
    if value is None:
        return Planned(None, "")
    if found.target_date is not None and day >= found.target_date:
        value = found.target
    exact = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Planned(tidy(float(exact)), how)


def _falling(found: Aim) -> bool:  # a target below the baseline: a wait to bring down
    return found.baseline is not None and found.target is not None and found.target < found.baseline


def _capped(found: Aim, value: float) -> float:  # sites or phases may promise past the aim
    assert found.target is not None
    return max(value, found.target) if _falling(found) else min(value, found.target)


def _by_sites(framework: Framework, answers: Answers, found: Aim, day: dt.date) -> float | None:
    sites = _sites(framework, answers)
    dates = [as_date(s.get("golive_planned")) for s in sites]  # each site must have one
    counted = found.counted in (SITES_SUM, BASELINE_PLUS_SITES, SITES_LIVE)
    if not counted or not sites or None in dates or _falling(found):
        return None
    due = [s for s, d in zip(sites, dates, strict=True) if d is not None and d <= day]
    if found.counted == SITES_LIVE:
        return _capped(found, float(len({str(s.get("name") or "") for s in due} - {""})))
    if any(as_number(s.get("target")) is None for s in sites):
        return None
    base = (found.baseline or 0.0) if found.counted == BASELINE_PLUS_SITES else 0.0
    return _capped(found, base + sum(as_number(s.get("target")) or 0.0 for s in due))


def _phases(framework: Framework, answers: Answers) -> list[Phase]:
    out = []
    for phase in lookup.role_records(framework, answers, "phases"):
        dates = phase.get("dates")
        when: Mapping[str, Any] = dates if isinstance(dates, Mapping) else {}
        target = as_number(phase.get("target"))
        out.append((as_date(when.get("start")), as_date(when.get("end")), target))
    return out


def _by_phases(framework: Framework, answers: Answers, found: Aim, day: dt.date) -> float | None:
    ends = sorted((e, t) for _, e, t in _phases(framework, answers) if e and t is not None)
    if not ends:
        return None
    due = [target for end, target in ends if end <= day]
    return _capped(found, due[-1]) if due else (found.baseline or 0.0)


def _by_line(framework: Framework, answers: Answers, found: Aim, day: dt.date) -> float | None:
    if found.target is None or found.target_date is None:
        return None
    start, end, base = _rollout_start(framework, answers, found), found.target_date, found.baseline
    if start is None or start >= end or day >= end:
        return found.target
    base = base or 0.0
    return base + (found.target - base) * max((day - start).days, 0) / (end - start).days


def _rollout_start(framework: Framework, answers: Answers, found: Aim) -> dt.date | None:
    """The later of the baseline's date and the start of the first phase still to end after it
    (a pilot that ended by then is past); else whichever is known; else ``created``."""
    after = found.baseline_date
    starts = [
        s for s, e, _ in _phases(framework, answers) if s and not (after and e and e <= after)
    ]
    known = [d for d in (after, min(starts, default=None)) if d is not None]
    return max(known) if known else as_date(answers.details.get("created"))


def _met(found: Aim, value: float) -> bool:
    """Whether ``value`` meets the target: at or above it (at or below, for a falling aim)."""
    assert found.target is not None
    return value <= found.target if _falling(found) else value >= found.target


def met(framework: Framework, answers: Answers, on: dt.date | None = None) -> bool:
    return meets(progress(framework, answers, on))


def meets(now: Progress) -> bool:
    """Whether progress (``progress``) meets the aim's target."""
    return now.value is not None and now.aim.target is not None and _met(now.aim, now.value)


def tidy(number: float) -> float:
    return float(int(number)) if float(number).is_integer() else round(number, 2)
