"""``report``: the one-page highlight report for a programme board, from an answers file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from spreadkit.app.commands import load_answers
from spreadkit.app.rendering import write_plan
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.core.formats import OutputFormat, PlanFormat, format_of
from spreadkit.files import planfile
from spreadkit.framework import packs, values


@dataclass(frozen=True)
class ReportOptions:
    source: str
    report_format: OutputFormat = OutputFormat.MARKDOWN
    output: str | None = None
    since: str | None = None  # --since YYYY-MM-DD: the last report's date
    as_of: str | None = None
    force: bool = False


def parse_since(text: str | None) -> dt.date | None:
    """The date given to ``--since``, or a usage error saying how to write it."""
    if text is None:
        return None
    try:
        return values.parse_date(text, uk_dates=False)
    except values.BadValue as exc:
        raise SpreadkitError(
            Problem(f"--since: {exc}", hint=exc.hint or "for example --since 2028-01-05"),
            ExitStatus.USAGE,
        ) from None


def report(env: Environment, options: ReportOptions) -> ExitStatus:
    from spreadkit.plan import report as highlight
    from spreadkit.plan.render import render_report

    since = parse_since(options.since)
    named = format_of(options.output)
    if options.report_format in (OutputFormat.DOCX, OutputFormat.TERM):
        raise SpreadkitError(
            Problem(
                f"a report is written as md, html or pdf, not {options.report_format.value}",
                str(options.output or ""),
                hint="name the file .md, .html or .pdf",
            ),
            ExitStatus.USAGE,
        )
    if named is not None and named is not options.report_format:
        raise SpreadkitError(
            Problem(
                f"--format {options.report_format.value} does not suit --output {options.output}",
                hint="write the report as md, html or pdf, with a matching extension",
            ),
            ExitStatus.USAGE,
        )
    if options.report_format is OutputFormat.PDF and options.output in (None, "-"):
        raise SpreadkitError(Problem("a PDF needs --output REPORT.pdf"), ExitStatus.USAGE)
    framework = packs.load(env.content)
    answers = load_answers(env, framework, options.source, as_of=options.as_of)
    view = highlight.build(framework, answers, since=since)
    if options.report_format is OutputFormat.PDF:
        from spreadkit.plan.pdf import print_pdf

        assert options.output is not None
        target = Path(options.output)
        planfile.check_target(target, options.force)
        print_pdf(render_report(view, PlanFormat.HTML, env.templates), target, force=options.force)
        env.err(f"Wrote the report to {target}")
        return ExitStatus.OK
    text = render_report(view, PlanFormat(options.report_format.value), env.templates)
    if options.output in (None, "-"):
        env.stdout.write(text)
        return ExitStatus.OK
    assert options.output is not None
    write_plan(env, Path(options.output), text, options.force)
    env.err(f"Wrote the report to {options.output}")
    return ExitStatus.OK
