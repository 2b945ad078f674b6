"""Commands that read answers files and write what they make: plans, tables, the schema, a blank file."""

from typing import Annotated

import typer

from spreadkit.cli.edge import app
from spreadkit.cli.handling import handled
from spreadkit.cli.options import (
    AsOfOption,
    ContentOption,
    DocumentOption,
    ExportFormat,
    ForceOption,
    JobsOption,
    OverwriteOption,
    SetOption,
    TemplateOption,
    ValidateFormat,
)
from spreadkit.cli.render_start import start_render
from spreadkit.core.formats import DocumentKind, OutputFormat


@app.command()
def render(
    answers: Annotated[
        list[str],
        typer.Argument(
            metavar="ANSWERS...",
            help="Answers files (.answers.yml or .json), or - for standard input; with --out-dir, "
            "folders too.",
        ),
    ],
    plan_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="md (Markdown), html, pdf (needs Chromium, Chrome or Edge), docx (Word) or term "
            "(default: from --output's extension, else md).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="Where to write the plan; standard output when left out or -."
        ),
    ] = None,
    out_dir: Annotated[
        str | None,
        typer.Option(
            "--out-dir", help="Render several answers files here, each plan named after its file."
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; exit 1 with a diff if the plan at --output is out of date.",
        ),
    ] = False,
    set_: SetOption = None,
    force: ForceOption = False,
    content: ContentOption = None,
    template: TemplateOption = None,
    as_of: AsOfOption = None,
    document: DocumentOption = DocumentKind.BOARD,
    jobs: JobsOption = None,
) -> None:
    """Render plans from answers files, or check that committed plans are up to date."""
    start_render(
        answers,
        plan_format,
        output,
        out_dir,
        check,
        set_,
        force,
        content,
        template,
        as_of,
        document,
        jobs,
    )


@app.command()
def export(
    answers: Annotated[
        str, typer.Argument(metavar="ANSWERS", help="The answers file, or - for standard input.")
    ],
    table: Annotated[
        str | None,
        typer.Option(
            "--table",
            "-t",
            help="A table the content exports, such as actions; "
            "`spreadkit export FILE --table x` lists them. xlsx writes every table.",
        ),
    ] = None,
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="csv, json, or xlsx (a workbook of every table; needs --output).",
        ),
    ] = ExportFormat.CSV,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write to this file instead of standard output."),
    ] = None,
    content: ContentOption = None,
    force: OverwriteOption = False,
) -> None:
    """Write a table of the plan (its actions, for one) as CSV or JSON, or every table as a workbook."""
    from spreadkit.app import commands

    as_json = output_format is ExportFormat.JSON
    workbook = output_format is ExportFormat.XLSX
    handled(
        lambda env: commands.export(env, answers, table, as_json, output, force, workbook=workbook),
        content,
    )


@app.command()
def validate(
    files: Annotated[list[str], typer.Argument(metavar="FILES...", help="Answers files to check.")],
    output_format: Annotated[
        ValidateFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="text, or json for machines."),
    ] = ValidateFormat.TEXT,
    content: ContentOption = None,
) -> None:
    """Check answers files: every problem in every file, with its line and a fix."""
    from spreadkit.app import commands

    handled(
        lambda env: commands.validate(env, files, output_format is ValidateFormat.JSON), content
    )


@app.command()
def schema(
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write the schema here instead of printing it."),
    ] = None,
    content: ContentOption = None,
    force: OverwriteOption = False,
) -> None:
    """Print the JSON Schema of answers files, for editors and CI."""
    from spreadkit.app import commands

    handled(lambda env: commands.write_schema(env, output, force), content)


@app.command()
def new(
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help="The answers file to create, e.g. team.answers.yml."),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the file if it exists.")
    ] = False,
    content: ContentOption = None,
) -> None:
    """Write a blank answers file with every question explained, to fill in with an editor."""
    from spreadkit.app import commands

    handled(lambda env: commands.new_answers(env, file, force), content)


@app.command("import")
def import_(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="The answers file to bring up to date.")
    ],
    tracker: Annotated[
        str,
        typer.Option(
            "--from",
            help="The tracker: a workbook from `export --format xlsx`, or a CSV table, "
            "edited in a spreadsheet.",
        ),
    ],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Save without asking (for scripts).")
    ] = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="The check-in's date, YYYY-MM-DD (needed with --yes unless new readings "
            "carry one).",
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", help="A note for the check-in (default: Imported from TRACKER)."),
    ] = None,
    future: Annotated[
        bool,
        typer.Option("--future", help="Allow a check-in dated after today (asked otherwise)."),
    ] = False,
    content: ContentOption = None,
) -> None:
    """Bring a tracker edited in a spreadsheet back into the answers, as one check-in."""
    from pathlib import Path

    from spreadkit.app import importing

    options = importing.ImportOptions(Path(file), Path(tracker), yes, date, note, future)
    handled(lambda env: importing.run_import(env, options), content)
