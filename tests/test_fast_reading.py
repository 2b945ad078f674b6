"""Reading an answers file with each field's check worked out once (framework/readers.py) and the
content's facts kept per framework (answers/layout.py) gives exactly what the checks one value
at a time give: the same values, the same problems, the same lines; and the kept facts are
bounded and belong to one framework only."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spreadkit.answers import layout
from spreadkit.answers.loading import parse_answers, read_answers
from spreadkit.core.errors import SpreadkitError
from spreadkit.files.yamlio import parse_yaml
from spreadkit.framework import readers, values
from spreadkit.framework.kept import KEPT
from spreadkit.framework.model import Choice, Field, Framework, QuestionType

from .conftest import EXAMPLE_ANSWERS, NORTHFIELD_CHECKINS
from .strategies import any_text


class Text(str):
    """A str that is not exactly a str: always checked the long way."""


def _fields(framework: Framework) -> list[Field]:
    found: list[Field] = []
    for section in framework.sections:
        for question in section.questions:
            found.append(question)
            found.extend(question.fields)
    made = [
        Field(id="n", type=QuestionType.NUMBER, prompt="n", minimum=0, maximum=10),
        Field(id="f", type=QuestionType.NUMBER, prompt="f", minimum=-2.5, maximum=2.5),
        Field(id="nan", type=QuestionType.NUMBER, prompt="nan", minimum=math.nan),
        Field(
            id="c",
            type=QuestionType.CHOICE,
            prompt="c",
            choices=(Choice("", "none"), Choice("a", "A"), Choice("b", "B")),
        ),
        Field(
            id="m",
            type=QuestionType.MULTICHOICE,
            prompt="m",
            choices=(Choice("a", "A"), Choice("b", "B"), Choice("a", "A again")),
        ),
    ]
    return [f for f in found if f.type is not QuestionType.GROUP] + made


VALUES: list[Any] = [
    None,
    "",
    " ",
    "\n",
    " \t\n",
    "x",
    "  padded  ",
    "two\nlines",
    "\ntrailing\n\n",
    " a\n",
    Text("sub"),
    Text(""),
    True,
    False,
    0,
    1,
    3,
    5,
    6,
    -1,
    11,
    10**15,
    10**15 + 1,
    -(10**15),
    -(10**15) - 1,
    10**400,
    0.0,
    1.5,
    -2.5,
    2.6,
    12.345,
    math.nan,
    math.inf,
    -math.inf,
    1e300,
    dt.date(2027, 3, 31),
    dt.date(1899, 12, 31),
    dt.date(2200, 1, 1),
    dt.datetime(2027, 3, 31, 9, 30),
    "2027-03-31",
    "03/04/2027",
    "31/01/2027",
    "12",
    "£12,500.50",
    "12 posts",
    "2027-01-01 to 2027-06-30",
    "yes",
    "Off",
    "a",
    "b",
    [],
    ["a"],
    ["b", "a", "b"],
    ["a", "zzz"],
    ["a", 1],
    [Text("a")],
    {},
    {"value": 3, "unit": "posts"},
    {"start": "2027-01-01"},
    {"start": dt.date(2027, 1, 1), "end": dt.date(2027, 6, 30)},
    {"end": dt.date(2027, 6, 30), "start": dt.date(2027, 1, 1)},
    {"start": dt.date(2027, 6, 30), "end": dt.date(2027, 1, 1)},
    {"start": dt.date(2027, 1, 1), "end": dt.date(2027, 1, 1), "middle": 1},
    {"start": None, "end": dt.date(1800, 1, 1)},
    {"start": dt.datetime(2027, 1, 1, 8), "end": None},
    {"start": "", "end": dt.date(2027, 1, 1)},
    {"start": None},
    {1: dt.date(2027, 1, 1)},
    {"relative_advantage": {"score": 4, "note": "why"}},
]


def _outcome(read: Any, value: Any) -> tuple[Any, ...]:
    try:
        result = read(value)
    except values.BadValue as exc:
        return ("bad", str(exc), exc.hint, exc.key)
    return ("ok", type(result), repr(result))


def _slow(field: Field) -> Any:
    return lambda value: values.check(field, value, uk_dates=False)


def _everything(framework: Framework) -> list[Any]:
    """Every value above, and every choice of every field as given and as a one-item list."""
    extra: list[Any] = []
    for field in _fields(framework):
        extra.extend(field.choice_values)
        extra.extend([v] for v in field.choice_values)
    return VALUES + extra


def test_a_fields_reader_gives_what_values_check_gives(framework: Framework) -> None:
    compared = 0
    for field in _fields(framework):
        read, slow = readers.reader(field), _slow(field)
        for value in _everything(framework):
            assert _outcome(read, value) == _outcome(slow, value), (field.id, field.type, value)
            compared += 1
    assert compared > 5000


KEYS = st.sampled_from(["start", "end", "value", "unit", "score", "note", "cost"]) | any_text(
    max_size=6
)


def _any_value() -> st.SearchStrategy[Any]:
    atoms = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        any_text(max_size=12),
        st.sampled_from(["", " ", "\n", "a\nb", "local-data", "high", "yes", "2027-02-30"]),
        st.dates(),
        st.datetimes(),
    )
    return st.recursive(
        atoms,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
        max_leaves=6,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=_any_value())
def test_a_reader_agrees_with_values_check_on_any_value(framework: Framework, value) -> None:
    for field in _fields(framework):
        assert _outcome(readers.reader(field), value) == _outcome(_slow(field), value), field.id


def _damaged(value: Any, path: Path) -> str:
    """The plan at ``path`` with every answer, every field of every record, and every value a
    check-in changed, set to ``value``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for checkin in data.get("checkins", []):
        for change in checkin.get("changes", {}).values():
            change.update(was=value, now=value)
    for answers in data["answers"].values():
        for key, answer in list(answers.items()):
            if isinstance(answer, list) and answer and isinstance(answer[0], dict):
                answers[key] = [{field: value for field in record} for record in answer]
            else:
                answers[key] = value
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _read(text: str, framework: Framework) -> tuple[Any, ...]:
    try:
        answers = parse_answers(parse_yaml(text, "damaged.yml"), framework)
    except SpreadkitError as exc:
        return ("problems", [(p.message, p.file, p.line, p.hint) for p in exc.problems])
    return ("read", answers)


