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
from spreadkit.plan.figures import decision, money, tracking
from spreadkit.plan.figures.facts import Facts
from spreadkit.plan.views import board_money
from spreadkit.plan.views.board_parts import Reader

NAME = 60  # characters of a name quoted in a decision, so each decision stays within two lines

# How far ahead the next report is, by how often the programme reports to its board.
EVERY = {"monthly": 1, "bi-monthly": 2, "quarterly": 3}


def money_lines(facts: Facts) -> list[str]:
    """``Spent so far: £659,500 of £713,001 (92%)`` and the budget, as labelled lines."""
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
    risks = facts.scored_risks
    return {
        str(r.get("risk") or ""): i
        for r, i in zip(risks, tracking.register_ids(risks), strict=True)
    }


# What each exception (a tolerance exceeded, ``health.Status.kinds``) asks the board to choose.
EXCEPTION_CHOICE = {
    "time": ("the target date", "extend it, add resources, change the aim or close the programme"),
    "scope": ("progress against the plan", "re-plan, add resources or change the aim"),
    "cost": ("spending", "agree more money, reduce what it pays for, or stop"),
}


def choices(
    facts: Facts, next_report: dt.date | None, mark: Callable[[str], str] = lambda role: ""
) -> list[str]:
    """Each decision the board needs, once, as a choice between named courses with its one date
    (``decision.deadline``): the decision the plan asks for, with whatever it settles; each
    exception, referred to (it is said in full at the top); then what the plan's state calls
    for, blocked actions, sites behind and risks in the highest band. ``mark`` gives the marks
    of the answer playing a role (its sources, if assumed: ``report_sources``)."""
    asked, judged = facts.decision, facts.status
    when = f" By {display_date(next_report)}." if next_report else ""
    folded = [n for n in asked.needed if n.with_asked]
    settled = {"time"} if folded else set()  # past the end date, the target date is the same call
    lines = []
    if asked.open:
        options = grammar.join([grammar.quoted(clip(o.name, NAME)) for o in asked.options], "or")
        said = f"choose between {options}" if len(asked.options) > 1 else "agree or reject it"
        also = (
            [f"{EXCEPTION_CHOICE['time'][0]} (exception above)"]
            if ("time" in judged.kinds and folded)
            else []
        )
        also += [n.brief for n in folded]
        line = (
            "The decision the plan asks for "
            f"({asked.amount + mark('decision_amount') if asked.amount else 'no amount given'}): "
            f"{said}."
        )
        if also:
            line += f" It settles {grammar.join(also, 'and')}."
        lines.append(line + _by(decision.deadline(asked, None, next_report)))
    for kind in dict.fromkeys(
        k for k in judged.kinds if k in EXCEPTION_CHOICE and k not in settled
    ):
        what, choice = EXCEPTION_CHOICE[kind]
        lines.append(f"The exception above on {what}: {choice}.{when}")
    ids = risk_ids(facts)
    for risk in judged.escalated:
        lines.append(
            f"The exception above on risk {ids.get(str(risk.get('risk') or ''), '')} (score "
            f"{risk['score']}): fund more mitigation, or accept it as it stands.{when}"
        )
    for needed in asked.needed:
        if not needed.with_asked:
            day = decision.deadline(asked, needed, next_report)
            lines.append(f"{needed.why} Decide {needed.choice}.{_by(day)}")
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
    escalated = {str(r.get("risk")) for r in judged.escalated}
    for risk in facts.high_risks:
        if str(risk.get("risk")) not in escalated:
            lines.append(_risk_choice(risk, ids) + when)
    return lines


def _by(day: tuple[dt.date | None, bool]) -> str:
    """`` By 30 April 2028, the plan's own date.`` or `` By 3 July 2028.``"""
    on, own = day
    if on is None:
        return ""
    return f" By {display_date(on)}" + (", the plan's own date." if own else ".")


def _risk_choice(risk: Mapping[str, Any], ids: Mapping[str, str]) -> str:
    name = str(risk.get("risk") or "")
    return (
        f"{ids.get(name, '')} {grammar.quoted(clip(name, NAME))} (risk, score {risk['score']}, "
        f"{str(risk['band']).lower()}): accept it as it stands, or fund more mitigation."
    ).strip()
