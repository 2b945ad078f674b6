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
import functools
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


def own_views(folder: Path, files: list[str]) -> list[Path]:
    """Each answers file's board view as JSON, ``folder/NAME.json`` (``NAME`` the file's name),
    worked out before any clock starts: the floors render them (floor.py, floor_batch.py)."""
    from spreadkit.answers.loading import read_answers
    from spreadkit.framework import packs
    from spreadkit.plan.views import board

    framework = packs.load(None)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for source in files:
        view = board.build(framework, read_answers(Path(source), framework))
        written.append(folder / (Path(source).name + ".json"))
        written[-1].write_text(json.dumps(plain(view)), encoding="utf-8")
    return written


def plain(value):
    """A view as JSON data, its properties worked out, for the floor script."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        # how a thing is worked out (a chart's _drawing) is not data; what it works out is
        out = {n: plain(v) for n, v in fields.items() if not n.startswith("_") and not callable(v)}
        for name in dir(type(value)):
            if isinstance(getattr(type(value), name, None), property | functools.cached_property):
                out[name] = plain(getattr(value, name))
        return out
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def floor_view(folder: Path, document: str) -> Path:
    """The example's view of ``document`` (board or workbook) as JSON, for the floor script."""
    from spreadkit.answers.loading import read_answers
    from spreadkit.framework import packs
    from spreadkit.plan.views import board, workbook

    framework = packs.load(None)
    build = board.build if document == "board" else workbook.build
    view = build(framework, read_answers(EXAMPLE, framework))
    path = folder / f"{document}.json"
    path.write_text(json.dumps(plain(view)), encoding="utf-8")
    return path


CHECKINS = 20  # issue 16: a plan with this many check-ins renders in at most 1.3x the time


def with_checkins(folder: Path, count: int) -> Path:
    """The Northfield example with ``count`` monthly check-ins, each changing a site, an action,
    a rating and recording a measure's reading, as a programme team would."""
    from spreadkit.answers import history
    from spreadkit.answers.loading import read_answers
    from spreadkit.answers.store import write_answers
    from spreadkit.framework import packs

    framework = packs.load(None)
    path = folder / f"northfield-{count}-checkins.answers.yml"
    shutil.copy(ROOT / "examples" / "northfield-fcp.answers.yml", path)
    answers = read_answers(path, framework)
    sites = [s["name"] for s in answers.get("ready", "sites")]
    day = dt.date(2027, 8, 1)
    for n in range(count):
        site = sites[n % len(sites)]
        answers = history.record(
            answers,
            day,
            {
                f"ready.sites[{site}].actual": n % 3,
                f"ready.sites[{site}].readiness_context": ("red", "amber", "green")[n % 3],
                "implement.actions[Wave 1 decision paper to the primary care board].status": (
                    "in-progress",
                    "at-risk",
                )[n % 2],
                "sustain.sustainability.infrastructure.score": 2 + n % 3,
            },
            readings={"Wait for a first physiotherapy appointment": 56 - 2 * n},
            note=f"Monthly review {n + 1}",
        )
        day += dt.timedelta(days=30)
    write_answers(path, answers, framework)
    return path


