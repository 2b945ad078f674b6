"""What each command does, independent of how it is called. The CLI maps options onto these."""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spreadkit.answers import overrides
from spreadkit.answers.progress import missing_required
from spreadkit.answers.store import (
    DETAIL_PROMPTS,
    SUFFIX,
    Answers,
    missing_details,
    read_answers,
)
from spreadkit.app.packref import require_pack
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.core.formats import OutputFormat, PlanFormat, format_of, supported_extensions
from spreadkit.files import guard, planfile
from spreadkit.files.yamlio import read_text
from spreadkit.framework import packs
from spreadkit.framework.content import section_or_error
from spreadkit.framework.model import Framework
from spreadkit.plan.render import render_plan


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


# -- render --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderOptions:
    sources: tuple[str, ...]
    plan_format: OutputFormat = OutputFormat.MARKDOWN
    output: str | None = None
    out_dir: str | None = None
    check: bool = False
    sets: tuple[str, ...] = ()
    force: bool = False
    as_of: str | None = None  # --as-of YYYY-MM-DD: the date overdue actions are judged on
    format_given: bool = False  # --format was given: then any --output extension will do


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
    from spreadkit.plan.tracking import with_as_of

    answers = with_as_of(answers, as_of)
    return overrides.apply(framework, answers, sets) if sets else answers


def render(env: Environment, options: RenderOptions) -> ExitStatus:
    _check_render_options(options)
    framework = packs.load(env.content)
    if options.out_dir is not None:
        return _render_batch(env, framework, options, Path(options.out_dir))
    (source,) = options.sources
    answers = load_answers(env, framework, source, options.sets, as_of=options.as_of)
    if options.plan_format is OutputFormat.TERM:
        from spreadkit.terminal import display

        display.markdown_preview(
            env, render_plan(framework, answers, PlanFormat.MARKDOWN, env.templates)
        )
        return ExitStatus.OK
    if options.plan_format is OutputFormat.PDF:
        return _render_pdf(
            env, render_plan(framework, answers, PlanFormat.HTML, env.templates), options
        )
    text = render_plan(framework, answers, PlanFormat(options.plan_format.value), env.templates)
    if options.output in (None, "-"):
        env.stdout.write(text)
        return ExitStatus.OK
    assert options.output is not None
    target = Path(options.output)
    if options.check:
        return check_plan(env, target, text, source, options.plan_format)
    write_plan(env, target, text, options.force)
    env.err(f"Wrote the plan to {target}")
    return ExitStatus.OK


def _render_pdf(env: Environment, html: str, options: RenderOptions) -> ExitStatus:
    from spreadkit.plan.pdf import print_pdf

    assert options.output is not None  # _check_render_options made sure
    target = Path(options.output)
    planfile.check_target(target, options.force)  # before the browser's slow work
    print_pdf(html, target, force=options.force)
    env.err(f"Wrote the plan to {options.output}")
    return ExitStatus.OK


def _check_render_options(options: RenderOptions) -> None:
    _check_extension(options)
    if len(options.sources) > 1 and options.out_dir is None:
        raise SpreadkitError(
            Problem(
                "several answers files need --out-dir DIR, where each plan is named after its file"
            ),
            ExitStatus.USAGE,
        )
    if options.out_dir is not None and options.output is not None:
        raise SpreadkitError(
            Problem("use --output for one plan or --out-dir for many, not both"), ExitStatus.USAGE
        )
    if options.out_dir is not None and options.plan_format not in (
        OutputFormat.MARKDOWN,
        OutputFormat.HTML,
    ):
        raise SpreadkitError(Problem("--out-dir renders md or html plans"), ExitStatus.USAGE)
    single = options.out_dir is None and options.output in (None, "-")
    if single and options.check:
        raise SpreadkitError(
            Problem("--check needs --output PATH: the plan file to compare"), ExitStatus.USAGE
        )
    if options.plan_format is OutputFormat.PDF and (single or options.check):
        raise SpreadkitError(
            Problem("a PDF needs --output PLAN.pdf (and no --check)"), ExitStatus.USAGE
        )
    if options.out_dir is not None and "-" in options.sources:
        raise SpreadkitError(
            Problem("standard input (-) has no name to give its plan in --out-dir"),
            ExitStatus.USAGE,
        )


def _check_extension(options: RenderOptions) -> None:
    """``--format md --output plan.html`` would put Markdown where an HTML plan belongs."""
    named = format_of(options.output)
    if named is None and options.output not in (None, "-") and not options.format_given:
        raise SpreadkitError(
            Problem(
                f"--output {options.output}: spreadkit cannot tell the format from this extension",
                hint=f"name the file {supported_extensions()}, or give --format md, html or pdf",
            ),
            ExitStatus.USAGE,
        )
    if named is not None and named is not options.plan_format:
        raise SpreadkitError(
            Problem(
                f"--format {options.plan_format.value} does not match --output {options.output}",
                hint=f"leave --format out to write {named.value}, or change the file's extension",
            ),
            ExitStatus.USAGE,
        )


def write_plan(env: Environment, target: Path, text: str, force: bool) -> None:
    backup = planfile.write_plan(target, text, force=force)
    if backup is not None:
        env.err(f"Kept the previous {target.name} as {backup}")


