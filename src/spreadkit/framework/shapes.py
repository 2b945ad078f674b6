"""The compound value types: a quantity with its unit, money, a reference, ratings.

Checked and described here, for values.py, which dispatches every type (and checks date
ranges itself, with its dates). A ``ref`` is only
checked as a name here: whether a record of that name exists depends on the whole answers
file, and is checked when the file is read (answers/refs.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from spreadkit.core.errors import did_you_mean
from spreadkit.framework import magnitude
from spreadkit.framework.model import Field

Describe = Callable[[object], str]


class ShapeError(ValueError):
    """A value that does not fit; values.py turns it into its BadValue."""

    def __init__(self, message: str, hint: str = "", key: str | int | None = None) -> None:
        super().__init__(message)
        self.hint = hint
        self.key = key


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# -- quantity ------------------------------------------------------------------------------


def check_quantity(field: Field, value: Any, describe: Describe) -> dict[str, Any]:
    """``{value: 12, unit: posts}``; a bare number is a quantity with no unit yet."""
    if _is_number(value) or isinstance(value, str):
        value = _quantity_from_text(str(value)) if isinstance(value, str) else {"value": value}
    if not isinstance(value, dict):
        raise ShapeError(
            f"expected a number and its unit, found {describe(value)}",
            "for example {value: 12, unit: posts}",
        )
    unknown = [str(key) for key in value if key not in ("value", "unit")]
    if unknown:
        raise ShapeError(
            f"unknown key '{unknown[0]}' in a quantity",
            "a quantity has a value and a unit",
            key=unknown[0],
        )
    number = value.get("value")
    if isinstance(number, str):
        number = _parse_number(number, "value")
    if not isinstance(number, int | float) or isinstance(number, bool):
        raise ShapeError(f"expected a number, found {describe(number)}", key="value")
    if number < 0 or number != number:  # below zero, or not a number at all (NaN)
        raise ShapeError(f"{number} is below zero", key="value")
    if problem := magnitude.out_of_range(number):
        raise ShapeError(problem, magnitude.HINT, key="value")
    unit = value.get("unit")
    if unit is not None and (isinstance(unit, bool) or not isinstance(unit, str | int | float)):
        raise ShapeError(f"expected the unit as text, found {describe(unit)}", key="unit")
    out: dict[str, Any] = {"value": number}
    if unit is not None and str(unit).strip():
        if "\n" in str(unit).strip():
            raise ShapeError("expected the unit on one line", key="unit")
        out["unit"] = str(unit).strip()
    return out


def _quantity_from_text(text: str) -> dict[str, Any]:
    """``12 posts`` or ``85 % coverage``: the number first, then the unit."""
    match = re.match(r"^\s*([-+]?[\d,]*\.?\d+)\s*(.*?)\s*$", text)
    if not match:
        raise ShapeError(
            f"'{text.strip()}' is not a number and a unit", "for example 12 posts, or 85 %"
        )
    number = _parse_number(match.group(1), "value")
    unit = match.group(2)
    return {"value": number, "unit": unit} if unit else {"value": number}


def display_quantity(value: dict[str, Any]) -> str:
    number = plain_number(value["value"])
    unit = value.get("unit", "")
    if not unit:
        return number
    return f"{number}{unit}" if unit.startswith("%") else f"{number} {unit}"


# -- money ---------------------------------------------------------------------------------

_PENNY = Decimal("0.01")


def check_money(field: Field, value: Any, describe: Describe) -> int | float:
    """Pounds: ``12500``, ``12500.5``, ``"£12,500"``; never negative, at most pence."""
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        text = text[1:].lstrip() if text.startswith("£") else text
        if not re.fullmatch(r"\d+(\.\d+)?", text):
            raise ShapeError(
                f"'{value.strip()}' is not an amount of money", "for example 12500 or £12,500.50"
            )
        value = _parse_number(text, None)
    if not _is_number(value):
        raise ShapeError(f"expected an amount of money, found {describe(value)}")
    magnitude.checked(value, ShapeError)  # 1e308 cannot be rounded to pence
    if value.__class__ is int and value >= 0:
        return value  # whole pounds: nothing to round
    try:
        exact = Decimal(str(value))
    except InvalidOperation:
        raise ShapeError(f"'{value}' is not an amount of money") from None
    if not exact.is_finite():
        raise ShapeError(f"'{value}' is not an amount of money")
    if exact < 0:
        raise ShapeError(f"{plain_number(value)} is below zero", "money is never negative")
    if exact != exact.quantize(_PENNY):
        raise ShapeError(
            f"{value} has more than two decimal places", "give pounds and pence, such as 12.50"
        )
    return int(exact) if exact == exact.to_integral_value() else float(exact)


def display_money(value: float) -> str:
    """``£12,500`` or ``£12,500.50``."""
    if float(value).is_integer():
        return f"£{int(value):,}"
    return f"£{value:,.2f}"


# -- ref -----------------------------------------------------------------------------------


def check_ref(field: Field, value: Any, describe: Describe) -> str:
    """A record's name: one line of text. That the record exists is checked with the file."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ShapeError(
            f"expected the name of one of the {_ref_noun(field)}, found {describe(value)}"
        )
    text = str(value).strip()
    if "\n" in text:
        raise ShapeError("expected one name, found several lines")
    return text


