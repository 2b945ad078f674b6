"""A plan's figures are worked out once, shared by its documents, and only where they are shown
(issues 24 and 30): ``plan/figures/facts.py``, and the call path ``benchmarks/callpath.py``
counts (docs/architecture.md, "Counting the call path")."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import aim_figures, health, scoring, tracking, trends
from spreadkit.plan.pictures import charts, programme_charts
from spreadkit.plan.views import board, portfolio_rows, report

from .conftest import NORTHFIELD_CHECKINS, ROOT

FIGURES = (
    (aim_figures, "progress"),
    (health, "judge"),
    (scoring, "run_checks"),
    (trends, "build"),
    (tracking, "scored_risks"),
    (tracking, "overdue_actions"),
)
ONCE = {"progress": 1, "judge": 1, "scored_risks": 1, "overdue_actions": 1}


def _count_calls(monkeypatch: pytest.MonkeyPatch, plan: Any) -> Counter[str]:
    """How many times each figure's function is called for ``plan`` itself (the trends also
    work figures out for the plan as it stood at each check-in: those are other answers)."""
    calls: Counter[str] = Counter()
    for module, name in FIGURES:
        real = getattr(module, name)

        def counted(
            framework: Framework,
            answers: Any,
            *args: Any,
            _r: Any = real,
            _n: str = name,
            **kw: Any,
        ) -> Any:
            if answers is plan:
                calls[_n] += 1
            return _r(framework, answers, *args, **kw)

        monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.parametrize("document", ["board", "report", "portfolio"])
def test_each_figure_is_worked_out_once_per_plan(
    monkeypatch: pytest.MonkeyPatch, framework: Framework, document: str
) -> None:
    plan = read_answers(NORTHFIELD_CHECKINS, framework)
    calls = _count_calls(monkeypatch, plan)
    if document == "board":
        board.build(framework, plan)
        expected = {**ONCE, "run_checks": 1, "build": 1}
    elif document == "report":
        report.build(framework, plan)
        expected = ONCE  # the report states no checks and no trend chart
    else:
        portfolio_rows.plan_line(framework, plan, "plan.yml", "plan.html")
        expected = {**ONCE, "run_checks": 1}
    assert dict(calls) == expected


def test_the_board_plan_draws_only_the_pictures_it_shows(
    monkeypatch: pytest.MonkeyPatch, framework: Framework
) -> None:
    def not_shown(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a picture the board plan does not show was drawn")

    for module, name in (
        (charts, "bars"),
        (charts, "curve"),
        (charts, "grid"),
        (charts, "timeline"),
        (programme_charts, "progress_from"),
    ):
        monkeypatch.setattr(module, name, not_shown)
    view = board.build(framework, read_answers(NORTHFIELD_CHECKINS, framework))
    shown = [p.chart.kind for b in view.blocks for p in b.parts if p.chart is not None]
    assert sorted(shown) == ["heatmap", "phases"]


def _callpath() -> Any:
    spec = importlib.util.spec_from_file_location("callpath", ROOT / "benchmarks" / "callpath.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("callpath", module)  # its dataclasses look their module up
    spec.loader.exec_module(sys.modules["callpath"])
    return sys.modules["callpath"]


def test_the_call_path_enters_each_module_from_another_layer_at_most_twice(
    tmp_path: Path,
) -> None:
    callpath = _callpath()
    for run in (callpath.board_plan(), callpath.tracker_to_report(tmp_path)):
        walked = callpath.walk(callpath.record(run))
        assert "spreadkit.plan.figures.facts" in walked.entries
        assert max(walked.from_other_layers.values()) <= 2, walked.from_other_layers


def test_the_call_path_counts_as_its_rule_says() -> None:
    """A worked example of the rule: views.a calls figures.b twice (one node), figures.b calls
    figures.c, then views.a calls figures.c itself."""
    callpath = _callpath()
    root = callpath.Node("(start)")
    a = root.call("spreadkit.plan.views.a", "build")
    b = a.call("spreadkit.plan.figures.b", "one")
    assert a.call("spreadkit.plan.figures.b", "two") is b  # the same module from here: merged
    b.call("spreadkit.plan.figures.c", "helper")
    a.call("spreadkit.plan.figures.c", "helper")
    walked = callpath.walk(root)
    # a → b → c → b → a → c → a: six moves after the start
    assert walked.stops == [
        "spreadkit.plan.views.a",
        "spreadkit.plan.figures.b",
        "spreadkit.plan.figures.c",
        "spreadkit.plan.figures.b",
        "spreadkit.plan.views.a",
        "spreadkit.plan.figures.c",
        "spreadkit.plan.views.a",
    ]
    assert walked.entries == Counter(
        {"spreadkit.plan.views.a": 1, "spreadkit.plan.figures.b": 1, "spreadkit.plan.figures.c": 2}
    )
    assert walked.from_other_layers["spreadkit.plan.figures.c"] == 1  # b → c is inside figures
    assert walked.returns_to_left == 3
