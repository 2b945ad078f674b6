"""The timeline picture: a group's dated records (actions and their due dates) across the months."""

from __future__ import annotations

import datetime as dt

from spreadkit.answers import lookup
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import values
from spreadkit.framework.model import ChartSpec, Step
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
class Dated:
    label: str
    owner: str
    due: dt.date
    status: str
    done: bool
    overdue: bool = False  # not done, and due before the date the plan is judged on

    @property
    def due_text(self) -> str:  # "31 March 2027", for a template
        return values.display_date(self.due)


def dated_rows(spec: ChartSpec, step: Step, answers: Answers) -> list[Dated]:
    question = step.question(spec.question)
    assert question is not None
    status_field = next((f for f in question.fields if f.id == spec.status), None)
    as_of = lookup.as_of_date(answers)
    rows = []
    for record in answers.get(step.id, question.id) or []:
        revised = record.get(spec.revised) if spec.revised else None
        due = revised if isinstance(revised, dt.date) else record.get(spec.date)
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
                    status not in spec.done and as_of is not None and due < as_of,
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
            + (", overdue" if r.overdue else "")
            for r in rows
        )
        or "No dated actions yet."
    )
    width, left, right = 800, 330, 60
    labels = [fit(row.label, left - 20, 12) for row in rows]
    heights = [max(30, 15 * len(label) + 18) for label in labels]
    height = 50 + sum(heights) if rows else 80
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
                f'<line x1="{x:.1f}" y1="24" x2="{x:.1f}" y2="{height - 10}" class="chart-gridline"/>'
            )
            # quarters named, three months apart (the first month too when no quarter is in view)
            quarter = month.month in (1, 4, 7, 10) or (month == start and span < 3)
            named = f"{month:%b %Y}"
            fits = x + text_width(named, 11) <= width  # the last month's label stays whole
            if fits and (quarter if every == 1 else line % 5 == 0):
                body.append(f'<text x="{x:.1f}" y="16" {MUTED} font-size="11">{named}</text>')
            month, line = _next_month(month, every), line + 1
        y = 40
        for row, label, row_h in zip(rows, labels, heights, strict=True):
            body.append(text_lines(left - 10, y + 4, label, 12, f'text-anchor="end" {TEXT}', 15))
            x = x_of(row.due)
            if row.done:
                shape = (
                    f'<rect x="{x - 7:.1f}" y="{y - 7}" width="14" height="14" class="chart-done"/>'
                )
            else:
                marked = "chart-red" if row.overdue else "chart-due"
                shape = f'<circle cx="{x:.1f}" cy="{y}" r="7" class="{marked}"/>'
            body.append(
                f'<line x1="{left}" y1="{y}" x2="{x:.1f}" y2="{y}" class="chart-leader" stroke-dasharray="2 3"/>'
            )
            body.append(shape)
            when = f"{row.due:%d %b %Y}" + (f" · {row.status}" if row.status else "")
            when += " · overdue" if row.overdue else ""
            wide = text_width(when, 11)
            if x + 12 + wide <= width:
                body.append(
                    f'<text x="{x + 12:.1f}" y="{y - 10}" {MUTED} font-size="11">{esc(when)}</text>'
                )
            else:
                body.append(
                    f'<text x="{max(x - 12, wide):.1f}" y="{y - 10}" text-anchor="end" {MUTED} font-size="11">{esc(when)}</text>'
                )
            y += row_h
    else:
        body.append(f'<text x="20" y="40" {MUTED}>No dated actions yet.</text>')
    svg = frame(chart_id, width, height, title, description, body)
    lines = [
        "gantt",
        f"    title {mermaid_text(title)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %b %Y",
    ]
    for row in rows:
        tag = "done, " if row.done else "crit, " if row.overdue else ""
        lines.append(f"    {mermaid_text(row.label)} : {tag}milestone, {row.due.isoformat()}, 0d")
    return Chart(chart_id, "timeline", title, description, svg, "\n".join(lines))
