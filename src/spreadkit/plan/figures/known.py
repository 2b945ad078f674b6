"""The figures a function may be handed already worked out, so that none is worked out twice.

``figures.facts.Facts`` works each of a plan's figures out once, by its own function, and hands
itself to the functions that need others (the status, the plan checks' ``programme``). They
ask for it as this protocol, not for ``Facts``, which is built on them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Protocol

from spreadkit.plan.figures.aim_figures import Aim, Progress
from spreadkit.plan.figures.money import Spend
from spreadkit.plan.figures.trajectory import Planned


class Known(Protocol):
    """A plan's figures on one date (``as_of``), each from its own function."""

    @property
    def as_of(self) -> dt.date | None: ...
    @property
    def aim(self) -> Aim: ...
    @property
    def progress(self) -> Progress: ...
    @property
    def planned(self) -> Planned: ...
    @property
    def actions(self) -> list[Mapping[str, Any]]: ...
    @property
    def overdue(self) -> list[Mapping[str, Any]]: ...
    @property
    def sites_behind(self) -> list[Mapping[str, Any]]: ...
    @property
    def scored_risks(self) -> list[dict[str, Any]]: ...
    @property
    def budget_lines(self) -> list[Mapping[str, Any]]: ...
    @property
    def budget(self) -> dict[str, int | float]: ...
    @property
    def spend(self) -> Spend | None: ...
