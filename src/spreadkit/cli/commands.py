"""Every command on the typer app, registered by importing the modules that hold them, in the
order ``--help`` lists them. Importing this loads typer; ``cli.entry`` does it only when
``cli.quick`` cannot answer.
"""

import spreadkit.cli.browsing
import spreadkit.cli.file_commands
import spreadkit.cli.planning
import spreadkit.cli.portfolio
import spreadkit.cli.reporting

# isort: split
import spreadkit.cli.checkin  # listed after plan and status in --help
from spreadkit.cli.edge import app

__all__ = ["MODULES", "app"]

MODULES = (  # in the order they register their commands
    spreadkit.cli.browsing,
    spreadkit.cli.file_commands,
    spreadkit.cli.planning,
    spreadkit.cli.portfolio,
    spreadkit.cli.reporting,
    spreadkit.cli.checkin,
)
