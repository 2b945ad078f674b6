"""Start-up CPU time (user+sys of the child process), medians over several runs, in turns.

    python benchmarks/startup_cpu.py [--runs N] [--before DIR]

Cases: ``python -c pass`` against ``spreadkit --help`` (answered from the cache after the first
run, as for a user: see docs/performance.md), and against ``spreadkit --help`` with the cache
turned off (typer answers); and, in a pseudo-terminal, a bare questionary prompt against
``spreadkit plan`` up to its first question (each stopped with Ctrl-C once the question is on
screen). PYTHONDONTWRITEBYTECODE is unset, so both sides use their compiled bytecode as an
installed tool would.

``--only render``: ``python -c "import yaml, jinja2, json"`` (the start-up of the floor that
``cold_cpu.py`` measures against) against ``spreadkit render PLAN --out-dir OUT --document board
--jobs 1`` of one plan (``--plan``, default the Northfield example), each run with an empty
output folder and without the plan's entry in the plan cache, so the plan is read, worked out,
rendered and written, as the first plan of a cold batch is. Both use the benchmark's own cache
folder, warmed by a first run, as a user's is.

``--before DIR``: also run each spreadkit case with the package in ``DIR/src`` (for example
``git archive main | tar -x -C DIR``), interleaved with the others, for a before/after table
measured in the same minutes.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV.update(PROMPT_TOOLKIT_NO_CPR="1", NO_COLOR="1")
SPREADKIT = str(Path(sys.executable).with_name("spreadkit"))
QUESTION = "How do you want to go through it"
ROOT = Path(__file__).resolve().parents[1]
FLOOR_START = "import yaml, jinja2, json"
BARE = (
    "import questionary\n"
    f"questionary.select({QUESTION + '?'!r}, choices=['One section at a time', 'All']).ask()\n"
)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(command: list[str], env: dict[str, str] = ENV) -> None:
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )


def _prompt(command: list[str], cwd: str, env: dict[str, str] = ENV) -> None:
    import pexpect

    child = pexpect.spawn(
        command[0], command[1:], cwd=cwd, env=env, timeout=20, dimensions=(40, 200)
    )
    child.expect(QUESTION)
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()


def cpu_ms(once: Callable[[], None]) -> float:
    before = _children_cpu()
    once()
    return (_children_cpu() - before) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", choices=["help", "prompt", "render"], help="one group only")
    parser.add_argument(
        "--plan", type=Path, default=ROOT / "examples" / "northfield-fcp.answers.yml"
    )
    parser.add_argument("--before", type=Path, help="a source tree of earlier code to compare")
    args = parser.parse_args()
    uncached = {**ENV, "SPREADKIT_CACHE": ""}
    sides = [("", ENV)]
    if args.before:
        earlier = str(args.before.resolve() / "src")
        sides.insert(0, ("before: ", {**ENV, "PYTHONPATH": earlier}))
    with tempfile.TemporaryDirectory() as folder:
        answers = str(Path(folder) / "first.answers.yml")

        def first_question(env: dict[str, str]) -> Callable[[], None]:
            def once() -> None:
                Path(answers).unlink(missing_ok=True)
                _prompt([SPREADKIT, "plan", "--answers", answers], folder, env)

            return once

        help_cases = [("python -c pass", lambda: _run([sys.executable, "-c", "pass"]))]
        prompt_cases = [
            ("bare questionary prompt (pty)", lambda: _prompt([sys.executable, "-c", BARE], folder))
        ]
        for label, env in sides:
            help_cases.append(
                (f"{label}spreadkit --help", lambda env=env: _run([SPREADKIT, "--help"], env))
            )
            help_cases.append(
                (
                    f"{label}spreadkit --help, no cache",
                    lambda env=env: _run([SPREADKIT, "--help"], {**env, **uncached}),
                )
            )
            prompt_cases.append(
                (f"{label}spreadkit plan: first question (pty)", first_question(env))
            )
        render_cases = _render_cases(Path(folder), args.plan.resolve(), sides)
        groups = {"help": help_cases, "prompt": prompt_cases, "render": render_cases}
        if args.only:
            groups = {args.only: groups[args.only]}
        for cases in groups.values():
            for _, once in cases:
                once()  # warm the file cache and bytecode
            # each run runs every case once, in turn, so every case sees the same machine; the
            # ratio is the median of each run's ratio to the first case of the same run
            samples: list[list[float]] = [[] for _ in cases]
            for _ in range(args.runs):
                for i, (_, once) in enumerate(cases):
                    samples[i].append(cpu_ms(once))
            base_ms = statistics.median(samples[0])
            print(f"{cases[0][0]:46} {base_ms:8.1f} ms CPU")
            for (name, _), taken in zip(cases[1:], samples[1:], strict=True):
                ratio = statistics.median(t / b for t, b in zip(taken, samples[0], strict=True))
                print(f"{name:46} {statistics.median(taken):8.1f} ms CPU  ({ratio:.2f}x)")


def _render_cases(
    folder: Path, plan: Path, sides: list[tuple[str, dict[str, str]]]
) -> list[tuple[str, Callable[[], None]]]:
    """The floor's start-up, and a cold render of one plan on each side (see the top)."""
    cache = folder / "cache"
    out = folder / "render-out"

    def render(env: dict[str, str]) -> Callable[[], None]:
        command = [SPREADKIT, "render", str(plan), "--out-dir", str(out), "--document", "board"]

        def once() -> None:
            for entry in [*cache.glob("render-*"), *out.glob("*")]:
                entry.unlink()
            _run([*command, "--jobs", "1"], {**env, "SPREADKIT_CACHE": str(cache)})

        return once

    floor = [sys.executable, "-c", FLOOR_START]
    cases = [(f"python -c {FLOOR_START!r}", lambda: _run(floor))]
    for label, env in sides:
        cases.append((f"{label}spreadkit render: one plan, cold", render(env)))
    return cases


if __name__ == "__main__":
    main()
