"""The board plan's places (``board_places``): worked out once per framework, never answering
for another framework, bounded; and a plan's reading never leaks into the next plan's."""

from __future__ import annotations

import gc
from dataclasses import replace

from spreadkit.answers.loading import read_answers
from spreadkit.framework import roles, values
from spreadkit.framework.kept import KEPT
from spreadkit.framework.model import Framework
from spreadkit.plan.views import board, board_places
from spreadkit.plan.views.board_parts import Reader

from .conftest import EXAMPLE_ANSWERS, EXAMPLES, NORTHFIELD


def _moved_aim(framework: Framework) -> Framework:
    """The framework with the aim's question given another id and title (a pack could)."""
    step_id, aim_id = roles.ids(framework, "aim")
    step = framework.section(step_id)
    assert step is not None
    aim = step.question(aim_id)
    assert aim is not None
    moved = replace(aim, id="aim_moved", label="Our ambition")
    renamed = replace(step, questions=tuple(moved if q is aim else q for q in step.questions))
    return replace(framework, steps=tuple(renamed if s is step else s for s in framework.steps))


def test_places_are_kept_for_one_framework_and_never_answer_for_another(
    framework: Framework,
) -> None:
    kept = board_places.places(framework)
    assert board_places.places(framework) is kept  # worked out once
    step_id, aim_id = roles.ids(framework, "aim")
    assert kept.roles["aim"].path == f"{step_id}.{aim_id}"
    other = _moved_aim(framework)
    for _ in range(2):  # asked of each in turn
        moved = board_places.places(other).roles["aim"]
        assert (moved.question_id, moved.path, moved.title) == (
            "aim_moved",
            f"{step_id}.aim_moved",
            "Our ambition",
        )
        assert board_places.places(framework).roles["aim"].question_id == aim_id
    again = replace(framework)  # equal to the first, another object: worked out afresh
    assert again == framework and board_places.places(again) is not kept
    assert board_places.places(again).roles["aim"].path == kept.roles["aim"].path

    # A plan read with the other framework finds its aim where that framework keeps it.
    answers = read_answers(NORTHFIELD, framework)
    aim = answers.get(step_id, aim_id)
    moved_answers = answers.with_value(step_id, "aim_moved", aim)
    read = Reader(other, moved_answers, None)
    assert read.text("aim") == aim and read.title("aim") == "Our ambition"
    assert Reader(framework, answers, None).title("aim") != "Our ambition"


def test_places_are_bounded_and_let_go_with_their_framework(framework: Framework) -> None:
    many = [replace(framework) for _ in range(KEPT + 3)]
    for one in many:
        board_places.places(one)
    kept = board_places.places
    assert len(kept) <= KEPT
    assert all(id(one) in kept for one in many[-KEPT:])  # the newest are kept
    ids = [id(one) for one in many]
    del many, one
    gc.collect()
    assert not any(key in kept for key in ids)  # gone with their frameworks


def test_a_columns_display_is_values_display(framework: Framework) -> None:
    """``board_places.shower`` looks a field's type up once; what it says is what
    ``values.display`` says, for every field of every group and every answer in the examples."""
    checked = 0
    for path in sorted(EXAMPLES.glob("*.answers.yml")):
        answers = read_answers(path, framework)
        for section in framework.sections:
            for question in section.questions:
                value = answers.get(section.id, question.id)
                if not values.is_blank(value):
                    assert board_places.shower(question)(value) == values.display(question, value)
                    checked += 1
                if not isinstance(value, list):
                    continue
                for record in value:
                    for field in question.fields:
                        cell = record.get(field.id) if isinstance(record, dict) else None
                        if not values.is_blank(cell):
                            assert board_places.shower(field)(cell) == values.display(field, cell)
                            checked += 1
    assert checked > 500


def test_two_plans_in_one_process_share_nothing_a_plan_read(framework: Framework) -> None:
    """What a board plan reads once (answers, records, the register, the marks) is kept by its
    reader alone: a plan made after another is the plan made on its own."""
    first = read_answers(NORTHFIELD, framework)
    second = read_answers(EXAMPLE_ANSWERS, framework)
    alone = board.build(framework, second)
    board.build(framework, first)
    after = board.build(framework, second)
    assert after == alone
    assert board.build(framework, first) == board.build(framework, first)
    assert after.undecided == alone.undecided and after.title != board.build(framework, first).title
