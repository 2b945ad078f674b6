"""Pictures of the plan, worked out from the answers and drawn as inline SVG or as Mermaid text.

Which charts a step has is set in the content (``charts:`` in a step file); this module only
knows the kinds of picture: bars, a grid, an adoption curve and a timeline here, and a
programme's phases, risk heat map and progress to target in ``programme_charts``. Every chart
carries a title and a description, and the plan shows its data as a table beside it, so the
picture is never the only way to read it.
"""

from __future__ import annotations

from collections.abc import Collection

from spreadkit.answers.store import Answers
from spreadkit.framework.model import ChartSpec, Framework, Step
from spreadkit.plan.figures import programme
from spreadkit.plan.figures.scoring import AssessmentResult
from spreadkit.plan.pictures import programme_charts
from spreadkit.plan.pictures.svg import (
    MUTED,
    RAG_CLASS,
    TEXT,
    Chart,
    esc,
    fit,
    frame,
    mermaid_label,
    mermaid_text,
    text_lines,
    text_width,
)
from spreadkit.plan.pictures.timeline import Dated, dated_rows, timeline

__all__ = ["Chart", "Dated", "charts_for", "dated_rows"]

# -- bars ------------------------------------------------------------------------------------


def bars(chart_id: str, result: AssessmentResult) -> Chart:
    rows = [item for item in result.items]
    title = f"{result.title}: scores"
    rated = [i for i in rows if i.score is not None]
    description = (
        "; ".join(f"{i.label} {i.score} of {i.points} ({i.band})" for i in rated)
        or "Nothing rated yet."
    )
    if result.answered:
        description += f". Total {result.total:g} of {result.maximum:g}: {result.band}."
    label_w, bar_w, gap = 330, 260, 8
    labels = [fit(item.label, label_w - 2 * gap) for item in rows]
    notes = [
        f"{item.score} of {item.points} · {item.band}" if item.score is not None else "not rated"
        for item in rows
    ]
    right = max([text_width(note) for note in notes] + [120.0]) + 2 * gap
    body = []
    y = 14
    for item, label, note in zip(rows, labels, notes, strict=True):
        row_h = max(26, 16 * len(label) + 10)
        body.append(text_lines(label_w - gap, y + 13, label, 13, f'text-anchor="end" {TEXT}', 16))
        body.append(
            f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="18" class="chart-track"/>'
        )
        if item.score is not None:
            width = bar_w * item.score / item.points
            body.append(
                f'<rect x="{label_w}" y="{y}" width="{width:.1f}" height="18" class="{RAG_CLASS[item.rag]}"/>'
            )
        body.append(
            text_lines(
                label_w + bar_w + gap, y + 13, [note], 13, TEXT if item.score is not None else MUTED
            )
        )
        y += row_h
    height = y + 10
    svg = frame(chart_id, label_w + bar_w + round(right), height, title, description, body)
    names = ", ".join(f'"{mermaid_text(i.label)}"' for i in rows)
    scores = ", ".join(str(i.score or 0) for i in rows)
    top = max((i.points for i in rows), default=5)
    mermaid = (
        "xychart-beta horizontal\n"
        f'    title "{mermaid_text(title)}"\n'
        f"    x-axis [{names}]\n"
        f'    y-axis "Score" 0 --> {top}\n'
        f"    bar [{scores}]"
    )
    return Chart(chart_id, "bars", title, description, svg, mermaid)


# -- influence / interest grid ------------------------------------------------------------------


