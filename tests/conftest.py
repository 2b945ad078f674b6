from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spreadkit.cli import app
from spreadkit.framework.content import BUILTIN_CONTENT, load_framework
from spreadkit.framework.model import Framework

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXAMPLE_ANSWERS = EXAMPLES / "south-west-app.answers.yml"
NORTHFIELD = EXAMPLES / "northfield-fcp.answers.yml"  # a running programme
NORTHFIELD_CHECKINS = EXAMPLES / "northfield-fcp-checkins.answers.yml"  # with three check-ins


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Tests never touch the user's own cache: one fresh folder for the session, inherited by the
    subprocesses and pseudo-terminals that tests start."""
    folder = tmp_path_factory.mktemp("spreadkit-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPREADKIT_CACHE", str(folder))
        # the example plans are dated 2027 and later: the guard against check-ins dated after
        # today (app/future_dates.py) takes this as today; its own tests set it themselves
        patch.setenv("SPREADKIT_TODAY", "2100-01-01")
        yield folder


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    """A writable copy of the Northfield example, for tests that change it."""
    target = tmp_path / "northfield.answers.yml"
    shutil.copy(NORTHFIELD, target)
    return target


@pytest.fixture
def checkins_file(tmp_path: Path) -> Path:
    """A writable copy of the Northfield example with its check-ins (and its comments: a save
    updates it in place)."""
    target = tmp_path / "northfield.answers.yml"
    shutil.copy(NORTHFIELD_CHECKINS, target)
    return target


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_framework()


@pytest.fixture(scope="session")
def northfield_tracker(framework: Framework, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The tracker `spreadkit export --format xlsx` writes for the Northfield example: made once
    a session, as each test would make it."""
    from spreadkit.answers.reading import read_answers

    from .trackers import write_tracker

    path = tmp_path_factory.mktemp("tracker") / "tracker.xlsx"
    return write_tracker(framework, read_answers(NORTHFIELD, framework), path).read_bytes()


@pytest.fixture
def workbook(tmp_path: Path, plan_file: Path, northfield_tracker: bytes) -> Path:
    """The tracker of ``plan_file`` (the Northfield example), as exported, for a test to edit."""
    target = tmp_path / "tracker.xlsx"
    target.write_bytes(northfield_tracker)
    return target


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the built-in content, for tests that break it."""
    target = tmp_path / "content"
    shutil.copytree(BUILTIN_CONTENT, target)
    return target


class Cli:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        return self.runner.invoke(app, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()
