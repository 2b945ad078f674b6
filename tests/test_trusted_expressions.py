"""The built-in content's expressions run plainly; a pack's stay in the bounded sandbox."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from spreadkit.answers.loading import read_answers
from spreadkit.core.errors import SpreadkitError
from spreadkit.framework import conditions, packs
from spreadkit.framework.content import load_framework
from spreadkit.framework.limits import MAX_SIZE
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import scoring

from .conftest import EXAMPLES, NORTHFIELD

PACK = EXAMPLES / "sw-network-pack"
HUGE = f"('x' * {MAX_SIZE + 1}) | length"


def _pack_with_check(tmp_path: Path, when: str) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    funding = pack / "step-04-funding.yml"
    data = yaml.safe_load(funding.read_text(encoding="utf-8"))
    data["checks"] = [
        {
            "id": "pack_bomb",
            "title": "A pack's check",
            "why": "Why.",
            "action": "Act.",
            "when": when,
        }
    ]
    funding.write_text(yaml.safe_dump(data), encoding="utf-8")
    return pack


def _expressions(framework: Framework) -> list[object]:
    """Every question, group field and check of ``framework`` that carries an expression."""
    found: list[object] = []
    for section in framework.sections:
        for question in section.questions:
            found += [question] if question.when else []
            found += [f for f in getattr(question, "fields", ()) or () if f.when]
    for step in framework.steps:
        found += [c for c in step.checks if c.when or c.concerned or c.needs]
    return found


def test_every_built_in_expression_is_marked_built_in() -> None:
    found = _expressions(load_framework())
    assert len(found) > 20
    assert all(item.where.builtin for item in found)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("when", "why"), [("7 ** (7 ** 9) > 0", "bits"), (f"{HUGE} > 0", "characters")]
)
def test_a_packs_check_is_still_bounded(tmp_path: Path, when: str, why: str) -> None:
    framework = packs.load(_pack_with_check(tmp_path, when))
    check = next(c for s in framework.steps for c in s.checks if c.id == "pack_bomb")
    assert not check.where.builtin and check.where.file.endswith("step-04-funding.yml")
    built_in = [c for s in framework.steps for c in s.checks if c.id != "pack_bomb"]
    assert built_in and all(c.where.builtin for c in built_in)
    answers = read_answers(NORTHFIELD, framework)
    with pytest.raises(SpreadkitError) as raised:
        scoring.run_checks(framework, answers)
    message = str(raised.value)
    assert "step-04-funding.yml:" in message and why in message


def test_a_built_in_expression_runs_plainly_and_a_packs_in_the_sandbox() -> None:
    assert conditions.evaluate(HUGE, {}, trusted=True) == MAX_SIZE + 1
    with pytest.raises(SpreadkitError, match="characters"):
        conditions.evaluate(HUGE, {})
    assert conditions._environment().sandboxed and not conditions._environment(True).sandboxed


@pytest.mark.parametrize("example", ["northfield-fcp", "northfield-fcp-checkins", "south-west-app"])
def test_plain_and_sandboxed_checks_agree(monkeypatch: pytest.MonkeyPatch, example: str) -> None:
    framework = load_framework()
    answers = read_answers(EXAMPLES / f"{example}.answers.yml", framework)
    plain = scoring.run_checks(framework, answers)
    evaluate = conditions.evaluate

    def sandboxed(*args: object, **kwargs: object) -> object:
        kwargs["trusted"] = False
        return evaluate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(conditions, "evaluate", sandboxed)
    assert scoring.run_checks(framework, answers) == plain
    assert any(c.flagged for c in plain) and any(not c.flagged for c in plain)
