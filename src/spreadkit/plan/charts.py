"""Pictures of the plan, worked out from the answers and drawn as inline SVG or as Mermaid text.

Which charts a step has is set in the content (``charts:`` in a step file); this module only
knows the four kinds of picture: bars, a grid, an adoption curve and a timeline. Every chart
carries a title and a description, and the plan shows its data as a table beside it, so the
picture is never the only way to read it.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from spreadkit.answers.store import Answers
from spreadkit.framework import values
from spreadkit.framework.model import ChartSpec, Framework, Step
from spreadkit.plan.safety import mermaid_label
from spreadkit.plan.scoring import AssessmentResult

RAG_FILL = {"red": "#d5281b", "amber": "#ffb81c", "green": "#007f3b", "": "#768692"}
_TEXT = "#212b32"
_MUTED = "#4c6272"


@dataclass(frozen=True)
class Chart:
    """One picture: what it shows in words, and how to draw it."""

    id: str
    kind: str
    title: str
    description: str
    svg: str
    mermaid: str


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _svg(
    chart_id: str, width: int, height: int, title: str, description: str, body: list[str]
) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" '
        f'font-family="Arial, Helvetica, sans-serif" font-size="13">'
        f'<title id="{chart_id}-title">{_e(title)}</title><desc id="{chart_id}-desc">{_e(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """Words into at most ``lines`` lines of about ``width`` characters, with … when cut."""
    out: list[str] = []
    for word in str(text).split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word[:width])
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1] + "…"
    return out


def _mermaid_text(text: str) -> str:
    """Mermaid labels: no quotes, colons or brackets that would end them early."""
    text = str(text).replace('"', "'").replace(":", " -").replace("[", "(").replace("]", ")")
    # A title ends at "#" or ";", and "%%" starts a comment, wherever they are.
    text = text.replace(";", ",").replace("#", "＃").replace("%%", "%")
    return " ".join(text.split())


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
            f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end" fill="{_TEXT}">{_e(item.label)}</text>'
        )
        body.append(
            f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="18" fill="#f0f4f5" stroke="#d8dde0"/>'
        )
        if item.score is not None:
            width = bar_w * item.score / item.points
            body.append(
                f'<rect x="{label_w}" y="{y}" width="{width:.1f}" height="18" fill="{RAG_FILL[item.rag]}"/>'
            )
            body.append(
                f'<text x="{label_w + bar_w + 8}" y="{y + 13}" fill="{_TEXT}">{item.score} of {item.points} · {_e(item.band)}</text>'
            )
        else:
            body.append(
                f'<text x="{label_w + bar_w + 8}" y="{y + 13}" fill="{_MUTED}">not rated</text>'
            )
    svg = _svg(chart_id, label_w + bar_w + 200, height, title, description, body)
    names = ", ".join(f'"{_mermaid_text(i.label)}"' for i in rows)
    scores = ", ".join(str(i.score or 0) for i in rows)
    top = max((i.points for i in rows), default=5)
    mermaid = (
        "xychart-beta horizontal\n"
        f'    title "{_mermaid_text(title)}"\n'
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
            fill = "#e8f1fa" if (row == 0 and col == len(levels) - 1) else "#f7f9fa"
            body.append(
                f'<rect x="{cx}" y="{cy}" width="{cell_w}" height="{cell_h}" fill="{fill}" stroke="#aeb7bd"/>'
            )
            corner = {
                (0, len(levels) - 1): 0,
                (0, 0): 1,
                (len(y_levels) - 1, 0): 2,
                (len(y_levels) - 1, len(levels) - 1): 3,
            }.get((row, col))
            if corner is not None and corner < len(spec.quadrants):
                body.append(
                    f'<text x="{cx + cell_w - 8}" y="{cy + cell_h - 8}" text-anchor="end" fill="{_MUTED}" font-size="11" font-style="italic">{_e(spec.quadrants[corner])}</text>'
                )
            line = 0
            for name in cells.get((x, y), [])[:3]:
                for part_index, part in enumerate(_wrap(name, 24, 3)):
                    bullet = "● " if part_index == 0 else "   "
                    body.append(
                        f'<text x="{cx + 8}" y="{cy + 18 + line * 15}" fill="{_TEXT}" font-size="12">{bullet}{_e(part)}</text>'
                    )
                    line += 1
        body.append(
            f'<text x="{left - 8}" y="{top + row * cell_h + cell_h / 2 + 4}" text-anchor="end" fill="{_MUTED}">{_e(y_field.choice_label(y))}</text>'
        )
    for col, x in enumerate(levels):
        body.append(
            f'<text x="{left + col * cell_w + cell_w / 2}" y="{top + len(y_levels) * cell_h + 18}" text-anchor="middle" fill="{_MUTED}">{_e(x_field.choice_label(x))}</text>'
        )
    width, height = left + len(levels) * cell_w + 10, top + len(y_levels) * cell_h + 56
    body.append(
        f'<text x="{left + len(levels) * cell_w / 2}" y="{height - 10}" text-anchor="middle" font-weight="bold" fill="{_TEXT}">{_e(x_field.title)} →</text>'
    )
    body.append(
        f'<text x="14" y="{top + len(y_levels) * cell_h / 2}" transform="rotate(-90 14 {top + len(y_levels) * cell_h / 2})" text-anchor="middle" font-weight="bold" fill="{_TEXT}">{_e(y_field.title)} →</text>'
    )
    svg = _svg(chart_id, width, height, title, description, body)
    share = {level: (index + 0.5) / len(levels) for index, level in enumerate(levels)}
    y_share = {level: 1 - (index + 0.5) / len(y_levels) for index, level in enumerate(y_levels)}
    lines = [
        "quadrantChart",
        f"    title {_mermaid_text(title)}",
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
        f'<polyline points="{points}" fill="none" stroke="#005eb8" stroke-width="2.5"/>',
        f'<line x1="{left}" y1="{base}" x2="{width - left}" y2="{base}" stroke="#4c6272"/>',
    ]
    edges = [-span, *cuts, span]
    for cut in cuts:
        body.append(
            f'<line x1="{x_of(cut):.1f}" y1="{base}" x2="{x_of(cut):.1f}" y2="{y_of(cut):.1f}" stroke="#4c6272" stroke-dasharray="4 3"/>'
        )
    for index, item in enumerate(result.items):
        middle = x_of((max(edges[index], -span) + min(edges[index + 1], span)) / 2)
        count = item.score or 0
        body.append(
            f'<text x="{middle:.1f}" y="{base + 18}" text-anchor="middle" fill="{_TEXT}" font-size="12">{_e(item.label)}</text>'
        )
        body.append(
            f'<text x="{middle:.1f}" y="{base + 33}" text-anchor="middle" fill="{_MUTED}" font-size="12">{_e(item.group)}</text>'
        )
        if count:
            body.append(f'<circle cx="{middle:.1f}" cy="{base - 24}" r="13" fill="#007f3b"/>')
            body.append(
                f'<text x="{middle:.1f}" y="{base - 19.5}" text-anchor="middle" fill="#ffffff" font-weight="bold">{count}</text>'
            )
    description = (
        "; ".join(
            f"{i.label}: {i.group} of all adopters, {i.score or 0} of our targets"
            for i in result.items
        )
        + "."
    )
    svg = _svg(chart_id, width, height, result.title, description, body)
    names = ", ".join(f'"{_mermaid_text(i.label)}"' for i in result.items)
    mermaid = (
        "xychart-beta\n"
        f'    title "{_mermaid_text(result.title)}: targets by category"\n'
        f"    x-axis [{names}]\n"
        f'    y-axis "Targets" 0 --> {max([i.score or 0 for i in result.items] + [1])}\n'
        f"    bar [{', '.join(str(i.score or 0) for i in result.items)}]"
    )
    return Chart(chart_id, "curve", result.title, description, svg, mermaid)


# -- timeline ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dated:
    label: str
    owner: str
    due: dt.date
    status: str
    done: bool


def dated_rows(spec: ChartSpec, step: Step, answers: Answers) -> list[Dated]:
    question = step.question(spec.question)
    assert question is not None
    status_field = next((f for f in question.fields if f.id == spec.status), None)
    rows = []
    for record in answers.get(step.id, question.id) or []:
        due = record.get(spec.date)
        if isinstance(due, dt.date):
            status = record.get(spec.status, "") if spec.status else ""
            shown = status_field.choice_label(status) if status_field and status else ""
            rows.append(
                Dated(
                    str(record.get(spec.label, "")),
                    str(record.get(spec.owner, "")),
                    due,
                    shown,
                    status in spec.done,
                )
            )
    return sorted(rows, key=lambda row: row.due)


def _next_month(day: dt.date, months: int = 1) -> dt.date | None:
    """The first of the month ``months`` after ``day``'s month; None past the last date."""
    years, month = divmod(day.month - 1 + months, 12)
    if day.year + years > dt.MAXYEAR:
        return None
    return dt.date(day.year + years, month + 1, 1)