def _ref_noun(field: Field) -> str:
    return field.ref.rpartition(".")[2] or "records"


# -- ratings -------------------------------------------------------------------------------

_RATING_KEYS = frozenset({"score", "note"})
_TEXTS = (str, int, float)  # a tuple: `str | int | float` builds a union at every call


def check_ratings(field: Field, value: Any, describe: Describe) -> dict[str, dict[str, Any]] | None:
    """A ratings answer (not blank): ``{item: {score: N, note: text}}``, every item optional."""
    return ratings_check(field, describe)(value)


def ratings_check(
    field: Field, describe: Describe
) -> Callable[[Any], dict[str, dict[str, Any]] | None]:
    """``check_ratings`` for one field, its items and top score worked out once."""
    items = [item.id for item in getattr(field, "items", ())]
    top = max((p for p, _ in field.scale_labels), default=5)

    def check(value: Any) -> dict[str, dict[str, Any]] | None:
        if not isinstance(value, dict):
            raise ShapeError(f"expected a mapping of rated items, found {describe(value)}")
        out: dict[str, dict[str, Any]] = {}
        for item_id, rating in value.items():
            if item_id not in items:
                raise ShapeError(
                    "unknown rated item", did_you_mean(str(item_id), items), key=item_id
                )
            if rating is None:
                continue
            if not isinstance(rating, dict) or not rating.keys() <= _RATING_KEYS:
                raise ShapeError(
                    f"expected score and note, found {describe(rating)}",
                    "for example {score: 4, note: why}; keys: score, note",
                    key=item_id,
                )
            score, note = rating.get("score"), rating.get("note")
            if score is not None and (
                isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= top
            ):
                raise ShapeError(
                    f"expected a score from 1 to {top}, found {describe(score)}", key=item_id
                )
            if note is not None and not isinstance(note, _TEXTS):
                raise ShapeError(f"expected the note as text, found {describe(note)}", key=item_id)
            entry: dict[str, Any] = {} if score is None else {"score": score}
            note = str(note).strip() if note is not None else ""
            if note:
                entry["note"] = note
            if entry:
                out[item_id] = entry
        ordered = {item: out[item] for item in items if item in out}
        return ordered or None

    return check


# -- shared --------------------------------------------------------------------------------


def _parse_number(text: str, key: str | None, example: str = "for example 12 or 2.5") -> Any:
    cleaned = text.strip().replace(",", "")
    for kind in (int, float):
        try:
            number = kind(cleaned)
        except ValueError:
            continue
        if isinstance(number, float) and not Decimal(cleaned).is_finite():
            break
        return number
    raise ShapeError(f"'{text.strip()}' is not a number", example, key=key)


def plain_number(number: float) -> str:
    """``12``, ``2.5``, ``12,500``: whole numbers with no decimals, thousands grouped."""
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,}"
