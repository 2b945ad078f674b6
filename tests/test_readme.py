"""README.md's commands are the ones CI runs, its console examples show real output, and the
CI recipe in docs/answers-files-and-ci.md works as written."""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _console_blocks() -> list[tuple[list[str], str]]:
    blocks = []
    for body in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        first, _, rest = body.partition("\n")
        assert first.startswith("$ spreadkit ")
        blocks.append((first[len("$ spreadkit ") :].split(), rest))
    return blocks


def test_readme_opens_with_the_two_commands() -> None:
    commands = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    assert commands[0].endswith("spreadkit plan")
    assert commands[1].endswith("python -m pytest")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command, checks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)[1:3]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci
    assert checks in ci  # lint, formatting and types: their own step, after the tests
    assert all(f"-m {tool}" in checks for tool in ("ruff check", "ruff format --check", "mypy"))


@pytest.mark.parametrize(
    ("args", "expected"),
    _console_blocks(),
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_console_examples_are_real(
    cli, monkeypatch, tmp_path, args: list[str], expected: str
) -> None:
    monkeypatch.chdir(ROOT)
    if "--output" in args:  # write into a temp folder, but show the plain name as the README does
        monkeypatch.chdir(tmp_path)
        args = [str(ROOT / a) if a.startswith("examples/") else a for a in args]
    result = cli(*args)
    shown = "\n".join(line.rstrip() for line in result.output.splitlines())
    assert shown.strip() == expected.strip()


def _ci_commands() -> list[str]:
    guide = (ROOT / "docs" / "answers-files-and-ci.md").read_text(encoding="utf-8")
    section = guide.split("## Using spreadkit in CI", 1)[1]
    workflow = re.search(r"```yaml\n(.*?)```", section, flags=re.S)
    assert workflow is not None
    return [
        line.strip().removeprefix("run: ")
        for line in workflow.group(1).splitlines()
        if "spreadkit " in line and "pip" not in line
    ]


def test_the_ci_recipe_works_as_written(cli, monkeypatch, tmp_path) -> None:
    import glob
    import shlex
    import shutil

    plans = tmp_path / "plans"
    plans.mkdir()
    for path in (ROOT / "examples").glob("south-west-app.*"):
        shutil.copy(path, plans / path.name)
    monkeypatch.chdir(tmp_path)
    commands = _ci_commands()
    assert len(commands) == 5

    def run(command: str) -> int:
        args = []
        for word in shlex.split(command)[1:]:
            args.extend(sorted(glob.glob(word)) if "*" in word else [word])
        return cli(*args).exit_code

    assert [run(command) for command in commands] == [0, 0, 0, 0, 0]
    assert (tmp_path / "build" / "south-west-app.plan.html").is_file()
    stale = plans / "south-west-app.plan.md"
    stale.write_text(stale.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    assert run(commands[1]) == 1  # the stale plan fails the job
