"""Pictures of a programme: phases with their decision points, a risk heat map, progress to target.

They take plain data (``PhaseBar``, ``RiskPoint``, ``ProgressRow``), which ``programme.py``
reads from the answers as a step's ``charts:`` asks. Each has a title and a description in
words; the Markdown plan gets a Mermaid diagram or, where Mermaid has none, a table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache, partial

from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import values
from spreadkit.framework.model import ChartSpec, Step
from spreadkit.framework.wording import number, short_date
from spreadkit.plan.figures import programme
from spreadkit.plan.figures.programme import (
    ChartBand,
    PhaseBar,
    ProgressRow,
    RiskPoint,
    band_for,
    progress_words,
)
from spreadkit.plan.pictures.svg import (
    MUTED,
    TEXT,
    Chart,
    esc,
    fit,
    frame,
    mermaid_text,
    months_between_labels,
    text_lines,
    text_width,
)


@lru_cache(maxsize=1024)  # the same few months on every plan: each worked out once
def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


@lru_cache(maxsize=1024)
def _month(day: dt.date) -> tuple[str, float]:
    """``Jan 2027`` and how wide it draws: a month's label on a time axis."""
    return (label := f"{day:%b %Y}"), text_width(label, 11)


def _beside(x: float, y: float, text: str, width: float, gap: float) -> str:
    """Small grey text beside a mark at ``x``: after it when it fits there, else before it."""
    wide = text_width(text, 11)
    if x + gap + wide <= width:
        return f'<text x="{x + gap:.1f}" y="{y}" {MUTED} font-size="11">{esc(text)}</text>'
    right = max(x - gap, wide)
    return (
        f'<text x="{right:.1f}" y="{y}" text-anchor="end" {MUTED} font-size="11">{esc(text)}</text>'
    )


# -- phases --------------------------------------------------------------------------------------


def _phase_words(phase: PhaseBar) -> str:
    if phase.start and phase.end:
        when = f"{values.display_date(phase.start)} to {values.display_date(phase.end)}"
    elif phase.start or phase.end:
        when = (
            f"from {values.display_date(phase.start)}"
            if phase.start
            else f"until {values.display_date(phase.end)}"  # type: ignore[arg-type]
        )
    else:
        when = "no dates yet"
    words = f"{phase.name}, {when}"
    if phase.decision:
        words += f"; decision to move on: {phase.decision}"
        words += f" (decided by {phase.decider})" if phase.decider else ""
    return words


def phases(chart_id: str, title: str, bars: Sequence[PhaseBar]) -> Chart:
    """A timeline of phases as bars, each ending in a diamond: the decision point."""
    description = "; ".join(_phase_words(p) for p in bars) + "." if bars else "No phases yet."
    lines = ["gantt", f"    title {mermaid_text(title)}", "    dateFormat YYYY-MM-DD"]
    lines.append("    axisFormat %b %Y")
    for phase in bars:
        if not (phase.start and phase.end):
            continue  # Mermaid cannot draw a phase without both dates; the text still lists it
        name = mermaid_text(phase.name) or "Phase"
        lines.append(f"    section {name}")
        lines.append(f"    {name} : {phase.start.isoformat()}, {phase.end.isoformat()}")
        decision = mermaid_text(phase.decision) or "Decision point"
        lines.append(f"    Decision - {decision} : milestone, {phase.end.isoformat()}, 0d")
    drawing = partial(_phases_svg, chart_id, title, description, tuple(bars))
    return Chart(chart_id, "phases", title, description, drawing, "\n".join(lines))


