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
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from spreadkit.answers.loading import read_answers
from spreadkit.framework.model import Framework

from .conftest import NORTHFIELD, Cli
from .trackers import append, edit

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
        for action, owner in zip(
            data["answers"]["implement"]["actions"], HOSTILE_OWNERS, strict=False
        ):
            action["owner"] = owner

    from spreadkit.plan.tracker.csvcells import restore

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
    from spreadkit.plan.tracker.csvcells import restore

    folder = tmp_path / "plans"
    folder.mkdir()
    for index, owner in enumerate(HOSTILE_OWNERS):

        def lead(data: dict[str, Any], owner: str = owner, index: int = index) -> None:
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


# -- 10: a workbook's text bounded before openpyxl builds it ---------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _workbook(path: Path, cells: list[str], shared: list[str] | None = None) -> Path:
    """A minimal workbook made by hand: one sheet, ``actions``, its cells given as XML."""
    parts = {
        "[Content_Types].xml": (
            f'<?xml version="1.0"?><Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
            + (
                f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
                if shared is not None
                else ""
            )
            + "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<sheets><sheet name="actions" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            + (
                f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
                if shared is not None
                else ""
            )
            + "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><sheetData>'
            + "".join(cells)
            + "</sheetData></worksheet>"
        ),
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = (
            f'<?xml version="1.0"?><sst xmlns="{_MAIN}" count="{len(shared)}">'
            + "".join(f"<si><t>{text}</t></si>" for text in shared)
            + "</sst>"
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def _row(number: int, cells: str) -> str:
    return f'<row r="{number}">{cells}</row>'


def _refused(cli: Cli, tmp_path: Path, workbook: Path, *words: str) -> str:
    plan = _northfield(tmp_path)
    before = plan.read_bytes()
    result = cli("import", str(plan), "--from", str(workbook), "--yes", "--date", "2027-09-01")
    assert result.exit_code == 1, result.output
    for word in words:
        assert word in result.output, result.output
    assert "Traceback" not in result.output
    assert len(result.output) < 2_000  # one line, never a whole cell
    assert plan.read_bytes() == before
    return result.output


def test_one_long_shared_string_used_by_many_cells_is_refused_before_it_is_built(
    cli: Cli, tmp_path: Path
) -> None:
    # the reproduction used 40 MB and 200 cells (11.9 GB); anything over a cell's limit will do
    long = " " + "x" * 40_000
    cells = [_row(1, '<c r="A1" t="inlineStr"><is><t>Task</t></is></c>')]
    cells += [_row(n, f'<c r="A{n}" t="s"><v>0</v></c>') for n in range(2, 202)]
    workbook = _workbook(tmp_path / "long-shared.xlsx", cells, shared=[long])
    _refused(cli, tmp_path, workbook, "longer than 32,767 characters")


def test_millions_of_shared_strings_are_refused_at_the_count(cli: Cli, tmp_path: Path) -> None:
    shared = [str(n) for n in range(250_000)]  # 2.7 million took 74 s; past the count will do
    workbook = _workbook(tmp_path / "many.xlsx", [], shared=shared)
    _refused(cli, tmp_path, workbook, "more than 200,000 shared strings")


def test_a_cell_longer_than_a_spreadsheet_holds_is_refused_and_not_printed(
    cli: Cli, tmp_path: Path
) -> None:
    text = "y" * 50_000  # the reproduction: 45 MB, 24 s, 680 MB, all printed
    cells = [_row(1, f'<c r="B7" t="inlineStr"><is><t>{text}</t></is></c>')]
    workbook = _workbook(tmp_path / "big-cell.xlsx", cells)
    output = _refused(cli, tmp_path, workbook, "B7", "more than 32,767 characters")
    assert "y" * 100 not in output
    # a sheet need not be where sheets usually are: its relationship may point anywhere
    elsewhere = _workbook(tmp_path / "elsewhere.xlsx", [])
    with zipfile.ZipFile(elsewhere, "a") as archive:
        archive.writestr(
            "custom/part.xml",
            f'<worksheet xmlns="{_MAIN}"><sheetData>{cells[0]}</sheetData></worksheet>',
        )
    _refused(cli, tmp_path, elsewhere, "B7", "more than 32,767 characters")


def test_a_text_used_by_too_many_cells_is_refused_by_the_total(cli: Cli, tmp_path: Path) -> None:
    cells = [_row(n, f'<c r="A{n}" t="s"><v>0</v></c>') for n in range(1, 1_001)]
    workbook = _workbook(tmp_path / "total.xlsx", cells, shared=["z" * 30_000])
    _refused(cli, tmp_path, workbook, "more than 20,000,000 characters in all")


def test_a_document_type_in_a_workbook_is_refused(cli: Cli, tmp_path: Path) -> None:
    workbook = _workbook(tmp_path / "doctype.xlsx", [], shared=[])
    with zipfile.ZipFile(workbook, "a") as archive:
        archive.writestr(
            "xl/worksheets/sheet2.xml",
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet>&a;</worksheet>',
        )
    _refused(cli, tmp_path, workbook, "document type")


def test_messages_and_changes_quote_a_long_cell_cut_short(
    cli: Cli, tmp_path: Path, framework: Framework
) -> None:
    from spreadkit.plan.tracker.excel import export_workbook

    plan = _northfield(tmp_path)
    workbook = tmp_path / "tracker.xlsx"
    workbook.write_bytes(export_workbook(framework, read_answers(plan, framework)))
    edit(workbook, "actions", 2, "Status", "q" * 30_000)  # not a status: refused, quoted
    append(workbook, "actions", {"Task": "w" * 30_000, "Owner": "Lead", "Status": "Not started"})
    result = cli("import", str(plan), "--from", str(workbook), "--yes", "--date", "2027-09-01")
    assert result.exit_code == 1, result.output
    assert "is not one of" in result.output and "(30,000 characters)" in result.output
    assert "q" * 61 not in result.output and len(result.output) < 2_000
    edit(workbook, "actions", 2, "Status", "Done")
    result = cli("import", str(plan), "--from", str(workbook))  # shown, not saved: no terminal
    assert "  " + "w" * 200 + "… (30,000 characters): new action\n" in result.output
    assert "w" * 201 not in result.output and len(result.output) < 2_000


# -- 3: an untouched tracker changes nothing --------------------------------------------------------

LONG = "Recruit in pairs across neighbouring networks. " * 1_000  # 47,000: over a cell's 32,767
CONTROLS = "bell\x07 escape\x1b[31m red\x00 nul \ufffe\uffff end"


def _awkward(data: dict[str, Any]) -> None:
    actions = data["answers"]["implement"]["actions"]
    actions[0]["owner"] = LONG.strip()
    actions[1]["depends_on"] = CONTROLS
    actions[2]["depends_on"] = "one\rtwo, ;=1+1\t@x"
    data["answers"]["implement"]["risks"][0]["mitigation"] = "m" * 33_000 + "\x01\x02"


def _export(cli: Cli, plan: Path, out: Path) -> Path:
    result = cli("export", str(plan), "--format", "xlsx", "--output", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_an_exported_tracker_nobody_edited_imports_as_no_change(
    cli: Cli, tmp_path: Path, framework: Framework
) -> None:
    plan = _northfield(tmp_path, _awkward)
    answers = read_answers(plan, framework)
    assert answers.get("implement", "actions")[0]["owner"] == LONG.strip()  # the file holds them
    workbook = _export(cli, plan, tmp_path / "tracker.xlsx")
    before = plan.read_bytes()
    result = cli("import", str(plan), "--from", str(workbook), "--yes", "--date", "2027-09-01")
    assert result.exit_code == 0, result.output
    assert "changes nothing" in result.output, result.output
    assert plan.read_bytes() == before


def test_a_long_answer_comes_back_whole_when_another_cell_is_edited(
    cli: Cli, tmp_path: Path, framework: Framework
) -> None:
    plan = _northfield(tmp_path, _awkward)
    workbook = _export(cli, plan, tmp_path / "tracker.xlsx")
    # the cell shows as much as a cell holds, and says it was cut short
    sheet = openpyxl.load_workbook(workbook)["actions"]
    shown = sheet.cell(row=2, column=3).value
    assert len(shown) == 32_767 and shown.endswith("…")
    edit(workbook, "actions", 2, "Status", "Blocked")
    result = cli("import", str(plan), "--from", str(workbook), "--yes", "--date", "2027-09-01")
    assert result.exit_code == 0, result.output
    assert "1 change" in result.output, result.output
    after = read_answers(plan, framework)
    actions = after.get("implement", "actions")
    assert actions[0]["owner"] == LONG.strip() and actions[0]["status"] == "blocked"
    assert actions[1]["depends_on"] == CONTROLS
    assert actions[2]["depends_on"] == "one\rtwo, ;=1+1\t@x"
    assert after.get("implement", "risks")[0]["mitigation"] == "m" * 33_000 + "\x01\x02"
    [change] = after.checkins[-1].answer_changes()
    assert change.path.endswith(".status")


def test_an_edited_long_cell_is_read_as_typed(
    cli: Cli, tmp_path: Path, framework: Framework
) -> None:
    plan = _northfield(tmp_path, _awkward)
    workbook = _export(cli, plan, tmp_path / "tracker.xlsx")
    edit(workbook, "actions", 2, "Owner", "Primary care workforce lead")
    result = cli("import", str(plan), "--from", str(workbook), "--yes", "--date", "2027-09-01")
    assert result.exit_code == 0, result.output
    assert read_answers(plan, framework).get("implement", "actions")[0]["owner"] == (
        "Primary care workforce lead"
    )


def test_a_csv_export_with_separators_and_formulas_imports_as_no_change(
    cli: Cli, tmp_path: Path
) -> None:
    def owners(data: dict[str, Any]) -> None:
        for action, owner in zip(
            data["answers"]["implement"]["actions"], HOSTILE_OWNERS, strict=False
        ):
            action["owner"] = owner

    plan = _northfield(tmp_path, owners)
    out = tmp_path / "actions.csv"
    result = cli("export", str(plan), "--table", "actions", "--output", str(out))
    assert result.exit_code == 0, result.output
    before = plan.read_bytes()
    result = cli("import", str(plan), "--from", str(out), "--yes", "--date", "2027-09-01")
    assert result.exit_code == 0, result.output
    assert "changes nothing" in result.output, result.output
    assert plan.read_bytes() == before


def test_no_csv_cell_starts_a_formula_whatever_the_reader_and_every_text_comes_back() -> None:
    """Every short text of formula characters, separators, quotes, spaces and apostrophes: read
    with any separator, with or without quotes honoured, no cell starts a formula; read as
    written, each text comes back exactly once the added apostrophes are taken off."""
    import random
    import re

    from spreadkit.plan.tracker.csvcells import csv_text, restore

    pick = random.Random(23)
    alphabet = "'=+-@,;\t\n\r \"ab"
    texts = ["".join(pick.choice(alphabet) for _ in range(pick.randint(0, 8))) for _ in range(3000)]
    text = csv_text([["x", t, "y"] for t in texts])
    cells = [
        c
        for d in (",", ";", "\t")
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=d)
        for c in row
    ]
    cells += re.split(r"[,;\t\r\n]", text)  # a reader that knows nothing of quotes
    assert [c for c in cells if c.strip(' "').startswith(("=", "+", "-", "@"))] == []
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [restore(row[1]) for row in rows] == texts
