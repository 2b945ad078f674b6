"""Each measure's readings as series over time, read by the run-chart rules and (with enough
readings) as an XmR chart, and what they show in words. Pure data; ``measure_charts`` draws it.

A measure with time points or groups has one series per time point or group; readings given for
the whole measure make their own series. Two readings of one series on the same date: the one
recorded later stands (a correction). The words come from one function, :func:`series_verdict`, which
the plan, the report and ``spreadkit status`` all use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spreadkit.answers import history
from spreadkit.answers.measures import MeasureSpec, measure_specs
from spreadkit.answers.readings import Reading
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework.model import Framework
from spreadkit.framework.wording import short_date
from spreadkit.plan.figures import runchart, spc
from spreadkit.plan.figures.runchart import RunChart, Signal
from spreadkit.plan.figures.spc import XmR


@dataclass(frozen=True)
class Series:
    """One series of a measure: the whole measure ("" label), or one time point or group."""

    label: str
    readings: tuple[Reading, ...]
    run: RunChart
    xmr: XmR | None

    @property
    def dates(self) -> tuple[dt.date, ...]:
        return tuple(r.date for r in self.readings)

    @property
    def values(self) -> tuple[float, ...]:
        return tuple(r.value for r in self.readings)


@dataclass(frozen=True)
class MeasureFigure:
    spec: MeasureSpec
    series: tuple[Series, ...]

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def title(self) -> str:
        """The measure's name with its unit: "Wait for a first appointment (days)"."""
        return f"{self.spec.name} ({self.spec.unit})" if self.spec.unit else self.spec.name

    def latest(self) -> Reading | None:
        """The latest reading: of the whole measure if it has any, else of any series."""
        whole = next((s for s in self.series if not s.label), None)
        pool = whole.readings if whole else tuple(r for s in self.series for r in s.readings)
        return max(pool, key=lambda r: r.date) if pool else None


def _series(label: str, readings: Sequence[Reading], spec: MeasureSpec) -> Series:
    by_date: dict[dt.date, Reading] = {}
    for reading in readings:  # in the order recorded: a later one on the same date stands
        by_date[reading.date] = reading
    kept = tuple(by_date[d] for d in sorted(by_date))
    dates = [r.date for r in kept]
    values = [r.value for r in kept]
    return Series(
        label,
        kept,
        runchart.read(dates, values),
        spc.read(dates, values, spec.direction, spec.target),
    )


def figure(answers: Answers, spec: MeasureSpec, as_of: dt.date | None = None) -> MeasureFigure:
    """``spec``'s readings (on or before ``as_of``, when given) as series."""
    taken = [
        r for r in history.measure_readings(answers, spec.name) if as_of is None or r.date <= as_of
    ]
    labels = ["", *spec.parts]
    labels += [r.part for r in taken if r.part not in labels]  # a part since removed
    out = []
    for label in dict.fromkeys(labels):
        mine = [r for r in taken if r.part == label]
        if mine:
            out.append(_series(label, mine, spec))
    return MeasureFigure(spec, tuple(out))


def figures(
    framework: Framework, answers: Answers, as_of: dt.date | None = None
) -> tuple[MeasureFigure, ...]:
    """Every measure with at least one reading, in the plan's order."""
    out = []
    for spec in measure_specs(framework, answers):
        made = figure(answers, spec, as_of)
        if made.series:
            out.append(made)
    return tuple(out)


# -- in words -----------------------------------------------------------------------------------


def way_of(direction: int, spec: MeasureSpec) -> str:
    """``improving`` or ``concerning`` for a move up (+1) or down (-1), by which way is better."""
    if not spec.direction or not direction:
        return ""
    return "improving" if direction * spec.direction > 0 else "concerning"


def signal_words(signal: Signal, series: Series, spec: MeasureSpec) -> str:
    """One run-chart signal in words, with its dates and whether it is good news. The counts are
    the points the rule counts (a point on the median inside a shift is not one of them); an
    astronomical point is said as a judgement to check, never as a finding."""
    dates = series.dates
    way = way_of(signal.direction, spec)
    tail = f" ({way})" if way else ""
    since = f"{short_date(dates[signal.start])} to {short_date(dates[signal.end])}"
    if signal.rule == "shift":
        side = "above" if signal.direction > 0 else "below"
        return f"a shift: {signal.count} points {side} the median, {since}{tail}"
    if signal.rule == "trend":
        move = "rising" if signal.direction > 0 else "falling"
        return f"a trend: {signal.count} points {move} from {since}{tail}"
    if signal.rule == "runs":
        low, high = series.run.runs_range or (0, 0)
        return (
            f"{signal.detail} runs: {series.run.runs} runs in {series.run.useful} points off "
            f"the median ({low} to {high} expected)"
        )
    value = spec.with_unit(series.values[signal.start])
    where = "above" if signal.direction > 0 else "below"
    return (
        f"a possible astronomical point (a judgement to check): {value} on "
        f"{short_date(dates[signal.start])}, far {where} the rest"
    )


