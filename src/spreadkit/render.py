"""Render a plan from content and answers with the Jinja templates in ``templates/``."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from spreadkit import plan_view
from spreadkit.answers import Answers
from spreadkit.errors import Problem, SpreadkitError
from spreadkit.model import Framework

if TYPE_CHECKING:
    from jinja2 import Environment


class PlanFormat(StrEnum):
    MARKDOWN = "md"
    HTML = "html"


class OutputFormat(StrEnum):
    """What `spreadkit render` can write: the two template formats, a PDF, or a terminal preview."""

    MARKDOWN = "md"
    HTML = "html"
    PDF = "pdf"
    TERM = "term"


TEMPLATE_NAMES = {PlanFormat.MARKDOWN: "plan.md.j2", PlanFormat.HTML: "plan.html.j2"}


def templates_dir() -> Path:
    """The built-in templates: inside the installed package, or at the top of a source checkout."""
    packaged = Path(__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


def render_plan(framework: Framework, answers: Answers, plan_format: PlanFormat) -> str:
    view = plan_view.build(framework, answers)
    template = _environment(plan_format).get_template(TEMPLATE_NAMES[plan_format])
    text = template.render(plan=view)
    return text.rstrip("\n") + "\n"


@cache
def _environment(plan_format: PlanFormat) -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    folder = templates_dir()
    if not folder.is_dir():
        raise SpreadkitError(
            Problem("the plan templates are missing; reinstall spreadkit", str(folder))
        )
    html = plan_format is PlanFormat.HTML
    env = Environment(
        loader=FileSystemLoader(folder, encoding="utf-8"),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    if html:
        env.filters["lines"] = _html_lines
    else:
        env.filters["cell"] = markdown_cell
        env.filters["md"] = markdown_text
        env.filters["anchor"] = github_anchor
    return env


def _html_lines(text: str) -> object:
    """Escape ``text`` and keep its line breaks as ``<br>``."""
    from markupsafe import Markup, escape

    return Markup("<br>\n").join(escape(line) for line in str(text).split("\n"))


def _no_html(text: str) -> str:
    # Only "<" can open raw HTML; leaving "&" and ">" alone keeps the Markdown readable.
    return str(text).replace("<", "&lt;")


def markdown_text(text: str) -> str:
    """User text in Markdown prose: no raw HTML, and no line that turns into a heading or rule."""
    return re.sub(r"(?m)^(\s*)(#|=+\s*$|-{3,}\s*$|\*{3,}\s*$)", r"\1\\\2", _no_html(text))


def markdown_cell(text: str) -> str:
    """User text in a Markdown table cell: pipes escaped, line breaks kept as ``<br>``."""
    text = _no_html(text).replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(part.strip() for part in text.replace("\r", "").split("\n") if part.strip())


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading, for links in the contents list."""
    kept = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return kept.replace(" ", "-")
