"""`spreadkit checkin`: the interactive check-in with the scripted prompter (Enter keeps every
value, each kind of update, Ctrl-C halfway), the `--no-input` command through the CLI, and the
promise that no earlier value is ever lost across check-ins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from spreadkit.answers import history, updates
from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers, write_answers
from spreadkit.app.checking_in import CheckinOptions, run_checkin
from spreadkit.core.errors import ExitStatus
from spreadkit.framework.model import Framework
from spreadkit.interview.checkin_questions import CheckinSession
from spreadkit.interview.prompter import QuestionaryPrompter

from .conftest import NORTHFIELD
from .scripted import Interrupt, ScriptedPrompter, terminal_env

D = dt.date
Q3 = D(2027, 10, 1)
WAIT = "Wait for a first physiotherapy appointment"


def _records(answers: Answers, section: str, question: str) -> list[Mapping[str, Any]]:
    return list(answers.get(section, question) or [])


class EnterPrompter(ScriptedPrompter):
    """A person who presses Enter at every prompt not scripted: a text prompt with nothing
    offered gives nothing (the scripted prompter would make up a valid answer)."""

    def text(
        self,
        message: str,
        *,
        default: str = "",
        validate: Any = None,
        multiline: bool = False,
        instruction: str = "",
    ) -> str:
        if not default and not (self.script and self.script[0][0] in message):
            self.asked.append(message)
            return ""
        return super().text(
            message,
            default=default,
            validate=validate,
            multiline=multiline,
            instruction=instruction,
        )


def _session(
    framework: Framework, answers: Answers, script: list[tuple[str, Any]], on: dt.date = Q3
) -> tuple[CheckinSession, ScriptedPrompter, list[Answers]]:
    saved: list[Answers] = []
    prompter = EnterPrompter(script)
    session = CheckinSession(framework, answers, prompter, terminal_env(), saved.append, on)
    return session, prompter, saved


def test_enter_keeps_every_value_and_records_no_review(framework: Framework) -> None:
    answers = read_answers(NORTHFIELD, framework)
    session, prompter, _saved = _session(framework, answers, [])
    after = session.run()
    assert prompter.finished and not prompter.rejected
    # It asked "any change?" of each site that is not withdrawn (one key each, no fields), the
    # status of each open action, "any change?" of each open risk, offered to add or close
    # something and the sustainability factors.
    for name in ("Aldbrook PCN", "Dunmere PCN", "Ivel Valley PCN"):
        assert f"{name}: any change?" in prompter.asked
        assert f"{name}: status" not in prompter.asked
    assert "Recruit Wave 1 physiotherapists: status" in prompter.asked
    assert "Train reception teams in the pilot networks: status" not in prompter.asked  # done
    assert "Recurrent funding is not agreed before Wave 2 ends: any change?" in prompter.asked
    assert "Anything to add or close?" in prompter.asked
    assert "Re-rate the sustainability factors?" in prompter.asked
    # A risk whose review date has passed asks plainly whether it was reviewed; Enter (no)
    # records nothing, so nothing changed. One not yet due (1 October 2027) asks nothing more.
    (checkin,) = after.checkins
    assert list(checkin.answer_changes()) == []
    late = (
        "Not enough physiotherapists apply for FCP posts",
        "No clinical rooms in the rural practices",
        "Reception teams do not offer the FCP first",
    )
    for name in late:
        assert f"{name}: reviewed at this check-in? (its review date has passed)" in prompter.asked
    assert "next review date" not in str(prompter.asked)
    assert "Recurrent funding is not agreed before Wave 2 ends: reviewed" not in str(prompter.asked)
    assert (checkin.date, checkin.values_read, checkin.note) == (Q3, {}, "")


def test_each_kind_of_update_is_recorded(framework: Framework) -> None:
    answers = read_answers(NORTHFIELD, framework)
    script = [
        ("Dunmere PCN: any change?", True),
        ("Dunmere PCN: status", "live"),
        ("Dunmere PCN: went live on", "2027-09-20"),
        ("Dunmere PCN: how many posts so far (target 2)", "1"),
        ("Greystone PCN: any change?", True),
        ("Greystone PCN: any change in readiness?", True),
        ("Greystone PCN: readiness (context)", "amber"),
        (f"{WAIT}: value now", "30"),
        ("Agree shared rooms in Dunmere PCN: status", "done"),
        ("Wave 1 decision paper to the primary care board: new due date", "31/10/2027"),
        ("Not enough physiotherapists apply for FCP posts: any change?", True),
        ("How likely is it?", "3"),
        ("Not enough physiotherapists apply for FCP posts: next review date", "2027-12-01"),
        ("No clinical rooms in the rural practices: reviewed at this check-in?", True),
        ("Re-rate the sustainability factors?", True),
        ("Infrastructure", "3"),
        ("A note on this check-in", "Quarter 3: Dunmere is live"),
    ]
    session, prompter, saved = _session(framework, answers, script)
    after = session.run()
    assert prompter.finished, prompter.script
    (checkin,) = after.checkins
    changed = {c.path: (c.was, c.now) for c in checkin.answer_changes()}
    assert changed == {
        "ready.sites[Dunmere PCN].status": ("preparing", "live"),
        "ready.sites[Dunmere PCN].golive_actual": (None, D(2027, 9, 20)),
        "ready.sites[Dunmere PCN].actual": (0, 1),
        "ready.sites[Greystone PCN].readiness_context": ("red", "amber"),
        "ready.sites[Greystone PCN].readiness_date": (D(2027, 6, 20), Q3),
        "implement.actions[Agree shared rooms in Dunmere PCN].status": ("blocked", "done"),
        "implement.actions[Wave 1 decision paper to the primary care board].revised_due": (
            None,
            D(2027, 10, 31),
        ),
        "implement.risks[Not enough physiotherapists apply for FCP posts].likelihood": (4, 3),
        "implement.risks[Not enough physiotherapists apply for FCP posts].review": (
            D(2027, 8, 1),
            D(2027, 12, 1),
        ),
        "implement.risks[No clinical rooms in the rural practices].review": (
            D(2027, 8, 1),
            D(2028, 1, 1),
        ),
        "sustain.sustainability.infrastructure.score": (2, 3),
    }
    assert checkin.values_read == {WAIT: 30}
    assert checkin.note == "Quarter 3: Dunmere is live"
    # A done action asks no revised date; a saved answer is saved at once, one save per change.
    assert "Agree shared rooms in Dunmere PCN: new due date" not in prompter.asked
    # What is late on the check-in date is said before its questions.
    shown = session.env.stdout.getvalue()
    assert "Dunmere PCN · preparing · 0 of 2" in shown
    assert "Greystone PCN · not started · 0 of 2" in shown and "not-started" not in shown
    assert "go-live planned 1 June 2027 (passed)" in shown
    assert "Recruit Wave 1 physiotherapists · due 30 June 2027 · overdue" in shown
    assert "Not enough physiotherapists apply for FCP posts · likelihood 4, impact 4" in shown
    assert "review 1 August 2027 (passed)" in shown
    assert len(saved) >= len(changed) and saved[-1] == after


def test_ctrl_c_halfway_keeps_what_was_answered_and_the_same_day_carries_on(
    framework: Framework, plan_file: Path
) -> None:
    original = read_answers(plan_file, framework)
    first = EnterPrompter(
        [
            ("Dunmere PCN: any change?", True),
            ("Dunmere PCN: status", "live"),
            ("Dunmere PCN: how many posts so far", "1"),
            (f"{WAIT}: value now", Interrupt(typed="3")),
        ]
    )
    env = terminal_env()
    options = CheckinOptions(plan_file, date="2027-10-01")
    assert run_checkin(env, options, lambda: first) is ExitStatus.INTERRUPTED
    assert "carry on" in env.stdout.getvalue()
    kept = read_answers(plan_file, framework)
    (partial,) = kept.checkins
    assert {c.path for c in partial.answer_changes()} == {
        "ready.sites[Dunmere PCN].status",
        "ready.sites[Dunmere PCN].golive_actual",
        "ready.sites[Dunmere PCN].actual",
    }
    assert history.get_path(kept, "ready.sites[Dunmere PCN].actual") == 1

    # Run again on the same date: the same check-in goes on, the half-typed reading is offered.
    second = EnterPrompter(
        [
            (f"{WAIT}: value now", "31"),
            ("Agree shared rooms in Dunmere PCN: status", "done"),
            ("A note on this check-in", "Quarter 3"),
        ]
    )
    env = terminal_env()
    assert run_checkin(env, options, lambda: second) is ExitStatus.OK
    assert "Carrying on the check-in of 1 October 2027 from where you stopped" in (
        env.stdout.getvalue()
    )
    # It carried on at the reading it stopped on: no site was asked again.
    assert not any(message.endswith("any change?") and "PCN" in message for message in second.asked)
    assert "unfinished answer from last time" in env.stdout.getvalue()  # the 3 half typed
    final = read_answers(plan_file, framework)
    (checkin,) = final.checkins
    changed = {c.path: (c.was, c.now) for c in checkin.answer_changes()}
    assert changed["ready.sites[Dunmere PCN].status"] == ("preparing", "live")
    assert changed["ready.sites[Dunmere PCN].actual"] == (0, 1)
    assert "implement.actions[Agree shared rooms in Dunmere PCN].status" in changed
    assert checkin.values_read == {WAIT: 31} and checkin.note == "Quarter 3"
    assert history.states(final)[0][1].values == original.values


def test_the_date_is_asked_with_today_offered_and_never_before_the_latest(
    framework: Framework, plan_file: Path
) -> None:
    answers = history.record(read_answers(plan_file, framework), Q3, {}, note="Quarter 3")
    write_answers(plan_file, answers, framework)
    script = [("Date of this check-in", "2027-09-01"), ("Date of this check-in", "05/01/2028")]
    prompter = EnterPrompter(script)
    status = run_checkin(
        terminal_env(), CheckinOptions(plan_file), lambda: prompter, today=D(2028, 1, 2)
    )
    assert status is ExitStatus.OK
    assert prompter.rejected and "latest check-in" in prompter.rejected[0]
    dates = [c.date for c in read_answers(plan_file, framework).checkins]
    assert dates == [Q3, D(2028, 1, 5)]


def test_a_measure_is_due_when_no_reading_falls_within_its_frequency(
    framework: Framework,
) -> None:
    answers = read_answers(NORTHFIELD, framework)
    monthly = {"measure": WAIT, "frequency": "monthly"}
    quarterly = {"measure": WAIT, "frequency": "quarterly"}
    unknown = {"measure": WAIT}
    assert updates.is_due(answers, monthly, Q3)  # never read
    answers = history.record(answers, D(2027, 10, 31), {}, readings={WAIT: 30})
    assert not updates.is_due(answers, monthly, D(2027, 11, 30))
    assert updates.is_due(answers, monthly, D(2027, 12, 1))  # 31 Oct is a month before 1 Dec
    assert not updates.is_due(answers, quarterly, D(2028, 1, 30))
    assert updates.is_due(answers, quarterly, D(2028, 2, 29))  # 29 Feb 2028: end of month kept
    assert updates.is_due(answers, unknown, D(2027, 11, 1))  # no frequency: every check-in


# -- without questions -----------------------------------------------------------------------


def test_no_input_records_a_dated_checkin(cli: Any, framework: Framework, plan_file: Path) -> None:
    result = cli(
        "checkin",
        str(plan_file),
        "--no-input",
        "--date",
        "2027-10-01",
        "--set",
        "ready.sites[Dunmere PCN].status=live",
        "--set",
        "ready.sites[Dunmere PCN].actual=1",
        "--set",
        "implement.actions[Recruit Wave 1 physiotherapists].revised_due=30/09/2027",
        "--set",
        "sustain.sustainability.infrastructure.score=3",
        "--set",
        "ready.sites_first_year=6",
        "--reading",
        f"{WAIT}=30",
        "--note",
        "Quarter 3",
    )
    assert result.exit_code == 0, result.output
    assert "Dunmere PCN: status preparing → live; actual 0 → 1" in result.output
    answers = read_answers(plan_file, framework)
    (checkin,) = answers.checkins
    assert len(checkin.answer_changes()) == 5 and checkin.values_read == {WAIT: 30}
    assert history.get_path(answers, "ready.sites_first_year") == 6
    assert history.get_path(
        answers, "implement.actions[Recruit Wave 1 physiotherapists].revised_due"
    ) == D(2027, 9, 30)
    assert "*id" not in plan_file.read_text(encoding="utf-8")  # no YAML aliases for a person


@pytest.mark.parametrize(
    ("args", "status", "said"),
    [
        (
            ["--set", "ready.sites[Nowhere].status=live"],
            1,
            "--set: ready.sites[Nowhere].status: no adopting site named 'Nowhere'",
        ),
        (
            ["--set", "ready.sites[Dunmere PCN].status=sideways"],
            1,
            "'sideways' is not one of the choices",
        ),
        (["--set", "ready.sites[Dunmere PCN].stat=live"], 1, "did you mean 'status'?"),
        (["--set", "ready.sites[Dunmere PCN].phase=Wave 9"], 1, "no record named 'Wave 9'"),
        (["--set", "ready.nowhere=1"], 1, "no question 'nowhere'"),
        (["--reading", "Wait=3"], 1, "--reading: Wait: no measure named 'Wait'"),
        (["--reading", f"{WAIT}=lots"], 1, "'lots' is not a number"),
        (["--date", "2027-13-01"], 2, "--date: month 13"),
        (["--date", "2027-01-01"], 2, "before the latest"),
    ],
)
def test_bad_input_is_one_clear_line_and_changes_nothing(
    cli: Any, plan_file: Path, args: list[str], status: int, said: str
) -> None:
    assert cli("checkin", str(plan_file), "--no-input", "--date", "2027-06-01").exit_code == 0
    before = plan_file.read_bytes()
    dated = [] if "--date" in args else ["--date", "2027-10-01"]
    result = cli("checkin", str(plan_file), "--no-input", *dated, *args)
    assert result.exit_code == status
    assert said in result.output
    assert result.output.count("error:") == 1 and "Traceback" not in result.output
    assert plan_file.read_bytes() == before


def test_no_input_needs_a_date_and_questions_need_a_terminal(cli: Any, plan_file: Path) -> None:
    result = cli("checkin", str(plan_file), "--no-input", "--set", "ready.sites_first_year=6")
    assert result.exit_code == 2 and "--date YYYY-MM-DD is needed" in result.output
    result = cli("checkin", "--answers", str(plan_file))  # CliRunner: not a terminal
    assert result.exit_code == 2 and "--no-input" in result.output
    result = cli("checkin", str(plan_file), "--set", "ready.sites_first_year=6")
    assert result.exit_code == 2 and "go with --no-input" in result.output


def test_no_earlier_value_is_ever_lost_across_checkins(
    cli: Any, framework: Framework, plan_file: Path
) -> None:
    """Each check-in's `was` is the value the one before left: the chain from the original file
    to the current answers is unbroken, whether the check-in was asked or given as options."""
    original = read_answers(plan_file, framework)
    steps = [
        (
            "2027-10-01",
            ["ready.sites[Dunmere PCN].status=live", "ready.sites[Dunmere PCN].actual=1"],
        ),
        ("2028-01-05", ["ready.sites[Dunmere PCN].actual=2", "ready.sites_first_year=6"]),
        ("2028-04-02", ["ready.sites[Dunmere PCN].status=paused", "ready.sites_first_year=5"]),
    ]
    for on, sets in steps:
        args = [a for s in sets for a in ("--set", s)]
        assert cli("checkin", str(plan_file), "--no-input", "--date", on, *args).exit_code == 0
    prompter = EnterPrompter(
        [
            ("Dunmere PCN: any change?", True),
            ("Dunmere PCN: status", "live"),
            ("Dunmere PCN: how many posts so far", "3"),
        ]
    )
    options = CheckinOptions(plan_file, date="2028-07-01")
    assert run_checkin(terminal_env(), options, lambda: prompter) is ExitStatus.OK

    answers = read_answers(plan_file, framework)
    assert len(answers.checkins) == 4
    last: dict[str, Any] = {}
    for checkin in answers.checkins:
        for change in checkin.answer_changes():
            before = last.get(change.path, history.get_path(original, change.path))
            assert change.was == before, change.path
            last[change.path] = change.now
    for path, value in last.items():
        assert history.get_path(answers, path) == value
    dunmere = [
        history.get_path(s, "ready.sites[Dunmere PCN].actual") for _, s in history.states(answers)
    ]
    assert dunmere == [0, 1, 2, 2, 3]
    assert history.states(answers)[0][1].values == original.values


def test_set_takes_everything_after_the_key_and_a_site_set_live_with_none_is_warned(
    cli: Any, framework: Framework, plan_file: Path
) -> None:
    """The issue's reproduction: a value with ] in it was refused ("expected KEY=VALUE")."""
    result = cli(
        "checkin",
        str(plan_file),
        "--no-input",
        "--date",
        "2027-10-01",
        "--set",
        "ready.sites[Dunmere PCN].contact=GM lead [acting] = interim",
        "--set",
        "ready.sites[Dunmere PCN].status=live",
    )
    assert result.exit_code == 0, result.stderr
    answers = read_answers(plan_file, framework)
    site = "ready.sites[Dunmere PCN]"
    assert history.get_path(answers, f"{site}.contact") == "GM lead [acting] = interim"
    assert history.get_path(answers, f"{site}.actual") == 0
    assert (
        "warning: Dunmere PCN is live with 0 so far: record its count with --set "
        "'ready.sites[Dunmere PCN].actual=N'" in " ".join(result.stderr.split())
    )


