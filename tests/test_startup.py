"""Heavy modules load only when a command needs them: start-up time is a feature (README "Performance")."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import EXAMPLE_ANSWERS

PROBE = """
import json, sys
from spreadkit.cli import main
sys.argv = ["spreadkit", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
heavy = ["typer", "questionary", "prompt_toolkit", "jinja2", "rich", "rich.markdown", "rich.table", "yaml", "yaml_rs", "pydantic", "ruamel.yaml", "docx", "openpyxl", "PIL", "lxml"]
print(json.dumps(sorted(m for m in heavy if m in sys.modules)), file=sys.stderr)
"""


def _loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    ("args", "never"),
    [
        (
            ["--help"],
            {"questionary", "prompt_toolkit", "jinja2", "yaml", "rich.markdown", "pydantic"},
        ),
        (["--version"], {"questionary", "prompt_toolkit", "jinja2", "yaml", "rich.table"}),
        (
            ["render", str(EXAMPLE_ANSWERS)],
            {"questionary", "prompt_toolkit", "rich.markdown", "rich.table"},
        ),
        (["validate", str(EXAMPLE_ANSWERS)], {"questionary", "prompt_toolkit", "rich.markdown"}),
        (["steps"], {"questionary", "prompt_toolkit", "rich.markdown"}),
        (
            ["plan", "--answers", str(EXAMPLE_ANSWERS)],
            {"questionary", "prompt_toolkit"},
        ),  # no terminal: stops first
    ],
    ids=["help", "version", "render", "validate", "steps", "plan-without-terminal"],
)
def test_commands_load_only_what_they_need(args: list[str], never: set[str]) -> None:
    # ruamel.yaml is for updating an answers file a person may have edited: no command here does;
    # python-docx (with lxml), openpyxl and Pillow are for Word and Excel files only
    assert _loaded(*args) & (never | {"ruamel.yaml", *OFFICE}) == set()


OFFICE = {"docx", "openpyxl", "PIL", "lxml"}


def test_word_and_excel_load_theirs_and_nothing_else(tmp_path) -> None:
    loaded = _loaded("render", str(EXAMPLE_ANSWERS), "--output", str(tmp_path / "plan.docx"))
    assert {"docx", "PIL", "lxml"} <= loaded and "openpyxl" not in loaded
    loaded = _loaded(
        "export", str(EXAMPLE_ANSWERS), "--format", "xlsx", "--output", str(tmp_path / "t.xlsx")
    )
    assert "openpyxl" in loaded and "docx" not in loaded  # openpyxl loads Pillow itself
    assert not OFFICE & _loaded("export", str(EXAMPLE_ANSWERS), "--table", "actions")


def test_the_interview_and_the_preview_do_load_theirs() -> None:
    assert "rich.markdown" in _loaded("render", str(EXAMPLE_ANSWERS), "--format", "term")
    loaded = _loaded("render", str(EXAMPLE_ANSWERS))
    assert {"jinja2", "yaml_rs"} <= loaded
    assert "yaml" not in loaded  # an ordinary file is read without PyYAML (files.yamlfast)


def test_help_from_the_cache_and_plan_load_no_typer() -> None:
    # cli.quick (issue 30): --help comes from the cache once typer has answered it once, and
    # `plan --answers FILE` and `render FILE` start without typer; plan reads no YAML before
    # its first question
    _loaded("--help")
    assert not {"typer", "yaml", "rich"} & _loaded("--help")
    assert "typer" in _loaded("render", "--help", "--version")  # not a line quick answers
    assert not {"typer", "yaml", "yaml_rs"} & _loaded("plan", "--answers", str(EXAMPLE_ANSWERS))
    assert "typer" not in _loaded("render", str(EXAMPLE_ANSWERS), "--format", "html")
