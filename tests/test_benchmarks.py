"""benchmarks/run.py works at main: its floor renders what `render` renders (the board plan by
default, and the workbook), checked without timing anything."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_the_benchmark_floors_and_renders_run() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--only", "board md"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "ran floor: yaml + jinja2, board md" in done.stderr
    assert "ran spreadkit render, board md" in done.stderr
