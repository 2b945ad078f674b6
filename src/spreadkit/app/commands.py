"""What each command does, independent of how it is called. The CLI maps options onto these.

Rendering plans is ``app.rendering``; content packs and templates are ``app.pack_commands``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spreadkit.answers import overrides
from spreadkit.answers.loading import read_answers
from spreadkit.answers.progress import missing_required
from spreadkit.answers.store import DETAIL_PROMPTS, Answers, missing_details
from spreadkit.app.packref import require_pack
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.files import guard
from spreadkit.framework import packs
from spreadkit.framework.content import section_or_error
from spreadkit.framework.model import Framework


def list_steps(env: Environment) -> ExitStatus:
    from spreadkit.terminal import display

    display.steps_table(env, packs.load(env.content))
    return ExitStatus.OK


def show_step(env: Environment, reference: str) -> ExitStatus:
    from spreadkit.terminal import display

    framework = packs.load(env.content)
    appendix = framework.appendix(reference.strip().lower())
    if appendix is not None:
        display.appendix_card(env, appendix)
        return ExitStatus.OK
    section = section_or_error(framework, reference)
    display.step_card(env, section, framework, with_questions=True)
    return ExitStatus.OK


# -- answers files -------------------------------------------------------------------------


def load_answers(
    env: Environment,
    framework: Framework,
    source: str,
    sets: Sequence[str] = (),
    *,
    quiet: bool = False,
    as_of: str | None = None,
) -> Answers:
    """An answers file (or ``-`` for stdin) with any ``--set`` overrides applied, judged as of
    ``as_of`` (``--as-of``) when given."""
    stdin_text = guard.read_stream(env.stdin) if source == "-" else None
    answers = read_answers(source, framework, stdin_text=stdin_text)
    require_pack(framework, answers, "<stdin>" if source == "-" else source)
    if answers.warnings and not quiet:
        from spreadkit.terminal import display

        display.warnings(env, [str(w) for w in answers.warnings])
    from spreadkit.plan.figures.tracking import with_as_of

    answers = with_as_of(answers, as_of)
    return overrides.apply(framework, answers, sets) if sets else answers


# -- status, validate, schema, new -------------------------------------------------------------


def status(env: Environment, answers_file: str, as_of: str | None = None) -> ExitStatus:
    from spreadkit.core.text import printable
    from spreadkit.plan.figures.status import programme_lines, step_statuses
    from spreadkit.terminal import display

    framework = packs.load(env.content)
    answers = load_answers(env, framework, answers_file, as_of=as_of)
    title = str(answers.details.get("title") or answers_file)
    display.status(env, title, step_statuses(framework, answers), framework.scores_note)
    for line in programme_lines(framework, answers):
        env.out(printable(line))
    return ExitStatus.OK


def validate(env: Environment, files: Sequence[str], as_json: bool) -> ExitStatus:
    from spreadkit.terminal import display

    framework = packs.load(env.content)
    reports: list[dict[str, Any]] = []
    for source in files:
        report: dict[str, Any] = {
            "file": source,
            "valid": True,
            "problems": [],
            "missing": [],
            "warnings": [],
        }
        try:
            answers = load_answers(env, framework, source, quiet=True)
        except SpreadkitError as exc:
            report["valid"] = False
            report["problems"] = [
                {
                    "line": p.line,
                    "key": p.key_path,
                    "message": p.message,
                    "hint": p.hint,
                    "text": str(p),
                }
                for p in exc.problems
            ]
        else:
            report["warnings"] = [
                {
                    "line": w.line,
                    "key": w.key_path,
                    "message": w.message,
                    "hint": w.hint,
                    "text": str(w),
                }
                for w in answers.warnings
            ]
            report["missing"] = [
                {
                    "step": "plan",
                    "question": key,
                    "key": f"plan.{key}",
                    "prompt": DETAIL_PROMPTS[key][0],
                }
                for key in missing_details(answers)
            ] + [
                {
                    "step": m.section.id,
                    "question": m.question.id,
                    "key": f"answers.{m.section.id}.{m.question.id}",
                    "prompt": m.question.prompt,
                }
                for m in missing_required(framework, answers)
            ]
        reports.append(report)
    valid = all(report["valid"] for report in reports)
    if as_json:
        env.stdout.write(
            json.dumps({"valid": valid, "files": reports}, indent=2, ensure_ascii=False) + "\n"
        )
    else:
        display.validation(env, reports)
    return ExitStatus.OK if valid else ExitStatus.INVALID_INPUT


def write_schema(env: Environment, output: str | None, force: bool = False) -> ExitStatus:
    from spreadkit.answers.schema import schema_text, verdict

    _emit(env, schema_text(packs.load(env.content)), output, "the schema", verdict, force)
    return ExitStatus.OK


def new_answers(env: Environment, file: str, force: bool) -> ExitStatus:
    from spreadkit.answers.blank import blank_answers
    from spreadkit.answers.schema import ensure_schema_beside
    from spreadkit.terminal import display

    target = Path(file)
    framework = packs.load(env.content)
    exists = guard.same_or_new(b"", "this file already exists; pick another name")
    backup = guard.write_guarded(
        target,
        blank_answers(framework).encode("utf-8"),
        exists,
        force=force,
        durable=True,
        hint="add --force to replace it; a copy is kept as .bak",
    )
    if backup is not None:
        env.err(f"Kept the previous {target.name} as {backup}")
    ensure_schema_beside(target, framework, create=True)
    display.message(
        env,
        f"Wrote a blank answers file to {file}. Check it with: {env.command} validate {file}",
        stderr=True,
    )
    return ExitStatus.OK


def export(
    env: Environment,
    source: str,
    table: str | None,
    as_json: bool,
    output: str | None,
    force: bool = False,
    *,
    workbook: bool = False,
) -> ExitStatus:
    from spreadkit.plan.tracker.export import export_table, tables

    if workbook:
        return _export_workbook(env, source, table, output, force)
    framework = packs.load(env.content)
    if table is None:
        raise SpreadkitError(
            Problem(
                "--table is needed for csv or json",
                hint="tables: " + ", ".join(sorted(tables(framework))) + "; or --format xlsx",
            ),
            ExitStatus.USAGE,
        )
    text = export_table(framework, load_answers(env, framework, source), table, as_json)
    _emit(env, text, output, table, guard.same_table(text.encode("utf-8")), force)
    return ExitStatus.OK


def _export_workbook(
    env: Environment, source: str, table: str | None, output: str | None, force: bool
) -> ExitStatus:
    if table is not None:
        raise SpreadkitError(
            Problem("a workbook holds every table: leave --table out with --format xlsx"),
            ExitStatus.USAGE,
        )
    if output in (None, "-") or Path(str(output)).suffix.lower() != ".xlsx":
        raise SpreadkitError(Problem("a workbook needs --output FILE.xlsx"), ExitStatus.USAGE)
    from spreadkit.files import planfile
    from spreadkit.plan.tracker.excel import export_workbook

    framework = packs.load(env.content)
    data = export_workbook(framework, load_answers(env, framework, source))
    target = Path(str(output))
    backup = planfile.write_office(target, data, force=force)
    if backup is not None:
        env.err(f"Kept the previous {target.name} as {backup}")
    env.err(f"Wrote every table to {output}")
    return ExitStatus.OK


def _emit(
    env: Environment,
    text: str,
    output: str | None,
    what: str,
    verdict: guard.Verdict,
    force: bool,
) -> None:
    """A result to standard output, or to the file ``output`` (saying so on standard error).

    A file there is replaced only when it is the same kind of output (``verdict``), or with
    ``force``, keeping a ``.bak``: never an answers file, a plan or a file of the person's own.
    """
    if output in (None, "-"):
        env.stdout.write(text)
        return
    assert output is not None
    backup = guard.write_guarded(Path(output), text.encode("utf-8"), verdict, force=force)
    if backup is not None:
        env.err(f"Kept the previous {Path(output).name} as {backup}")
    env.err(f"Wrote {what} to {output}")
