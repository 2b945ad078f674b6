"""A prompter that answers from a script, so the interview's logic is tested without a terminal."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spreadkit.core.environment import Environment

DEFAULT = object()  # answer with whatever the prompt offers by default


class Interrupt:
    """Put in a script to press Ctrl-C at that prompt (``typed``: what was half typed)."""

    def __init__(self, typed: str = "") -> None:
        self.typed = typed


@dataclass
class ScriptedPrompter:
    """Answers each prompt from ``script`` when its message contains the next key, else automatically.

    The automatic answer keeps the default when there is one, and otherwise gives a valid value,
    so a test only scripts the prompts it cares about. Every prompt asked is recorded.
    """

    script: list[tuple[str, Any]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # validation messages shown to the "user"
    tips: Any = None  # the interview's Ctrl-T callback
    offered: list[tuple[str, list[str]]] = field(default_factory=list)  # each list's labels

    def _next(self, message: str) -> Any:
        self.asked.append(message)
        if self.script and self.script[0][0] in message:
            _, answer = self.script.pop(0)
            if isinstance(answer, Interrupt):
                stop = KeyboardInterrupt()
                if answer.typed:
                    stop.typed = answer.typed  # type: ignore[attr-defined]  # as the prompter does
                raise stop
            return answer
        return DEFAULT

    def text(
        self,
        message: str,
        *,
        default: str = "",
        validate: Any = None,
        multiline: bool = False,
        instruction: str = "",
    ) -> str:
        while True:
            answer = self._next(message)
            if answer is DEFAULT:
                answer = default or (
                    "2027-01-01"
                    if "date" in instruction
                    else "1"
                    if "number" in instruction
                    else f"Answer to: {message}"
                )
            problem = validate(answer) if validate else None
            if problem is None:
                return str(answer)
            self.rejected.append(problem)
            if not self.script or self.script[0][0] not in message:
                raise AssertionError(
                    f"{message!r} rejected {answer!r} ({problem}) and the script has no retry"
                )

    def select(
        self,
        message: str,
        choices: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        keys: Sequence[str] = (),
    ) -> str:
        answer = self._next(message)
        self.offered.append((message, [label for _, label in choices]))
        values = [value for value, _ in choices]
        if answer is DEFAULT:
            answer = default if default in values else values[0]
        assert answer in values, f"{answer!r} is not a choice of {message!r}: {values}"
        return str(answer)

    def checkbox(
        self, message: str, choices: Sequence[tuple[str, str]], *, checked: Sequence[str] = ()
    ) -> list[str]:
        answer = self._next(message)
        if answer is DEFAULT:
            return list(checked) or [choices[0][0]]
        return list(answer)

    def form(self, message: str, fields: Sequence[Any]) -> list[str]:
        """Each line of a form answered as a text prompt named by its label and its hint (the
        question), so a script names a field by either; Enter keeps what is offered."""
        texts: list[str] = []
        for index, line in enumerate(fields):
            key = f"{line.label} · {line.hint}"
            if self.script and self.script[0][0] in key:
                try:
                    texts.append(self.text(key, default=line.default, validate=line.validate))
                except KeyboardInterrupt as stop:  # as the form does: every line as it stands
                    typed = getattr(stop, "typed", None)
                    now = typed if isinstance(typed, str) else line.default
                    stop.typed = [*texts, now, *(f.default for f in fields[index + 1 :])]  # type: ignore[attr-defined]
                    raise
            else:
                self.asked.append(key)
                texts.append(line.default)
        return texts

    def confirm(self, message: str, *, default: bool = True) -> bool:
        answer = self._next(message)
        return default if answer is DEFAULT else bool(answer)

    @property
    def finished(self) -> bool:
        return not self.script


def terminal_env(**variables: str) -> Environment:
    """Streams in memory that say they are a terminal, without colour: an interview's setting
    (``variables`` adds to the environment's, such as ``COLUMNS="60"``)."""
    return Environment(
        stdin=io.StringIO(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin_isatty=True,
        stdout_isatty=True,
        variables={"NO_COLOR": "1", **variables},
    )
