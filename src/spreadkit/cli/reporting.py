"""``spreadkit report``: the one-page highlight report for a programme board."""

from enum import StrEnum
from typing import Annotated

import typer

from spreadkit.cli.edge import app
from spreadkit.cli.handling import handled
from spreadkit.cli.options import AsOfOption, ContentOption, TemplateOption
from spreadkit.core.formats import OutputFormat, output_format


class ReportFormat(StrEnum):
    MARKDOWN = "md"
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"


@app.command()
def report(
    answers: Annotated[
        str, typer.Argument(metavar="ANSWERS", help="The answers file, or - for standard input.")
    ],
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="YYYY-MM-DD",
            help="Report what changed after this date (default: the check-in before the latest).",
        ),
    ] = None,
    report_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="md (Markdown), html (prints on one A4 page), pdf or docx (Word) "
            "(default: from --output's extension, else md).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="Where to write the report; standard output when left out or -."
        ),
    ] = None,
    as_of: AsOfOption = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Overwrite a report edited by hand or not written by spreadkit, keeping a .bak copy.",
        ),
    ] = False,
    content: ContentOption = None,
    template: TemplateOption = None,
) -> None:
    """Write a one-page highlight report for the programme board: status, progress, what
    changed since the last report, what comes next, risks and the decisions needed."""
    from spreadkit.app import reporting

    options = reporting.ReportOptions(
        answers,
        output_format(OutputFormat(report_format.value) if report_format else None, output),
        output,
        since,
        as_of,
        force,
    )
    handled(lambda env: reporting.report(env, options), content, template)
