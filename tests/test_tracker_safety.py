"""Issue 23, items 3, 9 and 10: what spreadkit writes for spreadsheets, and reads back from them.

- 9: no CSV cell spreadkit writes can start a formula in a spreadsheet that splits on another
  separator (``;`` or a tab) than the comma.
- 3: an exported tracker nobody edited imports as no change, however long an answer is and
  whatever control characters it holds.
- 10: a hostile workbook is refused from its zip's XML before openpyxl builds anything, and no
  message prints a whole cell.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from spreadkit.plan.csvcells import restore

from .conftest import EXAMPLES, Cli

NORTHFIELD = EXAMPLES / "northfield-fcp.answers.yml"
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
HOSTILE_OWNERS = [
    "Lead;=1+1;@SUM(2+3)",
    "Lead,=1+1,@SUM(2+3)",
    "Lead\t=1+1\t@SUM(2+3)",
    "Lead; -2+3; +cmd",
    'Lead";=1+1;"x',
]


def _northfield(tmp_path: Path, change: Any = None, name: str = "northfield") -> Path:
    data = yaml.safe_load(NORTHFIELD.read_text(encoding="utf-8"))
    if change is not None:
        change(data)
    path = tmp_path / f"{name}.answers.yml"
    text = yaml.dump(data, Dumper=DUMPER, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def _formula_cells(text: str) -> list[tuple[str, str]]:
    """Every cell that a spreadsheet splitting on ``,``, ``;`` or a tab would run."""
    found = []
    for delimiter in (",", ";", "\t"):
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            for cell in row:
                # LibreOffice's "trim spaces" import option would drop the leading space
                if cell.strip().startswith(("=", "+", "-", "@")):
                    found.append((delimiter, cell))
    return found


# -- 9: CSV injection through a separator ---------------------------------------------------------


def test_a_separator_in_an_exported_cell_cannot_start_a_formula(cli: Cli, tmp_path: Path) -> None:
    def owners(data: dict[str, Any]) -> None:
        for action, owner in zip(data["answers"]["implement"]["actions"], HOSTILE_OWNERS):
            action["owner"] = owner

    path = _northfield(tmp_path, owners)
    result = cli("export", str(path), "--table", "actions")
    assert result.exit_code == 0, result.output
    assert _formula_cells(result.stdout) == []
    # read with the comma, as written, and the added apostrophes taken off (as `import` does),
    # every owner comes back exactly
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    owners = [restore(row["Owner"]) for row in rows[: len(HOSTILE_OWNERS)]]
    assert owners == HOSTILE_OWNERS


def test_a_separator_in_a_portfolio_cell_cannot_start_a_formula(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    for index, owner in enumerate(HOSTILE_OWNERS):

        def lead(data: dict[str, Any], owner: str = owner) -> None:
            data["plan"]["lead"] = owner
            data["plan"]["title"] = f"Plan {index}; =HYPERLINK(1)"

        _northfield(folder, lead, name=f"plan-{index}")
    out = tmp_path / "portfolio.csv"
    result = cli("portfolio", str(folder), "--format", "csv", "--output", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert _formula_cells(text) == []
    leads = [restore(row["Lead"]) for row in csv.DictReader(io.StringIO(text, newline=""))]
    assert sorted(leads) == sorted(HOSTILE_OWNERS)
