"""One interview at a time per answers file: an OS lock that a crashed process cannot leave behind.

The lock is held by the kernel (``fcntl.flock`` on Linux and macOS, ``msvcrt.locking`` of byte 0
on Windows), so it ends with the process however the process ends: a lock file left on disk by
a crash blocks no one. The file also says who holds the lock, for the message others see.

The lock file is never deleted. Deleting it on release would let a process that opened it just
before lock the deleted file while a third creates and locks a new one: two holders. After
locking we also check that the name still leads to the file we locked (someone may have deleted
the folder), and before every save :meth:`Lock.confirm` checks again, taking a new lock if the
folder was removed and recreated.

The lock file is opened without following a symbolic link and is used only if it is a regular
file of ours with one name that holds nothing but a holder line: it is never truncated or
overwritten otherwise, so a link planted in a shared folder cannot make spreadkit damage a file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from spreadkit.core.errors import Problem, SpreadkitError

_INFO_AT = 1  # byte 0 is the one locked; who holds it is written after it, readable by others
_INFO_SIZE = 200  # the holder line is padded to this size, so the file is never truncated
_OURS = b" process "  # what a lock file of ours starts with (or it is empty: just created)


def lock_path(answers: Path) -> Path:
    """Beside the answers file; beside its target when it is a symbolic link."""
    real = Path(os.path.realpath(answers))
    return real.with_name(f".{real.name}.lock")


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


def _read_head(fd: int) -> bytes:
    with contextlib.suppress(OSError):
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, _INFO_SIZE + _INFO_AT)
    return b""


def _holder(fd: int) -> str:
    head = _read_head(fd)[_INFO_AT:]
    return head.decode("utf-8", "replace").strip()


def _refuse(path: Path, why: str) -> SpreadkitError:
    return SpreadkitError(
        Problem(
            f"{why}, so spreadkit will not use it as its lock",
            str(path),
            hint="remove it, then run spreadkit again",
        )
    )


def _open(path: Path) -> int:
    """Open (or create) the lock file without following a link; only a regular file of ours."""
    flags = os.O_RDWR | os.O_CREAT
    flags |= (
        getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    )
    flags |= getattr(os, "O_CLOEXEC", 0)
    if not hasattr(os, "O_NOFOLLOW") and path.is_symlink():  # Windows: no O_NOFOLLOW
        raise _refuse(path, "this is a symbolic link")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if path.is_symlink():
            raise _refuse(path, "this is a symbolic link") from None
        raise SpreadkitError(
            Problem(f"cannot create the lock file: {exc.strerror}", str(path))
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(path, "this is not a regular file")
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise _refuse(path, "this file belongs to another user")
        if info.st_nlink > 1:
            raise _refuse(path, "this file has other names (hard links)")
    except BaseException:
        os.close(fd)
        raise
    return fd


def _same_file(fd: int, path: Path) -> bool:
    try:
        held, named = os.fstat(fd), os.lstat(path)
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


class Lock:
    """A held lock on an answers file; :meth:`confirm` before each save."""

    def __init__(self, answers: Path) -> None:
        self.answers = answers
        self.path = lock_path(answers)
        self.fd = -1

    def acquire(self) -> None:
        for _ in range(5):  # the file may be replaced between opening and locking: try again
            fd = _open(self.path)
            if not _try_lock(fd):
                holder = _holder(fd) or "another process"
                os.close(fd)
                raise SpreadkitError(
                    Problem(
                        f"these answers are in use by another spreadkit plan ({holder}); "
                        "finish or close that one first",
                        str(self.answers),
                    )
                )
            if not _same_file(fd, self.path):
                _unlock(fd)
                os.close(fd)
                continue
            head = _read_head(fd)
            if head and not head.startswith(_OURS):
                _unlock(fd)
                os.close(fd)
                raise _refuse(self.path, "this file is not a spreadkit lock")
            self.fd = fd
            self._write_holder()
            return
        raise SpreadkitError(
            Problem("cannot hold the lock file: it keeps changing", str(self.path))
        )

    def _write_holder(self) -> None:
        since = dt.datetime.now().strftime("%H:%M on %d %B %Y")
        info = f"process {os.getpid()} on {socket.gethostname()}, since {since}".encode()
        line = (b" " + info)[: _INFO_AT + _INFO_SIZE].ljust(_INFO_AT + _INFO_SIZE)
        with contextlib.suppress(OSError):
            os.lseek(self.fd, 0, os.SEEK_SET)
            os.write(self.fd, line)

    def confirm(self) -> None:
        """Make sure the lock still guards the answers file's name before writing to it.

        If the folder was deleted (taking the lock file with it) the lock is taken again on a
        new lock file; if another session got there first, the save is refused.
        """
        if self.fd >= 0 and _same_file(self.fd, self.path):
            return
        self.release()
        self.acquire()

    def release(self) -> None:
        if self.fd >= 0:
            _unlock(self.fd)
            os.close(self.fd)
            self.fd = -1


@contextlib.contextmanager
def locked(answers: Path) -> Iterator[Lock]:
    """Hold the answers file's lock for the ``with`` block, or say who holds it."""
    lock = Lock(answers)
    lock.acquire()
    try:
        yield lock
    finally:
        lock.release()
