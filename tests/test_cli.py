"""The command line as a user meets it: output, one-line errors and exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from spreadkit import __version__
from spreadkit.core.errors import ExitStatus

from .conftest import EXAMPLE_ANSWERS, EXAMPLES
from .scripted import terminal_env
from .test_content import SEED_TIPS, SEED_TOOLS


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_exit_statuses_are_the_documented_numbers() -> None:
    assert {s.name: int(s) for s in ExitStatus} == {
        "OK": 0,
        "INVALID_INPUT": 1,
        "USAGE": 2,
        "BUG": 70,
        "INTERRUPTED": 130,
        "HANGUP": 129,
        "TERMINATED": 143,
        "BROKEN_PIPE": 141,
    }


def test_version(cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"spreadkit {__version__}"


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "spreadkit", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.strip() == f"spreadkit {__version__}"


def test_steps_lists_the_five_steps(cli) -> None:
    result = cli("steps")
    assert result.exit_code == 0
    for title in [
        "Analyse the original innovation",
        "Spreading the message",
        "Getting ready to adopt",
        "Adapting and implementing",
        "Sustaining the innovation",
    ]:
        assert title in result.stdout


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_show_prints_every_tip_and_tool(cli, number: int) -> None:
    result = cli("show", str(number))
    assert result.exit_code == 0
    text = _flat(result.stdout)
    for tip in SEED_TIPS[number]:
        assert tip in text
    for tool, page in SEED_TOOLS[number]:
        assert tool in text
        if page:
            assert f"p. {page.replace('-', '–')}" in text


def test_show_accepts_ids_and_the_appendix(cli) -> None:
    assert "Spreading the message" in cli("show", "message").stdout
    appendix = _flat(cli("show", "appendix-1").stdout)
    assert "Boundary spanners" in appendix and "Champions" in appendix


def test_show_unknown_step_is_one_line_and_exit_1(cli) -> None:
    result = cli("show", "mesage")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "error: no step 'mesage': use a number from 1 to 5 or an id (did you mean 'message'?)"
    ]


def test_render_markdown_to_stdout(cli) -> None:
    result = cli("render", str(EXAMPLE_ANSWERS))
    assert result.exit_code == 0
    assert result.stdout == (EXAMPLES / "south-west-app.plan.md").read_text(encoding="utf-8")


def test_render_html_to_a_file(cli, tmp_path: Path) -> None:
    target = tmp_path / "out" / "plan.html"
    result = cli("render", str(EXAMPLE_ANSWERS), "--format", "html", "--output", str(target))
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == (EXAMPLES / "south-west-app.plan.html").read_text(
        encoding="utf-8"
    )
    assert "Wrote the plan to" in result.stderr
    assert not list(target.parent.glob("*.tmp"))


def test_render_reads_stdin(cli) -> None:
    result = cli("render", "-", input="answers:\n  analyse:\n    problem: Long waits\n")
    assert result.exit_code == 0 and "Long waits" in result.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "answers:\n  implement:\n    timescale_realism: six\n",
            "bad.answers.yml:3: answers.implement.timescale_realism: expected a whole number from 1 to 5, found text",
        ),
        ("", "bad.answers.yml: expected a mapping of keys (an answers file), found an empty file"),
        ("answers: [\n", "bad.answers.yml:2: not valid YAML"),
        ("- 1\n", "found a list"),
        ("answers:\n  x: !!python/name:os.system\n", "is not allowed"),
    ],
)
def test_bad_answers_give_one_line_and_exit_1(
    cli, tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "bad.answers.yml"
    path.write_text(content, encoding="utf-8")
    result = cli("render", str(path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0]
    assert "Traceback" not in result.output


def test_missing_file_and_folder_output(cli, tmp_path: Path) -> None:
    result = cli("render", str(tmp_path / "nope.answers.yml"))
    assert result.exit_code == 1 and "no such file" in result.stderr
    result = cli("render", str(EXAMPLE_ANSWERS), "--output", str(tmp_path))
    assert result.exit_code == 1 and "this is a folder" in result.stderr


@pytest.mark.parametrize(
    "args", [["render"], ["render", "x", "--format", "pdfx"], ["nonsense"], ["show"]]
)
def test_usage_errors_exit_2(cli, args: list[str]) -> None:
    assert cli(*args).exit_code == 2


def test_not_utf8_file(cli, tmp_path: Path) -> None:
    path = tmp_path / "latin.answers.yml"
    path.write_bytes("answers:\n  analyse:\n    problem: caf\xe9\n".encode("latin-1"))
    result = cli("render", str(path))
    assert result.exit_code == 1 and "not UTF-8 text" in result.stderr


def test_show_keeps_the_indent_of_wrapped_lines() -> None:
    """In a narrow terminal a long tip, tool or question wraps under its own words, not back to
    the first column: the lines of a list item after its first start where its words start."""
    import re

    from spreadkit.app import commands

    env = terminal_env(COLUMNS="60")
    assert commands.show_step(env, "2") is ExitStatus.OK
    shown = env.stdout.getvalue().splitlines()
    start = next(i for i, line in enumerate(shown) if line.startswith("Tips from the framework"))
    hanging = 0  # where the words of the item being read start
    checked = 0
    for line in shown[start + 1 :]:
        if not line.strip() or not line.startswith(" "):
            hanging = 0  # a blank line or a heading ends the list
            continue
        item = re.match(r"( *)(• |\s*\d+\. )", line)
        if item:
            hanging = item.end()
            continue
        assert hanging and line.startswith(" " * hanging) and line[hanging] != " ", line
        checked += 1
    assert checked > 10  # tips, tools and questions all wrapped at 60 columns
