"""XmR charts and the *Making Data Count* summary, as pure arithmetic over one series.

NHS England's *Making Data Count* reads a measure on an XmR chart (individuals and moving
range): the mean as the centre line, and process limits at the mean ± 2.66 × the average moving
range. Its special-cause rules, as NHSRplotthedots 0.2.2 (the NHS-R Community's R package that
mirrors the Making Data Count tools) codes them, and as spreadkit applies them here, in the
order a point is read by them:

1. a point outside the process limits;
2. a trend of :data:`TREND` or more points each higher (or each lower) than the one before (an
   equal value breaks it);
3. two out of three consecutive points near a limit (beyond the two-sigma line, two-thirds of
   the way from the mean to a limit, but not beyond the limit), all three on the same side of
   the mean; the points flagged are those near the limit;
4. a run of :data:`RUN` or more points all above, or all below, the mean (a point on the mean
   breaks the run).

The **variation** is what the latest point shows: common cause, or special cause improving or
concerning (by which way is better; "high" or "low" when neither is). The **assurance** says
what the target can expect if the process does not change: a target beyond the upper limit is
consistently missed when higher is better (met when lower is), beyond the lower limit the other
way round, and between or on the limits hit and miss. No target, or no better direction, gives
no assurance.

Choices where the tools differ, and why (docs/measures.md has the sources): limits from every
point (no fixed baseline, no rebasing), and no screening of moving ranges for outliers (the
Excel tools' way; the R package screens by default, ``screen=True`` here). The chart is drawn
from :data:`MINIMUM` readings (spreadkit's choice: the Making Data Count Excel tool needs 13,
NHSRplotthedots warns of trial limits under 13, the Health Care Data Guide advises 20 to 30);
under :data:`IDEAL` the chart says 20 or more give firmer limits.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from spreadkit.core.records import dataclass
from spreadkit.plan.figures.runchart import average_moving_range, moving_ranges

LIMIT = 2.66  # the XmR constant: 3 / 1.128
NEAR = LIMIT * 2 / 3  # two sigma
RUN = 7
TREND = 7
MINIMUM = 15
IDEAL = 20
SCREEN = 3.267  # Nelson (1982): a moving range this many times the average is screened out


@dataclass(frozen=True)
class Point:
    """One point's reading on the XmR chart: "" common cause, else the first rule it breaks
    (``outside``, ``trend``, ``two-of-three``, ``run``) and the side (+1 high, -1 low)."""

    rule: str
    side: int


@dataclass(frozen=True)
class XmR:
    dates: tuple[dt.date, ...]
    values: tuple[float, ...]
    mean: float
    moving_range: float  # the average moving range
    lower: float
    upper: float
    near_lower: float
    near_upper: float
    points: tuple[Point, ...]
    variation: str  # common, improving, concerning, high, low
    assurance: str  # met, missed, hit-and-miss; "" not judged

    @property
    def ideal(self) -> bool:
        return len(self.values) >= IDEAL


VARIATION_WORDS = {
    "common": "common cause variation",
    "improving": "special cause: improving",
    "concerning": "special cause: concerning",
    "high": "special cause: higher than expected",
    "low": "special cause: lower than expected",
}
ASSURANCE_WORDS = {
    "met": "if nothing changes, the target will be consistently met",
    "missed": "if nothing changes, the target will be consistently missed",
    "hit-and-miss": "hit and miss: if nothing changes, the target will sometimes be met, sometimes not",
}


def _run_of(flags: Sequence[int], length: int) -> list[bool]:
    """Each point that is part of ``length`` or more consecutive equal non-zero flags."""
    out = [False] * len(flags)
    start = 0
    for index in range(1, len(flags) + 1):
        if index == len(flags) or flags[index] != flags[start]:
            if flags[start] and index - start >= length:
                for i in range(start, index):
                    out[i] = True
            start = index
    return out


def _steps(values: Sequence[float]) -> list[int]:
    return [0] + [(b > a) - (b < a) for a, b in itertools.pairwise(values)]


def _trend_points(values: Sequence[float], length: int) -> list[int]:
    """+1/-1 for each point in a trend of ``length`` points (``length - 1`` equal steps)."""
    steps = _steps(values)
    out = [0] * len(values)
    start = 1
    for index in range(2, len(values) + 1):
        if index == len(values) or steps[index] != steps[start]:
            if steps[start] and index - start >= length - 1:
                for i in range(start - 1, index):
                    out[i] = steps[start]
            start = index
    return out


def _two_of_three(side: Sequence[int], near: Sequence[bool]) -> list[bool]:
    """Each point near a limit (not beyond it) that is one of two or more such points in three
    consecutive points, all three on the same side of the mean."""
    out = [False] * len(side)
    for start in range(len(side) - 2):
        window = range(start, start + 3)
        same = abs(sum(side[i] for i in window)) == 3
        if same and sum(near[i] for i in window) >= 2:
            for i in window:
                out[i] = out[i] or near[i]
    return out


def read(
    dates: Sequence[dt.date],
    values: Sequence[float],
    direction: int = 0,
    target: float | None = None,
    *,
    screen: bool = False,
) -> XmR | None:
    """The XmR chart of ``values``; None under :data:`MINIMUM` readings. ``screen`` leaves out
    of the average moving range any moving range of :data:`SCREEN` times the average or more
    (Nelson's screen, NHSRplotthedots' default); spreadkit's charts do not screen, as the Making
    Data Count Excel tools do not."""
    if len(values) < MINIMUM:
        return None
    mean = sum(values) / len(values)
    amr = average_moving_range(values) or 0.0
    if screen:
        kept = [r for r in moving_ranges(values) if r < SCREEN * amr]
        amr = sum(kept) / len(kept) if kept else amr
    lower, upper = mean - LIMIT * amr, mean + LIMIT * amr
    near_lower, near_upper = mean - NEAR * amr, mean + NEAR * amr
    side = [(v > mean) - (v < mean) for v in values]
    outside = [v > upper or v < lower for v in values]
    close = [
        not o and (v > near_upper or v < near_lower) for v, o in zip(values, outside, strict=True)
    ]
    trend = _trend_points(values, TREND)
    pairs = _two_of_three(side, close)
    runs = _run_of(side, RUN)
    points = []
    for i in range(len(values)):
        if outside[i]:
            points.append(Point("outside", side[i]))
        elif trend[i]:
            points.append(Point("trend", trend[i]))
        elif pairs[i]:
            points.append(Point("two-of-three", side[i]))
        elif runs[i]:
            points.append(Point("run", side[i]))
        else:
            points.append(Point("", 0))
    return XmR(
        tuple(dates),
        tuple(float(v) for v in values),
        mean,
        amr,
        lower,
        upper,
        near_lower,
        near_upper,
        tuple(points),
        _variation(points[-1], direction),
        _assurance(lower, upper, direction, target),
    )


def _variation(latest: Point, direction: int) -> str:
    if not latest.rule:
        return "common"
    if not direction:
        return "high" if latest.side > 0 else "low"
    return "improving" if latest.side * direction > 0 else "concerning"


def _assurance(lower: float, upper: float, direction: int, target: float | None) -> str:
    if target is None or not direction:
        return ""
    if target > upper:
        return "missed" if direction > 0 else "met"
    if target < lower:
        return "met" if direction > 0 else "missed"
    return "hit-and-miss"
