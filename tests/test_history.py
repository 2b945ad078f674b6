"""Check-ins and their history: the file format, recording, rebuilding earlier states, and the
promise that no earlier value is ever lost."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from spreadkit.answers import history
from spreadkit.answers.reading import read_answers
from spreadkit.answers.store import Answers, write_answers
from spreadkit.core.errors import SpreadkitError
from spreadkit.framework.model import Framework
from spreadkit.plan.figures.tracking import as_of_date

from .conftest import NORTHFIELD

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
