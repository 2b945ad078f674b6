"""Every question type through the real questionary prompts, fed by prompt_toolkit's pipe input."""

from __future__ import annotations

import datetime as dt
import io
import re
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

from .scripted import terminal_env

DOWN, UP, ENTER, ESC, SPACE, CTRL_C = "\x1b[B", "\x1b[A", "\r", "\x1b", " ", "\x03"
CTRL_J, BACKSPACE = "\n", "\x7f"


@pytest.fixture
def pipe() -> Iterator[Any]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


def _interview(
    framework: Framework, pipe: Any, answers: Answers | None = None
) -> tuple[Interview, list[Answers]]:
    saved: list[Answers] = []
    env = terminal_env()
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


def test_long_answer_enter_saves_alt_enter_and_ctrl_j_start_a_line(
    framework: Framework, pipe: Any
) -> None:
    keys = "First" + ESC + ENTER + "Second" + CTRL_J + "Third" + ENTER
    assert _ask(framework, pipe, "analyse", "problem", keys) == "First\nSecond\nThird"


def test_long_answer_enter_keeps_the_previous_answer(framework: Framework, pipe: Any) -> None:
    kept = "Two lines\nof an answer"
    assert _ask(framework, pipe, "analyse", "problem", ENTER, current=kept) == kept


def test_ctrl_e_opens_the_editor(
    framework: Framework, pipe: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text() + ' and more from the editor', encoding='utf-8')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    interview, _ = _interview(framework, pipe)
    pipe.send_text("Typed" + "\x05")
    field = _question(framework, "analyse", "problem")
    import threading

    # The editor runs in a thread; Enter is pressed once its text is back in the prompt.
    timer = threading.Timer(1.0, pipe.send_text, args=(ENTER,))
    timer.start()
    try:
        assert interview.ask_field(field, None) == "Typed and more from the editor"
    finally:
        timer.cancel()


def test_required_text_asks_again(framework: Framework, pipe: Any) -> None:
    keys = ENTER + "Now answered" + ENTER
    assert _ask(framework, pipe, "analyse", "problem", keys) == "Now answered"


def test_single_choice(framework: Framework, pipe: Any) -> None:
    assert _ask(framework, pipe, "message", "complexity", DOWN + ENTER) == "complicated"


def test_single_choice_starts_on_the_previous_answer(framework: Framework, pipe: Any) -> None:
    assert _ask(framework, pipe, "message", "complexity", ENTER, current="complex") == "complex"


def test_optional_choice_with_no_answer_starts_on_skip(framework: Framework, pipe: Any) -> None:
    assert _ask(framework, pipe, "message", "approach", ENTER) is None
    assert _ask(framework, pipe, "message", "approach", DOWN + ENTER) == "dissemination"


def test_rating_with_no_score_starts_on_skip_and_takes_a_digit(
    framework: Framework, pipe: Any
) -> None:
    interview, _ = _interview(framework, pipe)
    section = framework.section("analyse")
    assert section is not None
    question = _question(framework, "analyse", "attributes")
    # Enter on a blank rating skips it (and its note); a digit picks a score.
    keys = ENTER * 3 + "4" + ENTER + "Seen" + ENTER + ENTER
    pipe.send_text(keys)
    interview.ask_question(section, question)
    assert interview.answers.get("analyse", "attributes") == {
        "trialability": {"score": 4, "note": "Seen"}
    }


def test_multiple_choice(framework: Framework, pipe: Any) -> None:
    keys = SPACE + DOWN + DOWN + SPACE + ENTER
    assert _ask(framework, pipe, "message", "hooks", keys) == ["tariff", "qipp"]


def test_yes_no(framework: Framework, pipe: Any) -> None:
    assert _ask(framework, pipe, "implement", "rapid_tests", "n") is False
    assert _ask(framework, pipe, "implement", "rapid_tests", "y") is True


