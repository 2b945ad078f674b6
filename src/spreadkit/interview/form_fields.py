"""One line of a record's form, as the interview describes it and the prompter asks it (kept
apart so that neither imports the other)."""

from __future__ import annotations

from collections.abc import Callable

from spreadkit.core.records import dataclass


@dataclass(frozen=True)
class FormField:
    """One line of a form: its label, the text offered, how it is checked, and a hint."""

    label: str
    default: str = ""
    validate: Callable[[str], str | None] | None = None
    hint: str = ""
