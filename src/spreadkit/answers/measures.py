"""What a measure is, read from its record in the plan's list of measures: its unit, which way
is better, what a rate or average is out of, and the time points or groups it is split by.

The fields are content (``step-04-implement.yml`` defines them); an answers file written before
they existed simply has none, and every measure then reads as one series with no unit and no
direction, as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from spreadkit.answers.store import Answers
from spreadkit.core.errors import did_you_mean
from spreadkit.core.records import dataclass
from spreadkit.framework import roles
from spreadkit.framework.model import Framework

DIRECTIONS = ("higher", "lower", "neither")
PART_SEPARATOR = ";"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def split_parts(text: Any) -> tuple[str, ...]:
    """``"first session; last session"`` as ``("first session", "last session")``."""
    if not isinstance(text, str):
        return ()
    parts: list[str] = []
    for part in text.split(PART_SEPARATOR):
        part = " ".join(part.split())
        if part and part not in parts:
            parts.append(part)
    return tuple(parts)


@dataclass(frozen=True)
class MeasureSpec:
    """One measure as the plan defines it."""

    name: str
    unit: str = ""
    better: str = ""  # higher, lower, neither; "" not said
    denominator: str = ""
    points: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    baseline: float | None = None
    baseline_date: dt.date | None = None
    target: float | None = None
    target_date: dt.date | None = None
    frequency: str = ""
    kind: str = ""

    @property
    def parts(self) -> tuple[str, ...]:
        """The series it is split into: its time points, else its groups; () for one series."""
        return self.points or self.groups

    @property
    def part_kind(self) -> str:
        return "point" if self.points else "group" if self.groups else ""

    @property
    def direction(self) -> int:
        """+1 when higher is better, -1 when lower is, 0 when neither or not said."""
        return {"higher": 1, "lower": -1}.get(self.better, 0)

    def with_unit(self, value: float | None) -> str:
        """``value`` with the unit: ``72%``, ``21 days``, ``£1,200``; "–" for None."""
        if value is None:
            return "–"
        text = f"{value:,.1f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value):,}"
        unit = self.unit
        if not unit:
            return text
        if unit == "%":
            return f"{text}%"
        if unit == "£":
            return f"£{text}"
        return f"{text} {unit}"


def spec_of(record: Mapping[str, Any]) -> MeasureSpec:
    """A measure record read leniently (the answers reader has checked its types)."""
    name = ""
    for value in record.values():
        name = str(value)
        break
    better = record.get("better")
    baseline_date = record.get("baseline_date")
    target_date = record.get("target_date")
    return MeasureSpec(
        name=name,
        unit=" ".join(str(record.get("unit") or "").split()),
        better=better if better in DIRECTIONS else "",
        denominator=str(record.get("denominator") or ""),
        points=split_parts(record.get("points")),
        groups=split_parts(record.get("groups")) if not record.get("points") else (),
        baseline=_number(record.get("baseline")),
        baseline_date=baseline_date if isinstance(baseline_date, dt.date) else None,
        target=_number(record.get("target")),
        target_date=target_date if isinstance(target_date, dt.date) else None,
        frequency=str(record.get("frequency") or ""),
        kind=str(record.get("kind") or ""),
    )


def measure_specs(framework: Framework, answers: Answers) -> list[MeasureSpec]:
    """Every named measure of the plan, in its order."""
    out = []
    for record in answers.get(*roles.ids(framework, "measures")) or []:
        if isinstance(record, Mapping):
            spec = spec_of(record)
            if spec.name:
                out.append(spec)
    return out


def check_part(spec: MeasureSpec, part: str) -> str | None:
    """The kind of ``part`` ("point", "group", or "" for none) if ``spec`` has it; None if not.
    A measure split into parts may still take a whole-measure reading (no part)."""
    if not part:
        return ""
    if part in spec.parts:
        return spec.part_kind
    return None


def part_problem(spec: MeasureSpec, part: str) -> str:
    if not spec.parts:
        return f"{spec.name} has no time points or groups: leave out [{part}]"
    what = "time point" if spec.points else "group"
    return f"{spec.name} has no {what} '{part}'"


def part_hint(spec: MeasureSpec, part: str) -> str:
    if not spec.parts:
        return "or add them to the measure's time points or groups"
    return did_you_mean(part, list(spec.parts)) or "one of: " + ", ".join(spec.parts)
