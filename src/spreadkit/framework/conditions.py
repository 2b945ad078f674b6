"""``when`` conditions: Jinja expressions over earlier answers, in a sandbox.

A pack's expressions (anything not in spreadkit's own content folder) run in the bounded
sandbox. The built-in content's run in a plain Jinja environment, like the built-in templates:
it ships with the program, and the sandbox's accounting would double the cost of the checks.
The caller says which with ``trusted`` (``Where.builtin``, set when the content file is read).

A condition sees the answers of its own section by question id (``has_pilot``), every
section's answers under ``answers`` (``answers.analyse.has_pilot``), and the plan details
under ``plan``. A name that has no answer yet is simply false.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from spreadkit.core.errors import Problem, SpreadkitError

if TYPE_CHECKING:
    from jinja2 import Environment, Template


@cache
def _environment(trusted: bool = False) -> Environment:
    from jinja2 import ChainableUndefined, Environment

    if trusted:  # spreadkit's own content: plain Jinja, as for the built-in templates
        env = _plain(Environment)(undefined=ChainableUndefined)
        for name, function in list(env.filters.items()):
            if getattr(function, "jinja_async_variant", False):  # ``list``, ``map``, ``select``…
                # Jinja's wrapper asks each call whether the environment is async (never, here)
                # and then calls this, its plain function: called at once instead
                env.filters[name] = function.__wrapped__
    else:  # read-only and bounded: an expression cannot change the answers it reads, nor hang
        from spreadkit.framework.sandbox import BoundedEnvironment

        env = BoundedEnvironment(undefined=ChainableUndefined)
    env.filters["top_share"] = top_share
    return env


def _plain(base: type[Environment]) -> type[Environment]:
    """Jinja's environment, reading a key of a plain dict (the answers, a record) without the
    failed attribute lookup Jinja tries first, an attribute of an object that has no ``[]``
    (a score's items) without the failed ``[]``, and calling a test that takes nothing of
    Jinja's (``equalto``, ``ge``) directly: the same value (or undefined, or error), sooner."""
    attributes = frozenset(dir(dict))  # what ``getattr`` finds on a dict; anything else is a key

    class Plain(base):  # type: ignore[valid-type,misc]
        def getattr(self, obj: Any, attribute: str) -> Any:
            if obj.__class__ is dict and attribute not in attributes:
                try:
                    return obj[attribute]
                except KeyError:
                    return self.undefined(obj=obj, name=attribute)
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            if obj.__class__ is dict and argument.__class__ is str and argument not in attributes:
                try:
                    return obj[argument]
                except KeyError:
                    return self.undefined(obj=obj, name=argument)
            if argument.__class__ is str and not hasattr(type(obj), "__getitem__"):
                # ``obj[argument]`` could only raise TypeError (a score's item, a result):
                # Jinja then reads the attribute, as here, without raising first
                if isinstance(obj, type):
                    return super().getitem(obj, argument)  # a class: ``__class_getitem__``
                try:
                    return getattr(obj, argument)
                except AttributeError:
                    return self.undefined(obj=obj, name=argument)
            return super().getitem(obj, argument)

        def call_test(
            self,
            name: Any,
            value: Any,
            args: Any = None,
            kwargs: Any = None,
            context: Any = None,
            eval_ctx: Any = None,
        ) -> Any:
            test = self.tests.get(name)
            if test is None or hasattr(test, "jinja_pass_arg"):  # Jinja's own way
                return super().call_test(name, value, args, kwargs, context, eval_ctx)
            # a plain test (``equalto``, ``ge``, ``in``): called as Jinja calls it
            return test(
                value, *(args if args is not None else ()), **(kwargs if kwargs is not None else {})
            )

    return Plain


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


def syntax_error(expression: str, *, trusted: bool = False) -> str | None:
    """Why ``expression`` does not compile, or None when it does: in the environment it will run
    in (``trusted``: the built-in content's), so that the code compiled here is the code run."""
    from jinja2 import TemplateSyntaxError

    try:
        _compile(expression, trusted)
    except TemplateSyntaxError as exc:
        return exc.message or "not a valid expression"
    except RecursionError:
        return "nested too deeply"
    return None


@cache
def _compile(expression: str, trusted: bool = False) -> Template:
    """``expression`` compiled as Jinja's ``compile_expression`` does: in the bounded sandbox,
        or plainly when it is ``trusted`` (the built-in content's).

        Compiling some forty content expressions costs more than the rest of a render, so their
        code is kept like compiled templates: only in the user's private cache folder, read only
        from files there that the user owns and no one else can write, under a name that carries
        the package's code stamp, Jinja's version, the environment (plain or bounded: sandboxed code
    and plain code are never mixed up) and a digest of the expression, and used only
        when its seal matches the expression's text and the code's bytes (``usercache``): a
        damaged entry, or another expression's, is compiled again.
    """
    import hashlib
    import marshal

    import jinja2
    from jinja2 import nodes
    from jinja2.parser import Parser

    from spreadkit.core import usercache

    env = _environment(trusted)
    name = None
    if usercache.cache_dir() is not None:  # read_entry and write_entry check it is private
        stamp = usercache.code_stamp()
        kind = "plain" if trusted else "bounded"
        digest = hashlib.sha256(f"{jinja2.__version__}|{expression}".encode()).hexdigest()[:32]
        name = f"expressions-{stamp}-{kind}-{digest}"
        data = usercache.read_entry(name, source=expression)  # None unless whole, and its own
        if data is not None:
            try:
                code = marshal.loads(data)
                return env.template_class.from_code(env, code, env.make_globals(None))
            except (ValueError, EOFError, TypeError):
                pass  # damaged: compile it again
    parser = Parser(env, expression, state="variable")
    try:
        expr = parser.parse_expression()
        if not parser.stream.eos:
            raise jinja2.TemplateSyntaxError(
                "chunk after expression", parser.stream.current.lineno, None, None
            )
        expr.set_environment(env)
    except jinja2.TemplateSyntaxError:
        env.handle_exception(source=expression)
    body = [nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)]
    code = env.compile(nodes.Template(body, lineno=1))
    if name is not None:
        usercache.write_entry(name, marshal.dumps(code), source=expression)
    return env.template_class.from_code(env, code, env.make_globals(None))


