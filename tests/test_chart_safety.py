"""Pictures stay pictures: any name draws a valid Mermaid chart, any dates a small timeline."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.core.formats import DocumentKind, PlanFormat
from spreadkit.framework.model import Framework
from spreadkit.plan.output import pdf
from spreadkit.plan.output.render import render_plan
from spreadkit.plan.pictures.svg import mermaid_label

from .conftest import EXAMPLE_ANSWERS

NAMES = [
    "Dr Smith (lead)",
    "Ward 3; east",
    "100%% sure",
    "a <b>bold</b> <script>x</script>",
    "[team] lead",
    'The "quoted" one',
    "Ward #3; note",
    "colon: here --> arrow",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_mermaid_label_is_one_quoted_string(name: str) -> None:
    label = mermaid_label(name)
    assert re.fullmatch(r'"[^"<>#\n]*"', label), label
    assert "%%" not in label
    kept = name.replace("<", "").replace(">", "").replace("#", "").replace('"', "")
    assert all(c in label for c in set(kept) - set("%"))  # the words are all still there


def _influencers(framework: Framework, names: list[str]) -> Answers:
    people = [
        {"name": name, "type": "champion", "influence": "high", "interest": "low"} for name in names
    ]
    return read_answers(EXAMPLE_ANSWERS, framework).with_value("message", "influencers", people)


def _quadrant(markdown: str) -> str:
    blocks = re.findall(r"```mermaid\n(.*?)```", markdown, flags=re.S)
    return next(b for b in blocks if b.startswith("quadrantChart"))


def test_awkward_names_keep_the_quadrant_chart_valid(framework: Framework) -> None:
    quadrant = _quadrant(
        render_plan(
            framework,
            _influencers(framework, NAMES),
            PlanFormat.MARKDOWN,
            document=DocumentKind.WORKBOOK,
        )
    )
    points = [line for line in quadrant.splitlines() if line.rstrip().endswith("]")]
    assert len(points) == len(NAMES)
    for line in points:
        assert re.fullmatch(r'    "[^"<>#]*": \[0\.\d\d, 0\.\d\d\]', line), line
    assert "%%" not in quadrant and "<" not in quadrant


@pytest.mark.skipif(shutil.which("mmdc") is None, reason="mermaid-cli (mmdc) is not installed")
def test_mermaid_cli_draws_the_quadrant_chart(framework: Framework, tmp_path: Path) -> None:
    quadrant = _quadrant(
        render_plan(
            framework,
            _influencers(framework, NAMES),
            PlanFormat.MARKDOWN,
            document=DocumentKind.WORKBOOK,
        )
    )
    source, output = tmp_path / "q.mmd", tmp_path / "q.svg"
    source.write_text(quadrant, encoding="utf-8")
    browser = {"args": ["--no-sandbox"]} if hasattr(os, "geteuid") and os.geteuid() == 0 else {}
    if pdf.find_browser():
        browser["executablePath"] = pdf.find_browser()  # mmdc's own browser may be missing
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps(browser), encoding="utf-8")
    done = subprocess.run(
        ["mmdc", "-p", str(config), "-i", str(source), "-o", str(output)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "Dr Smith (lead)" in output.read_text(encoding="utf-8")


def test_actions_thousands_of_years_apart_make_a_small_timeline(framework: Framework) -> None:
    actions = [
        {"task": "First", "owner": "A", "due": dt.date(1, 1, 1), "status": "not-started"},
        {"task": "Last", "owner": "B", "due": dt.date(9999, 12, 31), "status": "not-started"},
    ]
    answers = read_answers(EXAMPLE_ANSWERS, framework).with_value("implement", "actions", actions)
    usual = len(
        render_plan(
            framework,
            read_answers(EXAMPLE_ANSWERS, framework),
            PlanFormat.HTML,
            document=DocumentKind.WORKBOOK,
        )
    )
    html = render_plan(framework, answers, PlanFormat.HTML, document=DocumentKind.WORKBOOK)
    assert len(html) < usual + 20_000  # was about 10 MB: a line for every month
    svg = html[html.index('id="chart-implement') :]
    svg = svg[: svg.index("</svg>")]
    assert svg.count("<line") <= 30 + 2 * len(actions)
    assert re.search(r">Jan 0*1<", svg) and "First" in svg and "31 Dec 9999" in svg
