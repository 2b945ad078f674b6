"""The fences around libraries stay set. Lint, formatting and types themselves are CI's own step
(``.ci/run``, the command in README.md): mypy alone can outlast the per-test time limit."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT


def test_questionary_typer_and_rich_stay_in_their_modules() -> None:
    """The banned-api rule in pyproject.toml is what keeps them there; check it is still set."""
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for module in ("questionary", "prompt_toolkit", "typer", "rich", "jinja2", "markupsafe"):
        assert f'"{module}".msg' in config


def _flagged(path: str, source: str) -> bool:
    """Whether ruff's banned-api rule flags ``source`` as if it were the file at ``path``."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--select",
            "TID251",
            "--stdin-filename",
            path,
            "-",
        ],
        cwd=ROOT,
        input=source,
        capture_output=True,
        text=True,
    )
    return "TID251" in done.stdout


@pytest.mark.parametrize(
    ("module", "allowed", "elsewhere"),
    [
        ("jinja2", "src/spreadkit/plan/output/render.py", "src/spreadkit/plan/views/workbook.py"),
        ("jinja2", "src/spreadkit/framework/conditions.py", "src/spreadkit/answers/store.py"),
        (
            "markupsafe",
            "src/spreadkit/plan/output/render.py",
            "src/spreadkit/plan/pictures/charts.py",
        ),
        ("rich", "src/spreadkit/terminal/cards.py", "src/spreadkit/terminal/plain.py"),
        ("typer", "src/spreadkit/cli/edge.py", "src/spreadkit/app/commands.py"),
        ("typer", "src/spreadkit/cli/planning.py", "src/spreadkit/app/planning.py"),
        ("questionary", "src/spreadkit/interview/prompter.py", "src/spreadkit/interview/walker.py"),
    ],
)
def test_each_fenced_library_is_allowed_in_its_modules_only(
    module: str, allowed: str, elsewhere: str
) -> None:
    source = f"def f() -> None:\n    import {module}\n\n    del {module}\n"
    assert not _flagged(allowed, source)
    assert _flagged(elsewhere, source)