def grid(chart_id: str, spec: ChartSpec, step: Step, answers: Answers) -> Chart:
    question = step.question(spec.question)
    assert question is not None
    x_field = next(f for f in question.fields if f.id == spec.x)
    y_field = next(f for f in question.fields if f.id == spec.y)
    label_field = next(f for f in question.fields if f.id == spec.label)
    levels = list(reversed(x_field.choice_values))  # low → high, left to right
    y_levels = list(y_field.choice_values)  # high → low, top to bottom
    cells: dict[tuple[str, str], list[str]] = {}
    placed = []
    for record in answers.get(step.id, question.id) or []:
        x, y = record.get(x_field.id), record.get(y_field.id)
        if x in levels and y in y_levels:
            name = str(record.get(label_field.id, ""))
            cells.setdefault((x, y), []).append(name)
            placed.append(f"{name} ({y_field.title.lower()} {y}, {x_field.title.lower()} {x})")
    title = spec.title
    description = "; ".join(placed) or "No one placed on the grid yet."
    cell_w, top, line_h = 190, 20, 15
    left = max([70.0] + [round(text_width(y_field.choice_label(y))) + 31 for y in y_levels])

    def names_in(x: str, y: str) -> list[list[str]]:
        return [fit(name, cell_w - 30, 12) for name in cells.get((x, y), [])]

    def corner_of(row: int, col: int) -> list[str]:
        corner = {
            (0, len(levels) - 1): 0,
            (0, 0): 1,
            (len(y_levels) - 1, 0): 2,
            (len(y_levels) - 1, len(levels) - 1): 3,
        }.get((row, col))
        if corner is None or corner >= len(spec.quadrants):
            return []
        return fit(spec.quadrants[corner], cell_w - 16, 11)

    heights = [
        max(
            [92]
            + [
                26 + line_h * sum(len(n) for n in names_in(x, y)) + 14 * len(corner_of(row, col))
                for col, x in enumerate(levels)
            ]
        )
        for row, y in enumerate(y_levels)
    ]
    tops = [top + sum(heights[:row]) for row in range(len(y_levels))]
    grid_bottom = top + sum(heights)
    body = []
    for row, y in enumerate(y_levels):
        cell_h = heights[row]
        for col, x in enumerate(levels):
            cx, cy = left + col * cell_w, tops[row]
            best = row == 0 and col == len(levels) - 1
            cell = "chart-cell chart-cell-best" if best else "chart-cell"
            body.append(
                f'<rect x="{cx:.1f}" y="{cy}" width="{cell_w}" height="{cell_h}" class="{cell}"/>'
            )
            corner = corner_of(row, col)
            if corner:
                body.append(
                    text_lines(
                        cx + cell_w - 8,
                        cy + cell_h - 8 - 14 * (len(corner) - 1),
                        corner,
                        11,
                        f'text-anchor="end" {MUTED} font-style="italic"',
                        14,
                    )
                )
            line = 0
            for parts in names_in(x, y):
                lines = [("● " if n == 0 else "") + part for n, part in enumerate(parts)]
                body.append(text_lines(cx + 8, cy + 18 + line * line_h, lines, 12, TEXT, line_h))
                line += len(parts)
        tick = fit(y_field.choice_label(y), left - 30)
        body.append(
            text_lines(
                left - 8, tops[row] + cell_h / 2 + 4, tick, 13, f'text-anchor="end" {MUTED}', 16
            )
        )
    for col, x in enumerate(levels):
        tick = fit(x_field.choice_label(x), cell_w - 8)
        body.append(
            text_lines(
                left + col * cell_w + cell_w / 2,
                grid_bottom + 18,
                tick,
                13,
                f'text-anchor="middle" {MUTED}',
                16,
            )
        )
    width = round(left + len(levels) * cell_w + 10)
    height = (
        grid_bottom
        + 56
        + 16 * max(len(fit(x_field.choice_label(x), cell_w - 8)) - 1 for x in levels)
    )
    axis_w = len(levels) * cell_w - 8
    x_title = fit(f"{x_field.title} →", axis_w, bold=True)
    height += 16 * (len(x_title) - 1)
    body.append(
        text_lines(
            left + len(levels) * cell_w / 2,
            height - 10 - 16 * (len(x_title) - 1),
            x_title,
            13,
            f'text-anchor="middle" font-weight="bold" {TEXT}',
            16,
        )
    )
    middle = top + (grid_bottom - top) / 2
    body.append(
        f'<text x="14" y="{middle:.1f}" transform="rotate(-90 14 {middle:.1f})" text-anchor="middle" font-weight="bold" {TEXT}>{esc(y_field.title)} →</text>'
    )
    svg = frame(chart_id, width, height, title, description, body)
    share = {level: (index + 0.5) / len(levels) for index, level in enumerate(levels)}
    y_share = {level: 1 - (index + 0.5) / len(y_levels) for index, level in enumerate(y_levels)}
    lines = [
        "quadrantChart",
        f"    title {mermaid_text(title)}",
        f"    x-axis {mermaid_label('Low ' + x_field.title)} --> {mermaid_label('High ' + x_field.title)}",
        f"    y-axis {mermaid_label('Low ' + y_field.title)} --> {mermaid_label('High ' + y_field.title)}",
        *(f"    quadrant-{n + 1} {mermaid_label(text)}" for n, text in enumerate(spec.quadrants)),
    ]
    for (x, y), names in cells.items():
        for n, name in enumerate(names):
            lines.append(
                f"    {mermaid_label(name)}: [{min(0.97, share[x] + 0.04 * n):.2f}, {y_share[y]:.2f}]"
            )
    return Chart(chart_id, "grid", title, description, svg, "\n".join(lines))


# -- adoption curve ------------------------------------------------------------------------------


