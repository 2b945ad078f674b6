"""A programme's progress, worked out from the answers: overdue actions, readiness across the
sites, risk scores, budget totals and progress to the aim.

Pure functions over the answers layout agreed for issue 15 (``implement.actions``,
``ready.sites``, ``implement.risks``, ``implement.budget``, ``analyse.aim_*``). Content without
those questions simply gives empty results. Nothing here reads the clock: "overdue" is always
against a stated date, the plan's own by default, so that a plan renders the same every time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from spreadkit.answers import standing, updates
from spreadkit.answers.lookup import role_records
from spreadkit.answers.store import Answers
from spreadkit.framework import roles, values
from spreadkit.framework.model import AssessmentKind, Band, Framework

READINESS_FACTORS = ("people", "context", "innovation")
RAG = ("red", "amber", "green")
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green"}  # a status as a reader sees it
DONE = "done"


def with_as_of(answers: Answers, text: str | None) -> Answers:
    """``answers`` as they stood on ``text`` (``--as-of YYYY-MM-DD``): rebuilt from the history
    after the last check-in on or before it (``standing.as_it_stood``); unchanged when None."""
    return answers if text is None else standing.as_it_stood(answers, parse_as_of(text))


def parse_as_of(text: str) -> dt.date:
    """The date given to ``--as-of``, or a usage error saying how to write it."""
    return values.option_date(text, "--as-of")


def deadline(action: Mapping[str, Any]) -> dt.date | None:
    """When an action is due now: its revised due date if it has one, else its due date."""
    for key in ("revised_due", "due"):
        value = action.get(key)
        if isinstance(value, dt.date):
            return value
    return None


def is_overdue(action: Mapping[str, Any], as_of: dt.date | None) -> bool:
    """Not done, and due (or due as revised) before ``as_of``. Never overdue with no date."""
    due = deadline(action)
    return as_of is not None and due is not None and action.get("status") != DONE and due < as_of


def overdue_actions(
    framework: Framework, answers: Answers, as_of: dt.date | None
) -> list[Mapping[str, Any]]:
    """The actions overdue on ``as_of``, most overdue first (then in plan order)."""
    late = [a for a in role_records(framework, answers, "actions") if is_overdue(a, as_of)]
    return sorted(late, key=lambda a: deadline(a) or dt.date.max)


def readiness_summary(framework: Framework, answers: Answers) -> dict[str, dict[str, int]]:
    """For each readiness factor, how many sites are red, amber and green (withdrawn sites left out)."""
    summary = {factor: dict.fromkeys(RAG, 0) for factor in READINESS_FACTORS}
    for site in role_records(framework, answers, "sites"):
        if site.get("status") == "withdrawn":
            continue
        for factor in READINESS_FACTORS:
            rating = site.get(f"readiness_{factor}")
            if rating in RAG:
                summary[factor][rating] += 1
    return summary


def risk_score(risk: Mapping[str, Any]) -> int | None:
    """Likelihood × impact (1–25), or None until both are rated."""
    likelihood, impact = risk.get("likelihood"), risk.get("impact")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (likelihood, impact)):
        return None
    return int(likelihood) * int(impact)  # type: ignore[arg-type]


def risk_bands(framework: Framework) -> tuple[Band, ...]:
    """The bands of the content's ``matrix`` assessment of the risks (NPSA 2008 built in)."""
    risks = roles.ids(framework, "risks")
    for step in framework.steps:
        for assessment in step.assessments:
            if assessment.kind is AssessmentKind.MATRIX and (step.id, assessment.question) == risks:
                return assessment.bands
    return ()


def risk_band(framework: Framework, score: int | None) -> Band | None:
    """The band a risk score falls in: the last whose ``from`` it reaches."""
    if score is None:
        return None
    found = None
    for band in risk_bands(framework):
        if score >= band.start:
            found = band
    return found


def is_issue(risk: Mapping[str, Any]) -> bool:
    """An issue (it has happened), not a risk (it may happen): the register's ``kind``."""
    return risk.get("kind") == "issue"


def register_ids(risks: list[dict[str, Any]]) -> list[str]:
    """Each row's register ID, in register order (``scored_risks``): R1 is the first row."""
    return [f"R{n}" for n in range(1, len(risks) + 1)]


def scored_risks(framework: Framework, answers: Answers) -> list[dict[str, Any]]:
    """Each risk and issue with its ``score``, ``band`` (label) and ``rag``, in register order.

    An issue has already happened: it has no likelihood to score, so it has no score and no
    band (``score`` None), is never counted among the risks of a band, and is judged by its
    impact (``open_issues``, ``impact_words``)."""
    out = []
    for risk in role_records(framework, answers, "risks"):
        score = None if is_issue(risk) else risk_score(risk)
        band = risk_band(framework, score)
        out.append(
            {
                **risk,
                "score": score,
                "band": band.label if band else "",
                "rag": band.rag if band else "",
            }
        )
    return out


