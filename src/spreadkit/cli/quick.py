"""The commonest command lines, answered without loading typer (about 60 ms of CPU a start):

- ``spreadkit --help`` and ``spreadkit COMMAND --help`` print the text typer printed for the
  same words before, kept in the private cache (``core.usercache``: the user's own folder,
  every entry sealed and size-bounded). The entry's name is a digest of everything that shapes
  the text: spreadkit's code and Python (``code_stamp``), typer's version, the terminal's
  width, the language settings and the words typed. So the text is always typer's own, made
  from the code as it is now: nothing is written by hand, and a change to any command makes a
  new entry. A miss (the first time, or the cache turned off) is answered by typer.
- ``spreadkit plan``, ``spreadkit plan --answers FILE`` (``-a FILE``, ``--answers=FILE``) start
  the interview through ``cli.plan_start``, as typer's ``plan`` does, every other option at its
  default.
- ``spreadkit render FILE... [OPTION VALUE]...`` renders through ``cli.render_start``, as typer's
  ``render`` does, when every option is one of render's own, written out in full or by its
  short name and given once (``--set`` any number of times), each value in its own word and in
  the form typer would take it (a choice in lower case, ``--jobs`` in digits).

Anything else goes to typer, and so does anything unusual in these: shell completion, a file
typer would refuse (one that cannot be read), a word that starts with ``-`` (``-`` for standard
input, ``--``, ``--format=html``, ``-fhtml``), a missing value, an option given twice.
"""

import hashlib
import os
import sys
from collections.abc import Sequence
from importlib.machinery import PathFinder
from pathlib import Path

TYPE_CHECKING = False  # typing is not loaded for --help (mypy reads this as True)
if TYPE_CHECKING:
    from typing import Any

HELP = "--help"
_COMPLETION = "_SPREADKIT_COMPLETE"  # click's shell completion: typer's job
_LANGUAGE = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # what gettext reads
_ANSWERS = ("--answers", "-a")
_EXPANDED_ON_WINDOWS = "~$%*?["  # click expands these in arguments on Windows


def plan_answers(argv: Sequence[str]) -> Path | None:
    """The answers file of a ``plan`` command line started here, or None to leave it to typer."""
    if not argv or argv[0] != "plan" or _COMPLETION in os.environ:
        return None
    rest = argv[1:]
    if not rest:
        from spreadkit.core.formats import DEFAULT_ANSWERS

        text = str(DEFAULT_ANSWERS)
    elif len(rest) == 2 and rest[0] in _ANSWERS:
        text = rest[1]
    elif len(rest) == 1 and rest[0].startswith("--answers="):
        text = rest[0].removeprefix("--answers=")
    else:
        return None
    if not _plain(text):
        return None
    try:
        os.stat(text)
    except (OSError, ValueError):
        return Path(text)  # not there yet: the interview makes it
    # typer's path option refuses a file that cannot be read, with its own message
    return Path(text) if os.access(text, os.R_OK) else None


_RENDER_VALUES = {  # render's options that take a value, and start_render's name for each
    "--format": "plan_format",
    "-f": "plan_format",
    "--output": "output",
    "-o": "output",
    "--out-dir": "out_dir",
    "--content": "content",
    "--template": "template",
    "--as-of": "as_of",
    "--document": "document",
    "-d": "document",
    "--jobs": "jobs",
    "-j": "jobs",
}
_RENDER_FLAGS = {"--check": "check", "--force": "force"}


def render_options(argv: Sequence[str]) -> "dict[str, Any] | None":
    """The options of a ``render`` command line started here, by ``start_render``'s names, or
    None to leave it to typer."""
    if not argv or argv[0] != "render" or _COMPLETION in os.environ:
        return None
    from spreadkit.core.formats import DocumentKind, OutputFormat

    answers: list[str] = []
    sets: list[str] = []
    options: dict[str, Any] = {}
    words = iter(argv[1:])
    for word in words:
        if word in _RENDER_FLAGS and _RENDER_FLAGS[word] not in options:
            options[_RENDER_FLAGS[word]] = True
        elif word in _RENDER_VALUES and _RENDER_VALUES[word] not in options:
            value = next(words, "")
            if not _plain(value):
                return None
            options[_RENDER_VALUES[word]] = value
        elif word == "--set":
            value = next(words, "")
            if not _plain(value):
                return None
            sets.append(value)
        elif _plain(word):
            answers.append(word)
        else:
            return None
    choices = {"plan_format": OutputFormat, "document": DocumentKind}
    for name, kind in choices.items():
        if name in options:
            if options[name] not in {member.value for member in kind}:
                return None  # typer's message, or its own reading of another case
            options[name] = kind(options[name])
    if "jobs" in options:
        if not (options["jobs"].isascii() and options["jobs"].isdigit()):
            return None
        options["jobs"] = int(options["jobs"])
    if not answers:
        return None  # typer says the files are missing
    return {"answers": answers, **options, **({"set_": sets} if sets else {})}


def _plain(word: str) -> bool:
    """A word typer would take as it is: not empty, not an option, not expanded by click."""
    if not word or word.startswith("-"):
        return False
    return not (os.name == "nt" and any(c in word for c in _EXPANDED_ON_WINDOWS))


def help_entry(argv: Sequence[str]) -> str | None:
    """The cache entry for a ``--help`` command line, or None when it is not one kept."""
    words = list(argv)
    if _COMPLETION in os.environ or not words or words[-1] != HELP or len(words) > 2:
        return None
    if len(words) == 2 and (not words[0] or words[0].startswith("-")):
        return None
    from spreadkit.core import usercache

    if usercache.cache_dir() is None:  # SPREADKIT_CACHE= (empty): straight to typer
        return None
    typer = _typer_version()
    if typer is None:
        return None
    shape = [typer, str(_columns()), *(os.environ.get(name, "") for name in _LANGUAGE), *words]
    digest = hashlib.sha256("\0".join(shape).encode("utf-8", "surrogatepass")).hexdigest()
    return f"help-{usercache.code_stamp()}-{digest[:32]}.txt"


def cached_help(name: str) -> str | None:
    """The help text kept under ``name``, when the cache has it whole and trusted."""
    from spreadkit.core import usercache

    data = usercache.read_entry(name)
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def keep_help(name: str, text: str) -> None:
    from spreadkit.core import usercache

    usercache.write_entry(name, text.encode("utf-8", "surrogatepass"))


def _typer_version() -> str | None:
    """A digest of typer's ``__init__.py`` (it names the version), found without importing it."""
    spec = PathFinder.find_spec("typer")
    if spec is None or not spec.origin:
        return None
    try:
        with open(spec.origin, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size()`` gives it to click's help
    formatter (without loading shutil): ``COLUMNS``, else standard output's terminal, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns
