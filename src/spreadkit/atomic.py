"""Write files so that a crash, a full disk or Ctrl-C never leaves a half-written one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from spreadkit.errors import Problem, SpreadkitError


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 ``text`` to a temp file beside ``path``, then rename it into place.

    The rename is atomic on POSIX and on Windows (``os.replace``), so readers see either
    the old file or the new one, never a mix. Line endings are written as ``\\n`` everywhere,
    so that files diff the same on every machine.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed
            "w",
            encoding="utf-8",
            newline="\n",
            dir=folder,
            prefix=f".{path.name}.",
            suffix=".tmp",
            delete=False,
        )
    except OSError as exc:
        raise SpreadkitError(Problem(f"cannot write here: {exc.strerror}", str(path))) from None
    temp = Path(handle.name)
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError):
            raise SpreadkitError(
                Problem(f"cannot write: {exc.strerror}; the previous file is unchanged", str(path))
            ) from None
        raise
