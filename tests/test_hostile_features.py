"""Hostile input to the newer features: imports from trackers, check-ins, portfolios, Word and
Excel plans, the board plan and the report. Each test is an attack that once got through."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml

from spreadkit.app import commands
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus

from .conftest import EXAMPLES, Cli

NORTHFIELD = EXAMPLES / "northfield-fcp.answers.yml"
ESCAPES = "\x1b]0;pwned\x07\x1b[31m"
LATE_TASK = "Recruit Wave 1 physiotherapists"


def _northfield(tmp_path: Path, name: str = "n.answers.yml") -> Path:
    target = tmp_path / name
    shutil.copy(NORTHFIELD, target)
    return target


def _tty_env() -> Environment:
    return Environment(
        stdin=io.StringIO(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin_isatty=True,
        stdout_isatty=True,
        variables={"NO_COLOR": "1"},  # so that any ESC in the output came from the answers
    )


# -- status ---------------------------------------------------------------------------------


def test_status_shows_no_escape_sequences_in_overdue_actions(cli: Cli, tmp_path: Path) -> None:
    path = _northfield(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    action = next(a for a in data["answers"]["implement"]["actions"] if a["task"] == LATE_TASK)
    action["task"] = ESCAPES + LATE_TASK
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    piped = cli("status", str(path), "--as-of", "2027-09-01")
    assert piped.exit_code == 0, piped.output
    assert f"overdue on 1 September 2027: {LATE_TASK}" in piped.stdout
    assert "\x1b" not in piped.stdout and "\x07" not in piped.stdout
    env = _tty_env()
    assert commands.status(env, str(path), "2027-09-01") == ExitStatus.OK
    shown = env.stdout.getvalue()  # type: ignore[attr-defined]
    assert "Overdue on" in shown and "\x1b" not in shown and "\x07" not in shown
