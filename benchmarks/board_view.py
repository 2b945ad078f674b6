"""CPU time of the board plan's view model, without the facts (issue 30).

    python benchmarks/board_view.py [PLAN ...] [--plans 300] [--rounds 5] [--before DIR]

Times ``board.build`` in one process with each plan's facts worked out beforehand
(``Facts.gather``, the figures' own time), over PLANs (default: ``--plans`` generated plans,
``make_plans.py`` seed 21, none broken): each round reads the plans, then times three passes
(``time.process_time``), each after the facts are gathered again. Two measures:

- **view**: ``board.build`` without ``Facts.gather``;
- **view without pictures**: also without the pictures it asks for (``charts.charts_for``,
  ``trend_charts.view``, worked out beforehand): the sections, tables and sentences alone.

``--before DIR``: also time the package in ``DIR/src`` (for example ``git archive main | tar -x
-C DIR``), each round a process of each in turn, for a before/after table of medians (the
machine's speed moves: interleaving keeps the two comparable).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASSES = 3


def _passes(plans: list[str], without_pictures: bool) -> list[float]:
    """Per-plan ms of each pass, in this process."""
    from spreadkit.answers.loading import read_answers
    from spreadkit.framework.content import load_framework
    from spreadkit.plan.figures.facts import BOARD, Facts
    from spreadkit.plan.pictures import charts, trend_charts
    from spreadkit.plan.views import board, board_sections

    framework = load_framework()
    answers = [read_answers(p, framework) for p in plans]
    gather, charts_for, trends_view = Facts.__dict__["gather"], charts.charts_for, trend_charts.view
    out = []
    try:
        for _ in range(PASSES):
            gathered = [Facts.gather(framework, a, None, BOARD) for a in answers]
            facts = iter(gathered)
            Facts.gather = classmethod(lambda cls, *a, f=facts, **k: next(f))  # type: ignore[assignment]
            if without_pictures:
                pairs = list(zip(answers, gathered, strict=True))
                shown = iter(
                    [
                        charts_for(framework, a, f.scores, board_sections.SHOWN_CHARTS)
                        for a, f in pairs
                    ]
                )
                trends = iter([trends_view(a, f.trends) for a, f in pairs])
                charts.charts_for = lambda *a, s=shown, **k: next(s)  # type: ignore[assignment]
                trend_charts.view = lambda *a, t=trends, **k: next(t)  # type: ignore[assignment]
            gc.collect()
            started = time.process_time()
            for one in answers:
                board.build(framework, one)
            out.append((time.process_time() - started) * 1000 / len(answers))
            Facts.gather = gather  # type: ignore[method-assign]
            charts.charts_for, trend_charts.view = charts_for, trends_view
    finally:
        Facts.gather = gather  # type: ignore[method-assign]
        charts.charts_for, trend_charts.view = charts_for, trends_view
    return out


def _child(src: str | None, plans: list[str]) -> dict[str, list[float]]:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    done = subprocess.run(
        [sys.executable, __file__, "--child", *plans],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result: dict[str, list[float]] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plans", nargs="*", help="answers files (default: generated plans)")
    parser.add_argument("--plans", type=int, default=300, dest="count")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", type=Path, help="a source tree of earlier code to compare")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps({"view": _passes(args.plans, False), "bare": _passes(args.plans, True)}))
        return
    with tempfile.TemporaryDirectory() as folder:
        plans = args.plans
        if not plans:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from make_plans import write_plans

            plans = [str(p) for p in write_plans(Path(folder), args.count, 21, 0)]
        sides = [("after", None)]
        if args.before:
            sides.insert(0, ("before", str(args.before.resolve() / "src")))
        samples: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.rounds):
            for name, src in sides:
                for measure, times in _child(src, plans).items():
                    samples.setdefault((name, measure), []).extend(times)
    print(f"CPU ms a plan, {len(plans)} plans, medians of {args.rounds} rounds x {PASSES} passes")
    print("| | " + " | ".join(name for name, _ in sides) + " |")
    print("|---" * (len(sides) + 1) + "|")
    for measure, label in (("view", "view"), ("bare", "view without pictures")):
        cells = [f"{statistics.median(samples[(name, measure)]):.2f}" for name, _ in sides]
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
