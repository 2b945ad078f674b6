"""Every question type through the real questionary prompts, fed by prompt_toolkit's pipe input."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from spreadkit.answers.store import Answers
from spreadkit.core.environment import Environment
from spreadkit.framework.model import Framework, Question
from spreadkit.interview.prompter import QuestionaryPrompter
from spreadkit.interview.walker import Interview

DOWN, UP, ENTER, ESC, SPACE, CTRL_C = "\x1b[B", "\x1b[A", "\r", "\x1b", " ", "\x03"


@pytest.fixture
def pipe() -> Iterator[Any]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


def _interview(
    framework: Framework, pipe: Any, answers: Answers | None = None
) -> tuple[Interview, list[Answers]]:
    saved: list[Answers] = []
    env = Environment(
        stdin=io.StringIO(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin_isatty=True,
        stdout_isatty=True,
    )
    prompter = QuestionaryPrompter(input=pipe, output=DummyOutput())
    return Interview(
        framework, answers or Answers.empty(framework), prompter, env, saved.append
    ), saved


def _question(framework: Framework, section_id: str, question_id: str) -> Question:
    section = framework.section(section_id)
    assert section is not None
    question = section.question(question_id)
    assert question is not None
    return question


def _ask(
    framework: Framework,
    pipe: Any,
    section_id: str,
    question_id: str,
    keys: str,
    current: Any = None,
) -> Any:
    interview, _ = _interview(framework, pipe)
    pipe.send_text(keys)
    return interview.ask_field(_question(framework, section_id, question_id), current)


def test_text(framework: Framework, pipe: Any) -> None:
    assert (
        _ask(framework, pipe, "ready", "senior_sponsor", "Chief people officer" + ENTER)
        == "Chief people officer"
    )


def test_text_keeps_the_previous_answer_on_enter(framework: Framework, pipe: Any) -> None:
    assert (
        _ask(framework, pipe, "ready", "senior_sponsor", ENTER, current="Medical director")
        == "Medical director"
    )


def test_multiline(framework: Framework, pipe: Any) -> None:
    keys = "First line" + ENTER + "Second line" + ESC + ENTER
    assert _ask(framework, pipe, "analyse", "problem", keys) == "First line\nSecond line"


def test_required_text_asks_again(framework: Framework, pipe: Any) -> None:
    keys = ESC + ENTER + "Now answered" + ESC + ENTER
    assert _ask(framework, pipe, "analyse", "problem", keys) == "Now answered"


def test_single_choice(framework: Framework, pipe: Any) -> None:
    assert _ask(framework, pipe, "message", "complexity", DOWN + ENTER) == "complicated"


def test_single_choice_starts_on_the_previous_answer(framework: Framework, pipe: Any) -> None:
    assert _ask(framework, pipe, "message", "complexity", ENTER, current="complex") == "complex"


def test_optional_choice_can_be_skipped(framework: Framework, pipe: Any) -> None:
    assert _ask(framework, pipe, "message", "approach", UP + ENTER) is None


def test_multiple_choice(framework: Framework, pipe: Any) -> None:
    keys = SPACE + DOWN + DOWN + SPACE + ENTER
    assert _ask(framework, pipe, "message", "hooks", keys) == ["tariff", "qipp"]


def test_yes_no(framework: Framework, pipe: Any) -> None:
    assert _ask(framework, pipe, "implement", "rapid_tests", "n") is False
    assert _ask(framework, pipe, "implement", "rapid_tests", "y") is True


def test_scale(framework: Framework, pipe: Any) -> None:
    assert _ask(framework, pipe, "implement", "timescale_realism", DOWN * 3 + ENTER) == 4


def test_number_is_validated(framework: Framework, pipe: Any) -> None:
    keys = "many" + ENTER + "\x7f" * 4 + "0" + ENTER + "\x7f" + "12" + ENTER
    assert _ask(framework, pipe, "ready", "sites_first_year", keys) == 12


def test_date_is_validated(framework: Framework, pipe: Any) -> None:
    keys = "soon" + ENTER + "\x7f" * 4 + "31/03/2027" + ENTER
    assert _ask(framework, pipe, "implement", "end_date", keys) == dt.date(2027, 3, 31)


def test_repeating_group_through_real_prompts(framework: Framework, pipe: Any) -> None:
    interview, saved = _interview(framework, pipe)
    section = framework.section("message")
    assert section is not None
    question = _question(framework, "message", "influencers")
    keys = "".join(
        [
            ENTER,  # add
            "Dr Lee" + ENTER,  # name
            DOWN * 2 + ENTER,  # champion
            "ICB" + ENTER,  # organisation
            ENTER,  # influence: high
            DOWN + ENTER,  # interest: medium
            ENTER,  # no contribution
            ENTER,  # done: the default once there is a record
        ]
    )
    pipe.send_text(keys)
    interview.ask_question(section, question)
    assert interview.answers.get("message", "influencers") == [
        {
            "name": "Dr Lee",
            "type": "champion",
            "organisation": "ICB",
            "influence": "high",
            "interest": "medium",
        }
    ]
    assert saved  # saved as soon as the record was added


def test_ctrl_c_reaches_the_interview(framework: Framework, pipe: Any) -> None:
    with pytest.raises(KeyboardInterrupt):
        _ask(framework, pipe, "ready", "senior_sponsor", "half typed" + CTRL_C)


def test_esc_enter_on_a_choice_asks_again_instead_of_saving_nothing(
    framework: Framework, pipe: Any
) -> None:
    assert (
        _ask(framework, pipe, "message", "complexity", ESC + ENTER + DOWN + ENTER) == "complicated"
    )
