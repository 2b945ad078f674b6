"""The names of output formats, in a module light enough for the CLI to import at start-up."""

from __future__ import annotations

from enum import StrEnum


class PlanFormat(StrEnum):
    """The formats the plan templates write."""

    MARKDOWN = "md"
    HTML = "html"


class OutputFormat(StrEnum):
    """What `spreadkit render` can write: the two template formats, a PDF, or a terminal preview."""

    MARKDOWN = "md"
    HTML = "html"
    PDF = "pdf"
    TERM = "term"
