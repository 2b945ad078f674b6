"""``report --format docx`` (issue 19 item 1): the highlight report as a Word document, read back
with python-docx as Word would read it, and written under the same stamp guard as other plans."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.framework.model import Framework
from spreadkit.plan.views import report

from .conftest import NORTHFIELD_CHECKINS

EXAMPLE = NORTHFIELD_CHECKINS


@pytest.fixture(scope="module")
def report_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from spreadkit.cli import app

    target = tmp_path_factory.mktemp("report") / "board.docx"
    result = CliRunner().invoke(app, ["report", str(EXAMPLE), "--output", str(target)])
    assert result.exit_code == 0, result.output
    return target


def test_the_word_report_has_the_reports_headings_tables_and_status_in_words(
    report_docx: Path, framework: Framework
) -> None:
    view = report.build(framework, read_answers(EXAMPLE, framework))
    word = docx.Document(str(report_docx))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == [block.heading for block in view.blocks]
    title = [p.text for p in word.paragraphs if p.style.name == "Title"]
    assert title == [f"Highlight report: {view.title}"]
    status = word.tables[0]
    assert [c.text for c in status.rows[0].cells] == ["Overall status", "Why"]
    assert status.rows[1].cells[0].text == view.status_label  # the colour said in words
    assert status.rows[1].cells[1].text.startswith("; ".join(view.status_why))
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in word.tables[1:]]
    expected = [
        [list(block.columns), *[[v or "–" for v in row] for row in block.rows]]
        for block in view.blocks
        if block.rows
    ]
    assert tables == expected
    assert word.core_properties.title == f"Highlight report: {view.title}"


def test_the_word_report_is_guarded_like_a_plan(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mine = tmp_path / "mine.docx"
    mine.write_bytes(b"a document of my own")
    refused = cli("report", str(EXAMPLE), "--output", str(mine))
    assert refused.exit_code == 1 and "no spreadkit stamp" in refused.output
    assert mine.read_bytes() == b"a document of my own"
    kept = cli("report", str(EXAMPLE), "--output", str(mine), "--force")
    assert kept.exit_code == 0 and (tmp_path / "mine.docx.bak").read_bytes() == (
        b"a document of my own"
    )
    again = cli("report", str(EXAMPLE), "--format", "docx", "--output", str(mine))
    assert again.exit_code == 0, again.output  # its own report is replaced without --force
    no_file = cli("report", str(EXAMPLE), "--format", "docx")
    assert no_file.exit_code == 2 and "a Word report needs --output" in no_file.output
