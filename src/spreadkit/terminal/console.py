"""The rich console that every rich output writes to: the injected streams, colour only on a
terminal (and never with NO_COLOR).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spreadkit.core.environment import Environment

if TYPE_CHECKING:
    from rich.console import Console


def console(env: Environment, *, stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(
        file=env.stderr if stderr else env.stdout,
        force_terminal=env.colors if env.colors else None,
        no_color=not env.colors,
        highlight=False,
        emoji=False,
        soft_wrap=False,
        width=None if env.stdout_isatty else 100,
    )
