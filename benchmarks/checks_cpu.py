"""CPU time of ``run_checks`` (every plan check of the built-in content) over an example plan.

    python benchmarks/checks_cpu.py [answers.yml] [--iterations N]

Prints the median, over five rounds, of the CPU time (user+sys, ``time.process_time``) of one
``run_checks`` call, with the expressions already compiled (as in a batch render), and the
CPU time of the first call (compiling them, or loading them from the user's cache).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "answers", nargs="?", default=ROOT / "examples" / "northfield-fcp.answers.yml"
    )
    parser.add_argument("--iterations", type=int, default=300)
    args = parser.parse_args()

    from spreadkit.answers.loading import read_answers
    from spreadkit.framework.content import load_framework
    from spreadkit.plan.figures import scoring

    framework = load_framework()
    answers = read_answers(Path(args.answers), framework)
    results = scoring.assess(framework, answers)
    start = time.process_time()
    scoring.run_checks(framework, answers, results)
    first = time.process_time() - start
    rounds = []
    for _ in range(5):
        start = time.process_time()
        for _ in range(args.iterations):
            scoring.run_checks(framework, answers, results)
        rounds.append((time.process_time() - start) / args.iterations)
    print(f"run_checks first call: {first * 1000:.2f} ms CPU")
    print(
        f"run_checks steady: {statistics.median(rounds) * 1000:.3f} ms CPU a call "
        f"(median of 5 rounds x {args.iterations})"
    )


if __name__ == "__main__":
    main()
