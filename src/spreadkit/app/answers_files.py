"""Which answers files a command line names: the files given, and those under the folders given
(``render --out-dir`` and ``portfolio``), without loading what either command does with them."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from spreadkit.answers.store import ANSWERS_SUFFIXES
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError


def is_answers_file(name: str) -> bool:
    return name.lower().endswith(ANSWERS_SUFFIXES)


def find_answers(paths: Iterable[str]) -> list[str]:
    """The answers files given, and those under the folders given (hidden folders skipped, no
    symbolic link followed out of the folder), each once, folders' files in name order.

    A folder is often a shared repository: a file in it that is a symbolic link to somewhere
    outside it (``team.answers.yml -> ~/.ssh/config``) is left out, so the page never reads
    or quotes what lies outside the folders given. A file named on the command line is read
    wherever it leads."""
    found: dict[str, str] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside: list[str] = []
            root = os.path.realpath(path)
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                inside += [
                    os.path.join(folder, f)
                    for f in files
                    if is_answers_file(f) and _stays_inside(os.path.join(folder, f), root)
                ]
            names = sorted(inside)
        elif path.exists():
            names = [given]
        else:
            raise SpreadkitError(
                Problem("no such file or folder", given, hint="give folders or answers files"),
                ExitStatus.USAGE,
            )
        for name in names:
            found.setdefault(os.path.normcase(os.path.abspath(name)), name)
    return list(found.values())


def _stays_inside(name: str, root: str) -> bool:
    """Whether ``name`` is a file in the folder ``root`` (real path), links followed."""
    if not os.path.islink(name):
        return True
    real = os.path.realpath(name)
    return os.path.commonpath([real, root]) == root


def sources_of(paths: Sequence[str]) -> list[str]:
    """For ``render``: the answers files given, with folders expanded to those inside them."""
    return [
        s for given in paths for s in (find_answers([given]) if Path(given).is_dir() else [given])
    ]
