"""The one range every number in a plan must fall in, checked where numbers come in.

Numbers reach a plan from answers files, prompts, ``--set`` and ``--reading``, and trackers.
Each of those edges checks a number against :data:`LARGEST` here, so that nothing after them
meets a number that cannot be added up, rounded to pence, drawn or printed: ``1e308`` overflows
a sum, a 400-digit whole number cannot become a decimal, and money that large cannot be
rounded to pence. A thousand million million is far beyond any programme's count, reading or
budget, and below 2**53, so every whole number in range is exact as a decimal too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TypeVar

N = TypeVar("N", int, float)

#: The largest size of any number spreadkit takes (either sign).
LARGEST = 10**15


def out_of_range(number: float) -> str | None:
    """Why ``number`` cannot be used (not finite, or beyond :data:`LARGEST`); None if it can."""
    if isinstance(number, float) and not math.isfinite(number):
        return f"{number} is not a number spreadkit can use"
    if abs(number) > LARGEST:
        return f"{short(number)} is too large: spreadkit takes numbers up to {LARGEST:,}"
    return None


def short(number: object) -> str:
    """A number (or what was typed for one) short enough for a one-line message."""
    text = str(number)
    return text if len(text) <= 24 else f"{text[:16]}… ({len(text):,} characters)"


HINT = "check the number; is it in the right unit?"


def checked(number: N, error: Callable[[str, str], Exception]) -> N:
    """``number`` if it is in range, else ``error(message, hint)`` raised."""
    problem = out_of_range(number)
    if problem:
        raise error(problem, HINT)
    return number
