"""Pictures of the measures: a run chart for every measure with readings and, with 15 or more
readings, an XmR chart, drawn from ``measure_series`` as inline SVG, Mermaid and a table.

The time axis is real: a point sits at its date, so uneven gaps between readings show as uneven
gaps. The title names the measure and its unit; each time point or group is its own labelled
series, told apart by its marker's shape as well as its colour; the centre line, baseline,
target and (on an XmR chart) process limits are drawn and named in the legend; the points in a
signal are ringed. Mermaid cannot place points by date, so the Markdown plan shows the table of
dates and values beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache, partial

from spreadkit.core.records import dataclass
from spreadkit.framework.wording import number, short_date
from spreadkit.plan.figures import measure_series
from spreadkit.plan.figures.measure_series import MeasureFigure, Series
from spreadkit.plan.pictures.svg import (
    MUTED,
    TEXT,
    Chart,
    esc,
    fit,
    frame,
    mermaid_text,
    text_lines,
)

WIDTH, LEFT, RIGHT, TOP, BOTTOM, HEIGHT = 760, 64, 210, 30, 44, 300
SERIES_STYLES = ("measure-s1", "measure-s2", "measure-s3", "measure-s4", "measure-s5")
RING = {"improving": "measure-ring-better", "concerning": "measure-ring-worse", "": "measure-ring"}
DATED = "Points are placed at their dates."  # the drawn chart; Mermaid spaces them evenly


@dataclass(frozen=True)
class Level:
    """A horizontal line across the chart: the median, the mean, a limit, the baseline, the target."""

    name: str
    value: float
    style: str
    dashed: bool = True
    column: str = ""  # its heading in the table; the first word of ``name`` when not given

    @property
    def heading(self) -> str:
        return self.column or self.name.split(" ")[0]


def _ticks(low: float, high: float) -> list[float]:
    """About five round values from ``low`` to ``high``."""
    span = high - low or abs(high) or 1.0
    raw = span / 4
    power = 10.0 ** int(f"{raw:e}".split("e")[1])
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = (low // step) * step
    out: list[float] = []
    value = start
    while value <= high + step * 0.999 and len(out) < 12:
        out.append(round(value, 10))
        value += step
    return out


def _marker(style: str, x: float, y: float, index: int) -> str:
    kind = index % 4
    if kind == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" class="measure-dot {style}"/>'
    if kind == 1:
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" class="measure-dot {style}"/>'
    if kind == 2:
        return f'<path d="M{x:.1f} {y - 5:.1f} l4.5 8 l-9 0 Z" class="measure-dot {style}"/>'
    return f'<path d="M{x:.1f} {y - 5:.1f} l5 5 l-5 5 l-5 -5 Z" class="measure-dot {style}"/>'


def _x_at(day: dt.date, first: dt.date, last: dt.date) -> float:
    """Where ``day`` sits across the plot, from ``first`` to ``last`` (one date: the middle)."""
    plot_w = WIDTH - LEFT - RIGHT
    if first == last:
        return LEFT + plot_w / 2
    return LEFT + (day - first).days / max((last - first).days, 1) * plot_w


def _y_at(value: float, low: float, high: float) -> float:
    """Where ``value`` sits up the plot, whose value axis runs from ``low`` to ``high``."""
    plot_h = HEIGHT - TOP - BOTTOM
    return TOP + plot_h - (value - low) / (high - low) * plot_h


def draw(
    chart_id: str,
    title: str,
    description: str,
    unit: str,
    series: Sequence[Series],
    levels: Sequence[Level],
    rings: Sequence[tuple[int, int, str]] = (),  # (series index, point index, ring kind)
) -> str:
    """The SVG: points at their dates, ``levels`` across, ``rings`` round signal points."""
    plot_w = WIDTH - LEFT - RIGHT
    dates = sorted({d for s in series for d in s.dates})
    first, last = dates[0], dates[-1]
    values = [v for s in series for v in s.values] + [level.value for level in levels]
    ticks = _ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1] if ticks[-1] > ticks[0] else ticks[0] + 1

    def x_of(day: dt.date) -> float:
        return _x_at(day, first, last)

    def y_of(value: float) -> float:
        return _y_at(value, low, high)

    body: list[str] = [_axes(tuple(ticks), low, high, unit, tuple(dates))]
    for level in levels:
        y = y_of(level.value)
        dash = ' stroke-dasharray="6 4"' if level.dashed else ""
        body.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" class="measure-level {level.style}" stroke-width="1.5"{dash}/>'
        )
    for index, one in enumerate(series):
        style = SERIES_STYLES[index % len(SERIES_STYLES)]
        points = " ".join(
            f"{x_of(d):.1f},{y_of(v):.1f}" for d, v in zip(one.dates, one.values, strict=True)
        )
        if len(one.values) > 1:
            body.append(
                f'<polyline points="{points}" class="measure-line {style}" fill="none" stroke-width="2"/>'
            )
        for d, v in zip(one.dates, one.values, strict=True):
            body.append(_marker(style, x_of(d), y_of(v), index))
    for s_index, p_index, kind in rings:
        one = series[s_index]
        body.append(
            f'<circle cx="{x_of(one.dates[p_index]):.1f}" cy="{y_of(one.values[p_index]):.1f}" r="8" class="{RING[kind]}" fill="none" stroke-width="2"/>'
        )
    legend_y = TOP + 6
    entries = [
        (s.label or "Readings", SERIES_STYLES[i % len(SERIES_STYLES)], i, False)
        for i, s in enumerate(series)
    ]
    entries += [(level.name, level.style, -1, level.dashed) for level in levels]
    for name, style, index, dashed in entries:
        x0 = WIDTH - RIGHT + 12
        if index >= 0:
            body.append(
                f'<line x1="{x0}" y1="{legend_y - 4}" x2="{x0 + 24}" y2="{legend_y - 4}" class="measure-line {style}" stroke-width="2"/>'
            )
            body.append(_marker(style, x0 + 12, legend_y - 4, index))
        else:
            dash = ' stroke-dasharray="6 4"' if dashed else ""
            body.append(
                f'<line x1="{x0}" y1="{legend_y - 4}" x2="{x0 + 24}" y2="{legend_y - 4}" class="measure-level {style}" stroke-width="1.5"{dash}/>'
            )
        lines = fit(name, RIGHT - 50, 12)
        body.append(text_lines(x0 + 30, legend_y, lines, 12, TEXT, 14))
        legend_y += 14 * len(lines) + 6
    if rings:
        x0 = WIDTH - RIGHT + 24
        body.append(
            f'<circle cx="{x0}" cy="{legend_y - 4}" r="7" class="measure-ring" fill="none" stroke-width="2"/>'
        )
        body.append(
            text_lines(x0 + 18, legend_y, fit("A point in a signal", RIGHT - 50, 12), 12, TEXT, 14)
        )
        legend_y += 20
    return frame(chart_id, WIDTH, max(HEIGHT, round(legend_y) + 8), title, description, body)


@lru_cache(maxsize=256)
def _axes(
    ticks: tuple[float, ...], low: float, high: float, unit: str, dates: tuple[dt.date, ...]
) -> str:
    """The value axis (a gridline and its value at each tick, the unit) and the time axis (a
    label at a reading's date where there is room): the same on a plan's run and XmR charts of
    one measure, so drawn once and kept, bounded (a pure function of its arguments)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    first, last = dates[0], dates[-1]
    parts: list[str] = []
    for tick in ticks:
        y = _y_at(tick, low, high)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" class="chart-gridline"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" {MUTED} font-size="11">{esc(number(tick))}</text>'
        )
    if unit:
        parts.append(
            f'<text x="{LEFT - 6}" y="{TOP - 12}" text-anchor="end" {MUTED} font-size="11">{esc(unit)}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" class="chart-axis"/>'
    )
    drawn = -1e9
    for day in dates:  # a label at a reading's date, where there is room for it
        x = _x_at(day, first, last)
        if x - drawn >= 62 or (day == last and x - drawn >= 40):
            parts.append(
                f'<line x1="{x:.1f}" y1="{TOP + plot_h}" x2="{x:.1f}" y2="{TOP + plot_h + 4}" class="chart-axis"/>'
                f'<text x="{x:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" {MUTED} font-size="11">{esc(f"{day:%b %Y}")}</text>'
            )
            drawn = x
    return "".join(parts)


