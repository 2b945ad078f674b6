"""The rich console that every rich output writes to: the injected streams, colour only on a
terminal (and never with NO_COLOR).
"""

from __future__ import annotations

import errno
from functools import cache
from typing import TYPE_CHECKING

from spreadkit.core.environment import Environment

if TYPE_CHECKING:
    from rich.console import Console


def console(env: Environment, *, stderr: bool = False) -> Console:
    return _console_class()(
        file=env.stderr if stderr else env.stdout,
        force_terminal=env.colors if env.colors else None,
        no_color=not env.colors,
        highlight=False,
        emoji=False,
        soft_wrap=False,
        width=_width(env),
    )


def _width(env: Environment) -> int | None:
    """A pipe gets 100 columns; a terminal its own width (rich measures it), or COLUMNS."""
    if not env.stdout_isatty:
        return 100
    columns = str(env.variables.get("COLUMNS", ""))
    return int(columns) if columns.isdecimal() and 20 <= int(columns) <= 1000 else None


@cache
def _console_class() -> type[Console]:
    from rich.console import Console

    class QuietConsole(Console):
        def on_broken_pipe(self) -> None:
            # rich would exit(1) here; the CLI edge ends a closed pipe quietly, as for any output.
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, "the reader of the output went away")

    return QuietConsole
