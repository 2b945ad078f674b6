"""Write files so that a crash, a full disk or Ctrl-C never leaves a half-written one."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from spreadkit.core.errors import Problem, SpreadkitError


def write_text_atomic(path: Path, text: str, *, durable: bool = True) -> None:
    """Write ``text`` as UTF-8, keeping its ``\\n`` line endings, so files diff the same everywhere."""
    write_bytes_atomic(path, text.encode("utf-8"), durable=durable)


def write_bytes_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to a temp file beside ``path``, then rename it into place.

    The rename is atomic on POSIX and on Windows (``os.replace``), so readers see either
    the old file or the new one, never a mix; a failure leaves the old file as it was.
    ``durable`` also flushes the data to the disk before the rename, so that a power cut
    cannot leave an empty file: answers need it; plans, which can be rendered again, skip it.
    """
    write_chunks_atomic(path, (data,), durable=durable)


def write_chunks_atomic(
    path: Path,
    chunks: Iterable[bytes],
    *,
    durable: bool = True,
    check: Callable[[Path], None] | None = None,
) -> None:
    """:func:`write_bytes_atomic` of ``b"".join(chunks)``, written a piece at a time as the
    pieces come (a page of thousands of plans is never held whole). ``check`` is given the
    temporary file once it is written and closed, before it replaces ``path``: it raises to stop
    the save (the read-back check), and the old file stays as it was."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed
            "wb", dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False
        )
    except OSError as exc:
        raise SpreadkitError(Problem(f"cannot write here: {exc.strerror}", str(path))) from None
    temp = Path(handle.name)
    try:
        with handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if check is not None:
            check(temp)
        os.chmod(temp, _mode_for(path))
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError):
            raise SpreadkitError(
                Problem(f"cannot write: {exc.strerror}; the previous file is unchanged", str(path))
            ) from None
        raise
    sweep_stray_temps(folder, path.name)


#: How old a temp file of ours must be before it counts as left by a killed process.
STRAY_AFTER = 15 * 60
_RANDOM = re.compile(r"[a-z0-9_]{8}")  # the part tempfile adds between prefix and suffix


def sweep_stray_temps(folder: Path, name: str, older_than: float = STRAY_AFTER) -> list[Path]:
    """Delete temp files left beside ``name`` by a process killed mid-write (kill -9, power cut).

    Only ours: named ``.NAME.XXXXXXXX.tmp`` as :func:`write_bytes_atomic` names them, regular
    files owned by this user, untouched for ``older_than`` seconds (a write in progress is newer).

    The folder is listed once per run (:func:`_strays_in`), not once per write, so a batch that
    writes N files beside each other costs N, not N squared; a temp file left after that listing
    is swept by the next run.
    """
    removed = []
    for candidate in _strays_in(folder).pop(name, []):
        with contextlib.suppress(OSError):
            info = candidate.stat(follow_symlinks=False)
            mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
            if stat.S_ISREG(info.st_mode) and mine and time.time() - info.st_mtime > older_than:
                os.unlink(candidate)
                removed.append(candidate)
    return removed


#: Per folder, the temp files of ours found when it was first written to in this run, by the name
#: of the file they were meant to become.
_STRAYS: dict[str, dict[str, list[Path]]] = {}


def _strays_in(folder: Path) -> dict[str, list[Path]]:
    key = os.path.abspath(folder)
    found = _STRAYS.get(key)
    if found is None:
        found = {}
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                target = _target_of(entry.name)
                if target:
                    found.setdefault(target, []).append(Path(entry.path))
        _STRAYS[key] = found
    return found


def _target_of(temp_name: str) -> str | None:
    """``.NAME.XXXXXXXX.tmp`` -> ``NAME``; anything else -> None."""
    if not (temp_name.startswith(".") and temp_name.endswith(".tmp")):
        return None
    stem = temp_name[1 : -len(".tmp")]
    name, dot, middle = stem.rpartition(".")
    return name if dot and name and _RANDOM.fullmatch(middle) else None


def forget_listings() -> None:
    """Forget which folders were listed (a test or a long-lived process starting a new run)."""
    _STRAYS.clear()


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; give a new one the usual ones (temp files are private)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
