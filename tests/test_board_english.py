"""English a board member would sign (issue 27): every example's board plan and report, and
plans made with one of everything and many of everything, are read for known bad patterns."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from spreadkit.answers import history
from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.core.formats import PlanFormat
from spreadkit.framework import grammar
from spreadkit.framework.model import Framework
from spreadkit.plan.output.render import render_plan, render_report
from spreadkit.plan.views import report

from .bad_english import problems
from .conftest import EXAMPLES, NORTHFIELD_CHECKINS

D = dt.date


def _first(answers: Answers, section: str, question: str, count: int) -> list[Any]:
    value = answers.get(section, question)
    return list(value[:count]) if isinstance(value, list) else []


def _many(records: list[dict[str, Any]], key: str, count: int) -> list[dict[str, Any]]:
    return [
        {**records[n % len(records)], key: f"{records[n % len(records)][key]} {n + 1}"}
        for n in range(count)
    ]


def _one_of_everything(framework: Framework) -> Answers:
    """The Northfield plan cut down to one site, one phase, one action, one risk and so on."""
    answers = read_answers(NORTHFIELD_CHECKINS, framework)
    for section, question in (
        ("ready", "sites"),
        ("ready", "phases"),
        ("implement", "actions"),
        ("implement", "risks"),
        ("implement", "budget"),
        ("implement", "measures"),
        ("implement", "team"),
        ("decision", "dependencies"),
        ("sustain", "benefits"),
        ("decision", "options"),
    ):
        answers = answers.with_value(section, question, _first(answers, section, question, 1))
    site = dict(answers.get("ready", "sites")[0])
    answers = answers.with_value("ready", "sites", [{**site, "target": 1, "actual": 1}])
    answers = answers.with_value("analyse", "aim_target", {"value": 1, "unit": "posts"})
    answers = answers.with_value("analyse", "aim_baseline", 0)
    option = answers.get("decision", "options")[0]
    return answers.with_value("decision", "recommended", option["option"])


def _many_of_everything(framework: Framework) -> Answers:
    answers = read_answers(NORTHFIELD_CHECKINS, framework)
    for section, question, key in (
        ("ready", "sites", "name"),
        ("implement", "actions", "task"),
        ("implement", "risks", "risk"),
        ("implement", "budget", "item"),
        ("sustain", "benefits", "benefit"),
        ("decision", "dependencies", "dependency"),
    ):
        records = [dict(r) for r in answers.get(section, question)]
        answers = answers.with_value(section, question, _many(records, key, 25))
    changes = {f"implement.risks[#{n}].likelihood": 1 for n in range(1, 9)}
    changes |= {f"implement.actions[#{n}].status": "blocked" for n in range(1, 9)}
    return history.record(answers, D(2028, 5, 1), changes, note="A busy month")


def _documents(framework: Framework) -> list[tuple[str, str]]:
    plans = [
        (path.name, read_answers(path, framework))
        for path in sorted(EXAMPLES.glob("*.answers.yml"))
    ]
    plans += [
        ("one of everything", _one_of_everything(framework)),
        ("many of everything", _many_of_everything(framework)),
    ]
    out = []
    for name, answers in plans:
        out.append((f"{name}: board plan", render_plan(framework, answers, PlanFormat.MARKDOWN)))
        if answers.checkins:
            view = report.build(framework, answers)
            out.append((f"{name}: report", render_report(view, PlanFormat.MARKDOWN)))
    return out


def test_no_board_paper_or_report_has_a_known_bad_pattern(framework: Framework) -> None:
    found = [f"{name}: {p}" for name, text in _documents(framework) for p in problems(text)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "bad",
    [
        "Its aim: A first-contact physiotherapist available in every practice.",
        "It costs £43,000 in all, of which £0 is recurrent.",
        "Progress so far: 7 of 16 posts (44%) by 31 March 2028.",
        "The plan spreads it to 1 sites in 1 phases.",
        "0 of 1 sites are live.",
        "The board is asked to comment on it.",
        "## What spreadkit's plan checks found\n\n- x",
        "Senior responsible owner (Step 4)",
        "Rogers' attributes of the innovation",
        "▶ Open risks by likelihood and impact, as a table",
        "- Closed: Recurrent funding is not agreed before Wave 2 ends",
        "## Done since 5 January 2028\n\n- x",
        "_…and 1 more._",
        "It reports every month.",
        "It costs £713,000.50 in all.",
        "The the plan is ready.",
        "The programme, which the board approved last year, spreads it: The service is new.",
        "## Money\n\n## Risks\n\n- x",
    ],
)
def test_the_checker_finds_each_pattern_quoted_in_the_issue(bad: str) -> None:
    assert problems(bad)


def test_sentences_agree_with_their_numbers() -> None:
    assert grammar.count(1, "sites") == "one site"
    assert grammar.count(8, "site") == "eight sites"
    assert grammar.count(1, "posts", digits=True) == "1 post"
    assert grammar.count(16, "post", digits=True) == "16 posts"
    assert grammar.count(2, "policy") == "two policies"
    assert grammar.count(1, "people") == "one person"
    assert grammar.with_a("service") == "a service"
    assert grammar.with_a("issue") == "an issue"
    assert grammar.with_a("FCP service") == "an FCP service"
    assert grammar.with_a("unit") == "a unit"
    assert grammar.with_a("hour") == "an hour"
    assert grammar.with_the("first-contact physiotherapist (FCP) service in general practice") == (
        "the first-contact physiotherapist (FCP) service in general practice"
    )
    assert grammar.with_the("digital apps for teams") == "digital apps for teams"
    assert grammar.with_the("the role") == "the role"
    assert grammar.join(["a", "b", "c"], "or") == "a, b or c"
    assert grammar.quoted("Extend the programme.") == "“Extend the programme”"
