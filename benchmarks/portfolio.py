"""Benchmarks of the regional view (issue 20): whole processes, medians, one process against all.

    python benchmarks/portfolio.py [--runs 5] [--plans 500] [--batch 1000] [--markdown]

1. ``spreadkit portfolio`` of ``--plans`` generated plans with check-in history
   (``make_plans.py``, seeded; about 1 in 100 broken on purpose): target 3 s.
2. ``spreadkit render --out-dir --format html`` of a batch of ``--batch`` generated plans:
   target 2 s.

Each is run with ``--jobs 1`` and with the default (every core), in the same invocation, after
one warm-up run each (bytecode, the content cache). The user cache is the benchmark's own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_plans import write_plans
from run import ENV, SPREADKIT, run_once

TARGETS_MS = {"portfolio": 3000, "render": 2000}


def _median_ms(command: list[str], cwd: Path, runs: int) -> tuple[float, float, float]:
    run_once(command, cwd)  # warm-up
    times = [run_once(command, cwd)[0] * 1000 for _ in range(runs)]
    return statistics.median(times), min(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="spreadkit-portfolio-bench-"))
    ENV["SPREADKIT_CACHE"] = str(folder / "cache")
    try:
        write_plans(folder / "plans", args.plans, seed=20)
        write_plans(folder / "batch", args.batch, seed=21, broken_percent=0)
        page, out = folder / "index.html", folder / "out"
        cases = {
            "portfolio": [SPREADKIT, "portfolio", "plans", "-o", str(page), "--force"],
            "render": [SPREADKIT, "render", "batch", "--out-dir", str(out), "-f", "html", "--force"],
        }
        sizes = {"portfolio": args.plans, "render": args.batch}
        rows = []
        for name, command in cases.items():
            one = _median_ms([*command, "--jobs", "1"], folder, args.runs)
            every = _median_ms(command, folder, args.runs)
            target = TARGETS_MS[name]
            rows.append(
                (
                    f"{name} of {sizes[name]} plans",
                    f"{one[0]:.0f} ({one[1]:.0f}–{one[2]:.0f})",
                    f"{every[0]:.0f} ({every[1]:.0f}–{every[2]:.0f})",
                    f"{one[0] / every[0]:.2f}×",
                    f"{target}",
                    "met" if every[0] <= target else "missed",
                )
            )
            print(f"  measured {name}", file=sys.stderr)
        headers = (
            "case",
            "--jobs 1: median ms (min–max)",
            f"--jobs {os.cpu_count()} (default): median ms",
            "speed-up",
            "target ms",
            "",
        )
        if args.markdown:
            print("| " + " | ".join(headers) + " |")
            print("|" + "---|" * len(headers))
            for row in rows:
                print("| " + " | ".join(row) + " |")
        else:
            for row in [headers, *rows]:
                print("  ".join(row))
        print(f"{args.runs} runs each; {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
