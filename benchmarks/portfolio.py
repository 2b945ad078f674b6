"""Benchmarks of the regional view (issue 20): whole processes, medians, one process against all.

    python benchmarks/portfolio.py [--runs 5] [--plans 500] [--batch 1000] [--markdown]

1. ``spreadkit portfolio`` of ``--plans`` generated plans with check-in history
   (``make_plans.py``, seeded; about 1 in 100 broken on purpose): target 3 s.
2. ``spreadkit render --out-dir --format html`` of a batch of ``--batch`` generated plans:
   target 2 s.

Each is run with ``--jobs 1`` and with the default (every core), in the same invocation, after
one warm-up run each (bytecode, the content cache).

``--against-floor`` measures instead the first (cold) runs against the floor for the same
files (``floor_batch.py``: PyYAML's C loader, and for ``render`` the board plan's template
rendered from a view worked out beforehand, then written), with ``--jobs 1`` and ``--jobs 2``,
the floor and spreadkit run in turns so that load on a shared machine falls on both alike; it
gives medians of wall and CPU time and their ratios to the floor (the target is 1.5×).

The user cache is the benchmark's own.
Three states of the incremental cache (app/plancache.py): cold (its batch and portfolio entries
removed before every run), warm (nothing changed since the last run) and warm with 1% of the
answers files changed before every run. Wall time, and CPU time (user + system) of the whole
process tree, which a machine shared with other work changes less.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_plans import write_plans
from run import ENV, SPREADKIT, own_views, run_once

TARGETS_MS = {"portfolio": 3000, "render": 2000}
Figures = tuple[float, float, float, float]  # wall median, min, max; CPU median (ms)


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)  # children waited for, and theirs
    return used.ru_utime + used.ru_stime


def _measure(command: list[str], cwd: Path, runs: int, prepare: Callable[[int], None]) -> Figures:
    prepare(0)
    run_once(command, cwd)  # warm-up
    walls, cpus = [], []
    for run in range(1, runs + 1):
        prepare(run)
        before = _cpu()
        walls.append(run_once(command, cwd)[0] * 1000)
        cpus.append((_cpu() - before) * 1000)
    return statistics.median(walls), min(walls), max(walls), statistics.median(cpus)


def _forget(cache: Path) -> None:
    for entry in [*cache.glob("render-*"), *cache.glob("portfolio-*")]:
        entry.unlink()  # per-plan entries (before issue 30) and the books of a run


def _change(folder: Path, percent: float, run: int) -> None:
    """Change ``percent`` of the answers files (a comment added: new bytes, the same plan)."""
    files = sorted(folder.rglob("*.answers.yml"))
    step = max(1, round(100 / percent))
    for path in files[run % step :: step]:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"# changed for run {run}\n")


FLOOR = str(Path(__file__).resolve().parent / "floor_batch.py")


def _in_turns(
    commands: list[list[str]],
    cwd: Path,
    runs: int,
    prepare: Callable[[], None],
    not_counted: Callable[[], tuple[float, float]] = lambda: (0.0, 0.0),
) -> list[tuple[list[float], list[float]]]:
    """Wall and CPU seconds of each command, run in turns (after a warm-up round), less what
    ``not_counted`` says a command spent on work that is not its own (wall, CPU seconds)."""
    times: list[tuple[list[float], list[float]]] = [([], []) for _ in commands]
    for run in range(runs + 1):
        for command, (walls, cpus) in zip(commands, times, strict=True):
            prepare()
            before = _cpu()
            wall = run_once(command, cwd)[0]
            cpu = _cpu() - before
            off_wall, off_cpu = not_counted()
            if run:  # the first round warms bytecode and caches
                walls.append(wall - off_wall)
                cpus.append(cpu - off_cpu)
    return times


def against_floor(
    folder: Path, plans: Path, batch: Path, runs: int, baseline: str | None
) -> list[tuple[str, ...]]:
    """Cold runs of ``render --out-dir`` and ``portfolio`` against the floor, ``--jobs`` 1 and 2;
    with ``baseline`` (another installation's ``spreadkit``), that one too, in the same turns.

    ``render`` has two floors, run in the same turns: one example's view for every file, and
    each file's own view (worked out beforehand; loading it is taken off, see floor_batch.py)."""
    from run import floor_view

    view = str(floor_view(folder, "board"))
    cache = Path(ENV["SPREADKIT_CACHE"])
    out, floor_out = folder / "out", folder / "floor-out"
    page = folder / "index.html"
    batch_files = [str(p) for p in sorted(batch.rglob("*.answers.yml"))]
    plan_files = [str(p) for p in sorted(plans.rglob("*.answers.yml"))]
    own_views(folder / "views", batch_files)
    views_folder = str(folder / "views")
    programs = {"spreadkit": SPREADKIT, **({"baseline": baseline} if baseline else {})}

    def cold() -> None:
        _forget(cache)
        for made in (out, floor_out):
            shutil.rmtree(made, ignore_errors=True)
        page.unlink(missing_ok=True)

    def loading_views() -> tuple[float, float]:
        spent = floor_out / "views-time.txt"
        if not spent.is_file():
            return 0.0, 0.0
        cpu, wall = (float(n) for n in spent.read_text().split())
        spent.unlink()
        return wall, cpu

    rows = []
    med = statistics.median
    for jobs in (1, 2):

        def render_floor(view_arg: str, jobs: int = jobs) -> list[str]:
            return [sys.executable, FLOOR, "render", view_arg, str(floor_out), str(jobs)]

        cases = {
            f"render --out-dir, {len(batch_files)} plans, cold": (
                {
                    "floor (one shared view)": [*render_floor(view), *batch_files],
                    "floor (each file's own view)": [*render_floor(views_folder), *batch_files],
                },
                ["render", str(batch), "--out-dir", str(out), "-f", "html"],
            ),
            f"portfolio, {len(plan_files)} plans, cold": (
                {"floor": [sys.executable, FLOOR, "portfolio", str(jobs), *plan_files]},
                ["portfolio", str(plans), "-o", str(page)],
            ),
        }
        for name, (floors, ours) in cases.items():
            commands = [*floors.values()] + [
                [p, *ours, "--jobs", str(jobs)] for p in programs.values()
            ]
            measured = _in_turns(commands, folder, runs, cold, loading_views)
            floor_times = dict(zip(floors, measured, strict=False))
            for floor_name, (fw, fc) in floor_times.items():
                rows.append(
                    (
                        f"{name}, --jobs {jobs}: {floor_name}",
                        f"{med(fw):.2f}",
                        f"{med(fc):.2f}",
                        "",
                        "",
                    )
                )
            for program, (walls, cpus) in zip(programs, measured[len(floors) :], strict=True):
                for floor_name, (fw, fc) in floor_times.items():
                    rows.append(
                        (
                            f"{name}, --jobs {jobs}: {program} against the {floor_name}",
                            f"{med(walls):.2f}",
                            f"{med(cpus):.2f}",
                            f"{med(walls) / med(fw):.2f}×",
                            f"{med(cpus) / med(fc):.2f}×",
                        )
                    )
            print(f"  measured {name}, --jobs {jobs}", file=sys.stderr)
    return rows


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]], markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(headers) + " |")
        print("|" + "---|" * len(headers))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        for row in [headers, *rows]:
            print("  ".join(row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument(
        "--baseline",
        metavar="SPREADKIT",
        help="with --against-floor: another installation's spreadkit, run in the same turns",
    )
    parser.add_argument(
        "--against-floor",
        action="store_true",
        help="only the cold runs against the floor for the same files (issue 30)",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="spreadkit-portfolio-bench-"))
    ENV["SPREADKIT_CACHE"] = str(folder / "cache")
    try:
        write_plans(folder / "plans", args.plans, seed=20)
        write_plans(folder / "batch", args.batch, seed=21, broken_percent=0)
        page, out = folder / "index.html", folder / "out"
        if args.against_floor:
            rows = against_floor(
                folder, folder / "plans", folder / "batch", args.runs, args.baseline
            )
            headers = ("case", "wall s (median)", "CPU s (median)", "wall ÷ floor", "CPU ÷ floor")
            _table(headers, rows, args.markdown)
            print(f"{args.runs} runs each, in turns; {os.cpu_count()} cores; target 1.5×")
            return
        cases = {
            "portfolio": [SPREADKIT, "portfolio", "plans", "-o", str(page), "--force"],
            "render": [
                SPREADKIT,
                "render",
                "batch",
                "--out-dir",
                str(out),
                "-f",
                "html",
                "--force",
            ],
        }
        sizes = {"portfolio": args.plans, "render": args.batch}
        cache = Path(ENV["SPREADKIT_CACHE"])
        folders = {"portfolio": folder / "plans", "render": folder / "batch"}
        rows = []
        for name, command in cases.items():
            states: dict[str, Callable[[int], None]] = {
                "cold": lambda run: _forget(cache),
                "warm": lambda run: None,
                "warm, 1% changed": lambda run, f=folders[name]: _change(f, 1, run),
            }
            for state, prepare in states.items():
                one = _measure([*command, "--jobs", "1"], folder, args.runs, prepare)
                every = _measure(command, folder, args.runs, prepare)
                target = TARGETS_MS[name]
                rows.append(
                    (
                        f"{name} of {sizes[name]} plans, {state}",
                        f"{one[0]:.0f} ({one[1]:.0f}–{one[2]:.0f})",
                        f"{one[3]:.0f}",
                        f"{every[0]:.0f} ({every[1]:.0f}–{every[2]:.0f})",
                        f"{every[3]:.0f}",
                        f"{one[0] / every[0]:.2f}×",
                        f"{target}",
                        "met" if every[0] <= target else "missed",
                    )
                )
                print(f"  measured {name}, {state}", file=sys.stderr)
        headers = (
            "case",
            "--jobs 1: wall median ms (min–max)",
            "--jobs 1: CPU ms",
            f"--jobs {os.cpu_count()} (default): wall median ms (min–max)",
            f"--jobs {os.cpu_count()}: CPU ms",
            "speed-up (wall)",
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
