"""The command line: parse options, call one function in ``app``, turn errors into exit codes.

No business logic lives here. ``edge`` holds the typer app and ``_handled``, the one place where
errors become messages; the modules it imports below register their commands on it, in the order
``--help`` lists them. ``main`` is the ``spreadkit`` entry point.

These modules do not use ``from __future__ import annotations``: typer reads every option's
annotation when it builds the commands, and string annotations would be compiled again by
``eval`` on every start (about 15 ms of CPU for ``spreadkit --help``).
"""

from spreadkit.cli import browsing, file_commands, planning, portfolio, reporting

# isort: split
from spreadkit.cli import checkin  # listed after plan and status in --help
from spreadkit.cli.edge import app, main

__all__ = [
    "app",
    "browsing",
    "checkin",
    "file_commands",
    "main",
    "planning",
    "portfolio",
    "reporting",
]