def holds(
    expression: str | None,
    section_answers: Mapping[str, Any],
    all_answers: Mapping[str, Any],
    plan: Mapping[str, Any],
    where: str = "",
    *,
    trusted: bool = False,
) -> bool:
    """Whether a question with this ``when`` should be asked (and shown in the plan)."""
    if not expression:
        return True
    context = {**section_answers, "answers": all_answers, "plan": plan}
    return bool(evaluate(expression, context, where, what="condition", trusted=trusted))


def evaluate(
    expression: str,
    context: Mapping[str, Any],
    where: str = "",
    what: str = "expression",
    *,
    trusted: bool = False,
) -> Any:
    """The value of a content expression (a condition, a plan check's): in the bounded sandbox,
    or plainly when ``trusted`` (only the built-in content's: ``Where.builtin``)."""
    from jinja2.environment import TemplateExpression

    try:
        if trusted:
            return TemplateExpression(_compile(expression, True), True)(**context)
        from spreadkit.framework.sandbox import limits

        with limits():
            return TemplateExpression(_compile(expression), True)(**context)
    except Exception as exc:  # a content author's expression can fail in many ways
        raise _failed(exc, expression, where, what) from None


class Scope:
    """One plan's names (``answers``, ``plan``, ``scores``, …) for working out many expressions
    over them, as the plan checks do: each gives what :func:`evaluate` gives with these names.

    The built-in content's expressions share one Jinja context, made on first use (making one
    copies Jinja's globals and the names, which costs as much as working out a short expression);
    the ``result`` an expression leaves there is cleared after each. A pack's expressions go
    through :func:`evaluate`: each in the bounded sandbox, with a context of its own.
    """

    def __init__(self, names: Mapping[str, Any]) -> None:
        self.names = dict(names)
        self._context: Any = None
        self._undefined: Any = None

    def evaluate(
        self,
        expression: str,
        where: str = "",
        what: str = "expression",
        *,
        trusted: bool = False,
        extra: Mapping[str, Any] | None = None,
    ) -> Any:
        """``expression``'s value over these names, with ``extra`` names for this one only."""
        if not trusted:
            return evaluate(expression, {**self.names, **(extra or {})}, where, what)
        try:
            template = _compile(expression, True)
            context = self._context if self._context is not None else self._start(template)
            parent, hidden = context.parent, {}
            if extra:
                hidden = {name: parent[name] for name in extra if name in parent}
                parent.update(extra)
            try:
                for _ in template.root_render_func(context):
                    pass
                value = context.vars["result"]
            finally:
                context.vars.clear()
                context.exported_vars.clear()
                if extra:
                    for name in extra:
                        del parent[name]
                    parent.update(hidden)
        except Exception as exc:  # a content author's expression can fail in many ways
            raise _failed(exc, expression, where, what) from None
        return None if isinstance(value, self._undefined) else value

    def _start(self, template: Template) -> Any:
        """The Jinja context the trusted expressions share, as ``Template.new_context`` makes."""
        from jinja2 import Undefined

        env = template.environment
        parent = {**template.globals, **self.names}
        self._context = env.context_class(env, parent, template.name, {}, template.globals)
        self._undefined = Undefined
        return self._context


def _failed(exc: Exception, expression: str, where: str, what: str) -> SpreadkitError:
    """Why an expression could not be worked out, as a problem at ``where``."""
    if isinstance(exc, RecursionError):
        reason = "nested too deeply"
    elif isinstance(exc, MemoryError):
        reason = "it ran out of memory"
    else:
        reason = str(exc) or type(exc).__name__
    return SpreadkitError(
        Problem(f"the {what} {expression!r} could not be worked out: {reason}", where)
    )
