"""A parsed YAML file as spreadkit holds it (``Document``: the data and the line of every key
path), key paths and how they are written, and the limits of what is read. Shared by
``files.yamlio`` (the interface) and ``files.yamlparse`` (its PyYAML part).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Any

from spreadkit.core.errors import Problem
from spreadkit.core.records import dataclass

MAX_NODES = 200_000  # far beyond any real plan; stops alias expansion bombs
MAX_DEPTH = 100  # real files nest under 10 levels; deeper would exhaust Python's stack

KeyPath = tuple[str | int, ...]


def format_path(path: KeyPath) -> str:
    """``('answers', 'analyse', 'team', 0, 'name')`` → ``answers.analyse.team[0].name``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


@dataclass(frozen=True)
class ParsedYaml:
    """A parsed YAML file: its data, its name, and the line of every key path."""

    data: Any
    name: str
    lines: Mapping[KeyPath, int] = field(default_factory=dict)

    def line_of(self, path: KeyPath) -> int | None:
        """The line of ``path``, or of its nearest parent that we know."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def problem(self, path: KeyPath, message: str, hint: str = "") -> Problem:
        return Problem(message, self.name, self.line_of(path), format_path(path), hint)
