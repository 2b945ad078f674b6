"""The user's cache folder, shared by the compiled templates and the parsed built-in content.

What is kept there is reused only while it can be trusted and is current:

- Private: the folder is made 0700 and used only if it belongs to the user and nobody else can
  write to it (on Windows: only under the user's own LOCALAPPDATA); an entry is read only if
  it is a regular file (never through a symlink) with the same owner and permissions.
- Whole: every entry starts with a digest of what it was made from (its source: an
  expression's text, a template's checksum; by default its name) and of its bytes; an entry
  whose digest does not match (damaged on disk, or another entry's copied over it) is not
  used, and is made again.
- Current: every entry's name carries ``code_stamp()``, a digest of every file of the installed
  package (its Python modules, content and templates) and the Python version, so an edited
  loader or a moved module never meets an entry made by other code.
- Optional: a folder that is missing, shared or cannot be written only costs time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import time
from functools import cache, lru_cache
from pathlib import Path
from typing import BinaryIO

PACKAGE = Path(__file__).resolve().parents[1]
MAX_ENTRY_BYTES = 8 * 1024 * 1024
_STAMPED = (".py", ".yml", ".j2", ".css")  # what shapes what the cache holds
_CURRENT = (
    "content-",
    "templates-",
    "expressions-",
    "records-",
    "render-",
    "portfolio-",
    "help-",
    ".tmp-",
)
_EARLIER = ("spreadkit-plain-", "spreadkit-sandboxed-")  # entries of earlier designs: never read
_A_WEEK = 7 * 24 * 3600
_HEADER = b"spreadkit-entry sha256:"
_HEADER_BYTES = len(_HEADER) + 64 + 1  # the header, the digest in hex, a line break


def cache_dir() -> Path | None:
    """Where spreadkit keeps what it reuses between runs: ``SPREADKIT_CACHE``, or the user's cache."""
    chosen = os.environ.get("SPREADKIT_CACHE")
    if chosen == "":
        return None  # SPREADKIT_CACHE= (empty) turns the cache off
    # a render asks about a hundred times: each path is made once for the settings it comes from
    if chosen:
        return _path(chosen)
    if sys.platform == "win32":
        return _local_app_data() / "spreadkit"
    return _posix_cache(os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))


@lru_cache(maxsize=8)
def _path(text: str) -> Path:
    return Path(text)


@lru_cache(maxsize=8)
def _posix_cache(xdg_cache_home: str | None, home: str | None) -> Path:
    """The user's cache folder for these settings (``home``: part of the key, as Path.home()
    reads it)."""
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "spreadkit"
    return Path(xdg_cache_home or Path.home() / ".cache") / "spreadkit"


def _local_app_data() -> Path:
    return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")


def private_dir() -> Path | None:
    """The cache folder, made if need be, when only this user can change what is in it."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
        if sys.platform == "win32":  # permissions are ACLs: trust only the user's own profile
            inside = folder.resolve().is_relative_to(_local_app_data().resolve())
            return folder if inside and stat.S_ISDIR(info.st_mode) else None
    except (OSError, ValueError):
        return None
    return folder if stat.S_ISDIR(info.st_mode) and _only_ours(info) else None


def _only_ours(info: os.stat_result) -> bool:
    """Owned by this user, and no one else may write to it."""
    if sys.platform == "win32":
        return True
    return only_ours(info)


def only_ours(info: os.stat_result, *, private_group: bool = False) -> bool:
    """Owned by this user, and no one else may write to it (POSIX: owner and mode bits).

    With ``private_group``, group write is allowed when the group is the user's own private
    group (their primary group, with no other members, as most Linux systems give each user),
    so a file made with ``umask 002`` is still the user's alone; the cache itself, made 0700,
    needs no such allowance. Always False on Windows, where files have no POSIX owner: callers
    choose what to trust there.
    """
    if sys.platform == "win32" or info.st_uid != os.geteuid() or info.st_mode & stat.S_IWOTH:
        return False
    if not info.st_mode & stat.S_IWGRP:
        return True
    return private_group and _private_group(info.st_gid)


def _private_group(gid: int) -> bool:
    import grp
    import pwd

    try:
        return gid == pwd.getpwuid(os.geteuid()).pw_gid and not grp.getgrgid(gid).gr_mem
    except KeyError:
        return False


@cache
def code_stamp(root: Path = PACKAGE) -> str:
    """A digest of everything under ``root`` that shapes what is cached, and of the Python."""
    digest = hashlib.sha256(f"{sys.version}|{sys.implementation.cache_tag}".encode())
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(n for n in subfolders if n != "__pycache__")
        for name in sorted(names):
            if name.endswith(_STAMPED):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, root).replace(os.sep, "/").encode() + b"\0")
                with open(path, "rb") as handle:
                    digest.update(hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()[:32]


def _seal(source: str, data: bytes) -> bytes:
    digest = hashlib.sha256(source.encode("utf-8", "surrogatepass") + b"\0" + data).hexdigest()
    return _HEADER + digest.encode("ascii") + b"\n"


def sealed(name: str, data: bytes, source: str | None = None) -> bytes:
    """The bytes ``write_entry`` keeps for ``data``. The seal finds damage and mix-ups, not
    malice: whoever may write to the folder may seal; the folder's privacy is the guard."""
    return _seal(source or name, data) + data


