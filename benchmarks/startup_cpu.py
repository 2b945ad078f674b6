"""Start-up CPU time (user+sys of the child process), medians over several runs.

    python benchmarks/startup_cpu.py [--runs N] [--before DIR]

Cases: ``python -c pass`` against ``spreadkit --help`` (answered from the cache after the first
run, as for a user: see docs/performance.md), and against ``spreadkit --help`` with the cache
turned off (typer answers); and, in a pseudo-terminal, a bare questionary prompt against
``spreadkit plan`` up to its first question (each stopped with Ctrl-C once the question is on
screen). PYTHONDONTWRITEBYTECODE is unset, so both sides use their compiled bytecode as an
installed tool would.

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
BARE = (
    "import questionary\n"
    f"questionary.select({QUESTION + '?'!r}, choices=['One section at a time', 'All']).ask()\n"
)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(command: list[str], env: dict[str, str] = ENV) -> None:
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)


def _prompt(command: list[str], cwd: str, env: dict[str, str] = ENV) -> None:
    import pexpect

    child = pexpect.spawn(
        command[0], command[1:], cwd=cwd, env=env, timeout=20, dimensions=(40, 200)
    )
    child.expect(QUESTION)
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()


def cpu_ms(once: Callable[[], None], runs: int) -> float:
    once()  # warm the file cache and bytecode
    samples = []
    for _ in range(runs):
        before = _children_cpu()
        once()
        samples.append((_children_cpu() - before) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", choices=["help", "prompt"], help="measure one pair only")
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
        groups = [help_cases, prompt_cases]
        if args.only:
            groups = groups[:1] if args.only == "help" else groups[1:]
        for cases in groups:
            # interleaved, so every case sees the same machine
            samples: list[list[float]] = [[] for _ in cases]
            for _ in range(3):
                for i, (_, once) in enumerate(cases):
                    samples[i].append(cpu_ms(once, args.runs // 3 or 1))
            base_ms = statistics.median(samples[0])
            print(f"{cases[0][0]:46} {base_ms:8.1f} ms CPU")
            for (name, _), taken in zip(cases[1:], samples[1:], strict=True):
                case_ms = statistics.median(taken)
                print(f"{name:46} {case_ms:8.1f} ms CPU  ({case_ms / base_ms:.2f}x)")


if __name__ == "__main__":
    main()