def run_verdict(series: Series, spec: MeasureSpec, brief: bool = False) -> str:
    """What the run chart shows, in one sentence's worth of words (``brief``: the same, without
    the counts and dates, for a table cell). A possible astronomical point is a point to check,
    not a signal: the paper leaves it to judgement."""
    run = series.run
    if run.too_early:
        if brief:
            return "too early to judge"
        return f"too early to judge ({len(series.readings)} of {runchart.MINIMUM_POINTS} readings)"
    if not run.signals:
        return "no signal: random variation around the median"
    if not brief:
        return "; ".join(signal_words(s, series, spec) for s in run.signals)
    found = [s for s in run.signals if s.rule != "astronomical"]
    said = []
    if found:
        names = {"shift": "a shift", "trend": "a trend"}
        words = [names.get(s.rule, f"{s.detail} runs") for s in found]
        ways = {way_of(s.direction, spec) for s in found} - {""}
        tail = f" ({ways.pop()})" if len(ways) == 1 else ""
        said.append("signal: " + ", ".join(dict.fromkeys(words)) + tail)
    if len(found) < len(run.signals):
        said.append("a point to check" if found else "a point to check (possibly astronomical)")
    return "; ".join(said)


def spc_verdict(series: Series) -> str:
    """The Making Data Count summary: variation, then assurance where there is one."""
    chart = series.xmr
    if chart is None:
        return ""
    words = spc.VARIATION_WORDS[chart.variation]
    if chart.assurance:
        words += f"; {spc.ASSURANCE_WORDS[chart.assurance]}"
    return words


def series_verdict(series: Series, spec: MeasureSpec, brief: bool = False) -> str:
    """The one sentence said for a series everywhere: the Making Data Count summary with 15 or
    more readings, else what the run chart shows (``brief``: for a table cell)."""
    return spc_verdict(series) or run_verdict(series, spec, brief)


def centre_words(series: Series) -> str:
    """Which points the centre line is taken from, as the chart says it."""
    run = series.run
    if run.median is None:
        return ""
    first = run.baseline_points
    which = f"the first {first}" if first < len(run.values) else f"all {first}"
    return f"median of {which} readings"


def levels_words(spec: MeasureSpec) -> str:
    """``baseline 56 days, target 7 days (lower is better)``; "" when none is known."""
    parts = []
    if spec.baseline is not None:
        parts.append(f"baseline {spec.with_unit(spec.baseline)}")
    if spec.target is not None:
        parts.append(f"target {spec.with_unit(spec.target)}")
    if spec.better in ("higher", "lower"):
        parts.append(f"{spec.better} is better")
    return ", ".join(parts)


def _moved(series: Series, spec: MeasureSpec) -> str:
    values = series.values
    moved = (
        f"{spec.with_unit(values[0])} to {spec.with_unit(values[-1])}"
        if len(values) > 1
        else spec.with_unit(values[0])
    )
    name = f"{series.label} " if series.label else ""
    return f"{name}{moved} ({short_date(series.dates[-1])})"


def summary(figure: MeasureFigure) -> str:
    """The measure in one sentence, said the same in the plan, the report and the status: its
    readings from first to latest with their dates, its baseline and target with units, and
    what each series' chart shows (said once when every series shows the same)."""
    spec = figure.spec
    levels = levels_words(spec)
    head = f"{spec.name} ({levels})" if levels else figure.title
    verdicts = [series_verdict(s, spec) for s in figure.series]
    if len(set(verdicts)) == 1:
        moved = "; ".join(_moved(s, spec) for s in figure.series)
        return f"{head}: {moved}; {verdicts[0]}."
    each = "; ".join(
        f"{_moved(s, spec)}, {v}" for s, v in zip(figure.series, verdicts, strict=True)
    )
    return f"{head}: {each}."
