"""``report``: the one-page highlight report for a programme board, from an answers file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from spreadkit.answers import lookup
from spreadkit.app.commands import load_answers
from spreadkit.app.rendering import write_plan
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.core.formats import OutputFormat, PlanFormat, format_of, supported_extensions
from spreadkit.core.records import dataclass
from spreadkit.files import planfile
from spreadkit.framework import packs, values

if TYPE_CHECKING:
    from spreadkit.answers.store import Answers
    from spreadkit.plan.views.report import Report


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
    return None if text is None else values.option_date(text, "--since", "2028-01-05")


def report(env: Environment, options: ReportOptions) -> ExitStatus:
    from spreadkit.plan.output.render import render_report
    from spreadkit.plan.views import report as highlight

    since = parse_since(options.since)
    named = format_of(options.output)
    if options.report_format is OutputFormat.TERM or (
        named is not None and named is not options.report_format
    ):
        raise SpreadkitError(
            Problem(
                f"--format {options.report_format.value} does not suit --output {options.output}",
                hint="write the report as md, html, pdf or docx, with a matching extension",
            ),
            ExitStatus.USAGE,
        )
    if named is None and options.output not in (None, "-") and Path(str(options.output)).suffix:
        raise SpreadkitError(
            Problem(
                f"--output {options.output}: a report is written as "
                f"{supported_extensions()}, not {Path(str(options.output)).suffix}",
                hint="name the file report.html, report.md, report.pdf or report.docx",
            ),
            ExitStatus.USAGE,
        )
    if options.report_format is OutputFormat.PDF and options.output in (None, "-"):
        raise SpreadkitError(Problem("a PDF needs --output REPORT.pdf"), ExitStatus.USAGE)
    if options.report_format is OutputFormat.DOCX and options.output in (None, "-"):
        raise SpreadkitError(Problem("a Word report needs --output REPORT.docx"), ExitStatus.USAGE)
    framework = packs.load(env.content)
    answers = load_answers(env, framework, options.source, as_of=options.as_of)
    view = highlight.build(framework, answers, since=since)
    if options.report_format is OutputFormat.DOCX:
        return _write_docx(env, answers, view, Path(str(options.output)), options.force)
    if options.report_format is OutputFormat.PDF:
        from spreadkit.plan.output.pdf import print_pdf

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


def _write_docx(
    env: Environment, answers: Answers, view: Report, target: Path, force: bool
) -> ExitStatus:
    """The report as a Word document, written like a Word plan: stamped, and never over a file
    edited by hand or not made by spreadkit without ``--force`` (a .bak kept)."""
    from spreadkit.plan.output import word, word_report

    planfile.check_target(target, force)
    document = word_report.report_document(view, answers.details, lookup.as_of_date(answers))
    backup = planfile.write_office(target, word.to_docx(document), force=force)
    if backup is not None:
        env.err(f"Kept the previous {target.name} as {backup}")
    env.err(f"Wrote the report to {target}")
    return ExitStatus.OK
