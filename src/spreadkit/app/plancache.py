"""Work skipped when its inputs have not changed, like a build tool: batch plans and portfolio rows.

An entry is plain JSON data (never code) in the user's private cache folder
(``core.usercache``: owned by the user, no one else may write to it; left out with
``SPREADKIT_CACHE=``). It is used only when the digest it records of *every* input matches the
digest of the inputs now: the answers file's bytes, the framework content (the built-in one
through the code stamp, a pack through its files' bytes), the templates' bytes (built-in and
``--templates``), the options, and spreadkit's code stamp. Any change to any of them is a miss,
and a miss only costs the work the cache would have saved.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from spreadkit.core import usercache

_MAX_FILE_BYTES = 32 * 1024 * 1024  # a folder's file bigger than this is hashed by name alone


def _folder_digest(folder: Path | None) -> str:
    """A digest of the names and bytes of every regular file under ``folder``."""
    if folder is None:
        return "-"
    digest = hashlib.sha256(str(folder.resolve()).encode())
    for base, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(n for n in subfolders if n != "__pycache__")
        for name in sorted(names):
            path = os.path.join(base, name)
            digest.update(os.path.relpath(path, folder).replace(os.sep, "/").encode() + b"\0")
            try:
                if os.path.islink(path) or os.path.getsize(path) > _MAX_FILE_BYTES:
                    digest.update(b"link-or-large\0" + str(os.lstat(path)).encode())
                    continue
                with open(path, "rb") as handle:
                    digest.update(hashlib.sha256(handle.read()).digest())
            except OSError:
                digest.update(b"unreadable\0")
    return digest.hexdigest()


@cache
def _built_in_templates() -> str:
    from spreadkit.plan.output.render import templates_dir

    return _folder_digest(templates_dir())


def inputs_stamp(content: Path | None, templates: Path | None) -> str:
    """What every plan of this run is made with: code, content and templates. Computed in the
    parent process, once per run (a pack or a template folder may change between runs)."""
    if usercache.private_dir() is None:
        return ""  # no cache to use: nothing to compute
    parts = (usercache.code_stamp(), _built_in_templates(), _folder_digest(content))
    return hashlib.sha256("|".join((*parts, _folder_digest(templates))).encode()).hexdigest()


def key(stamp: str, source_bytes: bytes, options: object) -> str:
    """The digest of one piece of work's inputs; ``options`` is JSON-able (lists, strings)."""
    text = json.dumps([stamp, options], sort_keys=True, default=str)
    digest = hashlib.sha256(text.encode())
    digest.update(hashlib.sha256(source_bytes).digest())
    return digest.hexdigest()


