"""Errors that say whose they are: a user's mistake is one line and exit 1, a closed pipe ends
quietly, and only a fault in spreadkit itself is "unexpected" (exit 70). README "Reliability"."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from spreadkit.cli import app
from spreadkit.core.errors import ExitStatus

from .conftest import EXAMPLE_ANSWERS, EXAMPLES, Cli

SPREADKIT = [sys.executable, "-m", "spreadkit"]
NOT_UTF8 = b"title: caf\xe9 \xff\xfe\n"


def _one_clean_error(result: object, *expected: str) -> None:
    """Exit 1 and one `error:` line that says what and where, and never "unexpected"."""
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    assert "unexpected problem" not in lines[0] and "Traceback" not in result.output  # type: ignore[attr-defined]
    for text in expected:
        assert text in lines[0], lines[0]


def test_render_check_against_a_plan_that_is_not_utf8(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "team.plan.md"
    plan.write_bytes(NOT_UTF8)
    result = cli("render", str(EXAMPLE_ANSWERS), "--check", "--output", str(plan))
    _one_clean_error(result, str(plan), "not UTF-8")
    assert plan.read_bytes() == NOT_UTF8


def test_a_chart_kind_that_is_not_text_is_the_packs_mistake(cli: Cli, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(EXAMPLES / "sw-network-pack", pack)
    step = pack / "step-04-funding.yml"
    step.write_text(
        step.read_text(encoding="utf-8") + "charts:\n  - kind: [bars]\n    title: Money\n",
        encoding="utf-8",
    )
    for args in (["content", "check", str(pack)], ["steps", "--content", str(pack)]):
        result = cli(*args)
        _one_clean_error(result, f"{step}:", "charts[0].kind", "expected one of: bars, curve")


@pytest.mark.parametrize("value", ["²", "³", "½"])
def test_set_with_a_digit_that_is_not_a_number(cli: Cli, value: str) -> None:
    result = cli("render", str(EXAMPLE_ANSWERS), "--set", f"implement.timescale_realism={value}")
    _one_clean_error(result, "--set", "implement.timescale_realism", "whole number from 1 to 5")


def test_a_step_number_that_is_a_superscript_is_not_found(cli: Cli) -> None:
    _one_clean_error(cli("show", "²"), "no step '²'")


def test_pdf_under_a_path_that_is_a_file(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "plans").write_text("a file, not a folder", encoding="utf-8")
    target = tmp_path / "plans" / "team.pdf"
    result = cli("render", str(EXAMPLE_ANSWERS), "--format", "pdf", "--output", str(target))
    _one_clean_error(result, str(target), "cannot write here")


@pytest.mark.parametrize("command", [["validate", "-"], ["render", "-"], ["status", "-"]])
def test_standard_input_that_is_not_utf8(cli: Cli, command: list[str]) -> None:
    result = cli.runner.invoke(app, command, input=NOT_UTF8, catch_exceptions=False)
    if command[0] == "validate":  # validate reports on standard output, per file
        assert result.exit_code == 1 and "unexpected" not in result.output
        assert "error: <stdin>: not UTF-8 text (byte 10)" in result.stdout
    else:
        _one_clean_error(result, "<stdin>", "not UTF-8 text (byte 10)")


def test_standard_input_that_is_not_utf8_from_a_real_pipe(tmp_path: Path) -> None:
    done = subprocess.run(
        [*SPREADKIT, "render", "-"], input=NOT_UTF8, capture_output=True, cwd=tmp_path
    )
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [
        "error: <stdin>: not UTF-8 text (byte 10) (save it as UTF-8)"
    ]


def _closed_pipe_run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run spreadkit with its standard output a pipe whose reader has already gone."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        return subprocess.run([*SPREADKIT, *args], stdout=writer, stderr=subprocess.PIPE, cwd=cwd)
    finally:
        os.close(writer)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
@pytest.mark.parametrize(
    "args",
    [
        ["steps"],  # rich output
        ["show", "2"],
        ["render", str(EXAMPLE_ANSWERS)],  # plain writes
        ["export", str(EXAMPLE_ANSWERS), "--table", "actions"],
        ["schema"],
    ],
    ids=["steps", "show", "render", "export", "schema"],
)
def test_a_closed_pipe_ends_quietly(args: list[str], tmp_path: Path) -> None:
    done = _closed_pipe_run(args, tmp_path)
    assert done.stderr == b""  # no traceback, no error line, no "Exception ignored"
    assert done.returncode == ExitStatus.BROKEN_PIPE == 141


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
def test_a_reader_that_stops_early_ends_it_quietly(tmp_path: Path) -> None:
    """`spreadkit schema | head -1`, with a real reader that stops after one line."""
    writer = subprocess.Popen(
        [*SPREADKIT, "schema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path
    )
    assert writer.stdout is not None and writer.stderr is not None
    first = writer.stdout.readline()
    writer.stdout.close()
    errors = writer.stderr.read()
    assert writer.wait() in (0, ExitStatus.BROKEN_PIPE)  # 0 when it all fitted in the pipe
    assert first.startswith(b"{") and errors == b""


def test_a_cache_folder_that_cannot_be_written_is_simply_not_used(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    unwritable = [str(blocker), str(blocker / "cache")]
    if Path("/proc/self").is_dir():
        unwritable.append("/proc/self")  # exists, is a folder, and refuses new files even to root
    expected = subprocess.run(
        [*SPREADKIT, "render", str(EXAMPLE_ANSWERS)],
        capture_output=True,
        env={**os.environ, "SPREADKIT_CACHE": ""},
    ).stdout
    for folder in unwritable:
        env = {**os.environ, "SPREADKIT_CACHE": folder}
        for args in (["render", str(EXAMPLE_ANSWERS)], ["steps"]):
            done = subprocess.run([*SPREADKIT, *args], capture_output=True, env=env, cwd=tmp_path)
            assert (done.returncode, done.stderr) == (0, b""), (folder, done.stderr)
            if args[0] == "render":
                assert done.stdout == expected


def test_a_bug_is_exit_70_not_a_users_mistake(monkeypatch: pytest.MonkeyPatch) -> None:
    from spreadkit.app import commands

    def broken(env: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(commands, "list_steps", broken)
    result = Cli()("steps")
    assert result.exit_code == ExitStatus.BUG == 70
    assert result.stderr.count("\n") == 1 and "unexpected problem" in result.stderr
