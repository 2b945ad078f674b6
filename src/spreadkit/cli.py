"""The command line: parse options, call one function in ``commands``, turn errors into exit codes.

No business logic lives here. ``_handled`` is the one place where errors become messages.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from spreadkit import __version__
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError, path_too_long
from spreadkit.core.formats import DEFAULT_ANSWERS, OutputFormat, PlanFormat, output_format

app = typer.Typer(
    name="spreadkit",
    help=(
        "Plan the spread of a workforce innovation with Health Education England's "
        "five-step Framework for spread and adoption of workforce innovation (2019)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state = {"traceback": False}


def _handled(
    run: Callable[[Environment], ExitStatus],
    content: str | None = None,
    templates: str | None = None,
) -> NoReturn:
    """Run a command; a user's mistake becomes one clear line on stderr and an exit code."""
    env = Environment()
    try:
        from spreadkit.framework import packs

        env.content = packs.content_dir(content, env.variables)
        env.templates = packs.templates_dir(templates, env.variables)
        status = run(env)
        env.stdout.flush()  # a reader that went away shows here, not at exit
    except SpreadkitError as exc:
        from spreadkit.terminal import display

        display.errors(env, [str(problem) for problem in exc.problems])
        status = exc.status
    except KeyboardInterrupt:
        env.err("Interrupted.")
        status = ExitStatus.INTERRUPTED
    except BrokenPipeError:
        status = _reader_gone()
    except Exception as exc:
        too_long = path_too_long(exc)  # from any of the many places a path is used
        if too_long is None and (_state["traceback"] or os.environ.get("SPREADKIT_DEBUG")):
            raise
        env.err(
            f"error: {too_long}"
            if too_long
            else f"error: spreadkit hit an unexpected problem ({type(exc).__name__}: {exc}). "
            "Please report it, with the output of the same command run with --traceback."
        )
        status = ExitStatus.INVALID_INPUT if too_long else ExitStatus.BUG
    raise typer.Exit(int(status))


def _reader_gone() -> ExitStatus:
    """Whoever read our output stopped reading (``spreadkit steps | head -1``): stop quietly,
    as other command-line tools do, with nothing more written to the closed pipe."""
    with contextlib.suppress(OSError, ValueError):  # no real stdout (tests): nothing to point away
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return ExitStatus.BROKEN_PIPE


def _version(value: bool) -> None:
    if value:
        typer.echo(f"spreadkit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    traceback: Annotated[
        bool,
        typer.Option(
            "--traceback", help="Show the full traceback of an unexpected error, for bug reports."
        ),
    ] = False,
) -> None:
    _state["traceback"] = traceback


@app.command()
def steps(
    content: ContentOption = None,
) -> None:
    """List the framework's five steps (and the closing exercise)."""
    from spreadkit.app import commands

    _handled(commands.list_steps, content)


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

    _handled(lambda env: commands.show_step(env, step), content)


class ValidateFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class PlanFormats(StrEnum):
    MARKDOWN = "md"
    HTML = "html"
    BOTH = "both"


ContentOption = Annotated[
    str | None,
    typer.Option(
        "--content",
        metavar="DIR",
        help="A content pack to use (default: $SPREADKIT_CONTENT, or 'content' in ./spreadkit.yml).",
    ),
]
TemplateOption = Annotated[
    str | None,
    typer.Option(
        "--template",
        metavar="DIR",
        help="Templates that override the built-in ones by name (default: $SPREADKIT_TEMPLATES).",
    ),
]


OverwriteOption = Annotated[
    bool,
    typer.Option(
        "--force", help="Overwrite a file spreadkit did not write this way, keeping a .bak copy."
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Overwrite a plan edited by hand or not written by spreadkit, keeping a .bak copy.",
    ),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="STEP.QUESTION=VALUE",
        help="Override one answer, typed like its question (repeatable), e.g. ready.approach=loose.",
    ),
]


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Judge overdue actions on this date (default: the plan's updated date).",
    ),
]