def _phases_svg(chart_id: str, title: str, description: str, bars: Sequence[PhaseBar]) -> str:
    width, left, right = 800, 230, 40
    names = [fit(phase.name, left - 20) for phase in bars]
    heights = [max(40, 16 * len(name) + 22) for name in names]
    height = 46 + sum(heights) if bars else 86
    body: list[str] = []
    days = [d for p in bars for d in (p.start, p.end) if d]
    if days:
        start, end = min(days).replace(day=1), _next_month(max(days))
        span = max((end - start).days, 1)

        def x_of(day: dt.date) -> float:
            return left + (day - start).days / span * (width - left - right)

        step, month, count = months_between_labels(span, width - left - right), start, 0
        y2 = height - 8
        while month <= end:
            at = f"{(x := x_of(month)):.1f}"
            if step <= 3 or count % 3 == 0:  # a line a month, or a quarter on a long programme
                body.append(f'<line x1="{at}" y1="24" x2="{at}" y2="{y2}" class="chart-gridline"/>')
            if count % step == 0 and x + (label := _month(month))[1] <= width:
                body.append(f'<text x="{at}" y="16" {MUTED} font-size="11">{label[0]}</text>')
            month, count = _next_month(month), count + 1
    y = 44
    for phase, drawn, row_h in zip(bars, names, heights, strict=True):
        body.append(text_lines(left - 10, y + 4, drawn, 13, f'text-anchor="end" {TEXT}', 16))
        if not days or not (phase.start or phase.end):
            body.append(f'<text x="{left}" y="{y + 4}" {MUTED} font-size="12">no dates yet</text>')
            y += row_h
            continue
        first, last = phase.start or phase.end, phase.end or phase.start
        assert first and last
        x1, x2 = x_of(first), max(x_of(last), x_of(first) + 2)
        body.append(
            f'<rect x="{x1:.1f}" y="{y - 9}" width="{x2 - x1:.1f}" height="18" rx="3" class="chart-phase"/>'
        )
        if phase.end:
            body.append(
                f'<path d="M{x2:.1f} {y - 11} l11 11 l-11 11 l-11 -11 z" class="chart-decision"/>'
            )
        when = short_date(phase.end) if phase.end else "no end date"
        marker = " · decision" if phase.decision and phase.end else ""
        body.append(_beside(x2, y - 12, f"{when}{marker}", width, 14))
        y += row_h
    if not bars:
        body.append(f'<text x="20" y="44" {MUTED}>No phases yet.</text>')
    return frame(chart_id, width, height, title, description, body)


# -- risk heat map -------------------------------------------------------------------------------

SCORES = frozenset(a * b for a in range(1, 6) for b in range(1, 6))  # a 5×5 matrix's scores


def heatmap(
    chart_id: str,
    title: str,
    risks: Sequence[RiskPoint],
    bands: Sequence[ChartBand],
    axis_labels: tuple[str, str] = ("Likelihood", "Impact"),
    note: str = "",
) -> Chart:
    """A 5×5 matrix, likelihood across and impact up; each cell named by its band, in words too."""
    across, up = axis_labels
    refs = {id(risk): risk.ref or f"R{n + 1}" for n, risk in enumerate(risks)}
    cells: dict[tuple[int, int], list[str]] = {}
    for risk in risks:
        cells.setdefault((risk.likelihood, risk.impact), []).append(refs[id(risk)])

    def named(score: int) -> str:
        band = band_for(score, bands)
        return band.label if band else ""

    described = [
        f"{refs[id(r)]} {r.label}: {across.lower()} {r.likelihood}, {up.lower()} {r.impact}, "
        f"score {r.score} ({named(r.score) or 'no band'})"
        for r in sorted(risks, key=lambda r: -r.score)
    ]
    description = ("; ".join(described) + ".") if risks else "No open risks recorded yet."
    if note:
        description += f" Bands: {note}"
    columns = (f"{up} ↓ / {across} →", *(str(n) for n in range(1, 6)))
    rows = tuple(
        (
            str(impact),
            *(
                " ".join(
                    part
                    for part in (
                        f"{named(likelihood * impact)} ({likelihood * impact})",
                        ", ".join(cells.get((likelihood, impact), [])),
                    )
                    if part
                )
                for likelihood in range(1, 6)
            ),
        )
        for impact in range(5, 0, -1)
    )
    drawing = partial(_heatmap_svg, chart_id, title, description, cells, tuple(bands), axis_labels)
    return Chart(chart_id, "heatmap", title, description, drawing, "", columns, rows)


