"""The streams and terminal facts a command runs with, injected so tests need no terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import TextIO

from spreadkit.core.invocation import command_name
from spreadkit.core.records import dataclass


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


@dataclass
class Environment:
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    stdin_isatty: bool | None = None
    stdout_isatty: bool | None = None
    variables: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    content: Path | None = None  # a content pack folder; None for the built-in framework
    templates: Path | None = None  # a folder of templates that override the built-in ones
    # How to name spreadkit in a hint: `spreadkit`, or `.venv/bin/spreadkit` when not on PATH.
    command: str = field(default_factory=command_name)

    def __post_init__(self) -> None:
        if self.stdin_isatty is None:
            self.stdin_isatty = _isatty(self.stdin)
        if self.stdout_isatty is None:
            self.stdout_isatty = _isatty(self.stdout)

    @property
    def interactive(self) -> bool:
        """Both ends are a terminal: a person can answer prompts and see them."""
        return bool(self.stdin_isatty and self.stdout_isatty)

    @property
    def colors(self) -> bool:
        """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
        return bool(self.stdout_isatty) and not self.variables.get("NO_COLOR")

    def out(self, text: str = "") -> None:
        self.stdout.write(text + "\n")

    def err(self, text: str) -> None:
        self.stderr.write(text + "\n")
        self.stderr.flush()
