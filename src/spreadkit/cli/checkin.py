"""``checkin``: a dated update of a running programme, asked in a terminal or given as options."""

from pathlib import Path
from typing import Annotated

import typer

from spreadkit.cli.edge import app
from spreadkit.cli.handling import handled
from spreadkit.cli.options import ContentOption
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.core.formats import DEFAULT_ANSWERS


def _two_files(file: Path, answers: Path) -> ExitStatus:
    raise SpreadkitError(
        Problem(f"give the answers file once: {file} or --answers {answers}, not both"),
        ExitStatus.USAGE,
    )


@app.command()
def checkin(
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="[FILE]",
            help="The answers file (or give it with --answers).",
            show_default=False,
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers", "-a", help=f"The answers file to update (default: {DEFAULT_ANSWERS})."
        ),
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option("--no-input", help="Ask nothing: record the check-in from the options."),
    ] = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="The check-in's date (needed with --no-input; asked otherwise).",
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="KEY=VALUE",
            help="With --no-input: one new value, typed like its question (repeatable), e.g. "
            "'ready.sites[Aldbrook PCN].status=live' or ready.approach=loose.",
        ),
    ] = None,
    reading: Annotated[
        list[str] | None,
        typer.Option(
            "--reading",
            metavar="MEASURE=VALUE",
            help="With --no-input: a measure's value on this date (repeatable).",
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="With --no-input: a note on this check-in.")
    ] = None,
    future: Annotated[
        bool,
        typer.Option("--future", help="Allow a check-in dated after today (asked otherwise)."),
    ] = False,
    cite: Annotated[
        list[str] | None,
        typer.Option(
            "--cite",
            metavar="PATH=IDS",
            help="With --no-input: the sources an answer rests on (repeatable), e.g. "
            "'implement.budget[FCP posts].amount=S1,S2'; PATH= cites none.",
        ),
    ] = None,
    assume: Annotated[
        list[str] | None,
        typer.Option(
            "--assume",
            metavar="PATH[=NOTE]",
            help="With --no-input: mark an answer as assumed (repeatable), with what it rests "
            "on. Alone, --cite and --assume need no --date and record no check-in.",
        ),
    ] = None,
    content: ContentOption = None,
) -> None:
    """Record a check-in: what changed since the last one, dated, kept in the answers file."""
    from spreadkit.app.checking_in import CheckinOptions, run_checkin

    if file is not None and answers is not None and file != answers:
        handled(lambda env: _two_files(file, answers))
    options = CheckinOptions(
        file or answers or DEFAULT_ANSWERS,
        no_input,
        date,
        tuple(set_ or ()),
        tuple(reading or ()),
        note,
        future,
        tuple(cite or ()),
        tuple(assume or ()),
    )
    handled(lambda env: run_checkin(env, options), content)


@app.command()
def history(
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="[FILE]",
            help=f"The answers file (default: {DEFAULT_ANSWERS}), or - for standard input.",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", metavar="N", help="List only the latest N check-ins."),
    ] = None,
    content: ContentOption = None,
) -> None:
    """List a plan's check-ins, oldest first: each one's date, note, changes and readings."""
    from spreadkit.app.checkin_history import show_history

    source = str(file or DEFAULT_ANSWERS)
    handled(lambda env: show_history(env, source, limit), content)
