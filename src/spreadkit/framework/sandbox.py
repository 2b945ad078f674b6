"""The one Jinja environment for what a pack or template author wrote: read-only and bounded.

Conditions, plan checks and custom templates all run here. It is Jinja's immutable sandbox
(no Python internals; lists and dicts cannot be changed, so a pack cannot edit the answers it
reads) with limits on the work one expression or template may do:

- every value an operation makes or takes (``*``, ``+``, ``%``, ``**``, ``~``, a filter, a
  method or macro call) is at most ``MAX_SIZE`` characters or items; powers and products of
  whole numbers are at most ``MAX_BITS`` bits;
- loop steps and calls (each ``CALL_STEPS``) are at most ``MAX_STEPS`` in one render or
  expression, and what a template writes is at most ``MAX_OUTPUT`` characters;
- everything operations and calls make, added up over one render or expression, is at most
  ``MAX_WORK`` characters or items (a step that builds a large value costs its size), and a
  lazy sequence (``map``, ``select``) is weighed item by item as a filter reads it;
- ``lipsum`` is gone; ``range`` keeps the sandbox's bound.

Jinja works out constant parts of an expression while compiling (``7 ** (7 ** 9)`` would hang
before anything runs): intercepted operators are never folded, and this environment turns the
optimizer off and uses a finalizer that needs the running context, so nothing a template or
expression says is worked out at compile time.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, ClassVar

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import pass_context, pass_eval_context
from jinja2.visitor import NodeTransformer

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
_LIGHT_FILTERS = frozenset(
    {
        "abs", "attr", "count", "d", "default", "first", "float", "int", "last", "length",
        "map", "max", "min", "random", "reject", "rejectattr", "round", "select",
        "selectattr",
    }
)  # fmt: skip


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with its input, size arguments and result bounded."""
    estimate = _FILTER_ESTIMATES.get(name)
    skip = 0 if getattr(function, "jinja_pass_arg", None) is None else 1
    light = name in _LIGHT_FILTERS

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if not light and len(args) > skip and isinstance(args[skip], Iterator):
            # A lazy sequence is read here item by item, not built whole and weighed after.
            items = _gathered(args[skip], f"the input of the '{name}' filter")
            args = (*args[:skip], items, *args[skip + 1 :])
        values = args[skip:]
        if values and not light:
            _check(values[0], f"the input of the '{name}' filter")
        for extra in (*values[1:], *kwargs.values()):
            if isinstance(extra, int) and abs(extra) > MAX_SIZE:
                raise LimitExceeded(f"the '{name}' filter was given {extra:,}; too large")
            _check(extra, f"an argument of the '{name}' filter")
        if name == "format" and values:
            _check_format(str(values[0]), braces=False)
        if estimate is not None and values:
            try:
                size = estimate(*values, **kwargs)
            except (TypeError, ValueError):
                size = 0  # the filter itself reports a wrong argument
            if size > MAX_SIZE:
                raise _too_big(f"the result of the '{name}' filter")
        result = function(*args, **kwargs)
        return _made(result, f"the result of the '{name}' filter")

    return bounded


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    """Count what a template writes. Needing the context also stops compile-time folding."""
    _write(weight(value, cap=MAX_OUTPUT))
    return value


def _loop(values: Any, cost: int = 0) -> Iterator[Any]:
    """A loop's items, each counted as a step, with the loop body's fixed text as output."""
    for item in values:
        _step()
        _write(cost)
        yield item


@pass_eval_context
def _concat(eval_ctx: Any, parts: Iterable[Any]) -> str:
    parts = list(parts)
    size = sum(weight(part) for part in parts)
    if size > MAX_SIZE:
        raise _too_big("a joined text")
    _work(size)
    return markup_join(parts) if eval_ctx.autoescape else str_join(parts)


def _charge(value: Any, cost: int) -> str:
    _step()
    _write(cost)
    return ""


def _text_size(node: nodes.Node) -> int:
    return sum(len(data.data) for data in node.find_all(nodes.TemplateData))


class _Bound(NodeTransformer):
    """Rewrites a parsed template so loops, macros and ``~`` count against the budget."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        cost = sum(_text_size(child) for child in node.body)
        node.iter = nodes.Filter(
            node.iter, "spreadkit_loop", [nodes.Const(cost)], [], None, None, lineno=node.lineno
        )
        # A recursive loop's inner levels do not pass through the filter: charge its body too.
        if node.recursive:
            node.body.insert(0, self._charge(cost, node.lineno))
        return node

    def visit_Macro(self, node: nodes.Macro) -> nodes.Node:
        self.generic_visit(node)
        node.body.insert(0, self._charge(sum(_text_size(c) for c in node.body), node.lineno))
        return node

    def visit_CallBlock(self, node: nodes.CallBlock) -> nodes.Node:
        self.generic_visit(node)
        node.body.insert(0, self._charge(sum(_text_size(c) for c in node.body), node.lineno))
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Filter(
            nodes.List(node.nodes, lineno=node.lineno),
            "spreadkit_concat",
            [],
            [],
            None,
            None,
            lineno=node.lineno,
        )

    @staticmethod
    def _charge(cost: int, lineno: int) -> nodes.Output:
        charge = nodes.Filter(
            nodes.Const(""), "spreadkit_charge", [nodes.Const(cost)], [], None, None, lineno=lineno
        )
        return nodes.Output([charge], lineno=lineno)


class _BoundedCodeGenerator(CodeGenerator):
    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        super().visit_Template(_Bound().visit(node), frame)


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with the limits described at the top of this module."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})
    _binops: ClassVar[dict[str, Callable[[Any, Any], Any]]] = {
        "*": _times,
        "**": _power,
        "+": _plus,
        "%": _modulo,
    }

    def __init__(self, **options: Any) -> None:
        options["optimized"] = False
        options["finalize"] = _finalize
        super().__init__(**options)
        self.globals.pop("lipsum", None)
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}
        self.filters["spreadkit_loop"] = _loop
        self.filters["spreadkit_concat"] = _concat
        self.filters["spreadkit_charge"] = _charge

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator in self._binops:
            return self._binops[operator](left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _step(CALL_STEPS)
        # The sandbox hands out str.format wrapped; the string is on the wrapped method.
        method = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(method, "__self__", None)
        if isinstance(owner, str):
            if args and isinstance(args[0], Iterator):
                args = (_gathered(args[0], "a joined text"), *args[1:])
            _estimate_string_method(getattr(method, "__name__", ""), owner, args)
        for value in (*args, *kwargs.values()):
            _check(value, "an argument")
        result = super().call(__context, __obj, *args, **kwargs)
        _check_number(result)
        return _made(result, "the result of a call")
