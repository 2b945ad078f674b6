"""The command line as a newcomer meets it (issue 14, item 4): formats, packs, hints, dates, typos."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from spreadkit.framework import values
from spreadkit.framework.model import Framework

from .conftest import EXAMPLE_ANSWERS

# -- render: the format follows --output ---------------------------------------------------------


def test_render_output_html_writes_html(cli, tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    result = cli("render", str(EXAMPLE_ANSWERS), "--output", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_render_output_pdf_is_a_pdf_not_markdown(cli, tmp_path: Path) -> None:
    # No Chromium needed to see the choice: a PDF refuses --check, Markdown would not.
    result = cli("render", str(EXAMPLE_ANSWERS), "--output", str(tmp_path / "plan.pdf"), "--check")
    assert result.exit_code == 2
    assert "a PDF needs --output PLAN.pdf" in result.output


def test_check_of_an_html_plan_compares_html(cli, tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    made = cli("render", str(EXAMPLE_ANSWERS), "--format", "html", "-o", str(target))
    assert made.exit_code == 0
    result = cli("render", str(EXAMPLE_ANSWERS), "--check", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert f"{target}: up to date" in result.output


def test_check_never_advises_overwriting_a_plan_of_another_format(cli, tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    assert cli("render", str(EXAMPLE_ANSWERS), "-o", str(target)).exit_code == 0
    before = target.read_bytes()
    result = cli(
        "render", str(EXAMPLE_ANSWERS), "--format", "md", "--check", "--output", str(target)
    )
    assert result.exit_code == 2
    assert "--format md does not match --output" in result.output
    assert "--format md --output" not in result.output  # no command that would overwrite it
    assert target.read_bytes() == before


@pytest.mark.parametrize("name", ["x.odt", "plan", "plan.txt", "PLAN.ODT"])
def test_render_refuses_an_output_extension_it_cannot_write(cli, tmp_path: Path, name: str) -> None:
    """Issue: `render -o x.docx` silently wrote Markdown into a .docx file (now .docx is Word:
    tests/test_office.py)."""
    target = tmp_path / name
    result = cli("render", str(EXAMPLE_ANSWERS), "-o", str(target))
    assert result.exit_code == 2, result.output
    said = " ".join(result.stderr.split())
    assert f"--output {target}" in said
    assert ".md, .markdown, .html, .htm, .pdf or .docx" in said and "--format" in said
    assert not target.exists()
    # an explicit --format still writes that format under any name
    written = cli("render", str(EXAMPLE_ANSWERS), "--format", "md", "-o", str(target))
    assert written.exit_code == 0, written.output
    assert target.read_text(encoding="utf-8").startswith("#")


def test_export_help_does_not_hard_code_the_tables(cli) -> None:
    """Issue: the help named three tables; the content exports more, and may change."""
    shown = " ".join(cli("export", "--help").stdout.split())
    assert "stakeholders or communications" not in shown
    assert "such as actions" in shown and "lists them" in shown
    listed = cli("export", str(EXAMPLE_ANSWERS), "--table", "x")
    assert listed.exit_code == 1
    for table in ("actions", "phases", "sites", "risks", "budget", "stakeholders"):
        assert table in listed.stderr


@pytest.mark.parametrize("spelled", ["HTML", "Html"])
def test_format_is_accepted_in_any_case(cli, tmp_path: Path, spelled: str) -> None:
    result = cli("render", str(EXAMPLE_ANSWERS), "--format", spelled)
    assert result.exit_code == 0, result.output
    assert "<html" in result.output.lower()
    assert cli("validate", str(EXAMPLE_ANSWERS), "--format", "JSON").exit_code == 0


# -- content packs are recorded and asked for ------------------------------------------------------


@pytest.fixture
def pack(cli, tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    assert cli("content", "init", str(folder)).exit_code == 0
    return folder


def test_new_with_a_pack_records_the_pack(cli, tmp_path: Path, pack: Path) -> None:
    answers = tmp_path / "team.answers.yml"
    assert cli("new", str(answers), "--content", str(pack)).exit_code == 0
    assert 'pack:\n  id: "my-pack"\n  version: "1"\n' in answers.read_text(encoding="utf-8")
    result = cli("validate", str(answers))  # without the pack
    assert result.exit_code == 1
    assert "made with the content pack 'my-pack' version 1" in result.output
    assert "add --content FOLDER" in result.output
    assert cli("validate", str(answers), "--content", str(pack)).exit_code == 0
    schema = json.loads((tmp_path / "spreadkit.schema.json").read_text(encoding="utf-8"))
    made = yaml.safe_load(answers.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(made)  # an editor accepts it too


def test_render_without_the_pack_says_so_rather_than_dropping_its_answers(
    cli, tmp_path: Path, pack: Path
) -> None:
    text = EXAMPLE_ANSWERS.read_text(encoding="utf-8")
    text = text.replace("answers:\n", 'pack:\n  id: my-pack\n  version: "1"\nanswers:\n', 1)
    text = text.replace("  implement:\n", "  implement:\n    funding_sources: [trust]\n", 1)
    answers = tmp_path / "team.answers.yml"
    answers.write_text(text, encoding="utf-8")
    result = cli("render", str(answers))
    assert result.exit_code == 1
    assert "'my-pack'" in result.output and "--content" in result.output
    assert "Trust budgets" not in result.output
    assert cli("plan", "--answers", str(answers), "--no-input").exit_code == 1
    with_pack = cli("render", str(answers), "--content", str(pack), "-d", "workbook")
    assert with_pack.exit_code == 0, with_pack.output
    assert "Trust budgets" in with_pack.output


# -- hints name spreadkit as it was run -------------------------------------------------------


@pytest.fixture
def off_path(monkeypatch, tmp_path: Path) -> Path:
    """spreadkit run as .venv/bin/spreadkit, with no spreadkit on PATH (the README's install)."""
    program = tmp_path / "venv" / "bin" / "spreadkit"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", [str(program), "render"])
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    return program


def test_hints_name_the_program_as_run_when_not_on_path(cli, tmp_path: Path, off_path) -> None:
    answers = tmp_path / "team.answers.yml"
    made = cli("new", str(answers))
    assert f"Check it with: {off_path} validate {answers}" in made.output
    checked = cli("render", str(EXAMPLE_ANSWERS), "--check", "-o", str(tmp_path / "p.md"))
    assert f"make it with: {off_path} render {EXAMPLE_ANSWERS}" in checked.output
    no_input = cli("plan", "--answers", str(tmp_path / "none.answers.yml"), "--no-input")
    assert f"`{off_path} new " in no_input.output
    steps = " ".join(cli("steps").output.split())
    assert f"See a step with: {off_path} show 1" in steps


def test_hints_say_python_m_when_run_that_way(cli, monkeypatch, tmp_path: Path) -> None:
    import spreadkit

    main = Path(spreadkit.__file__).with_name("__main__.py")
    monkeypatch.setattr(sys, "argv", [str(main), "new"])
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = cli("new", str(tmp_path / "a.answers.yml"))
    assert f"Check it with: {shlex.quote(sys.executable)} -m spreadkit validate" in result.output


def test_hints_say_spreadkit_when_it_is_on_path(cli, monkeypatch, off_path) -> None:
    monkeypatch.setenv("PATH", str(off_path.parent))
    off_path.chmod(0o755)
    result = cli("new", str(off_path.parent / "a.answers.yml"))
    assert "Check it with: spreadkit validate" in result.output


@pytest.mark.skipif(os.name == "nt", reason="runs the printed hint through a POSIX shell")
def test_a_printed_hint_runs_as_printed(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": "/usr/bin:/bin", "SPREADKIT_CACHE": ""}
    made = subprocess.run(
        [sys.executable, "-m", "spreadkit", "new", "team.answers.yml"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    hint = re.search(r"Check it with: (.*)$", made.stderr, flags=re.M)
    assert hint is not None, made.stderr
    ran = subprocess.run(
        ["/bin/sh", "-c", hint.group(1)], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr


# -- dates in answers files ------------------------------------------------------------------------


def test_every_bad_date_is_reported_at_once_in_words(cli, tmp_path: Path) -> None:
    answers = tmp_path / "d.answers.yml"
    answers.write_text(
        "plan:\n  created: 2027-02-30\n"
        "answers:\n  implement:\n    start_date: 2027-15-01\n    end_date: 03/04/2027\n",
        encoding="utf-8",
    )
    result = cli("validate", str(answers))
    assert result.exit_code == 1
    assert ":2: plan.created: day 30 does not exist in February 2027" in result.output
    assert ":5: answers.implement.start_date: month 15 does not exist" in result.output
    assert (
        ":6: answers.implement.end_date: '03/04/2027' could mean 3 April 2027 or 4 March 2027 "
        "(write it as YYYY-MM-DD: 2027-04-03 for 3 April 2027)"
    ) in result.output


def test_uk_dates_stay_accepted_where_a_person_types_them(framework: Framework) -> None:
    start = framework.section("implement").question("start_date")  # type: ignore[union-attr]
    assert values.check(start, "03/04/2027") == dt.date(2027, 4, 3)
    with pytest.raises(values.BadValue, match="month 15 does not exist"):
        values.check(start, "2027-15-01")


# -- typos, paths, empty files, tabs, positional files -------------------------------------------


def test_a_mistyped_answers_file_gets_did_you_mean(cli, tmp_path: Path) -> None:
    shutil.copy(EXAMPLE_ANSWERS, tmp_path / "team.answers.yml")
    result = cli("render", str(tmp_path / "team.answer.yml"))
    assert result.exit_code == 1
    assert f"no such file (did you mean {tmp_path / 'team.answers.yml'}?)" in result.output


@pytest.mark.skipif(os.sep != "/", reason="a backslash is a folder separator on Windows")
def test_a_windows_path_gets_a_hint(cli, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").mkdir()
    shutil.copy(EXAMPLE_ANSWERS, tmp_path / "examples" / "x.answers.yml")
    result = cli("render", "examples\\x.answers.yml")
    assert result.exit_code == 1
    assert "separated by /, not \\: examples/x.answers.yml" in result.output
    planned = cli("plan", "--answers", "examples\\new.answers.yml", "--no-input")
    assert planned.exit_code == 2
    assert "did you mean --answers examples/new.answers.yml?" in planned.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["examples"]  # nothing made


def test_a_tab_in_yaml_is_named_as_a_tab(cli, tmp_path: Path) -> None:
    answers = tmp_path / "t.answers.yml"
    answers.write_text("answers:\n  analyse:\n\t  problem: x\n", encoding="utf-8")
    result = cli("validate", str(answers))
    assert result.exit_code == 1
    assert ":3: not valid YAML: a tab character" in result.output


def test_plan_with_a_positional_file_suggests_answers(cli) -> None:
    result = cli("plan", "team.answers.yml")
    assert result.exit_code == 2
    assert "spreadkit plan --answers team.answers.yml" in result.output


def test_an_empty_answers_file_starts_a_new_plan(tmp_path: Path) -> None:
    import io

    from spreadkit.app.planning import PlanOptions, run_plan
    from spreadkit.core.environment import Environment
    from spreadkit.core.errors import ExitStatus
    from spreadkit.core.formats import PlanFormat

    from .scripted import ScriptedPrompter

    answers = tmp_path / "team.answers.yml"
    answers.write_text("# to fill in\n", encoding="utf-8")
    env = Environment(
        stdin=io.StringIO(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin_isatty=True,
        stdout_isatty=True,
        variables={"NO_COLOR": "1"},
    )
    options = PlanOptions(answers, None, (PlanFormat.MARKDOWN,))
    prompter = ScriptedPrompter([("Title of the plan", "From an empty file")])
    assert run_plan(env, options, lambda: prompter) is ExitStatus.OK
    assert "title: From an empty file" in answers.read_text(encoding="utf-8")
    assert not any("not finished" in message for message in prompter.asked)


# -- spreadkit plan | tee log ------------------------------------------------------------------


def test_plan_into_a_pipe_says_how_to_keep_a_log(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect", reason="needs a pseudo-terminal (not on Windows)")
    exe = shutil.which("spreadkit", path=str(Path(sys.executable).parent))
    assert exe is not None
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1", "SPREADKIT_CACHE": ""}
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", f'{{ {shlex.quote(exe)} plan; echo "exit=$?" >&2; }} | cat > log.txt'],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 250),
    )
    child.expect(pexpect.EOF)
    said = re.sub(r"\s+", " ", child.before)
    assert "cannot go into a pipe or a file" in said
    assert "script spreadkit-session.log" in said
    assert "exit=2" in said
    assert not (tmp_path / "spread-plan.answers.yml").exists()