def timeline(chart_id: str, spec: ChartSpec, step: Step, answers: Answers) -> Chart:
    rows = dated_rows(spec, step, answers)
    title = spec.title
    description = (
        "; ".join(
            f"{r.label}, {r.owner}, due {values.display_date(r.due)}{', ' + r.status if r.status else ''}"
            for r in rows
        )
        or "No dated actions yet."
    )
    width, left, right, row_h = 800, 330, 30, 30
    height = 50 + row_h * max(len(rows), 1)
    body = []
    if rows:
        start = min(r.due for r in rows).replace(day=1)
        end = _next_month(max(r.due for r in rows).replace(day=1)) or dt.date.max
        days = max((end - start).days, 1)

        def x_of(day: dt.date) -> float:
            return left + (day - start).days / days * (width - left - right)

        # A line a month for up to three years; over a longer span whole years, at most 30
        # lines, every fifth one labelled (dates far apart once made a 10 MB plan).
        span = (end.year - start.year) * 12 + end.month - start.month
        every = 1 if span <= 36 else 12 * -(-span // (30 * 12))
        month: dt.date | None = start
        line = 0
        while month is not None and month <= end:
            x = x_of(month)
            body.append(
                f'<line x1="{x:.1f}" y1="24" x2="{x:.1f}" y2="{height - 10}" stroke="#e4e8eb"/>'
            )
            quarter = month.month in (1, 4, 7, 10) and (month - start).days > 45
            if month == start or (quarter if every == 1 else line % 5 == 0):
                body.append(
                    f'<text x="{x:.1f}" y="16" fill="{_MUTED}" font-size="11">{month:%b %Y}</text>'
                )
            month, line = _next_month(month, every), line + 1
        for index, row in enumerate(rows):
            y = 40 + index * row_h
            label = row.label if len(row.label) <= 44 else row.label[:43] + "…"
            body.append(
                f'<text x="{left - 10}" y="{y + 4}" text-anchor="end" fill="{_TEXT}" font-size="12">{_e(label)}</text>'
            )
            x = x_of(row.due)
            shape = (
                f'<rect x="{x - 7:.1f}" y="{y - 7}" width="14" height="14" fill="#007f3b"/>'
                if row.done
                else f'<circle cx="{x:.1f}" cy="{y}" r="7" fill="#005eb8"/>'
            )
            body.append(
                f'<line x1="{left}" y1="{y}" x2="{x:.1f}" y2="{y}" stroke="#aeb7bd" stroke-dasharray="2 3"/>'
            )
            body.append(shape)
            anchor = "end" if x > width - 160 else "start"
            offset = -12 if anchor == "end" else 12
            body.append(
                f'<text x="{x + offset:.1f}" y="{y - 10}" text-anchor="{anchor}" fill="{_MUTED}" font-size="11">{row.due:%d %b %Y}{(" · " + _e(row.status)) if row.status else ""}</text>'
            )
    else:
        body.append(f'<text x="20" y="40" fill="{_MUTED}">No dated actions yet.</text>')
    svg = _svg(chart_id, width, height, title, description, body)
    lines = [
        "gantt",
        f"    title {_mermaid_text(title)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %b %Y",
    ]
    for row in rows:
        tag = "done, " if row.done else ""
        lines.append(f"    {_mermaid_text(row.label)} : {tag}milestone, {row.due.isoformat()}, 0d")
    return Chart(chart_id, "timeline", title, description, svg, "\n".join(lines))


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
            if spec.kind == "bars":
                chart = bars(chart_id, by_id[spec.assessment])
            elif spec.kind == "curve":
                chart = curve(chart_id, by_id[spec.assessment])
            elif spec.kind == "grid":
                chart = grid(chart_id, spec, step, answers)
            else:
                chart = timeline(chart_id, spec, step, answers)
            out.setdefault(step.id, []).append(chart)
    return out
