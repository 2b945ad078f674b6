"""What plan checks see as ``programme``: the programme's figures, and the findings that
compare two figures said with both (``behind_words``, ``after_phase_words``, ``after_end``,
``overrun``, ``aim_disagrees``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from spreadkit.answers import lookup
from spreadkit.answers.store import Answers
from spreadkit.framework import roles, values
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import aim_checks, tracking
from spreadkit.plan.figures.known import Known


def actions_after_the_end(framework: Framework, answers: Answers) -> list[str]:
    """Actions due (as revised) after the plan's end date, each with both dates; those meant to
    follow their phase (``after_phase``) are left out."""
    end = answers.get(*roles.ids(framework, "end_date"))
    if not isinstance(end, dt.date):
        return []
    return [
        f"{action.get('task')} (due {values.display_date(due)}, after the end on "
        f"{values.display_date(end)})"
        for action in lookup.role_records(framework, answers, "actions")
        if action.get("after_phase") is not True
        and (due := tracking.deadline(action)) is not None
        and due > end
    ]


def check_context(
    framework: Framework, answers: Answers, known: Known | None = None
) -> dict[str, Any]:
    """What plan checks see as ``programme``: the figures worked out from the programme answers.
    The ``*_words`` lists and ``overrun`` and ``aim_disagrees`` say both figures compared.
    ``known``: the plan's figures, already worked out (``figures.facts``)."""
    as_of = lookup.as_of_date(answers)
    if known is not None and known.as_of != as_of:
        known = None  # worked out for another date (``--as-of``): not these
    behind = known.sites_behind if known else tracking.sites_behind(framework, answers, as_of)
    after_phase = tracking.actions_after_their_phase(framework, answers)
    ends = tracking.phase_ends(framework, answers)
    return {
        "as_of": as_of,
        "risks": known.scored_risks if known else tracking.scored_risks(framework, answers),
        "overdue": known.overdue if known else tracking.overdue_actions(framework, answers, as_of),
        "budget": known.budget if known else tracking.budget_totals(framework, answers),
        "behind": behind,
        "behind_words": [
            f"{s.get('name')} (planned {values.display_date(s['golive_planned'])}, not live on "
            f"{values.display_date(as_of)})"
            for s in behind
            if as_of is not None
        ]
        if as_of is not None
        else [],
        "after_phase": after_phase,
        "after_phase_words": [
            f"{a.get('task')} (due {values.display_date(due)}, after {a.get('phase')} "
            f"ends on {values.display_date(ends[a.get('phase')])})"
            for a in after_phase
            if (due := tracking.deadline(a)) is not None
        ],
        "after_end": actions_after_the_end(framework, answers),
        "overrun": aim_checks.overrun(framework, answers, as_of, known.progress if known else None),
        "aim_disagrees": aim_checks.disagreements(framework, answers, known.aim if known else None),
    }
