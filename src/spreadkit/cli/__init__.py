"""The command line: parse options, call one function in ``app``, turn errors into exit codes.

No business logic lives here. ``entry.main`` is the ``spreadkit`` entry point: ``quick`` answers
``--help`` (from the cache) and the commonest ``plan`` without loading typer; everything else
goes to the typer app (``edge``), with the commands registered on it by ``commands``.
``handling`` is the one place where errors become messages. ``spreadkit.cli.app`` is the typer
app with every command (loaded when first asked for).

These modules do not use ``from __future__ import annotations``: typer reads every option's
annotation when it builds the commands, and string annotations would be compiled again by
``eval`` on every start (about 15 ms of CPU for ``spreadkit --help``).
"""

from typing import Any

from spreadkit.cli.entry import main

__all__ = ["app", "main"]


def __getattr__(name: str) -> Any:
    if name == "app":  # loads typer and every command: only when asked for
        from spreadkit.cli.commands import app

        return app
    raise AttributeError(f"module 'spreadkit.cli' has no attribute {name!r}")
