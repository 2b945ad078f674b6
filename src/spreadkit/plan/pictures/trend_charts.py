"""Pictures of the plan over time: run charts (a line per series over the check-ins) and a
readiness dot grid (``readiness_chart``), drawn from ``trends``' series as inline SVG and as
Mermaid ``xychart-beta``.

Like every chart, each has a title and a description in words; the HTML plan also shows each
chart's data as a table (``columns``/``rows``), and the Markdown plan shows the readiness grid,
which Mermaid cannot draw, as that table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field
from functools import lru_cache, partial

from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import grammar
from spreadkit.framework.model import Framework
from spreadkit.framework.wording import number
from spreadkit.plan.figures import trends as trend_figures
from spreadkit.plan.figures.trends import Trends
from spreadkit.plan.pictures import measure_charts
from spreadkit.plan.pictures.readiness_chart import readiness_grid
from spreadkit.plan.pictures.svg import (
    MUTED,
    TEXT,
    Chart,
    esc,
    fit,
    frame,
    mermaid_text,
    text_lines,
    text_width,
)


@dataclass(frozen=True)
class ChartLine:
    """One series on a run chart: a name, a value per point (None: nothing then) and a style."""

    name: str
    values: tuple[float | None, ...]
    style: str  # a CSS class suffix: trend-actual, trend-planned, trend-target, trend-baseline
    dashed: bool = False


@dataclass(frozen=True)
class Shade:
    """A band across a run chart, from ``low`` to ``high``, named on the chart."""

    low: float
    high: float
    label: str


@dataclass(frozen=True)
class TrendsView:
    """The "Progress over time" section: its charts, and a sentence per chart in words."""

    charts: tuple[Chart, ...] = ()
    summary: tuple[str, ...] = ()
    checkins: tuple[str, ...] = field(default=())  # each check-in's headline
    credit: str = ""  # the tipping point's credit, shown where the band is

    @property
    def shown(self) -> bool:
        return bool(self.charts)


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    if unit:
        return grammar.count(round(value, 1), unit, digits=True)  # "1 post", "2.5 posts"
    return number(round(value, 1))


def run_chart(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    lines: Sequence[ChartLine],
    shade: Shade | None = None,
    unit: str = "",
) -> Chart:
    """A line per series over the points in ``labels``, equally spaced, with an optional band."""
    values = [v for line in lines for v in line.values if v is not None]
    high = max([*values, shade.high if shade else 0, 1.0])
    high = _nice(high * 1.08)
    top_value = number(high)
    mermaid = [
        "xychart-beta",
        f'    title "{mermaid_text(title)}"',
        "    x-axis [" + ", ".join(f'"{mermaid_text(label)}"' for label in labels) + "]",
        f'    y-axis "{mermaid_text(unit.capitalize() or "Value")}" 0 --> {top_value}',
    ]
    for line in lines:
        if all(v is None for v in line.values):
            continue
        # Mermaid has no gaps: a missing value repeats the one before (or the first known)
        last = next(v for v in line.values if v is not None)
        filled: list[str] = []
        for known in line.values:
            if known is not None:
                last = known
            filled.append(number(round(last, 1)))
        mermaid.append(f"    line [{', '.join(filled)}]")
    columns = ("Point", *(line.name for line in lines))
    rows = tuple(
        (label, *(_fmt(line.values[i]) for line in lines)) for i, label in enumerate(labels)
    )
    drawing = partial(
        _run_svg, chart_id, title, description, tuple(labels), tuple(lines), shade, unit, high
    )
    return Chart(chart_id, "run", title, description, drawing, "\n".join(mermaid), columns, rows)


_WIDTH, _LEFT, _RIGHT, _TOP, _BOTTOM, _HEIGHT = 760, 56, 200, 24, 46, 280  # a run chart's frame
_PLOT_W, _PLOT_H = _WIDTH - _LEFT - _RIGHT, _HEIGHT - _TOP - _BOTTOM


def _run_svg(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    lines: Sequence[ChartLine],
    shade: Shade | None,
    unit: str,
    high: float,
) -> str:
    left, top, plot_w, width = _LEFT, _TOP, _PLOT_W, _WIDTH
    count = len(labels)

    def x_of(index: int) -> float:
        return _x_at(index, count)

    def y_of(value: float) -> float:
        return _y_at(value, high)

    body: list[str] = [_value_axis(high)]
    if shade is not None:
        y1, y2 = y_of(shade.high), y_of(shade.low)
        body.append(
            f'<rect x="{left}" y="{y1:.1f}" width="{plot_w}" height="{max(y2 - y1, 2):.1f}" class="trend-band"/>'
        )
        body.append(
            f'<text x="{left + 4}" y="{y1 - 3:.1f}" {MUTED} font-size="11">{esc(shade.label)}</text>'
        )
    body.append(_time_axis(tuple(labels)))
    legend_y = top + 14
    for line in lines:
        dash = ' stroke-dasharray="6 4"' if line.dashed else ""
        for run in _runs(line.values):
            at = [(f"{x_of(i):.1f}", f"{y_of(v):.1f}") for i, v in run]  # each point, once
            if len(run) > 1:
                points = " ".join(f"{cx},{cy}" for cx, cy in at)
                body.append(
                    f'<polyline points="{points}" class="trend-line {line.style}" fill="none" stroke-width="2.5"{dash}/>'
                )
            for cx, cy in at if not line.dashed or len(run) == 1 else ():
                body.append(f'<circle cx="{cx}" cy="{cy}" r="3.5" class="trend-dot {line.style}"/>')
        key, legend_y = _legend_entry(line.name, line.style, dash, legend_y)
        body.append(key)
    if unit:
        body.append(
            f'<text x="{max(left - 6, 4 + text_width(unit, 11)):.1f}" y="{top - 4}" text-anchor="end" {MUTED} font-size="11">{esc(unit)}</text>'
        )
    return frame(chart_id, width, max(_HEIGHT, round(legend_y)), title, description, body)


def _x_at(index: int, count: int) -> float:
    """Where the point ``index`` of ``count`` sits across the plot (one point: the middle)."""
    return _LEFT + (_PLOT_W / 2 if count == 1 else index * _PLOT_W / (count - 1))


def _y_at(value: float, high: float) -> float:
    """Where ``value`` sits up the plot, whose value axis runs from 0 to ``high``."""
    return _TOP + _PLOT_H - value / high * _PLOT_H


# A run chart's axes and key depend on little (the top value, the points' labels, a series'
# name): the same few come back on every chart of a plan and on plan after plan, so each is
# drawn once and kept, bounded (pure functions of their arguments: never stale).


@lru_cache(maxsize=256)
def _value_axis(high: float) -> str:
    """The value axis from 0 to ``high``: five gridlines, each with its value."""
    parts: list[str] = []
    for step in range(5):
        value = high * step / 4
        y = _y_at(value, high)
        parts.append(
            f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_LEFT + _PLOT_W}" y2="{y:.1f}" class="chart-gridline"/>'
            f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" {MUTED} font-size="11">{esc(number(round(value, 1)))}</text>'
        )
    return "".join(parts)


@lru_cache(maxsize=256)
def _time_axis(labels: tuple[str, ...]) -> str:
    """The points' labels along the bottom (about eight at most), and the axis line."""
    count = len(labels)
    step_every = max(1, round(count / 8))
    parts: list[str] = []
    for index, label in enumerate(labels):
        if index % step_every == 0 or index == count - 1:
            x = _x_at(index, count)
            parts.append(
                f'<text x="{x:.1f}" y="{_TOP + _PLOT_H + 18}" text-anchor="middle" {MUTED} font-size="11">{esc(label)}</text>'
            )
    parts.append(
        f'<line x1="{_LEFT}" y1="{_TOP + _PLOT_H}" x2="{_LEFT + _PLOT_W}" y2="{_TOP + _PLOT_H}" class="chart-axis"/>'
    )
    return "".join(parts)


