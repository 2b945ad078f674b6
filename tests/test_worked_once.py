"""What a render works out once and keeps (issue 30): each kept result is bounded, and none can be
served for other inputs than its own. A chart's picture is drawn only for a document that shows it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from spreadkit.answers.loading import read_answers
from spreadkit.core.formats import PlanFormat
from spreadkit.framework import wording
from spreadkit.framework.model import Framework
from spreadkit.plan.figures.programme import ChartBand, RiskPoint
from spreadkit.plan.output.render import markdown_cell, markdown_cells, render_page
from spreadkit.plan.pictures import programme_charts, svg
from spreadkit.plan.pictures.programme_charts import heatmap
from spreadkit.plan.views import board

from .conftest import EXAMPLE_ANSWERS, NORTHFIELD, NORTHFIELD_CHECKINS, Cli


def _charts(view: board.BoardView) -> list[svg.Chart]:
    shown = [p.chart for b in view.blocks for p in b.parts if p.chart is not None]
    return shown + list(view.trends.charts)


def test_the_markdown_plan_draws_no_picture_and_the_html_plan_draws_each_once(
    framework: Framework,
) -> None:
    view = board.build(framework, read_answers(NORTHFIELD_CHECKINS, framework))
    charts = _charts(view)
    assert {c.kind for c in charts} >= {"phases", "heatmap", "run", "readiness"}
    markdown = render_page("board.md.j2", PlanFormat.MARKDOWN, None, plan=view)
    assert "```mermaid" in markdown
    assert not any("svg" in vars(c) for c in charts)  # no SVG drawn for the Markdown plan
    page = render_page("board.html.j2", PlanFormat.HTML, None, plan=view)
    assert all("svg" in vars(c) for c in charts)  # each drawn, and kept
    assert all(c.svg in page for c in charts)


def test_fitted_lines_are_kept_bounded_and_only_for_the_same_text_and_room() -> None:
    text = "Recruit physiotherapists across the rural practices"
    narrow, wide = svg.fit(text, 80, 12), svg.fit(text, 800, 12)
    assert len(narrow) > 1 and wide == [text]
    room = svg.text_width(text, 12)  # room enough for the text, not for it in bold
    assert svg.fit(text, room, 12) == [text] and len(svg.fit(text, room, 12, bold=True)) > 1
    narrow.append("changed by its caller")
    assert "changed by its caller" not in svg.fit(text, 80, 12)  # each caller has its own list
    for n in range(svg.FITTED + 50):
        svg.fit(f"label {n}", 60, 11)
    assert svg._fitted.cache_info().currsize <= svg.FITTED


def test_a_heat_map_drawn_again_with_other_bands_shows_the_new_bands() -> None:
    low = (ChartBand(1, "Low", "green"), ChartBand(10, "High", "red"))
    other = (ChartBand(1, "Minor", "green"), ChartBand(6, "Major", "amber"))
    risks = [RiskPoint("Too few staff", 4, 5)]
    first = heatmap("chart-h", "Risks", risks, low).svg
    second = heatmap("chart-h", "Risks", risks, other).svg
    assert "High" in first and "Major" not in first
    assert "Major" in second and "High" not in second
    crowded = [RiskPoint(f"Risk {n}", 4, 5) for n in range(1, 30)]  # taller cells for more refs
    assert heatmap("chart-h", "Risks", crowded, low).svg != first
    assert programme_charts._backdrop.cache_info().maxsize == 64


def test_dates_are_worded_from_their_own_value_and_the_words_kept_are_bounded() -> None:
    day = dt.date(2027, 3, 31)
    assert wording.display_date(day) == "31 March 2027"
    assert wording.display_date(day + dt.timedelta(days=1)) == "1 April 2027"
    assert wording.short_date(day) == "31 Mar 2027"
    kept = wording._dated.cache_info().maxsize
    assert kept is not None
    for n in range(kept + 10):
        wording.display_date(day + dt.timedelta(days=n))
    assert wording._dated.cache_info().currsize <= kept


def test_questions_are_found_by_id_in_the_section_asked(framework: Framework) -> None:
    section = framework.steps[0]
    first, *rest = section.questions
    assert section.question(first.id) is first
    shorter = dataclasses.replace(section, questions=tuple(rest))
    assert shorter.question(first.id) is None  # a changed section has its own table
    assert framework.section(section.id) is section and framework.section("nowhere") is None


def test_a_markdown_row_is_each_cell_made_safe_with_a_dash_for_a_blank() -> None:
    row = ("<b>a | b</b>\nsecond line", "", "[link](https://example.org)")
    said = markdown_cells(row)
    assert said == " | ".join((markdown_cell(row[0]), "–", markdown_cell(row[2])))
    assert "<b>" not in said and "\\|" in said and "<br>" in said


def test_a_template_sees_a_pictures_svg_but_not_how_it_is_drawn(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    each = "{% for b in plan.blocks %}{% for p in b.parts %}{% if p.chart %}CHART{% endif %}"
    template = folder / "board.md.j2"
    template.write_text(each.replace("CHART", "{{ p.chart.svg[:4] }}") + "{% endfor %}{% endfor %}")
    shown = cli("render", str(NORTHFIELD), "--template", str(folder))
    assert shown.exit_code == 0 and "<svg" in shown.stdout
    template.write_text(
        each.replace("CHART", "{{ p.chart._drawing }}") + "{% endfor %}{% endfor %}"
    )
    hidden = cli("render", str(NORTHFIELD), "--template", str(folder))
    assert hidden.exit_code == 1 and "_drawing" in hidden.stderr and "unsafe" in hidden.stderr


def test_a_run_charts_kept_axes_and_key_are_only_for_their_own_values() -> None:
    from spreadkit.plan.pictures import trend_charts
    from spreadkit.plan.pictures.trend_charts import ChartLine, run_chart

    def drawn(labels: tuple[str, ...], values: tuple[float, ...], name: str) -> str:
        return run_chart("c", "T", "D", labels, [ChartLine(name, values, "trend-actual")]).svg

    first = drawn(("Jan 2027", "Apr 2027"), (1.0, 3.0), "Actual")
    again = drawn(("Jan 2027", "Apr 2027"), (1.0, 3.0), "Actual")
    other = drawn(("May 2028", "Jun 2028"), (10.0, 30.0), "Posts filled")
    assert again == first  # the same chart from the kept pieces
    assert "Jan 2027" in first and "Jan 2027" not in other and "May 2028" in other
    assert "Posts filled" in other and "Posts filled" not in first
    assert ">5<" in first and ">50<" in other and ">50<" not in first  # each its own axis
    from spreadkit.plan.pictures import measure_charts

    kept_pieces = (trend_charts._value_axis, trend_charts._time_axis, trend_charts._legend_entry)
    for kept in (*kept_pieces, measure_charts._axes):
        assert kept.cache_info().maxsize == 256
    for n in range(300):
        drawn((f"P{n}", f"Q{n}"), (float(n + 1), 1.0), f"Series {n}")
    assert trend_charts._time_axis.cache_info().currsize <= 256


def test_escaped_words_in_a_picture_are_kept_bounded_and_always_their_own() -> None:
    import html

    for text in ('O\'Brien & "Co" <b>', "plain", "x" * 100, 12.5):
        assert svg.esc(text) == html.escape(str(text), quote=True)
    for n in range(5000):
        assert svg.esc(f"<{n}>") == f"&lt;{n}&gt;"
    assert len(svg._ESCAPED) <= 4096


def test_two_plans_rendered_in_one_process_are_each_as_when_rendered_alone(
    framework: Framework,
) -> None:
    def page(answers: Path) -> str:
        view = board.build(framework, read_answers(answers, framework))
        return render_page("board.html.j2", PlanFormat.HTML, None, plan=view)

    northfield = page(NORTHFIELD_CHECKINS)
    other = page(EXAMPLE_ANSWERS)
    assert page(NORTHFIELD_CHECKINS) == northfield and page(EXAMPLE_ANSWERS) == other
    golden = NORTHFIELD_CHECKINS.parent / "northfield-fcp-checkins.plan.html"
    assert northfield == golden.read_text(encoding="utf-8")


def test_a_time_axis_months_are_kept_bounded_and_each_its_own() -> None:
    for day, after in (
        (dt.date(2027, 12, 31), dt.date(2028, 1, 1)),
        (dt.date(2028, 2, 1), dt.date(2028, 3, 1)),
    ):
        assert programme_charts._next_month(day) == after
    label, wide = programme_charts._month(dt.date(2027, 9, 1))
    assert label == "Sep 2027" and wide == svg.text_width("Sep 2027", 11)
    assert programme_charts._month(dt.date(2028, 5, 1))[0] == "May 2028"
    for kept in (programme_charts._month, programme_charts._next_month):
        assert kept.cache_info().maxsize == 1024
