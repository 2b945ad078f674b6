"""Plans that pass the checkers: the Nu HTML checker (vnu) and markdownlint's default rules.

The real checkers run when they are installed and are skipped otherwise:

- vnu: Java on the PATH and ``vnu.jar`` at ``$SPREADKIT_VNU_JAR``, or in
  ``node_modules/vnu-jar/build/dist/`` of this checkout (``npm install --no-save vnu-jar``).
- markdownlint: ``$SPREADKIT_MARKDOWNLINT`` (the ``markdownlint`` command of markdownlint-cli),
  ``markdownlint`` on the PATH, or ``node_modules/.bin/markdownlint`` of this checkout.

The in-process tests below them check the particular mistakes the checkers once found, and run
everywhere.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.core.formats import DocumentKind, PlanFormat
from spreadkit.framework.model import Framework
from spreadkit.plan.output.render import render_plan

from .conftest import EXAMPLE_ANSWERS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(Path(EXAMPLE_ANSWERS).parent.glob("*.answers.yml"))
# markdownlint's default rules, apart from line length: plans are prose in long lines
MARKDOWNLINT_CONFIG = {"default": True, "MD013": False}


def _plans(framework: Framework, plan_format: PlanFormat) -> dict[str, str]:
    """Every example's board plan and workbook, and both for an answers file with nothing
    answered yet."""
    plans = {}
    for document in DocumentKind:
        for path in EXAMPLES:
            answers = read_answers(path, framework)
            plans[f"{path.name.split('.')[0]}-{document}"] = render_plan(
                framework, answers, plan_format, document=document
            )
        empty = Answers.empty(framework)
        plans[f"empty-{document}"] = render_plan(framework, empty, plan_format, document=document)
    return plans


def _write(folder: Path, plans: dict[str, str], suffix: str) -> list[str]:
    names = []
    for name, text in plans.items():
        (folder / f"{name}{suffix}").write_text(text, encoding="utf-8")
        names.append(str(folder / f"{name}{suffix}"))
    return names


def _vnu_jar() -> Path | None:
    chosen = os.environ.get("SPREADKIT_VNU_JAR")
    candidates = [Path(chosen)] if chosen else []
    candidates.append(ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")
    return next((path for path in candidates if path.is_file()), None)


def _markdownlint() -> str | None:
    chosen = os.environ.get("SPREADKIT_MARKDOWNLINT")
    if chosen:
        return chosen if Path(chosen).is_file() or shutil.which(chosen) else None
    local = ROOT / "node_modules" / ".bin" / "markdownlint"
    return shutil.which("markdownlint") or (str(local) if local.is_file() else None)


@pytest.mark.skipif(
    shutil.which("java") is None or _vnu_jar() is None,
    reason="the Nu HTML checker needs java and vnu.jar (set SPREADKIT_VNU_JAR)",
)
def test_the_nu_html_checker_finds_no_errors(framework: Framework, tmp_path: Path) -> None:
    files = _write(tmp_path, _plans(framework, PlanFormat.HTML), ".html")
    done = subprocess.run(
        ["java", "-jar", str(_vnu_jar()), "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr + done.stdout


@pytest.mark.skipif(
    _markdownlint() is None,
    reason="markdownlint-cli is not installed (set SPREADKIT_MARKDOWNLINT)",
)
def test_markdownlint_finds_nothing_but_long_lines(framework: Framework, tmp_path: Path) -> None:
    config = tmp_path / "markdownlint.json"
    config.write_text(json.dumps(MARKDOWNLINT_CONFIG), encoding="utf-8")
    files = _write(tmp_path, _plans(framework, PlanFormat.MARKDOWN), ".md")
    command = [str(_markdownlint()), "--config", str(config), *files]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr + done.stdout


# -- the mistakes the checkers found, checked in process -----------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.labelled: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if "aria-label" in dict(attrs):
            self.labelled.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


# Elements whose own role lets them carry a name (the generic ones, span and div, do not)
NAMED_ROLES = {"a", "button", "nav", "section", "main", "table", "figure", "img", "svg", "form"}


def test_html_names_only_elements_with_a_role(framework: Framework) -> None:
    for name, html in _plans(framework, PlanFormat.HTML).items():
        tags = _Tags()
        tags.feed(html)
        for tag, attrs in tags.labelled:
            assert tag in NAMED_ROLES or attrs.get("role"), (name, tag, attrs)


def test_html_headings_are_not_repeated(framework: Framework) -> None:
    for name, html in _plans(framework, PlanFormat.HTML).items():
        tags = _Tags()
        tags.feed(html)
        repeated = [text for text, count in Counter(tags.headings).items() if count > 1]
        assert repeated == [], name
        # an assessment's table does not repeat its heading where it can be seen
        assert "<caption>Multidisciplinary project team" not in html


def _markdown_headings(text: str) -> list[str]:
    body = re.sub(r"(?ms)^```.*?^```", "", text)  # not the Mermaid diagrams
    return [m.group(1).strip() for m in re.finditer(r"(?m)^#{1,6} (.+)$", body)]


def test_markdown_headings_are_not_repeated(framework: Framework) -> None:
    for name, text in _plans(framework, PlanFormat.MARKDOWN).items():
        headings = _markdown_headings(text)
        assert "Scores (Step 1)" in headings or not name.endswith("-workbook") or "empty" in name
        repeated = [h for h, count in Counter(headings).items() if count > 1]
        assert repeated == [], name


def test_markdown_uses_headings_not_emphasis_and_one_style_of_it(framework: Framework) -> None:
    for name, text in _plans(framework, PlanFormat.MARKDOWN).items():
        body = re.sub(r"(?ms)^```.*?^```", "", text)
        for paragraph in re.split(r"\n\s*\n", body):
            line = paragraph.strip()
            # a paragraph that is all bold or italic, not ending as a sentence: a heading in disguise
            disguised = re.fullmatch(r"(\*\*|__|\*|_)[^\n]+\1", line) and line[-2] not in ".:!?"
            assert not disguised, (name, line)
        assert not re.search(r"(?<![*\w])\*[^*\s][^*\n]*\*(?!\*)", body), name  # _italic_ only
        for row in re.findall(r"(?m)^\|[ |:-]+\|$", body):  # table rules, spaced like the rows
            assert re.fullmatch(r"\|( --- \|)+", row), (name, row)
