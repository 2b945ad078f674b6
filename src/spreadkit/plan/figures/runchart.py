"""Run-chart rules, as pure arithmetic over one series of dated readings.

The four rules are those of Perla, Provost and Murray, *The run chart: a simple analytical tool
for learning from variation in healthcare processes*, BMJ Quality & Safety 2011;20:46–51. How
each is applied here (docs/measures.md says it in words, with worked examples, and which parts
are spreadkit's own choices):

- **Centre line** (spreadkit's choice). The median of the first :data:`BASELINE_POINTS`
  readings (all of them when there are fewer), held fixed afterwards, so that later change
  shows against it.
- **Too early** (spreadkit's choice: the paper's table of runs starts at 10). Under
  :data:`MINIMUM_POINTS` readings no rule is applied.
- **Shift.** :data:`SHIFT` or more consecutive points all above, or all below, the median. A
  point exactly on the median neither breaks a shift nor counts towards it.
- **Trend.** :data:`TREND` or more consecutive points all going up, or all going down. A point
  equal to the one before is counted once: it neither breaks the trend nor adds to it.
- **Too few or too many runs.** A run is one or more consecutive useful points (not on the
  median) on the same side. The number of runs is compared with the paper's table
  (:data:`RUNS_TABLE`), by the number of useful points: fewer than the lower limit is too few,
  more than the upper limit too many. Outside the table's range the rule is not applied.
- **Astronomical point.** The paper leaves this to judgement: a point so different from the rest
  that anyone looking would agree. spreadkit only *suggests* a point to check, by its own
  operational rule: a point that stands apart both from the median and from the points either
  side of it, by more than :data:`ASTRONOMICAL` times the average moving range (the mean of the
  absolute differences between consecutive readings). A point in a step change is near its
  neighbours, so a sustained change is a shift, not a run of astronomical points. The words
  call it "a possible astronomical point (a judgement to check)", never a finding.

Each :class:`Signal` lists the points its rule counts, so the words ("6 points below the
median") and the rings on the chart never include a point on the median or a repeated value.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections.abc import Sequence

from spreadkit.core.records import dataclass

BASELINE_POINTS = 12
MINIMUM_POINTS = 10
SHIFT = 6
TREND = 5
ASTRONOMICAL = 3.0

#: Perla, Provost and Murray (2011), Table 1 (adapted there from Swed and Eisenhart, 1943): by
#: the number of useful observations (points not on the median), the lowest and highest number
#: of runs expected from random variation alone. Checked row by row against the printed table;
#: note 35 (12 to 24) and 56 (22 to 35), which are not the exact 2.5%-a-side figures.
RUNS_TABLE: dict[int, tuple[int, int]] = {
    10: (3, 9), 11: (3, 10), 12: (3, 11), 13: (4, 11), 14: (4, 12), 15: (5, 12),
    16: (5, 13), 17: (5, 13), 18: (6, 14), 19: (6, 15), 20: (6, 16), 21: (7, 16),
    22: (7, 17), 23: (7, 17), 24: (8, 18), 25: (8, 18), 26: (9, 19), 27: (10, 19),
    28: (10, 20), 29: (10, 20), 30: (11, 21), 31: (11, 22), 32: (11, 23), 33: (12, 23),
    34: (12, 24), 35: (12, 24), 36: (13, 25), 37: (13, 25), 38: (14, 26), 39: (14, 26),
    40: (15, 27), 41: (15, 27), 42: (16, 28), 43: (16, 28), 44: (17, 29), 45: (17, 30),
    46: (17, 31), 47: (18, 31), 48: (18, 32), 49: (19, 32), 50: (19, 33), 51: (20, 33),
    52: (20, 34), 53: (21, 34), 54: (21, 35), 55: (22, 35), 56: (22, 35), 57: (23, 36),
    58: (23, 37), 59: (24, 38), 60: (24, 38),
}  # fmt: skip


@dataclass(frozen=True)
class Signal:
    """One signal: its rule, the first and last point it covers (0-based), its direction (+1 up
    or above, -1 down or below, 0 for a rule with none: too few or too many runs) and the points
    the rule counts. A point on the median inside a shift, or a value repeated inside a trend,
    lies between ``start`` and ``end`` but is not one of ``points``."""

    rule: str  # shift, trend, runs, astronomical
    start: int
    end: int
    direction: int
    detail: str = ""  # "too few" or "too many" for runs
    points: tuple[int, ...] = ()

    @property
    def count(self) -> int:
        """How many points the rule counts: a shift of six is six points off the median."""
        return len(self.points)


@dataclass(frozen=True)
class RunChart:
    """One series read by the run-chart rules."""

    dates: tuple[dt.date, ...]
    values: tuple[float, ...]
    baseline_points: int  # how many of the first points the median is taken from
    median: float | None
    useful: int  # points not on the median
    runs: int
    runs_range: tuple[int, int] | None  # the table's limits for ``useful``; None outside it
    signals: tuple[Signal, ...]

    @property
    def too_early(self) -> bool:
        return len(self.values) < MINIMUM_POINTS

    def of(self, rule: str) -> tuple[Signal, ...]:
        return tuple(s for s in self.signals if s.rule == rule)


def baseline_median(values: Sequence[float]) -> tuple[float | None, int]:
    """The centre line and how many points it is taken from."""
    count = min(len(values), BASELINE_POINTS)
    if not count:
        return None, 0
    return float(statistics.median(values[:count])), count


def sides(values: Sequence[float], centre: float) -> list[int]:
    """+1 above the centre, -1 below, 0 on it, for each point."""
    return [(v > centre) - (v < centre) for v in values]


def shifts(values: Sequence[float], centre: float, length: int = SHIFT) -> list[Signal]:
    """Each longest stretch of ``length`` or more points on one side of ``centre``; points on it
    are skipped (they neither break the stretch nor count)."""
    out: list[Signal] = []
    side, counted = 0, [0]
    for index, where in enumerate([*sides(values, centre), 2]):  # 2: an end marker
        if where == 0:
            continue
        if where == side:
            counted.append(index)
            continue
        if side and len(counted) >= length:
            out.append(Signal("shift", counted[0], counted[-1], side, points=tuple(counted)))
        side, counted = where, [index]
    return out


def trends(values: Sequence[float], length: int = TREND) -> list[Signal]:
    """Each longest stretch of ``length`` or more points going one way; a point equal to the one
    before is counted once (it neither breaks the trend nor adds to it)."""
    out: list[Signal] = []
    direction, counted = 0, [0]
    for index in range(1, len(values) + 1):
        step = (
            2
            if index == len(values)
            else (values[index] > values[index - 1]) - (values[index] < values[index - 1])
        )
        if step == 0:
            continue
        if step == direction:
            counted.append(index)
            continue
        if direction and len(counted) >= length:
            out.append(Signal("trend", counted[0], counted[-1], direction, points=tuple(counted)))
        # the point before this step starts the new stretch (the first of any equal ones)
        start = index - 1
        while start > 0 and values[start - 1] == values[start]:
            start -= 1
        direction, counted = step, [start, index]
    return out


def count_runs(values: Sequence[float], centre: float) -> tuple[int, int]:
    """(useful points, runs): the points not on ``centre``, and how many runs they make."""
    useful = [s for s in sides(values, centre) if s]
    runs = sum(1 for i, s in enumerate(useful) if i == 0 or s != useful[i - 1])
    return len(useful), runs


def runs_signal(values: Sequence[float], centre: float) -> tuple[int, int, Signal | None]:
    useful, runs = count_runs(values, centre)
    limits = RUNS_TABLE.get(useful)
    if limits is None:
        return useful, runs, None
    low, high = limits
    if runs < low:
        return useful, runs, Signal("runs", 0, len(values) - 1, 0, "too few")
    if runs > high:
        return useful, runs, Signal("runs", 0, len(values) - 1, 0, "too many")
    return useful, runs, None


def moving_ranges(values: Sequence[float]) -> list[float]:
    """The absolute differences between consecutive values."""
    return [abs(b - a) for a, b in itertools.pairwise(values)]


def average_moving_range(values: Sequence[float]) -> float | None:
    """The mean of the moving ranges; None under two values."""
    ranges = moving_ranges(values)
    return sum(ranges) / len(ranges) if ranges else None


def astronomical(values: Sequence[float], centre: float) -> list[Signal]:
    """spreadkit's rule: further than 3 × the average moving range from the median and from
    each neighbouring point."""
    spread = average_moving_range(values)
    if not spread:
        return []
    reach = ASTRONOMICAL * spread
    out = []
    for i, value in enumerate(values):
        neighbours = [values[j] for j in (i - 1, i + 1) if 0 <= j < len(values)]
        if abs(value - centre) > reach and all(abs(value - n) > reach for n in neighbours):
            out.append(Signal("astronomical", i, i, 1 if value > centre else -1, points=(i,)))
    return out


def read(dates: Sequence[dt.date], values: Sequence[float]) -> RunChart:
    """``values`` (oldest first, one per date) read by the four rules."""
    centre, count = baseline_median(values)
    if centre is None:
        return RunChart((), (), 0, None, 0, 0, None, ())
    useful, runs = count_runs(values, centre)
    signals: list[Signal] = []
    limits = RUNS_TABLE.get(useful)
    if len(values) >= MINIMUM_POINTS:
        signals += shifts(values, centre)
        signals += trends(values)
        useful, runs, runs_found = runs_signal(values, centre)
        if runs_found is not None:
            signals.append(runs_found)
        signals += astronomical(values, centre)
    return RunChart(
        tuple(dates), tuple(float(v) for v in values), count, centre, useful, runs, limits,
        tuple(signals),
    )  # fmt: skip
