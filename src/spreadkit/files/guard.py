"""The one guard for every file spreadkit reads or writes.

Reading: only regular files (standard input aside), and never more than the size limit plus one
byte, so ``/dev/zero`` or a FIFO is a clear error rather than a hang or a memory blow-up.

Writing: only to a regular file or a new name; never to a device, a pipe or a folder. An existing
file is replaced only when it is spreadkit's own and unedited (each kind of file says how to
tell, through a *verdict*); otherwise the write is refused, or with ``--force`` the old file is
kept as ``.bak`` first. Answers files are the exception that proves the rule: they are the
session's own, and a symbolic link to one is written through, atomically, to its target.
"""

from __future__ import annotations

import itertools
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from spreadkit.core.errors import Problem, SpreadkitError, os_problem
from spreadkit.files.atomic import write_bytes_atomic, write_chunks_atomic

MAX_BYTES = 5 * 1024 * 1024
# What spreadkit writes (plans, pages, exports, documents) may be larger than what it reads as
# input, but never larger than it can read back to check before replacing it: a portfolio of
# 10,000 plans is some 23 MB, and a page written at that size must be replaceable next run.
MAX_OUTPUT_BYTES = 64 * 1024 * 1024

#: Given the bytes of the file already there: ``None`` if spreadkit may replace it, else why not.
Verdict = Callable[[bytes], str | None]
#: The same, given the file's path, for files too large to hold whole (it reads them in pieces).
FileVerdict = Callable[[Path], str | None]

NOT_REGULAR = "this is not a regular file (a device, a pipe or a socket)"
LINK = "it is a symbolic link, and spreadkit does not write through links"
NOT_OURS = "spreadkit did not write this file"


def too_large(name: str, limit: int = MAX_BYTES) -> SpreadkitError:
    return SpreadkitError(
        Problem(f"the file is larger than {limit // (1024 * 1024)} MB; is it the right one?", name)
    )


