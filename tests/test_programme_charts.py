"""The programme's pictures from plain data: phases, the risk heat map, progress to target."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from spreadkit.core.errors import SpreadkitError
from spreadkit.framework.content import load_framework
from spreadkit.framework.model import Band
from spreadkit.plan.figures.programme import (
    ChartBand,
    PhaseBar,
    ProgressRow,
    RiskPoint,
    band_for,
    chart_bands,
    progress_words,
)
from spreadkit.plan.pictures.programme_charts import heatmap, phases, progress
from spreadkit.plan.pictures.svg import mermaid_text

NPSA = (
    ChartBand(1, "Low", "green"),
    ChartBand(4, "Moderate", "amber-light"),
    ChartBand(8, "High", "amber"),
    ChartBand(15, "Extreme", "red"),
)
SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)  # also proves the SVG is well-formed XML
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def _pilot_and_scale() -> list[PhaseBar]:
    return [
        PhaseBar(
            "Pilot", dt.date(2027, 1, 1), dt.date(2027, 6, 30), "Two sites live", "Programme board"
        ),
        PhaseBar("Scale", dt.date(2027, 7, 1), dt.date(2028, 3, 31), "Eight sites live", ""),
        PhaseBar("Sustain"),
    ]


def test_phases_draw_each_phase_with_its_decision_point() -> None:
    chart = phases("chart-p", "Phases", _pilot_and_scale())
    assert _texts(chart.svg) == [
        *("Jan 2027", "Apr 2027", "Jul 2027", "Oct 2027", "Jan 2028"),  # every quarter
        *("Pilot", "30 Jun 2027 · decision", "Scale", "31 Mar 2028 · decision"),
        *("Sustain", "no dates yet"),
    ]
    assert chart.svg.count('class="chart-decision"') == 2  # a diamond where each dated phase ends
    assert chart.svg.count('class="chart-phase"') == 2
    assert chart.description == (
        "Pilot, 1 January 2027 to 30 June 2027; decision to move on: Two sites live "
        "(decided by Programme board); Scale, 1 July 2027 to 31 March 2028; decision to move "
        "on: Eight sites live; Sustain, no dates yet."
    )


def test_phases_as_a_mermaid_gantt_with_milestones() -> None:
    chart = phases("chart-p", "Phases: 2027", _pilot_and_scale())
    assert chart.mermaid.splitlines() == [
        "gantt",
        "    title Phases - 2027",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %b %Y",
        "    section Pilot",
        "    Pilot : 2027-01-01, 2027-06-30",
        "    Decision - Two sites live : milestone, 2027-06-30, 0d",
        "    section Scale",
        "    Scale : 2027-07-01, 2028-03-31",
        "    Decision - Eight sites live : milestone, 2028-03-31, 0d",
    ]  # Sustain has no dates: Mermaid cannot place it, and the description still names it


def test_user_text_cannot_break_the_svg_or_the_gantt() -> None:
    nasty = 'Wave #1: "go"; <b>live</b> %% [x] {y}\nnext'
    chart = phases(
        "chart-p", "Phases", [PhaseBar(nasty, dt.date(2027, 1, 1), dt.date(2027, 2, 1), nasty)]
    )
    assert "<b>" not in chart.svg and "&lt;b&gt;" in chart.svg
    _texts(chart.svg)
    for line in chart.mermaid.splitlines()[4:]:
        label = line.split(" : ")[0]
        assert not re.search(r'[:;#"\[\]{}\n]|%%', label), line
    assert mermaid_text("a;b#c") == "a,bno. c"


def test_no_phases_says_so() -> None:
    chart = phases("chart-p", "Phases", [])
    assert chart.description == "No phases yet."
    assert "No phases yet." in _texts(chart.svg)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1, "Low"),
        (3, "Low"),
        (4, "Moderate"),
        (6, "Moderate"),
        (8, "High"),
        (12, "High"),
        (15, "Extreme"),
        (25, "Extreme"),
    ],
)
def test_npsa_bands(score: int, band: str) -> None:
    found = band_for(score, NPSA)
    assert found is not None and found.label == band


def test_heat_map_names_every_cell_and_places_each_open_risk() -> None:
    risks = [
        RiskPoint("Recruitment slips", 4, 4),
        RiskPoint("IT access", 2, 3),
        RiskPoint("Estates", 4, 4),
    ]
    chart = heatmap("chart-h", "Risks", risks, NPSA, ("Likelihood", "Impact"), "NPSA 2008.")
    texts = _texts(chart.svg)
    cells = [t for t in texts if re.fullmatch(r"\d+ \w+", t)]
    assert len(cells) == 25 and "16 Extreme" in cells and "1 Low" in cells and "6 Moderate" in cells
    assert "R1, R3" in texts and "R2" in texts
    assert chart.svg.count("chart-band-red") == 6 + 1  # 15, 16, 20 (×2), 25 … and the legend
    assert "Low (1–3)" in texts and "Moderate (4–6)" in texts and "High (8–12)" in texts
    assert "Extreme (15–25)" in texts
    assert chart.description.startswith(
        "R1 Recruitment slips: likelihood 4, impact 4, score 16 (Extreme); "
        "R3 Estates: likelihood 4, impact 4, score 16 (Extreme); "
        "R2 IT access: likelihood 2, impact 3, score 6 (Moderate)."
    )
    assert chart.description.endswith("Bands: NPSA 2008.")
    assert chart.mermaid == ""  # Mermaid has no heat map: the Markdown plan shows the table
    assert chart.columns == ("Impact ↓ / Likelihood →", "1", "2", "3", "4", "5")
    assert chart.rows[0] == (
        "5",
        "Moderate (5)",
        "High (10)",
        "Extreme (15)",
        "Extreme (20)",
        "Extreme (25)",
    )
    assert chart.rows[1][4] == "Extreme (16) R1, R3"  # impact 4, likelihood 4
    assert chart.rows[2][2] == "Moderate (6) R2"  # impact 3, likelihood 2


def test_heat_map_without_risks() -> None:
    chart = heatmap("chart-h", "Risks", [], NPSA)
    assert chart.description == "No open risks recorded yet."
    assert len(chart.rows) == 5


@pytest.mark.parametrize(
    ("row", "unit", "words"),
    [
        (ProgressRow("A", 3, 5), "posts", "3 of 5 posts (60%)"),
        (ProgressRow("A", None, 4), "", "0 of 4 (0%)"),
        (ProgressRow("A", 6, 4), "sites", "6 of 4 sites (150%)"),
        (ProgressRow("A", 2.5, None), "posts", "2.5 posts, no target set"),
        (ProgressRow("A", None, None), "", "nothing yet, no target set"),
    ],
)
def test_progress_in_words(row: ProgressRow, unit: str, words: str) -> None:
    assert progress_words(row, unit) == words


def test_progress_bars_fill_to_the_share_of_target() -> None:
    rows = [
        ProgressRow("North PCN", 3, 4),
        ProgressRow("South PCN", 5, 4),
        ProgressRow("East", 0, 2),
    ]
    chart = progress("chart-g", "Sites: progress to target", rows, "posts")
    widths = re.findall(r'width="([\d.]+)" height="18" class="chart-(?:progress|green)"', chart.svg)
    assert widths == ["225.0", "300.0", "0.0"]  # 75%, capped at 100%, none
    assert "3 of 4 posts (75%)" in _texts(chart.svg)
    assert chart.description == (
        "North PCN: 3 of 4 posts (75%); South PCN: 5 of 4 posts (125%); East: 0 of 2 posts (0%)."
    )
    assert 'x-axis ["North PCN", "South PCN", "East"]' in chart.mermaid
    assert "bar [4, 4, 2]" in chart.mermaid and "bar [3, 5, 0]" in chart.mermaid


def test_bands_sharing_a_colour_get_their_own_shade() -> None:
    bands = (Band(0, "Low", "green"), Band(4, "Moderate", "amber"), Band(8, "High", "amber"))
    assert chart_bands(bands) == (
        ChartBand(0, "Low", "green"),
        ChartBand(4, "Moderate", "amber-light"),
        ChartBand(8, "High", "amber"),
    )


def _with_chart(folder: Path, chart: str) -> None:
    path = folder / "step-04-implement.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("charts:\n", "charts:\n" + chart, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("chart", "message"),
    [
        (
            "  - kind: progress\n    title: P\n    question: actions\n    label: task\n    value: owner\n",
            "a progress chart needs the key 'target'",
        ),
        (
            "  - kind: phases\n    title: P\n    question: actions\n    label: task\n    date: dew\n",
            "no field 'dew' in 'actions' (did you mean 'due'?)",
        ),
        (
            "  - kind: heatmap\n    title: H\n    assessment: team\n    label: task\n",
            "'team' is not a matrix assessment",
        ),
        (
            "  - kind: heatmop\n    title: P\n",
            "unknown chart kind 'heatmop' (did you mean 'heatmap'?)",
        ),
    ],
)
def test_bad_programme_charts_are_reported(content_copy: Path, chart: str, message: str) -> None:
    _with_chart(content_copy, chart)
    with pytest.raises(SpreadkitError) as caught:
        load_framework(content_copy)
    assert message in str(caught.value)
    assert "step-04-implement.yml:" in str(caught.value)


def test_a_long_programme_s_axis_labels_do_not_run_into_each_other() -> None:
    """Six years of phases: a label every quarter would overlap (the public FCP example's did);
    labels are spaced by a year, each in its own room."""
    import datetime as dt
    import itertools
    import re

    from spreadkit.plan.pictures.programme_charts import PhaseBar, phases
    from spreadkit.plan.pictures.svg import text_width

    bars = [
        PhaseBar("Pilot", dt.date(2018, 4, 1), dt.date(2019, 3, 31), "Go on?"),
        PhaseBar("Roll-out", dt.date(2019, 4, 1), dt.date(2024, 3, 31), "Done?"),
    ]
    svg = phases("c", "Phases", bars).svg
    labels = re.findall(r'<text x="([\d.]+)" y="16"[^>]*>([A-Z][a-z]{2} \d{4})</text>', svg)
    assert [name for _, name in labels][:3] == ["Apr 2018", "Apr 2019", "Apr 2020"]
    xs = [float(x) for x, _ in labels]
    assert all(b - a > text_width("Sep 2027", 11) for a, b in itertools.pairwise(xs))
