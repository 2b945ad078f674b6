"""The financial case: every amount a board paper or report states about money, from one place.

Each figure has one function and one rule, written out in docs/figures.md ("Money") with a
worked example that tests/test_board_paper.py checks:

- amounts are shown in whole pounds, rounded half up, unless the plan asks for pence;
- the total, recurrent and non-recurrent parts of the budget come from ``tracking.budget_totals``;
- the recurrent lines' cost a year is said only where the answers give it: every recurrent line
  covers the same period, of exactly twelve months, and the cost a year is their amounts added
  up; over any other period (a part-year line, 18 months of posts filled in waves) the amounts
  and the period are said instead, never an average a year (the line's own period only, never
  the programme's dates);
- spend to date is the sum of the lines' ``spent`` (recorded at check-ins or in the tracker),
  against the sum of the amounts of the lines that record it;
- the cost per unit of change is the whole budget ÷ the change the aim asks for (its target −
  its baseline), only when the baseline is given, the aim has a unit that is not a share, and
  the target is above the baseline.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from spreadkit.answers import lookup
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import roles
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import aim_figures, tracking


def pounds(value: float, pence: bool = False) -> str:
    """``£713,001`` (rounded half up), or ``£713,000.50`` when ``pence`` and the value has them."""
    if value.__class__ is int:  # whole pounds already (not True or False): nothing to round
        return f"£{value:,}"
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


def _period(line: Mapping[str, Any]) -> tuple[dt.date, dt.date] | None:
    """The line's own period; None when it has none (the programme's dates are not the line's)."""
    period = line.get("period")
    if isinstance(period, Mapping):
        start, end = period.get("start"), period.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end >= start:
            return start, end
    return None


def _amount(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


YEAR = 12  # months: a period this long makes its amount a cost a year


@dataclass(frozen=True)
class Recurrent:
    """What the recurrent lines cost, as far as the answers say."""

    amount: float  # the recurrent lines' amounts, added up
    period: tuple[dt.date, dt.date] | None  # the period every recurrent line covers, if one
    per_year: float | None  # the cost a year: only when that period is exactly twelve months

    @property
    def months(self) -> float | None:
        return months(*self.period) if self.period else None


def recurrent(framework: Framework, answers: Answers) -> Recurrent | None:
    """The recurrent lines' amount, the one period they all cover (their own ``period``, never
    the programme's dates), and their cost a year when that period is exactly twelve months.
    None when there is no recurrent line. Over any other period the cost a year is not known
    from the answers (posts filled part way through cost less in the first year than in a full
    one), so none is given: the documents say the amount and the period instead."""
    total = 0.0
    periods = set()
    found = False
    for line in lookup.role_records(framework, answers, "budget"):
        amount = _amount(line.get("amount"))
        if line.get("recurrent") is not True or amount is None:
            continue
        total += amount
        periods.add(_period(line))
        found = True
    if not found:
        return None
    period = next(iter(periods)) if len(periods) == 1 else None
    year = period is not None and abs(months(*period) - YEAR) < 1e-9
    return Recurrent(total, period, total if year else None)


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
    """The whole budget for each unit of change the aim asks for: ``total ÷ (target − baseline)``."""

    cost: float
    added: float  # target − baseline
    unit: str
    total: float  # the whole budget
    target: float
    baseline: float


def cost_per_unit(
    framework: Framework,
    answers: Answers,
    aim: aim_figures.Aim | None = None,
    total: float | None = None,
) -> PerUnit | None:
    """The budget's total ÷ the change the aim asks for (target − baseline). None where that
    cannot be said honestly: no baseline given (the target may count units there already, which
    the budget does not buy), no unit, a share (%) or a rate, no target above the baseline, or
    no budget. ``aim`` and ``total``: the aim and the budget's total, when already worked out."""
    aim = aim or aim_figures.aim(framework, answers)  # the one reading of the aim (figures.md)
    target, baseline, unit = aim.target, aim.baseline, aim.unit
    if total is None:
        total = tracking.budget_totals(framework, answers)["total"]
    if not unit or aim.share or "%" in unit or "per" in unit.split() or not total:
        return None
    if not isinstance(target, int | float) or not isinstance(baseline, int | float):
        return None  # without a baseline, the change the budget pays for is not known
    added = float(target) - float(baseline)
    if added <= 0:
        return None
    return PerUnit(float(total) / added, added, unit, float(total), float(target), float(baseline))


def show_pence(framework: Framework, answers: Answers) -> bool:
    """Whether the plan asks for pence (the ``pence`` role); whole pounds otherwise."""
    return answers.get(*roles.ids(framework, "pence")) is True
