"""Real clients: LibreOffice opens the Word plans and the Excel tracker and prints them to PDF.

Skipped where LibreOffice is not installed (Debian/Ubuntu: ``apt-get install
libreoffice-writer-nogui libreoffice-calc-nogui``). One ``soffice`` call converts every file.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import EXAMPLES, NORTHFIELD, NORTHFIELD_CHECKINS, Cli

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
EXAMPLE_NAMES = ("northfield-fcp", "south-west-app")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.timeout(240)
def test_libreoffice_converts_the_word_plans_and_the_tracker(tmp_path: Path, cli: Cli) -> None:
    files = []
    for name in EXAMPLE_NAMES:
        target = tmp_path / f"{name}.docx"
        result = cli("render", str(EXAMPLES / f"{name}.answers.yml"), "--output", str(target))
        assert result.exit_code == 0, result.output
        files.append(target)
    workbook = tmp_path / "northfield-workbook.docx"
    args = ("render", str(NORTHFIELD), "-d", "workbook")
    assert cli(*args, "--output", str(workbook)).exit_code == 0
    files.append(workbook)
    report = tmp_path / "report.docx"
    args = ("report", str(NORTHFIELD_CHECKINS), "--format", "docx")
    assert cli(*args, "--output", str(report)).exit_code == 0
    files.append(report)
    tracker = tmp_path / "tracker.xlsx"
    args = ("export", str(NORTHFIELD), "--format", "xlsx")
    assert cli(*args, "--output", str(tracker)).exit_code == 0
    files.append(tracker)
    profile = tmp_path / "profile"  # its own profile: never clashes with another soffice
    assert SOFFICE is not None
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=220,
    )
    assert done.returncode == 0, done.stderr
    for file in files:
        pdf = tmp_path / "pdf" / f"{file.stem}.pdf"
        assert pdf.is_file(), f"{file.name} was not converted: {done.stdout} {done.stderr}"
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-") and len(data) > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(tmp_path / "pdf" / "tracker.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        words = " ".join(text.split())  # long text wraps within its column now (issue 27)
        assert "Row key" in words and "Recruit Wave 1 physiotherapists" in words
        plan = subprocess.run(
            ["pdftotext", str(tmp_path / "pdf" / "northfield-workbook.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "At a glance" in plan and "Green – ready" in plan

    if shutil.which("pdfinfo"):
        pages = {}
        for name in ("report", "northfield-fcp", "south-west-app"):
            info = subprocess.run(
                ["pdfinfo", str(tmp_path / "pdf" / f"{name}.pdf")],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            pages[name] = int(info.split("Pages:")[1].split()[0])
        assert pages["report"] == 1  # the board's one-page report stays one page in Word
        assert pages["northfield-fcp"] <= 8 and pages["south-west-app"] <= 8  # board plans
