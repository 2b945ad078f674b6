"""The plan as a :class:`~spreadkit.plan.output.document.Document`, for ``render --format docx``.

It walks the view model (:mod:`spreadkit.plan.views.workbook`) in the order the Markdown template does:
title and details, at a glance, each section's parts (facts, lists, prose, tables), scores,
pictures, plan checks and tools, the appendices, and about this plan. Sections, parts and items
are walked generically, so a section added to the view shows here without a change.
"""

from __future__ import annotations

from typing import Any

from spreadkit.plan.figures import tracking
from spreadkit.plan.figures.scoring import AssessmentResult
from spreadkit.plan.output import document as doc
from spreadkit.plan.output.document import (
    Block,
    Cell,
    Document,
    Heading,
    Paragraph,
    Picture,
    Run,
    Table,
)
from spreadkit.plan.views.workbook import Item, SectionView, WorkbookView


def workbook_document(plan: WorkbookView, details: dict[str, Any] | None = None) -> Document:
    """The plan's document. ``details`` are the answers file's plan details (lead and dates)."""
    details = details or {}
    blocks: list[Block] = [Heading(plan.title, 0)]
    if plan.notice:
        blocks.append(doc.labelled("Please note", plan.notice, style="quote"))
    rows = [(label, value or "Not given") for label, value in plan.details]
    if plan.updated:
        rows.append(("Last updated", plan.updated))
    blocks.append(Table(("Detail", "Value"), tuple(doc.cells(r) for r in rows), header_column=True))
    blocks.append(
        doc.text(
            f"A plan to spread this innovation, following the {plan.step_count_words} steps of "
            f"the {plan.framework_title} ({plan.framework_publisher}, "
            f"{plan.framework_published})."
        )
    )
    blocks += _glance(plan)
    for section in plan.sections:
        blocks += _section(section)
    for appendix in plan.appendices:
        blocks.append(Heading(f"Appendix {appendix.number}: {appendix.title}", 1))
        blocks.append(doc.text(appendix.summary))
        blocks += [doc.labelled(role.name, role.description) for role in appendix.roles]
        blocks.append(doc.text(appendix.traits_intro))
        blocks += [doc.text(trait, style="bullet") for trait in appendix.traits]
    blocks += _sources(plan)
    blocks.append(Heading("About this plan", 1))
    blocks.append(
        doc.text(f"{plan.framework_credit} The full framework is at {plan.framework_link}.")
    )
    first = f"First written {plan.created}. " if plan.created else ""
    blocks.append(doc.text(f"{first}Made with {plan.generator}."))
    created, updated = doc.dates(details)
    return Document(
        title=plan.title,
        blocks=tuple(blocks),
        author=str(details.get("lead") or ""),
        subject=plan.framework_title,
        created=created,
        modified=updated or created,
        generator=plan.generator,
    )


def band_cell(label: str, rag: str) -> Cell:
    """A band in words and in colour: ``Green – ready`` on green, never the colour alone."""
    if not label:
        return Cell("–")
    words = tracking.RAG_WORDS.get(rag, "")
    shown = label if not words or label.lower().startswith(words.lower()) else f"{words}: {label}"
    return Cell(shown, rag=rag)


def _glance(plan: WorkbookView) -> list[Block]:
    out: list[Block] = [Heading("At a glance", 1)]
    for line in plan.glance.lines:  # the same words as the Markdown workbook's
        out.append(
            doc.labelled(f"{line.label} ({line.note})" if line.note else line.label, line.words)
        )
        out += [
            doc.labelled(item.label, item.words, level=1)
            if item.label
            else doc.text(item.words, level=1, style="bullet")
            for item in line.under
        ]
    completion = "; ".join(f"{s.title} {s.answered}/{s.asked}" for s in plan.sections)
    out.append(doc.labelled("Completion", f"{completion}."))
    if plan.headline_scores:
        out.append(doc.labelled("Scores", plan.scores_note))
        for result in plan.headline_scores:
            out.append(doc.labelled(result.title, _score_words(result), level=1))
    flagged = f"{len(plan.flagged)} flagged" if plan.flagged else "none flagged"
    unknown = f"; {len(plan.unknown)} with not enough information yet" if plan.unknown else ""
    out.append(doc.labelled("Plan checks", flagged + unknown))
    for check in plan.flagged:
        concerned = f" ({'; '.join(check.concerned)})" if check.concerned else ""
        out.append(doc.text(f"Flagged: {check.title}{concerned}", style="bullet", level=1))
    out.append(doc.labelled("Next actions", "" if plan.next_actions else "none dated yet"))
    for upcoming in plan.next_actions:
        status = f" ({upcoming.status})" if upcoming.status else ""
        out.append(
            doc.text(
                f"{upcoming.label} — {upcoming.owner}, due {upcoming.due_text}{status}",
                style="number",
                level=1,
            )
        )
    if plan.missing_required:
        many = "answer is" if plan.missing_required == 1 else "answers are"
        out.append(
            doc.labelled(
                "Still to do",
                f"{plan.missing_required} required {many} missing. "
                "They are marked Not answered yet below.",
                style="quote",
            )
        )
    return out


def _score_words(result: AssessmentResult) -> str:
    if not result.answered:
        return "not rated yet"
    words = tracking.RAG_WORDS.get(result.rag, "")
    band = f"{words} – {result.band}" if words and result.band else result.band
    return f"{result.score_text}, {band}" if band else result.score_text


