from __future__ import annotations

import gc
import os
import shutil
import sys
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


#: Where the tests' temporary folders go when the machine has a RAM disk: every save spreadkit
#: makes is flushed to disk (os.fsync, files/atomic.py), which costs a few milliseconds each on
#: a real disk and nothing in memory, and the suite saves thousands of times. The files are
#: real all the same; what a failed flush does is tested in test_reliability.py.
RAM_DISK = Path("/dev/shm")
RAM_DISK_ROOM = 256 << 20  # a run writes tens of MB; pytest keeps the last three runs' folders


def pytest_configure(config: pytest.Config) -> None:
    _keep_bytecode(config)
    _temporary_folders_in_memory(config)


def _keep_bytecode(config: pytest.Config) -> None:
    """Compiled bytecode is written (to the __pycache__ folders git ignores), as on a user's
    machine, even where the environment says not to (PYTHONDONTWRITEBYTECODE): the suite starts
    about a hundred spreadkit processes (pseudo-terminal, start-up and cache tests), and each
    would otherwise compile every module it imports again, about 0.15 s a process. Set in the
    main process, before pytest-xdist starts the workers, which inherit it."""
    if not hasattr(config, "workerinput"):
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        sys.dont_write_bytecode = False


def _temporary_folders_in_memory(config: pytest.Config) -> None:
    """Temporary folders on the RAM disk (RAM_DISK), unless the run says where (--basetemp or
    PYTEST_DEBUG_TEMPROOT) or the RAM disk is missing, small, or forbids running programs (the
    tests run scripts and a virtual environment from their folders). Set in the main process
    only: pytest-xdist's workers are given their folders by it."""
    if hasattr(config, "workerinput") or config.option.basetemp:
        return
    if os.environ.get("PYTEST_DEBUG_TEMPROOT") or not RAM_DISK.is_dir():
        return
    try:
        disk = os.statvfs(RAM_DISK)
    except OSError:
        return
    runs_programs = not disk.f_flag & getattr(os, "ST_NOEXEC", 0)
    roomy = disk.f_bavail * disk.f_frsize >= RAM_DISK_ROOM
    if runs_programs and roomy and os.access(RAM_DISK, os.W_OK | os.X_OK):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(RAM_DISK)


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
    from spreadkit.answers.loading import read_answers

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


#: The tests that take a second or more of CPU (measured on a 2-core machine), longest first.
#: They run before the rest, so that no worker is left running one at the end while the others
#: wait: `--dist worksteal` (pyproject.toml) gives each worker an equal share of the tests in
#: this order, and an idle worker takes the last tests queued on a busy one. A name that no
#: longer matches is passed over (it only costs time); a new long test belongs here.
LONG_TESTS = (
    "test_office_clients.py::test_libreoffice_converts_the_word_plans_and_the_tracker",
    "test_prompter.py::test_enter_through_a_rerun_keeps_the_file_byte_for_byte",
    "test_reliability.py::test_any_answers_file_gives_a_result_or_a_clean_error",
    "test_wheel.py::test_installed_wheel_renders_outside_the_repository",
    "test_safe_save_properties.py::test_whatever_a_writer_saves_every_command_reads",
    "test_errors.py::test_a_cache_folder_that_cannot_be_written_is_simply_not_used",
    "test_pty.py::test_ctrl_c_halfway_then_resume_loses_nothing",
    "test_safe_save.py::test_a_checkin_that_would_pass_the_read_limit_is_refused_before_writing",
    "test_hostile_features.py::test_a_history_too_long_to_save_quickly_is_one_clean_error",
    "test_hostile_features.py::test_a_word_plan_of_answers_holding_control_characters_is_valid",
    "test_office.py::test_an_edited_docx_is_not_overwritten_without_force",
    "test_cache.py::test_planted_cache_files_never_run",
    "test_checkin.py::test_no_earlier_value_is_ever_lost_across_checkins",
    "test_checkin.py::test_ctrl_c_halfway_keeps_what_was_answered_and_the_same_day_carries_on",
    "test_safe_save.py::test_interview_title_no_on_a_file_from_new",
    "test_checkin_safety.py::test_a_future_date_typed_at_the_prompt_is_asked_about",
    "test_fetching_tags.py::test_chromium_reaches_nothing_from_a_filtered_page",
    "test_record_drafts_pty.py::test_ctrl_c_eight_fields_into_a_new_site_then_carry_on",
    "test_checkin_pty.py::test_a_checkin_adds_a_site_an_action_and_a_risk_and_carries_on_after_ctrl_c",
    "test_report.py::test_the_report_prints_on_one_a4_page",
    "test_public_cases.py::test_the_fcp_case_is_entered_through_the_interview",
    "test_reliability.py::test_whatever_validate_accepts_renders",
)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What is alive once the tests are collected (every module, test and fixture) lives to the
    end: gc.freeze() takes it out of the garbage collector's full passes, which otherwise walk
    it all again and again. Writing a workbook runs one (plan/tracker/xlsx_writing.py): 0.14 s
    each in a worker of a full run; in a run of two test files, 63 ms unfrozen and 19 ms frozen
    (what the tests make after collection is still walked)."""
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long tests first (LONG_TESTS), in its order; the rest as collected."""
    rank = {name: number for number, name in enumerate(LONG_TESTS)}

    def place(item: pytest.Item) -> int:
        name = item.nodeid.rpartition("/")[2].partition("[")[0]
        return rank.get(name, len(rank))

    items.sort(key=place)  # stable: the order within each file is kept
