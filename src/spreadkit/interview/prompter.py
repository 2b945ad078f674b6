"""The questionary prompter: the only module that imports questionary or prompt_toolkit.

It turns the interview's four kinds of prompt into questionary prompts, always with
``unsafe_ask()`` so that Ctrl-C reaches the interview (``ask()`` would swallow it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import questionary
from prompt_toolkit.styles import Style

Validator = Callable[[str], str | None]

_STYLE = Style.from_dict(
    {
        "qmark": "fg:#005eb8 bold",
        "question": "bold",
        "answer": "fg:#007f3b bold",
        "instruction": "fg:#768692",
        "pointer": "fg:#005eb8 bold",
        "highlighted": "fg:#005eb8 bold",
        "selected": "fg:#007f3b",
    }
)


class QuestionaryPrompter:
    """Asks in a real terminal. ``input``/``output`` let tests drive it with a pipe."""

    def __init__(self, input: Any = None, output: Any = None) -> None:
        self._io: dict[str, Any] = {}
        if input is not None:
            self._io["input"] = input
        if output is not None:
            self._io["output"] = output

    def text(
        self,
        message: str,
        *,
        default: str = "",
        validate: Validator | None = None,
        multiline: bool = False,
        instruction: str = "",
    ) -> str:
        def check(value: str) -> bool | str:
            if validate is None:
                return True
            problem = validate(value)
            return True if problem is None else problem

        if multiline:
            # Long answers start on their own line, so they wrap at the terminal's edge
            # instead of in the narrow space left after the question. questionary adds
            # its own line on how to finish.
            message = f"{message}\n"
        question = questionary.text(
            message,
            default=default,
            validate=check,
            multiline=multiline,
            instruction=instruction or None,
            style=_STYLE,
            **self._io,
        )
        return str(question.unsafe_ask())

    def select(
        self, message: str, choices: Sequence[tuple[str, str]], *, default: str | None = None
    ) -> str:
        options = [questionary.Choice(title=label, value=value) for value, label in choices]
        values = [value for value, _ in choices]
        while True:
            start = next((option for option in options if option.value == default), None)
            question = questionary.select(
                message,
                choices=options,
                default=start,
                style=_STYLE,
                instruction="(use the arrow keys, Enter to pick)",
                **self._io,
            )
            picked = question.unsafe_ask()
            # Esc then Enter (a habit from the long-answer prompts) makes questionary return
            # an empty string rather than a choice: ask again instead of saving nothing.
            if picked in values:
                return str(picked)

    def checkbox(
        self, message: str, choices: Sequence[tuple[str, str]], *, checked: Sequence[str] = ()
    ) -> list[str]:
        options = [
            questionary.Choice(title=label, value=value, checked=value in checked)
            for value, label in choices
        ]
        question = questionary.checkbox(
            message,
            choices=options,
            style=_STYLE,
            instruction="(Space to tick or untick, Enter when done)",
            **self._io,
        )
        return [str(value) for value in question.unsafe_ask()]

    def confirm(self, message: str, *, default: bool = True) -> bool:
        question = questionary.confirm(message, default=default, style=_STYLE, **self._io)
        return bool(question.unsafe_ask())
