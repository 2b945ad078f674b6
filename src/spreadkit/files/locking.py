"""One interview at a time per answers file: an OS lock that a crashed process cannot leave behind.

The lock is held by the kernel (``fcntl.flock`` on Linux and macOS, ``msvcrt.locking`` on
Windows), so it ends with the process however the process ends: a lock file left on disk by a
crash blocks no one. The file also says who holds the lock, for the message others see.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

from spreadkit.core.errors import Problem, SpreadkitError

_INFO_AT = 1  # byte 0 is the one locked; who holds it is written after it, readable by others


def lock_path(answers: Path) -> Path:
    return answers.with_name(f".{answers.name}.lock")


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, UnicodeDecodeError):
        os.lseek(fd, _INFO_AT, os.SEEK_SET)
        return os.read(fd, 400).decode("utf-8").strip()
    return ""


@contextlib.contextmanager
def locked(answers: Path) -> Iterator[None]:
    """Hold the answers file's lock for the ``with`` block, or say who holds it."""
    path = lock_path(answers)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise SpreadkitError(
            Problem(f"cannot create the lock file: {exc.strerror}", str(path))
        ) from None
    try:
        if not _try_lock(fd):
            holder = _holder(fd) or "another process"
            raise SpreadkitError(
                Problem(
                    f"these answers are in use by another spreadkit plan ({holder}); "
                    "finish or close that one first",
                    str(answers),
                )
            )
        since = dt.datetime.now().strftime("%H:%M on %d %B %Y")
        info = f"process {os.getpid()} on {socket.gethostname()}, since {since}".encode()
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, b" " + info)
        os.ftruncate(fd, _INFO_AT + len(info))
        try:
            yield
        finally:
            _unlock(fd)
            with contextlib.suppress(OSError):
                path.unlink()
    finally:
        os.close(fd)