def _section(section: SectionView) -> list[Block]:
    out: list[Block] = [Heading(section.heading, 1)]
    if section.quote_text:
        out.append(doc.text(f"“{section.quote_text}” — {section.quote_source}", style="quote"))
    if section.summary:
        out.append(doc.text(section.summary))
    for part in section.parts:
        out.append(Heading(part.title, 2))
        if part.intro:
            out.append(Paragraph((Run(part.intro, italic=True),)))
        for item in part.items:
            out += _item(item, part.title)
    if section.assessments:
        out.append(Heading("Scores", 2))
        for result in section.assessments:
            out += _assessment(result)
    if section.charts:
        out.append(Heading("Pictures", 2))
        for chart in section.charts:
            if chart.svg:
                out.append(Picture(chart.svg, chart.title, chart.description))
            elif chart.columns:
                out.append(Table(chart.columns, tuple(doc.cells(r) for r in chart.rows)))
            out.append(doc.labelled(chart.title, chart.description, style="note"))
    if section.checks:
        out.append(Heading("Plan checks", 2))
        for check in section.checks:
            if check.flagged:
                concerned = f" Concerned: {'; '.join(check.concerned)}." if check.concerned else ""
                out.append(
                    doc.labelled(
                        f"Flagged: {check.title}",
                        f"{check.why} What to do: {check.action}{concerned}",
                    )
                )
            elif check.unknown:
                needed = f" {check.needed}" if check.needed else ""
                out.append(doc.labelled("Not enough information yet", f"{check.title}.{needed}"))
            else:
                out.append(doc.labelled("Passed", check.passed))
    if section.tools:
        out.append(Heading("Tools to use next", 2))
        for tool in section.tools:
            where = f" ({tool.where})" if tool.where else ""
            out.append(doc.labelled(f"{tool.name}{where}", tool.purpose))
    return out


def _item(item: Item, part_title: str) -> list[Block]:
    if item.missing:
        required = " (required)" if item.required else ""
        return [
            Paragraph(
                (
                    Run(f"{item.label}: ", bold=True),
                    Run(f"Not answered yet{required}.", italic=True),
                ),
                "bullet",
            )
        ]
    if item.layout == "fact":
        return [doc.labelled(item.label, item.text)]
    if item.layout == "list":
        return [
            doc.labelled(item.label, ""),
            *(doc.text(b, style="bullet", level=1) for b in item.bullets),
        ]
    out: list[Block] = []
    if item.label != part_title:
        out.append(Heading(item.label, 3))
    if item.layout == "prose":
        out += [doc.text(paragraph) for paragraph in item.paragraphs]
        return out
    caption = "; ".join(f"{label}: {value}" for label, value in item.totals)
    out.append(Table(item.columns, tuple(doc.cells(r) for r in item.rows), caption=caption))
    return out


def _assessment(result: AssessmentResult) -> list[Block]:
    tool = f" ({result.tool})" if result.tool else ""
    out: list[Block] = []
    if result.kind == "distribution":
        out.append(Paragraph((Run(f"{result.title}{tool}", bold=True),)))
    else:
        out.append(doc.labelled(f"{result.title}{tool}", _score_words(result), style="body"))
    if result.kind == "score":
        rows = [
            (Cell(i.label), Cell(i.scale_text or "–"), band_cell(i.band, i.rag))
            for i in result.items
        ]
        rows += [
            (
                Cell(f"{g.name} (subtotal)"),
                Cell(g.score_text if g.percent is not None else "–"),
                band_cell(g.band, g.rag),
            )
            for g in result.groups
        ]
        total = result.score_text if result.answered else "–"
        rows.append(
            (Cell("Total", bold=True), Cell(total, bold=True), band_cell(result.band, result.rag))
        )
        out.append(Table(("Rated", "Score", "In words"), tuple(rows)))
    elif result.kind == "coverage":
        out.append(
            Table(
                result.columns,
                tuple(
                    (
                        Cell(i.label),
                        Cell(i.note or "–") if i.score else Cell("Gap", rag="red", bold=True),
                    )
                    for i in result.items
                ),
            )
        )
        if result.gaps:
            out.append(doc.labelled("Gaps", ", ".join(result.gaps) + ".", style="body"))
    else:
        out.append(
            Table(
                result.columns,
                tuple(
                    doc.cells((i.label, i.group, str(i.score or 0), i.note)) for i in result.items
                ),
            )
        )
        if result.start_with:
            out.append(doc.labelled("Start with", ", ".join(result.start_with) + ".", style="body"))
    if result.note:
        out.append(Paragraph((Run(result.note, italic=True),), "note"))
    return out


def _sources(plan: WorkbookView) -> list[Any]:
    """The numbered sources and every assumption, as the Markdown and HTML workbook show them."""
    if not plan.references and not plan.assumptions:
        return []
    out: list[Any] = [Heading("Sources and assumptions", 1)]
    if plan.references:
        out.append(doc.text("Numbers in brackets in this plan refer to these sources."))
        out += [doc.text(reference, style="bullet") for reference in plan.references]
    if plan.assumptions:
        out.append(Heading("Assumptions to confirm", 2))
        out.append(
            doc.text(
                "These answers are assumed, not yet confirmed (marked † in the board plan). "
                "Check each with the person named and update the plan."
            )
        )
        rows = tuple(
            doc.cells((r.what, r.value, r.rests_on, r.confirm or "not named"))
            for r in plan.assumptions
        )
        out.append(Table(("Answer", "Assumed", "What it rests on", "To be confirmed by"), rows))
    return out