def top_risks(
    framework: Framework,
    answers: Answers,
    count: int = 3,
    scored: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """The open risks (not issues, which have no score) with the highest scores, highest first
    (ties in register order). ``scored``: ``scored_risks``, when already worked out."""
    if scored is None:
        scored = scored_risks(framework, answers)
    scored = [r for r in scored if r["score"] and r.get("status") != "closed"]
    return sorted(scored, key=lambda r: -r["score"])[:count]


def open_issues(register: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The open issues of the register (``scored_risks`` or its records), highest impact first
    (ties, and issues with no impact, in register order)."""
    found = [r for r in register if is_issue(r) and r.get("status") != "closed"]
    return sorted(found, key=lambda r: -_point(r.get("impact")))


def _point(value: Any) -> int:
    """A 1–5 rating as a number to sort by (0 when not rated)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def impact_words(framework: Framework, risk: Mapping[str, Any]) -> str:
    """``impact 3 moderate``: how an issue is judged, in the register's own words ("" unrated)."""
    impact = _point(risk.get("impact"))
    if not impact:
        return ""
    question = roles.question(framework, "risks")
    field = next((f for f in question.fields if f.id == "impact"), None) if question else None
    label = field.scale_label(impact) if field else ""
    return f"impact {impact}" + (f" {label.lower()}" if label else "")


def budget_totals(framework: Framework, answers: Answers) -> dict[str, int | float]:
    """The budget's ``total``, and how much is ``recurrent`` and ``non_recurrent``.

    A line not marked recurrent counts as non-recurrent: money that may end.
    """
    recurrent: float = 0
    non_recurrent: float = 0
    for line in role_records(framework, answers, "budget"):
        amount = line.get("amount")
        if not isinstance(amount, int | float) or isinstance(amount, bool):
            continue
        if line.get("recurrent") is True:
            recurrent += amount
        else:
            non_recurrent += amount
    return {
        "total": _tidy(recurrent + non_recurrent),
        "recurrent": _tidy(recurrent),
        "non_recurrent": _tidy(non_recurrent),
    }


def sites_behind(
    framework: Framework, answers: Answers, as_of: dt.date | None
) -> list[Mapping[str, Any]]:
    """Sites whose planned go-live has passed on ``as_of`` but that are not live yet."""
    if as_of is None:
        return []
    return [
        site
        for site in role_records(framework, answers, "sites")
        if isinstance(site.get("golive_planned"), dt.date)
        and site["golive_planned"] < as_of
        and not isinstance(site.get("golive_actual"), dt.date)
        and site.get("status") not in ("live", "withdrawn")
    ]


def risks_past_review(
    framework: Framework, answers: Answers, as_of: dt.date | None
) -> list[Mapping[str, Any]]:
    """Open risks and issues whose review date has passed on ``as_of``, longest overdue first."""
    if as_of is None:
        return []
    late = [
        risk
        for risk in role_records(framework, answers, "risks")
        if isinstance(risk.get("review"), dt.date)
        and risk["review"] < as_of
        and risk.get("status") != "closed"
    ]
    return sorted(late, key=lambda r: r["review"])


def past_review_words(risk: Mapping[str, Any]) -> str:
    """``Too few applicants — Workforce lead, review 1 November 2027``: a risk (or issue) of
    ``risks_past_review`` as ``spreadkit status`` and the board plan say it."""
    owner = f" — {risk['owner']}" if risk.get("owner") else ""
    return f"{risk.get('risk', '')}{owner}, review {values.display_date(risk['review'])}"


def measures_not_updated(
    framework: Framework, answers: Answers, as_of: dt.date | None
) -> list[Mapping[str, Any]]:
    """Measures not updated when due on ``as_of``: the check-in's rule (``updates.is_late``)."""
    if as_of is None:
        return []
    return [
        m
        for m in role_records(framework, answers, "measures")
        if updates.is_late(answers, m, as_of)
    ]


def actions_after_their_phase(framework: Framework, answers: Answers) -> list[Mapping[str, Any]]:
    """Actions due (as revised) after the end of the phase they belong to, leaving out those
    meant to follow it (``after_phase``: celebrating success, sharing the learning)."""
    ends = phase_ends(framework, answers)
    return [
        action
        for action in role_records(framework, answers, "actions")
        if action.get("phase") in ends
        and action.get("after_phase") is not True
        and (due := deadline(action)) is not None
        and due > ends[action["phase"]]
    ]


def phase_ends(framework: Framework, answers: Answers) -> dict[Any, dt.date]:
    return {
        phase.get("name"): phase["dates"]["end"]
        for phase in role_records(framework, answers, "phases")
        if isinstance(phase.get("dates"), Mapping)
        and isinstance(phase["dates"].get("end"), dt.date)
    }


def _tidy(number: float) -> int | float:
    """Whole sums as ints; others to the penny."""
    return int(number) if float(number).is_integer() else round(number, 2)
