"""Names the CLI needs at start-up (formats, the default answers file), in a module light to import."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

DEFAULT_ANSWERS = Path("spread-plan.answers.yml")


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
