"""When a workbook cannot be written: one line for the person, not openpyxl's tracebacks.

openpyxl writes each sheet to a temporary file before zipping it. Under a limit on file size
(``ulimit -f``) or on a full disk, that write fails deep inside lxml (``IO_EFBIG``,
``IO_ENOSPC``), and the half-written sheet's generator, collected later, prints a second
traceback of its own. Both become one ``SpreadkitError``; nothing is written.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from typing import Any

from spreadkit.core.errors import Problem, SpreadkitError


def _a_failed_write(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return True
    return type(exc).__name__ == "SerialisationError" and "IO_" in str(exc)  # lxml's own


def write_or_refuse(write: Callable[[], None], what: str) -> None:
    """Run ``write``; a failed write of a temporary file while making ``what`` becomes one
    clear error, and the tracebacks of what it leaves half-written are not printed."""
    previous = sys.unraisablehook
    message = None

    def quietly(unraisable: Any) -> None:
        if not _a_failed_write(unraisable.exc_value):  # else the same failure, said once below
            previous(unraisable)

    sys.unraisablehook = quietly
    try:
        try:
            write()
        except Exception as exc:
            if not _a_failed_write(exc):
                raise
            message = str(exc)
        gc.collect()  # what the failure left half-written is closed now, under the quiet hook
    finally:
        sys.unraisablehook = previous
    if message is not None:
        raise SpreadkitError(
            Problem(
                f"cannot make the {what}: a temporary file could not be written ({message})",
                hint="is the disk full, or is there a limit on file size (ulimit -f)?",
            )
        )
