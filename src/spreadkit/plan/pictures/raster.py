"""spreadkit's own SVG pictures drawn as PNG, for Word (which shows a PNG where it cannot show SVG).

Not a general SVG renderer: it draws the few shapes :mod:`spreadkit.plan.pictures.svg` and the chart
modules write (``rect``, ``line``, ``circle``, ``polyline``, a closed ``path`` of ``M``/``l``
steps, and ``text`` with ``text-anchor``, ``font-size``, ``font-weight`` and a ``rotate``), in the
colours ``templates/plan.css`` gives their ``chart-*`` classes. So every chart the HTML plan
shows, Word shows the same, from the same SVG, with Pillow alone (no Cairo or other native
library that may be missing on Windows). Text comes from a system font (Arial, DejaVu Sans,
Liberation Sans) and falls back to Pillow's own.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import xml.etree.ElementTree as ET
from functools import cache
from typing import Any

from PIL import Image, ImageDraw, ImageFont

SCALE = 2  # pixels per SVG unit: sharp when Word shows the picture across the page
_NS = "{http://www.w3.org/2000/svg}"
_DARK, _GREY, _BLUE, _PALE, _LINE = "#212b32", "#4c6272", "#005eb8", "#f0f4f5", "#d8dde0"

# class -> (fill, stroke), as templates/plan.css colours the HTML plan's charts
_STYLE: dict[str, tuple[str | None, str | None]] = {
    "chart-text": (_DARK, None),
    "chart-muted": (_GREY, None),
    "chart-track": (_PALE, _LINE),
    "chart-red": ("#d5281b", None),
    "chart-amber": ("#ffb81c", None),
    "chart-green": ("#007f3b", None),
    "chart-unrated": ("#768692", None),
    "chart-cell": ("#f7f9fa", "#aeb7bd"),
    "chart-cell-best": ("#e8f1fa", "#aeb7bd"),
    "chart-curve": (None, _BLUE),
    "chart-axis": (None, _GREY),
    "chart-count": ("#007f3b", None),
    "chart-count-text": ("#ffffff", None),
    "chart-gridline": (None, "#e4e8eb"),
    "chart-done": ("#007f3b", None),
    "chart-due": (_BLUE, None),
    "chart-leader": (None, "#aeb7bd"),
    "chart-phase": ("#8fb8de", _BLUE),
    "chart-decision": (_DARK, None),
    "chart-progress": (_BLUE, None),
    "chart-heat-cell": (None, "#ffffff"),
    "chart-band-green": ("#b7dfc4", None),
    "chart-band-green-light": ("#dcefe2", None),
    "chart-band-amber-light": ("#fff0a0", None),
    "chart-band-amber": ("#ffc48a", None),
    "chart-band-red-light": ("#f9cfcb", None),
    "chart-band-red": ("#f4a6a0", None),
    # the run charts' series and band, as templates/trends.html.j2 colours them
    "trend-actual": ("#005eb8", "#005eb8"),
    "trend-planned": ("#425563", "#425563"),
    "trend-target": ("#007f3b", "#007f3b"),
    "trend-baseline": ("#768692", "#768692"),
    "trend-band": ("#fff0a0", None),
    # the measures' charts, as templates/trends.html.j2 colours them
    "measure-s1": ("#005eb8", "#005eb8"),
    "measure-s2": ("#330072", "#330072"),
    "measure-s3": ("#007f3b", "#007f3b"),
    "measure-s4": ("#7c2855", "#7c2855"),
    "measure-s5": ("#425563", "#425563"),
    "measure-median": (None, _DARK),
    "measure-mean": (None, _DARK),
    "measure-limit": (None, "#d5281b"),
    "measure-ring": (None, _GREY),
    "measure-ring-better": (None, _BLUE),
    "measure-ring-worse": (None, "#ed8b00"),
}
_FONTS = {
    False: ("arial.ttf", "Arial.ttf", "LiberationSans-Regular.ttf", "DejaVuSans.ttf"),
    True: ("arialbd.ttf", "Arial Bold.ttf", "LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf"),
}
_ROTATE = re.compile(r"rotate\(\s*(-?[\d.]+)")


@cache
def _font(size: int, bold: bool) -> Any:
    for name in _FONTS[bold]:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _style(element: ET.Element) -> tuple[str | None, str | None]:
    fill: str | None = None
    stroke: str | None = None
    for name in element.get("class", "").split():
        own_fill, own_stroke = _STYLE.get(name, (None, None))
        fill, stroke = own_fill or fill, own_stroke or stroke
    if element.tag == f"{_NS}text" and fill is None:
        fill = _DARK
    return fill, stroke


def _num(element: ET.Element, name: str, default: float = 0.0) -> float:
    try:
        return float(element.get(name, default))
    except ValueError:
        return default


def svg_to_png(svg: str) -> tuple[bytes, int, int]:
    """The PNG of a spreadkit chart, with its width and height in SVG units."""
    root = ET.fromstring(svg)
    _, _, width, height = (float(v) for v in root.get("viewBox", "0 0 600 300").split())
    image = Image.new("RGB", (round(width * SCALE), round(height * SCALE)), "#ffffff")
    draw = ImageDraw.Draw(image)
    base_size = _num(root, "font-size", 13)
    for element in root.iter():
        _draw(image, draw, element, base_size)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue(), round(width), round(height)


def _draw(image: Any, draw: Any, element: ET.Element, base_size: float) -> None:
    tag = element.tag.removeprefix(_NS)
    fill, stroke = _style(element)
    s = SCALE
    line_width = max(1, round(_num(element, "stroke-width", 1) * s))
    if tag == "rect":
        x, y = _num(element, "x") * s, _num(element, "y") * s
        w, h = _num(element, "width") * s, _num(element, "height") * s
        if w > 0 and h > 0:
            draw.rectangle((x, y, x + w, y + h), fill=fill, outline=stroke, width=line_width)
    elif tag == "line":
        x1, y1, x2, y2 = (_num(element, k) * s for k in ("x1", "y1", "x2", "y2"))
        _stroke(draw, element, [(x1, y1), (x2, y2)], stroke or fill or _GREY, line_width)
    elif tag == "circle":
        cx, cy, r = (_num(element, k) * s for k in ("cx", "cy", "r"))
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill, outline=stroke, width=line_width)
    elif tag == "polyline":
        numbers = [float(v) * s for v in re.findall(r"-?[\d.]+", element.get("points", ""))]
        line = list(zip(numbers[::2], numbers[1::2], strict=False))
        if len(line) > 1:
            _stroke(draw, element, line, stroke or fill or _BLUE, line_width)
    elif tag == "path":
        corners = _path_points(element.get("d", ""))
        if len(corners) > 2:
            draw.polygon([(x * s, y * s) for x, y in corners], fill=fill, outline=stroke)
    elif tag == "text" and (element.text or len(element)):  # its words, or its lines
        _text(image, draw, element, fill or _DARK, base_size)
    elif tag == "text":  # lines of wrapped text: each <tspan> at its own place, styled as its text
        for part in element.findall(f"{_NS}tspan"):
            if part.text:
                placed = ET.Element(element.tag, {**element.attrib, **part.attrib})
                placed.text = part.text
                _text(image, draw, placed, fill or _DARK, base_size)


def _stroke(
    draw: Any, element: ET.Element, points: list[tuple[float, float]], colour: str, width: int
) -> None:
    """A line through ``points``, dashed as its ``stroke-dasharray`` says (in SVG units)."""
    pattern = [float(v) * SCALE for v in re.findall(r"[\d.]+", element.get("stroke-dasharray", ""))]
    if not pattern or sum(pattern) <= 0:
        draw.line(points, fill=colour, width=width, joint="curve")
        return
    if len(pattern) % 2:
        pattern *= 2
    index, left, inked = 0, pattern[0], True  # where in the pattern the pen is
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        length, done = math.hypot(x2 - x1, y2 - y1), 0.0
        while done < length:
            step = min(left, length - done)
            if inked:
                a, b = done / length, (done + step) / length
                start = (x1 + (x2 - x1) * a, y1 + (y2 - y1) * a)
                draw.line(
                    [start, (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)], fill=colour, width=width
                )
            done, left = done + step, left - step
            if left <= 0:
                index = (index + 1) % len(pattern)
                left, inked = pattern[index], index % 2 == 0


def _path_points(d: str) -> list[tuple[float, float]]:
    """The corners of a path made of ``M x y`` then ``l dx dy`` steps (the charts' diamonds)."""
    points: list[tuple[float, float]] = []
    for command, x, y in re.findall(r"([MLml])\s*(-?[\d.]+)[\s,]+(-?[\d.]+)", d):
        if command in "ml" and points:
            last = points[-1]
            points.append((last[0] + float(x), last[1] + float(y)))
        else:
            points.append((float(x), float(y)))
    return points


def _text(image: Any, draw: Any, element: ET.Element, fill: str, base_size: float) -> None:
    s = SCALE
    size = round(_num(element, "font-size", base_size) * s)
    font = _font(size, element.get("font-weight") == "bold")
    words = str(element.text or "")
    x, y = _num(element, "x") * s, _num(element, "y") * s
    anchor = {"middle": "ms", "end": "rs"}.get(element.get("text-anchor", ""), "ls")
    rotation = _ROTATE.match(element.get("transform", ""))
    if rotation is None:
        if words.strip():
            draw.text((x, y), words, fill=fill, font=font, anchor=anchor)
        # a label that wraps is one <tspan> a line (svg.text_lines): each line is drawn too
        for line in element:
            if line.tag.rsplit("}", 1)[-1] == "tspan" and line.text:
                where = (_num(line, "x", x / s) * s, _num(line, "y", y / s) * s)
                draw.text(where, line.text, fill=fill, font=font, anchor=anchor)
        return
    # rotated text (an axis label): draw it level on its own image, turn that, paste it
    left, top, right, bottom = draw.textbbox((0, 0), words, font=font, anchor="lt")
    label = Image.new("RGBA", (right - left + 4, bottom - top + 4), (255, 255, 255, 0))
    ImageDraw.Draw(label).text((2, 2), words, fill=fill, font=font, anchor="lt")
    angle = math.radians(float(rotation.group(1)))
    turned = label.rotate(-float(rotation.group(1)), expand=True)
    # SVG puts the baseline through (x, y): the text's middle is a little "up" from there
    lift = (bottom - top) * 0.35
    middle_x, middle_y = x + math.sin(angle) * lift, y - math.cos(angle) * lift
    image.paste(
        turned, (round(middle_x - turned.width / 2), round(middle_y - turned.height / 2)), turned
    )
