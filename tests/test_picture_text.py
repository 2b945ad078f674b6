"""Every word in a picture is drawn inside it, in full: no label runs off the edge or is cut short.

Widths are estimated from the characters (``svg.text_width``, a little wider than Arial draws),
so a picture that passes here keeps its text inside its frame when printed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.framework.model import Framework, QuestionType
from spreadkit.plan.figures import scoring
from spreadkit.plan.figures.programme import ChartBand, PhaseBar, RiskPoint
from spreadkit.plan.pictures import charts
from spreadkit.plan.pictures.programme_charts import heatmap, phases
from spreadkit.plan.pictures.svg import Chart, fit, text_width

from .conftest import EXAMPLE_ANSWERS, NORTHFIELD

SVG = "{http://www.w3.org/2000/svg}"
EXAMPLES = sorted(Path(EXAMPLE_ANSWERS).parent.glob("*.answers.yml"))
LONG = " with a far longer name than anyone would choose, Northfield and District"
ONE_WORD = "-Northfield-Integrated-Care-Board-Primary-Care-Collaborative"
NAMED = (QuestionType.TEXT, QuestionType.REF)


def _longer(value: str, step: int) -> str:
    # The same name always gets the same longer name, so references between records still match
    return value + (LONG if step % 2 else ONE_WORD)


def long_names(framework: Framework, answers: Answers) -> Answers:
    """The answers with every name in every group made much longer (sites, actions, phases…)."""
    for step in framework.steps:
        for question in step.questions:
            records = answers.get(step.id, question.id)
            if question.type is not QuestionType.GROUP or not isinstance(records, list):
                continue
            named = {f.id for f in question.fields if f.type in NAMED}
            longer = [
                {
                    key: _longer(value, len(key))
                    if key in named and isinstance(value, str)
                    else value
                    for key, value in record.items()
                }
                for record in records
            ]
            answers = answers.with_value(step.id, question.id, longer)
    return answers


def _pictures(framework: Framework, answers: Answers) -> list[Chart]:
    results = scoring.assess(framework, answers)
    return [c for cs in charts.charts_for(framework, answers, results).values() for c in cs]


def outside(svg: str) -> list[str]:
    """The text of every line that reaches outside the picture's viewBox (by estimated width)."""
    root = ElementTree.fromstring(svg)
    _, _, width, height = (float(n) for n in root.get("viewBox", "").split())
    default = float(root.get("font-size", "13"))
    found = []
    for node in root.iter(f"{SVG}text"):
        size = float(node.get("font-size", default))
        bold = node.get("font-weight") == "bold"
        anchor = node.get("text-anchor", "start")
        spans = list(node.iter(f"{SVG}tspan")) or [node]
        for span in spans:
            text = "".join(span.itertext())
            x = float(span.get("x", node.get("x", "0")))
            y = float(span.get("y", node.get("y", "0")))
            wide = text_width(text, size, bold)
            start = {"start": x, "middle": x - wide / 2, "end": x - wide}[anchor]
            if "rotate(-90" in node.get("transform", ""):
                # Turned a quarter: the text runs up the picture, centred on its y
                low, high, left, right = y - (start - x) - wide, y - (start - x), x - size, x
            else:
                low, high, left, right = y - size * 0.8, y + size * 0.25, start, start + wide
            if left < -0.5 or right > width + 0.5 or low < -0.5 or high > height + 0.5:
                found.append(f"{text!r} at x {left:.0f}–{right:.0f}, y {low:.0f}–{high:.0f}")
    return found


