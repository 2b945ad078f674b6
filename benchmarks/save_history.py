"""CPU time of one `spreadkit checkin --no-input` on an answers file with a long history.

    python benchmarks/save_history.py [--checkins 1990] [--runs 3]

Builds the Northfield example (which carries comments, so it is saved by updating the file in
place) with ``--checkins`` check-ins, each with a note of about 2 KB as in the attacker trial of
issue 23, then times `checkin --no-input` (one change and one reading) as user+system CPU time of
the child process: steadier than wall time on a shared machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPREADKIT = str(Path(sys.executable).parent / ("spreadkit.exe" if os.name == "nt" else "spreadkit"))


def build(folder: Path, count: int) -> Path:
    from spreadkit.answers import history
    from spreadkit.answers.loading import read_answers
    from spreadkit.answers.store import write_answers
    from spreadkit.framework import packs

    framework = packs.load(None)
    path = folder / "long-history.answers.yml"
    shutil.copy(ROOT / "examples" / "northfield-fcp.answers.yml", path)
    answers = read_answers(path, framework)
    sites = [s["name"] for s in answers.get("ready", "sites")]
    day = dt.date(2027, 8, 1)
    note = "Reviewed every site with its lead; " * 60
    for n in range(count):
        site = sites[n % len(sites)]
        answers = history.record(
            answers,
            day,
            {
                f"ready.sites[{site}].actual": n % 3,
                f"ready.sites[{site}].readiness_context": ("red", "amber", "green")[n % 3],
                "sustain.sustainability.infrastructure.score": 2 + n % 3,
            },
            readings={"Wait for a first physiotherapy appointment": 56 - (n % 40)},
            note=f"Review {n + 1}. {note}",
        )
        day += dt.timedelta(days=1)
    write_answers(path, answers, framework)
    return path


def cpu(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkins", type=int, default=1990)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="spreadkit-history-"))
    try:
        path = build(folder, args.checkins)
        size = path.stat().st_size
        times = []
        day = dt.date(2027, 8, 1) + dt.timedelta(days=args.checkins)
        for run in range(args.runs):
            on = (day + dt.timedelta(days=run)).isoformat()
            command = [SPREADKIT, "checkin", str(path), "--no-input", "--date", on]
            command += ["--set", f"plan.title=Northfield FCP, review {run}"]
            command += ["--reading", f"Wait for a first physiotherapy appointment={20 + run}"]
            times.append(cpu(command))
        print(
            f"checkin --no-input, {args.checkins:,} check-ins ({size / 1e6:.1f} MB): median "
            f"{statistics.median(times):.2f} s CPU (user+sys), runs "
            + ", ".join(f"{t:.2f}" for t in times)
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
