"""Plan checks on the aim's figures: where the sites and the aim disagree, and an overrun.
Each returns its findings as words that say both figures compared, for a check's
``concerned`` list (``programme.aim_disagrees``, ``programme.overrun``)."""

from __future__ import annotations

import datetime as dt

from spreadkit.answers.store import Answers
from spreadkit.framework import values
from spreadkit.framework.model import Framework
from spreadkit.plan.figures.aim_figures import (
    BASELINE_PLUS_SITES,
    SITES_LIVE,
    SITES_SUM,
    Aim,
    Progress,
    aim,
    meets,
    progress,
    site_names,
    site_targets,
    tidy,
)

# -- plan checks -------------------------------------------------------------------------------


def disagreements(framework: Framework, answers: Answers, found: Aim | None = None) -> list[str]:
    """Where the sites and the aim disagree, each with both figures, for a plan check.
    ``found``: the aim of these answers (``aim``), when already worked out."""
    found = aim(framework, answers) if found is None else found
    if found.target is None:
        return []
    unit = f" {found.unit}" if found.unit and not found.share else ""
    target = values.display_score(found.target)
    if found.counted == SITES_LIVE:
        listed = len(site_names(framework, answers))
        if listed and listed < found.target:
            return [f"{listed} sites listed against an aim of {target}{unit}"]
        return []
    total = site_targets(framework, answers)
    if total is None or found.counted not in (SITES_SUM, BASELINE_PLUS_SITES):
        return []
    if found.counted == BASELINE_PLUS_SITES:
        base = found.baseline or 0
        whole = tidy(total + base)
        if whole != found.target:
            return [
                f"the baseline ({values.display_score(base)}) and the sites' targets "
                f"({values.display_score(total)}) add up to {values.display_score(whole)} "
                f"against an aim of {target}{unit}"
            ]
        return []
    if total != found.target:
        return [
            f"the sites' targets add up to {values.display_score(total)} against an aim of "
            f"{target}{unit}"
        ]
    return []


def overrun(
    framework: Framework,
    answers: Answers,
    on: dt.date | None = None,
    now: Progress | None = None,
) -> list[str]:
    """The target date has passed and the target is not met: both figures, for a plan check.
    ``now``: the progress on ``on``, when already worked out (``progress``)."""
    now = now or progress(framework, answers, on)
    found = now.aim
    if (
        now.on is None
        or found.target_date is None
        or found.target is None
        or now.value is None
        or now.on <= found.target_date
        or meets(now)
    ):
        return []
    return [f"{now.words} ({(now.on - found.target_date).days} days past the target date)"]
