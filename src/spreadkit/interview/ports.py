"""What the interview talks to, as protocols: the prompter that asks (questionary in real use, a
script in tests), and the interview as the group and ratings helpers see it. Kept apart so that
``walker`` and ``groups`` need not import each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from spreadkit.answers.store import Answers
from spreadkit.core.environment import Environment
from spreadkit.framework.model import Field, Framework
from spreadkit.interview.drafts import Drafts
from spreadkit.interview.form_fields import FormField

Validator = Callable[[str], str | None]
Save = Callable[[Answers], None]


def questionary_prompter() -> Prompter:
    """The real prompter, questionary in a terminal; it loads only when a person is asked."""
    from spreadkit.interview.prompter import QuestionaryPrompter

    return QuestionaryPrompter()


class Prompter(Protocol):
    tips: Callable[[], None] | None  # what a key at any prompt shows: the step's tips

    def text(
        self,
        message: str,
        *,
        default: str = "",
        validate: Validator | None = None,
        multiline: bool = False,
        instruction: str = "",
    ) -> str: ...

    def select(
        self,
        message: str,
        choices: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        keys: Sequence[str] = (),
    ) -> str: ...

    def checkbox(
        self, message: str, choices: Sequence[tuple[str, str]], *, checked: Sequence[str] = ()
    ) -> list[str]: ...

    def confirm(self, message: str, *, default: bool = True) -> bool: ...

    def form(self, message: str, fields: Sequence[FormField]) -> list[str]:
        """Several text fields on one screen; the texts, in order, once every one is valid."""
        ...


class Asker(Protocol):
    """The parts of an interview that asking a group or a ratings question needs."""

    answers: Answers
    env: Environment
    framework: Framework
    prompter: Prompter
    drafts: Drafts

    def commit(self, answers: Answers) -> None: ...

    def ask_field(self, field: Field, current: Any, *, key: str = "") -> Any: ...

    def text_answer(
        self,
        key: str,
        message: str,
        current: str,
        *,
        validate: Validator | None = None,
        multiline: bool = False,
        instruction: str = "",
    ) -> str: ...


class CheckinPort(Protocol):
    """The check-in session as the modules that ask its parts see it (``interview.checkin_questions``)."""

    framework: Framework
    env: Environment
    prompter: Prompter
    on: Any  # the check-in's date
    base: Answers  # the answers before this check-in
    answers: Answers

    @property
    def asker(self) -> Any: ...  # the Interview that asks one value of any type

    def todo(self, item: str) -> bool: ...

    def done(self, item: str) -> None: ...

    def set(self, path: str, value: Any) -> None: ...

    def current(self, path: str) -> Any: ...

    def ask(
        self,
        path: str,
        field: Field | None,
        message: str,
        offer: Any = None,
        *,
        required: bool = False,
        fresh: bool = False,
    ) -> Any: ...

    def ask_reason(self, name: str, status: str) -> None: ...

    def commit(self, *, final: bool = False) -> None: ...

    def question(self, section_id: str, question_id: str) -> Any: ...

    def records(self, section_id: str, question_id: str) -> list[Any]: ...

    readings: dict[str, float]