DAMAGE = ["", "two\nlines", -1, True, "2027-13-01", ["zzz"], {"zzz": 1}]


@pytest.mark.parametrize("path", [EXAMPLE_ANSWERS, NORTHFIELD_CHECKINS], ids=lambda p: p.name)
@pytest.mark.parametrize("value", DAMAGE, ids=repr)
def test_a_damaged_file_gets_the_same_problems_as_checked_one_value_at_a_time(
    framework: Framework, monkeypatch: pytest.MonkeyPatch, value: Any, path: Path
) -> None:
    text = _damaged(value, path)
    fast = _read(text, framework)
    layout.forget()
    monkeypatch.setattr(layout, "reader", _slow)  # every value through values.check
    try:
        slow = _read(text, framework)
    finally:
        layout.forget()
    assert fast == slow
    if value != "":
        assert fast[0] == "problems" and len(fast[1]) > 20


@pytest.mark.parametrize("path", [EXAMPLE_ANSWERS, NORTHFIELD_CHECKINS], ids=lambda p: p.name)
def test_a_good_file_reads_the_same_either_way(
    framework: Framework, monkeypatch: pytest.MonkeyPatch, path
) -> None:
    fast = read_answers(path, framework)
    layout.forget()
    monkeypatch.setattr(layout, "reader", _slow)
    try:
        slow = read_answers(path, framework)
    finally:
        layout.forget()
    assert fast == slow and fast.values


def _with_choices(framework: Framework, *choices: str) -> Framework:
    """``framework`` with the first choice question's choices replaced: another framework."""
    steps = list(framework.steps)
    for number, step in enumerate(steps):
        for index, question in enumerate(step.questions):
            if question.type is QuestionType.CHOICE:
                changed = replace(question, choices=tuple(Choice(c, c) for c in choices))
                questions = (*step.questions[:index], changed, *step.questions[index + 1 :])
                steps[number] = replace(step, questions=questions)
                return replace(framework, steps=tuple(steps))
    raise AssertionError("no choice question")


def _first_choice(framework: Framework) -> tuple[str, str]:
    for section in framework.sections:
        for question in section.questions:
            if question.type is QuestionType.CHOICE:
                return section.id, question.id
    raise AssertionError("no choice question")


def test_facts_kept_for_one_framework_never_answer_for_another(framework: Framework) -> None:
    """Two frameworks, and two plans, read in turn in one process: each read as if alone."""
    other = _with_choices(framework, "only-here")
    section_id, question_id = _first_choice(framework)
    data = {"answers": {section_id: {question_id: "only-here"}}}
    mine = yaml.safe_dump(data)
    first = layout.layout(framework).sections[section_id].questions[question_id]
    usual = yaml.safe_dump(
        {"answers": {section_id: {question_id: first.question.choice_values[0]}}}
    )
    for _ in range(2):
        assert _read(mine, other)[1].values[section_id][question_id] == "only-here"
        problems = _read(mine, framework)[1]
        assert problems[0][0] == "'only-here' is not one of the choices"
        assert _read(usual, framework)[0] == "read"
        assert _read(usual, other)[0] == "problems"
    assert layout.layout(other).framework is other
    assert layout.layout(framework).framework is framework


def test_kept_facts_are_bounded(framework: Framework) -> None:
    made = [_with_choices(framework, f"choice-{n}") for n in range(KEPT + 3)]
    for each in made:
        assert layout.layout(each).framework is each
        assert len(layout.layout) <= KEPT
    assert layout.layout(made[0]).framework is made[0]  # dropped, then worked out afresh
    assert len(layout.layout) == KEPT
    assert all(
        key == id(entry.framework) and ref() is entry.framework
        for key, (ref, entry) in layout.layout._kept.items()
    )
