"""The command line's edge: the typer app and its global options. The commands themselves are in
the modules beside it (``cli.commands`` loads them all); errors become messages in
``cli.handling``; ``cli.entry`` is where a run starts.
"""

from typing import Annotated

import typer

from spreadkit import __version__
from spreadkit.cli.handling import state

app = typer.Typer(
    name="spreadkit",
    help=(
        "Plan the spread of a workforce innovation with Health Education England's "
        "five-step Framework for spread and adoption of workforce innovation (2019)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"spreadkit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    traceback: Annotated[
        bool,
        typer.Option(
            "--traceback", help="Show the full traceback of an unexpected error, for bug reports."
        ),
    ] = False,
) -> None:
    state["traceback"] = traceback
