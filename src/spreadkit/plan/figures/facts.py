"""A plan's facts, worked out once and shared by every document made from it.

The board plan, the highlight report, the portfolio's row and the glance all state the same
figures (the as-of date, the scores and checks, the aim and progress, the status, the risks,
the money, the measures, the trends). Each is still worked out by its one function in this
layer; ``Facts`` only calls that function the first time a document asks for the figure and
keeps the answer, so no figure is worked out twice for one plan and none is worked out for a
document that does not show it. ``Facts.gather`` works out, in one go, the figures a document
names as the ones it shows (``BOARD``, ``REPORT``, ``PORTFOLIO``), so that the walk from the
answers to a document passes through each figures module once; anything else is worked out
on first use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any

from spreadkit.answers import lookup
from spreadkit.answers.store import Answers
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import (
    aim_figures,
    decision,
    health,
    measure_series,
    money,
    programme,
    scoring,
    tipping,
    tracking,
    trajectory,
    trends,
)

# What each document shows, by the names below (worked out together by ``gather``, in this
# order: a figure that uses others comes after them, so it finds them worked out).
BOARD = (
    "as_of",
    "scores",
    "aim",
    "progress",
    "planned",
    "actions",
    "overdue",
    "overdue_deadlines",
    "open_deadlines",
    "sites_behind",
    "risks_past_review",
    "scored_risks",
    "open_risks",
    "risk_bands",
    "risk_chart_bands",
    "readiness",
    "budget_lines",
    "show_pence",
    "budget",
    "recurrent",
    "spend",
    "cost_per_unit",
    "checks",
    "status",
    "decision",
    "trends",
)
REPORT = (
    "as_of",
    "scores",
    "aim",
    "progress",
    "planned",
    "tipping",
    "actions",
    "overdue",
    "overdue_deadlines",
    "open_deadlines",
    "sites_behind",
    "risks_past_review",
    "scored_risks",
    "open_risks",
    "open_issues",
    "high_risks",
    "budget_lines",
    "show_pence",
    "budget",
    "recurrent",
    "spend",
    "status",
    "previous_status",
    "decision",
    "measures",
)
PORTFOLIO = (
    "as_of",
    "progress",
    "planned",
    "actions",
    "overdue",
    "overdue_deadlines",
    "sites_behind",
    "scored_risks",
    "open_risks",
    "open_issues",
    "risk_bands",
    "risk_chart_bands",
    "readiness",
    "budget_lines",
    "budget",
    "spend",
    "checks",
    "status",
)


class Facts:
    """The figures of one plan (``answers`` read with ``framework``) as of one date."""

    def __init__(self, framework: Framework, answers: Answers, as_of: dt.date | None = None):
        self.framework = framework
        self.answers = answers
        self.given = as_of  # the date asked for (``--as-of``), before the plan's own is used

    @classmethod
    def gather(
        cls,
        framework: Framework,
        answers: Answers,
        as_of: dt.date | None = None,
        shows: Iterable[str] = (),
    ) -> Facts:
        """The facts of a plan, with the figures named in ``shows`` worked out now."""
        facts = cls(framework, answers, as_of)
        for name in shows:
            getattr(facts, name)
        return facts

    @cached_property
    def as_of(self) -> dt.date | None:
        return lookup.as_of_date(self.answers, self.given)

    @cached_property
    def scores(self) -> list[scoring.AssessmentResult]:
        return scoring.assess(self.framework, self.answers)

    @cached_property
    def checks(self) -> list[scoring.CheckResult]:
        return scoring.run_checks(self.framework, self.answers, self.scores, self)

    @cached_property
    def aim(self) -> aim_figures.Aim:
        return aim_figures.aim(self.framework, self.answers)

    @cached_property
    def progress(self) -> aim_figures.Progress:
        return aim_figures.progress(self.framework, self.answers, self.as_of, self.aim)

    @cached_property
    def planned(self) -> trajectory.Planned:
        return trajectory.planned(self.framework, self.answers, self.as_of, self.aim)

    @cached_property
    def tipping(self) -> tipping.Tipping | None:
        return tipping.tipping(self.framework, self.answers, self.as_of, self.progress)

    @cached_property
    def status(self) -> health.Status:
        return health.judge(self.framework, self.answers, self.as_of, self)

    @cached_property
    def previous_status(self) -> health.Status | None:
        return health.previous(self.framework, self.answers, self.as_of)

    @cached_property
    def overdue(self) -> list[Mapping[str, Any]]:
        return tracking.overdue_actions(self.framework, self.answers, self.as_of)

    @cached_property
    def actions(self) -> list[Mapping[str, Any]]:
        return lookup.role_records(self.framework, self.answers, "actions")

    @cached_property
    def overdue_deadlines(self) -> list[tuple[Mapping[str, Any], dt.date]]:
        """Each overdue action with the deadline it missed (its revised due date, else due)."""
        return [(a, d) for a in self.overdue if (d := tracking.deadline(a)) is not None]

    @cached_property
    def open_deadlines(self) -> list[tuple[Mapping[str, Any], dt.date]]:
        """The actions not done that have a deadline, with it, soonest first (ties in the
        plan's order)."""
        dated = [
            (a, d)
            for a in self.actions
            if a.get("status") != tracking.DONE and (d := tracking.deadline(a)) is not None
        ]
        return sorted(dated, key=lambda pair: pair[1])

    @cached_property
    def risk_bands(self) -> tuple[Any, ...]:
        return tracking.risk_bands(self.framework)

    @cached_property
    def risk_chart_bands(self) -> tuple[programme.ChartBand, ...]:
        """The risk bands as the pictures colour them (``programme.chart_bands``)."""
        return programme.chart_bands(self.risk_bands)

    @cached_property
    def sites_behind(self) -> list[Mapping[str, Any]]:
        return tracking.sites_behind(self.framework, self.answers, self.as_of)

    @cached_property
    def risks_past_review(self) -> list[Mapping[str, Any]]:
        """The open risks and issues past their review date (``tracking.risks_past_review``)."""
        return tracking.risks_past_review(self.framework, self.answers, self.as_of)

    @cached_property
    def scored_risks(self) -> list[dict[str, Any]]:
        return tracking.scored_risks(self.framework, self.answers)

    @cached_property
    def open_risks(self) -> list[dict[str, Any]]:
        """The open risks (not issues), highest score first (``tracking.top_risks``' order)."""
        risks = self.scored_risks
        return tracking.top_risks(self.framework, self.answers, len(risks), risks)

    @cached_property
    def open_issues(self) -> list[dict[str, Any]]:
        """The open issues, highest impact first (``tracking.open_issues``)."""
        return tracking.open_issues(self.scored_risks)

    @cached_property
    def high_risks(self) -> list[dict[str, Any]]:
        """The open risks in the highest band (``health.high_risks``)."""
        return health.highest(self.scored_risks)

    @cached_property
    def readiness(self) -> dict[str, dict[str, int]]:
        return tracking.readiness_summary(self.framework, self.answers)

    @cached_property
    def budget_lines(self) -> list[Mapping[str, Any]]:
        return lookup.role_records(self.framework, self.answers, "budget")

    @cached_property
    def show_pence(self) -> bool:
        return money.show_pence(self.framework, self.answers)

    @cached_property
    def budget(self) -> dict[str, int | float]:
        return tracking.budget_totals(self.framework, self.answers)

    @cached_property
    def recurrent(self) -> money.Recurrent | None:
        return money.recurrent(self.framework, self.answers)

    @cached_property
    def spend(self) -> money.Spend | None:
        return money.spend(self.framework, self.answers)

    @cached_property
    def cost_per_unit(self) -> money.PerUnit | None:
        return money.cost_per_unit(self.framework, self.answers, self.aim, self.budget["total"])

    @cached_property
    def decision(self) -> decision.Decision:
        return decision.build(self.framework, self.answers, self.as_of)

    @cached_property
    def measures(self) -> tuple[measure_series.MeasureFigure, ...]:
        return measure_series.figures(self.framework, self.answers, self.as_of)

    @cached_property
    def trends(self) -> trends.Trends | None:
        return trends.build(self.framework, self.answers, self.aim)
