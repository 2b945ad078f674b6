"""Hostile input to the newer features: imports from trackers, check-ins, portfolios, Word and
Excel plans, the board plan and the report. Each test is an attack that once got through."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import warnings
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml

from spreadkit.answers import checkins
from spreadkit.answers.loading import read_answers
from spreadkit.app import commands
from spreadkit.core.errors import ExitStatus
from spreadkit.core.formats import DocumentKind, PlanFormat
from spreadkit.framework import boardwords
from spreadkit.framework.content import load_framework
from spreadkit.framework.model import Framework
from spreadkit.plan.output.render import render_plan

from .conftest import NORTHFIELD, Cli
from .scripted import terminal_env
from .trackers import find_row, write_tracker

ESCAPES = "\x1b]0;pwned\x07\x1b[31m"
LATE_TASK = "Recruit Wave 1 physiotherapists"


def _northfield(tmp_path: Path, name: str = "n.answers.yml") -> Path:
    target = tmp_path / name
    shutil.copy(NORTHFIELD, target)
    return target


# -- status ---------------------------------------------------------------------------------


def test_status_shows_no_escape_sequences_in_overdue_actions(cli: Cli, tmp_path: Path) -> None:
    path = _northfield(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    action = next(a for a in data["answers"]["implement"]["actions"] if a["task"] == LATE_TASK)
    action["task"] = ESCAPES + LATE_TASK
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    piped = cli("status", str(path), "--as-of", "2027-09-01")
    assert piped.exit_code == 0, piped.output
    assert f"overdue on 1 September 2027: {LATE_TASK}" in piped.stdout
    assert "\x1b" not in piped.stdout and "\x07" not in piped.stdout
    env = terminal_env()
    assert commands.status(env, str(path), "2027-09-01") == ExitStatus.OK
    shown = env.stdout.getvalue()  # type: ignore[attr-defined]
    assert "Overdue on" in shown and "\x1b" not in shown and "\x07" not in shown


# -- the board plan's frames and pack text in Markdown ------------------------------------------


def test_braces_in_an_answer_neither_blank_nor_fill_a_board_sentence() -> None:
    frame = "The plan spreads {innovation} to {sites}."
    parts = {"innovation": "the {FCP} service {sites}", "sites": "eight sites"}
    assert (
        boardwords.fill(frame, parts)
        == "The plan spreads the {FCP} service {sites} to eight sites."
    )


@pytest.mark.parametrize(
    "frame", ["{0.__class__} {innovation}", "{answer.__init__}", "{innovation!r}", "{sites:>99999}"]
)
def test_a_frame_that_is_a_format_string_attack_is_left_out(frame: str) -> None:
    assert boardwords.fill(frame, {"innovation": "FCP", "sites": "eight", "answer": "x"}) == ""


def test_the_board_plan_keeps_a_sentence_whose_answer_holds_braces(
    framework: Framework, tmp_path: Path
) -> None:
    path = _northfield(tmp_path)
    answers = read_answers(path, framework).with_detail("innovation", "First-contact {FCP} service")
    plan = render_plan(framework, answers, PlanFormat.MARKDOWN)
    assert "First-contact {FCP} service" in plan


HOSTILE_TITLE = (
    "Spreading [the](javascript:alert(1)) <b>message</b> ![i](http://evil.example/t.png)"
)


def test_pack_text_in_the_markdown_plans_makes_no_links_images_or_html(content_copy: Path) -> None:
    step = content_copy / "step-02-message.yml"
    text = step.read_text(encoding="utf-8")
    text = text.replace("title: Spreading the message", f"title: {json.dumps(HOSTILE_TITLE)}", 1)
    text = text.replace(
        "  text: Spread is more likely", "  text: <u>[q](javascript:x)</u> Spread is more likely", 1
    )
    step.write_text(text, encoding="utf-8")
    main = content_copy / "framework.yml"
    words = main.read_text(encoding="utf-8")
    main.write_text(
        words.replace(
            "  heading_money: Money", "  heading_money: '[Money](javascript:y) <img src=x>'"
        ),
        encoding="utf-8",
    )
    framework = load_framework(content_copy)
    answers = read_answers(NORTHFIELD, framework)
    for document in DocumentKind:
        plan = render_plan(framework, answers, PlanFormat.MARKDOWN, document=document)
        assert not re.search(r"(?<!\\)\]\((javascript|http://evil)", plan), document
        assert "<b>" not in plan and "<u>" not in plan and "<img" not in plan, document
    workbook = render_plan(framework, answers, PlanFormat.MARKDOWN, document=DocumentKind.WORKBOOK)
    assert "## Step 2: Spreading \\[the\\](javascript:alert(1)) &lt;b>message&lt;/b>" in workbook


# -- check-ins: a history far longer than any team keeps --------------------------------------


def _with_checkins(tmp_path: Path, count: int) -> Path:
    path = _northfield(tmp_path, f"h{count}.answers.yml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    status = f"implement.actions[{LATE_TASK}].status"
    data["checkins"] = [
        {
            "date": dt.date(2026, 11, 1) + dt.timedelta(days=i // 3),
            "changes": {status: {"was": "at-risk", "now": "at-risk"}},
        }
        for i in range(count)
    ]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_history_too_long_to_save_quickly_is_one_clean_error(cli: Cli, tmp_path: Path) -> None:
    # 20,000 check-ins (2.6 MB) made every check-in save take a minute; 38,000 fit in 5 MB
    path = _with_checkins(tmp_path, checkins.MAX_CHECKINS + 1)
    for command in ("validate", "status", "render", "report"):
        result = cli(command, str(path))
        assert result.exit_code == 1, (command, result.output)
        assert "check-ins is more than the 2,000 an answers file keeps" in result.output
        assert "Traceback" not in result.output
    full = _with_checkins(tmp_path, checkins.MAX_CHECKINS)
    before = full.read_bytes()
    result = cli(
        "checkin", str(full), "--no-input", "--date", "2029-01-01",
        "--set", f"implement.actions[{LATE_TASK}].status=done",
    )  # fmt: skip
    assert result.exit_code == 1 and "2,001 check-ins is more than" in result.stderr
    assert full.read_bytes() == before


# -- import: a tracker from someone else ------------------------------------------------------


def _tracker(tmp_path: Path, framework: Framework) -> tuple[Path, Path]:
    plan = _northfield(tmp_path)
    return plan, write_tracker(framework, read_answers(plan, framework), tmp_path / "t.xlsx")


def test_a_date_cell_out_of_range_is_a_clean_error_with_no_warning_printed(
    cli: Cli, tmp_path: Path, framework: Framework
) -> None:
    plan, workbook = _tracker(tmp_path, framework)
    book = openpyxl.load_workbook(workbook)
    sheet = book["actions"]
    headers = [c.value for c in sheet[1]]
    cell = sheet.cell(row=find_row(workbook, "actions", LATE_TASK), column=headers.index("Due") + 1)
    cell.value, cell.number_format = 99_999_999_999, "yyyy-mm-dd"  # past any date Excel has
    book.save(workbook)
    before = plan.read_bytes()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = cli("import", str(plan), "--from", str(workbook), "--yes", "--date", "2027-09-01")
    assert result.exit_code == 1, result.output
    assert "actions row 3, column Due:" in result.stderr and "is not a date" in result.stderr
    assert [str(w.message) for w in caught] == []  # openpyxl's, printed as a line of its code
    assert "warn(" not in result.output and plan.read_bytes() == before


# -- Word and Excel ----------------------------------------------------------------------------


def _hostile_owner(tmp_path: Path) -> Path:
    """Northfield with an owner holding what XML cannot: a NUL, escapes, DEL."""
    path = _northfield(tmp_path)
    text = path.read_text(encoding="utf-8")
    owner = "owner: Primary care workforce lead"
    assert owner in text
    hostile = 'owner: "Evil\\0 \\e[31mRED\\e]0;x\\a lead\\x7f"'
    path.write_text(text.replace(owner, hostile, 1), encoding="utf-8")
    return path


def test_a_word_plan_of_answers_holding_control_characters_is_valid(
    cli: Cli, tmp_path: Path
) -> None:
    path = _hostile_owner(tmp_path)
    for document in ("board", "workbook"):
        target = tmp_path / f"{document}.docx"
        result = cli("render", str(path), "-d", document, "--output", str(target))
        assert result.exit_code == 0, result.output  # was 70: python-docx refused the text
        word = docx.Document(str(target))
        texts = [p.text for p in word.paragraphs] + [
            c.text for t in word.tables for r in t.rows for c in r.cells
        ]
        assert any("Evil RED lead" in t for t in texts), document
        again = cli("render", str(path), "-d", document, "--output", str(target))
        assert again.exit_code == 0, again.output  # spreadkit's own file, unchanged: no --force
    workbook = tmp_path / "t.xlsx"
    assert cli("export", str(path), "--format", "xlsx", "-o", str(workbook)).exit_code == 0
    cells = [
        c
        for row in openpyxl.load_workbook(workbook)["actions"].iter_rows(values_only=True)
        for c in row
    ]
    assert any(isinstance(c, str) and c.startswith("Evil") for c in cells)


def test_a_report_named_docx_is_a_word_report_not_a_bug(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "report.docx"
    result = cli("report", str(NORTHFIELD), "--output", str(target))
    assert result.exit_code == 0, result.output  # was 70: 'docx' was not a report format
    assert docx.Document(str(target)).paragraphs[0].text.startswith("Highlight report")


def test_a_report_named_for_a_spreadsheet_is_refused(cli: Cli, tmp_path: Path) -> None:
    """Found in an attacker trial: `report -o r.xlsx` wrote Markdown into r.xlsx."""
    target = tmp_path / "r.xlsx"
    result = cli("report", str(NORTHFIELD), "--output", str(target))
    assert result.exit_code == 2, result.output
    assert not target.exists()


# -- portfolio ---------------------------------------------------------------------------------


def test_a_folder_portfolio_reads_nothing_a_link_leads_to_outside_the_folder(
    cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    _northfield(folder, "team.answers.yml")
    secret = tmp_path / "secret.answers.yml"  # someone's own plan, outside the shared folder
    secret.write_text(
        NORTHFIELD.read_text(encoding="utf-8").replace(
            "First-contact physiotherapy in every Northfield practice", "SECRET TITLE", 1
        ),
        encoding="utf-8",
    )
    (folder / "leak.answers.yml").symlink_to(secret)
    (folder / "passwd.answers.yml").symlink_to("/etc/passwd")
    (folder / "again.answers.yml").symlink_to(folder / "team.answers.yml")  # inside: kept
    (folder / "loop").symlink_to(tmp_path)  # a folder link: never walked
    result = cli("portfolio", str(folder), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "SECRET TITLE" not in result.output and "passwd" not in result.output
    files = [line.split(",")[0] for line in result.stdout.splitlines()[1:]]
    assert sorted(Path(f).name for f in files) == ["again.answers.yml", "team.answers.yml"]
    named = cli("portfolio", str(folder / "leak.answers.yml"), "--format", "csv")
    assert "SECRET TITLE" in named.stdout  # a file named on the command line is read