def test_scale(framework: Framework, pipe: Any) -> None:
    assert _ask(framework, pipe, "implement", "timescale_realism", "4" + ENTER) == 4
    assert _ask(framework, pipe, "implement", "timescale_realism", ENTER) is None
    assert _ask(framework, pipe, "implement", "timescale_realism", ENTER, current=2) == 2


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
            UP + ENTER,  # add (Enter alone would skip the question)
            # the record on one screen: each line typed, Enter to the next
            "Dr Lee" + ENTER,  # name
            "champ" + ENTER,  # type: the start of a choice is enough
            "ICB" + ENTER,  # organisation
            "Hgh" + ENTER,  # influence: a mistake, found when the form is saved
            "medium" + ENTER,  # interest
            ENTER,  # no contribution; the last Enter saves, or goes back to the mistake
            "\x15High" + ENTER,  # Ctrl-U clears it; put right; Enter to the next line
            ENTER + ENTER,  # to the last line, and saved
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


def test_ctrl_c_reaches_the_interview_with_what_was_typed(framework: Framework, pipe: Any) -> None:
    with pytest.raises(KeyboardInterrupt) as stop:
        _ask(framework, pipe, "ready", "senior_sponsor", "half typed" + CTRL_C)
    assert stop.value.typed == "half typed"  # type: ignore[attr-defined]


def test_ctrl_d_on_an_empty_answer_stops_as_ctrl_c_does(framework: Framework, pipe: Any) -> None:
    """Ctrl-D on an empty line ends input in a terminal: the interview stops, everything saved,
    as for Ctrl-C; it used to end spreadkit with "an unexpected problem (EOFError)", exit 70."""
    with pytest.raises(KeyboardInterrupt):
        _ask(framework, pipe, "ready", "senior_sponsor", "\x04")


def test_half_typed_answer_is_kept_as_a_draft_and_offered_again(
    framework: Framework, tmp_path: Any
) -> None:
    from spreadkit.interview.drafts import Drafts

    section = framework.section("analyse")
    assert section is not None
    question = _question(framework, "analyse", "problem")
    drafts_file = tmp_path / ".p.answers.yml.drafts.json"
    with create_pipe_input() as first:
        interview, saved = _interview(framework, first)
        interview.drafts = Drafts(drafts_file)
        first.send_text("Half of a" + CTRL_J + "long thought" + CTRL_C)
        with pytest.raises(KeyboardInterrupt):
            interview.ask_question(section, question)
    assert not saved and drafts_file.is_file()
    with create_pipe_input() as second:
        interview, saved = _interview(framework, second)
        interview.drafts = Drafts(drafts_file)
        second.send_text(ENTER)
        interview.ask_question(section, question)
    assert interview.answers.get("analyse", "problem") == "Half of a\nlong thought"
    assert not drafts_file.exists()  # used up


def test_bytes_that_are_not_text_ask_again(framework: Framework, pipe: Any) -> None:
    interview, _ = _interview(framework, pipe)
    pipe.send_bytes(b"Bad \xff" + b"\r")
    pipe.send_text(BACKSPACE * 5 + "Good" + ENTER)
    field = _question(framework, "ready", "senior_sponsor")
    assert interview.ask_field(field, None) == "Good"


def test_ticked_choices_are_echoed_by_name(framework: Framework, pipe: Any) -> None:
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    shown = io.StringIO()
    output = Vt100_Output(shown, lambda: Size(rows=40, columns=200), term="dumb")
    prompter = QuestionaryPrompter(input=pipe, output=output)
    pipe.send_text(SPACE + DOWN + SPACE + ENTER)
    picked = prompter.checkbox("Which hooks?", [("a", "Alpha hook"), ("b", "Beta hook")])
    assert picked == ["a", "b"]
    stream = shown.getvalue()
    assert "Alpha hook, Beta hook" in stream
    # questionary's own "done (2 selections)" must not stay on screen. On a busy machine
    # prompt_toolkit may draw it for a moment (a redraw is postponed 10 ms at most), but then it
    # is erased (cursor up, erase down) before the names are echoed. Without the erase it is
    # followed only by a new line.
    assert "selections" not in stream or re.search(
        r"\x1b\[\d+A.*\x1b\[J.*Alpha hook, Beta hook", stream.rsplit("selections", 1)[1], re.S
    )


def test_esc_enter_on_a_choice_asks_again_instead_of_saving_nothing(
    framework: Framework, pipe: Any
) -> None:
    assert (
        _ask(framework, pipe, "message", "complexity", ESC + ENTER + DOWN + ENTER) == "complicated"
    )


