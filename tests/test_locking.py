"""The answers lock: exclusive across processes, never through a link, never damaging a file."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from spreadkit.core.errors import SpreadkitError
from spreadkit.files.locking import lock_path, locked

from .conftest import EXAMPLE_ANSWERS

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges")


def _hammer(answers: str, holders: Any, overlaps: Any, entries: Any, start: Any) -> None:
    """Once every process is ready, take the lock 40 times, counting holders while inside."""
    start.wait(60)  # spawned interpreters take a while to start, longer on a busy machine
    taken = 0
    while taken < 40:
        try:
            with locked(Path(answers)):
                with holders.get_lock():
                    holders.value += 1
                    if holders.value > 1:
                        overlaps.value += 1
                    entries.value += 1
                time.sleep(0)  # let another process try while we hold it
                with holders.get_lock():
                    holders.value -= 1
            taken += 1
        except SpreadkitError:
            pass  # held by another: try again


def test_at_most_one_process_holds_the_lock(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    holders, overlaps, entries = (context.Value("i", 0) for _ in range(3))
    answers = str(tmp_path / "team.answers.yml")
    start = context.Barrier(4)  # all four contend from the same moment, however slow to start
    workers = [
        context.Process(target=_hammer, args=(answers, holders, overlaps, entries, start))
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(90)
    assert all(worker.exitcode == 0 for worker in workers)
    assert entries.value == 4 * 40  # the lock really changed hands, many times
    assert overlaps.value == 0


@POSIX
def test_a_symlinked_lock_file_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    answers = tmp_path / "s.answers.yml"
    lock_path(answers).symlink_to(victim)
    refused = pytest.raises(SpreadkitError, match="symbolic link, so spreadkit will not use it")
    with refused, locked(answers):
        pass
    assert victim.read_text(encoding="utf-8") == "precious\n"


@POSIX
def test_plan_refuses_a_symlinked_lock_and_leaves_the_target_alone(
    cli: Any, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    answers = tmp_path / "s.answers.yml"
    shutil.copy(EXAMPLE_ANSWERS, answers)
    (tmp_path / ".s.answers.yml.lock").symlink_to(victim)
    script = (
        "import sys; from spreadkit.app.planning import run_plan, PlanOptions; "
        "from spreadkit.core.formats import PlanFormat; from spreadkit.core.environment import Environment; "
        "from pathlib import Path; "
        "run_plan(Environment(), PlanOptions(Path(sys.argv[1]), None, (PlanFormat.MARKDOWN,)), lambda: None)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(answers)], capture_output=True, text=True, timeout=60
    )
    assert "symbolic link, so spreadkit will not use it as its lock" in done.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"


@POSIX
def test_a_hard_linked_or_foreign_lock_file_is_never_overwritten(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    answers = tmp_path / "s.answers.yml"
    os.link(victim, lock_path(answers))
    with pytest.raises(SpreadkitError, match="other names"), locked(answers):
        pass
    lock_path(answers).unlink()
    lock_path(answers).write_text("my notes\n", encoding="utf-8")
    with pytest.raises(SpreadkitError, match="not a spreadkit lock"), locked(answers):
        pass
    assert lock_path(answers).read_text(encoding="utf-8") == "my notes\n"
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_the_lock_file_stays_and_is_reused(tmp_path: Path) -> None:
    answers = tmp_path / "team.answers.yml"
    with locked(answers):
        first = lock_path(answers).stat().st_ino
    assert lock_path(answers).is_file()  # never deleted: deleting it is what made two holders
    with locked(answers):
        assert lock_path(answers).stat().st_ino == first
        assert f"process {os.getpid()}" in lock_path(answers).read_text(encoding="utf-8")


def test_a_deleted_folder_does_not_let_a_second_session_in(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    answers = folder / "team.answers.yml"
    with locked(answers) as lock:
        shutil.rmtree(folder)  # the lock file goes with it
        lock.confirm()  # the first session takes the lock again before it saves
        assert lock_path(answers).is_file()
        with (
            pytest.raises(SpreadkitError, match="in use by another spreadkit plan"),
            locked(answers),
        ):
            pass


def test_a_session_whose_lock_was_taken_over_does_not_save(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    answers = folder / "team.answers.yml"
    with locked(answers) as lock:
        shutil.rmtree(folder)
        with locked(answers), pytest.raises(SpreadkitError, match="in use by another"):
            lock.confirm()


@POSIX
def test_a_second_plan_on_the_same_answers_is_refused_end_to_end(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    answers = tmp_path / "team.answers.yml"
    shutil.copy(EXAMPLE_ANSWERS, answers)
    before = answers.read_bytes()
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "SPREADKIT_CACHE": ""}
    spreadkit = str(Path(sys.executable).with_name("spreadkit"))
    first = pexpect.spawn(
        spreadkit,
        ["plan", "--answers", str(answers)],
        env=env,
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 120),
    )
    try:
        first.expect("What do you want to do|Where do you want to start")
        second = pexpect.spawn(
            spreadkit,
            ["plan", "--answers", str(answers)],
            env=env,
            cwd=str(tmp_path),
            encoding="utf-8",
            timeout=30,
            dimensions=(40, 200),
        )
        second.expect(pexpect.EOF)
        second.close()
        assert second.exitstatus == 1
        said = " ".join(second.before.split())
        assert f"in use by another spreadkit plan (process {first.pid} on" in said
        assert "Traceback" not in said
        assert answers.read_bytes() == before
    finally:
        first.terminate(force=True)
