"""The command line: parse options, call one function in ``app``, turn errors into exit codes.

No business logic lives here. ``edge`` holds the typer app and ``_handled``, the one place where
errors become messages; the modules it imports below register their commands on it, in the order
``--help`` lists them. ``main`` is the ``spreadkit`` entry point.
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
