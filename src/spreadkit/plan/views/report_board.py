"""What the highlight report tells a board beyond progress: the money (spend to date against
budget), the date of the next report, the risks past their review date, and the decisions it
needs, each framed as a choice with the date it is needed by.

The money's words are the board plan's (``board_money``), so both documents state the same
figures in the same way; decisions the plan's state calls for come from ``decision``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from spreadkit.answers.store import Answers
from spreadkit.framework import grammar, roles
from spreadkit.framework.model import Framework
from spreadkit.framework.wording import clip, display_date, display_date_or_blank
from spreadkit.plan.figures import money
from spreadkit.plan.figures.facts import Facts
from spreadkit.plan.views import board_money
from spreadkit.plan.views.board_parts import Reader

NAME = 60  # characters of a name quoted in a decision, so each decision stays within two lines

# How far ahead the next report is, by how often the programme reports to its board.
EVERY = {"monthly": 1, "bi-monthly": 2, "quarterly": 3}


def money_lines(facts: Facts) -> list[str]:
    """``Spent so far: £659,500 of £713,001 (92%)`` and the budget a year, as labelled lines."""
    read = Reader(facts.framework, facts.answers, facts.as_of, facts)
    words = read.words
    lines = []
    spent = board_money.spend_words(read)
    if spent:
        lines.append(f"{words['fact_spent']}: {spent}")
    budget = board_money.budget_words(read)
    if budget:
        lines.append(f"{words['fact_budget']}: {budget}")
    return lines


def next_report(
    framework: Framework, answers: Answers, as_of: dt.date | None, fallback: dt.date | None
) -> dt.date | None:
    """The next report's date: ``as_of`` plus the months between reports the plan gives
    (monthly, every two months, quarterly); else ``fallback`` (the report's own period)."""
    months = EVERY.get(str(answers.get(*roles.ids(framework, "board_frequency")) or ""))
    if as_of is not None and months:
        return money.add_months(as_of, months)
    return fallback


PAST_REVIEW = 4  # risks past review named by ID; any more are counted


def past_review(facts: Facts, ids: Mapping[str, str]) -> str:
    """``Past their review date on 3 April 2028: R1 (review 1 August 2027), …``: the risks
    and issues ``spreadkit status`` lists as past review (``tracking.risks_past_review``), by
    their register IDs."""
    late = facts.risks_past_review
    if not late or facts.as_of is None:
        return ""
    named = [
        f"{ids.get(str(r.get('risk') or ''), '')} (review {display_date(r['review'])})"
        for r in late[:PAST_REVIEW]
    ]
    more = f", and {len(late) - len(named)} more" if len(late) > len(named) else ""
    return f"Past their review date on {display_date(facts.as_of)}: {', '.join(named)}{more}."


def risk_ids(facts: Facts) -> dict[str, str]:
    """Each risk's register ID by its name: R1 is the register's first row."""
    return {str(r.get("risk") or ""): f"R{n}" for n, r in enumerate(facts.scored_risks, start=1)}


def choices(
    facts: Facts,
    by: dt.date | None,
    escalated: set[str] | frozenset[str] = frozenset(),
    mark: Callable[[str], str] = lambda role: "",
) -> list[str]:
    """Each decision the board needs, as a choice between named courses, with its date; the
    ``escalated`` risks (named) are left out, the report says them as exceptions. ``mark`` gives
    the marks of the answer playing a role (its sources, if assumed: ``report_sources``)."""
    framework, answers, as_of = facts.framework, facts.answers, facts.as_of
    when = f" By {display_date(by)}." if by else ""
    lines = []
    asked = facts.decision
    deadline = answers.get(*roles.ids(framework, "decision_by"))
    if asked.asked and (not isinstance(deadline, dt.date) or as_of is None or deadline >= as_of):
        options = grammar.join([grammar.quoted(clip(o.name, NAME)) for o in asked.options], "or")
        said = f"choose between {options}" if len(asked.options) > 1 else "agree or reject it"
        lines.append(
            "The decision the plan asks for "
            f"({asked.amount + mark('decision_amount') if asked.amount else 'no amount given'}): "
            f"{said}." + (f" By {asked.by}." if asked.by else when)
        )
    for needed in asked.needed:
        lines.append(f"{needed.why} Decide {needed.choice}.{when}")
    for action in facts.actions:
        if action.get("status") == "blocked":
            waits = f", waiting on {action['depends_on']}" if action.get("depends_on") else ""
            lines.append(
                f"{grammar.quoted(clip(str(action.get('task')), NAME))} is blocked{waits}: help "
                f"unblock it, or re-plan without it. Owner: {action.get('owner') or 'not named'}."
                f"{when}"
            )
    for site in facts.sites_behind:
        lines.append(
            f"{site.get('name')} is not live (planned "
            f"{display_date_or_blank(site.get('golive_planned'))}): agree a new go-live date, "
            f"or move it to a later phase.{when}"
        )
    ids = risk_ids(facts)
    for risk in facts.high_risks:
        if str(risk.get("risk")) not in escalated:
            lines.append(_risk_choice(risk, ids) + when)
    return lines


def _risk_choice(risk: Mapping[str, Any], ids: Mapping[str, str]) -> str:
    name = str(risk.get("risk") or "")
    return (
        f"{ids.get(name, '')} {grammar.quoted(clip(name, NAME))} (risk, score {risk['score']}, "
        f"{str(risk['band']).lower()}): accept it as it stands, or fund more mitigation."
    ).strip()
