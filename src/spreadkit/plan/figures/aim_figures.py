"""The aim's figures: how progress is counted and where it stands (where the plan says it
should be is in ``trajectory``, the tipping point in ``tipping``). One function per figure;
every page that states one of them (board plan, workbook, report, status, portfolio, trends)
calls the function here, so a figure reads the same everywhere. The rules are written out,
with a worked example, in docs/figures.md.

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


def sites_in_plan(framework: Framework, answers: Answers) -> list[Mapping[str, Any]]:
    """The site records, leaving out withdrawn ones (a site in several cohorts has several)."""
    return [
        s
        for s in lookup.role_records(framework, answers, "sites")
        if s.get("status") != "withdrawn"
    ]


def site_names(framework: Framework, answers: Answers) -> list[str]:
    """Each site once (a site in several cohorts has a record for each), in plan order."""
    names: list[str] = []
    for site in sites_in_plan(framework, answers):
        name = str(site.get("name") or "")
        if name and name not in names:
            names.append(name)
    return names


def sites_live(framework: Framework, answers: Answers) -> int:
    """How many sites are live: distinct sites with a record that is live or has gone live."""
    live = {
        str(s.get("name") or "")
        for s in sites_in_plan(framework, answers)
        if s.get("status") == "live" or isinstance(s.get("golive_actual"), dt.date)
    }
    return len(live - {""})


def site_targets(framework: Framework, answers: Answers) -> float | None:
    """The sites' targets added up (a site in several cohorts adds each cohort's); None if none."""
    found = [as_number(s.get("target")) for s in sites_in_plan(framework, answers)]
    numbers = [n for n in found if n is not None]
    return tidy(sum(numbers)) if numbers else None


def site_actuals(framework: Framework, answers: Answers) -> float | None:
    found = [as_number(s.get("actual")) for s in sites_in_plan(framework, answers)]
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


def progress(
    framework: Framework, answers: Answers, on: dt.date | None = None, found: Aim | None = None
) -> Progress:
    """Progress to the aim on ``on`` (default: the answers' own date), counted the aim's way
    (``found``: the aim of these answers, when already worked out):

    - sites-sum: the sites' actuals added up (the baseline is among them);
    - baseline-plus-sites: the baseline plus the sites' actuals;
    - sites-live: the number of distinct sites live;
    - measure: the measure's latest reading on or before ``on``, else its baseline.

    With nothing counted yet, progress is the baseline: where the programme started.
    """
    found = aim(framework, answers) if found is None else found
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


def falling(found: Aim) -> bool:
    """Whether the aim's target is below its baseline: a wait to bring down, say."""
    return found.baseline is not None and found.target is not None and found.target < found.baseline


def _met(found: Aim, value: float) -> bool:
    """Whether ``value`` meets the target: at or above it (at or below, for a falling aim)."""
    assert found.target is not None
    return value <= found.target if falling(found) else value >= found.target


def meets(now: Progress) -> bool:
    """Whether progress (``progress``) meets the aim's target."""
    return now.value is not None and now.aim.target is not None and _met(now.aim, now.value)


def tidy(number: float) -> float:
    return float(int(number)) if float(number).is_integer() else round(number, 2)
