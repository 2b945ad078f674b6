"""The board plan as a :class:`~spreadkit.plan.output.document.Document`, for ``render --format docx``.

It follows the board templates: the title, the status line and details, each numbered section
with its parts (sub-heading, sentences, a list, a table with its totals, a picture, a note),
progress over time when there are check-ins, what is still to decide, and the credit. The
workbook's document is :mod:`spreadkit.plan.output.word_workbook`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spreadkit.framework import wording
from spreadkit.plan.output import document as doc
from spreadkit.plan.output.document import Block, Document, Heading, Paragraph, Picture, Table
from spreadkit.plan.pictures.svg import Chart
from spreadkit.plan.pictures.trend_charts import TrendsView
from spreadkit.plan.views.board import BoardView
from spreadkit.plan.views.board_parts import Part


def board_document(board: BoardView, details: Mapping[str, Any] | None = None) -> Document:
    """The board plan's document. ``details`` are the answers file's plan details (lead, dates)."""
    details = details or {}
    blocks: list[Block] = [Heading(board.title, 0), doc.labelled("Status", board.status_line)]
    if board.notice:
        blocks.append(doc.labelled("Please note", board.notice, style="quote"))
    if board.details:
        rows = tuple(doc.cells((label, value)) for label, value in board.details)
        blocks.append(Table(("Detail", "Value"), rows, header_column=True))
    figures = _Figures()
    for number, section in enumerate(board.blocks, start=1):
        blocks.append(Heading(f"{number}. {section.heading}", 1))
        for part in section.parts:
            blocks += _part(part, figures)
    blocks += _trends(board.trends, figures)
    blocks.append(Heading(board.undecided_heading, 1))
    blocks.append(doc.text(board.undecided_intro))
    blocks += [doc.text(item, style="bullet") for item in board.undecided]
    blocks.append(doc.text(f"{board.credit} The framework is at {board.link}.", style="note"))
    blocks.append(doc.text(f"Made with {board.generator}.", style="note"))
    created, updated = doc.dates(details)
    updated_words = f"updated {wording.display_date(updated)}" if updated else ""
    version = f"version {board.version}" if board.version else ""
    return Document(
        title=board.title,
        footer=" · ".join(p for p in (board.title, version, updated_words) if p),
        blocks=tuple(blocks),
        author=str(details.get("lead") or ""),
        subject="Spread and adoption plan for the programme board",
        created=created,
        modified=updated or created,
        generator=board.generator,
    )


class _Figures:
    """Numbers the charts in the order they appear: "Figure 3: …"."""

    def __init__(self) -> None:
        self.count = 0

    def caption(self, title: str) -> Paragraph:
        self.count += 1
        return doc.text(f"Figure {self.count}: {title}", style="caption")


def _part(part: Part, figures: _Figures) -> list[Block]:
    table = part.table
    return doc.part(
        Heading(part.title, 2) if part.title else None,
        paragraphs=part.paragraphs,
        quote=part.quote,
        facts=part.facts,
        bullets=part.bullets,
        table=(
            doc.text_table(
                table.columns, table.rows, "; ".join(f"{k}: {v}" for k, v in table.totals)
            )
            if table is not None
            else None
        ),
        after=_chart(part.chart, figures, CHART_WIDTH_MM) if part.chart is not None else (),
        note=part.note,
    )


TREND_WIDTH_MM = 120  # a trend chart in Word: narrower than the page, so nine fit in fewer
CHART_WIDTH_MM = 135  # the plan's own charts (phases, sites, heat map): legible, not page-wide


def _chart(chart: Chart, figures: _Figures, width_mm: float = 0) -> list[Block]:
    """A chart under its numbered caption (the caption above, as a board paper has it)."""
    drawn = f"{chart.description} {chart.drawn_note}".strip()  # what the drawn picture shows
    if chart.svg and chart.kind == "measure" and chart.columns:  # a measure: its data too
        return [
            figures.caption(chart.title),
            Picture(chart.svg, chart.title, drawn, width_mm),
            doc.text(drawn, style="note"),
            doc.text_table(chart.columns, chart.rows),
        ]
    if chart.svg:
        picture = Picture(chart.svg, chart.title, drawn, width_mm)
        return [figures.caption(chart.title), picture]
    if chart.columns:
        return [figures.caption(chart.title), doc.text_table(chart.columns, chart.rows)]
    return [doc.labelled(chart.title, chart.description, style="note")]


def _trends(trends: TrendsView, figures: _Figures) -> list[Block]:
    if not trends.shown:
        return []
    out: list[Block] = [Heading("Progress over time", 1)]
    out += [doc.text(line, style="bullet") for line in trends.summary]
    for chart in trends.charts:
        out += _chart(chart, figures, TREND_WIDTH_MM)
        if chart.id == "trend-adoption" and trends.credit:
            out.append(doc.text(trends.credit, style="note"))
    out.append(Heading("Check-ins", 2))
    out += [doc.text(line, style="number") for line in trends.checkins]
    return out
