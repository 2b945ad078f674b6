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

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

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


def _name(kind: str, where: str) -> str:
    place = hashlib.sha256(os.path.normcase(os.path.abspath(where)).encode()).hexdigest()[:40]
    return f"{kind}-{usercache.code_stamp()}-{place}.json"


def recall(kind: str, where: str, wanted: str) -> dict[str, Any] | None:
    """The entry kept for ``where`` when it was made from inputs whose digest is ``wanted``."""
    if not wanted:
        return None
    data = usercache.read_entry(_name(kind, where))
    if data is None:
        return None
    try:
        entry = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != wanted:
        return None
    return entry


def remember(kind: str, where: str, made_from: str, entry: dict[str, Any]) -> None:
    if made_from:
        data = json.dumps({**entry, "key": made_from}, sort_keys=True).encode("utf-8")
        usercache.write_entry(_name(kind, where), data)


def recall_folder(kind: str, folder: str) -> dict[str, dict[str, Any]]:
    """The entries kept for the files of ``folder``, by file name: one cache entry a folder,
    read once a run (``remember_folder``), not one a file. Anything ill-formed is left out."""
    data = usercache.read_entry(_name(kind, folder))
    if data is None:
        return {}
    try:
        entries = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(entries, dict):
        return {}
    return {
        name: entry
        for name, entry in entries.items()
        if isinstance(entry, dict) and isinstance(entry.get("key"), str) and entry["key"]
    }


def remember_folder(kind: str, folder: str, entries: dict[str, dict[str, Any]]) -> None:
    """Keep ``entries`` (file name → entry with its inputs' ``key``) for ``folder``, once a run."""
    data = json.dumps(entries, sort_keys=True).encode("utf-8")
    usercache.write_entry(_name(kind, folder), data)


def file_digest(path: Path) -> str | None:
    """The digest of a regular file's bytes (never through a symbolic link), or None."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
