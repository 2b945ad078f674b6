"""Plan files carry a stamp: a hash of their text, so spreadkit can tell a hand-edited plan,
or a file it never wrote, before it overwrites one.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from spreadkit.core.errors import Problem, SpreadkitError
from spreadkit.files import guard, officestamp

_STAMP_LINE = r"\n<!-- spreadkit plan; overwritten only by spreadkit; sha256:([0-9a-f]{64}) -->\n"
_STAMP = re.compile(_STAMP_LINE + r"\Z")
_STAMP_ANYWHERE = re.compile(_STAMP_LINE)  # text appended after it makes it an edited plan


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def stamped(body: str) -> str:
    """``body`` with the stamp line that marks it as spreadkit's, unedited."""
    if not body.endswith("\n") or body.endswith("\n\n"):  # else no copy of a large page
        body = body.rstrip("\n") + "\n"
    return (
        f"{body}\n<!-- spreadkit plan; overwritten only by spreadkit; sha256:{_digest(body)} -->\n"
    )


def body(text: str) -> str:
    """The plan without its stamp line."""
    match = _STAMP.search(text)
    return text[: match.start()] if match else text


def state(text: str) -> str:
    """'ours' (written by spreadkit, unedited), 'edited', or 'foreign' (no stamp).

    Text added after the stamp counts as an edit: the stamp is found wherever it is.
    """
    match = _STAMP.search(text)
    if match is None:
        return "edited" if _STAMP_ANYWHERE.search(text) else "foreign"
    return "ours" if _digest(text[: match.start()]) == match.group(1) else "edited"


def verdict(current: bytes) -> str | None:
    """Whether a plan file may be replaced (``None``), or why not: for :mod:`files.guard`."""
    if current.startswith(b"%PDF-"):
        return _pdf_verdict(current)
    if officestamp.is_zip(current):  # a Word plan
        return officestamp.verdict(current)
    try:
        found = state(current.decode("utf-8"))
    except UnicodeDecodeError:
        return guard.NOT_OURS
    if found == "foreign":
        return f"{guard.NOT_OURS} (it has no spreadkit stamp)"
    if found == "edited":
        return "it was edited by hand since spreadkit wrote it"
    return None


def write_plan(path: Path, text: str, *, force: bool = False) -> Path | None:
    """Write a plan, refusing to overwrite a file edited by hand or not spreadkit's.

    With ``force`` it overwrites, first keeping a copy beside it; the copy's path is returned.
    A symlink is never followed: it is refused, or with ``force`` replaced by the file.
    """
    return guard.write_guarded(path, text.encode("utf-8"), verdict, force=force)


# A PDF cannot carry the HTML comment, but a comment line after its end (%%EOF) is allowed and
# ignored by readers; a PDF edited and saved by another program is rewritten or appended to.
_PDF_STAMP = re.compile(rb"\n%spreadkit plan; sha256:([0-9a-f]{64})\n")


def stamped_pdf(data: bytes) -> bytes:
    return data + b"\n%spreadkit plan; sha256:" + _digest_bytes(data).encode() + b"\n"


def _pdf_verdict(current: bytes) -> str | None:
    matches = list(_PDF_STAMP.finditer(current[-4096:]))
    if not matches:
        return f"{guard.NOT_OURS} (it has no spreadkit stamp)"
    last, offset = matches[-1], max(len(current) - 4096, 0)
    ours = _digest_bytes(current[: offset + last.start()]) == last.group(1).decode()
    if not ours or offset + last.end() != len(current):
        return "it was edited since spreadkit wrote it"
    return None


def _digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_target(path: Path, force: bool) -> None:
    """Refuse early (before slow work such as printing a PDF) a plan path that would be refused."""
    reason = guard.refusal(path, verdict)
    if reason is not None and not force:
        raise SpreadkitError(
            Problem(
                f"not overwritten: {reason}",
                str(path),
                hint="add --force to overwrite it; a copy is kept as .bak",
            )
        )


def write_pdf(path: Path, data: bytes, *, force: bool = False) -> Path | None:
    return guard.write_guarded(path, stamped_pdf(data), verdict, force=force)


def write_office(path: Path, data: bytes, *, force: bool = False) -> Path | None:
    """Write a Word plan or an Excel tracker made with :data:`officestamp.PLACEHOLDER` as its
    identifier, stamped; a stamped one edited since (or no spreadkit file) is refused."""
    return guard.write_guarded(path, officestamp.stamp(data), verdict, force=force)