def _heatmap_svg(
    chart_id: str,
    title: str,
    description: str,
    cells: dict[tuple[int, int], list[str]],
    bands: tuple[ChartBand, ...],
    axis_labels: tuple[str, str],
) -> str:
    across, up = axis_labels
    crowded = max(
        [len(fit(", ".join(c), CELL_W - 10, 12, bold=True)) for c in cells.values()] + [1]
    )
    grid = _backdrop(bands, crowded)
    cell_h = grid.cell_h
    body: list[str] = []
    for row, impact in enumerate(range(5, 0, -1)):
        y = TOP + row * cell_h
        body.append(grid.rows[row])
        for col, likelihood in enumerate(range(1, 6)):
            body.append(grid.cells[row][col])
            placed = cells.get((likelihood, impact), [])
            if placed:  # every risk in the cell, in as many lines as it takes
                shown = fit(", ".join(placed), CELL_W - 10, 12, bold=True)
                body.append(
                    text_lines(
                        LEFT + col * CELL_W + CELL_W / 2,
                        y + 40 + 13 * (grid.most - 1),
                        shown,
                        12,
                        f'text-anchor="middle" {TEXT} font-weight="bold"',
                        14,
                    )
                )
    grid_bottom = TOP + 5 * cell_h
    body.append(grid.numbers)
    body.append(
        f'<text x="{LEFT + 2.5 * CELL_W}" y="{grid_bottom + 38}" text-anchor="middle" font-weight="bold" {TEXT}>{esc(across)} →</text>'
    )
    middle = TOP + 2.5 * cell_h
    body.append(
        f'<text x="22" y="{middle}" transform="rotate(-90 22 {middle})" text-anchor="middle" font-weight="bold" {TEXT}>{esc(up)} →</text>'
    )
    body += grid.legend
    return frame(chart_id, grid.width, grid.height, title, description, body)


CELL_W, LEFT, TOP = 118, 92, 14  # a heat map's cell width, left margin and top margin


@dataclass(frozen=True)
class _Backdrop:
    """What a heat map draws from its bands alone: each cell's colour and words, the axis
    numbers and the key (the content's bands are the same on every plan: drawn once)."""

    most: int  # the most lines a cell's words take
    cell_h: int
    rows: tuple[str, ...]  # each row's impact number
    cells: tuple[tuple[str, ...], ...]  # each cell's shape and words, by row and column
    numbers: str  # the likelihood numbers under the columns
    legend: tuple[str, ...]
    width: int
    height: int


@lru_cache(maxsize=64)
def _backdrop(bands: tuple[ChartBand, ...], crowded: int) -> _Backdrop:
    """The heat map's backdrop for ``bands``, its cells tall enough for ``crowded`` lines of
    risks; kept for the last 64 asked for (a pure function of its arguments)."""
    band_of = {score: band_for(score, bands) for score in SCORES}  # each score's, once
    words = {
        score: fit(f"{score} {band.label if band else ''}".strip(), CELL_W - 10, 11)
        for score, band in band_of.items()
    }
    most = max(len(words[a * b]) for a in range(1, 6) for b in range(1, 6))
    cell_h = 58 + 13 * (most - 1) + 14 * (crowded - 1)
    rows: list[str] = []
    cells: list[tuple[str, ...]] = []
    for row, impact in enumerate(range(5, 0, -1)):
        y = TOP + row * cell_h
        rows.append(
            f'<text x="{LEFT - 10}" y="{y + cell_h / 2 + 4}" text-anchor="end" {TEXT}>{impact}</text>'
        )
        line: list[str] = []
        for col, likelihood in enumerate(range(1, 6)):
            x, score = LEFT + col * CELL_W, likelihood * impact
            band = band_of[score]
            shade = f"chart-band-{band.colour}" if band else "chart-cell"
            line.append(
                f'<rect x="{x}" y="{y}" width="{CELL_W}" height="{cell_h}" class="{shade} chart-heat-cell"/>'
                + text_lines(x + 6, y + 15, words[score], 11, TEXT, 13)
            )
        cells.append(tuple(line))
    grid_bottom = TOP + 5 * cell_h
    numbers = "".join(
        f'<text x="{LEFT + col * CELL_W + CELL_W / 2}" y="{grid_bottom + 18}" text-anchor="middle" {TEXT}>{col + 1}</text>'
        for col in range(5)
    )
    legend: list[str] = []
    legend_y, width = grid_bottom + 58, LEFT + 5 * CELL_W + 10
    legend_x: float = LEFT
    for index, band in enumerate(bands):  # the key, a line at a time, as wide as it takes
        key = f"{band.label} {_band_range(bands, index, band_of)}".strip()
        wide = 22 + text_width(key, 12) + 24
        if legend_x > LEFT and legend_x + wide > width:
            legend_x, legend_y = LEFT, legend_y + 24
        legend.append(
            f'<rect x="{legend_x:.1f}" y="{legend_y}" width="16" height="16" class="chart-band-{band.colour} chart-heat-cell"/>'
        )
        for n, text in enumerate(fit(key, width - legend_x - 30, 12)):
            if n:
                legend_y += 16
            legend.append(text_lines(legend_x + 22, legend_y + 13, [text], 12, TEXT))
        legend_x += wide
    return _Backdrop(
        most, cell_h, tuple(rows), tuple(cells), numbers, tuple(legend), width, legend_y + 28
    )


