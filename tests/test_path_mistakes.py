"""Issue 23 (15): paths typed for another computer, and typos, are said for what they are.

A Windows path given on macOS or Linux names one file with backslashes in it: refused, with a
path that works here. A misspelt answers file is "did you mean …?", not an offer to make a new
plan under the misspelt name."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE_ANSWERS, Cli

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="backslashes are folders there")
WINDOWS_PATH = r"C:\Users\priya\plan.html"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(EXAMPLE_ANSWERS, tmp_path / "spread-plan.answers.yml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@posix_only
@pytest.mark.parametrize(
    "args",
    [
        ("render", "spread-plan.answers.yml", "--output", WINDOWS_PATH),
        ("portfolio", ".", "--output", WINDOWS_PATH, "--jobs", "1"),
        ("new", r"C:\Users\priya\team.answers.yml"),
    ],
    ids=["render", "portfolio", "new"],
)
def test_a_windows_path_on_linux_is_refused_not_written(
    cli: Cli, folder: Path, args: tuple[str, ...]
) -> None:
    before = sorted(p.name for p in folder.iterdir())
    result = cli(*args)
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: C:\\Users\\priya\\") and "this is a Windows path" in line
    assert "folders are separated by /" in line
    assert sorted(p.name for p in folder.iterdir()) == before  # no file named C:\Users\...


@posix_only
def test_backslashes_between_folders_are_refused_with_the_path_that_works(
    cli: Cli, folder: Path
) -> None:
    result = cli("render", "spread-plan.answers.yml", "--output", r"plans\plan.md")
    assert result.exit_code == 1
    assert "did you mean plans/plan.md?" in result.stderr
    assert not (folder / "plans\\plan.md").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("checkin", "spread-plan.answer.yml"),
        ("checkin", "spread-plan.answer.yml", "--no-input", "--date", "2027-01-05"),
        ("plan", "--answers", "spread-plan.answer.yml", "--no-input"),
        ("import", "spread-plan.answer.yml", "--from", "tracker.xlsx"),
    ],
    ids=["checkin", "checkin-no-input", "plan-no-input", "import"],
)
def test_a_misspelt_answers_file_is_did_you_mean(
    cli: Cli, folder: Path, args: tuple[str, ...]
) -> None:
    result = cli(*args)
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line == (
        "error: spread-plan.answer.yml: no such answers file "
        "(did you mean spread-plan.answers.yml?)"
    )
    assert not (folder / "spread-plan.answer.yml").exists()


def test_a_name_like_no_answers_file_still_offers_to_make_one(cli: Cli, folder: Path) -> None:
    result = cli("checkin", "team.answers.yml", "--no-input", "--date", "2027-01-05")
    assert result.exit_code == 1 and "make one first with" in result.stderr
