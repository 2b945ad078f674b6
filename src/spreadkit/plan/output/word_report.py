"""The highlight report as a :class:`~spreadkit.plan.output.document.Document`, for ``report --format
docx``: the same view model (:mod:`spreadkit.plan.views.report`) the Markdown and HTML reports lay
out, in the same order, so the three always say the same.

The overall status is a shaded cell that also says its colour in words (``Amber``), with the
reasons beside it: never the colour alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from spreadkit.plan.output import document as doc
from spreadkit.plan.output.document import Block, Cell, Document, Heading, Table
from spreadkit.plan.views.report import Report, ReportBlock


def report_document(
    report: Report, details: Mapping[str, Any] | None = None, as_of: dt.date | None = None
) -> Document:
    """The report's document. ``details`` are the answers file's plan details (the lead, the
    created date); ``as_of`` is the report's date, its document's modified date."""
    details = details or {}
    blocks: list[Block] = [Heading(f"Highlight report: {report.title}", 0)]
    board = f"For the {report.board}. " if report.board else ""
    after = f" Next report by {report.next_report}." if report.next_report else ""
    # the last report's status beside its date, so the "Why" cell keeps to one line
    last = f" (last report: {report.previous_label})" if report.previous_label else ""
    blocks.append(
        doc.text(f"{board}As of {report.as_of or 'no date yet'}, {report.period}{last}.{after}")
    )
    if report.notice:
        blocks.append(doc.text(report.notice, style="note"))
    reasons = "; ".join(report.status_why) or "nothing to judge it on yet"
    blocks.append(
        Table(
            ("Overall status", "Why"),
            ((Cell(report.status_label, rag=report.status, bold=True), Cell(reasons)),),
        )
    )
    if report.exceptions:
        blocks.append(
            doc.text("Exception, decision needed: " + "; ".join(report.exceptions_shown) + ".")
        )
    for part in report.blocks:
        blocks += _part(part)
    blocks += [doc.text(line, style="note") for line in report.small_print]
    meanings = "; ".join(f"{colour}, {meaning}" for colour, meaning in report.meanings)
    made = f"Made with {report.generator} from the plan's answers and check-ins."
    blocks.append(  # one paragraph, as the HTML report has it: the page keeps its one-page room
        doc.text(f"Status: {meanings}. Tolerances: {report.tolerances}. {made}", style="note")
    )
    created, _ = doc.dates(details)
    return Document(
        title=f"Highlight report: {report.title}",
        footer=f"Highlight report: {report.title} · {report.as_of}" if report.as_of else "",
        blocks=tuple(blocks),
        author=str(details.get("lead") or ""),
        subject="Highlight report for the programme board",
        created=created,
        modified=as_of or created,
        generator=report.generator,
        compact=True,  # one page, as the HTML report
    )


def _part(part: ReportBlock) -> list[Block]:
    after = [doc.text(f"…{part.more}.", style="note")] if part.more else []
    if part.blank:
        after.append(doc.text(part.empty, style="note"))
    return doc.part(
        Heading(part.heading, 1),
        paragraphs=part.paragraphs,
        bullets=part.bullets,
        table=doc.text_table(part.columns, part.rows) if part.rows else None,
        after=after,
        note=part.note,
    )
