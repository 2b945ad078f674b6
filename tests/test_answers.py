"""Answers files: read strictly, written in framework order, round-tripped without loss."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from spreadkit.answers.loading import parse_answers, read_answers
from spreadkit.answers.store import Answers, dated, to_yaml, write_answers
from spreadkit.core.errors import SpreadkitError
from spreadkit.files.yamlio import parse_yaml
from spreadkit.framework.model import Framework

from .conftest import EXAMPLE_ANSWERS

HEAD = "framework:\n  id: hee-spread-adoption\n"


def test_example_round_trips_exactly(framework: Framework, tmp_path: Path) -> None:
    answers = read_answers(EXAMPLE_ANSWERS, framework)
    target = tmp_path / "copy.answers.yml"
    write_answers(target, answers, framework)
    again = read_answers(target, framework)
    assert again == answers
    assert to_yaml(again, framework) == target.read_text(encoding="utf-8")


def test_written_file_is_in_framework_order_block_style_and_unicode(
    framework: Framework, tmp_path: Path
) -> None:
    answers = (
        Answers.empty(framework)
        .with_value("sustain", "monitoring", "Quarterly — to the board")
        .with_value("analyse", "lessons", "Première leçon\nSecond line")
        .with_value("analyse", "problem", "Waits")
        .with_detail("title", "Plan ✓")
    )
    path = tmp_path / "a.answers.yml"
    write_answers(path, answers, framework)
    text = path.read_text(encoding="utf-8")
    assert text.index("problem:") < text.index("lessons:") < text.index("monitoring:")
    assert "Plan ✓" in text and "Quarterly — to the board" in text
    assert "lessons: |-\n      Première leçon\n      Second line" in text
    assert "{" not in text  # no flow style


def test_stamped_sets_created_once_and_updated_each_time(framework: Framework) -> None:
    first = dated(Answers.empty(framework), dt.date(2026, 1, 2))
    second = dated(first, dt.date(2026, 3, 4))
    assert second.details["created"] == dt.date(2026, 1, 2)
    assert second.details["updated"] == dt.date(2026, 3, 4)


def test_dates_accept_uk_and_iso_forms(framework: Framework) -> None:
    text = HEAD + "answers:\n  implement:\n    start_date: 31/01/2027\n    end_date: '2028-03-31'\n"
    answers = parse_answers(parse_yaml(text, "a.yml"), framework)
    assert answers.get("implement", "start_date") == dt.date(2027, 1, 31)
    assert answers.get("implement", "end_date") == dt.date(2028, 3, 31)


BROKEN = [
    ("", "a.yml: expected a mapping of keys (an answers file), found an empty file"),
    ("just text\n", "a.yml:1: expected a mapping of keys (an answers file), found text"),
    ("- answers\n", "a.yml:1: expected a mapping of keys (an answers file), found a list"),
    ("answers: [1, 2]\n", "a.yml:1: answers: expected a mapping of keys (step ids), found a list"),
    ("answer: {}\n", "a.yml:1: answer: unknown key (did you mean 'answers'?)"),
    (
        "answers:\n  analyze: {}\n",
        "a.yml:2: answers.analyze: unknown key (did you mean 'analyse'?)",
    ),
    (
        "answers:\n  analyse:\n    problm: x\n",
        "a.yml:3: answers.analyse.problm: unknown key (did you mean 'problem'?)",
    ),
    (
        "answers:\n  analyse:\n    evidence_strength: anecdotl\n",
        "a.yml:3: answers.analyse.evidence_strength: 'anecdotl' is not one of the choices (did you mean 'anecdotal'?)",
    ),
    (
        "answers:\n  implement:\n    timescale_realism: 7\n",
        "a.yml:3: answers.implement.timescale_realism: expected a whole number from 1 to 5, found a number (7)",
    ),
    (
        "answers:\n  analyse:\n    problem: [a, b]\n",
        "a.yml:3: answers.analyse.problem: expected text, found a list",
    ),
    (
        "answers:\n  implement:\n    rapid_tests: maybe\n",
        "a.yml:3: answers.implement.rapid_tests: expected yes or no (true/false), found text",
    ),
    (
        "answers:\n  implement:\n    start_date: 2027-02-30\n",
        "a.yml:3: answers.implement.start_date: day 30 does not exist in February 2027, which has 28 days",
    ),
    (
        "answers:\n  implement:\n    end_date: next spring\n",
        "a.yml:3: answers.implement.end_date: 'next spring' is not a date (write it as YYYY-MM-DD",
    ),
    (
        "answers:\n  ready:\n    sites_first_year: 0\n",
        "a.yml:3: answers.ready.sites_first_year: 0 is below the minimum of 1",
    ),
    (
        "answers:\n  message:\n    influencers:\n    - name: A\n      type: champion\n      organisaton: x\n",
        "a.yml:6: answers.message.influencers[0].organisaton: unknown key (did you mean 'organisation'?)",
    ),
    (
        "answers:\n  message:\n    influencers:\n    - type: champion\n",
        "a.yml:4: answers.message.influencers[0]: this influential individual has no 'name'",
    ),
    (
        "answers:\n  analyse:\n    problem: !!python/object/apply:os.system [ls]\n",
        "the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    ("answers: {\n", "a.yml:2: not valid YAML"),
    (
        "framework:\n  id: other\nanswers: {}\n",
        "a.yml:2: framework.id: these answers are for the framework 'other'",
    ),
    ("plan:\n  title: [x]\nanswers: {}\n", "a.yml:2: plan.title: expected text, found a list"),
    ("answers: {}\ncompleted: [analyse, finish]\n", "a.yml:2: completed[1]: no step 'finish'"),
]


@pytest.mark.parametrize(("text", "expected"), BROKEN)
def test_broken_answers_get_a_precise_message(
    framework: Framework, text: str, expected: str
) -> None:
    with pytest.raises(SpreadkitError) as caught:
        parse_answers(parse_yaml(text, "a.yml"), framework)
    assert expected in str(caught.value)


def test_all_problems_are_reported_together(framework: Framework) -> None:
    text = "answers:\n  analyse:\n    problm: x\n  implement:\n    timescale_realism: 9\n  mesage: {}\n"
    with pytest.raises(SpreadkitError) as caught:
        parse_answers(parse_yaml(text, "a.yml"), framework)
    assert len(caught.value.problems) == 3


def test_json_answers_are_read_too(framework: Framework, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"answers": {"implement": {"timescale_realism": 4}}}', encoding="utf-8")
    assert read_answers(path, framework).get("implement", "timescale_realism") == 4
