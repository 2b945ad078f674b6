"""``cli.quick``: ``--help`` from the cache and the commonest ``plan`` lines, without typer, must
say and do exactly what typer says and does (issue 30, start-up)."""

from __future__ import annotations

import inspect
import os
import sys
from pathlib import Path
from unittest import mock

import pytest
import typer
from typer.testing import CliRunner

from spreadkit.app import planning, rendering
from spreadkit.cli import app, entry, file_commands, quick
from spreadkit.cli import planning as cli_planning
from spreadkit.cli.plan_start import start_plan
from spreadkit.cli.render_start import start_render
from spreadkit.core import records
from spreadkit.core.errors import ExitStatus


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    with group.make_context("spreadkit", ["--help"], resilient_parsing=True) as context:
        return list(group.list_commands(context))  # type: ignore[attr-defined]


def _typers(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | str | None, str]:
    """What typer itself prints for ``spreadkit ARGS`` (CliRunner would force 80 columns)."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        app(args, prog_name="spreadkit")
    return done.value.code, capsys.readouterr().out


def _entry(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | str | None, str]:
    """``spreadkit ARGS`` as the installed command runs it (``cli.entry.main``), in this process."""
    capsys.readouterr()
    old = sys.argv
    sys.argv = ["spreadkit", *args]
    try:
        # the class-code book is the command line's; a test compiles as usual (core.records)
        with mock.patch.object(records, "keep_between_runs"), pytest.raises(SystemExit) as done:
            entry.main()
    finally:
        sys.argv = old
    return done.value.code, capsys.readouterr().out


def _typer_then_quick(
    args: list[str],
    module: object,
    name: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> list[tuple[object, ...]]:
    """``spreadkit ARGS`` through typer, then started without it: what the command's function
    (``module.name``) was handed each time, which must be the same, with exit 0 both times."""
    calls: list[tuple[object, ...]] = []

    def recorded(env: object, options: object, *more: object) -> ExitStatus:
        calls.append((options, env.content, env.templates))  # type: ignore[attr-defined]
        return ExitStatus.OK

    monkeypatch.setattr(module, name, recorded)
    code = CliRunner().invoke(app, args, prog_name="spreadkit").exit_code
    _without_typer(monkeypatch)
    assert _entry(args, capsys)[0] == code == 0
    assert len(calls) == 2 and calls[0] == calls[1]
    return calls


def _without_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, reaching the typer app fails: what runs is cli.quick alone."""
    monkeypatch.setitem(sys.modules, "spreadkit.cli.commands", None)


@pytest.mark.parametrize("columns", ["100", "60"])
def test_help_from_the_cache_is_typers_own_text_for_every_command(
    columns: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SPREADKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", columns)
    lines = [["--help"]] + [[name, "--help"] for name in _commands()]
    assert len(lines) > 15
    expected = {tuple(args): _typers(args, capsys) for args in lines}
    for args in lines:  # the first time: typer answers, and its text is kept
        assert _entry(args, capsys) == expected[tuple(args)], args
    kept = sorted(p.name for p in (tmp_path / "cache").iterdir() if p.name.startswith("help-"))
    assert len(kept) == len(lines)
    _without_typer(monkeypatch)
    for args in lines:  # then from the cache, byte for byte the same
        code, text = expected[tuple(args)]
        assert code == 0 and "Usage: spreadkit" in text
        assert _entry(args, capsys) == (code, text), args


def test_help_kept_for_one_width_is_not_shown_at_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SPREADKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "120")
    wide = _entry(["render", "--help"], capsys)
    monkeypatch.setenv("COLUMNS", "52")
    narrow = _entry(["render", "--help"], capsys)
    assert wide != narrow and narrow == _typers(["render", "--help"], capsys)
    monkeypatch.setenv("LANGUAGE", "cy")  # another language setting: another entry
    assert quick.help_entry(["render", "--help"]) not in {
        p.name for p in (tmp_path / "cache").iterdir()
    }


def test_a_help_line_that_fails_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SPREADKIT_CACHE", str(tmp_path / "cache"))
    code, _ = _entry(["no-such-command", "--help"], capsys)
    assert code == 2 == _typers(["no-such-command", "--help"], capsys)[0]
    assert not any(p.name.startswith("help-") for p in (tmp_path / "cache").iterdir())


def test_a_damaged_help_entry_is_not_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SPREADKIT_CACHE", str(tmp_path / "cache"))
    first = _entry(["--help"], capsys)
    (kept,) = (tmp_path / "cache").glob("help-*")
    kept.write_bytes(kept.read_bytes().replace(b"Usage", b"Usaje"))
    assert _entry(["--help"], capsys) == first  # not trusted: typer answers again