def unsealed(stored: bytes) -> bytes:
    """What an entry holds, without its seal (unchecked: ``read_entry`` checks)."""
    return stored[_HEADER_BYTES:]


def open_entry(name: str) -> BinaryIO | None:
    """An entry of the private cache folder opened for reading, unsealed (a book of many
    entries, each sealed on its own line, read a part at a time), or None when it is missing or
    cannot be trusted: not a regular file of the user's that only the user may write."""
    folder = private_dir()
    if folder is None:
        return None
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)  # no links, no FIFOs
    try:
        handle = os.open(folder / name, flags)
    except OSError:
        return None
    file = open(handle, "rb", closefd=True)  # noqa: SIM115 - the caller closes it
    try:
        info = os.fstat(file.fileno())
        if stat.S_ISREG(info.st_mode) and _only_ours(info):
            return file
    except OSError:
        pass
    file.close()
    return None


def read_entry(name: str, source: str | None = None) -> bytes | None:
    """An entry of the private cache folder, or None when it is missing or cannot be trusted:
    not the user's, or not whole and made from ``source`` (by default ``name``)."""
    file = open_entry(name)
    if file is None:
        return None
    with file:
        try:
            stored = file.read(_HEADER_BYTES + MAX_ENTRY_BYTES + 1)
        except OSError:
            return None
    data = stored[_HEADER_BYTES:]
    if len(data) > MAX_ENTRY_BYTES or stored[:_HEADER_BYTES] != _seal(source or name, data):
        return None
    return data


def new_entry() -> tuple[BinaryIO, Path] | None:
    """A new, private (0600) temporary file in the cache folder to write an entry into, a part
    at a time, and its path (for :func:`keep_entry`); None when the folder cannot be used."""
    import tempfile

    folder = private_dir()
    if folder is None:
        return None
    try:
        handle, temp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    except OSError:
        return None
    return open(handle, "w+b"), Path(temp)


def keep_entry(temp: Path, name: str) -> None:
    """The file made by :func:`new_entry` kept as ``name``, whole (renamed into place)."""
    try:
        os.replace(temp, temp.parent / name)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def write_entry(name: str, data: bytes, source: str | None = None) -> None:
    """Keep ``data`` as ``name`` in the private cache folder, whole or not at all, sealed with
    the digest of ``source`` (by default ``name``) and ``data``; quietly skipped when the folder
    cannot be used."""
    import tempfile  # only when something is written: most runs only read

    folder = private_dir()
    if folder is None:
        return
    temp = None
    try:
        handle, temp = tempfile.mkstemp(prefix=".tmp-", dir=folder)  # 0600, a new file
        with open(handle, "wb") as file:
            file.write(sealed(name, data, source))
        os.replace(temp, folder / name)
        temp = None
    except OSError:
        pass
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def remove_stale(keep: str) -> None:
    """Tidy the folder: remove entries of earlier designs, and entries made by other code (names
    without ``keep``) once they are a week old, so two installed versions do not undo each other."""
    folder = private_dir()
    if folder is None:
        return
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            name = entry.name
            earlier = name.startswith(_EARLIER) or (
                name.startswith("content-") and ".pickle" in name
            )
            other = name.startswith(_CURRENT) and keep not in name
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) and (
                    earlier
                    or (other and now - entry.stat(follow_symlinks=False).st_mtime > _A_WEEK)
                ):
                    os.unlink(entry.path)
