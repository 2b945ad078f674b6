"""``plan``, the interview that makes or updates a plan, and ``status``, how far along it is."""

from pathlib import Path
from typing import Annotated

import typer

from spreadkit.cli.edge import _handled, app
from spreadkit.cli.options import (
    AsOfOption,
    ContentOption,
    DocumentOption,
    ForceOption,
    PlanFormats,
    SetOption,
    TemplateOption,
)
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.core.formats import DEFAULT_ANSWERS, Document, PlanFormat


def _answers_option(env: Environment, stray: list[str]) -> ExitStatus:
    """`spreadkit plan team.answers.yml`: the file goes after --answers."""
    raise SpreadkitError(
        Problem(
            "spreadkit plan takes one answers file, after --answers: "
            f"{env.command} plan --answers {stray[0]}"
        ),
        ExitStatus.USAGE,
    )


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
    document: DocumentOption = Document.BOARD,
) -> None:
    """Make or update a plan, answering the framework's questions step by step."""
    from spreadkit.app import planning

    if context.args:  # `spreadkit plan FILE`
        _handled(lambda env: _answers_option(env, context.args))

    formats = (
        (PlanFormat.MARKDOWN, PlanFormat.HTML)
        if plan_format is PlanFormats.BOTH
        else (PlanFormat(plan_format.value),)
    )
    options = planning.PlanOptions(
        answers,
        output,
        formats,
        tuple(step or ()),
        no_input,
        strict,
        tuple(set_ or ()),
        only_new,
        force,
        as_of,
        document,
    )
    _handled(lambda env: planning.run_plan(env, options), content, template)


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

    _handled(lambda env: commands.status(env, answers, as_of), content)
