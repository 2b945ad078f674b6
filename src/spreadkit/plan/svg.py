"""The pieces every picture of the plan is drawn with: the Chart record, escaping, the SVG frame,
wrapped labels and safe Mermaid text. Colours are CSS classes, styled in templates/plan.css.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

# Colours live in templates/plan.css, by these classes, so that a template can restyle a picture.
RAG_CLASS = {rag: f"chart-{rag}" for rag in ("red", "amber", "green")} | {"": "chart-unrated"}
TEXT = 'class="chart-text"'
MUTED = 'class="chart-muted"'


@dataclass(frozen=True)
class Chart:
    """One picture: what it shows in words, and how to draw it."""

    id: str
    kind: str
    title: str
    description: str
    svg: str
    mermaid: str


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def frame(
    chart_id: str, width: int, height: int, title: str, description: str, body: list[str]
) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" '
        f'font-family="Arial, Helvetica, sans-serif" font-size="13">'
        f'<title id="{chart_id}-title">{esc(title)}</title><desc id="{chart_id}-desc">{esc(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def wrap(text: str, width: int, lines: int) -> list[str]:
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


def mermaid_text(text: str) -> str:
    """Mermaid labels: no quotes, colons or brackets that would end them early."""
    text = str(text).replace('"', "'").replace(":", " -").replace("[", "(").replace("]", ")")
    # A title ends at "#" or ";", and "%%" starts a comment, wherever they are.
    text = text.replace(";", ",").replace("#", "＃").replace("%%", "%")
    return " ".join(text.split())
