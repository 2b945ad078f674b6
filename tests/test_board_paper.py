"""The board paper's figures and decision (issue 27): each rule in docs/board-paper.md, checked
on its worked example from the Northfield plan with check-ins."""

from __future__ import annotations

import datetime as dt

import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.core.formats import PlanFormat
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import decision, health, money
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


def test_a_whole_number_of_pounds_reads_as_the_same_amount_rounded() -> None:
    """An int is said at once; its words are those of the same amount taken through rounding."""
    for amount in (0, 1, 999, 1000, 713001, -4500, 10**15, 123456789012):
        for pence in (False, True):
            assert money.pounds(amount, pence) == money.pounds(float(amount), pence)
    assert money.pounds(1234567) == "£1,234,567"


def test_months_count_from_the_start_to_the_day_after_the_end() -> None:
    assert money.months(D(2026, 10, 1), D(2028, 3, 31)) == 18
    assert money.months(D(2027, 1, 1), D(2027, 12, 31)) == 12
    assert money.months(D(2027, 1, 1), D(2027, 1, 15)) == pytest.approx(15 / 30.4375)


def test_the_worked_example_of_the_money(framework: Framework, northfield: Answers) -> None:
    # docs/figures.md "Money": £610,000 recurrent over 18 months is no cost a year
    found = money.recurrent(framework, northfield)
    assert found is not None
    assert (found.amount, found.period, found.months) == (
        610000,
        (D(2026, 10, 1), D(2028, 3, 31)),
        18,
    )
    assert found.per_year is None
    spend = money.spend(framework, northfield)
    assert spend is not None
    assert (spend.spent, spend.lines, spend.percent) == (659500, 4, 92)
    assert money.pounds(spend.against) == "£713,001"
    unit = money.cost_per_unit(framework, northfield)
    assert unit is not None and (unit.added, unit.unit) == (14, "posts")
    assert (unit.total, unit.target, unit.baseline) == (713000.5, 16, 2)
    assert money.pounds(unit.cost) == "£50,929"  # £713,000.50 ÷ 14 = £50,928.61
    assert money.pounds(713000.5 / 16) == "£44,563"  # what was said without the baseline


def _budget_line(answers: Answers, **changed: object) -> Answers:
    """The answers with the first budget line (the FCP posts, recurrent) changed."""
    lines = [dict(line) for line in answers.get("implement", "budget")]
    lines[0].update(changed)
    lines[0] = {k: v for k, v in lines[0].items() if v is not None}
    return answers.with_value("implement", "budget", lines)


def _budget_said(framework: Framework, answers: Answers) -> str:
    text = render_plan(framework, answers, PlanFormat.MARKDOWN)
    return next(line for line in text.splitlines() if line.startswith("- **Budget:**"))


def test_a_part_year_recurrent_line_is_not_divided_into_a_cost_a_year(
    framework: Framework, northfield: Answers
) -> None:
    # the review's "£610,000 recurrent (£406,667 a year)": 18 months of posts filled in waves,
    # divided by 18 and times 12, beside "Cost a year after the programme: £880,000"
    said = _budget_said(framework, northfield)
    assert "a year" not in said
    assert said == (
        "- **Budget:** £713,001 in all: £610,000 recurrent, for 1 October 2026 to 31 March 2028 "
        "(18 months), and £103,001 non-recurrent"
    )
    report_text = render_report(report.build(framework, northfield), PlanFormat.MARKDOWN)
    assert "£406,667" not in report_text and "(18 months), and £103,001" in report_text


def test_a_recurrent_cost_a_year_only_over_exactly_a_year(
    framework: Framework, northfield: Answers
) -> None:
    year = _budget_line(northfield, period={"start": D(2027, 4, 1), "end": D(2028, 3, 31)})
    found = money.recurrent(framework, year)
    assert found is not None and found.per_year == 610000
    assert "£610,000 recurrent (£610,000 a year) and £103,001" in _budget_said(framework, year)
    # no period of its own: the programme's dates are not the line's; no cost a year, no period
    bare = _budget_line(northfield, period=None)
    found = money.recurrent(framework, bare)
    assert found is not None and (found.per_year, found.period) == (None, None)
    assert _budget_said(framework, bare) == (
        "- **Budget:** £713,001 in all: £610,000 recurrent and £103,001 non-recurrent"
    )


