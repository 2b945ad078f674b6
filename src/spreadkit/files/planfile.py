"""Plan files carry a stamp: a hash of their text, so spreadkit can tell a hand-edited plan,
or a file it never wrote, before it overwrites one.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from spreadkit.core.errors import Problem, SpreadkitError
from spreadkit.files.atomic import write_bytes_atomic, write_text_atomic

_STAMP = re.compile(
    r"\n<!-- spreadkit plan; overwritten only by spreadkit; sha256:([0-9a-f]{64}) -->\n\Z"
)


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def stamped(body: str) -> str:
    """``body`` with the stamp line that marks it as spreadkit's, unedited."""
    body = body.rstrip("\n") + "\n"
    return (
        f"{body}\n<!-- spreadkit plan; overwritten only by spreadkit; sha256:{_digest(body)} -->\n"
    )


def body(text: str) -> str:
    """The plan without its stamp line."""
    match = _STAMP.search(text)
    return text[: match.start()] if match else text


def state(text: str) -> str:
    """'ours' (written by spreadkit, unedited), 'edited', or 'foreign' (no stamp)."""
    match = _STAMP.search(text)
    if match is None:
        return "foreign"
    return "ours" if _digest(text[: match.start()]) == match.group(1) else "edited"


def write_plan(path: Path, text: str, *, force: bool = False) -> Path | None:
    """Write a plan, refusing to overwrite a file edited by hand or not spreadkit's.

    With ``force`` it overwrites, first keeping a copy beside it; the copy's path is returned.
    A symlink is never followed: it is refused, or with ``force`` replaced by the file.
    """
    if path.is_dir():
        raise SpreadkitError(Problem("this is a folder; give a file name for the plan", str(path)))
    if not path.exists() and not path.is_symlink():
        write_text_atomic(path, text, durable=False)
        return None
    reason = _refusal(path)
    if reason is None:
        write_text_atomic(path, text, durable=False)
        return None
    if not force:
        raise SpreadkitError(
            Problem(
                f"not overwritten: {reason}",
                str(path),
                hint="add --force to overwrite it; a copy is kept as .bak",
            )
        )
    backup = path.with_name(path.name + ".bak")
    if not path.is_symlink():
        write_bytes_atomic(backup, path.read_bytes())
    else:
        backup = None  # type: ignore[assignment]
        path.unlink()
    write_text_atomic(path, text, durable=False)
    return backup


def _refusal(path: Path) -> str | None:
    if path.is_symlink():
        return "it is a symbolic link, and spreadkit does not write through links"
    try:
        current = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "spreadkit did not write this file"
    found = state(current)
    if found == "foreign":
        return "spreadkit did not write this file (it has no spreadkit stamp)"
    if found == "edited":
        return "it was edited by hand since spreadkit wrote it"
    return None