class _NotedPrompts(QuestionaryPrompter):
    """The real prompts on a pipe, noting each question as it is asked."""

    def __init__(self, pipe: Any) -> None:
        super().__init__(input=pipe, output=DummyOutput())
        self.asked: list[str] = []

    def text(self, message: str, **options: Any) -> str:
        self.asked.append(message)
        return super().text(message, **options)

    def select(self, message: str, choices: Any, **options: Any) -> str:
        self.asked.append(message)
        return super().select(message, choices, **options)

    def confirm(self, message: str, **options: Any) -> bool:
        self.asked.append(message)
        return super().confirm(message, **options)


RISKS = """\
spreadkit: 0.1.0
framework:
  id: hee-spread-adoption
  version: 2019.11-1
plan:
  title: A small programme
answers:
  implement:
    risks:
    - risk: Too few applicants
      likelihood: 4
      impact: 4
      review: 2027-09-01
      status: open
    - risk: Rooms are short
      likelihood: 2
      impact: 3
      review: 2027-12-01
      status: open
"""


@pytest.mark.parametrize(
    ("keys", "review"),
    [
        ("\r" * 8, D(2027, 9, 1)),  # Enter at every question: no review is recorded
        ("\ry\r" + "\r" * 8, D(2028, 1, 1)),  # "y": reviewed, and Enter takes a quarter on
    ],
)
def test_enter_through_the_risks_does_not_record_a_late_review(
    framework: Framework, tmp_path: Path, keys: str, review: dt.date
) -> None:
    """A person pressing only Enter, through the real prompts, has not said that a risk whose
    review date has passed was reviewed: its review date stays as it was, so it is still past
    review. They are asked plainly, and "y" records the review with the next date."""
    path = tmp_path / "small.answers.yml"
    path.write_text(RISKS, encoding="utf-8")
    answers = read_answers(path, framework)
    with create_pipe_input() as pipe:
        prompter = _NotedPrompts(pipe)
        pipe.send_text(keys)
        session = CheckinSession(framework, answers, prompter, terminal_env(), lambda _: None, Q3)
        after = session.run()
    (checkin,) = after.checkins
    assert history.get_path(after, "implement.risks[Too few applicants].review") == review
    changed = {c.path for c in checkin.answer_changes()}
    assert changed <= {"implement.risks[Too few applicants].review"}
    asked = prompter.asked
    assert asked[:2] == [
        "Too few applicants: any change?",
        "Too few applicants: reviewed at this check-in? (its review date has passed)",
    ]
    asked_date = any(a.startswith("Too few applicants: next review date") for a in asked)
    assert asked_date is (review != D(2027, 9, 1))
    assert "Rooms are short: any change?" in asked  # not yet due: nothing more
    assert not any(a.startswith("Rooms are short: reviewed") for a in asked)
