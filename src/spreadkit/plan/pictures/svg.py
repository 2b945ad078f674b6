"""What every picture shares: the ``Chart`` record, the SVG frame and safe text for SVG and Mermaid.

Colours are never written into a picture: shapes carry CSS classes (``chart-*``) that
``templates/plan.css`` colours, so a template can restyle every chart.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import field
from functools import cached_property, lru_cache

from spreadkit.core.records import dataclass

RAG_CLASS = {rag: f"chart-{rag}" for rag in ("red", "amber", "green")} | {"": "chart-unrated"}
TEXT = 'class="chart-text"'
MUTED = 'class="chart-muted"'


@dataclass(frozen=True)
class Chart:
    """One picture: what it shows in words, and how to draw it.

    ``columns`` and ``rows`` are the picture as a table, for a chart that Mermaid cannot draw
    (a heat map): the Markdown plan shows the table where it would show the diagram.
    ``drawn_note`` is said after the description wherever the drawn picture is shown (HTML,
    Word), never beside a Mermaid diagram, which cannot draw it so (a run chart's dated points).

    ``_drawing`` is the SVG, or how to draw it: a picture is drawn the first time its ``svg`` is
    asked for, so a document that shows only the Mermaid diagram or the table (the Markdown
    plan) never draws it. (Its name starts with ``_`` so that no template, sandboxed or not,
    reaches the drawing function itself: templates see ``svg``.)
    """

    id: str
    kind: str
    title: str
    description: str
    _drawing: str | Callable[[], str] = field(repr=False, compare=False)
    mermaid: str
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    drawn_note: str = ""  # true of the drawn picture (SVG) only, not of its Mermaid diagram

    @cached_property
    def svg(self) -> str:
        """The picture as an ``<svg>`` element, drawn once, when first asked for."""
        drawing = self._drawing
        return drawing if isinstance(drawing, str) else drawing()


def esc(text: object) -> str:
    """``text`` escaped for SVG text or an attribute (``html.escape``, quotes too).

    A picture's short words come back again and again (axis labels, numbers, legend names), so
    the escaped form of the last few thousand short texts is kept: a pure function of its
    argument, bounded, so never stale.
    """
    text = str(text)
    done = _ESCAPED.get(text)
    if done is None:
        done = html.escape(text, quote=True)
        if len(text) <= 40 and len(_ESCAPED) < 4096:
            _ESCAPED[text] = done
    return done


_ESCAPED: dict[str, str] = {}  # short texts escaped (``esc``), at most 4,096


def frame(
    chart_id: str, width: int, height: int, title: str, description: str, body: list[str]
) -> str:
    """The ``<svg>`` element: an image to assistive technology, named by its title and description."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" '
        f'font-family="Arial, Helvetica, sans-serif" font-size="13">'
        f'<title id="{chart_id}-title">{esc(title)}</title><desc id="{chart_id}-desc">{esc(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _ems(char: str) -> float:
    """How wide one character draws, in ems."""
    if char in "ijl.,;:'!|":
        return 0.26
    if char in "ftrI()[]{} -/":
        return 0.35
    if char in "mwMW@%":
        return 0.87
    if char.isdigit():
        return 0.56
    if ord(char) >= 0x2000:
        return 1.0  # arrows, dots, dashes, emoji, CJK: full width at most
    if char.isupper():
        return 0.7
    return 0.57


_EMS: dict[str, float] = {}  # each character's width, worked out once


def text_width(text: str, size: float = 13, bold: bool = False) -> float:
    """About how wide ``text`` draws in Arial at ``size`` pixels: a little wider than it is.

    Widths by kind of character, in ems: enough to keep every label inside its picture
    without a font to measure with.
    """
    ems = 0.0
    known = _EMS
    for char in str(text):
        width = known.get(char)
        if width is None:
            width = _ems(char)
            if len(known) < 10_000:  # any text's characters: bounded
                known[char] = width
        ems += width
    return ems * size * (1.08 if bold else 1.0)


def fit(text: str, width: float, size: float = 13, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``width`` pixels, nothing left out: words go to the next
    line, and a word too long for a line of its own is split across lines.

    The same label is fitted again and again (a heat map's cells, a legend, a site on every
    chart), so the lines are kept for the last ``FITTED`` texts asked for: a pure function of
    its arguments, and each caller gets a list of its own.
    """
    return list(_fitted(str(text), width, size, bold))


FITTED = 2048  # how many fitted texts are kept (least recently used go first)


@lru_cache(maxsize=FITTED)
def _fitted(text: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    lines: list[str] = []
    for word in str(text).split():
        while len(word) > 1 and text_width(word, size, bold) > width:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut], size, bold) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines) or ("",)


def months_between_labels(span_days: int, plot_width: float) -> int:
    """Months between a time axis's labels: every quarter, or fewer when a quarter is too
    narrow for a label (``Sep 2027``) and a gap, so that labels never run into each other."""
    month_width = plot_width * 30.44 / span_days
    needed = text_width("Sep 2027", 11) + 8
    return next((n for n in (3, 6, 12, 24, 60) if n * month_width >= needed), 120)


def text_lines(
    x: float, y: float, lines: list[str], size: float, attrs: str, line_height: float = 0
) -> str:
    """One ``<text>`` of one or more lines, the first on ``y``, each later one a line lower."""
    step = line_height or round(size * 1.2)
    head = f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" {attrs}>'
    if len(lines) == 1:
        return f"{head}{esc(lines[0])}</text>"
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{y + n * step:.1f}">{esc(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return f"{head}{spans}</text>"


def mermaid_text(text: str) -> str:
    """Mermaid labels: no quotes, colons, brackets, semicolons, hashes or comment marks.

    Each of these would end a label early, start a comment or a new statement, or be read as
    an entity in some Mermaid diagram; user text is flattened to one line as well.
    """
    for old, new in (
        ('"', "'"),
        (":", " -"),
        ("[", "("),
        ("]", ")"),
        (";", ","),
        ("#", "no. "),
        ("%%", "%"),
        ("{", "("),
        ("}", ")"),
    ):
        text = str(text).replace(old, new)
    return " ".join(text.split())


def mermaid_label(text: object) -> str:
    """``text`` as a quoted Mermaid label that no character in it can end or break.

    Inside the quotes a name may hold brackets, colons and semicolons; what is left out is what
    Mermaid reads even there: a double quote, a comment (``%%``), an entity (``#…;``) and HTML.
    """
    cleaned = " ".join(str(text).split())
    for old, new in (('"', "'"), ("#", "＃"), ("<", "‹"), (">", "›")):
        cleaned = cleaned.replace(old, new)
    while "%%" in cleaned:
        cleaned = cleaned.replace("%%", "%")
    return f'"{cleaned}"'
