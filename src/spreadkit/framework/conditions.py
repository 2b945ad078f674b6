"""``when`` conditions: Jinja expressions over earlier answers, in a sandbox.

A condition sees the answers of its own section by question id (``has_pilot``), every
section's answers under ``answers`` (``answers.analyse.has_pilot``), and the plan details
under ``plan``. A name that has no answer yet is simply false.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from spreadkit.core.errors import Problem, SpreadkitError

if TYPE_CHECKING:
    from spreadkit.framework.sandbox import BoundedEnvironment

Condition = Callable[..., Any]


@cache
def _environment() -> BoundedEnvironment:
    from jinja2 import ChainableUndefined

    from spreadkit.framework.sandbox import BoundedEnvironment

    # Read-only and bounded: an expression cannot change the answers it reads, nor hang.
    env = BoundedEnvironment(undefined=ChainableUndefined)
    env.filters["top_share"] = top_share
    return env


def top_share(rows: Any, attribute: str) -> dict[str, Any]:
    """The most common value of ``attribute`` among ``rows``: value, count, total and share (0–1).

    A filter for plan checks, such as "most actions are owned by one person".
    """
    seen: dict[str, int] = {}
    for row in rows or ():
        value = row.get(attribute) if isinstance(row, Mapping) else None
        if value not in (None, ""):
            key = str(value).strip()
            seen[key] = seen.get(key, 0) + 1
    total = len(rows or ())
    if not seen:
        return {"value": None, "count": 0, "total": total, "share": 0.0}
    value, count = max(seen.items(), key=lambda pair: pair[1])
    return {
        "value": value,
        "count": count,
        "total": total,
        "share": count / total if total else 0.0,
    }


def syntax_error(expression: str) -> str | None:
    """Why ``expression`` does not compile, or None when it does."""
    from jinja2 import TemplateSyntaxError

    try:
        _compile(expression)
    except TemplateSyntaxError as exc:
        return exc.message or "not a valid expression"
    except RecursionError:
        return "nested too deeply"
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
    return bool(evaluate(expression, context, where, what="condition"))


def evaluate(
    expression: str, context: Mapping[str, Any], where: str = "", what: str = "expression"
) -> Any:
    """The value of a content expression (a condition, a plan check's), in the sandbox."""
    from spreadkit.framework.sandbox import limits

    try:
        with limits():
            return _compile(expression)(**context)
    except RecursionError:
        raise SpreadkitError(
            Problem(f"the {what} {expression!r} could not be worked out: nested too deeply", where)
        ) from None
    except MemoryError:
        raise SpreadkitError(
            Problem(
                f"the {what} {expression!r} could not be worked out: it ran out of memory", where
            )
        ) from None
    except Exception as exc:  # a content author's expression can fail in many ways
        reason = str(exc) or type(exc).__name__
        raise SpreadkitError(
            Problem(f"the {what} {expression!r} could not be worked out: {reason}", where)
        ) from None
