"""Reading the framework: its steps, one step, and the content packs and templates in use."""

from typing import Annotated

import typer

from spreadkit.cli.edge import app
from spreadkit.cli.handling import handled
from spreadkit.cli.options import ContentOption


@app.command()
def steps(
    content: ContentOption = None,
) -> None:
    """List the framework's five steps (and the closing exercise)."""
    from spreadkit.app import commands

    handled(commands.list_steps, content)


@app.command()
def show(
    step: Annotated[
        str,
        typer.Argument(
            metavar="STEP", help="A step number (1-5) or id, such as 'message' or 'appendix-1'."
        ),
    ],
    content: ContentOption = None,
) -> None:
    """Show one step: its quote, summary, tips, tools and questions."""
    from spreadkit.app import commands

    handled(lambda env: commands.show_step(env, step), content)


content_app = typer.Typer(
    help="Content packs: your own questions, tips and tools.", no_args_is_help=True
)
templates_app = typer.Typer(
    help="Plan templates: your own layout and branding.", no_args_is_help=True
)
app.add_typer(content_app, name="content")
app.add_typer(templates_app, name="templates")


@content_app.command("init")
def content_init(
    folder: Annotated[str, typer.Argument(metavar="DIR", help="Where to write the starter pack.")],
) -> None:
    """Write a commented starter pack that changes one step and adds a question."""
    from spreadkit.app import pack_commands

    handled(lambda env: pack_commands.content_init(env, folder))


@content_app.command("check")
def content_check(
    folder: Annotated[str, typer.Argument(metavar="DIR", help="The pack to check.")],
) -> None:
    """Check a content pack, with file:line for every problem."""
    from spreadkit.app import pack_commands

    handled(lambda env: pack_commands.content_check(env, folder))


@content_app.command("list")
def content_list(content: ContentOption = None) -> None:
    """List the steps in use and where each comes from."""
    from spreadkit.app import pack_commands

    handled(pack_commands.content_list, content)


@templates_app.command("export")
def templates_export(
    folder: Annotated[
        str, typer.Argument(metavar="DIR", help="Where to copy the built-in templates.")
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite templates already there.")
    ] = False,
) -> None:
    """Copy the built-in templates out, as a starting point for your own."""
    from spreadkit.app import pack_commands

    handled(lambda env: pack_commands.templates_export(env, folder, force))
