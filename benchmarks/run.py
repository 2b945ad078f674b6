"""Benchmarks for spreadkit, outside the test suite. Times whole processes, several runs each.

    python benchmarks/run.py [--runs 10] [--batch 1000] [--markdown]

Reports the median and min–max wall time of each case, its peak memory (max RSS), and the
ratio of `render` to the floor script (plain PyYAML + Jinja, same templates) measured in the
same invocation. Python writes bytecode as it would on a user's machine, and every case runs
once before timing, so that caches (bytecode, compiled templates, parsed content) are warm.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "south-west-app.answers.yml"
BIN = Path(sys.executable).parent
SPREADKIT = str(BIN / ("spreadkit.exe" if os.name == "nt" else "spreadkit"))
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV.update(PROMPT_TOOLKIT_NO_CPR="1", NO_COLOR="1")


GNU_TIME = shutil.which("time") if Path("/usr/bin/time").exists() else None


def run_once(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time in seconds, and peak memory in KB (from GNU time, when it is installed)."""
    report = cwd / "time.txt"
    wrapped = [GNU_TIME, "-f", "%M", "-o", str(report), *command] if GNU_TIME else command
    started = time.perf_counter()
    done = subprocess.run(
        wrapped, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()}")
    memory = int(report.read_text().split()[-1]) if GNU_TIME else 0
    return elapsed, memory


def first_question_once(cwd: Path) -> tuple[float, int]:
    """Seconds from starting `spreadkit plan` in a pseudo-terminal to its first question."""
    import pexpect

    answers = cwd / "first.answers.yml"
    answers.unlink(missing_ok=True)
    started = time.perf_counter()
    child = pexpect.spawn(
        SPREADKIT,
        ["plan", "--answers", str(answers)],
        cwd=str(cwd),
        env=ENV,
        timeout=20,
        dimensions=(40, 200),
    )
    child.expect("How do you want to go through it")  # the first question of a new plan
    elapsed = time.perf_counter() - started
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    return elapsed, 0


@dataclasses.dataclass
class Result:
    name: str
    times: list[float]
    memory: list[int]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000


def measure(name: str, runs: int, once) -> Result:
    once()  # warm caches
    samples = [once() for _ in range(runs)]
    return Result(name, [s[0] for s in samples], [s[1] for s in samples])


def floor_view(folder: Path) -> Path:
    """The example's plan view as JSON, for the floor script."""
    from spreadkit.answers.reading import read_answers
    from spreadkit.framework import packs
    from spreadkit.plan.view import build

    framework = packs.load(None)
    view = build(framework, read_answers(EXAMPLE, framework))

    def plain(value):
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            out = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
            for name in dir(type(value)):
                if isinstance(getattr(type(value), name, None), property):
                    out[name] = plain(getattr(value, name))
            return out
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    path = folder / "view.json"
    path.write_text(json.dumps(plain(view)), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="spreadkit-bench-"))
    try:
        view = floor_view(folder)
        batch = folder / "batch"
        batch.mkdir()
        text = EXAMPLE.read_text(encoding="utf-8")
        files = []
        for n in range(args.batch):
            path = batch / f"team-{n:04d}.answers.yml"
            path.write_text(
                text.replace("title: Spreading", f"title: Team {n} spreading"), encoding="utf-8"
            )
            files.append(str(path))
        out = folder / "plans"
        floor = [sys.executable, str(ROOT / "benchmarks" / "floor.py"), str(view), str(EXAMPLE)]
        cases = [
            ("python -c pass", lambda: run_once([sys.executable, "-c", "pass"], folder)),
            ("spreadkit --help", lambda: run_once([SPREADKIT, "--help"], folder)),
            ("floor: yaml + jinja2, md", lambda: run_once([*floor, "md"], folder)),
            ("spreadkit render, md", lambda: run_once([SPREADKIT, "render", str(EXAMPLE)], folder)),
            ("floor: yaml + jinja2, html", lambda: run_once([*floor, "html"], folder)),
            (
                "spreadkit render, html",
                lambda: run_once([SPREADKIT, "render", str(EXAMPLE), "-f", "html"], folder),
            ),
            ("spreadkit validate", lambda: run_once([SPREADKIT, "validate", str(EXAMPLE)], folder)),
            (
                f"spreadkit render, batch of {args.batch}",
                lambda: run_once(
                    [SPREADKIT, "render", *files, "--out-dir", str(out), "--force"], folder
                ),
            ),
            ("spreadkit plan: first question (pty)", lambda: first_question_once(folder)),
        ]
        results = {}
        for name, once in cases:
            runs = max(3, args.runs // 3) if "batch" in name else args.runs
            results[name] = measure(name, runs, once)
            print(f"  measured {name}", file=sys.stderr)
        ratios = {
            "spreadkit render, md": results["spreadkit render, md"].median_ms
            / results["floor: yaml + jinja2, md"].median_ms,
            "spreadkit render, html": results["spreadkit render, html"].median_ms
            / results["floor: yaml + jinja2, html"].median_ms,
        }
        rows = []
        for name, result in results.items():
            memory = f"{max(result.memory) / 1024:.1f}" if max(result.memory) else "–"
            ratio = f"{ratios[name]:.2f}×" if name in ratios else ""
            spread = f"{min(result.times) * 1000:.0f}–{max(result.times) * 1000:.0f}"
            rows.append(
                (name, f"{result.median_ms:.0f}", spread, ratio, memory, str(len(result.times)))
            )
        headers = ("case", "median ms", "min–max ms", "vs floor", "peak MB", "runs")
        if args.markdown:
            print("| " + " | ".join(headers) + " |")
            print("|" + "---|" * len(headers))
            for row in rows:
                print("| " + " | ".join(row) + " |")
        else:
            widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
            print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
            for row in rows:
                print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
        print(
            f"\n{dt.date.today()}, Python {sys.version.split()[0]}, {os.cpu_count()} cores",
            file=sys.stderr,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
