"""The highlight report: its parts, the caps that keep it to one page, --since and --as-of, the
command line, and (when a browser is installed) that it prints on one A4 page."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from spreadkit.answers import history
from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.core.formats import PlanFormat
from spreadkit.framework.model import Framework
from spreadkit.plan.output.render import render_report
from spreadkit.plan.views import report, report_sources

from .conftest import EXAMPLES, NORTHFIELD, NORTHFIELD_CHECKINS

EXAMPLE = NORTHFIELD_CHECKINS
CREDIT = (
    "15–20% adoption is often cited as the tipping point after which spread tends to continue "
    "(Helen Bevan, NHS Horizons); a rule of thumb, not a law."
)
D = dt.date
HEADINGS = [
    "Progress to the aim",
    "Money",
    "Improved since 5 January 2028",
    "Got worse since 5 January 2028",
    "Coming next (to 3 July 2028)",
    "Top risks and issues",
    "Decisions needed",
    "Overdue actions (as of 3 April 2028)",
    "Scores that moved",
]


@pytest.fixture
def example(framework: Framework) -> Answers:
    return read_answers(EXAMPLE, framework)


def _block(view: report.Report, block_id: str) -> report.ReportBlock:
    return next(b for b in view.blocks if b.id == block_id)


def test_the_report_has_its_parts_in_order(framework: Framework, example: Answers) -> None:
    view = report.build(framework, example)
    assert view.as_of == "3 April 2028"  # the latest check-in, never today
    assert view.period == "since 5 January 2028"  # the check-in before the latest
    assert view.board == "Northfield primary care board"
    assert [b.heading for b in view.blocks] == HEADINGS
    # Issue 25's reproduction: 3 days past the target date at 13 of 16 posts, the top risk at
    # 20: both exceed a tolerance (time 0 days, escalation score 20), so red, an exception.
    assert view.status == "red" and view.status_label == "Red"
    assert view.exceptions == (
        "3 days past the target date (31 March 2028) at 13 of 16 posts (81%), "
        "time tolerance 0 days",
        "risk 'Not enough physiotherapists apply for FCP posts' scores 20, at or above the "
        "escalation score 20",
    )
    # beside the status, the exceptions are counted first, so Red never stands beside Amber
    # reasons alone (a board member read "Red: 1 open risk rated Extreme" as the reason for Red);
    # then the reasons that are not exceptions (those are said on their own line)
    assert view.status_why == (
        "2 exceptions below",
        "1 of 2 open actions overdue",
        "1 action blocked",
        "1 site behind go-live",
        "1 open issue",  # not counted among the risks rated Extreme: an issue has no score
    )
    # the last report (5 January 2028): the same risk at 16, 11 of 16 against 13.8 planned
    assert view.previous_label == "Red"
    assert view.tolerances == (
        "0 days past the target date, 5% over budget, 10% short of the plan, risk score 20"
    )
    unset = example.with_value("implement", "tolerance_time", None)
    assert report.build(framework, unset).tolerances.endswith("risk score 20")  # one defaulted
    for key in ("tolerance_cost", "tolerance_scope", "escalation_score"):
        unset = unset.with_value("implement", key, None)
    assert report.build(framework, unset).tolerances.endswith("(the defaults)")


def test_progress_done_and_moved_follow_the_checkins(
    framework: Framework, example: Answers
) -> None:
    view = report.build(framework, example)
    progress = _block(view, "progress")
    assert progress.paragraphs[1] == (
        "Progress: 13 of 16 posts (81%) on 3 April 2028; target 16 [2] by 31 March 2028 "
        "(baseline 2 posts); planned by now: 16 posts (from the sites' go-live dates)."
    )
    assert progress.note == ""  # posts are not adopters: no tipping point
    assert (
        "Wait for a first physiotherapy appointment",
        "56",
        "21",
        "14",
        "7",
        "too early to judge",
    ) in progress.rows
    improved, worse = _block(view, "improved"), _block(view, "worse")
    assert improved.paragraphs == ("3 April 2028: “End of Wave 2: Ivel Valley not live yet”",)
    assert improved.bullets[0] == (
        "Harrowfield PCN: status preparing → live; went live 12 February 2028; actual 1"
    )
    # A blocked action and a likelier risk got worse: never listed as done (issue 27).
    assert worse.bullets == (
        "Recruit Wave 2 physiotherapists: status in progress → blocked",
        "R1 “Not enough physiotherapists apply for FCP posts”: likelihood 4 of 5 – likely → "
        "5 of 5 – almost certain",
    )
    assert "R3 “Recurrent funding is not agreed before Wave 2 ends”: closed" in improved.bullets
    moved = _block(view, "moved")
    assert moved.bullets == ("Sustainability factors: 38 → 39 of 50 (Some risk)",)
    assert _block(view, "money").bullets == (
        "Spent so far: £659,500 of £713,001 (92%)",
        "Budget: £713,001 in all: £610,000 recurrent, for 1 October 2026 to 31 March 2028 "
        "(18 months), and £103,001 non-recurrent",
    )
    assert view.next_report == "3 July 2028"  # it reports every quarter
    decisions = _block(view, "decisions")
    # each decision once, with one date: the plan's own decision settles the end date passed
    # and the target-date exception; an exception is referred to, not said again
    assert decisions.bullets[0].startswith("The decision the plan asks for (£24,167): choose")
    assert decisions.bullets[0].endswith(
        "It settles the target date (exception above) and the end date, 31 March 2028, now "
        "passed: extend or close. By 30 April 2028, the plan's own date."
    )
    assert decisions.bullets[1] == (
        "The exception above on risk R1 (score 20): fund more mitigation, or accept it as it "
        "stands. By 3 July 2028."
    )
    assert not any(e in b for e in view.exceptions for b in decisions.bullets)
    assert not any("planned end date" in b for b in decisions.bullets[1:])
    assert any(
        line.startswith("“Recruit Wave 2 physiotherapists” is blocked: help unblock it, or re-plan")
        for line in decisions.bullets
    )
    assert any("Ivel Valley PCN" in line for line in decisions.bullets)
    overdue = _block(view, "overdue")
    assert overdue.rows == (
        (
            "Recruit Wave 2 physiotherapists",
            "Primary care workforce lead",
            "29 February 2028",
            "Blocked",
        ),
    )
    coming = _block(view, "next")
    assert coming.rows == (
        ("Wave 2 learning event", "Programme lead", "15 May 2028", "Not started"),
    )
    risks = _block(view, "risks")
    # An issue has happened: it has no score, so it follows the risks, said with its impact in
    # the register's words (the board plan's "3 moderate").
    assert [r[2] for r in risks.rows] == ["20 extreme", "6 moderate", "impact 3 moderate"]
    assert risks.rows[2][1] == "No clinical rooms in the rural practices (issue)"
    # and, under the table, what `spreadkit status` lists as past review, by the same IDs
    assert risks.note == (
        "Past their review date on 3 April 2028: R1 (review 1 August 2027), R2 (review 1 August "
        "2027), R4 (review 1 September 2027)."
    )
    assert [r[0] for r in risks.rows] == ["R1", "R4", "R2"]  # the register's IDs


def test_since_covers_every_checkin_after_it_with_net_changes(
    framework: Framework, example: Answers
) -> None:
    view = report.build(framework, example, since=D(2027, 9, 1))
    assert view.period == "since 1 September 2027"
    done = _block(view, "improved")
    assert done.heading == "Improved since 1 September 2027"
    assert len(done.paragraphs) == 2  # the notes of the last two of the three check-ins
    # Dunmere's actual went 0 → 1 → 2 over two check-ins: one line says 0 → 2.
    assert any(line.startswith("Dunmere PCN:") and "actual 0 → 2" in line for line in done.bullets)
    assert done.more  # three check-ins' changes are more than the page has room for
    progress = _block(view, "progress")
    assert all(row[2] == "–" for row in progress.rows)  # no reading on or before the date


def test_as_of_moves_what_is_overdue_and_next(framework: Framework, example: Answers) -> None:
    view = report.build(framework, example, as_of=D(2028, 5, 20))
    assert view.as_of == "20 May 2028"
    overdue = _block(view, "overdue")
    assert [row[0] for row in overdue.rows] == [
        "Recruit Wave 2 physiotherapists",
        "Wave 2 learning event",
    ]


def _crowded(framework: Framework) -> Answers:
    """A plan with far more of everything than one page holds, in long words."""
    answers = read_answers(NORTHFIELD, framework)
    long = " and a great deal more besides to make this very long indeed" * 3
    actions = [
        {
            "task": f"Action {n}{long}",
            "owner": f"Owner {n}",
            "due": D(2027, 1, n + 1),
            "status": "blocked",
        }
        for n in range(20)
    ] + [
        {
            "task": f"Next {n}{long}",
            "owner": "Someone",
            "due": D(2027, 8, n + 1),
            "status": "not-started",
        }
        for n in range(20)
    ]
    risks = [
        {
            "risk": f"Risk {n}{long}",
            "kind": "risk",
            "likelihood": 5,
            "impact": 5,
            "status": "open",
            "owner": "X",
        }
        for n in range(12)
    ]
    answers = answers.with_value("analyse", "aim", "An aim" + long * 3)
    answers = answers.with_detail("title", "A plan title" + long)
    answers = answers.with_value("implement", "actions", actions)
    answers = answers.with_value("implement", "risks", risks)
    answers = history.record(answers, D(2027, 7, 20), {}, note="First")
    changes = {f"implement.actions[#{n + 1}].status": "at-risk" for n in range(20)}
    changes |= {f"ready.sites[#{n + 1}].readiness_people": "red" for n in range(8)}
    readings = {str(m["measure"]): 1.5 for m in answers.get("implement", "measures")}
    return history.record(answers, D(2027, 7, 31), changes, readings, note="Second" + long)


def test_every_list_is_capped_and_says_how_many_more(framework: Framework) -> None:
    crowded = _crowded(framework)
    view = report.build(framework, crowded)
    caps = report.CAPS
    assert len(_block(view, "worse").bullets) == caps["worse"]
    # 20 actions and 7 sites (one was red already) got worse; 5 are shown
    assert _block(view, "worse").more == "22 more not shown here"
    assert len(_block(view, "progress").rows) == caps["measures"]
    assert len(_block(view, "next").rows) == caps["next"] and _block(view, "next").more
    assert len(_block(view, "risks").rows) == caps["risks"] == 3
    assert len(_block(view, "decisions").bullets) == caps["decisions"]
    assert _block(view, "decisions").more
    overdue = caps["overdue"] - report_sources.room(crowded)  # Northfield cites a source
    assert overdue == caps["overdue"] - 1
    assert len(_block(view, "overdue").rows) == overdue and _block(view, "overdue").more
    assert "moved" not in [b.id for b in view.blocks]  # no score moved: the part is left off
    for block in view.blocks:
        for text in (*block.bullets, *block.paragraphs, *(c for row in block.rows for c in row)):
            assert len(text) <= 2 * report.LINE
        width = 2 * report.LINE if block.id == "decisions" else report.LINE  # full width
        assert all(len(line) <= width for line in block.bullets)
    assert view.status == "red"  # 20 actions overdue of 40 open


def test_without_checkins_the_report_still_works(framework: Framework) -> None:
    view = report.build(framework, read_answers(NORTHFIELD, framework))
    assert view.as_of == "15 July 2027" and view.period == "no check-ins yet"
    assert _block(view, "improved").blank
    assert _block(view, "improved").empty == "No check-ins yet."  # no tool's name on paper


def test_the_report_renders_the_same_every_time(framework: Framework, example: Answers) -> None:
    for plan_format in (PlanFormat.MARKDOWN, PlanFormat.HTML):
        first = render_report(report.build(framework, example), plan_format)
        assert first == render_report(report.build(framework, example), plan_format)
        assert dt.date.today().isoformat() not in first
    md = render_report(report.build(framework, example), PlanFormat.MARKDOWN)
    assert [line[3:] for line in md.splitlines() if line.startswith("## ")] == HEADINGS
    assert "**Overall status: Red** (last report: Red)" in md


@pytest.mark.parametrize("name", ["md", "html"])
def test_committed_example_report_is_up_to_date(
    framework: Framework, example: Answers, name: str
) -> None:
    committed = (EXAMPLES / f"northfield-fcp-checkins.report.{name}").read_text(encoding="utf-8")
    assert render_report(report.build(framework, example), PlanFormat(name)) == committed, (
        "The example report is stale: run `spreadkit report examples/northfield-fcp-checkins"
        f".answers.yml --output examples/northfield-fcp-checkins.report.{name} --force`"
    )


def test_report_command(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("report", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert "# Highlight report: First-contact physiotherapy" in result.stdout
    target = tmp_path / "board.html"
    result = cli("report", str(EXAMPLE), "--since", "2027-09-01", "--output", str(target))
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    assert (
        html.startswith("<!DOCTYPE html>")
        and head.count('http-equiv="Content-Security-Policy"') == 1
    )
    assert head.index("Content-Security-Policy") < head.index("<style")
    assert "since 1 September 2027" in html and "Overall status: Red" in html
    result = cli("report", str(EXAMPLE), "--as-of", "2028-05-20", "-f", "md")
    assert "As of 20 May 2028" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "last week"], "--since"),
        (["--format", "html", "--output", "x.md"], "does not suit"),
        (["--format", "pdf"], "a PDF needs --output"),
    ],
)
def test_report_command_refuses_what_it_cannot_do(cli, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("report", str(EXAMPLE), *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_the_report_prints_on_one_a4_page(framework: Framework, tmp_path: Path) -> None:
    """The crowded report, printed by a real browser, is one page (skipped without one)."""
    from spreadkit.plan.output.pdf import find_browser, print_pdf

    if find_browser() is None or shutil.which("pdfinfo") is None:
        pytest.skip("needs Chromium, Chrome or Edge, and pdfinfo")
    import subprocess

    for answers in (_crowded(framework), read_answers(EXAMPLE, framework)):
        target = tmp_path / "report.pdf"
        print_pdf(
            render_report(report.build(framework, answers), PlanFormat.HTML), target, force=True
        )
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True)
        pages = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
        assert pages and pages.group(1) == "1"
        assert "A4" in info.stdout or "595" in info.stdout
