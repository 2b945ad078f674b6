"""benchmarks/run.py works at main: its floor renders what `render` renders (the board plan by
default, and the workbook), checked without timing anything."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import ROOT


def _bench(
    name: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``benchmarks/NAME ARGS``, which must succeed."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / name), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return done


def test_the_benchmark_floors_and_renders_run() -> None:
    done = _bench("run.py", "--smoke", "--only", "board md")
    assert "ran floor: yaml + jinja2, board md" in done.stderr
    assert "ran spreadkit render, board md" in done.stderr


def test_the_batch_floor_reads_renders_and_writes_every_file(tmp_path) -> None:
    """benchmarks/floor_batch.py (the floor that benchmarks/portfolio.py --against-floor measures
    cold batches and portfolios against) reads every file and writes every plan."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from run import floor_view
    finally:
        sys.path.pop(0)
    files = [str(p) for p in sorted((ROOT / "examples").glob("*.answers.yml"))[:2]]
    broken = tmp_path / "broken.answers.yml"  # the generated plans include broken ones
    broken.write_text("plan:\n  title: x\n title: y\n", encoding="utf-8")
    view = str(floor_view(tmp_path, "board"))
    out = tmp_path / "out"
    _bench("floor_batch.py", "render", view, str(out), "1", *files)
    _bench("floor_batch.py", "portfolio", "1", *files, str(broken))
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 2 and all(name.endswith(".plan.html") for name in written)
    assert all("<html" in (out / name).read_text(encoding="utf-8") for name in written)


def test_the_phase_timer_finds_every_function_it_times(tmp_path) -> None:
    """benchmarks/phases.py wraps functions by name: a rename must not break it unnoticed (it
    did once, when the plan cache's per-plan ``remember`` became the run's ``Book``)."""
    files = [str(ROOT / "examples" / "northfield-fcp.answers.yml")]
    env = {**os.environ, "SPREADKIT_CACHE": str(tmp_path / "cache")}
    done = _bench("phases.py", *files, "--out-dir", str(tmp_path / "out"), env=env)
    rows = dict(line.strip("|").split("|")[:2] for line in done.stdout.splitlines()[2:])
    assert {row.strip() for row in rows} >= {"YAML reading", "validation", "writing"}
    assert float(rows[" **total** "].strip(" *")) > 0


def test_the_yaml_reading_benchmark_runs_and_says_which_way_it_read(tmp_path) -> None:
    plain = str(ROOT / "examples" / "northfield-fcp.answers.yml")
    quoted = tmp_path / "quoted-date.answers.yml"  # a date in quotes is text: the careful way
    quoted.write_text("plan:\n  title: '2027-10-01'\n", encoding="utf-8")
    example = str(quoted)
    done = _bench("yaml_read.py", plain, example, "--runs", "1")
    rows = [line.split("|")[1:-1] for line in done.stdout.splitlines()[2:]]
    assert [(row[0].strip(), row[2].strip()) for row in rows] == [
        ("northfield-fcp.answers.yml", "yaml-rs"),
        ("quoted-date.answers.yml", "careful"),
    ]


def test_the_board_view_benchmark_times_the_view_with_and_without_pictures() -> None:
    """benchmarks/board_view.py patches ``Facts.gather`` and the pictures by name: a rename must
    not break it unnoticed."""
    plan = str(ROOT / "examples" / "northfield-fcp.answers.yml")
    done = _bench("board_view.py", plan, "--rounds", "1")
    rows = {
        cells[1].strip(): float(cells[2])
        for line in done.stdout.splitlines()
        if (cells := line.split("|"))[0] == ""
        and len(cells) == 4
        and cells[2].strip()[:1].isdigit()
    }
    assert set(rows) == {"view", "view without pictures"} and all(ms > 0 for ms in rows.values())


def test_the_start_up_benchmark_renders_one_plan_cold() -> None:
    done = _bench("startup_cpu.py", "--only", "render", "--runs", "1")
    floor, render = done.stdout.splitlines()
    assert floor.startswith("python -c 'import yaml, jinja2, json'") and "ms CPU" in floor
    assert render.startswith("spreadkit render: one plan, cold") and render.endswith("x)")


def test_the_page_timer_times_each_part_of_a_page(tmp_path) -> None:
    """benchmarks/page_cpu.py (the HTML page's cost, issue 30) runs, and says the pages match."""
    plan = str(ROOT / "examples" / "northfield-fcp-checkins.answers.yml")
    env = {**os.environ, "SPREADKIT_CACHE": str(tmp_path / "cache")}
    done = _bench("page_cpu.py", plan, "--runs", "1", env=env)
    assert "| this tree |" in done.stdout and "same bytes" in done.stdout


def test_the_validation_benchmark_times_checking_each_way() -> None:
    """benchmarks/validation.py (checking an answers file, issue 30) runs and prints a time for
    each of its two ways, one number a pass."""
    plans = [str(p) for p in sorted((ROOT / "examples").glob("*.answers.yml"))[:2]]
    done = _bench("validation.py", *plans, "--passes", "2")
    rows = [line.rsplit(" ", 2) for line in done.stdout.splitlines()]
    assert [row[0] for row in rows] == ["batch", "as in a render"]
    assert all(float(ms) > 0 for row in rows for ms in row[1:])
