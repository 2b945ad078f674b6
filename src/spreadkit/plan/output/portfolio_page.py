"""The portfolio as a page (HTML or Markdown, from ``templates/portfolio.*.j2``) or as CSV.

The HTML page is one self-contained file under the plans' Content-Security-Policy (no scripts,
no network): sorting and filtering are done before it is written, as sections grouped by status
and by phase, worst first, in ``<details>`` that open and close without a script, with anchors
between them. CSV cells that a spreadsheet would run as a formula are neutralised, as in
``spreadkit export`` (:mod:`plan.tracker.csvcells`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from spreadkit.core.formats import PlanFormat
from spreadkit.files import planfile
from spreadkit.plan.tracker.csvcells import Cell, csv_text
from spreadkit.plan.views.portfolio_rows import Portfolio

TEMPLATES = {PlanFormat.MARKDOWN: "portfolio.md.j2", PlanFormat.HTML: "portfolio.html.j2"}

CSV_COLUMNS = (
    "File",
    "Title",
    "Lead",
    "Current phase",
    "Status",
    "Why",
    "Progress to the aim",
    "Progress (%)",
    "Sites live",
    "Sites planned",
    "Overdue actions",
    "Most overdue",
    "Flagged checks",
    "Worst flagged checks",
    "Top risks",
    "Last check-in",
    "Judged on",
    "Link",
    "Error",
)


def portfolio_text(portfolio: Portfolio, page_format: PlanFormat) -> str:
    """The portfolio page in ``page_format``, with spreadkit's stamp (and, in HTML, its policy)."""
    from spreadkit.plan.output.render import render_page as render

    return render(TEMPLATES[page_format], page_format, None, portfolio=portfolio)


def write_page(
    target: Path, portfolio: Portfolio, page_format: PlanFormat, force: bool
) -> Path | None:
    """Write the page to ``target`` as it is made, a piece at a time, through the guarded write
    that reads it back before it replaces the file (``planfile.write_plan_stream``); a page
    whose text would need a tag taken out past its opening is made whole instead."""
    from spreadkit.plan.output import safety
    from spreadkit.plan.output.render import page_chunks

    try:
        pieces = page_chunks(TEMPLATES[page_format], page_format, portfolio=portfolio)
        return planfile.write_plan_stream(target, pieces, force=force)
    except safety.Unstreamable:
        return planfile.write_plan(target, portfolio_text(portfolio, page_format), force=force)


def _row(cells: Sequence[str | int | None]) -> list[Cell]:
    """Text made safe by ``csv_text``, numbers kept as numbers, nothing as an empty cell."""
    return list(cells)


def render_csv(portfolio: Portfolio) -> str:
    """One row per plan, in title order, then one per file that could not be read."""
    rows = [_row(CSV_COLUMNS)]
    for plan in portfolio.plans:
        rows.append(
            _row(
                (
                    plan.source,
                    plan.title,
                    plan.lead,
                    plan.phase,
                    plan.status_label,
                    "; ".join(plan.reasons),
                    plan.aim,
                    plan.aim_percent,
                    plan.sites_live,
                    plan.sites_planned,
                    plan.overdue_count,
                    "; ".join(plan.overdue),
                    plan.flagged_count,
                    "; ".join(plan.flagged),
                    "; ".join(plan.risks),
                    plan.last_checkin_iso,
                    plan.as_of,
                    plan.link,
                    "",
                )
            )
        )
    blanks = ("",) * (len(CSV_COLUMNS) - 2)
    for failure in portfolio.failures:
        rows.append(_row((failure.source, *blanks, failure.error)))
    return csv_text(rows)
