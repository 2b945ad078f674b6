"""The board paper's figures and decision (issue 27): each rule in docs/board-paper.md, checked
on its worked example from the Northfield plan with check-ins."""

from __future__ import annotations

import datetime as dt

import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.core.formats import PlanFormat
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import decision, money
from spreadkit.plan.output.render import render_plan, render_report
from spreadkit.plan.views import board, report, report_changes

from .conftest import NORTHFIELD_CHECKINS

D = dt.date


@pytest.fixture(scope="module")
def northfield(framework: Framework) -> Answers:
    return read_answers(NORTHFIELD_CHECKINS, framework)


def test_amounts_are_whole_pounds_unless_pence_are_asked_for() -> None:
    assert money.pounds(713000.5) == "£713,001"  # half up, as a person rounds
    assert money.pounds(12500.49) == "£12,500"
    assert money.pounds(713000.5, pence=True) == "£713,000.50"
    assert money.pounds(610000, pence=True) == "£610,000"  # no pence where a line has none


def test_months_count_from_the_start_to_the_day_after_the_end() -> None:
    assert money.months(D(2026, 10, 1), D(2028, 3, 31)) == 18
    assert money.months(D(2027, 1, 1), D(2027, 12, 31)) == 12
    assert money.months(D(2027, 1, 1), D(2027, 1, 15)) == pytest.approx(15 / 30.4375)


def test_the_worked_example_of_the_money(framework: Framework, northfield: Answers) -> None:
    # £610,000 recurrent over 18 months is £406,667 a year, not £610,000 a year
    assert money.pounds(money.recurrent_per_year(framework, northfield) or 0) == "£406,667"
    spend = money.spend(framework, northfield)
    assert spend is not None
    assert (spend.spent, spend.lines, spend.percent) == (659500, 4, 92)
    assert money.pounds(spend.against) == "£713,001"
    unit = money.cost_per_unit(framework, northfield)
    assert unit is not None and (unit.added, unit.unit) == (14, "posts")
    assert money.pounds(unit.cost) == "£50,929"  # £713,000.50 ÷ 14


def test_cost_per_unit_only_where_it_means_something(
    framework: Framework, northfield: Answers
) -> None:
    share = northfield.with_value("analyse", "aim_target", {"value": 80, "unit": "%"})
    assert money.cost_per_unit(framework, share) is None  # a percentage is not a unit to buy
    below = northfield.with_value("analyse", "aim_baseline", 20)
    assert money.cost_per_unit(framework, below) is None  # nothing added


def test_the_board_paper_states_the_decision_as_a_resolution_first(
    framework: Framework, northfield: Answers
) -> None:
    text = render_plan(framework, northfield, PlanFormat.MARKDOWN)
    first = text[: text.index("## 2.")]
    assert "> The board extends the programme to 30 September 2028" in first
    for line in (
        "- **Amount:** £24,167",
        "- **Stage:** Extension to Wave 2 (April to September 2028)",
        "- **Decision needed by:** 30 April 2028",
        "- **Recommended option:** Extend the programme by six months",
        "| Do nothing (close the programme on 31 March 2028) |",
        "| Extend the programme by six months (recommended) |",
        "- **Budget:** £713,001 in all: £610,000 recurrent (£406,667 a year) and £103,001 "
        "non-recurrent",
        "- **Spent so far:** £659,500 of £713,001 (92%)",
        "- **Top risks:** R1 Not enough physiotherapists apply for FCP posts (20, extreme)",
    ):
        assert line in first, line
    # the end date has passed: the paper names the decision that calls for
    assert "31 March 2028, has passed. The board needs to decide whether to extend" in first
    # totals once: said above the budget's lines, not again under them
    money_part = text[text.index("## 4.") : text.index("## 5.")]
    assert money_part.count("£713,001 in all") == 1 and "**Total:**" not in money_part


def test_without_doing_nothing_the_options_are_still_to_decide(
    framework: Framework, northfield: Answers
) -> None:
    options = [o for o in northfield.get("decision", "options") if not o.get("do_nothing")]
    view = board.build(framework, northfield.with_value("decision", "options", options))
    assert "Options considered: the option of doing nothing" in view.undecided


def test_a_plan_with_no_decision_says_so(framework: Framework, northfield: Answers) -> None:
    blank = northfield.with_value("decision", "decision", None)
    view = board.build(framework, blank)
    assert "Decision asked for" in view.undecided
    said = view.blocks[0].parts[0].paragraphs[0]
    assert "comment" not in said and "does not yet state the decision" in said


def test_decisions_the_plans_state_calls_for(framework: Framework, northfield: Answers) -> None:
    assert [
        n.choice.split(" ")[0] for n in decision.needed(framework, northfield, D(2028, 4, 3))
    ] == ["whether"]
    soon = decision.needed(framework, northfield, D(2028, 1, 1))  # three months before the end
    assert [n.why for n in soon] == [
        "Non-recurrent money of £103,001 (three budget lines) ends on 31 March 2028, within "
        "six months."
    ]
    assert decision.needed(framework, northfield, D(2027, 6, 1)) == []  # nothing calls for one yet


@pytest.mark.parametrize(
    ("risk", "key", "was", "now", "way"),
    [
        (False, "status", "in-progress", "blocked", -1),
        (False, "status", "at-risk", "done", 1),
        (False, "status", "blocked", "in-progress", 1),
        (False, "status", "not-started", "preparing", 1),
        (False, "status", "live", "paused", -1),
        (True, "status", "open", "closed", 1),
        (True, "status", "closed", "open", -1),
        (True, "likelihood", 4, 5, -1),
        (True, "impact", 4, 3, 1),
        (False, "readiness_people", "amber", "green", 1),
        (False, "readiness_context", "green", "red", -1),
        (False, "actual", None, 1, 1),
        (False, "actual", 2, 1, -1),
        (False, "revised_due", D(2028, 1, 31), D(2028, 3, 15), -1),
        (False, "source", "Fund A", "Fund B", 0),
    ],
)
def test_what_improved_and_what_got_worse(
    risk: bool, key: str, was: object, now: object, way: int
) -> None:
    assert report_changes.direction(key, was, now, risk=risk) == way


def test_the_report_says_money_next_date_and_choices(
    framework: Framework, northfield: Answers
) -> None:
    text = render_report(report.build(framework, northfield), PlanFormat.MARKDOWN)
    assert "Next report by 3 July 2028." in text  # quarterly after 3 April 2028
    assert "- Spent so far: £659,500 of £713,001 (92%)" in text
    assert "## Got worse since 5 January 2028" in text and "Done since" not in text
    assert "agree a new go-live date, or move it to a later phase. By 3 July 2028." in text


def test_a_wrapped_chart_label_is_drawn_in_the_word_picture() -> None:
    # issue 27: any chart label that wrapped (one <tspan> a line) disappeared from Word's PNG
    import io

    from PIL import Image

    from spreadkit.plan.pictures import raster, svg

    label = svg.text_lines(10, 20, ["First line", "Second line"], 13, 'fill="#000000"')
    picture = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60" font-size="13">{label}</svg>'
    )
    png, _, _ = raster.svg_to_png(picture)
    image = Image.open(io.BytesIO(png)).convert("L")
    scale = image.width / 200

    def inked(top: float, bottom: float) -> int:
        band = image.crop((0, round(top * scale), image.width, round(bottom * scale)))
        return sum(1 for value in band.tobytes() if value < 128)

    assert inked(8, 22) > 20  # the first line
    assert inked(26, 38) > 20  # the second line, one line lower
