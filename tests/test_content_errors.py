"""Every kind of bad content gets an error naming the file, the line and the key path."""

from __future__ import annotations

from pathlib import Path

import pytest

from spreadkit.core.errors import SpreadkitError
from spreadkit.framework.content import load_framework


def _break(folder: Path, name: str, old: str, new: str) -> Path:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _error(folder: Path) -> str:
    with pytest.raises(SpreadkitError) as caught:
        load_framework(folder)
    return str(caught.value)


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_yaml_syntax_error(content_copy: Path) -> None:
    path = _break(
        content_copy, "step-02-message.yml", "title: Spreading the message", "title: [Spreading"
    )
    assert f"{path}:" in _error(content_copy)
    assert "not valid YAML" in _error(content_copy)


def test_unknown_key_suggests_the_right_one(content_copy: Path) -> None:
    path = _break(
        content_copy, "step-01-analyse.yml", "    prompt: What problem", "    promt: What problem"
    )
    message = _error(content_copy)
    assert (
        f"{path}:{_line_of(path, 'promt:')}: questions[0].promt: unknown key (did you mean 'prompt'?)"
        in message
    )
    assert "missing the key 'prompt'" in message


def test_wrong_type(content_copy: Path) -> None:
    path = _break(content_copy, "step-03-ready.yml", "number: 3", "number: three")
    assert (
        f"{path}:{_line_of(path, 'number: three')}: number: expected a whole number, found text"
        in _error(content_copy)
    )


def test_duplicate_question_id(content_copy: Path) -> None:
    path = _break(
        content_copy,
        "step-01-analyse.yml",
        "  - id: lessons\n    label:",
        "  - id: problem\n    label:",
    )
    assert f"{path}:" in _error(content_copy)
    assert "the question id 'problem' is used twice" in _error(content_copy)


def test_duplicate_key_in_a_mapping(content_copy: Path) -> None:
    _break(content_copy, "step-01-analyse.yml", "number: 1\n", "number: 1\nnumber: 2\n")
    assert "number: this key appears twice" in _error(content_copy)


def test_when_that_does_not_compile(content_copy: Path) -> None:
    path = _break(
        content_copy, "step-04-implement.yml", "when: rapid_tests", "when: rapid_tests =="
    )
    message = _error(content_copy)
    assert f"{path}:{_line_of(path, 'when: rapid_tests ==')}: questions[" in message
    assert "].when: the condition does not compile" in message


def test_default_not_among_the_choices(content_copy: Path) -> None:
    _break(content_copy, "step-04-implement.yml", "default: not-started", "default: not-startd")
    message = _error(content_copy)
    assert (
        "fields[3].default: the default does not fit: 'not-startd' is not one of the choices"
        in message
    )
    assert "did you mean 'not-started'?" in message


def test_unknown_question_type(content_copy: Path) -> None:
    _break(content_copy, "step-05-sustain.yml", "type: multiline", "type: multi-line")
    assert "unknown question type 'multi-line' (did you mean 'multiline'?)" in _error(content_copy)


def test_question_fills_an_unknown_plan_part(content_copy: Path) -> None:
    _break(content_copy, "step-02-message.yml", "fills: story", "fills: stories")
    assert "no plan part 'stories' in this file (did you mean 'story'?)" in _error(content_copy)


def test_empty_file(content_copy: Path) -> None:
    path = content_copy / "step-03-ready.yml"
    path.write_text("", encoding="utf-8")
    assert f"{path}: expected a mapping of keys, found an empty file" in _error(content_copy)


def test_list_where_a_mapping_belongs(content_copy: Path) -> None:
    path = content_copy / "appendix-1-influential-individuals.yml"
    path.write_text("- id: appendix-1\n", encoding="utf-8")
    assert f"{path}:1: expected a mapping of keys, found a list" in _error(content_copy)


def test_python_tags_are_refused(content_copy: Path) -> None:
    _break(
        content_copy,
        "step-01-analyse.yml",
        "number: 1",
        "number: !!python/object/apply:os.system ['true']",
    )
    assert (
        "the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"
        in _error(content_copy)
    )


def test_missing_step_file(content_copy: Path) -> None:
    (content_copy / "step-05-sustain.yml").unlink()
    assert "no content file named 'step-05-sustain.yml' beside framework.yml" in _error(
        content_copy
    )


def test_steps_out_of_order(content_copy: Path) -> None:
    _break(content_copy, "step-02-message.yml", "number: 2", "number: 7")
    assert "steps must be numbered 1, 2, 3… in the order listed; found [1, 7, 3, 4, 5]" in _error(
        content_copy
    )


def test_every_problem_is_reported_at_once(content_copy: Path) -> None:
    _break(
        content_copy, "step-01-analyse.yml", "    prompt: What problem", "    promt: What problem"
    )
    _break(content_copy, "step-03-ready.yml", "number: 3", "number: three")
    message = _error(content_copy)
    assert (
        "promt" in message
        and "three" not in message.split("promt")[0]
        and "whole number" in message
    )


def test_adding_a_question_needs_no_code(content_copy: Path) -> None:
    _break(
        content_copy,
        "step-05-sustain.yml",
        "questions:\n",
        "questions:\n  - id: funding\n    fills: embedding\n    type: text\n    prompt: Where will recurrent funding come from?\n",
    )
    section = load_framework(content_copy).section("sustain")
    assert (
        section is not None
        and section.questions[0].prompt == "Where will recurrent funding come from?"
    )


def test_a_condition_that_fails_when_worked_out_is_a_clean_error(content_copy: Path) -> None:
    from spreadkit.answers.progress import is_asked
    from spreadkit.answers.store import Answers

    path = _break(content_copy, "step-04-implement.yml", "when: rapid_tests", "when: 1 / 0")
    framework = load_framework(content_copy)
    section = framework.section("implement")
    assert section is not None
    question = next(q for q in section.questions if q.id == "rapid_test_list")
    with pytest.raises(SpreadkitError) as caught:
        is_asked(Answers.empty(framework), section, question)
    message = str(caught.value)
    assert message.startswith(f"{path}:{_line_of(path, '- id: rapid_test_list')}: ")
    assert "the condition '1 / 0' could not be worked out: division by zero" in message
