"""The one place where errors become messages and exit codes (``handled``), and the way out when
whoever reads our output has gone (``reader_gone``). No typer here: the commands that
``cli.quick`` answers without loading typer use it too.
"""

import contextlib
import os
import sys
from collections.abc import Callable
from typing import NoReturn

from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, SpreadkitError, path_too_long

state = {"traceback": False}  # --traceback, set by the typer app's callback


def handled(
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
        status = reader_gone()
    except Exception as exc:
        too_long = path_too_long(exc)  # from any of the many places a path is used
        if too_long is None and (state["traceback"] or os.environ.get("SPREADKIT_DEBUG")):
            raise
        env.err(
            f"error: {too_long}"
            if too_long
            else f"error: spreadkit hit an unexpected problem ({type(exc).__name__}: {exc}). "
            "Please report it, with the output of the same command run with --traceback."
        )
        status = ExitStatus.INVALID_INPUT if too_long else ExitStatus.BUG
    # typer (click) lets SystemExit through as it is, as it would its own Exit: the same status
    raise SystemExit(int(status))


def reader_gone() -> ExitStatus:
    """Whoever read our output stopped reading (``spreadkit steps | head -1``): stop quietly,
    as other command-line tools do, with nothing more written to the closed pipe."""
    with contextlib.suppress(OSError, ValueError):  # no real stdout (tests): nothing to point away
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return ExitStatus.BROKEN_PIPE
