"""The financial case: every amount a board paper or report states about money, from one place.

Each figure has one function and one rule, written out in docs/board-paper.md with a worked
example that tests/test_board_paper.py checks:

- amounts are shown in whole pounds, rounded half up, unless the plan asks for pence;
- the total, recurrent and non-recurrent parts of the budget come from ``tracking.budget_totals``;
- a recurrent line's cost a year is its amount × 12 ÷ the months of its period (the programme's
  dates when the line has none);
- spend to date is the sum of the lines' ``spent`` (recorded at check-ins or in the tracker),
  against the sum of the amounts of the lines that record it;
- the cost per unit of the aim is the total ÷ (the aim's target − its baseline), only when the
  aim has a unit and the target is above the baseline.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from spreadkit.answers import lookup
from spreadkit.answers.store import Answers
from spreadkit.framework import roles
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import aim_figures, tracking


def pounds(value: float, pence: bool = False) -> str:
    """``£713,001`` (rounded half up), or ``£713,000.50`` when ``pence`` and the value has them."""
    exact = Decimal(str(value))
    if pence and exact != exact.to_integral_value():
        return f"£{exact.quantize(Decimal('0.01'), ROUND_HALF_UP):,}"
    return f"£{int(exact.quantize(Decimal('1'), ROUND_HALF_UP)):,}"


def add_months(day: dt.date, count: int) -> dt.date:
    year, month = divmod(day.month - 1 + count, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months(start: dt.date, end: dt.date) -> float:
    """Calendar months from ``start`` to the day after ``end``: 1 Oct 2026 to 31 Mar 2028 is 18.

    Whole months are counted first; the days left over count as a share of a 30.4375-day month.
    """
    after = end + dt.timedelta(days=1)
    whole = (after.year - start.year) * 12 + after.month - start.month
    while whole > 0 and add_months(start, whole) > after:
        whole -= 1
    return whole + (after - add_months(start, whole)).days / 30.4375


def _period(
    line: Mapping[str, Any], framework: Framework, answers: Answers
) -> tuple[dt.date, dt.date] | None:
    period = line.get("period")
    if isinstance(period, Mapping):
        start, end = period.get("start"), period.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end >= start:
            return start, end
    start = answers.get(*roles.ids(framework, "start_date"))
    end = answers.get(*roles.ids(framework, "end_date"))
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end >= start:
        return start, end
    return None


def _amount(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def recurrent_per_year(framework: Framework, answers: Answers) -> float | None:
    """The recurrent lines' cost a year: each line's amount × 12 ÷ its months; None when a
    recurrent line has no period and the plan no dates, or when there is no recurrent line."""
    total = 0.0
    found = False
    for line in lookup.role_records(framework, answers, "budget"):
        amount = _amount(line.get("amount"))
        if line.get("recurrent") is not True or amount is None:
            continue
        period = _period(line, framework, answers)
        if period is None:
            return None
        span = months(*period)
        if span <= 0:
            return None
        total += amount * 12 / span
        found = True
    return total if found else None


@dataclass(frozen=True)
class Spend:
    spent: float  # recorded so far
    against: float  # the budget of the lines that record spend
    budget: float  # the whole budget
    lines: int  # how many lines record spend

    @property
    def percent(self) -> int:
        return round(100 * self.spent / self.against) if self.against else 0


def spend(framework: Framework, answers: Answers) -> Spend | None:
    """Spend to date from the budget lines' ``spent``; None when no line records any."""
    spent = against = budget = 0.0
    lines = 0
    for line in lookup.role_records(framework, answers, "budget"):
        amount = _amount(line.get("amount")) or 0.0
        budget += amount
        value = _amount(line.get("spent"))
        if value is None:
            continue
        spent += value
        against += amount
        lines += 1
    return Spend(spent, against, budget, lines) if lines else None


@dataclass(frozen=True)
class PerUnit:
    cost: float
    added: float
    unit: str


def cost_per_unit(
    framework: Framework,
    answers: Answers,
    aim: aim_figures.Aim | None = None,
    total: float | None = None,
) -> PerUnit | None:
    """The budget's total ÷ the units the aim adds (target − baseline); None where that means
    nothing: no unit, a percentage, no target above the baseline, or no budget. ``aim`` and
    ``total``: the aim and the budget's total, when already worked out."""
    aim = aim or aim_figures.aim(framework, answers)  # the one reading of the aim (figures.md)
    target, baseline, unit = aim.target, aim.baseline or 0, aim.unit
    if total is None:
        total = tracking.budget_totals(framework, answers)["total"]
    if not unit or aim.share or "%" in unit or "per" in unit.split() or not total:
        return None
    if not isinstance(target, int | float) or not isinstance(baseline, int | float):
        return None
    added = float(target) - float(baseline)
    if added <= 0:
        return None
    return PerUnit(float(total) / added, added, unit)


def show_pence(framework: Framework, answers: Answers) -> bool:
    """Whether the plan asks for pence (the ``pence`` role); whole pounds otherwise."""
    return answers.get(*roles.ids(framework, "pence")) is True