def _cells(series: Series, unit: MeasureFigure) -> dict[dt.date, str]:
    """Each date's reading as the table shows it (the first reading of a date)."""
    out: dict[dt.date, str] = {}
    for reading in series.readings:
        if reading.date not in out:
            text = unit.spec.with_unit(reading.value)
            out[reading.date] = f"{text} (n={reading.n})" if reading.n is not None else text
    return out


def _table(
    figure: MeasureFigure, series: Sequence[Series], levels: Sequence[Level]
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    dates = sorted({d for s in series for d in s.dates})
    columns = (
        "Date",
        *(s.label or "Reading" for s in series),
        *(level.heading for level in levels),
    )
    cells = [_cells(s, figure) for s in series]
    across = tuple(figure.spec.with_unit(round(level.value, 2)) for level in levels)  # each once
    rows = tuple(
        (short_date(day), *(by_date.get(day, "") for by_date in cells), *across) for day in dates
    )
    return columns, rows


def _mermaid(title: str, unit: str, series: Sequence[Series], levels: Sequence[Level]) -> str:
    dates = sorted({d for s in series for d in s.dates})
    values = [v for s in series for v in s.values] + [level.value for level in levels]
    ticks = _ticks(min(values), max(values))
    out = [
        "xychart-beta",
        f'    title "{mermaid_text(title)}"',
        "    x-axis [" + ", ".join(f'"{mermaid_text(short_date(d))}"' for d in dates) + "]",
        f'    y-axis "{mermaid_text(unit or "Value")}" {number(ticks[0])} --> {number(ticks[-1])}',
    ]
    for one in series:
        by_date = dict(zip(one.dates, one.values, strict=True))
        last = one.values[0]
        filled = []
        for day in dates:  # Mermaid has no gaps: a missing value repeats the one before
            last = by_date.get(day, last)
            filled.append(number(round(last, 2)))
        out.append(f"    line [{', '.join(filled)}]")
    for level in levels:
        out.append(f"    line [{', '.join([number(round(level.value, 2))] * len(dates))}]")
    return "\n".join(out)


def _plan_levels(figure: MeasureFigure) -> list[Level]:
    spec = figure.spec
    out = []
    if spec.baseline is not None:
        out.append(
            Level(f"Baseline {spec.with_unit(spec.baseline)}", spec.baseline, "trend-baseline")
        )
    if spec.target is not None:
        out.append(Level(f"Target {spec.with_unit(spec.target)}", spec.target, "trend-target"))
    return out


def run_chart(chart_id: str, figure: MeasureFigure) -> Chart:
    """The run chart of a measure: every series, the median of a single series, the baseline
    and the target; the rules' findings in the description."""
    spec = figure.spec
    series = figure.series
    levels = _plan_levels(figure)
    said = []
    rings: list[tuple[int, int, str]] = []
    for s_index, one in enumerate(series):
        name = f"{one.label}: " if one.label else ""
        said.append(f"{name}{measure_series.run_verdict(one, spec)}")
        for signal in one.run.signals:  # the runs rule has no points of its own
            kind = measure_series.way_of(signal.direction, spec)
            rings += [(s_index, i, kind) for i in signal.points]
    median = series[0].run.median if len(series) == 1 else None
    if median is not None:
        words = measure_series.centre_words(series[0])
        levels.insert(
            0, Level(f"Median ({words})", median, "measure-median", dashed=False, column="Median")
        )
    latest = figure.latest()
    lead = (
        f"Latest {spec.with_unit(latest.value)} on {short_date(latest.date)}. "
        if latest and len(series) == 1
        else ""
    )
    description = lead + "Run chart: " + "; ".join(said) + "."
    title = f"Run chart of {figure.title}"
    columns, rows = _table(figure, series, levels)
    drawing = partial(
        draw,
        chart_id,
        title,
        f"{description} {DATED}",
        spec.unit,
        series,
        tuple(levels),
        tuple(rings),
    )
    return Chart(
        chart_id,
        "measure",
        title,
        description,
        drawing,
        _mermaid(title, spec.unit, series, levels),
        columns,
        rows,
        DATED,
    )


def xmr_chart(chart_id: str, figure: MeasureFigure, series: Series) -> Chart | None:
    """The XmR chart of one series with 15 or more readings: mean, process limits, target, and
    the points that break a Making Data Count rule ringed; None with fewer readings."""
    chart = series.xmr
    if chart is None:
        return None
    spec = figure.spec
    levels = [
        Level(
            f"Mean {spec.with_unit(round(chart.mean, 2))}", chart.mean, "measure-mean", dashed=False
        ),
        Level(
            f"Upper limit {spec.with_unit(round(chart.upper, 2))}",
            chart.upper,
            "measure-limit",
            column="Upper limit",
        ),
        Level(
            f"Lower limit {spec.with_unit(round(chart.lower, 2))}",
            chart.lower,
            "measure-limit",
            column="Lower limit",
        ),
    ]
    if spec.target is not None:
        levels.append(Level(f"Target {spec.with_unit(spec.target)}", spec.target, "trend-target"))
    rings = []
    for index, point in enumerate(chart.points):
        if point.rule:
            rings.append((0, index, measure_series.way_of(point.side, spec)))
    label = f", {series.label}" if series.label else ""
    title = f"XmR chart of {figure.title}{label}"
    ideal = (
        ""
        if chart.ideal
        else f" Limits from {len(chart.values)} readings: 20 or more give firmer limits."
    )
    description = (
        f"Making Data Count: {measure_series.spc_verdict(series)}. Mean {spec.with_unit(round(chart.mean, 2))}; "
        f"process limits {spec.with_unit(round(chart.lower, 2))} to {spec.with_unit(round(chart.upper, 2))} "
        f"(mean ± 2.66 × the average moving range, {number(round(chart.moving_range, 2))}).{ideal}"
    )
    columns, rows = _table(figure, [series], levels)
    drawing = partial(
        draw, chart_id, title, description, spec.unit, (series,), tuple(levels), tuple(rings)
    )
    mermaid = _mermaid(title, spec.unit, [series], levels)
    return Chart(chart_id, "measure", title, description, drawing, mermaid, columns, rows)


def charts(
    figures: Sequence[MeasureFigure], prefix: str = "measure"
) -> tuple[tuple[Chart, ...], tuple[str, ...]]:
    """Every measure's charts (ids ``PREFIX-1``, ``PREFIX-1-xmr-1``…), and a sentence of each."""
    out: list[Chart] = []
    said: list[str] = []
    for index, figure in enumerate(figures, start=1):
        out.append(run_chart(f"{prefix}-{index}", figure))
        said.append(measure_series.summary(figure))
        for s_index, one in enumerate(figure.series):
            xmr = xmr_chart(f"{prefix}-{index}-xmr-{s_index + 1}", figure, one)
            if xmr is not None:
                out.append(xmr)
    return tuple(out), tuple(said)
