"""Cold CPU per plan of `render` of the board plan against its floor, side by side (issue 30).

    python benchmarks/cold_cpu.py [--plans 300] [--runs 3] [--phases]

Writes ``--plans`` generated plans (``make_plans.py``, seed 21, none broken) and, for Markdown
and HTML in turns:

- **spreadkit**: ``spreadkit render PLANS --out-dir OUT --document board --jobs 1``, cold (the
  benchmark's own user cache, its plan-cache entries removed before every run, so every plan
  is read, worked out, rendered and written);
- **floor**: ``floor.py --batch``, one process that, for each plan, reads the file,
  ``yaml.load``s it with PyYAML's C loader, renders the board template (compiled once, as
  spreadkit's batch does) from the plan's view worked out beforehand (``board.build``, saved
  as JSON and loaded before the clock starts), and writes the result.

Both are whole processes (start-up included), measured as CPU time (user + system), the
median of ``--runs``, divided by the number of plans; the floor's loading of its views is
taken off its time; the ratio is spreadkit's over the floor's. ``--phases`` also
prints where spreadkit's time goes per plan, in one process (``phases``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_plans import write_plans
from run import ENV, SPREADKIT, own_views

ROOT = Path(__file__).resolve().parents[1]


def _cpu_of(command: list[str], cwd: Path) -> float:
    """CPU seconds of the command, less the time the floor says it spent loading its views."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} … failed: {done.stderr[-2000:]}")
    views = [
        float(line.split()[1]) for line in done.stdout.splitlines() if line.startswith("views ")
    ]
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return used - sum(views)


def _views(folder: Path, plans: list[Path]) -> Path:
    """Each plan's board view as JSON, and the list of (view, answers) pairs for the floor."""
    views = own_views(folder / "views", [str(p) for p in plans])
    pairs = [[str(view), str(path)] for view, path in zip(views, plans, strict=True)]
    listing = folder / "pairs.json"
    listing.write_text(json.dumps(pairs), encoding="utf-8")
    return listing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--phases", action="store_true", help="also time spreadkit's phases")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="spreadkit-cold-"))
    cache = folder / "cache"
    ENV["SPREADKIT_CACHE"] = str(cache)
    try:
        plans = write_plans(folder / "plans", args.plans, seed=21, broken_percent=0)
        listing = _views(folder, plans)
        floor = [sys.executable, str(ROOT / "benchmarks" / "floor.py"), "--batch", str(listing)]
        rows = []
        for plan_format in ("md", "html"):
            out = folder / f"out-{plan_format}"
            render = [SPREADKIT, "render", *map(str, plans), "--out-dir", str(out)]
            render += ["--document", "board", "--format", plan_format, "--jobs", "1"]
            times: dict[str, list[float]] = {"spreadkit": [], "floor": []}
            for run in range(args.runs + 1):  # the first of each: warm-up, not counted
                for name, command in (
                    ("spreadkit", render),
                    ("floor", [*floor, plan_format, str(folder / f"floor-{plan_format}")]),
                ):
                    shutil.rmtree(out, ignore_errors=True)
                    for entry in cache.glob("render-*"):
                        entry.unlink()
                    used = _cpu_of(command, folder)
                    if run:
                        times[name].append(used * 1000 / len(plans))
            ours, base = (statistics.median(times[n]) for n in ("spreadkit", "floor"))
            rows.append((plan_format, ours, base, ours / base))
        print(f"{len(plans)} plans, --jobs 1, CPU ms a plan (median of {args.runs} runs)")
        print("| format | spreadkit | floor | ratio |")
        print("|---|---|---|---|")
        for plan_format, ours, base, ratio in rows:
            print(f"| {plan_format} | {ours:.1f} | {base:.1f} | {ratio:.2f}× |")
        if args.phases:
            from phases import phases

            print()
            phases(plans, folder / "phases", cache)
        print(f"\nPython {sys.version.split()[0]}, {os.cpu_count()} cores", file=sys.stderr)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
