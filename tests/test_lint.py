"""Lint, format and types are part of the suite, so CI and a local run check the same things."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "src", "tests"),
        ("ruff", "format", "--check", "src", "tests"),
    ],
    ids=["ruff-check", "ruff-format"],
)
def test_ruff(command: tuple[str, ...]) -> None:
    done = _run(*command)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict() -> None:
    if shutil.which("mypy") is None and _run("mypy", "--version").returncode != 0:
        pytest.fail("mypy is not installed: pip install -e '.[test]'")
    done = _run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr


def test_questionary_typer_and_rich_stay_in_their_modules() -> None:
    """The banned-api rule in pyproject.toml is what keeps them there; check it is still set."""
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for module in ("questionary", "prompt_toolkit", "typer", "rich"):
        assert f'"{module}".msg' in config
