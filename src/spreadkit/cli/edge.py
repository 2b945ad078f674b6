"""The command line's edge: the typer app, its global options, and ``_handled``, the one place
where errors become messages and exit codes. The commands themselves are in the modules beside it.
"""

import contextlib
import errno
import os
import sys
from collections.abc import Callable
from typing import Annotated, NoReturn

import typer

from spreadkit import __version__
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, SpreadkitError, path_too_long

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

_state = {"traceback": False}


def _handled(
    run: Callable[[Environment], ExitStatus],
    content: str | None = None,
    templates: str | None = None,
) -> NoReturn:
    """Run a command; a user's mistake becomes one clear line on stderr and an exit code."""
    env = Environment()
    try:
        from spreadkit.framework import packs

        env.content = packs.content_dir(content, env.variables)
        env.templates = packs.templates_dir(templates, env.variables, note=env.err)
        status = run(env)
        env.stdout.flush()  # a reader that went away shows here, not at exit
    except SpreadkitError as exc:
        from spreadkit.terminal import display

        display.errors(env, [str(problem) for problem in exc.problems])
        status = exc.status
    except KeyboardInterrupt:
        env.err("Interrupted.")
        status = ExitStatus.INTERRUPTED
    except BrokenPipeError:
        status = _reader_gone()
    except Exception as exc:
        too_long = path_too_long(exc)  # from any of the many places a path is used
        if too_long is None and (_state["traceback"] or os.environ.get("SPREADKIT_DEBUG")):
            raise
        env.err(
            f"error: {too_long}"
            if too_long
            else f"error: spreadkit hit an unexpected problem ({type(exc).__name__}: {exc}). "
            "Please report it, with the output of the same command run with --traceback."
        )
        status = ExitStatus.INVALID_INPUT if too_long else ExitStatus.BUG
    raise typer.Exit(int(status))


def _reader_gone() -> ExitStatus:
    """Whoever read our output stopped reading (``spreadkit steps | head -1``): stop quietly,
    as other command-line tools do, with nothing more written to the closed pipe."""
    with contextlib.suppress(OSError, ValueError):  # no real stdout (tests): nothing to point away
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return ExitStatus.BROKEN_PIPE


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
    _state["traceback"] = traceback


def main() -> None:
    # Windows consoles may default to a legacy code page: say UTF-8 explicitly.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")
    try:
        app(prog_name="spreadkit")
    except SystemExit as done:
        status = done.code
    except BrokenPipeError:  # the reader went away while an error was being reported
        status = _reader_gone()
    # Python flushes standard output on the way out; a reader that went away must not turn that
    # into "Exception ignored" noise (Windows reports a closed pipe as EINVAL).
    try:
        sys.stdout.flush()
    except OSError as exc:
        if exc.errno not in (errno.EPIPE, errno.EINVAL):
            raise
        status = _reader_gone()
    sys.exit(status)
