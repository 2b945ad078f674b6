"""Plan files carry a stamp: a hash of their text, so spreadkit can tell a hand-edited plan,
or a file it never wrote, before it overwrites one.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

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
    reason = guard.refusal(path, verdict, file_verdict)  # a piece at a time: never held whole
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


# -- a page too large to hold twice: written, checked and replaced as a stream --------------

_STAMP_BYTES = len(f"\n<!-- spreadkit plan; overwritten only by spreadkit; sha256:{'0' * 64} -->\n")
_STREAM_CHUNK = 64 * 1024  # a piece, decoded and searched: small, as each is copied once or twice


def stamped_chunks(chunks: Iterable[str]) -> Iterator[str]:
    """What :func:`stamped` makes of ``"".join(chunks)``, as a stream: the body's line breaks at
    its end made one, then the stamp line with the digest of the body."""
    digest = hashlib.sha256()
    pending = 0  # line breaks at the end of what came so far, held until more text comes
    for chunk in chunks:
        text = chunk.rstrip("\n")
        if text:
            if pending:
                digest.update(b"\n" * pending)
                yield "\n" * pending
            digest.update(text.encode("utf-8"))
            yield text
        pending = len(chunk) - len(text) + (pending if not text else 0)
    digest.update(b"\n")
    yield f"\n\n<!-- spreadkit plan; overwritten only by spreadkit; sha256:{digest.hexdigest()} -->\n"


def file_verdict(path: Path) -> str | None:
    """:func:`verdict` of the file at ``path``, read a piece at a time: a page of 30 MB is
    checked without holding it (its text decoded once, piece by piece, and hashed)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
            if head.startswith(b"%PDF-") or officestamp.is_zip(head):
                return verdict(guard.read_input(path, guard.MAX_OUTPUT_BYTES))
            size = os.fstat(handle.fileno()).st_size
            if size > guard.MAX_OUTPUT_BYTES:
                return guard.NOT_OURS
            handle.seek(0)
            return _stream_verdict(handle, size)
    except (OSError, SpreadkitError):
        return guard.NOT_OURS  # too large or unreadable: not something spreadkit wrote


def _stream_verdict(handle: BinaryIO, size: int) -> str | None:
    body = max(0, size - _STAMP_BYTES)
    decoder = codecs.getincrementaldecoder("utf-8")()
    digest = hashlib.sha256()
    carry = b""  # the end of the last piece: a stamp may straddle two pieces
    anywhere = False
    done = 0
    while piece := handle.read(_STREAM_CHUNK):
        try:
            decoder.decode(piece)
        except UnicodeDecodeError:
            return guard.NOT_OURS
        digest.update(piece[: max(0, body - done)])
        done += len(piece)
        anywhere = anywhere or _STAMP_BYTES_ANYWHERE.search(carry + piece) is not None
        carry = (carry + piece)[-_STAMP_BYTES:]
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return guard.NOT_OURS
    match = _STAMP_BYTES_END.fullmatch(carry) if done == size and done >= _STAMP_BYTES else None
    if match is None:
        if anywhere:
            return "it was edited by hand since spreadkit wrote it"
        return f"{guard.NOT_OURS} (it has no spreadkit stamp)"
    if digest.hexdigest() != match.group(1).decode("ascii"):
        return "it was edited by hand since spreadkit wrote it"
    return None


_STAMP_BYTES_END = re.compile(_STAMP_LINE.encode("ascii"))
_STAMP_BYTES_ANYWHERE = _STAMP_BYTES_END


def write_plan_stream(path: Path, chunks: Iterable[str], *, force: bool = False) -> Path | None:
    """:func:`write_plan` of ``stamped(...)`` text given as a stream of pieces: written to a
    temporary file as it comes, then read back (:func:`file_verdict`, the check every later run
    makes before replacing it) before it replaces the file. Never held whole in memory."""
    data = (chunk.encode("utf-8") for chunk in chunks)
    return guard.write_guarded_stream(path, data, file_verdict, force=force)
