"""What ``spreadkit plan`` does with its options, without typer: shared by the typer command
(``cli.planning``) and by ``cli.quick``, which starts the commonest forms of ``plan`` without
loading typer. The defaults here are the typer command's (``tests/test_quick_start.py``
compares them), so both ways in make the same plan.
"""

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import NoReturn

from spreadkit.cli.handling import handled
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.core.formats import DEFAULT_ANSWERS, DocumentKind, PlanFormat


class PlanFormats(StrEnum):
    MARKDOWN = "md"
    HTML = "html"
    BOTH = "both"


def _answers_option(env: Environment, stray: Sequence[str]) -> ExitStatus:
    """`spreadkit plan team.answers.yml`: the file goes after --answers."""
    raise SpreadkitError(
        Problem(
            "spreadkit plan takes one answers file, after --answers: "
            f"{env.command} plan --answers {stray[0]}"
        ),
        ExitStatus.USAGE,
    )


def start_plan(
    answers: Path = DEFAULT_ANSWERS,
    output: Path | None = None,
    plan_format: PlanFormats = PlanFormats.BOTH,
    step: list[str] | None = None,
    no_input: bool = False,
    strict: bool = False,
    set_: list[str] | None = None,
    only_new: bool = False,
    force: bool = False,
    content: str | None = None,
    template: str | None = None,
    as_of: str | None = None,
    document: DocumentKind = DocumentKind.BOARD,
    extra: Sequence[str] = (),
) -> NoReturn:
    """Run ``plan``; ``extra``: words after the options that typer did not take (a stray file)."""
    from spreadkit.app import planning

    if extra:  # `spreadkit plan FILE`
        handled(lambda env: _answers_option(env, extra))

    formats = (
        (PlanFormat.MARKDOWN, PlanFormat.HTML)
        if plan_format is PlanFormats.BOTH
        else (PlanFormat(plan_format.value),)
    )
    options = planning.PlanOptions(
        answers,
        output,
        formats,
        tuple(step or ()),
        no_input,
        strict,
        tuple(set_ or ()),
        only_new,
        force,
        as_of,
        document,
    )
    handled(lambda env: planning.run_plan(env, options), content, template)