def _read_fd(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = os.read(fd, min(1024 * 1024, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _missing_hint(path: Path) -> str:
    """A Windows path typed on macOS or Linux, or a near miss of a file that is there."""
    text = str(path)
    if "\\" in text and os.sep == "/":
        return "on this computer folders are separated by /, not \\: " + text.replace("\\", "/")
    return near_miss(path)


def near_miss(path: Path, suffixes: tuple[str, ...] = (), cutoff: float = 0.6) -> str:
    """A "did you mean …?" for a file beside ``path`` whose name is close to its name, or "".
    With ``suffixes``, only names ending with one of them are offered, and names that share
    little more than that ending are not close (the cutoff is at least 0.85)."""
    try:
        with os.scandir(path.parent) as entries:
            names = [entry.name for entry in itertools.islice(entries, 1000)]
    except OSError:
        return ""
    if suffixes:
        names = [n for n in names if n.lower().endswith(suffixes) and n != path.name]
        cutoff = max(cutoff, 0.85)
    import difflib  # only for a file that is not there

    close = difflib.get_close_matches(path.name, names, n=1, cutoff=cutoff)
    return f"did you mean {path.parent / close[0]}?" if close else ""


def read_input(path: Path, limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, refusing anything else and anything over ``limit`` bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    name = str(path)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO does not wait for a writer
    except FileNotFoundError:
        raise SpreadkitError(Problem("no such file", name, hint=_missing_hint(path))) from None
    except IsADirectoryError:
        raise SpreadkitError(Problem("this is a folder, not a file", name)) from None
    except OSError as exc:
        raise SpreadkitError(os_problem(exc, "cannot read", name)) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise SpreadkitError(Problem("this is a folder, not a file", name))
        if not stat.S_ISREG(mode):
            raise SpreadkitError(
                Problem(NOT_REGULAR, name, hint="give a file, or - to read standard input")
            )
        data = _read_fd(fd, limit)
    except OSError as exc:
        raise SpreadkitError(os_problem(exc, "cannot read", name)) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise too_large(name, limit)
    return data


def read_stream(stream: TextIO, name: str = "<stdin>", limit: int = MAX_BYTES) -> str:
    """Standard input as UTF-8 text, reading at most ``limit`` + 1 bytes (or characters)."""
    binary = getattr(stream, "buffer", None)
    try:
        if binary is not None:
            data = bytes(binary.read(limit + 1))
            if len(data) > limit:
                raise too_large(name)
            return data.decode("utf-8-sig")
        text = stream.read(limit + 1)
        text.encode("utf-8")  # undecodable bytes arrive as lone surrogates
    except UnicodeError as exc:
        where = f" (byte {exc.start})" if isinstance(exc, UnicodeDecodeError) else ""
        raise SpreadkitError(
            Problem(f"not UTF-8 text{where}", name, hint="save it as UTF-8")
        ) from None
    if len(text) > limit or len(text.encode("utf-8")) > limit:
        raise too_large(name)
    return text


def check_output_name(path: Path) -> None:
    """Refuse a new file named with a backslash on macOS or Linux: ``C:\\Users\\priya\\plan.html``
    there is not a folder path but one odd file name, which spreadkit would otherwise write."""
    text = str(path)
    if os.sep != "/" or "\\" not in text or os.path.lexists(path):
        return
    windows = text[1:3] == ":\\" or text.startswith("\\\\")  # C:\... or \\server\...
    fixed = text.replace("\\", "/")
    raise SpreadkitError(
        Problem(
            "this is a Windows path; on this computer folders are separated by /, and spreadkit "
            "would write one file named with backslashes"
            if windows
            else "not written: on this computer folders are separated by /, not \\",
            text,
            hint="give a path such as plans/plan.html or /home/you/plan.html"
            if windows
            else f"did you mean {fixed}?",
        )
    )


def output_kind(path: Path) -> str:
    """'new', 'link' or 'file' for a path spreadkit is about to write; anything else is refused."""
    check_output_name(path)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "new"
    except OSError as exc:
        raise SpreadkitError(os_problem(exc, "cannot write here", str(path))) from None
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        raise SpreadkitError(Problem("this is a folder; give a file name", str(path)))
    if not stat.S_ISREG(mode):
        raise SpreadkitError(
            Problem(NOT_REGULAR, str(path), hint="give a file name, or - for standard output")
        )
    return "file"


def refusal(path: Path, verdict: Verdict, read: FileVerdict | None = None) -> str | None:
    """Why spreadkit must not replace ``path`` (``None``: it may). ``read``, when given, judges
    the file by its path (a piece at a time) instead of ``verdict`` judging its bytes."""
    kind = output_kind(path)
    if kind == "new":
        return None
    if kind == "link":
        return LINK
    if read is not None:
        return read(path)
    try:
        current = read_input(path, MAX_OUTPUT_BYTES)  # as large as spreadkit ever writes
    except SpreadkitError:
        return NOT_OURS  # too large or unreadable: not something spreadkit wrote
    return verdict(current)


def write_guarded(
    path: Path,
    data: bytes,
    verdict: Verdict,
    *,
    force: bool = False,
    durable: bool = False,
    hint: str = "add --force to overwrite it; a copy is kept as .bak",
) -> Path | None:
    """Write ``data`` to ``path`` unless a file there is not spreadkit's to replace.

    With ``force`` the old file is first copied to ``.bak`` (whose path is returned); a symbolic
    link is then replaced by the file, never followed.
    """
    if len(data) > MAX_OUTPUT_BYTES:
        raise _too_large_to_write(path, len(data))
    backup = _make_way(path, refusal(path, verdict), force, durable, hint)
    write_bytes_atomic(path, data, durable=durable)
    return backup


def _too_large_to_write(path: Path, size: int) -> SpreadkitError:
    return SpreadkitError(
        Problem(
            f"not written: it would be {size / (1024 * 1024):.0f} MB, more than the "
            f"{MAX_OUTPUT_BYTES // (1024 * 1024)} MB spreadkit writes (and reads back to "
            "check before replacing it)",
            str(path),
            hint="write it in smaller parts (fewer plans or folders at a time)",
        )
    )


def _make_way(path: Path, reason: str | None, force: bool, durable: bool, hint: str) -> Path | None:
    """Refuse (``reason``, no ``force``), or clear the way: a link removed, a file kept as .bak."""
    backup = None
    if reason is not None:
        if not force:
            raise SpreadkitError(Problem(f"not overwritten: {reason}", str(path), hint=hint))
        if output_kind(path) == "link":
            try:
                path.unlink()
            except OSError as exc:
                raise SpreadkitError(os_problem(exc, "cannot write", str(path))) from None
        else:
            backup = path.with_name(path.name + ".bak")
            output_kind(backup)  # a .bak that is a folder or a device is refused, not replaced
            write_chunks_atomic(backup, _pieces_of(path), durable=durable)
    return backup


def _pieces_of(path: Path, size: int = 1024 * 1024) -> Iterator[bytes]:
    """A regular file's bytes, a piece at a time, up to what spreadkit writes (then refused)."""
    output_kind(path)
    done = 0
    try:
        with open(path, "rb") as handle:
            while piece := handle.read(size):
                done += len(piece)
                if done > MAX_OUTPUT_BYTES:
                    raise too_large(str(path), MAX_OUTPUT_BYTES)
                yield piece
    except OSError as exc:
        raise SpreadkitError(os_problem(exc, "cannot read", str(path))) from None


def write_guarded_stream(
    path: Path,
    chunks: Iterable[bytes],
    read: FileVerdict,
    *,
    force: bool = False,
    hint: str = "add --force to overwrite it; a copy is kept as .bak",
) -> Path | None:
    """:func:`write_guarded` of ``b"".join(chunks)``, never held whole: the pieces go to a
    temporary file as they come, which is then read back with ``read`` (the check the next run
    makes before replacing it) and replaced only when that check lets it be replaced."""
    reason = refusal(path, lambda _: NOT_OURS, read)  # ``read`` judges it, not the lambda
    if reason is not None and not force:
        raise SpreadkitError(Problem(f"not overwritten: {reason}", str(path), hint=hint))
    backup: list[Path | None] = [None]

    def bounded() -> Iterator[bytes]:
        size = 0
        for chunk in chunks:
            size += len(chunk)
            if size > MAX_OUTPUT_BYTES:
                raise _too_large_to_write(path, size)
            yield chunk

    def read_back(temp: Path) -> None:
        problem = read(temp)
        if problem is not None:
            raise SpreadkitError(
                Problem(f"not written: it did not read back as written ({problem})", str(path))
            )
        backup[0] = _make_way(path, reason, force, False, hint)  # only once it is whole

    write_chunks_atomic(path, bounded(), durable=False, check=read_back)
    return backup[0]


def same_or_new(data: bytes, what: str = "a file of yours is there") -> Verdict:
    """A verdict for files with no stamp: replaced only when they are unchanged."""
    return lambda current: None if current == data else what


def write_answers_file(path: Path, data: bytes) -> None:
    """Write an answers file durably; a symbolic link is written through to its target."""
    target = Path(os.path.realpath(path)) if output_kind(path) == "link" else path
    output_kind(target)
    write_bytes_atomic(target, data, durable=True)


def same_table(data: bytes) -> Verdict:
    """For exports (CSV or JSON records): replace only a file holding the same kind of table."""
    import json

    def check(current: bytes) -> str | None:
        if data.lstrip().startswith(b"["):
            try:
                old, new = json.loads(current), json.loads(data)
            except ValueError:
                return NOT_OURS
            if not isinstance(old, list) or not all(isinstance(r, dict) for r in old):
                return NOT_OURS
            if old and new and set(old[0]) != set(new[0]):
                return "it holds a different table"
            return None
        return None if current.split(b"\n", 1)[0] == data.split(b"\n", 1)[0] else NOT_OURS

    return check