def curve(chart_id: str, result: AssessmentResult) -> Chart:
    """Rogers' bell curve, cut where the expected shares fall, with the targets in each category."""
    from statistics import NormalDist  # loads only when a plan has an adoption curve

    shares = [float(item.group.rstrip("%")) for item in result.items]
    normal = NormalDist()
    cuts, running = [], 0.0
    for share in shares[:-1]:
        running += share / 100
        cuts.append(normal.inv_cdf(min(max(running, 1e-6), 1 - 1e-6)))
    width, height, base, left = 720, 250, 190, 20
    span = 3.2

    def x_of(z: float) -> float:
        return left + (z + span) / (2 * span) * (width - 2 * left)

    def y_of(z: float) -> float:
        return base - normal.pdf(z) / normal.pdf(0) * 150

    points = " ".join(
        f"{x_of(z / 20):.1f},{y_of(z / 20):.1f}" for z in range(int(-span * 20), int(span * 20) + 1)
    )
    body = [
        f'<polyline points="{points}" class="chart-curve" stroke-width="2.5"/>',
        f'<line x1="{left}" y1="{base}" x2="{width - left}" y2="{base}" class="chart-axis"/>',
    ]
    edges = [-span, *cuts, span]
    for cut in cuts:
        body.append(
            f'<line x1="{x_of(cut):.1f}" y1="{base}" x2="{x_of(cut):.1f}" y2="{y_of(cut):.1f}" class="chart-axis" stroke-dasharray="4 3"/>'
        )
    for index, item in enumerate(result.items):
        middle = x_of((max(edges[index], -span) + min(edges[index + 1], span)) / 2)
        count = item.score or 0
        body.append(
            f'<text x="{middle:.1f}" y="{base + 18}" text-anchor="middle" {TEXT} font-size="12">{esc(item.label)}</text>'
        )
        body.append(
            f'<text x="{middle:.1f}" y="{base + 33}" text-anchor="middle" {MUTED} font-size="12">{esc(item.group)}</text>'
        )
        if count:
            body.append(f'<circle cx="{middle:.1f}" cy="{base - 24}" r="13" class="chart-count"/>')
            body.append(
                f'<text x="{middle:.1f}" y="{base - 19.5}" text-anchor="middle" class="chart-count-text" font-weight="bold">{count}</text>'
            )
    description = (
        "; ".join(
            f"{i.label}: {i.group} of all adopters, {i.score or 0} of our targets"
            for i in result.items
        )
        + "."
    )
    svg = frame(chart_id, width, height, result.title, description, body)
    names = ", ".join(f'"{mermaid_text(i.label)}"' for i in result.items)
    mermaid = (
        "xychart-beta\n"
        f'    title "{mermaid_text(result.title)}: targets by category"\n'
        f"    x-axis [{names}]\n"
        f'    y-axis "Targets" 0 --> {max([i.score or 0 for i in result.items] + [1])}\n'
        f"    bar [{', '.join(str(i.score or 0) for i in result.items)}]"
    )
    return Chart(chart_id, "curve", result.title, description, svg, mermaid)


# -- timeline ------------------------------------------------------------------------------------


def charts_for(
    framework: Framework,
    answers: Answers,
    results: list[AssessmentResult],
    kinds: Collection[str] | None = None,
) -> dict[str, list[Chart]]:
    """Every step's charts, by step id, as the content asks for them; only those of ``kinds``
    when a document shows only some (the board plan: the phases and the heat map)."""
    by_id = {r.id: r for r in results}
    out: dict[str, list[Chart]] = {}
    for step in framework.steps:
        for index, spec in enumerate(step.charts):
            chart_id = f"chart-{step.id}-{index + 1}"
            chart: Chart
            if kinds is not None and spec.kind not in kinds:
                continue  # not shown in this document: not drawn
            if not programme.has_data(spec, step, answers):
                continue  # a programme picture with nothing to draw is left out
            if spec.kind == "bars":
                chart = bars(chart_id, by_id[spec.assessment])
            elif spec.kind == "curve":
                chart = curve(chart_id, by_id[spec.assessment])
            elif spec.kind == "grid":
                chart = grid(chart_id, spec, step, answers)
            elif spec.kind == "phases":
                chart = programme_charts.phases_from(chart_id, spec, step, answers)
            elif spec.kind == "heatmap":
                chart = programme_charts.heatmap_from(chart_id, spec, step, answers)
            elif spec.kind == "progress":
                chart = programme_charts.progress_from(chart_id, spec, step, answers)
            else:
                chart = timeline(chart_id, spec, step, answers)
            out.setdefault(step.id, []).append(chart)
    return out
