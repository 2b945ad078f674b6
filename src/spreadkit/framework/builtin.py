"""Which content ships with spreadkit: the files of the package's own content folder.

The built-in content is part of the program, like the built-in templates: its expressions
(``when`` conditions, plan checks) are run plainly. Anything else (a pack, a framework file
given with ``--content``) is shared and untrusted, and its expressions run in the bounded
sandbox (``framework.sandbox``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

BUILTIN_CONTENT = Path(__file__).parents[1] / "content"


@cache
def is_builtin(file: str) -> bool:
    """Whether the content file named ``file`` (as read) is one of the package's own."""
    try:
        real = Path(file).resolve(strict=True)
        return real.parent == BUILTIN_CONTENT.resolve(strict=True) and real.is_file()
    except (OSError, RuntimeError, ValueError):
        return False
