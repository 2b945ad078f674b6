"""Where the CPU time of a cold batch render of the board plan goes, per plan (issue 30).

    python benchmarks/phases.py PLAN.answers.yml ... --out-dir OUT [--format md|html]

Runs ``spreadkit render PLANS --out-dir OUT --document board --jobs 1`` in this process (give
it a user cache without the plans' entries, ``SPREADKIT_CACHE``, for a cold run), timing each
phase with ``time.process_time`` around the function that does it. A phase's time excludes the
phases inside it (the view model's excludes the checks), so the phases add up to the whole;
"the rest" is everything not inside a timed phase (start-up, the CLI, loading the content, the
batch's own loop). ``cold_cpu.py --phases`` runs it on the
generated plans.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

PHASES = (  # (module, function, phase), the innermost last
    ("spreadkit.answers.loading", "parse_yaml", "YAML reading"),
    ("spreadkit.answers.loading", "parse_answers", "validation"),
    ("spreadkit.plan.figures.scoring", "run_checks", "plan checks (expressions)"),
    ("spreadkit.plan.views.board", "build", "view model (board.build, without checks)"),
    ("spreadkit.app.batch", "render_plan", "Jinja, CSP, stamp"),
    ("spreadkit.files.planfile", "write_plan", "writing"),
    ("spreadkit.app.batch", "_inputs", "plan-cache bookkeeping"),
    ("spreadkit.app.plancache", "Book.add", "plan-cache bookkeeping"),
    ("spreadkit.app.plancache", "Book.close", "plan-cache bookkeeping"),
)


def _instrument(spent: dict[str, float]) -> None:
    import importlib

    stack: list[list[float]] = []  # [started, inner time] of each phase running

    def timed(phase: str, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            stack.append([time.process_time(), 0.0])
            try:
                return function(*args, **kwargs)
            finally:
                started, inner = stack.pop()
                whole = time.process_time() - started
                spent[phase] += whole - inner
                if stack:
                    stack[-1][1] += whole

        return wrapper

    for module_name, name, phase in PHASES:
        owner = importlib.import_module(module_name)
        *outer, name = name.split(".")  # "Class.method" times a method
        for part in outer:
            owner = getattr(owner, part)
        setattr(owner, name, timed(phase, getattr(owner, name)))


def main() -> None:
    started = time.process_time()
    spent: dict[str, float] = defaultdict(float)
    _instrument(spent)
    from spreadkit.cli import main as cli_main

    plans = [a for a in sys.argv[1:] if a.endswith((".yml", ".yaml", ".json"))]
    sys.argv = ["spreadkit", "render", *sys.argv[1:], "--document", "board", "--jobs", "1"]
    try:
        cli_main()
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
    total = time.process_time() - started
    per_plan = 1000 / len(plans)
    print("| phase | ms per plan |")
    print("|---|---|")
    for phase in dict.fromkeys(p for _, _, p in PHASES):
        print(f"| {phase} | {spent[phase] * per_plan:.1f} |")
    print(
        f"| the rest (start-up, CLI, content, batch) | {(total - sum(spent.values())) * per_plan:.1f} |"
    )
    print(f"| **total** | **{total * per_plan:.1f}** |")


def phases(plans: list[Path], out: Path, cache: Path, plan_format: str = "md") -> None:
    """Run this script on ``plans`` in a fresh process, cold: ``cache``'s render entries gone."""
    for entry in cache.glob("render-*"):
        entry.unlink()
    env = {**os.environ, "SPREADKIT_CACHE": str(cache)}
    command = [sys.executable, __file__, *map(str, plans), "--out-dir", str(out)]
    subprocess.run([*command, "--format", plan_format], env=env, check=True)


if __name__ == "__main__":
    main()
