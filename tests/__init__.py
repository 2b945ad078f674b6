"""The test suite. Compiled bytecode is kept, as on a user's machine, even where the
environment says not to (PYTHONDONTWRITEBYTECODE): the suite starts many spreadkit processes
(pseudo-terminal and start-up tests), and each would otherwise compile every module again."""

import os
import sys

sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
