"""How the person started spreadkit, so that every "run this next" hint works as printed.

After the README's install, spreadkit is ``.venv/bin/spreadkit`` and not on PATH; some run
``python -m spreadkit``. A hint that says ``spreadkit plan …`` would then fail with
"command not found", so hints name the command the way it was run.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

NAME = "spreadkit"


def _same_file(a: str | None, b: str) -> bool:
    if not a:
        return False
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _quote(text: str) -> str:
    return text if os.name == "nt" else shlex.quote(text)


def command_name(
    argv: Sequence[str] | None = None,
    executable: str | None = None,
    path: str | None = None,
) -> str:
    """``spreadkit`` when that runs this program; otherwise the command as it was typed.

    ``argv``, ``executable`` and ``path`` default to this process's ``sys.argv``,
    ``sys.executable`` and ``$PATH``.
    """
    argv = sys.argv if argv is None else argv
    executable = sys.executable if executable is None else executable
    path = os.environ.get("PATH", "") if path is None else path
    first = argv[0] if argv else ""
    program = Path(first)
    if program.name == "__main__.py" and program.parent.name == NAME:  # python -m spreadkit
        python = Path(executable).name
        runs_this = _same_file(shutil.which(python, path=path), executable)
        return f"{_quote(python if runs_this else executable)} -m {NAME}"
    if program.stem.removesuffix("-script") != NAME:
        return NAME  # embedded or under a test runner: the plain name
    if _same_file(shutil.which(NAME, path=path), first):
        return NAME
    return _quote(first)
