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
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import pass_context, pass_eval_context
from jinja2.visitor import NodeTransformer

from spreadkit.framework.limits import (
    _FILTER_ESTIMATES,
    CALL_STEPS,
    _check,
    _check_format,
    _check_number,
    _estimate_string_method,
    _gathered,
    _made,
    _modulo,
    _plus,
    _power,
    _step,
    _times,
    _too_big,
    _work,
    _write,
    weight,
)
from spreadkit.framework.limits import MAX_OUTPUT as MAX_OUTPUT
from spreadkit.framework.limits import MAX_SIZE as MAX_SIZE
from spreadkit.framework.limits import MAX_WORK as MAX_WORK
from spreadkit.framework.limits import LimitExceeded as LimitExceeded
from spreadkit.framework.limits import limits as limits

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
        # Jinja's ``indent`` adds a newline to its input with ``+=``: given a list (the answers'
        # own records) it would append to it. It takes text, so it is given text.
        indent = self.filters["indent"]
        self.filters["indent"] = functools.wraps(indent)(
            lambda text, *args, **kwargs: indent(
                text if isinstance(text, str) else str(text), *args, **kwargs
            )
        )
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