@lru_cache(maxsize=256)
def _legend_entry(name: str, style: str, dash: str, legend_y: int) -> tuple[str, int]:
    """A series' line and name in the key at ``legend_y``, and where the next entry goes."""
    x = _WIDTH - _RIGHT
    name_lines = fit(name, _RIGHT - 50, 12)
    key = (
        f'<line x1="{x + 14}" y1="{legend_y - 4}" x2="{x + 38}" y2="{legend_y - 4}" class="trend-line {style}" stroke-width="2.5"{dash}/>'
        + text_lines(x + 44, legend_y, name_lines, 12, TEXT, 14)
    )
    return key, legend_y + 14 * len(name_lines) + 6


def _runs(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """The unbroken stretches of a series: a gap where a value is missing."""
    runs: list[list[tuple[int, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((index, value))
    return [run for run in runs if run]


def _nice(value: float) -> float:
    """A round top for an axis: 1, 2, 2.5 or 5 times a power of ten, at least ``value``."""
    power = 1.0
    while power * 10 < value:
        power *= 10
    while power > value:
        power /= 10
    for step in (1, 2, 2.5, 5, 10):
        if power * step >= value:
            return power * step
    return power * 10


def _change_words(values: Sequence[float | None], unit: str = "") -> str:
    known = [v for v in values if v is not None]
    if not known:
        return "nothing recorded yet"
    if len(known) == 1:
        return f"{_fmt(known[0], unit)}"
    return f"from {_fmt(known[0], unit)} to {_fmt(known[-1], unit)}"


def charts(trends: Trends) -> tuple[tuple[Chart, ...], tuple[str, ...]]:
    """The run charts and the readiness grid, with a sentence of each in words."""
    labels = trends.labels
    out: list[Chart] = []
    said: list[str] = []
    adoption = trends.adoption
    if any(v is not None for v in adoption.actual):
        tipping = adoption.tipping
        lines = [ChartLine("Actual", adoption.actual, "trend-actual")]
        if any(v is not None for v in adoption.planned):
            lines.append(ChartLine("Planned", adoption.planned, "trend-planned", dashed=True))
        shade = (
            Shade(
                tipping[0],
                tipping[1],
                f"Tipping point: {trend_figures.TIPPING_LOW}–{trend_figures.TIPPING_HIGH}% of potential adopters",
            )
            if tipping
            else None
        )
        words = f"Adoption {_change_words(adoption.actual, adoption.unit)}"
        if adoption.target:
            words += f", against a target of {_fmt(adoption.target, adoption.unit)}"
        if adoption.planned[-1] is not None:
            words += f"; planned by {labels[-1]}: {_fmt(adoption.planned[-1], adoption.unit)}"
            words += f" ({adoption.rule})"
        if tipping:
            words += (
                f". The tipping point band is {_fmt(tipping[0])}–{_fmt(tipping[1], adoption.unit)}"
                f" ({trend_figures.TIPPING_LOW}–{trend_figures.TIPPING_HIGH}% of potential adopters)"
            )
        out.append(
            run_chart(
                "trend-adoption",
                "Adoption against the target trajectory",
                words + ".",
                labels,
                lines,
                shade,
                adoption.unit,
            )
        )
        said.append(words + ".")
    pictures, measure_words = measure_charts.charts(trends.figures, "trend-measure")
    out += pictures
    said += measure_words
    if trends.readiness:
        out.append(readiness_grid("trend-readiness", trends))
    score = trends.sustainability
    if score is not None:
        words = f"{score.title}: {_change_words(score.totals)} of {number(score.maximum)}"
        if score.bands[-1]:
            words += f", now {score.bands[-1]}"
        out.append(
            run_chart(
                "trend-sustainability",
                f"{score.title} over time",
                words + ".",
                labels,
                [ChartLine("Score", score.totals, "trend-actual")],
            )
        )
        said.append(words + ".")
    actions = trends.actions
    if any(actions.total):
        due = tuple(None if v is None else float(v) for v in actions.due)
        done = tuple(float(v) for v in actions.done)
        words = f"Actions done {_change_words(done)}"
        if due[-1] is not None:
            words += f"; due by {labels[-1]} as first planned: {_fmt(due[-1])}"
        out.append(
            run_chart(
                "trend-actions",
                "Actions done against actions due",
                words + ".",
                labels,
                [
                    ChartLine("Done", done, "trend-actual"),
                    ChartLine("Due (as planned)", due, "trend-planned", dashed=True),
                ],
            )
        )
        said.append(words + ".")
    return tuple(out), tuple(said)


def build(framework: Framework, answers: Answers) -> TrendsView:
    """The "Progress over time" view; empty (not shown) without check-ins."""
    return view(answers, trend_figures.build(framework, answers))


def view(answers: Answers, trends: Trends | None) -> TrendsView:
    """The "Progress over time" view of trends already worked out (``figures.facts``)."""
    if trends is None:
        return TrendsView()
    pictures, summary = charts(trends)
    return TrendsView(
        charts=pictures,
        summary=summary,
        checkins=tuple(c.headline() for c in answers.checkins),
        credit=trend_figures.TIPPING_CREDIT if trends.adoption.tipping else "",
    )