def _band_range(
    bands: Sequence[ChartBand], index: int, band_of: dict[int, ChartBand | None]
) -> str:
    """``4–6``: the scores on a 5×5 matrix that fall in the band (``band_of``: each score's)."""
    scores = sorted(s for s in SCORES if band_of[s] is bands[index])
    if not scores:
        return ""
    return f"({scores[0]}–{scores[-1]})" if len(scores) > 1 else f"({scores[0]})"


# -- progress to target --------------------------------------------------------------------------


def progress(chart_id: str, title: str, rows: Sequence[ProgressRow], unit: str = "") -> Chart:
    """One bar per row: the target is the whole track, the count so far fills it."""
    description = (
        "; ".join(f"{r.label}: {progress_words(r, unit)}" for r in rows) + "."
        if rows
        else "Nothing recorded yet."
    )
    label_w, bar_w = 250, 300
    words = [progress_words(row, unit) for row in rows]
    right = max([text_width(w) for w in words] + [200.0]) + 20
    body: list[str] = []
    y = 10
    for row, said in zip(rows, words, strict=True):
        label = fit(row.label, label_w - 16)
        body.append(text_lines(label_w - 8, y + 13, label, 13, f'text-anchor="end" {TEXT}', 16))
        body.append(
            f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="18" class="chart-track"/>'
        )
        if row.percent is not None:
            filled = bar_w * min(row.percent, 100) / 100
            css = "chart-green" if row.percent >= 100 else "chart-progress"
            body.append(
                f'<rect x="{label_w}" y="{y}" width="{filled:.1f}" height="18" class="{css}"/>'
            )
        body.append(f'<text x="{label_w + bar_w + 8}" y="{y + 13}" {TEXT}>{esc(said)}</text>')
        y += max(28, 16 * len(label) + 12)
    if not rows:
        body.append(f'<text x="20" y="24" {MUTED}>Nothing recorded yet.</text>')
    height = y + 10 if rows else 48
    svg = frame(chart_id, label_w + bar_w + round(right), height, title, description, body)
    names = ", ".join(f'"{mermaid_text(r.label)}"' for r in rows)
    top = max([r.target or 0 for r in rows] + [r.actual or 0 for r in rows] + [1])
    mermaid = "\n".join(
        [
            "xychart-beta horizontal",
            f'    title "{mermaid_text(title)}"',
            f"    x-axis [{names}]",
            f'    y-axis "{mermaid_text(unit.capitalize() or "Count")}" 0 --> {number(top)}',
            f"    bar [{', '.join(number(r.target or 0) for r in rows)}]",
            f"    bar [{', '.join(number(r.actual or 0) for r in rows)}]",
        ]
    )
    return Chart(chart_id, "progress", title, description, svg, mermaid)


# -- a step's programme charts, as its content asks ---------------------------------------------


def phases_from(chart_id: str, spec: ChartSpec, step: Step, answers: Answers) -> Chart:
    return phases(chart_id, spec.title, programme.phase_bars(spec, step, answers))


def heatmap_from(chart_id: str, spec: ChartSpec, step: Step, answers: Answers) -> Chart:
    fields = programme.fields_of(spec, step)
    axes = (fields[spec.x].title, fields[spec.y].title)
    points = programme.risk_points(spec, step, answers)
    matrix = next(a for a in step.assessments if a.id == spec.assessment)
    return heatmap(
        chart_id, spec.title, points, programme.chart_bands(matrix.bands), axes, matrix.note
    )


def progress_from(chart_id: str, spec: ChartSpec, step: Step, answers: Answers) -> Chart:
    unit = programme.unit_of(spec, answers)
    return progress(chart_id, spec.title, programme.progress_rows(spec, step, answers), unit)
