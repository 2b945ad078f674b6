"""How a programme is doing, in one word and its reasons: the one rule that the board report
and the portfolio both use, so that a plan never reads "on track" on one page and "at risk" on
another.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from spreadkit.answers.store import Answers
from spreadkit.framework import values
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import tracking, trends


def overall(
    framework: Framework, answers: Answers, as_of: dt.date | None
) -> tuple[str, tuple[str, ...]]:
    """Red, amber or green, from the programme's figures, and the reasons in words.

    Adoption below three quarters of the planned trajectory, or three or more actions overdue
    that are over a third of the open ones, is red; adoption below nine tenths of it, any
    overdue or blocked action, a site behind its go-live or an open risk in the highest band is
    amber; green otherwise.
    """
    signals: list[tuple[str, str]] = []
    actual = tracking.aim_progress(framework, answers)["actual"]
    planned, _ = trends.trajectory(framework, answers, as_of)
    if planned and isinstance(actual, int | float):
        share = actual / planned
        words = (
            f"adoption {values.display_score(actual)} against "
            f"{values.display_score(planned)} planned by now"
        )
        if share < 0.75:
            signals.append(("red", words))
        elif share < 0.9:
            signals.append(("amber", words))
    actions = tracking.role_records(framework, answers, "actions")
    open_actions = [a for a in actions if a.get("status") != tracking.DONE]
    overdue = tracking.overdue_actions(framework, answers, as_of)
    if overdue:
        rag = "red" if len(overdue) >= 3 and len(overdue) * 3 > len(open_actions) else "amber"
        signals.append((rag, f"{len(overdue)} of {len(open_actions)} open actions overdue"))
    blocked = [a for a in open_actions if a.get("status") == "blocked"]
    if blocked:
        signals.append(("amber", f"{len(blocked)} action{'s' if len(blocked) > 1 else ''} blocked"))
    behind = tracking.sites_behind(framework, answers, as_of)
    if behind:
        signals.append(
            ("amber", f"{len(behind)} site{'s' if len(behind) > 1 else ''} behind go-live")
        )
    high = high_risks(framework, answers)
    if high:
        signals.append(
            (
                "amber",
                f"{len(high)} open risk{'s' if len(high) > 1 else ''} rated {high[0]['band'] or 'high'}",
            )
        )
    if not signals:
        judged = planned is not None or actions
        return ("green" if judged else ""), (("on track",) if judged else ())
    worst = "red" if any(rag == "red" for rag, _ in signals) else "amber"
    return worst, tuple(words for _, words in signals)


def high_risks(framework: Framework, answers: Answers) -> list[dict[str, Any]]:
    """Open risks in the highest band (its colour red): those a board should see."""
    return [
        r
        for r in tracking.scored_risks(framework, answers)
        if r["rag"] == "red" and r.get("status") != "closed"
    ]
