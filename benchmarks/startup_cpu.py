"""Start-up CPU time (user+sys of the child process), medians over several runs.

    python benchmarks/startup_cpu.py [--runs N]

Cases: ``python -c pass`` against ``spreadkit --help``; and, in a pseudo-terminal, a bare
questionary prompt against ``spreadkit plan`` up to its first question (each stopped with
Ctrl-C once the question is on screen). PYTHONDONTWRITEBYTECODE is unset, so both sides use
their compiled bytecode as an installed tool would.
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


def _run(command: list[str]) -> None:
    subprocess.run(command, env=ENV, stdout=subprocess.DEVNULL, check=True)


def _prompt(command: list[str], cwd: str) -> None:
    import pexpect

    child = pexpect.spawn(
        command[0], command[1:], cwd=cwd, env=ENV, timeout=20, dimensions=(40, 200)
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        answers = str(Path(folder) / "first.answers.yml")
        pairs = [
            (
                ("python -c pass", lambda: _run([sys.executable, "-c", "pass"])),
                ("spreadkit --help", lambda: _run([SPREADKIT, "--help"])),
            ),
            (
                (
                    "bare questionary prompt (pty)",
                    lambda: _prompt([sys.executable, "-c", BARE], folder),
                ),
                (
                    "spreadkit plan: first question (pty)",
                    lambda: (
                        Path(answers).unlink(missing_ok=True),
                        _prompt([SPREADKIT, "plan", "--answers", answers], folder),
                    )[1],
                ),
            ),
        ]
        if args.only:
            pairs = pairs[:1] if args.only == "help" else pairs[1:]
        for (base_name, base), (name, case) in pairs:
            # interleaved, so both sides see the same machine
            b, c = [], []
            for _ in range(3):
                b.append(cpu_ms(base, args.runs // 3 or 1))
                c.append(cpu_ms(case, args.runs // 3 or 1))
            base_ms, case_ms = statistics.median(b), statistics.median(c)
            print(f"{base_name:38} {base_ms:8.1f} ms CPU")
            print(f"{name:38} {case_ms:8.1f} ms CPU  ({case_ms / base_ms:.2f}x)")


if __name__ == "__main__":
    main()
