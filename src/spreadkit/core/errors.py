"""The one error type for user mistakes, and the exit codes the CLI turns it into."""

from __future__ import annotations

import errno
from collections.abc import Iterable, Sequence
from enum import IntEnum

from spreadkit.core.records import dataclass


class ExitStatus(IntEnum):
    """Exit codes, documented in README.md and tested."""

    OK = 0
    INVALID_INPUT = 1  # bad answers, bad content, a failed check
    USAGE = 2  # bad options, or no terminal for an interview
    BUG = 70  # a fault in spreadkit itself, not the user's (EX_SOFTWARE in sysexits.h)
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT
    HANGUP = 129  # the terminal closed: 128 + SIGHUP
    TERMINATED = 143  # asked to stop: 128 + SIGTERM
    BROKEN_PIPE = 141  # the reader of our output went away (`| head`): 128 + SIGPIPE, quietly


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file the user gave us, and where it is."""

    message: str
    file: str | None = None
    line: int | None = None
    key_path: str = ""
    hint: str = ""

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        key = f"{self.key_path}: " if self.key_path else ""
        hint = f" ({_short(self.hint)})" if self.hint else ""
        return f"{where}{key}{_short(self.message)}{hint}"


_LONGEST = 1_000  # characters of a message or hint: one line, never a whole cell or answer


def _short(text: str) -> str:
    from spreadkit.core.text import shortened

    return shortened(text, _LONGEST)


class SpreadkitError(Exception):
    """A mistake in what the user gave us. Caught once, at the CLI edge."""

    def __init__(
        self,
        problems: str | Problem | Sequence[Problem],
        status: ExitStatus = ExitStatus.INVALID_INPUT,
    ) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.status = status
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """A 'did you mean …?' hint for a misspelt name, or a list of what is allowed."""
    import difflib  # only when a name is misspelt

    options = list(options)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if not options:
        return ""
    shown = ", ".join(options[:12]) + (", …" if len(options) > 12 else "")
    return f"expected one of: {shown}"


def path_too_long(exc: BaseException) -> Problem | None:
    """The problem with a path the system refused as too long, or None for any other error."""
    too_long = isinstance(exc, OSError) and (
        exc.errno == errno.ENAMETOOLONG or getattr(exc, "winerror", None) == 206
    )
    if not too_long:
        return None
    path = str(getattr(exc, "filename", None) or "")
    shown = path if len(path) <= 60 else f"{path[:40]}…{path[-15:]}"
    return Problem(
        f"this path is too long ({len(path):,} characters)" if path else "a path is too long",
        shown or None,
        hint="use a shorter file or folder name",
    )


def os_problem(exc: OSError, doing: str, path: str) -> Problem:
    """An OS error on ``path`` in words: ``doing`` is what failed ("cannot read")."""
    return path_too_long(exc) or Problem(f"{doing}: {exc.strerror}", path)
