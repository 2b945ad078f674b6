"""Options and choices shared by several commands."""

from enum import StrEnum
from typing import Annotated

import typer

from spreadkit.core.formats import DocumentKind


class ValidateFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


ContentOption = Annotated[
    str | None,
    typer.Option(
        "--content",
        metavar="DIR",
        help="A content pack to use (default: $SPREADKIT_CONTENT, or 'content' in ./spreadkit.yml).",
    ),
]
TemplateOption = Annotated[
    str | None,
    typer.Option(
        "--template",
        metavar="DIR",
        help="Templates that override the built-in ones by name (default: $SPREADKIT_TEMPLATES).",
    ),
]


OverwriteOption = Annotated[
    bool,
    typer.Option(
        "--force", help="Overwrite a file spreadkit did not write this way, keeping a .bak copy."
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Overwrite a plan edited by hand or not written by spreadkit, keeping a .bak copy.",
    ),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="STEP.QUESTION=VALUE",
        help="Override one answer, typed like its question (repeatable), e.g. ready.approach=loose.",
    ),
]


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Judge overdue actions on this date (default: the plan's updated date).",
    ),
]


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"


DocumentOption = Annotated[
    DocumentKind,
    typer.Option(
        "--document",
        "-d",
        case_sensitive=False,
        help="board: the short plan a board reads (default); workbook: the team's full "
        "step-by-step record with the framework's guidance.",
    ),
]


JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        help="How many processes work at once (default and most: every core).",
    ),
]