def test_ctrl_t_shows_the_tips_and_keeps_what_was_typed(pipe: Any) -> None:
    shown: list[str] = []
    prompter = QuestionaryPrompter(input=pipe, output=DummyOutput())
    prompter.tips = lambda: shown.append("tips")
    pipe.send_text("Half" + "\x14" + " done" + ENTER)
    assert prompter.text("Who?") == "Half done"
    pipe.send_text("\x14" + "2" + ENTER)
    assert prompter.select("Rate", [("1", "Low"), ("2", "High")], keys=["1", "2"]) == "2"
    assert shown == ["tips", "tips"]


def test_a_quantity_then_its_unit(framework: Framework, pipe: Any) -> None:
    field = _question(framework, "analyse", "aim_target")
    assert field.units  # the unit is picked from the content's suggestions: Enter, the first
    keys = "twelve" + ENTER + BACKSPACE * 6 + "12" + ENTER + ENTER
    assert _ask(framework, pipe, "analyse", "aim_target", keys) == {
        "value": 12,
        "unit": field.units[0],
    }


def test_money_takes_pounds_as_people_write_them(framework: Framework, pipe: Any) -> None:
    assert _ask(framework, pipe, "sustain", "cost_after", "£12,500" + ENTER) == 12500


def test_a_date_range_start_then_end(framework: Framework, pipe: Any) -> None:
    phases = _question(framework, "ready", "phases")
    (dates,) = [f for f in phases.fields if f.id == "dates"]
    interview, _ = _interview(framework, pipe)
    # an end before the start is asked again
    pipe.send_text("2027-01-31" + ENTER + "2026-12-31" + ENTER + "\x15" + "31/03/2027" + ENTER)
    assert interview.ask_field(dates, None) == {
        "start": dt.date(2027, 1, 31),
        "end": dt.date(2027, 3, 31),
    }


def test_a_reference_offers_the_records_it_points_to(framework: Framework, pipe: Any) -> None:
    from spreadkit.answers.loading import read_answers

    from .conftest import EXAMPLE_ANSWERS

    answers = read_answers(EXAMPLE_ANSWERS, framework)
    section = framework.section("decision")
    assert section is not None
    question = _question(framework, "decision", "recommended")
    interview, saved = _interview(
        framework, pipe, answers.with_value("decision", "recommended", None)
    )
    pipe.send_text(DOWN + ENTER)  # the second option recorded
    interview.ask_question(section, question)
    names = [o["option"] for o in answers.get("decision", "options")]
    assert interview.answers.get("decision", "recommended") == names[1] and saved


class _Asked(QuestionaryPrompter):
    """The real prompts, noting in ``shown`` each message and choice as it is drawn."""

    def __init__(self, pipe: Any, shown: list[str]) -> None:
        super().__init__(input=pipe, output=DummyOutput())
        self.shown = shown

    def text(self, message: str, **options: Any) -> str:
        self.shown.append(message)
        return super().text(message, **options)

    def select(self, message: str, choices: Any, **options: Any) -> str:
        self.shown.append("\n".join([message, *(label for _, label in choices)]))
        return super().select(message, choices, **options)

    def checkbox(self, message: str, choices: Any, **options: Any) -> list[str]:
        self.shown.append("\n".join([message, *(label for _, label in choices)]))
        return super().checkbox(message, choices, **options)

    def form(self, message: str, fields: Any) -> list[str]:
        self.shown.append("\n".join([message, *(f.label for f in fields)]))
        return super().form(message, fields)

    def confirm(self, message: str, **options: Any) -> bool:
        self.shown.append(message)
        return super().confirm(message, **options)


class _Screen(io.StringIO):
    """The interview's own messages, in ``shown`` between the prompts, in the order written."""

    def __init__(self, shown: list[str]) -> None:
        super().__init__()
        self.shown = shown

    def write(self, text: str) -> int:
        self.shown.append(text)
        return super().write(text)


