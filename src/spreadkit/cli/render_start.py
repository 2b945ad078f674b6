"""What ``spreadkit render`` does with its options, without typer: shared by the typer command
(``cli.file_commands``) and by ``cli.quick``, which starts the commonest forms of ``render``
without loading typer. The defaults here are the typer command's (``tests/test_quick_start.py``
compares them), so both ways in render the same plans.
"""

from collections.abc import Sequence
from typing import NoReturn

from spreadkit.cli.handling import handled
from spreadkit.core.formats import DocumentKind, OutputFormat, output_format


def start_render(
    answers: Sequence[str],
    plan_format: OutputFormat | None = None,
    output: str | None = None,
    out_dir: str | None = None,
    check: bool = False,
    set_: list[str] | None = None,
    force: bool = False,
    content: str | None = None,
    template: str | None = None,
    as_of: str | None = None,
    document: DocumentKind = DocumentKind.BOARD,
    jobs: int | None = None,
) -> NoReturn:
    """Run ``render`` with the options as typer's command takes them."""
    from spreadkit.app import rendering

    options = rendering.RenderOptions(
        tuple(answers),
        output_format(plan_format, output),
        output,
        out_dir,
        check,
        tuple(set_ or ()),
        force,
        as_of,
        format_given=plan_format is not None,
        document=document,
        jobs=jobs,
    )
    handled(lambda env: rendering.render(env, options), content, template)
