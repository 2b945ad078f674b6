"""The portfolio as a page (HTML or Markdown, from ``templates/portfolio.*.j2``) or as CSV.

The HTML page is one self-contained file under the plans' Content-Security-Policy (no scripts,
no network): sorting and filtering are done before it is written, as sections grouped by status
and by phase, worst first, in ``<details>`` that open and close without a script, with anchors
between them. CSV cells that a spreadsheet would run as a formula are neutralised, as in
``spreadkit export`` (``tracker.export.neutralise``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from spreadkit.core.formats import PlanFormat
from spreadkit.plan.tracker.export import neutralise
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


def _row(cells: Sequence[str | int | None]) -> list[str | int]:
    """Text neutralised, numbers kept as numbers, nothing as an empty cell."""
    return [
        "" if cell is None else cell if isinstance(cell, int) else neutralise(cell)
        for cell in cells
    ]


def render_csv(portfolio: Portfolio) -> str:
    """One row per plan, in title order, then one per file that could not be read."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_row(CSV_COLUMNS))
    for plan in portfolio.plans:
        writer.writerow(
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
        writer.writerow(_row((failure.source, *blanks, failure.error)))
    return buffer.getvalue()