def test_lines_left_to_typer() -> None:
    for args in (
        ["--version"],
        ["--help", "plan"],
        ["plan", "--help", "--help"],
        ["--traceback", "--help"],
        ["-x", "--help"],
    ):
        assert quick.help_entry(args) is None, args
    for args in (
        [],
        ["render"],
        ["plan", "team.answers.yml"],  # typer's plan says where the file goes
        ["plan", "--answers"],
        ["plan", "--answers", "--no-input"],
        ["plan", "--answers="],
        ["plan", "-ateam.answers.yml"],
        ["plan", "--answers", "a.yml", "--no-input"],
        ["plan", "--step", "1"],
        ["--traceback", "plan"],
    ):
        assert quick.plan_answers(args) is None, args
    assert quick.plan_answers(["plan", "-a", "a.yml"]) == Path("a.yml")


def test_shell_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_SPREADKIT_COMPLETE", "bash_complete")
    assert quick.help_entry(["--help"]) is None
    assert quick.plan_answers(["plan"]) is None
    assert quick.render_options(["render", "a.yml"]) is None


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="needs POSIX permissions")
def test_an_unreadable_answers_file_gets_typers_message(tmp_path: Path) -> None:
    locked = tmp_path / "locked.answers.yml"
    locked.write_text("plan: {}\n", encoding="utf-8")
    locked.chmod(0)
    assert quick.plan_answers(["plan", "--answers", str(locked)]) is None


def test_plan_started_here_has_typers_defaults() -> None:
    typers = inspect.signature(cli_planning.plan).parameters
    ours = inspect.signature(start_plan).parameters
    assert set(typers) - {"context"} == set(ours) - {"extra"}
    for name, parameter in ours.items():
        if name != "extra":
            assert parameter.default == typers[name].default, name


@pytest.mark.parametrize(
    "args",
    [
        ["plan"],
        ["plan", "--answers", "team.answers.yml"],
        ["plan", "-a", "team.answers.yml"],
        ["plan", "--answers=team.answers.yml"],
        ["plan", "--answers", "sub/other.answers.yml"],
    ],
)
def test_quick_plan_runs_what_typers_plan_runs(
    args: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert quick.plan_answers(args) is not None
    calls = _typer_then_quick(args, planning, "run_plan", monkeypatch, capsys)
    assert calls[1][0].formats and not calls[1][0].no_input  # type: ignore[attr-defined]


def test_no_cache_no_help_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPREADKIT_CACHE", "")  # the cache turned off: typer answers every time
    assert quick.help_entry(["--help"]) is None


def test_render_started_here_has_typers_defaults() -> None:
    typers = inspect.signature(file_commands.render).parameters
    ours = inspect.signature(start_render).parameters
    assert list(typers) == list(ours)
    for name, parameter in ours.items():
        assert parameter.default == typers[name].default, name


@pytest.mark.parametrize(
    "args",
    [
        ["render", "a.answers.yml"],
        ["render", "a.answers.yml", "b.answers.yml", "--out-dir", "out", "--jobs", "1"],
        ["render", "a.answers.yml", "--out-dir", "out", "-d", "workbook", "-f", "html", "-j", "2"],
        ["render", "--document", "board", "a.answers.yml", "--format", "md", "--force"],
        ["render", "a.answers.yml", "-o", "plan.html", "--check", "--as-of", "2027-01-01"],
        ["render", "a.answers.yml", "--output", "plan.pdf", "--set", "x.y=1", "--set", "z=-2"],
        ["render", "a.answers.yml", "--format", "docx", "--output", "plan.doc"],
        ["render", "a.answers.yml", "--template", "mine", "--jobs", "007"],
    ],
)
def test_quick_render_runs_what_typers_render_runs(
    args: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine").mkdir()
    assert quick.render_options(args) is not None
    _typer_then_quick(args, rendering, "render", monkeypatch, capsys)


def test_render_lines_left_to_typer() -> None:
    for args in (
        ["render"],  # typer says the files are missing
        ["render", "-"],
        ["render", "a.yml", "--"],
        ["render", "a.yml", "--format=html"],
        ["render", "a.yml", "-fhtml"],
        ["render", "a.yml", "--format", "HTML"],
        ["render", "a.yml", "--format", "txt"],
        ["render", "a.yml", "--document", "Board"],
        ["render", "a.yml", "--jobs", "two"],
        ["render", "a.yml", "--jobs", "-1"],
        ["render", "a.yml", "--jobs", "٣"],
        ["render", "a.yml", "--out-dir"],
        ["render", "a.yml", "--out-dir", ""],
        ["render", "a.yml", "--out-dir", "--force"],
        ["render", "a.yml", "--out-dir", "x", "--out-dir", "y"],
        ["render", "a.yml", "--force", "--force"],
        ["render", "a.yml", "--help"],
        ["render", "a.yml", "--traceback"],
        ["render", "a.yml", "--no-check"],
        ["--traceback", "render", "a.yml"],
    ):
        assert quick.render_options(args) is None, args
    assert quick.render_options(["render", "a.yml", "-j", "2"]) == {"answers": ["a.yml"], "jobs": 2}