def test_cost_per_unit_is_of_the_change_and_says_its_division(
    framework: Framework, northfield: Answers
) -> None:
    text = render_plan(framework, northfield, PlanFormat.MARKDOWN)
    assert (
        "- **Cost per unit of change:** £50,929 for each post the aim adds to its baseline: the "
        "whole budget, £713,001, ÷ 14 posts (16 − 2)"
    ) in text
    # without a baseline the target may count posts already there: no figure, not ÷ 16
    unknown = northfield.with_value("analyse", "aim_baseline", None)
    assert money.cost_per_unit(framework, unknown) is None
    assert "Cost per unit" not in render_plan(framework, unknown, PlanFormat.MARKDOWN)


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
        "- **Budget:** £713,001 in all: £610,000 recurrent, for 1 October 2026 to 31 March 2028 "
        "(18 months), and £103,001 non-recurrent",
        "- **Spent so far:** £659,500 of £713,001 (92%)",
        "- **Top risks:** R1 Not enough physiotherapists apply for FCP posts (20, extreme)",
    ):
        assert line in first, line
    # the end date has passed: the decision asked for, still open, settles it too
    assert "### What the decision asked for settles too" in first
    assert "31 March 2028, has passed. The decision asked for settles this too: whether" in first
    assert "A further decision" not in first
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


def test_the_worked_example_of_the_decisions(framework: Framework, northfield: Answers) -> None:
    # docs/figures.md "Decisions the board needs": each decision once, with one date
    asked = decision.build(framework, northfield, D(2028, 4, 3))
    assert asked.open and asked.by_date == D(2028, 4, 30)
    (ended,) = asked.needed
    assert ended.with_asked  # the end date passed is settled by the plan's own decision
    assert decision.deadline(asked, None, D(2028, 7, 3)) == (D(2028, 4, 30), True)
    assert decision.deadline(asked, ended, D(2028, 7, 3)) == (D(2028, 4, 30), True)
    view = report.build(framework, northfield)
    assert view.status == "red" and len(view.exceptions) == 2
    assert health.judge(framework, northfield).kinds == ("time", "risk")
    bullets = next(b for b in view.blocks if b.id == "decisions").bullets
    assert [b.split(":")[0] for b in bullets] == [
        "The decision the plan asks for (£24,167)",
        "The exception above on risk R1 (score 20)",
        "“Recruit Wave 2 physiotherapists” is blocked",
        "Ivel Valley PCN is not live (planned 1 February 2028)",
    ]
    assert [b.rsplit(" By ", 1)[1] for b in bullets] == [
        "30 April 2028, the plan's own date.",
        "3 July 2028.",
        "3 July 2028.",
        "3 July 2028.",
    ]
    # no exception said again word for word, no decision with two dates
    assert not any(e in b or f"Decision needed: {e}" in b for e in view.exceptions for b in bullets)
    assert sum("end date" in b for b in bullets) == 1


def test_money_ending_is_needed_by_its_end_when_that_comes_before_the_next_report(
    framework: Framework, northfield: Answers
) -> None:
    asked = decision.build(framework, northfield, D(2028, 1, 1))
    (ending,) = asked.needed  # £103,001 of non-recurrent money ends on 31 March 2028
    assert decision.deadline(asked, ending, D(2028, 4, 1)) == (D(2028, 3, 31), False)
    assert decision.deadline(asked, ending, D(2028, 3, 1)) == (D(2028, 3, 1), False)


def test_past_its_own_date_the_plans_decision_leaves_the_end_date_a_decision_of_its_own(
    framework: Framework, northfield: Answers
) -> None:
    late = northfield.with_value("decision", "decision_by", D(2028, 3, 1))
    asked = decision.build(framework, late, D(2028, 4, 3))
    assert not asked.open and not asked.needed[0].with_asked
    paper = render_plan(framework, late, PlanFormat.MARKDOWN)
    assert "### A further decision the plan's state calls for" in paper
    assert "has passed. The board needs to decide whether to extend" in paper
    bullets = next(b for b in report.build(framework, late).blocks if b.id == "decisions").bullets
    assert not any(b.startswith("The decision the plan asks for") for b in bullets)
    assert (
        "The exception above on the target date: extend it, add resources, change the aim or "
        "close the programme. By 3 July 2028." in bullets
    )
    assert any(
        b.startswith("The programme's planned end date, 31 March 2028, has passed. Decide")
        and b.endswith("By 3 July 2028.")
        for b in bullets
    )


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
