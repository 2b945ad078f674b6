"""Check-ins and their history: the file format, recording, rebuilding earlier states, and the
promise that no earlier value is ever lost."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from spreadkit.answers import history
from spreadkit.answers.loading import read_answers
from spreadkit.answers.lookup import as_of_date
from spreadkit.answers.store import Answers, write_answers
from spreadkit.core.errors import SpreadkitError
from spreadkit.framework.model import Framework

from .conftest import NORTHFIELD, NORTHFIELD_CHECKINS

D = dt.date


def _three_quarters(answers: Answers) -> Answers:
    answers = history.record(
        answers,
        D(2027, 10, 1),
        {
            "ready.sites[Dunmere PCN].status": "live",
            "ready.sites[Dunmere PCN].actual": 1,
            "implement.actions[Agree shared rooms in Dunmere PCN].status": "done",
        },
        readings={"Wait for a first physiotherapy appointment": 30},
        note="Quarter 3",
    )
    answers = history.record(
        answers,
        D(2028, 1, 5),
        {
            "ready.sites[Dunmere PCN].actual": 2,
            "sustain.sustainability.infrastructure.score": 3,
        },
        readings={"Wait for a first physiotherapy appointment": 21},
    )
    return history.record(answers, D(2028, 4, 2), {}, note="Reviewed: nothing changed")


def test_paths_read_plain_answers_records_fields_and_ratings(framework: Framework) -> None:
    answers = read_answers(NORTHFIELD, framework)
    assert history.get_path(answers, "ready.sites[Dunmere PCN].status") == "preparing"
    assert history.get_path(answers, "ready.sites[#1].name") == "Aldbrook PCN"
    assert history.get_path(answers, "sustain.sustainability.infrastructure.score") == 2
    assert history.get_path(answers, "analyse.aim_target.value") == 16
    assert history.get_path(answers, "plan.title").startswith("First-contact")
    assert history.get_path(answers, "ready.sites[Nowhere].status") is None


def test_a_record_path_uses_the_name_unless_it_is_shared() -> None:
    records = [{"task": "A"}, {"task": "B"}, {"task": "B"}]
    assert history.record_path("implement", "actions", records, 0) == "implement.actions[A]"
    assert history.record_path("implement", "actions", records, 2) == "implement.actions[#3]"


def test_recording_applies_changes_and_keeps_what_they_replaced(framework: Framework) -> None:
    before = read_answers(NORTHFIELD, framework)
    after = _three_quarters(before)
    assert history.get_path(after, "ready.sites[Dunmere PCN].actual") == 2
    assert [c.date for c in after.checkins] == [D(2027, 10, 1), D(2028, 1, 5), D(2028, 4, 2)]
    first = after.checkins[0]
    changed = {c.path: (c.was, c.now) for c in first.changes}
    assert changed["ready.sites[Dunmere PCN].status"] == ("preparing", "live")
    assert after.checkins[2].answer_changes() == () and after.checkins[2].note
    assert after.details["updated"] == D(2028, 4, 2)
    assert as_of_date(after) == D(2028, 4, 2)


def test_unchanged_values_are_not_recorded_as_changes(framework: Framework) -> None:
    answers = read_answers(NORTHFIELD, framework)
    after = history.record(answers, D(2027, 9, 1), {"ready.sites[Aldbrook PCN].status": "live"})
    assert after.checkins[0].answer_changes() == ()


def test_a_checkin_before_the_latest_is_refused(framework: Framework) -> None:
    answers = _three_quarters(read_answers(NORTHFIELD, framework))
    with pytest.raises(SpreadkitError, match="before the latest"):
        history.record(answers, D(2027, 1, 1), {})


def test_a_new_record_is_added_and_undone(framework: Framework) -> None:
    answers = read_answers(NORTHFIELD, framework)
    action = {"task": "Open a second clinic room", "owner": "Estates", "status": "not-started"}
    after = history.record(
        answers, D(2027, 9, 1), {"implement.actions[Open a second clinic room]": action}
    )
    tasks = [a["task"] for a in after.get("implement", "actions")]
    assert tasks[-1] == "Open a second clinic room"
    (_, baseline), _ = history.states(after)
    assert len(baseline.get("implement", "actions")) == len(tasks) - 1


def test_states_rebuild_the_plan_as_it_stood_after_each_checkin(framework: Framework) -> None:
    answers = _three_quarters(read_answers(NORTHFIELD, framework))
    states = history.states(answers)
    assert [on for on, _ in states] == [None, D(2027, 10, 1), D(2028, 1, 5), D(2028, 4, 2)]
    actual = [history.get_path(s, "ready.sites[Dunmere PCN].actual") for _, s in states]
    assert actual == [0, 1, 2, 2]
    score = [history.get_path(s, "sustain.sustainability.infrastructure.score") for _, s in states]
    assert score == [2, 2, 3, 3]
    assert history.readings(answers, "Wait for a first physiotherapy appointment") == [
        (D(2027, 10, 1), 30),
        (D(2028, 1, 5), 21),
    ]


def test_the_history_survives_the_file_and_no_earlier_value_is_lost(
    framework: Framework, plan_file: Path
) -> None:
    original = read_answers(plan_file, framework)
    answers = original
    for on, actual in ((D(2027, 10, 1), 1), (D(2028, 1, 5), 2), (D(2028, 4, 2), 3)):
        answers = history.record(answers, on, {"ready.sites[Dunmere PCN].actual": actual})
        write_answers(plan_file, answers, framework)
        answers = read_answers(plan_file, framework)
    text = plan_file.read_text(encoding="utf-8")
    assert "ready.sites[Dunmere PCN].actual:" in text
    # Every value the answer ever had is still in the file, and the first state is the original.
    values = [
        history.get_path(s, "ready.sites[Dunmere PCN].actual") for _, s in history.states(answers)
    ]
    assert values == [0, 1, 2, 3]
    assert history.states(answers)[0][1].values == original.values
    # The comments a person wrote at the top are kept.
    assert "A FICTIONAL example" in text


def test_a_broken_history_is_reported_with_its_line(framework: Framework, tmp_path: Path) -> None:
    target = tmp_path / "plan.answers.yml"
    target.write_text(
        NORTHFIELD.read_text(encoding="utf-8")
        + "checkins:\n- date: 2027-10-01\n  changes:\n    not a path: {was: 1, now: 2}\n"
        + "- date: 2027-01-01\n  readings:\n    Wait: lots\n",
        encoding="utf-8",
    )
    with pytest.raises(SpreadkitError) as caught:
        read_answers(target, framework)
    messages = [str(p) for p in caught.value.problems]
    assert any("not an answer path" in m for m in messages)
    assert any("oldest first" in m for m in messages)
    assert any("expected a number" in m for m in messages)
    assert all(p.line for p in caught.value.problems)


def test_the_headline_says_what_a_checkin_did(framework: Framework) -> None:
    answers = _three_quarters(read_answers(NORTHFIELD, framework))
    lines = [c.headline() for c in answers.checkins]
    assert "Quarter 3" in lines[0] and "3 changes" in lines[0] and "1 reading" in lines[0]
    assert "nothing changed" not in lines[0]
    assert lines[2].endswith("nothing changed") or "Reviewed" in lines[2]


# -- issue 23, item 4: a renamed record keeps its history ---------------------------------------

RECRUIT = "Recruit Wave 1 physiotherapists"


def _action(answers: Answers, name: str) -> dict[str, object] | None:
    return next((a for a in answers.get("implement", "actions") if a["task"] == name), None)


def test_a_renamed_record_keeps_its_history(cli, tmp_path: Path, framework: Framework) -> None:
    plan = tmp_path / "northfield.answers.yml"
    shutil.copy(NORTHFIELD_CHECKINS, plan)
    first = history.states(read_answers(plan, framework))[0][1]
    assert _action(first, RECRUIT)["status"] == "at-risk"  # before the first check-in
    result = cli(
        "checkin", str(plan), "--no-input", "--date", "2028-05-01",
        "--set", f"implement.actions[{RECRUIT}].task=Recruit W1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    answers = read_answers(plan, framework)
    states = history.states(answers)
    assert _action(states[-1][1], "Recruit W1")["status"] == "done"
    assert _action(states[-1][1], RECRUIT) is None
    # the plan as it stood before the first check-in: the action under its old name, at risk
    assert _action(states[0][1], RECRUIT)["status"] == "at-risk"
    assert _action(states[0][1], "Recruit W1") is None
    assert [
        history.get_path(s, f"implement.actions[{RECRUIT}].status") for _, s in states[:-1]
    ] == [
        "at-risk",
        "done",
        "done",
        "done",
    ]
    # a later change under the new name, then undoing the last check-in, still agree
    more = cli(
        "checkin", str(plan), "--no-input", "--date", "2028-06-01",
        "--set", "implement.actions[Recruit W1].status=blocked",
    )  # fmt: skip
    assert more.exit_code == 0, more.output
    again = history.states(read_answers(plan, framework))
    assert [_action(s, RECRUIT) is not None for _, s in again] == [True] * 4 + [False] * 2
    assert _action(again[-1][1], "Recruit W1")["status"] == "blocked"
    assert _action(again[0][1], RECRUIT)["status"] == "at-risk"


def test_a_rename_and_a_change_in_one_checkin_and_references_follow(
    cli, tmp_path: Path, framework: Framework
) -> None:
    plan = tmp_path / "northfield.answers.yml"
    shutil.copy(NORTHFIELD_CHECKINS, plan)
    before = read_answers(plan, framework)
    in_wave_1 = [
        a["task"] for a in before.get("implement", "actions") if a.get("phase") == "Wave 1"
    ]
    assert in_wave_1
    result = cli(
        "checkin", str(plan), "--no-input", "--date", "2028-05-01",
        "--set", f"implement.actions[{RECRUIT}].task=Recruit W1",
        "--set", f"implement.actions[{RECRUIT}].status=blocked",
        "--set", "ready.phases[Wave 1].name=First wave",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    after = read_answers(plan, framework)  # reads: no action names a phase that is gone
    assert _action(after, "Recruit W1")["status"] == "blocked"
    phases = {a["task"]: a.get("phase") for a in after.get("implement", "actions")}
    assert {phases[t if t != RECRUIT else "Recruit W1"] for t in in_wave_1} == {"First wave"}
    first = history.states(after)[0][1]
    assert _action(first, RECRUIT)["status"] == "at-risk"
    assert {
        a.get("phase") for a in first.get("implement", "actions") if a["task"] in in_wave_1
    } == {"Wave 1"}
    assert history.states(after)[-2][1].get("ready", "phases")[1]["name"] == "Wave 1"


def test_a_rename_to_a_name_in_use_or_unusable_is_refused(cli, tmp_path: Path) -> None:
    plan = tmp_path / "northfield.answers.yml"
    shutil.copy(NORTHFIELD_CHECKINS, plan)
    before = plan.read_bytes()
    for name, words in (
        ("Agree shared rooms in Dunmere PCN", "already an action named"),
        ("#2", "cannot name an action"),
        ("a]b", "cannot name an action"),
    ):
        result = cli(
            "checkin", str(plan), "--no-input", "--date", "2028-05-01",
            "--set", f"implement.actions[{RECRUIT}].task={name}",
        )  # fmt: skip
        assert result.exit_code == 1, result.output
        assert words in result.output
        assert plan.read_bytes() == before
