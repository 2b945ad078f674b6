"""``plan``, the interview that makes or updates a plan, and ``status``, how far along it is."""

from pathlib import Path
from typing import Annotated

import typer

from spreadkit.cli.edge import app
from spreadkit.cli.handling import handled
from spreadkit.cli.options import (
    AsOfOption,
    ContentOption,
    DocumentOption,
    ForceOption,
    SetOption,
    TemplateOption,
)
from spreadkit.cli.plan_start import PlanFormats, start_plan
from spreadkit.core.formats import DEFAULT_ANSWERS, DocumentKind


@app.command(context_settings={"allow_extra_args": True})
def plan(
    context: typer.Context,
    answers: Annotated[
        Path,
        typer.Option("--answers", "-a", help="The answers file to fill in (created if new)."),
    ] = DEFAULT_ANSWERS,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Where to write the plan (default: beside the answers file)."
        ),
    ] = None,
    plan_format: Annotated[
        PlanFormats,
        typer.Option("--format", "-f", case_sensitive=False, help="md, html or both."),
    ] = PlanFormats.BOTH,
    step: Annotated[
        list[str] | None,
        typer.Option("--step", "-s", help="Ask only this step (number or id); repeat for more."),
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input", help="Ask nothing: write the plan from the answers file as it is."
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="With --no-input: fail, listing them, if required answers are missing."
        ),
    ] = False,
    set_: SetOption = None,
    only_new: Annotated[
        bool,
        typer.Option("--only-new", help="Ask only the questions that are new in the content."),
    ] = False,
    force: ForceOption = False,
    content: ContentOption = None,
    template: TemplateOption = None,
    as_of: AsOfOption = None,
    document: DocumentOption = DocumentKind.BOARD,
) -> None:
    """Make or update a plan, answering the framework's questions step by step."""
    start_plan(
        answers=answers,
        output=output,
        plan_format=plan_format,
        step=step,
        no_input=no_input,
        strict=strict,
        set_=set_,
        only_new=only_new,
        force=force,
        content=content,
        template=template,
        as_of=as_of,
        document=document,
        extra=tuple(context.args),
    )


@app.command()
def status(
    answers: Annotated[
        str, typer.Argument(metavar="ANSWERS", help="The answers file, or - for standard input.")
    ],
    content: ContentOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Show how complete a plan is, step by step, and the next question to answer."""
    from spreadkit.app import commands

    handled(lambda env: commands.status(env, answers, as_of), content)