def file_digest(path: Path) -> str | None:
    """The digest of a regular file's bytes (never through a symbolic link), or None."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


# -- one book per run: the entries of every plan of a run, in one file ----------------------
#
# Many plans in one run (``render --out-dir``, ``portfolio``) keep their entries in one book,
# one line per plan, rather than one file each: a new file per plan (made, written and renamed
# into place) cost more than the rest of the bookkeeping, and its O(plans) files filled the
# folder. The book is read once at the start of a run (each line's key and where it is, not its
# data), each plan's line is read by its worker only when its key matches, and the new book is
# written as the plans are done and renamed into place once, at the end. A line is
#
#     <seal: 64 hex> <key: 64 hex> <place: 40 hex> <entry: JSON>\n
#
# the seal being the digest of the rest of the line (damage or a mix-up is a miss).

_NO_KEY = "-" * 64
_PREFIX = 64 + 1 + 64 + 1 + 40 + 1

#: Where a plan's line is in the book: its key, its offset and its length.
Hint = tuple[str, int, int]


def book_name(kind: str, scope: str) -> str:
    """The book of ``kind`` for runs writing to ``scope`` (an output folder, a page's folder)."""
    where = hashlib.sha256(os.path.normcase(os.path.abspath(scope)).encode()).hexdigest()[:40]
    return f"{kind}-{usercache.code_stamp()}-book-{where}.jsonl"


def place(where: str) -> str:
    return hashlib.sha256(os.path.normcase(os.path.abspath(where)).encode()).hexdigest()[:40]


def line(key: str, where: str, entry: dict[str, Any]) -> bytes:
    text = json.dumps(entry, sort_keys=True, separators=(",", ":"))
    rest = f"{key or _NO_KEY} {place(where)} {text}"
    return f"{hashlib.sha256(rest.encode()).hexdigest()} {rest}\n".encode()


def _entry(data: bytes) -> tuple[str, dict[str, Any]] | None:
    """A line's key and entry, or None when it is damaged."""
    if len(data) < _PREFIX or not data.endswith(b"\n"):
        return None
    rest = data[65:-1]
    if hashlib.sha256(rest).hexdigest().encode() != data[:64]:
        return None
    try:
        entry = json.loads(rest[106:].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return (rest[:64].decode("ascii"), entry) if isinstance(entry, dict) else None


def index(name: str) -> dict[str, Hint]:
    """Where each place's line is in the book ``name`` (read a line at a time, data unparsed)."""
    found: dict[str, Hint] = {}
    handle = usercache.open_entry(name)
    if handle is None:
        return found
    with handle:
        offset = 0
        for data in handle:
            if len(data) >= _PREFIX:
                key, where = data[65:129].decode("ascii", "replace"), data[130:170]
                found[where.decode("ascii", "replace")] = (key, offset, len(data))
            offset += len(data)
    return found


def recall_line(name: str, hint: Hint | None, wanted: str) -> dict[str, Any] | None:
    """The entry at ``hint`` in the book ``name``, when it was made from inputs whose digest
    is ``wanted`` and its line is whole."""
    if not wanted or hint is None or hint[0] != wanted:
        return None
    handle = usercache.open_entry(name)
    if handle is None:
        return None
    with handle:
        handle.seek(hint[1])
        found = _entry(handle.read(hint[2]))
    return found[1] if found is not None and found[0] == wanted else None


class Book:
    """A run's new book, written a line at a time as plans are done, and read back by offset
    (the portfolio's page reads its rows from it). Kept as ``name`` by :meth:`keep`; without a
    cache folder (or ``name``), an unnamed temporary file that goes when it is closed."""

    def __init__(self, name: str | None) -> None:
        made = usercache.new_entry() if name else None
        self._file: BinaryIO
        self._temp: Path | None
        if made is None:
            import tempfile

            self._file, self._temp = tempfile.TemporaryFile(), None  # noqa: SIM115
        else:
            self._file, self._temp = made
        self.name = name if made is not None else None
        self._end = 0
        self._places: set[str] = set()

    def add(self, key: str, where: str, entry: dict[str, Any]) -> tuple[int, int]:
        """Append ``entry``; its offset and length, for :meth:`read`."""
        data = line(key, where, entry)
        self._file.seek(self._end)
        self._file.write(data)
        offset, self._end = self._end, self._end + len(data)
        self._places.add(place(where))
        return offset, len(data)

    def read(self, ref: tuple[int, int]) -> dict[str, Any] | None:
        self._file.seek(ref[0])
        found = _entry(self._file.read(ref[1]))
        return found[1] if found is not None else None

    def keep(self, old: dict[str, Hint]) -> None:
        """Keep the book, with the old book's lines for places this run did not touch (another
        run may write other plans to the same folder)."""
        if self._temp is None or self.name is None:
            return
        handle = usercache.open_entry(self.name) if old else None
        if handle is not None:
            with handle:
                for where, (_, offset, length) in old.items():
                    if where not in self._places:
                        handle.seek(offset)
                        data = handle.read(length)
                        if _entry(data) is not None:
                            self._file.seek(self._end)
                            self._file.write(data)
                            self._end += len(data)
        self._file.flush()
        usercache.keep_entry(self._temp, self.name)
        self._temp = None

    def close(self) -> None:
        self._file.close()
        if self._temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._temp)
