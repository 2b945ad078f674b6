"""The limits on what one expression or template may do, and the checks that apply them:
the sizes of values, the steps, the output and the work of one render or expression, counted in
a budget that lives as long as the render (see ``sandbox`` for where they are applied).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from jinja2.exceptions import SecurityError

from spreadkit.core.records import dataclass

MAX_SIZE = 1_000_000  # characters or items in one value
MAX_BITS = 100_000  # bits in one whole number made by * or **
MAX_STEPS = 1_000_000  # loop steps and calls in one render or expression
CALL_STEPS = 10  # a call costs about ten times a loop step: it counts as that many
MAX_OUTPUT = 20_000_000  # characters a template writes, counted as it writes them
MAX_WIDTH = 10_000  # a field width or precision in a format string
MAX_WORK = 50_000_000  # characters or items made by operations and calls, added up


class LimitExceeded(SecurityError):
    """An expression or template tried to do more work than any plan needs."""


@dataclass
class _Budget:
    steps: int = 0
    output: int = 0
    work: int = 0


_budget: ContextVar[_Budget | None] = ContextVar("spreadkit_sandbox_budget", default=None)


@contextmanager
def limits() -> Iterator[None]:
    """A fresh work budget for one render or one expression."""
    token = _budget.set(_Budget())
    try:
        yield
    finally:
        _budget.reset(token)


def _current() -> _Budget:
    budget = _budget.get()
    if budget is None:  # pragma: no cover - a programming mistake, not a user's
        raise RuntimeError("sandboxed code must run inside sandbox.limits()")
    return budget


def _step(count: int = 1) -> None:
    budget = _current()
    budget.steps += count
    if budget.steps > MAX_STEPS:
        raise LimitExceeded(
            f"too much work: more than {MAX_STEPS:,} loop steps and calls (a loop inside a loop "
            "over large ranges, or a macro that calls itself many times?)"
        )


def _write(count: int) -> None:
    budget = _current()
    budget.output += count
    if budget.output > MAX_OUTPUT:
        raise LimitExceeded(f"the output would be more than {MAX_OUTPUT:,} characters")


def _work(count: int) -> None:
    budget = _current()
    budget.work += count
    if budget.work > MAX_WORK:
        raise LimitExceeded(
            f"too much work: the values it makes add up to more than {MAX_WORK:,} characters "
            "or items (a large value built again and again in a loop?)"
        )


def weight(value: Any, cap: int = MAX_SIZE) -> int:
    """Characters and items in ``value``, counted through lists and dicts; stops past ``cap``."""
    total = 0
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str | bytes):
            total += len(item)
        elif isinstance(item, list | tuple | set | frozenset | dict):
            total += len(item)
            if total > cap:
                return total
            pending.extend(item.items() if isinstance(item, dict) else item)
        else:
            total += 1
        if total > cap:
            return total
    return total


def _too_big(what: str = "a value") -> LimitExceeded:
    return LimitExceeded(f"{what} would be more than {MAX_SIZE:,} characters or items")


def _check(value: Any, what: str = "a value") -> Any:
    if weight(value) > MAX_SIZE:
        raise _too_big(what)
    return value


def _made(value: Any, what: str) -> Any:
    """``value``, something an operation or call made: bounded, and its size charged as work."""
    size = weight(value)
    if size > MAX_SIZE:
        raise _too_big(what)
    _work(size)
    return value


def _gathered(values: Iterator[Any], what: str) -> list[Any]:
    """A lazy sequence's items as a list, weighed one by one so it cannot grow past bounds."""
    items: list[Any] = []
    size = 0
    for item in values:
        size += weight(item, cap=MAX_SIZE) + 1
        if size > MAX_SIZE:
            raise _too_big(what)
        items.append(item)
    return items


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_format(text: str, braces: bool) -> None:
    """Refuse a format string whose widths or precisions could make a huge string."""
    widths: list[str] = []
    if braces:
        try:
            parsed = list(string.Formatter().parse(text))
        except ValueError:
            return  # Python reports the mistake itself when the string is used
        for _literal, _field, spec, _conversion in parsed:
            if spec and "{" in spec:
                raise LimitExceeded("a format width taken from another value is not allowed")
            widths += re.findall(r"\d+", spec or "")
    else:
        for width, precision in _PERCENT_SPEC.findall(text):
            if "*" in (width, precision):
                raise LimitExceeded("a format width given by '*' is not allowed")
            widths += [width, precision]
    if any(w and int(w) > MAX_WIDTH for w in widths):
        raise LimitExceeded(f"a format width or precision over {MAX_WIDTH:,}")


def _check_number(value: Any) -> None:
    if isinstance(value, int) and value.bit_length() > MAX_BITS:
        raise LimitExceeded(f"a whole number of more than {MAX_BITS:,} bits")


def _times(left: Any, right: Any) -> Any:
    for seq, count in ((left, right), (right, left)):
        if isinstance(count, int) and isinstance(seq, str | bytes | list | tuple):
            size = weight(seq) * count if count > 0 else 0
            if size > MAX_SIZE:
                raise _too_big("a repeated value")
            _work(size)
            return left * right
    if (
        isinstance(left, int)
        and isinstance(right, int)
        and left.bit_length() + right.bit_length() > MAX_BITS
    ):
        raise LimitExceeded(f"a whole number of more than {MAX_BITS:,} bits")
    _work(1)
    return left * right


def _power(left: Any, right: Any) -> Any:
    big = isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1
    if big and (right > MAX_BITS or right * left.bit_length() > MAX_BITS):
        raise LimitExceeded(f"a power of more than {MAX_BITS:,} bits")
    return left**right


def _plus(left: Any, right: Any) -> Any:
    if not isinstance(left, int | float):
        size = weight(left) + weight(right)
        if size > MAX_SIZE:
            raise _too_big("a joined value")
        _work(size)
    return left + right


def _modulo(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        _check_format(left, braces=False)
        _check(right, "a formatted value")
        return _made(left % right, "a formatted value")
    return left % right


def _replace(text: str, old: Any, new: Any, count: Any = -1) -> int:
    hits = str(text).count(str(old)) if str(old) else len(str(text)) + 1
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(str(text)) + hits * len(str(new))


def _estimate_string_method(name: str, text: str, args: tuple[Any, ...]) -> None:
    if name in ("format", "format_map"):
        _check_format(text, braces=True)
    elif name == "replace" and len(args) >= 2:
        if _replace(text, *args[:3]) > MAX_SIZE:
            raise _too_big("a replaced text")
    elif name == "join" and args:
        if weight(args[0]) + len(text) * weight(args[0], cap=0) > MAX_SIZE:
            raise _too_big("a joined text")
    elif name == "expandtabs":
        width = args[0] if args else 8
        if isinstance(width, int) and width * (text.count("\t") + 1) > MAX_SIZE:
            raise _too_big("a text")
    for arg in args:
        if isinstance(arg, int) and arg > MAX_SIZE:
            raise _too_big("a text")


_FILTER_ESTIMATES: dict[str, Callable[..., int]] = {
    "center": lambda value, width=80, *_: max(len(str(value)), int(width)),
    "indent": lambda value, width=4, *_: (
        len(str(value))
        + (len(str(width)) if isinstance(width, str) else int(width)) * (str(value).count("\n") + 1)
    ),
    "replace": _replace,
}


# Filters that never turn their whole input into text or a new list: a large input costs them
# nothing (their result is still checked), so it is not weighed first. Weighing every input
# made plan checks, which filter the answers, measurably slower.
