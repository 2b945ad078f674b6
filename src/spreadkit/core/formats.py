"""Names the CLI needs at start-up (formats, the default answers file), in a module light to import."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

DEFAULT_ANSWERS = Path("spread-plan.answers.yml")


class PlanFormat(StrEnum):
    """The formats the plan templates write."""

    MARKDOWN = "md"
    HTML = "html"


class DocumentKind(StrEnum):
    """Which plan to write from the answers: the short board plan, or the team's full workbook."""

    BOARD = "board"
    WORKBOOK = "workbook"


class OutputFormat(StrEnum):
    """What `spreadkit render` can write: the two template formats, a PDF, a Word document, or a
    terminal preview."""

    MARKDOWN = "md"
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"
    TERM = "term"


_EXTENSIONS = {
    ".md": OutputFormat.MARKDOWN,
    ".markdown": OutputFormat.MARKDOWN,
    ".html": OutputFormat.HTML,
    ".htm": OutputFormat.HTML,
    ".pdf": OutputFormat.PDF,
    ".docx": OutputFormat.DOCX,
}


def format_of(output: str | None) -> OutputFormat | None:
    """The format a plan file's extension names (``plan.html`` → html), if it names one."""
    if output is None or output == "-":
        return None
    return _EXTENSIONS.get(Path(output).suffix.lower())


def supported_extensions() -> str:
    """The extensions ``format_of`` knows, for messages: ``.md, .markdown, ... or .pdf``."""
    names = list(_EXTENSIONS)
    return ", ".join(names[:-1]) + " or " + names[-1]


def output_format(given: OutputFormat | None, output: str | None) -> OutputFormat:
    """``--format`` when given; else the one ``--output``'s extension names; else Markdown."""
    return given or format_of(output) or OutputFormat.MARKDOWN
