"""``when`` conditions: Jinja expressions over earlier answers, in a sandbox.

A condition sees the answers of its own section by question id (``has_pilot``), every
section's answers under ``answers`` (``answers.analyse.has_pilot``), and the plan details
under ``plan``. A name that has no answer yet is simply false.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from spreadkit.errors import Problem, SpreadkitError

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

Condition = Callable[..., Any]


@cache
def _environment() -> SandboxedEnvironment:
    from jinja2 import ChainableUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(undefined=ChainableUndefined)


def syntax_error(expression: str) -> str | None:
    """Why ``expression`` does not compile, or None when it does."""
    from jinja2 import TemplateSyntaxError

    try:
        _compile(expression)
    except TemplateSyntaxError as exc:
        return exc.message or "not a valid expression"
    return None


@cache
def _compile(expression: str) -> Condition:
    return _environment().compile_expression(expression)


def holds(
    expression: str | None,
    section_answers: Mapping[str, Any],
    all_answers: Mapping[str, Any],
    plan: Mapping[str, Any],
    where: str = "",
) -> bool:
    """Whether a question with this ``when`` should be asked (and shown in the plan)."""
    if not expression:
        return True
    context = {**section_answers, "answers": all_answers, "plan": plan}
    try:
        return bool(_compile(expression)(**context))
    except Exception as exc:  # a content author's expression can fail in many ways
        raise SpreadkitError(
            Problem(f"the condition {expression!r} could not be worked out: {exc}", where)
        ) from None
