"""The readiness grid: a row per site, a column per point over the check-ins, and in each cell
three dots (people, context, innovation) coloured by their rating, drawn from ``trends``' series
as inline SVG. Mermaid cannot draw it, so the Markdown plan shows it as its table
(``columns``/``rows``), as the HTML plan does beside the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from spreadkit.plan.figures.trends import SiteReadiness, Trends
from spreadkit.plan.pictures.svg import MUTED, TEXT, Chart, esc, fit, frame, text_lines

RAG_LETTER = {"green": "G", "amber": "A", "red": "R", "": "–"}

GRID_POINTS = 8  # the readiness grid shows the latest points only: a page is only so wide


def readiness_grid(chart_id: str, trends: Trends) -> Chart:
    """A row per site, a column per point; three dots in each cell: people, context, innovation.

    With more than ``GRID_POINTS`` points, the start and the latest check-ins are shown.
    """
    shown = list(range(len(trends.labels)))
    if len(shown) > GRID_POINTS:
        shown = [0, *shown[-(GRID_POINTS - 1) :]]
    labels = tuple(trends.labels[i] for i in shown)
    sites = [
        replace(site, ratings=tuple(site.ratings[i] for i in shown)) for site in trends.readiness
    ]
    title = "Readiness of each site over time"
    described = []
    for site in sites:
        first, last = site.ratings[0], site.ratings[-1]
        words = ", ".join(
            f"{factor} {a or 'unrated'}" + (f" to {b}" if b != a else "")
            for factor, a, b in zip(("people", "context", "innovation"), first, last, strict=True)
        )
        described.append(f"{site.site}: {words}")
    description = (
        f"From {labels[0]} to {labels[-1]}: " + "; ".join(described) + "."
        if described
        else "No site's readiness is rated yet."
    )
    columns = ("Site", *labels)
    rows = tuple(
        (
            site.site,
            *("/".join(RAG_LETTER.get(r, r) for r in ratings) for ratings in site.ratings),
        )
        for site in sites
    )
    drawing = partial(_grid_svg, chart_id, title, description, labels, tuple(sites))
    return Chart(chart_id, "readiness", title, description, drawing, "", columns, rows)


def _grid_svg(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    sites: Sequence[SiteReadiness],
) -> str:
    left, cell_w, row_h, top = 200, max(56, min(90, 560 // max(len(labels), 1))), 24, 34
    body = [
        f'<text x="{left + i * cell_w + cell_w / 2:.1f}" y="{top - 12}" text-anchor="middle" {MUTED} font-size="11">{esc(label)}</text>'
        for i, label in enumerate(labels)
    ]
    next_y = top
    xs = [
        [
            f'<circle cx="{left + col * cell_w + cell_w / 2 + (k - 1) * 14:.1f}" cy="'
            for k in range(3)
        ]
        for col in range(len(labels))
    ]  # each dot's opening, up to its height
    dots: dict[str, str] = {}  # each rating's class and title, worked out once
    for site in sites:
        y = next_y
        name_lines = fit(site.site, left - 14, 13)
        next_y = y + max(row_h, 16 * len(name_lines) + 8)
        body.append(text_lines(left - 10, y + 13, name_lines, 13, f'text-anchor="end" {TEXT}', 16))
        cy = f'{y + 9}" '
        for col, ratings in enumerate(site.ratings):
            for k, rating in enumerate(ratings):
                if (dot := dots.get(rating)) is None:
                    css = f"chart-{rating}" if rating else "chart-unrated"
                    dot = dots[rating] = (
                        f'r="5.5" class="{css}"><title>{esc(RAG_LETTER.get(rating, rating))}</title></circle>'
                    )
                body.append(f"{xs[col][k]}{cy}{dot}")
    legend_y = (next_y if sites else top + row_h) + 8
    body.append(
        f'<text x="{left}" y="{legend_y + 4}" {MUTED} font-size="11">Dots in each cell: people, context, innovation (green, amber, red; grey not rated)</text>'
    )
    width = max(left + cell_w * len(labels) + 20, 660)  # room for the legend's words
    return frame(chart_id, width, legend_y + 16, title, description, body)
