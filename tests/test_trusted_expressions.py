"""The built-in content's expressions run plainly; a pack's stay in the bounded sandbox."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    in_scope, evaluate = conditions.Scope.evaluate, conditions.evaluate
    sandboxed: list[str] = []

    def bounded(self: conditions.Scope, *args: Any, **kwargs: Any) -> Any:
        kwargs["trusted"] = False
        return in_scope(self, *args, **kwargs)

    def counted(expression: str, *args: Any, **kwargs: Any) -> Any:
        sandboxed.append(expression)
        assert not kwargs.get("trusted")
        return evaluate(expression, *args, **kwargs)

    monkeypatch.setattr(conditions.Scope, "evaluate", bounded)
    monkeypatch.setattr(conditions, "evaluate", counted)
    assert scoring.run_checks(framework, answers) == plain
    assert len(sandboxed) > 20  # every check's expressions ran in the sandbox this time
    assert any(c.flagged for c in plain) and any(not c.flagged for c in plain)


SCOPE_EXPRESSIONS = [
    "answers.analyse.n * 2",
    "result",  # where an expression leaves its value: never the one before's
    "concerned",  # only given to the expression that asks for it
    "answers.analyse.missing.deeper",
    "answers.analyse.items",  # a dict's method, as Jinja finds it
    "answers.analyse['items']",
    "answers.analyse.get('n')",
    "(answers.analyse.rows | selectattr('owner') | map(attribute='owner') | list)",
    "answers.analyse.rows | rejectattr('missing') | list | length",
    "range(3) | list",
    "plan.title ~ '!'",
]


def test_a_scope_gives_what_evaluate_gives_expression_by_expression() -> None:
    names = {
        "answers": {
            "analyse": {
                "n": 4,
                "items": "a key named like a method",
                "rows": [{"owner": "Ann"}, {"owner": ""}, {"task": "x"}],
            }
        },
        "plan": {"title": "Plan"},
    }
    scope = conditions.Scope(names)
    for round_ in range(2):  # the same context, used again and again
        for expression in SCOPE_EXPRESSIONS:
            alone = conditions.evaluate(expression, names, trusted=True)
            shared = scope.evaluate(expression, trusted=True)
            assert repr(shared) == repr(alone), (round_, expression)
            given = {"concerned": ("Ann",)}
            with_extra = scope.evaluate(expression, trusted=True, extra=given)
            assert repr(with_extra) == repr(
                conditions.evaluate(expression, {**names, **given}, trusted=True)
            )
    assert scope.evaluate("concerned", trusted=True) is None  # the extra name is gone again


def test_a_scope_keeps_a_packs_expression_in_the_sandbox() -> None:
    scope = conditions.Scope({"answers": {}, "plan": {}})
    assert scope.evaluate(HUGE, trusted=True) == MAX_SIZE + 1
    with pytest.raises(SpreadkitError, match="characters") as raised:
        scope.evaluate(HUGE, "pack.yml:3", "condition")
    assert "pack.yml:3" in str(raised.value) and "the condition" in str(raised.value)
    with pytest.raises(SpreadkitError, match=r"could not be worked out: .*unsafe"):
        scope.evaluate("answers.__class__.__subclasses__()", "pack.yml:4")


def test_a_failing_expression_is_said_the_same_way_in_a_scope() -> None:
    expression = "answers.a.b + 'text'"
    names = {"answers": {"a": {"b": 1}}}
    with pytest.raises(SpreadkitError) as alone:
        conditions.evaluate(expression, names, "x.yml:1", trusted=True)
    with pytest.raises(SpreadkitError) as shared:
        conditions.Scope(names).evaluate(expression, "x.yml:1", trusted=True)
    assert str(shared.value) == str(alone.value)
    assert "could not be worked out" in str(alone.value)


def test_the_plain_environment_reads_values_as_jinja_does() -> None:
    from jinja2 import ChainableUndefined, Environment

    stock = Environment(undefined=ChainableUndefined)
    plain = conditions._environment(True)
    assert type(plain) is not Environment and isinstance(plain, Environment)

    class Row:
        owner = "Ann"

    @dataclass(frozen=True)
    class Item:  # like a score's item: no ``[]``, so Jinja's ``getitem`` falls back to attributes
        owner: str = "Cy"
        score: int | None = None

    record = {"owner": "Bo", "items": "its own", "n": 0}
    things = (record, {}, [1, 2], Row(), Row, Item(), Item, list, "text", None, 3, {1: "one"})
    for obj in (*things, stock.undefined(name="gone"), plain.undefined(obj=Row(), name="gone")):
        for name in ("owner", "items", "keys", "get", "missing", "__class__", "n", "score", 1, 0):
            if isinstance(name, str):
                assert repr(plain.getattr(obj, name)) == repr(stock.getattr(obj, name))
            assert repr(plain.getitem(obj, name)) == repr(stock.getitem(obj, name))


def test_the_plain_environment_runs_tests_as_jinja_does() -> None:
    """A test without Jinja's ``pass_*`` marks is called directly; the answer, or the error, is
    stock Jinja's."""
    from jinja2 import ChainableUndefined, Environment

    stock = Environment(undefined=ChainableUndefined)
    plain = conditions._environment(True)
    calls = [
        ("equalto", "issue", ("issue",)),
        ("equalto", 2, ("2",)),
        ("ge", 8, (8,)),
        ("le", None, (2,)),
        ("in", "pilot", (["pilot", "test"],)),
        ("in", "x", ()),
        ("defined", stock.undefined(name="gone"), ()),
        ("filter", "list", ()),  # marked pass_environment: Jinja's own way
        ("no_such_test", 1, ()),
        ("divisibleby", 9, (3,)),
    ]
    for name, value, args in calls:
        for kwargs in (None, {}):
            got = _outcome(plain.call_test, name, value, args, kwargs)
            assert got == _outcome(stock.call_test, name, value, args, kwargs), name


def _outcome(call: Any, *args: Any) -> str:
    try:
        return repr(call(*args))
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


def test_an_expression_is_compiled_once_in_the_environment_it_runs_in(tmp_path: Path) -> None:
    from spreadkit.framework import content

    conditions._compile.cache_clear()
    framework = content._load(content.BUILTIN_CONTENT)  # read afresh: every expression checked
    compiled = conditions._compile.cache_info().misses
    assert compiled > 20
    scoring.run_checks(framework, read_answers(NORTHFIELD, framework))
    assert conditions._compile.cache_info().misses == compiled  # the checks ran that code

    own = "answers.implement.budget and 1 > 0"
    packs.load(_pack_with_check(tmp_path, own))
    compiled = conditions._compile.cache_info().misses
    conditions._compile(own, False)  # the pack's: checked in the sandbox, where it runs
    assert conditions._compile.cache_info().misses == compiled
    conditions._compile(own, True)  # and never compiled plainly
    assert conditions._compile.cache_info().misses == compiled + 1
