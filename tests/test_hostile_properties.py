"""Property tests: packs and templates written by an attacker give a result or one clean line,
quickly, and never change the answers they read."""

from __future__ import annotations

import contextlib
import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spreadkit.core.errors import SpreadkitError
from spreadkit.framework import conditions

from .conftest import EXAMPLE_ANSWERS, EXAMPLES, Cli

# Expressions are checked directly (fast, many examples); packs and templates through the CLI.
MANY = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
HOSTILE = settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))

ATOMS = st.sampled_from(
    [
        "0",
        "1",
        "-1",
        "7",
        "99999",
        "10 ** 9",
        "2 ** 64",
        "1000000000",
        "'a'",
        "'%999999999d'",
        "'{:>99999999}'",
        "'{0}{0}{0}{0}'",
        "'\\t'",
        "[1, 2, 3]",
        "{'k': 'v'}",
        "range(100000)",
        "plan",
        "plan.title",
        "answers",
        "answers.implement",
        "answers.implement.actions",
        "lipsum",
        "namespace()",
        "none",
        "true",
        "undefined_name",
        "''.__class__",
        "plan.__class__",
    ]
)
BINARY = st.sampled_from(["**", "*", "+", "%", "~", "//", "-", "==", "and", "or", "in"])
FILTERS = st.sampled_from(
    [
        "center(999999999)",
        "indent(99999)",
        "replace('a', 'aaaaaaaaaa')",
        "replace('', 'xxxxxxxxxx')",
        "join",
        "join('x' * 1000)",
        "list",
        "format(1)",
        "batch(100000)",
        "wordwrap(1)",
        "string",
        "tojson",
        "sum",
        "length",
        "top_share('owner')",
    ]
)
CALLS = st.sampled_from(
    [
        ".format(1)",
        ".center(999999999)",
        ".replace('a', 'a' * 1000)",
        ".join(range(100000) | map('string'))",
        ".update({'title': 'PWNED'})",
        ".clear()",
        ".append(1)",
        ".pop()",
        ".__init__",
        "(1)",
        "[0]",
    ]
)


def _combine(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(inner, BINARY, inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(inner, FILTERS).map(lambda t: f"({t[0]} | {t[1]})"),
        st.tuples(inner, CALLS).map(lambda t: f"{t[0]}{t[1]}"),
        inner.map(lambda e: f"lipsum({e})"),
        inner.map(lambda e: f"range({e}) | list"),
    )


EXPRESSIONS = st.recursive(ATOMS, _combine, max_leaves=6)

TEMPLATES = st.one_of(
    EXPRESSIONS.map(lambda e: "{{ " + e + " }}"),
    EXPRESSIONS.map(
        lambda e: "{% for x in " + e + " %}{% for y in " + e + " %}.{% endfor %}{% endfor %}"
    ),
    EXPRESSIONS.map(lambda e: "{% macro m(n) %}{{ m(n) }}{{ " + e + " }}{% endmacro %}{{ m(1) }}"),
    EXPRESSIONS.map(
        lambda e: (
            "{% set ns = namespace(s=" + e + ") %}"
            "{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}"
        )
    ),
    EXPRESSIONS.map(lambda e: "{% include 'plan.md.j2' %}{{ " + e + " }}"),
)

ANSWERS = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))["answers"]


@MANY
@given(expression=EXPRESSIONS)
def test_any_expression_gives_a_value_or_a_clean_error_and_changes_nothing(expression: str) -> None:
    context: dict[str, Any] = {
        "answers": copy.deepcopy(ANSWERS),
        "plan": {"title": "Ours", "lead": "A lead"},
        "rows": [{"owner": "A"}, {"owner": "B"}],
    }
    before = copy.deepcopy(context)
    if conditions.syntax_error(expression) is None:  # compiling never hangs
        try:
            conditions.evaluate(expression, context, "pack.yml:7", what="condition")
        except SpreadkitError as error:
            assert str(error).startswith("pack.yml:7: the condition ")
            assert "\n" not in str(error)
    assert context == before


def _line_of(result: Any) -> str:
    assert result.exit_code in (0, 1), result.output
    assert "unexpected" not in result.output and "Traceback" not in result.output
    return str(result.stderr)


@HOSTILE
@given(expression=EXPRESSIONS)
def test_any_pack_condition_gives_a_result_or_a_clean_error(
    tmp_path_factory: pytest.TempPathFactory, expression: str
) -> None:
    pack = tmp_path_factory.mktemp("pack")
    for file in (EXAMPLES / "sw-network-pack").iterdir():
        (pack / file.name).write_bytes(file.read_bytes())
    funding = pack / "step-04-funding.yml"
    data = yaml.safe_load(funding.read_text(encoding="utf-8"))
    data["questions"][1]["when"] = expression
    funding.write_text(yaml.safe_dump(data), encoding="utf-8")
    before = EXAMPLE_ANSWERS.read_bytes()
    cli = Cli()
    _line_of(cli("content", "check", str(pack)))
    stderr = _line_of(cli("status", str(EXAMPLE_ANSWERS), "--content", str(pack)))
    if stderr:
        assert stderr.startswith("error: ") and len(stderr.splitlines()) == 1, stderr
    assert EXAMPLE_ANSWERS.read_bytes() == before


@HOSTILE
@given(template=TEMPLATES, plan_format=st.sampled_from(["md", "html"]))
def test_any_template_gives_a_plan_or_a_clean_error(
    tmp_path_factory: pytest.TempPathFactory, template: str, plan_format: str
) -> None:
    folder: Path = tmp_path_factory.mktemp("templates")
    name = "plan.md.j2" if plan_format == "md" else "plan.html.j2"
    (folder / "plan.md.j2").write_text(template, encoding="utf-8")
    if name != "plan.md.j2":
        (folder / name).write_text(template.replace("plan.md.j2", name), encoding="utf-8")
    result = Cli()("render", str(EXAMPLE_ANSWERS), "-f", plan_format, "--template", str(folder))
    stderr = _line_of(result)
    if result.exit_code:
        assert stderr.startswith(f"error: {folder}") and len(stderr.splitlines()) == 1, stderr
    assert len(result.stdout) < 25_000_000


def test_indent_cannot_append_to_the_answers_it_reads() -> None:
    """Found by the property test above: Jinja's indent did ``s += "\\n"`` on a list."""
    context: dict[str, Any] = {"answers": {"implement": {"actions": [{"task": "A"}]}}}
    with contextlib.suppress(SpreadkitError):
        conditions.evaluate(
            "answers.implement.actions | indent(2)", context, "pack.yml:7", what="condition"
        )
    assert context["answers"]["implement"]["actions"] == [{"task": "A"}]
