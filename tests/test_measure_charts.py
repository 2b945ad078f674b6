"""Measures over time in every format: a measure read monthly for two years (with a missed
month), one at three time points and one by group, from examples/measures-demo.answers.yml, as
HTML (inline SVG with its table), Markdown (Mermaid and a table) and Word (a picture with its
caption and alt text, and the table); points placed at their dates."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.answers.measures import MeasureSpec
from spreadkit.answers.readings import Reading
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import measure_series
from spreadkit.plan.pictures import measure_charts

from .conftest import EXAMPLES, Cli

DEMO = EXAMPLES / "measures-demo.answers.yml"
WAIT = "Wait for a first physiotherapy appointment"


@pytest.fixture(scope="module")
def charts(framework: Framework) -> dict[str, measure_charts.Chart]:
    figures = measure_series.figures(framework, read_answers(DEMO, framework))
    pictures, _ = measure_charts.charts(figures)
    return {c.title: c for c in pictures}


def test_the_demo_has_a_measure_of_each_shape(framework: Framework) -> None:
    figures = {f.name: f for f in measure_series.figures(framework, read_answers(DEMO, framework))}
    wait = figures[WAIT]
    assert [len(s.readings) for s in wait.series] == [24]
    assert [s.label for s in figures["Pain score"].series] == [
        "first appointment",
        "discharge",
        "3 months after",
    ]
    share = figures["Patients seeing the FCP with no GP appointment for the same problem"]
    assert [s.label for s in share.series] == ["most deprived fifth", "other areas"]
    assert measure_series.series_verdict(wait.series[0], wait.spec) == (
        "special cause: improving; if nothing changes, the target will be consistently missed"
    )


def test_points_sit_at_their_dates_so_a_missed_month_shows(charts) -> None:  # type: ignore[no-untyped-def]
    chart = charts[f"Run chart of {WAIT} (days)"]
    xs = [
        float(x)
        for x in re.findall(
            r'<circle cx="([\d.]+)" cy="[\d.]+" r="4" class="measure-dot', chart.svg
        )
    ]
    assert len(xs) == 24 + 1  # 24 readings and the legend's marker
    gaps = [round(b - a, 1) for a, b in itertools.pairwise(xs[:-1])]
    month = min(gaps)
    assert max(gaps) > 1.8 * month  # July to September 2027: August was not read
    assert gaps.count(max(gaps)) == 1


def test_every_chart_names_the_measure_and_unit_and_has_its_table(charts) -> None:  # type: ignore[no-untyped-def]
    assert set(charts) >= {
        f"Run chart of {WAIT} (days)",
        f"XmR chart of {WAIT} (days)",
        "Run chart of Pain score (points)",
        "Run chart of Patients seeing the FCP with no GP appointment for the same problem (%)",
    }
    for chart in charts.values():
        assert chart.columns[0] == "Date" and chart.rows
        assert f'<title id="{chart.id}-title">{chart.title}</title>' in chart.svg
    pain = charts["Run chart of Pain score (points)"]
    assert pain.columns[1:4] == ("first appointment", "discharge", "3 months after")
    assert ">points</text>" in pain.svg  # the unit on the axis
    wait = charts[f"Run chart of {WAIT} (days)"]
    assert ">Median (median of the first</tspan>" in wait.svg
    # 51 (Sep 2027), then 52 on the median, then twelve below: 13 points count, not 14
    assert "a shift: 13 points below the median, 30 Sep 2027 to 31 Oct 2028" in wait.description
    assert wait.rows[0] == ("31 Oct 2026", "52 days (n=40)", "52 days", "56 days", "7 days")
    xmr = charts[f"XmR chart of {WAIT} (days)"]
    assert xmr.columns == ("Date", "Reading", "Mean", "Upper limit", "Lower limit", "Target")


def test_a_long_legend_label_wraps_and_keeps_every_word(charts) -> None:  # type: ignore[no-untyped-def]
    wait = charts[f"Run chart of {WAIT} (days)"]
    legend = " ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", wait.svg))
    assert "Median (median of the first" in legend and "12 readings)" in legend


def test_the_demo_renders_in_every_format(cli: Cli, tmp_path: Path) -> None:
    for suffix in ("html", "md", "docx"):
        target = tmp_path / f"demo.{suffix}"
        result = cli("render", str(DEMO), "--output", str(target))
        assert result.exit_code == 0, result.output
    html = (tmp_path / "demo.html").read_text(encoding="utf-8")
    assert html.count('class="measure-line measure-s') >= 6
    assert f"Run chart of {WAIT} (days), as a table" in html
    markdown = (tmp_path / "demo.md").read_text(encoding="utf-8")
    assert f'title "XmR chart of {WAIT} (days)"' in markdown
    assert (
        "| Date | first appointment | discharge | 3 months after | Baseline | Target |" in markdown
    )
    with zipfile.ZipFile(tmp_path / "demo.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
        pictures = [n for n in docx.namelist() if n.startswith("word/media/")]
    alt = f'descr="Run chart of {WAIT} (days): Latest 21 days on 31 Oct 2028. Run chart: a shift'
    assert alt in body
    assert len(pictures) >= 5
    assert "first appointment" in body and "most deprived fifth" in body


def test_the_words_for_a_run_chart_in_full_and_in_a_table_cell() -> None:
    spec = MeasureSpec("Wait", unit="days", better="lower")
    values = [10, 13, 12, 9, 14, 11, 12.5, 14, 10.5, 13.5, 11, 10, 12, 11]  # no signal
    start = dt.date(2027, 1, 31)

    def series(numbers: list[float]) -> measure_series.Series:
        days = [start + dt.timedelta(days=30 * i) for i in range(len(numbers))]
        return measure_series._series(
            "", [Reading("Wait", d, v) for d, v in zip(days, numbers, strict=True)], spec
        )

    plain = series(values)
    assert (
        measure_series.series_verdict(plain, spec)
        == "no signal: random variation around the median"
    )
    lower = series([14, 13, 15, 12, 14, 13, 15, 14, 5, 6, 4, 5, 6, 4])  # median 13: six below
    full = measure_series.series_verdict(lower, spec)
    assert full.startswith("a shift: 6 points below the median") and full.endswith("(improving)")
    assert measure_series.series_verdict(lower, spec, brief=True) == "signal: a shift (improving)"
    early = series(values[:9])
    assert measure_series.series_verdict(early, spec) == "too early to judge (9 of 10 readings)"
    assert measure_series.series_verdict(early, spec, brief=True) == "too early to judge"


def _wait_series(numbers: Sequence[float]) -> tuple[measure_series.Series, MeasureSpec]:
    """A monthly wait (lower is better) from 31 January 2027, read by the figures."""
    spec = MeasureSpec("Wait", unit="days", better="lower")
    days = [dt.date(2027, 1, 31) + dt.timedelta(days=30 * i) for i in range(len(numbers))]
    readings = [Reading("Wait", d, v) for d, v in zip(days, numbers, strict=True)]
    return measure_series._series("", readings, spec), spec


def test_a_shift_round_a_point_on_the_median_says_and_rings_only_the_points_that_count() -> None:
    # the first twelve sorted: 11, 12, 12, 12, 13, 13 | 13, 14, 14, 15, 15, 15: median 13. Then
    # 6, 5 below, 13 on the median, 4, 6, 5, 4 below: six points below the median, not seven
    values = [14, 13, 15, 12, 14, 13, 15, 11, 12, 13, 12, 15, 6, 5, 13, 4, 6, 5, 4]
    one, spec = _wait_series(values)
    assert one.run.median == 13
    words = measure_series.run_verdict(one, spec)
    assert words == "a shift: 6 points below the median, 26 Jan 2028 to 24 Jul 2028 (improving)"
    chart = measure_charts.run_chart("m", measure_series.MeasureFigure(spec, (one,)))
    rings = re.findall(r'<circle cx="([\d.]+)" cy="[\d.]+" r="8"', chart.svg)
    assert len(rings) == 6  # the 13 on the median is not ringed


def test_an_astronomical_point_is_said_as_a_judgement_to_check() -> None:
    # median 5.5; moving ranges 1, 0, 1, 15, 15, 1, 1, 0, 1, 0, 1, 1, 1: average 38 / 13 = 2.92;
    # three times that is 8.77, and 20 is 14.5 from the median and 15 from each neighbour
    one, spec = _wait_series([5, 6, 6, 5, 20, 5, 6, 5, 5, 6, 6, 5, 6, 5])
    assert [s.rule for s in one.run.signals] == ["astronomical"]
    assert measure_series.run_verdict(one, spec) == (
        "a possible astronomical point (a judgement to check): 20 days on 31 May 2027, "
        "far above the rest"
    )
    brief = measure_series.run_verdict(one, spec, brief=True)
    assert brief == "a point to check (possibly astronomical)"
    assert "signal" not in brief