def _all_text(svg: str) -> str:
    root = ElementTree.fromstring(svg)
    return "".join("".join(node.itertext()) for node in root.iter(f"{SVG}text"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_every_label_fits_inside_its_picture(framework: Framework, example: Path) -> None:
    pictures = _pictures(framework, read_answers(example, framework))
    assert {c.kind for c in pictures} >= {"timeline", "bars", "grid", "curve"}
    for chart in pictures:
        assert outside(chart.svg) == [], chart.id
    grid = next(c for c in pictures if c.kind == "grid")
    for level in ("High", "Medium", "Low"):  # short labels are never split ("Mediu" / "m")
        assert grid.svg.count(f">{level}</text>") == 2  # across and up


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_long_names_fit_and_are_never_cut_short(framework: Framework, example: Path) -> None:
    answers = long_names(framework, read_answers(example, framework))
    pictures = _pictures(framework, answers)
    assert len(pictures) >= 4
    names = 0
    for chart in pictures:
        assert outside(chart.svg) == [], chart.id
        drawn = re.sub(r"\s", "", _all_text(chart.svg))
        assert "…" not in drawn, chart.id
        for part in (LONG, ONE_WORD):  # every long name the picture starts, it draws in full
            whole = re.sub(r"\s", "", part)
            assert drawn.count(whole[:12]) == drawn.count(whole), (chart.id, part)
            names += drawn.count(whole)
        if chart.mermaid:  # the Markdown's diagram has every name in full too
            assert "…" not in chart.mermaid
    assert names >= 10


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_the_last_quarter_of_a_timeline_is_labelled_in_full(
    framework: Framework, example: Path
) -> None:
    answers = read_answers(example, framework)
    timeline = next(c for c in _pictures(framework, answers) if c.kind == "timeline")
    last = max(
        dt.date.fromisoformat(day) for day in re.findall(r"\d{4}-\d\d-\d\d", timeline.mermaid)
    )
    quarter = dt.date(last.year, 1 + (last.month - 1) // 3 * 3, 1)
    assert f">{quarter:%b %Y}<" in timeline.svg  # "Oct 2027" whole, not "Oct 20"
    assert outside(timeline.svg) == []


def test_fit_keeps_every_word_and_stays_in_width() -> None:
    text = "Recruit Wave 1 physiotherapists across" + ONE_WORD + " and the rural practices"
    lines = fit(text, 120, 12)
    assert len(lines) > 2
    assert all(text_width(line, 12) <= 120 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert fit("Short", 120, 12) == ["Short"]
    assert text_width("MMMM", 10) > text_width("iiii", 10) > 0


def test_a_crowded_heat_map_with_long_band_names_keeps_every_name() -> None:
    bands = (
        ChartBand(1, "Low: accept and review every quarter", "green"),
        ChartBand(8, "High: the programme board decides what to do", "amber"),
        ChartBand(15, "Extreme", "red"),
    )
    risks = [RiskPoint(f"Risk {n}", 4, 5) for n in range(1, 10)]
    chart = heatmap("chart-h", "Risks", risks, bands)
    assert outside(chart.svg) == []
    drawn = _all_text(chart.svg)
    assert all(f"R{n}" in drawn for n in range(1, 10)) and "…" not in drawn
    assert all(b.label.replace(" ", "") in drawn.replace(" ", "") for b in bands)


def test_a_phase_with_a_long_name_and_no_dates_fits() -> None:
    name = "Sustain and hand over to business as usual" + ONE_WORD
    chart = phases(
        "chart-p",
        "Phases",
        [PhaseBar("Pilot", dt.date(2027, 1, 1), dt.date(2027, 9, 30)), PhaseBar(name)],
    )
    assert outside(chart.svg) == []
    assert name.replace(" ", "") in _all_text(chart.svg).replace(" ", "")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_timeline_month_labels_are_evenly_spaced(framework: Framework, example: Path) -> None:
    # Northfield's once read "Sep 2026, Jan 2027, Apr 2027": four months, then three
    answers = read_answers(example, framework)
    timeline = next(c for c in _pictures(framework, answers) if c.kind == "timeline")
    named = [
        dt.datetime.strptime(m, "%b %Y").date()
        for m in re.findall(r'y="16"[^>]*>([A-Z][a-z]{2} \d{4})<', timeline.svg)
    ]
    assert len(named) >= 3
    gaps = {(b.year - a.year) * 12 + b.month - a.month for a, b in itertools.pairwise(named)}
    assert gaps == {3}, named


def test_overdue_actions_are_marked_in_the_timeline(framework: Framework) -> None:
    # As of its date (15 July 2027), two Northfield actions are overdue: the picture says so
    answers = read_answers(NORTHFIELD, framework)
    timeline = next(c for c in _pictures(framework, answers) if c.kind == "timeline")
    assert timeline.svg.count('class="chart-red"') == 2
    assert timeline.svg.count("· overdue<") == 2
    assert (
        "Agree shared rooms in Dunmere PCN, Programme manager, due 31 May 2027, Blocked, overdue"
        in (timeline.description)
    )
    assert timeline.mermaid.count("crit, ") == 2
