"""The one guard: what spreadkit reads is bounded and a regular file; what it writes never
replaces a file that is not its own without --force (and a .bak)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers, write_answers
from spreadkit.files import atomic, guard, planfile
from spreadkit.framework.model import Framework

from .conftest import EXAMPLE_ANSWERS, Cli

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX devices, FIFOs and links")
SPREADKIT = [sys.executable, "-m", "spreadkit.cli"]


def _run(
    *args: str, stdin: object = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SPREADKIT_CACHE": ""}
    script = "from spreadkit.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        stdin=stdin,  # type: ignore[arg-type]
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=cwd,
    )


# -- bounded reads, regular files only -------------------------------------------------------------


@POSIX
def test_a_device_is_refused_as_input_not_read_forever(cli: Cli) -> None:
    result = cli("render", "/dev/zero")
    assert result.exit_code == 1
    assert "/dev/zero: this is not a regular file (a device, a pipe or a socket)" in result.stderr


@POSIX
def test_endless_standard_input_stops_at_the_size_limit() -> None:
    with open("/dev/zero", "rb") as zeros:
        done = _run("validate", "-", stdin=zeros)
    assert done.returncode == 1
    assert "larger than 5 MB" in done.stdout + done.stderr and "Traceback" not in done.stderr


def test_large_standard_input_is_refused(cli: Cli) -> None:
    result = cli("render", "-", input="#" * (guard.MAX_BYTES + 10))
    assert result.exit_code == 1 and "<stdin>: the file is larger than 5 MB" in result.stderr


@POSIX
def test_a_fifo_as_input_or_output_is_refused_without_waiting(cli: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.answers.yml"
    os.mkfifo(fifo)
    read = cli("render", str(fifo))
    assert read.exit_code == 1 and "not a regular file" in read.stderr
    out = tmp_path / "pipe.md"
    os.mkfifo(out)
    wrote = cli("render", str(EXAMPLE_ANSWERS), "-o", str(out))
    assert wrote.exit_code == 1 and f"{out}: this is not a regular file" in wrote.stderr
    checked = cli("render", str(EXAMPLE_ANSWERS), "-o", str(out), "--check")
    assert checked.exit_code == 1 and "not a regular file" in checked.stderr


@POSIX
def test_a_device_as_output_is_refused_not_read(cli: Cli) -> None:
    for extra in ([], ["--check"], ["--force"]):
        result = cli("render", str(EXAMPLE_ANSWERS), "-o", "/dev/full", *extra)
        assert result.exit_code == 1
        assert "/dev/full: this is not a regular file" in result.stderr


# -- one guard for every file written ------------------------------------------------------------


def test_export_does_not_replace_an_answers_file(cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "t.answers.yml"
    shutil.copy(EXAMPLE_ANSWERS, answers)
    before = answers.read_bytes()
    result = cli("export", str(answers), "-t", "actions", "-o", str(answers))
    assert (
        result.exit_code == 1
        and "not overwritten: spreadkit did not write this file" in result.stderr
    )
    assert answers.read_bytes() == before
    forced = cli("export", str(answers), "-t", "actions", "-o", str(answers), "--force")
    assert forced.exit_code == 0
    assert (tmp_path / "t.answers.yml.bak").read_bytes() == before


def test_export_replaces_its_own_earlier_export(cli: Cli, tmp_path: Path) -> None:
    for args in ([], ["-f", "json"]):
        target = tmp_path / f"actions{len(args)}.out"
        for _ in range(2):
            result = cli("export", str(EXAMPLE_ANSWERS), "-t", "actions", *args, "-o", str(target))
            assert result.exit_code == 0, result.stderr
        assert not target.with_name(target.name + ".bak").exists()


def test_schema_does_not_overwrite_a_hand_edited_plan(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "t.plan.md"
    assert cli("render", str(EXAMPLE_ANSWERS), "-o", str(plan)).exit_code == 0
    plan.write_text(plan.read_text(encoding="utf-8") + "my notes\n", encoding="utf-8")
    edited = plan.read_bytes()
    result = cli("schema", "-o", str(plan))
    assert result.exit_code == 1 and "not overwritten" in result.stderr
    assert plan.read_bytes() == edited
    schema = tmp_path / "s.json"
    assert cli("schema", "-o", str(schema)).exit_code == 0
    assert cli("schema", "-o", str(schema)).exit_code == 0  # its own: replaced without fuss


def test_a_pdf_output_is_checked_before_printing(cli: Cli, tmp_path: Path) -> None:
    mine = tmp_path / "board-paper.pdf"
    mine.write_bytes(b"%PDF-1.4 a paper of my own\n%%EOF\n")
    result = cli("render", str(EXAMPLE_ANSWERS), "-f", "pdf", "-o", str(mine))
    assert result.exit_code == 1
    assert "not overwritten: spreadkit did not write this file" in result.stderr
    assert mine.read_bytes() == b"%PDF-1.4 a paper of my own\n%%EOF\n"


def test_a_pdf_spreadkit_wrote_is_recognised_until_changed(tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    planfile.write_pdf(target, b"%PDF-1.7\nfirst\n%%EOF\n")
    assert planfile.verdict(target.read_bytes()) is None
    planfile.write_pdf(target, b"%PDF-1.7\nsecond\n%%EOF\n")  # its own: replaced
    with target.open("ab") as pdf:
        pdf.write(b"an incremental update by another program\n%%EOF\n")
    assert planfile.verdict(target.read_bytes()) == "it was edited since spreadkit wrote it"


def test_text_after_the_stamp_is_an_edit(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.md"
    assert cli("render", str(EXAMPLE_ANSWERS), "-o", str(plan)).exit_code == 0
    with plan.open("a", encoding="utf-8") as handle:
        handle.write("A note added at the end\n")
    result = cli("render", str(EXAMPLE_ANSWERS), "-o", str(plan))
    assert result.exit_code == 1
    assert "it was edited by hand since spreadkit wrote it" in result.stderr
    assert "did not write" not in result.stderr


def test_a_batch_reports_every_refused_write(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    out.mkdir()
    names = []
    for team in ("north", "south"):
        answers = tmp_path / f"{team}.answers.yml"
        shutil.copy(EXAMPLE_ANSWERS, answers)
        names.append(str(answers))
        (out / f"{team}.plan.md").write_text("mine\n", encoding="utf-8")
    missing = str(tmp_path / "east.answers.yml")
    result = cli("render", names[0], missing, names[1], "--out-dir", str(out))
    assert result.exit_code == 1
    for team in ("north", "south"):
        assert f"{out / team}.plan.md: not overwritten" in result.stderr
    assert f"{missing}: no such file" in result.stderr
    assert (out / "south.plan.md").read_text(encoding="utf-8") == "mine\n"


def test_new_with_force_keeps_the_answers_it_replaces(cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "t.answers.yml"
    shutil.copy(EXAMPLE_ANSWERS, answers)
    assert cli("new", str(answers)).exit_code == 1
    assert cli("new", str(answers), "--force").exit_code == 0
    assert (tmp_path / "t.answers.yml.bak").read_bytes() == EXAMPLE_ANSWERS.read_bytes()


def test_templates_export_force_keeps_edited_templates(cli: Cli, tmp_path: Path) -> None:
    assert cli("templates", "export", str(tmp_path)).exit_code == 0
    assert cli("templates", "export", str(tmp_path)).exit_code == 0  # identical: nothing to lose
    (tmp_path / "plan.css").write_text("body { color: teal }\n", encoding="utf-8")
    refused = cli("templates", "export", str(tmp_path))
    assert refused.exit_code == 1 and "plan.css already here" in refused.stderr
    assert cli("templates", "export", str(tmp_path), "--force").exit_code == 0
    assert (tmp_path / "plan.css.bak").read_text(encoding="utf-8") == "body { color: teal }\n"


@POSIX
def test_a_symlinked_answers_file_is_written_through_to_its_target(
    tmp_path: Path, framework: Framework
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "team.answers.yml"
    shutil.copy(EXAMPLE_ANSWERS, target)
    link = tmp_path / "team.answers.yml"
    link.symlink_to(target)
    answers = read_answers(link, framework).with_detail("title", "Updated through the link")
    write_answers(link, answers, framework)
    assert link.is_symlink()
    assert read_answers(target, framework).details["title"] == "Updated through the link"


def test_stray_temp_files_from_a_killed_write_are_swept(
    tmp_path: Path, framework: Framework
) -> None:
    path = tmp_path / "team.answers.yml"
    old = tmp_path / ".team.answers.yml.k3x_9abz.tmp"  # left by kill -9 long ago
    recent = tmp_path / ".team.answers.yml.q8w2e4r6.tmp"  # another write, still going
    other = tmp_path / ".team.answers.yml.notes.tmp"  # not a name spreadkit makes
    for stray in (old, recent, other):
        stray.write_text("half", encoding="utf-8")
    long_ago = time.time() - atomic.STRAY_AFTER - 60
    os.utime(old, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    write_answers(path, Answers.empty(framework), framework)
    assert not old.exists()
    assert recent.exists() and other.exists()


def test_a_batch_of_writes_lists_the_folder_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sweeping stray temp files after every write listed the whole folder each time: O(N²)."""
    listed = []
    real_scandir = os.scandir

    def counting_scandir(path):  # type: ignore[no-untyped-def]
        listed.append(path)
        return real_scandir(path)

    monkeypatch.setattr(atomic.os, "scandir", counting_scandir)
    stray = tmp_path / ".plan-7.md.k3x_9abz.tmp"
    stray.write_text("half", encoding="utf-8")
    long_ago = time.time() - atomic.STRAY_AFTER - 60
    os.utime(stray, (long_ago, long_ago))
    for number in range(50):
        atomic.write_text_atomic(tmp_path / f"plan-{number}.md", "x", durable=False)
    assert len(listed) == 1
    assert not stray.exists()  # still swept, when plan-7.md was written
