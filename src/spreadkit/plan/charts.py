"""Pictures of the plan, worked out from the answers and drawn as inline SVG or as Mermaid text.

Which charts a step has is set in the content (``charts:`` in a step file); this module only
knows the kinds of picture: bars, a grid, an adoption curve and a timeline here, and a
programme's phases, risk heat map and progress to target in ``programme_charts``. Every chart
carries a title and a description, and the plan shows its data as a table beside it, so the
picture is never the only way to read it.
"""

from __future__ import annotations

from spreadkit.answers.store import Answers
from spreadkit.framework.model import ChartSpec, Framework, Step
from spreadkit.plan import programme
from spreadkit.plan.safety import mermaid_label
from spreadkit.plan.scoring import AssessmentResult
from spreadkit.plan.svg import MUTED, RAG_CLASS, TEXT, Chart, esc, frame, mermaid_text, wrap
from spreadkit.plan.timeline import Dated, dated_rows, timeline

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
    label_w, bar_w, row_h = 330, 260, 26
    height = 20 + row_h * len(rows) + 10
    body = []
    for index, item in enumerate(rows):
        y = 14 + index * row_h
        body.append(
            f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end" {TEXT}>{esc(item.label)}</text>'
        )
        body.append(
            f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="18" class="chart-track"/>'
        )
        if item.score is not None:
            width = bar_w * item.score / item.points
            body.append(
                f'<rect x="{label_w}" y="{y}" width="{width:.1f}" height="18" class="{RAG_CLASS[item.rag]}"/>'
            )
            body.append(
                f'<text x="{label_w + bar_w + 8}" y="{y + 13}" {TEXT}>{item.score} of {item.points} · {esc(item.band)}</text>'
            )
        else:
            body.append(f'<text x="{label_w + bar_w + 8}" y="{y + 13}" {MUTED}>not rated</text>')
    svg = frame(chart_id, label_w + bar_w + 200, height, title, description, body)
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
    cell_w, cell_h, left, top = 190, 92, 70, 20
    body = []
    for row, y in enumerate(y_levels):
        for col, x in enumerate(levels):
            cx, cy = left + col * cell_w, top + row * cell_h
            best = row == 0 and col == len(levels) - 1
            cell = "chart-cell chart-cell-best" if best else "chart-cell"
            body.append(
                f'<rect x="{cx}" y="{cy}" width="{cell_w}" height="{cell_h}" class="{cell}"/>'
            )
            corner = {
                (0, len(levels) - 1): 0,
                (0, 0): 1,
                (len(y_levels) - 1, 0): 2,
                (len(y_levels) - 1, len(levels) - 1): 3,
            }.get((row, col))
            if corner is not None and corner < len(spec.quadrants):
                body.append(
                    f'<text x="{cx + cell_w - 8}" y="{cy + cell_h - 8}" text-anchor="end" {MUTED} font-size="11" font-style="italic">{esc(spec.quadrants[corner])}</text>'
                )
            line = 0
            for name in cells.get((x, y), [])[:3]:
                for part_index, part in enumerate(wrap(name, 24, 3)):
                    bullet = "● " if part_index == 0 else "   "
                    body.append(
                        f'<text x="{cx + 8}" y="{cy + 18 + line * 15}" {TEXT} font-size="12">{bullet}{esc(part)}</text>'
                    )
                    line += 1
        body.append(
            f'<text x="{left - 8}" y="{top + row * cell_h + cell_h / 2 + 4}" text-anchor="end" {MUTED}>{esc(y_field.choice_label(y))}</text>'
        )
    for col, x in enumerate(levels):
        body.append(
            f'<text x="{left + col * cell_w + cell_w / 2}" y="{top + len(y_levels) * cell_h + 18}" text-anchor="middle" {MUTED}>{esc(x_field.choice_label(x))}</text>'
        )
    width, height = left + len(levels) * cell_w + 10, top + len(y_levels) * cell_h + 56
    body.append(
        f'<text x="{left + len(levels) * cell_w / 2}" y="{height - 10}" text-anchor="middle" font-weight="bold" {TEXT}>{esc(x_field.title)} →</text>'
    )
    body.append(
        f'<text x="14" y="{top + len(y_levels) * cell_h / 2}" transform="rotate(-90 14 {top + len(y_levels) * cell_h / 2})" text-anchor="middle" font-weight="bold" {TEXT}>{esc(y_field.title)} →</text>'
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
    framework: Framework, answers: Answers, results: list[AssessmentResult]
) -> dict[str, list[Chart]]:
    """Every step's charts, by step id, as the content asks for them."""
    by_id = {r.id: r for r in results}
    out: dict[str, list[Chart]] = {}
    for step in framework.steps:
        for index, spec in enumerate(step.charts):
            chart_id = f"chart-{step.id}-{index + 1}"
            chart: Chart
            if not programme.has_data(spec, step, answers):
                continue  # a programme picture with nothing to draw is left out
            if spec.kind == "bars":
                chart = bars(chart_id, by_id[spec.assessment])
            elif spec.kind == "curve":
                chart = curve(chart_id, by_id[spec.assessment])
            elif spec.kind == "grid":
                chart = grid(chart_id, spec, step, answers)
            elif spec.kind == "phases":
                chart = programme.phases_from(chart_id, spec, step, answers)
            elif spec.kind == "heatmap":
                chart = programme.heatmap_from(chart_id, spec, step, answers)
            elif spec.kind == "progress":
                chart = programme.progress_from(chart_id, spec, step, answers)
            else:
                chart = timeline(chart_id, spec, step, answers)
            out.setdefault(step.id, []).append(chart)
    return out