@app.command()
def render(
    answers: Annotated[
        list[str],
        typer.Argument(
            metavar="ANSWERS...",
            help="Answers files (.answers.yml or .json), or - for standard input.",
        ),
    ],
    plan_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="md (Markdown), html, pdf (needs Chromium, Chrome or Edge) or term "
            "(default: from --output's extension, else md).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="Where to write the plan; standard output when left out or -."
        ),
    ] = None,
    out_dir: Annotated[
        str | None,
        typer.Option(
            "--out-dir", help="Render several answers files here, each plan named after its file."
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; exit 1 with a diff if the plan at --output is out of date.",
        ),
    ] = False,
    set_: SetOption = None,
    force: ForceOption = False,
    content: ContentOption = None,
    template: TemplateOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Render plans from answers files, or check that committed plans are up to date."""
    from spreadkit.app import commands

    options = commands.RenderOptions(
        tuple(answers),
        output_format(plan_format, output),
        output,
        out_dir,
        check,
        tuple(set_ or ()),
        force,
        as_of,
        format_given=plan_format is not None,
    )
    _handled(lambda env: commands.render(env, options), content, template)


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


@app.command()
def export(
    answers: Annotated[
        str, typer.Argument(metavar="ANSWERS", help="The answers file, or - for standard input.")
    ],
    table: Annotated[
        str,
        typer.Option(
            "--table",
            "-t",
            help="A table the content exports, such as actions; "
            "`spreadkit export FILE --table x` lists them.",
        ),
    ],
    output_format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="csv or json."),
    ] = ExportFormat.CSV,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write to this file instead of standard output."),
    ] = None,
    content: ContentOption = None,
    force: OverwriteOption = False,
) -> None:
    """Write a table of the plan (its actions, for one) as CSV or JSON."""
    from spreadkit.app import commands

    as_json = output_format is ExportFormat.JSON
    _handled(lambda env: commands.export(env, answers, table, as_json, output, force), content)


@app.command()
def validate(
    files: Annotated[list[str], typer.Argument(metavar="FILES...", help="Answers files to check.")],
    output_format: Annotated[
        ValidateFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="text, or json for machines."),
    ] = ValidateFormat.TEXT,
    content: ContentOption = None,
) -> None:
    """Check answers files: every problem in every file, with its line and a fix."""
    from spreadkit.app import commands

    _handled(
        lambda env: commands.validate(env, files, output_format is ValidateFormat.JSON), content
    )


@app.command()
def schema(
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write the schema here instead of printing it."),
    ] = None,
    content: ContentOption = None,
    force: OverwriteOption = False,
) -> None:
    """Print the JSON Schema of answers files, for editors and CI."""
    from spreadkit.app import commands

    _handled(lambda env: commands.write_schema(env, output, force), content)


@app.command()
def new(
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help="The answers file to create, e.g. team.answers.yml."),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the file if it exists.")
    ] = False,
    content: ContentOption = None,
) -> None:
    """Write a blank answers file with every question explained, to fill in with an editor."""
    from spreadkit.app import commands

    _handled(lambda env: commands.new_answers(env, file, force), content)


def _answers_option(env: Environment, stray: list[str]) -> ExitStatus:
    """`spreadkit plan team.answers.yml`: the file goes after --answers."""
    raise SpreadkitError(
        Problem(
            "spreadkit plan takes one answers file, after --answers: "
            f"{env.command} plan --answers {stray[0]}"
        ),
        ExitStatus.USAGE,
    )


@app.command(context_settings={"allow_extra_args": True})
def plan(
    context: typer.Context,
    answers: Annotated[
        Path,
        typer.Option("--answers", "-a", help="The answers file to fill in (created if new)."),
    ] = DEFAULT_ANSWERS,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Where to write the plan (default: beside the answers file)."
        ),
    ] = None,
    plan_format: Annotated[
        PlanFormats,
        typer.Option("--format", "-f", case_sensitive=False, help="md, html or both."),
    ] = PlanFormats.BOTH,
    step: Annotated[
        list[str] | None,
        typer.Option("--step", "-s", help="Ask only this step (number or id); repeat for more."),
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input", help="Ask nothing: write the plan from the answers file as it is."
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="With --no-input: fail, listing them, if required answers are missing."
        ),
    ] = False,
    set_: SetOption = None,
    only_new: Annotated[
        bool,
        typer.Option("--only-new", help="Ask only the questions that are new in the content."),
    ] = False,
    force: ForceOption = False,
    content: ContentOption = None,
    template: TemplateOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Make or update a plan, answering the framework's questions step by step."""
    from spreadkit.app import planning

    if context.args:  # `spreadkit plan FILE`
        _handled(lambda env: _answers_option(env, context.args))

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
    )
    _handled(lambda env: planning.run_plan(env, options), content, template)


@app.command()
def status(
    answers: Annotated[
        str, typer.Argument(metavar="ANSWERS", help="The answers file, or - for standard input.")
    ],
    content: ContentOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Show how complete a plan is, step by step, and the next question to answer."""
    from spreadkit.app import commands

    _handled(lambda env: commands.status(env, answers, as_of), content)


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
    from spreadkit.app import commands

    _handled(lambda env: commands.content_init(env, folder))


@content_app.command("check")
def content_check(
    folder: Annotated[str, typer.Argument(metavar="DIR", help="The pack to check.")],
) -> None:
    """Check a content pack, with file:line for every problem."""
    from spreadkit.app import commands

    _handled(lambda env: commands.content_check(env, folder))


@content_app.command("list")
def content_list(content: ContentOption = None) -> None:
    """List the steps in use and where each comes from."""
    from spreadkit.app import commands

    _handled(commands.content_list, content)


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
    from spreadkit.app import commands

    _handled(lambda env: commands.templates_export(env, folder, force))


def main() -> None:
    # Windows consoles may default to a legacy code page: say UTF-8 explicitly.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")
    try:
        app(prog_name="spreadkit")
    except SystemExit as done:
        status = done.code
    except BrokenPipeError:  # the reader went away while an error was being reported
        status = _reader_gone()
    # Python flushes standard output on the way out; a reader that went away must not turn that
    # into "Exception ignored" noise (Windows reports a closed pipe as EINVAL).
    try:
        sys.stdout.flush()
    except OSError as exc:
        if exc.errno not in (errno.EPIPE, errno.EINVAL):
            raise
        status = _reader_gone()
    sys.exit(status)
