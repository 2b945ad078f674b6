"""Where a run of ``spreadkit`` starts: UTF-8 streams, then ``cli.quick`` for the command lines
it answers without typer, else the typer app; exit statuses and a reader that went away are
handled the same way on both roads.
"""

import contextlib
import errno
import io
import sys
from collections.abc import Callable, Sequence
from functools import partial

import spreadkit.cli.quick as quick

PROGRAM = "spreadkit"


def main() -> None:
    # Windows consoles may default to a legacy code page: say UTF-8 explicitly.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")
    status: str | int | None = 0
    try:
        _run(sys.argv[1:])
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


def _run(argv: Sequence[str]) -> None:
    entry = quick.help_entry(argv)
    if entry is not None:
        text = quick.cached_help(entry)
        if text is not None:  # answered from the cache: no class made, none kept
            sys.stdout.write(text)
            raise SystemExit(0)
    from spreadkit.core import records

    records.keep_between_runs()  # the compiled code of spreadkit's classes, kept between runs
    start = _quick_start(argv)
    if start is not None:
        try:
            start()
        except KeyboardInterrupt:  # before the command's own handling began: as typer does
            raise SystemExit(130) from None
    from spreadkit.cli.commands import app

    if entry is None:
        app(prog_name=PROGRAM)
    else:
        _help_kept(entry)


def _quick_start(argv: Sequence[str]) -> Callable[[], None] | None:
    """``plan`` or ``render`` started without typer (``cli.quick``), or None for typer."""
    answers = quick.plan_answers(argv)
    if answers is not None:
        from spreadkit.cli.plan_start import start_plan

        return partial(start_plan, answers)
    rendering = quick.render_options(argv)
    if rendering is not None:
        from spreadkit.cli.render_start import start_render

        return partial(start_render, **rendering)
    return None


def _help_kept(entry: str) -> None:
    """Run typer for a ``--help`` line, print what it printed and keep it when it succeeded."""
    from spreadkit.cli.commands import app

    printed = io.StringIO()
    status: str | int | None = 0
    with contextlib.redirect_stdout(printed):
        try:
            app(prog_name=PROGRAM)
        except SystemExit as done:
            status = done.code
    text = printed.getvalue()
    sys.stdout.write(text)
    if status in (0, None) and text:
        quick.keep_help(entry, text)
    raise SystemExit(status)


def _reader_gone() -> int:
    from spreadkit.cli.handling import reader_gone

    return int(reader_gone())
