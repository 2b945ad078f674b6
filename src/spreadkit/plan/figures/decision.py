"""The decision a board is asked for: the answers that state it (the five-case model's economic
case: the options, always with doing nothing, and the one recommended), and the decisions the
plan's own state calls for whatever was asked (the end date passed, non-recurrent money about
to end).

Words are the content's (``board:`` keys, see ``boardwords``); an answer a person typed is
never built into a sentence: the resolution is quoted as typed, the rest is given on labelled
lines. The rules for when a decision is due are in docs/board-paper.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from spreadkit.answers import lookup
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import grammar, roles
from spreadkit.framework.model import Framework
from spreadkit.framework.wording import display_date, display_date_or_blank
from spreadkit.plan.figures import money

FUNDING_WARNING_MONTHS = (
    6  # non-recurrent money ending within this many months calls for a decision
)


@dataclass(frozen=True)
class Option:
    name: str
    consequences: str
    cost: str  # "£406,667", or "" when not given
    do_nothing: bool
    recommended: bool


@dataclass(frozen=True)
class Needed:
    """A decision the plan's state calls for: why, and what the board must choose between."""

    why: str
    choice: str
    by: str = ""  # "31 March 2028", or ""
    on: dt.date | None = None  # the date it is needed by, when it has its own
    with_asked: bool = False  # the decision the plan asks for settles it too (``build``)
    brief: str = ""  # said within another decision: "the end date, 31 March 2028, now passed"


@dataclass(frozen=True)
class Decision:
    resolution: str  # the person's own words, as the minutes would record them
    amount: str
    stage: str
    by: str
    options: tuple[Option, ...]
    recommended: str
    reasons: tuple[str, ...]
    needed: tuple[Needed, ...]
    by_date: dt.date | None = None  # the plan's own "decision needed by"
    open: bool = False  # asked, and its date has not passed on the date judged on

    @property
    def asked(self) -> bool:
        return bool(self.resolution)

    @property
    def has_do_nothing(self) -> bool:
        return any(o.do_nothing for o in self.options)


def _get(framework: Framework, answers: Answers, role: str) -> Any:
    return answers.get(*roles.ids(framework, role))


def build(framework: Framework, answers: Answers, as_of: dt.date | None = None) -> Decision:
    """The decision asked for, as of ``as_of`` (default: the plan's own date)."""
    pence = money.show_pence(framework, answers)
    chosen = str(_get(framework, answers, "recommended") or "").strip()
    options = tuple(
        Option(
            name=str(o.get("option") or "").strip(),
            consequences=str(o.get("consequences") or "").strip(),
            cost=money.pounds(o["cost"], pence) if _is_amount(o.get("cost")) else "",
            do_nothing=o.get("do_nothing") is True,
            recommended=bool(chosen) and str(o.get("option") or "").strip() == chosen,
        )
        for o in lookup.role_records(framework, answers, "options")
        if str(o.get("option") or "").strip()
    )
    amount = _get(framework, answers, "decision_amount")
    reason = str(_get(framework, answers, "recommendation") or "")
    when = lookup.as_of_date(answers, as_of)
    resolution = " ".join(str(_get(framework, answers, "decision") or "").split())
    by = _get(framework, answers, "decision_by")
    by = by if isinstance(by, dt.date) else None
    still_open = bool(resolution) and (by is None or when is None or by >= when)
    return Decision(
        resolution=resolution,
        amount=money.pounds(amount, pence) if _is_amount(amount) else "",
        stage=str(_get(framework, answers, "decision_stage") or "").strip(),
        by=display_date_or_blank(_get(framework, answers, "decision_by")),
        options=options,
        recommended=chosen,
        reasons=tuple(" ".join(p.split()) for p in reason.split("\n\n") if p.strip()),
        needed=tuple(needed(framework, answers, when, with_asked=still_open)),
        by_date=by,
        open=still_open,
    )


def _is_amount(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def needed(
    framework: Framework, answers: Answers, as_of: dt.date | None, with_asked: bool = False
) -> list[Needed]:
    """The decisions the plan's state calls for on ``as_of``.

    - The planned end date has passed: extend the programme or close it. When the plan asks a
      decision still open on ``as_of`` (``with_asked``), that decision settles this one too:
      past its end date, whatever the programme does next is extending it or closing it, so
      the board decides it once, by the plan's own date.
    - Non-recurrent money ends within ``FUNDING_WARNING_MONTHS`` of ``as_of`` (a line's own
      period's end, else the programme's end date): agree who pays after it, or how the work
      it pays for ends.
    """
    if as_of is None:
        return []
    found = []
    end = _get(framework, answers, "end_date")
    if isinstance(end, dt.date) and end < as_of:
        found.append(
            Needed(
                f"The programme's planned end date, {display_date(end)}, has passed.",
                "whether to extend the programme to a new end date or to close it and hand the "
                "work over to business as usual",
                with_asked=with_asked,
                brief=f"the end date, {display_date(end)}, now passed: extend or close",
            )
        )
    horizon = money.add_months(as_of, FUNDING_WARNING_MONTHS)
    ending: dict[dt.date, list[float]] = {}
    for line in lookup.role_records(framework, answers, "budget"):
        amount = line.get("amount")
        if line.get("recurrent") is True or not isinstance(amount, int | float):
            continue
        period = line.get("period")
        stops = period.get("end") if isinstance(period, Mapping) else None
        stops = stops if isinstance(stops, dt.date) else end
        if isinstance(stops, dt.date) and as_of <= stops <= horizon:
            ending.setdefault(stops, []).append(float(amount))
    pence = money.show_pence(framework, answers)
    for stops, amounts in sorted(ending.items()):
        lines = grammar.count(len(amounts), "budget line")
        found.append(
            Needed(
                f"Non-recurrent money of {money.pounds(sum(amounts), pence)} ({lines}) ends on "
                f"{display_date(stops)}, within {grammar.count(FUNDING_WARNING_MONTHS, 'month')}.",
                "who pays for the work after that, or how it ends",
                display_date(stops),
                stops,
            )
        )
    return found


def deadline(
    decision: Decision, item: Needed | None, next_report: dt.date | None
) -> tuple[dt.date | None, bool]:
    """The one date a decision is needed by, and whether it is the plan's own date.

    The decision the plan asks for, while open, is needed by its own date (the date the board
    plan gives), and so is anything it settles (``Needed.with_asked``). Any other decision is
    needed by the next report, or by its own date (money ending) when that comes first.
    ``item``: one of ``Decision.needed``, or None for the decision asked.
    """
    if (item is None or item.with_asked) and decision.open and decision.by_date is not None:
        return decision.by_date, True
    own = item.on if item is not None else None
    if own is not None and (next_report is None or own < next_report):
        return own, False
    return next_report, False
