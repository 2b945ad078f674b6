"""The run charts drawn for Word look like the HTML plan's: each series in its own colour, the
dashed ones dashed, and the tipping-point band shaded."""

from __future__ import annotations

import io

from PIL import Image

from spreadkit.plan.pictures import raster
from spreadkit.plan.pictures.trend_charts import ChartLine, Shade, run_chart


def _colours(png: bytes) -> set[tuple[int, int, int]]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return {colour for _, colour in image.getcolors(maxcolors=1 << 20) or []}


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def test_word_run_charts_keep_each_series_colour_and_the_band() -> None:
    chart = run_chart(
        "trend-adoption",
        "Adoption against the target trajectory",
        "Adoption from 2 to 12 posts.",
        ("1 Oct 2027", "5 Jan 2028", "3 Apr 2028"),
        [
            ChartLine("Actual", (2, 8, 12), "trend-actual"),
            ChartLine("Planned", (4, 10, 16), "trend-planned", dashed=True),
            ChartLine("Target", (16, 16, 16), "trend-target", dashed=True),
            ChartLine("Baseline", (2, 2, 2), "trend-baseline", dashed=True),
        ],
        Shade(2.4, 3.2, "Tipping point: 15-20% of the target"),
    )
    png, _, _ = raster.svg_to_png(chart.svg)
    colours = _colours(png)
    # the colours templates/trends.html.j2 gives these series and the band in the HTML plan
    for colour in ("#005eb8", "#425563", "#007f3b", "#768692", "#fff0a0"):
        assert _rgb(colour) in colours, f"{colour} is missing from the Word picture"


def test_a_dashed_line_is_drawn_with_gaps() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 20">'
        '<line x1="0" y1="10" x2="200" y2="10" class="trend-line trend-planned"'
        ' stroke-width="2" stroke-dasharray="6 4"/></svg>'
    )
    png, _, _ = raster.svg_to_png(svg)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    row = [image.getpixel((x, 10 * raster.SCALE)) for x in range(image.width)]
    inked = [pixel != (255, 255, 255) for pixel in row]
    assert any(inked) and not all(inked[: image.width - 4])
    runs = sum(1 for i in range(1, len(inked)) if inked[i] and not inked[i - 1])
    assert runs >= 15  # 200 units of a 6-on 4-off dash: about twenty dashes


def test_wrapped_text_is_drawn_line_by_line() -> None:
    """A label wrapped into <tspan> lines (a long legend entry) keeps every line in Word."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">'
        '<text x="10" y="20" font-size="12" class="chart-text">'
        '<tspan x="10" y="20">Median (median of the first</tspan>'
        '<tspan x="10" y="70">12 readings)</tspan></text></svg>'
    )
    png, _, _ = raster.svg_to_png(svg)
    image = Image.open(io.BytesIO(png)).convert("L")
    scale = raster.SCALE

    def inked(top: int, bottom: int) -> bool:
        band = image.crop((0, top * scale, 200 * scale, bottom * scale))
        return band.getextrema()[0] < 128

    assert inked(8, 24) and inked(58, 74)
    assert not inked(30, 50)
