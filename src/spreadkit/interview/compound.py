"""Asking for the compound types (a quantity, money, a date range, a reference) with the
prompter's four plain prompts, so every prompter (questionary, a script) can ask them.

Enter keeps what is there: each prompt offers the current value as its default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from spreadkit.framework import shapes, values
from spreadkit.framework.model import Field, QuestionType

Validator = Callable[[str], str | None]


class Prompter(Protocol):
    """The two prompts used here; the interview's prompter has them (walker.Prompter)."""

    def text(
        self,
        message: str,
        *,
        default: str = "",
        validate: Callable[[str], str | None] | None = None,
        multiline: bool = False,
        instruction: str = "",
    ) -> str: ...

    def select(
        self, message: str, choices: Sequence[tuple[str, str]], *, default: str | None = None
    ) -> str: ...


SKIP = "__skip__"
OTHER = "__other__"
KINDS = (QuestionType.QUANTITY, QuestionType.MONEY, QuestionType.DATERANGE, QuestionType.REF)
_DATE_HINT = "(a date: YYYY-MM-DD or DD/MM/YYYY)"


def _same(text: str) -> str:
    return text


def _as_is(validate: Validator) -> Validator:
    return validate


def ask(
    prompter: Prompter,
    field: Field,
    current: Any,
    names: Sequence[str] = (),
    take: Callable[[str], str] = _same,
    checked: Callable[[Validator], Validator | None] = _as_is,
) -> Any:
    """One value of a compound ``field``; ``names`` are a reference's choices. ``take`` is what
    the typed number of a quantity or an amount of money is read through: the interview's, which
    takes off an ending that marks it as assumed or cites a source (``interview.evidence_questions``);
    ``checked`` is what its check is wrapped in, which first refuses a citation of a source the
    plan lacks and then checks the number without its ending, as for every other answer."""
    message = field.prompt + ("" if field.required else " (optional)")
    if field.type is QuestionType.QUANTITY:
        return ask_quantity(prompter, field, message, current, take, checked)
    if field.type is QuestionType.MONEY:
        return ask_money(prompter, field, message, current, take, checked)
    if field.type is QuestionType.DATERANGE:
        return ask_daterange(prompter, field, message, current)
    return ask_ref(prompter, field, message, current, names)


def ask_quantity(
    prompter: Prompter,
    field: Field,
    message: str,
    current: Any,
    take: Callable[[str], str] = _same,
    checked: Callable[[Validator], Validator | None] = _as_is,
) -> Any:
    """The number, then its unit: picked from the content's suggestions, or typed."""
    current = current if isinstance(current, dict) else {}
    number = take(
        prompter.text(
            message,
            default=shapes.plain_number(current["value"]).replace(",", "")
            if "value" in current
            else "",
            validate=checked(
                _validator(lambda text: shapes.check_quantity(field, {"value": text}, str), field)
            ),
            instruction="(a number; the unit comes next)",
        )
    )
    if not number.strip():
        return None
    unit = str(current.get("unit", ""))
    if field.units:
        options = [(u, u) for u in field.units]
        if unit and unit not in field.units:
            options.append((unit, unit))
        options.append((OTHER, "Another unit…"))
        picked = prompter.select("In what unit?", options, default=unit or None)
        unit = "" if picked == OTHER else picked
    if not unit:
        unit = prompter.text("In what unit? (such as posts, sites or people trained)", default="")
    return values.check(field, {"value": number, "unit": unit.strip() or None})


def ask_money(
    prompter: Prompter,
    field: Field,
    message: str,
    current: Any,
    take: Callable[[str], str] = _same,
    checked: Callable[[Validator], Validator | None] = _as_is,
) -> Any:
    """An amount of pounds: ``12500``, ``12,500`` and ``£12,500.50`` are all accepted."""
    shown = shapes.display_money(current) if isinstance(current, int | float) else ""
    text = prompter.text(
        message,
        default=shown,
        validate=checked(_validator(lambda t: values.check(field, t), field)),
        instruction="(a number of pounds, such as 12500 or £12,500)",
    )
    return values.check(field, take(text))


def ask_daterange(prompter: Prompter, field: Field, message: str, current: Any) -> Any:
    """The start, then the end, which may not be before the start."""
    current = current if isinstance(current, dict) else {}
    start_text = prompter.text(
        f"{message} Start date",
        default=_iso(current.get("start")),
        validate=_validator(lambda t: values.parse_date(t), field, required=False),
        instruction=_DATE_HINT,
    )
    start = values.parse_date(start_text) if start_text.strip() else None

    def end_fits(text: str) -> Any:
        return values.check_daterange({"start": start, "end": values.parse_date(text)})

    end_text = prompter.text(
        f"{message} End date",
        default=_iso(current.get("end")),
        validate=_validator(end_fits, field, required=False),
        instruction=_DATE_HINT,
    )
    return values.check(field, {"start": start_text or None, "end": end_text or None})


def ask_ref(
    prompter: Prompter, field: Field, message: str, current: Any, names: Sequence[str]
) -> Any:
    """One of the referenced records, by name, or "Skip for now"."""
    options = [(name, name) for name in names]
    if current and current not in names:
        options.append((str(current), f"{current} (no longer recorded)"))
    if not field.required or not options:
        options.append((SKIP, "Skip for now"))
    picked = prompter.select(message, options, default=current or None)
    return None if picked == SKIP else picked


def _validator(
    check: Callable[[str], Any], field: Field, *, required: bool | None = None
) -> Callable[[str], str | None]:
    needed = field.required if required is None else required

    def validate(text: str) -> str | None:
        if not text.strip():
            return "An answer is needed here." if needed else None
        try:
            check(text)
        except (values.BadValue, shapes.ShapeError) as exc:
            return values.problem_sentence(exc)
        return None

    return validate


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ""
