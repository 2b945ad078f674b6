"""The plan as a document: at a glance, pictures with text alternatives, print, PDF, exports, preview."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.core.formats import DocumentKind, PlanFormat
from spreadkit.framework.model import Framework
from spreadkit.plan.output.pdf import find_browser
from spreadkit.plan.output.render import render_plan

from .conftest import EXAMPLE_ANSWERS, NORTHFIELD, ROOT


@pytest.fixture(scope="module")
def example_html(framework: Framework) -> str:
    return render_plan(
        framework,
        read_answers(EXAMPLE_ANSWERS, framework),
        PlanFormat.HTML,
        document=DocumentKind.WORKBOOK,
    )


@pytest.fixture(scope="module")
def example_md(framework: Framework) -> str:
    return render_plan(
        framework,
        read_answers(EXAMPLE_ANSWERS, framework),
        PlanFormat.MARKDOWN,
        document=DocumentKind.WORKBOOK,
    )


def _seven_actions(framework: Framework) -> Answers:
    actions = [
        {
            "task": f"Task {n}",
            "owner": "Owner",
            "due": dt.date(2027, n, 1),
            "status": "done" if n == 1 else "not-started",
        }
        for n in (7, 1, 3, 2, 6, 5, 4)
    ]
    actions.append({"task": "Undated", "owner": "Owner"})
    return Answers.empty(framework).with_value("implement", "actions", actions)


def test_at_a_glance_comes_first_with_everything_it_promises(
    example_md: str, example_html: str
) -> None:
    glance = example_md[example_md.index("## At a glance") : example_md.index("## Contents")]
    assert "Analyse the original innovation 21/21" in glance
    assert "Rogers' attributes of the innovation: 18 of 25, 🟠 Case needs strengthening" in glance
    assert "⚠️ The communication plan has no measure of success (Patient groups)" in glance
    assert (
        "1. Raise awareness of the role across the South West — Workforce transformation lead, due 31 March 2027 (In progress)"
        in glance
    )
    assert example_html.index('id="at-a-glance"') < example_html.index(
        'aria-labelledby="contents-heading"'
    )
    assert "Last updated" in example_md[: example_md.index("## At a glance")]


def test_next_five_actions_are_the_earliest_unfinished(framework: Framework) -> None:
    markdown = render_plan(
        framework, _seven_actions(framework), PlanFormat.MARKDOWN, document=DocumentKind.WORKBOOK
    )
    glance = markdown[markdown.index("## At a glance") : markdown.index("## Contents")]
    listed = re.findall(r"\d\. (Task \d)", glance)
    assert listed == [
        "Task 2",
        "Task 3",
        "Task 4",
        "Task 5",
        "Task 6",
    ]  # Task 1 is done; Task 7 is sixth


def _svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.S)


def test_every_picture_has_a_text_alternative(example_html: str) -> None:
    figures = re.findall(r'<figure class="chart-figure".*?</figure>', example_html, flags=re.S)
    assert len(figures) == 8  # five framework pictures, and phases, progress and risks
    for figure in figures:
        (svg,) = _svgs(figure)
        assert 'role="img"' in svg and "<title " in svg and "<desc " in svg
        chart_id = re.search(r'aria-labelledby="([^ "]+)-title \1-desc"', svg)
        assert chart_id, svg[:200]
        caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, flags=re.S)
        assert caption and len(caption.group(1)) > 40


def test_pictures_need_no_script_and_no_network(example_html: str) -> None:
    assert "<script" not in example_html
    assert not re.search(
        r'(src|href)="(https?:)?//', example_html.replace('href="https://www.hee.nhs.uk', "")
    )
    assert "url(" not in example_html


def test_chart_contents_follow_the_answers(example_html: str) -> None:
    grid = next(svg for svg in _svgs(example_html) if "influence and interest" in svg)
    assert "Regional lead psychologist for physical health (influence high, interest high)" in grid
    assert "Manage closely" in grid and "Keep informed" in grid
    timeline = next(svg for svg in _svgs(example_html) if "Actions by due date" in svg)
    dates = re.findall(r"(\d\d \w{3} \d{4})", timeline)
    assert dates == ["31 Mar 2027", "30 Jun 2027", "30 Sep 2027", "31 Jan 2028"]
    curve = next(
        svg for svg in _svgs(example_html) if "adoption curve" in svg or "adopter categories" in svg
    )
    assert "Early adopter: 13.5% of all adopters, 1 of our targets" in curve
    bars = next(svg for svg in _svgs(example_html) if "Sustainability factors" in svg)
    # each bar carries its own rating in words, not the band of the whole assessment
    assert "Infrastructure for sustainability 2 of 5 (Fairly weak)" in bars


def test_user_text_in_pictures_is_escaped(framework: Framework) -> None:
    answers = Answers.empty(framework).with_value(
        "message",
        "influencers",
        [
            {
                "name": "<script>x</script>",
                "type": "champion",
                "influence": "high",
                "interest": "low",
            }
        ],
    )
    html = render_plan(framework, answers, PlanFormat.HTML, document=DocumentKind.WORKBOOK)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_markdown_has_mermaid_pictures_and_readable_text(example_md: str) -> None:
    blocks = re.findall(r"```mermaid\n(.*?)```", example_md, flags=re.S)
    kinds = {block.split()[0] for block in blocks}
    assert kinds == {"quadrantChart", "xychart-beta", "gantt"}
    gantt = next(b for b in blocks if b.startswith("gantt") and "Actions by due date" in b)
    assert "Develop the competency framework : milestone, 2027-06-30, 0d" in gantt
    phases = next(b for b in blocks if b.startswith("gantt") and "decision points" in b)
    assert "    section Stage 2 - competency framework\n" in phases
    assert (
        "Decision - The regional psychology network endorses the framework : milestone, 2027-06-30, 0d"
        in phases
    )
    quadrant = next(b for b in blocks if b.startswith("quadrantChart"))
    assert '"Regional lead psychologist for physical health": [0.83, 0.83]' in quadrant
    for block in blocks:  # a plain-text description follows every diagram
        after = example_md[example_md.index(block) + len(block) :]
        assert after.lstrip("`\n").startswith("_")


def test_print_styles(example_html: str) -> None:
    css = example_html[example_html.index("@media print") :]
    assert "@page { size: A4" in css
    # No forced breaks (a short step or an overflowing "At a glance" once left half-empty
    # pages); rows, pictures and headings are kept whole and with what follows them
    assert "break-before: page" not in css and "page-break-before" not in css
    assert "tr, li" in css and "break-inside: avoid" in css and "h2 + *" in css
    assert 'a[href^="http"]::after' in css
    # A footer on every page: the plan's title and date, and the page number
    footer = re.search(r"@bottom-left \{ content: (\"[^\"]*\");", css)
    assert footer and 'Page " counter(page) " of " counter(pages)' in css
    title = r"Spreading the Assistant Psychological Practitioner \28 Medical Specialty\29  role"
    assert footer.group(1) == (
        f'"{title} across the South West \\b7  version 0\\2e 3 \\b7  updated 20 November 2026"'
    )


def test_every_workbook_format_says_the_glance_in_the_same_words(framework: Framework) -> None:
    """The HTML workbook places the glance's lines in tables and meters, but says each one in
    the words the Markdown and Word workbooks list (one source: ``Glance.lines``)."""
    from spreadkit.plan.views import glance

    answers = read_answers(NORTHFIELD, framework)
    lines = glance.build(framework, answers).lines
    said = [(line.label, line.words) for line in lines] + [
        (item.label, item.words) for line in lines for item in line.under
    ]
    assert {line.id for line in lines} >= {"aim", "progress", "phases", "risks", "overdue"}

    def escape_html(text: str) -> str:  # as Jinja's autoescape writes it
        return html.escape(text).replace("&#x27;", "&#39;")

    for plan_format, escape in ((PlanFormat.HTML, escape_html), (PlanFormat.MARKDOWN, str)):
        text = render_plan(framework, answers, plan_format, document=DocumentKind.WORKBOOK)
        for label, words in said:
            assert escape(label) in text and escape(words.rstrip(".")) in text, (plan_format, words)
    page = render_plan(framework, answers, PlanFormat.HTML, document=DocumentKind.WORKBOOK)
    risks = re.findall(
        r'<li><span class="band band-[\w-]+ swatch" aria-hidden="true"></span>(.*?)</li>', page
    )
    assert len(risks) == 3  # the colour beside words that name the band: "score 16 (Extreme)"
    assert all(re.search(r"score \d+ \(\w+\)", risk) for risk in risks)
    # the issue (it has happened: no score, no band) is not among them, but listed on its own
    assert not any("No clinical rooms" in risk for risk in risks)
    assert (
        "<li>No clinical rooms in the rural practices: impact 3 moderate, owner Programme "
        "manager</li>" in page
    )


def test_band_colour_always_comes_with_words(example_html: str) -> None:
    for match in re.finditer(r'<span class="band band-(\w+)">(.*?)</span>', example_html):
        assert match.group(2).strip()


@pytest.mark.skipif(find_browser() is None, reason="no Chromium, Chrome or Edge on this machine")
def test_pdf_through_a_headless_browser(cli, tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    result = cli("render", str(EXAMPLE_ANSWERS), "--format", "pdf", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")


def test_pdf_without_a_browser_says_how_to_get_one(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPREADKIT_CHROMIUM", str(tmp_path / "no-such-browser"))
    result = cli(
        "render", str(EXAMPLE_ANSWERS), "--format", "pdf", "--output", str(tmp_path / "plan.pdf")
    )
    assert result.exit_code == 1
    assert (
        "needs Chromium, Google Chrome or Microsoft Edge" in result.stderr
        and "apt-get install chromium" in result.stderr
    )
    assert not (tmp_path / "plan.pdf").exists()


def test_pdf_needs_an_output_file(cli) -> None:
    assert cli("render", str(EXAMPLE_ANSWERS), "--format", "pdf").exit_code == 2


def test_export_actions_as_csv(cli) -> None:
    result = cli("export", str(EXAMPLE_ANSWERS), "--table", "actions", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:4] == ["Task", "Owner", "Due", "Status"]
    assert rows[0][4:] == [
        "Phase",
        "Site",
        "Start",
        "Revised due",
        "Depends on",
        "Follows its phase",
        "Sources",
        "Assumed",
    ]
    assert rows[2] == [
        "Develop the competency framework",
        "Consultant clinical psychologist",
        "2027-06-30",
        "Not started",
        "Stage 2: competency framework",
        *[""] * 7,
    ]
    assert len(rows) == 5


def test_export_stakeholders_and_communications_as_json(cli, tmp_path: Path) -> None:
    target = tmp_path / "people.json"
    result = cli(
        "export", str(EXAMPLE_ANSWERS), "-t", "stakeholders", "-f", "json", "--output", str(target)
    )
    assert result.exit_code == 0 and result.stdout == ""
    people = json.loads(target.read_text(encoding="utf-8"))
    assert people[2] == {
        "name": "Ward manager from the original service",
        "type": "champion",
        "organisation": "Original acute trust",
        "influence": "medium",
        "interest": "high",
        "contribution": "Hosts visits and tells the story of the first year.",
    }
    comms = json.loads(
        cli("export", str(EXAMPLE_ANSWERS), "-t", "communications", "-f", "json").stdout
    )
    assert comms[3]["audience"] == "Patient groups" and comms[3]["measure"] is None


def test_export_unknown_table(cli) -> None:
    result = cli("export", str(EXAMPLE_ANSWERS), "--table", "action")
    assert result.exit_code == 1 and "did you mean 'actions'?" in result.stderr


def test_terminal_preview(cli) -> None:
    result = cli("render", str(EXAMPLE_ANSWERS), "--format", "term", "--document", "workbook")
    assert result.exit_code == 0
    assert "Spreading the Assistant Psychological Practitioner" in result.stdout
    assert "At a glance" in result.stdout and "##" not in result.stdout


ACCESSIBILITY = ROOT / "scripts" / "accessibility.mjs"


@pytest.mark.skipif(
    not (ROOT / "scripts" / "node_modules" / "axe-core").is_dir()
    or shutil.which("node") is None
    or find_browser() is None,
    reason="the accessibility check needs node, `npm install` in scripts/, and Chromium",
)
@pytest.mark.parametrize("example", ["south-west-app", "northfield-fcp"])
def test_accessibility_check_finds_no_serious_violation(example: str) -> None:
    page = ROOT / "examples" / f"{example}.plan.html"  # the committed plan, checked current above
    done = subprocess.run(
        ["node", str(ACCESSIBILITY), str(page)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"CHROMIUM": find_browser() or "", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "critical 0, serious 0" in done.stdout


def test_the_glance_says_the_same_in_markdown_and_word(framework: Framework) -> None:
    """One source for the workbook's "At a glance": the view's lines, in both formats."""
    from spreadkit.plan.output.document import Paragraph
    from spreadkit.plan.output.word_workbook import workbook_document
    from spreadkit.plan.views import workbook

    answers = read_answers(NORTHFIELD, framework)
    view = workbook.build(framework, answers)
    markdown = render_plan(framework, answers, PlanFormat.MARKDOWN, document=DocumentKind.WORKBOOK)
    word = [
        "".join(run.text for run in block.runs)
        for block in workbook_document(view, dict(answers.details)).blocks
        if isinstance(block, Paragraph)
    ]
    said = [(line, item) for line in view.glance.lines for item in (line, *line.under)]
    assert len(said) > 10 and any(line.note for line, _ in said)
    for _, item in said:
        if item.words:
            assert item.words in markdown
            assert any(text.endswith(item.words) for text in word), item.words