def plan_name(source: str, plan_format: PlanFormat | OutputFormat) -> str:
    """``team-a.answers.yml`` → ``team-a.plan.md``; only the file's own name, never a folder."""
    name = Path(source).name
    for suffix in (SUFFIX, ".answers.yaml", ".answers.json", ".yml", ".yaml", ".json"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return f"{name}.plan.{plan_format.value}"


def _render_batch(
    env: Environment, framework: Framework, options: RenderOptions, out_dir: Path
) -> ExitStatus:
    problems: list[Problem] = []
    status = ExitStatus.OK
    names: dict[str, str] = {}
    for source in options.sources:
        name = plan_name(source, options.plan_format)
        if name in names:
            problems.append(
                Problem(f"its plan would have the same name as {names[name]}'s: {name}", source)
            )
            continue
        names[name] = source
        try:
            answers = load_answers(env, framework, source, options.sets, as_of=options.as_of)
            text = render_plan(
                framework, answers, PlanFormat(options.plan_format.value), env.templates
            )
        except SpreadkitError as exc:
            problems.extend(exc.problems)
            continue
        target = out_dir / name
        if Path(name).name != name or name.startswith(
            "."
        ):  # a name from data never leaves the folder
            problems.append(Problem(f"refusing to write outside {out_dir}", str(target)))
            continue
        try:
            if options.check:
                if check_plan(env, target, text, source, options.plan_format) is not ExitStatus.OK:
                    status = ExitStatus.INVALID_INPUT
            else:
                write_plan(env, target, text, options.force)
        except SpreadkitError as exc:  # report every refused write, not only the first
            problems.extend(exc.problems)
    if problems:
        raise SpreadkitError(problems)
    if not options.check:
        env.err(f"Wrote {len(names)} plans to {out_dir}")
    return status


def check_plan(
    env: Environment, target: Path, text: str, source: str, plan_format: PlanFormat | OutputFormat
) -> ExitStatus:
    """Whether the plan file at ``target`` is what the answers render to now; a diff when not."""
    fix = f"{env.command} render {source} --format {plan_format.value} --output {target}"
    if guard.output_kind(target) == "new":
        env.err(f"{target}: no plan here yet; make it with: {fix}")
        return ExitStatus.INVALID_INPUT
    current = read_text(target)  # a file that is not UTF-8 is reported, as any input
    if current == text:
        env.err(f"{target}: up to date")
        return ExitStatus.OK
    diff = difflib.unified_diff(
        current.splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=f"{target} (committed)",
        tofile=f"{target} (from {source})",
    )
    env.stdout.writelines(diff)
    env.err(f"{target}: out of date with {source}; update it with: {fix}")
    return ExitStatus.INVALID_INPUT


# -- status, validate, schema, new -------------------------------------------------------------


def status(env: Environment, answers_file: str, as_of: str | None = None) -> ExitStatus:
    from spreadkit.plan.status import step_statuses
    from spreadkit.terminal import display

    framework = packs.load(env.content)
    answers = load_answers(env, framework, answers_file, as_of=as_of)
    title = str(answers.details.get("title") or answers_file)
    display.status(env, title, step_statuses(framework, answers), framework.scores_note)
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
    table: str,
    as_json: bool,
    output: str | None,
    force: bool = False,
) -> ExitStatus:
    from spreadkit.plan.exports import export_table

    framework = packs.load(env.content)
    text = export_table(framework, load_answers(env, framework, source), table, as_json)
    _emit(env, text, output, table, guard.same_table(text.encode("utf-8")), force)
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


# -- content packs and templates ----------------------------------------------------------------


def content_init(env: Environment, folder: str) -> ExitStatus:
    from spreadkit.framework.starter import PACK, STEP
    from spreadkit.terminal import display

    target = Path(folder)
    if (target / packs.PACK_FILE).exists():
        raise SpreadkitError(Problem("a pack is already here; pick another folder", folder))
    files = {target / packs.PACK_FILE: PACK.encode(), target / "step-04-local.yml": STEP.encode()}
    _write_new_files(files, force=False, folder=folder)
    display.message(
        env,
        f"Wrote a starter pack to {folder}. Check it with: {env.command} content check {folder}",
        stderr=True,
    )
    return ExitStatus.OK


def content_check(env: Environment, folder: str) -> ExitStatus:
    from spreadkit.terminal import display

    framework = packs.load(Path(folder))
    changed = sum(1 for s in framework.sections if s.overlays)
    display.message(
        env,
        f"{folder}: valid pack '{framework.pack_id}' version {framework.pack_version}: "
        f"{len(framework.sections)} sections, {changed} changed by the pack",
    )
    return ExitStatus.OK


def content_list(env: Environment) -> ExitStatus:
    from spreadkit.terminal import display

    framework = packs.load(env.content)
    rows = [(s.label, s.id, str(len(s.questions)), packs.source_of(s)) for s in framework.sections]
    title = framework.title + (
        f" with pack '{framework.pack_id}' {framework.pack_version}" if framework.pack_id else ""
    )
    display.content_table(env, title, rows)
    return ExitStatus.OK


def templates_export(env: Environment, folder: str, force: bool) -> ExitStatus:
    from spreadkit.plan.render import TEMPLATE_FILES, templates_dir
    from spreadkit.terminal import display

    target = Path(folder)
    files = {target / name: guard.read_input(templates_dir() / name) for name in TEMPLATE_FILES}
    _write_new_files(files, force=force, folder=folder)
    display.message(
        env,
        f"Copied {len(TEMPLATE_FILES)} templates to {folder}. Use them with: --template {folder}",
        stderr=True,
    )
    return ExitStatus.OK


def _write_new_files(files: dict[Path, bytes], *, force: bool, folder: str) -> None:
    """Write starter files, refusing (all listed at once) to replace different files already there.

    With ``force`` each one replaced is kept as ``.bak`` first.
    """
    clashes = [
        path.name for path, data in files.items() if guard.refusal(path, guard.same_or_new(data))
    ]
    if clashes and not force:
        raise SpreadkitError(
            Problem(f"{', '.join(clashes)} already here; add --force to overwrite", folder)
        )
    for path, data in files.items():
        guard.write_guarded(path, data, guard.same_or_new(data), force=force)