def cpu_once(command: list[str], cwd: Path) -> float:
    """CPU seconds (user + system) the command used: steadier than wall time on a busy machine."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def checkins_cost(folder: Path, none: Path, many: Path, runs: int) -> list[str]:
    """Rendering with and without check-ins, run in turns (so load on the machine hits both
    alike), as median CPU time; the budget is 1.3x."""
    lines = []
    for plan_format in ("md", "html"):
        times: dict[Path, list[float]] = {none: [], many: []}
        for answers in (none, many):
            cpu_once([SPREADKIT, "render", str(answers), "-f", plan_format], folder)  # warm
        for _ in range(runs):
            for answers in (none, many):
                command = [SPREADKIT, "render", str(answers), "-f", plan_format]
                times[answers].append(cpu_once(command, folder))
        base, more = (statistics.median(times[p]) * 1000 for p in (none, many))
        lines.append(
            f"render {plan_format}: no check-ins {base:.0f} ms CPU, {CHECKINS} check-ins "
            f"{more:.0f} ms CPU: {more / base:.2f}x (budget 1.3x, {runs} runs each, in turns)"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument(
        "--only", metavar="TEXT", help="measure only the cases whose name contains TEXT"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="run every case once and check it works, without timing (the test suite does this)",
    )
    args = parser.parse_args()
    if args.smoke:
        args.runs, args.batch = 1, min(args.batch, 3)
    folder = Path(tempfile.mkdtemp(prefix="spreadkit-bench-"))
    try:
        views = {document: floor_view(folder, document) for document in ("board", "workbook")}
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
        none = with_checkins(folder, 0)
        many = with_checkins(folder, CHECKINS)

        def floor(document: str, plan_format: str) -> list[str]:
            script = str(ROOT / "benchmarks" / "floor.py")
            output = str(folder / f"floor.{document}.{plan_format}")
            return [
                sys.executable,
                script,
                str(views[document]),
                str(EXAMPLE),
                document,
                plan_format,
                output,
            ]

        def render(*options: str) -> list[str]:
            return [
                SPREADKIT,
                "render",
                str(EXAMPLE),
                "--force",
                *options,
                "--output",
                str(folder / "plan.out"),
            ]

        cases = [
            ("python -c pass", lambda: run_once([sys.executable, "-c", "pass"], folder)),
            ("spreadkit --help", lambda: run_once([SPREADKIT, "--help"], folder)),
        ]
        # The board plan is what `render` writes by default; the workbook is `-d workbook`.
        for document in ("board", "workbook"):
            for plan_format in ("md", "html"):
                options = ["-f", plan_format, "-d", document]
                cases += [
                    (
                        f"floor: yaml + jinja2, {document} {plan_format}",
                        lambda d=document, f=plan_format: run_once(floor(d, f), folder),
                    ),
                    (
                        f"spreadkit render, {document} {plan_format}",
                        lambda o=options: run_once(render(*o), folder),
                    ),
                ]
        cases += [
            (
                "spreadkit report, md",
                lambda: run_once(
                    [
                        SPREADKIT,
                        "report",
                        str(many),
                        "--force",
                        "--output",
                        str(folder / "report.md"),
                    ],
                    folder,
                ),
            ),
            ("spreadkit validate", lambda: run_once([SPREADKIT, "validate", str(EXAMPLE)], folder)),
            (
                f"spreadkit render, batch of {args.batch}",
                # a fresh output folder each time: the plan cache would skip unchanged plans
                # (benchmarks/portfolio.py measures that), and this case measures rendering
                lambda: (
                    shutil.rmtree(out, ignore_errors=True),
                    run_once([SPREADKIT, "render", *files, "--out-dir", str(out)], folder),
                )[1],
            ),
            ("spreadkit plan: first question (pty)", lambda: first_question_once(folder)),
            (
                "render html, no check-ins",
                lambda: run_once([SPREADKIT, "render", str(none), "-f", "html"], folder),
            ),
            (
                f"render html, {CHECKINS} check-ins",
                lambda: run_once([SPREADKIT, "render", str(many), "-f", "html"], folder),
            ),
            (
                "render md, no check-ins",
                lambda: run_once([SPREADKIT, "render", str(none)], folder),
            ),
            (
                f"render md, {CHECKINS} check-ins",
                lambda: run_once([SPREADKIT, "render", str(many)], folder),
            ),
        ]
        if args.only:
            cases = [case for case in cases if args.only in case[0]]
        if args.smoke:
            for name, once in cases:
                once()
                print(f"  ran {name}", file=sys.stderr)
            return
        results = {}
        for name, once in cases:
            runs = max(3, args.runs // 3) if "batch" in name else args.runs
            results[name] = measure(name, runs, once)
            print(f"  measured {name}", file=sys.stderr)
        pairs = {
            **{
                f"spreadkit render, {d} {f}": f"floor: yaml + jinja2, {d} {f}"
                for d in ("board", "workbook")
                for f in ("md", "html")
            },
            f"render html, {CHECKINS} check-ins": "render html, no check-ins",  # budget 1.3x
            f"render md, {CHECKINS} check-ins": "render md, no check-ins",  # budget 1.3x
        }
        ratios = {
            name: results[name].median_ms / results[base].median_ms
            for name, base in pairs.items()
            if name in results and base in results
        }
        rows = []
        for name, result in results.items():
            memory = f"{max(result.memory) / 1024:.1f}" if max(result.memory) else "–"
            ratio = f"{ratios[name]:.2f}×" if name in ratios else ""
            spread = f"{min(result.times) * 1000:.0f}–{max(result.times) * 1000:.0f}"
            rows.append(
                (name, f"{result.median_ms:.0f}", spread, ratio, memory, str(len(result.times)))
            )
        headers = ("case", "median ms", "min–max ms", "ratio", "peak MB", "runs")
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
        if os.name != "nt" and (not args.only or args.only in "check-ins"):
            print()
            for line in checkins_cost(folder, none, many, args.runs):
                print(line)
        print(
            f"\n{dt.date.today()}, Python {sys.version.split()[0]}, {os.cpu_count()} cores",
            file=sys.stderr,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