def test_enter_through_a_rerun_keeps_the_file_byte_for_byte(
    tmp_path: Any, framework: Framework, pipe: Any
) -> None:
    """Issue 14's test, through the real prompts: a complete file less one rating and one
    optional choice, only Enter, through steps 1, 2 and 4 (a re-run of chosen steps goes from
    step 2 to step 4, not 3). Every prompt answered is one the walk expected, in order."""
    from spreadkit.answers.loading import read_answers
    from spreadkit.answers.store import write_answers
    from spreadkit.app.planning import PlanOptions, run_plan
    from spreadkit.core.errors import ExitStatus
    from spreadkit.core.formats import DocumentKind, PlanFormat

    from .conftest import EXAMPLE_ANSWERS
    from .keystrokes import PipeKeys, walk_section

    answers_path = tmp_path / "sw.answers.yml"
    write_answers(answers_path, read_answers(EXAMPLE_ANSWERS, framework), framework)
    text = answers_path.read_text(encoding="utf-8")
    rating = re.search(r"\n      observability:\n(        .*\n)+", text)
    choice = re.search(r"\n    approach: mix\n", text)
    assert rating and choice
    text = text.replace(rating.group(0), "\n").replace(choice.group(0), "\n")
    answers_path.write_text(text, encoding="utf-8")
    before = read_answers(answers_path, framework)

    keys = PipeKeys(pipe)
    for step in ("analyse", "message", "implement"):
        section = framework.section(step)
        assert section is not None
        walk_section(keys, section, before, keep=True)
        if step == "message":
            keys.expect(re.escape("Yes, continue to Step 4"))
    keys.expect(re.escape("Yes, continue to the final review"))  # not "to Step 5"
    keys.expect(re.escape("Ready to write the plan?"))
    keys.send(ENTER)
    keys.expect(re.escape("The plan is unchanged."))

    shown: list[str] = []
    env = Environment(
        stdin=io.StringIO(),
        stdout=_Screen(shown),
        stderr=io.StringIO(),
        stdin_isatty=True,
        stdout_isatty=True,
        variables={"NO_COLOR": "1"},
    )
    options = PlanOptions(
        answers_path, None, (PlanFormat.MARKDOWN,), ("1", "2", "4"), document=DocumentKind.WORKBOOK
    )
    assert run_plan(env, options, lambda: _Asked(pipe, shown)) is ExitStatus.OK
    keys.check(shown)

    def undated(content: str) -> str:
        return re.sub(r"\n  updated: .*\n", "\n", content)

    assert undated(answers_path.read_text(encoding="utf-8")) == undated(text)
    assert read_answers(answers_path, framework).values == before.values


class _Noted(QuestionaryPrompter):
    """The real prompts, noting what each answer's check said of each text it refused."""

    def __init__(self, pipe: Any) -> None:
        super().__init__(input=pipe, output=DummyOutput())
        self.refused: list[str] = []

    def text(self, message: str, **options: Any) -> str:
        check = options.get("validate")
        if check is not None:
            options["validate"] = lambda typed: self._note(check(typed))
        return super().text(message, **options)

    def _note(self, said: str | None) -> str | None:
        if said:
            self.refused.append(said)
        return said


def test_money_takes_the_endings_other_answers_take(framework: Framework, pipe: Any) -> None:
    """Issue 28's endings on an amount of money: "[S9]", a source the plan lacks, is refused with
    how to add it (not "not an amount of money"), then "[S1] ~" cites S1 and marks it assumed."""
    from spreadkit.answers.evidence import Source

    answers = Answers.empty(framework).with_source(Source("S1", "Finance model", "ICB", 2026))
    prompter = _Noted(pipe)
    env = terminal_env()
    interview = Interview(framework, answers, prompter, env, lambda _: None)
    section = framework.section("sustain")
    assert section is not None
    pipe.send_text("£12,500 [S9]" + ENTER + "\x15" + "£12,500 [S1] ~" + ENTER)
    interview.ask_question(section, _question(framework, "sustain", "cost_after"))
    assert prompter.refused == [
        'This plan has no source S9 yet: add it with "Sources and assumptions…" when the step '
        "ends, and answer without the brackets for now."
    ]
    assert interview.answers.get("sustain", "cost_after") == 12500
    assert interview.answers.citations == {"sustain.cost_after": ("S1",)}
    assert "sustain.cost_after" in interview.answers.assumptions
