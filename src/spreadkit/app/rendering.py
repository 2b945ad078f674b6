"""``render``: plans from answers files, one or a batch, and ``--check`` of committed plans."""

from __future__ import annotations

from pathlib import Path

from spreadkit.answers.store import SUFFIX, Answers
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.core.formats import (
    DocumentKind,
    OutputFormat,
    PlanFormat,
    format_of,
    supported_extensions,
)
from spreadkit.core.records import dataclass
from spreadkit.files import guard, planfile
from spreadkit.files.yamlio import read_text
from spreadkit.framework import packs
from spreadkit.framework.model import Framework
from spreadkit.plan.output.render import render_plan


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
    document: DocumentKind = DocumentKind.BOARD  # --document: the board plan or the workbook
    jobs: int | None = None  # --jobs for a batch (--out-dir): default every core


def render(env: Environment, options: RenderOptions) -> ExitStatus:
    _check_render_options(options)
    framework = packs.load(env.content)
    if options.out_dir is not None:
        return _render_batch(env, options, Path(options.out_dir))
    (source,) = options.sources
    from spreadkit.app.commands import load_answers

    answers = load_answers(env, framework, source, options.sets, as_of=options.as_of)
    if options.plan_format is OutputFormat.TERM:
        from spreadkit.terminal import display

        display.markdown_preview(
            env,
            render_plan(framework, answers, PlanFormat.MARKDOWN, env.templates, options.document),
        )
        return ExitStatus.OK
    if options.plan_format is OutputFormat.DOCX:
        return _render_docx(env, framework, answers, options)
    if options.plan_format is OutputFormat.PDF:
        return _render_pdf(
            env,
            render_plan(framework, answers, PlanFormat.HTML, env.templates, options.document),
            options,
        )
    text = render_plan(
        framework,
        answers,
        PlanFormat(options.plan_format.value),
        env.templates,
        options.document,
    )
    if options.output in (None, "-"):
        env.stdout.write(text)
        return ExitStatus.OK
    assert options.output is not None
    target = Path(options.output)
    if options.check:
        return check_plan(env, target, text, source, options.plan_format, options.document)
    write_plan(env, target, text, options.force)
    env.err(f"Wrote the plan to {target}")
    return ExitStatus.OK


def _render_pdf(env: Environment, html: str, options: RenderOptions) -> ExitStatus:
    from spreadkit.plan.output.pdf import print_pdf

    assert options.output is not None  # _check_render_options made sure
    target = Path(options.output)
    planfile.check_target(target, options.force)  # before the browser's slow work
    print_pdf(html, target, force=options.force)
    env.err(f"Wrote the plan to {options.output}")
    return ExitStatus.OK


def _render_docx(
    env: Environment, framework: Framework, answers: Answers, options: RenderOptions
) -> ExitStatus:
    from spreadkit.plan.output import word

    assert options.output is not None  # _check_render_options made sure
    target = Path(options.output)
    planfile.check_target(target, options.force)  # before the pictures are drawn
    if options.document is DocumentKind.WORKBOOK:
        from spreadkit.plan.output import word_workbook
        from spreadkit.plan.views import workbook

        document = word_workbook.workbook_document(
            workbook.build(framework, answers), dict(answers.details)
        )
    else:
        from spreadkit.plan.output import word_board
        from spreadkit.plan.views import board

        document = word_board.board_document(board.build(framework, answers), answers.details)
    data = word.to_docx(document)
    backup = planfile.write_office(target, data, force=options.force)
    if backup is not None:
        env.err(f"Kept the previous {target.name} as {backup}")
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
    if options.plan_format is OutputFormat.DOCX and (single or options.check):
        raise SpreadkitError(
            Problem("a Word plan needs --output PLAN.docx (and no --check)"), ExitStatus.USAGE
        )
    if options.out_dir is not None and "-" in options.sources:
        raise SpreadkitError(
            Problem("standard input (-) has no name to give its plan in --out-dir"),
            ExitStatus.USAGE,
        )


def _check_extension(options: RenderOptions) -> None:
    """``--format md --output plan.html`` would put Markdown where an HTML plan belongs."""
    named = format_of(options.output)
    unnamed = named is None and options.output not in (None, "-") and not options.format_given
    target = Path(str(options.output))
    # a folder, a device or a pipe is refused for what it is, by the write guard
    if unnamed and (target.is_file() or not target.exists()):
        raise SpreadkitError(
            Problem(
                f"--output {options.output}: spreadkit cannot tell the format from this extension",
                hint=f"name the file {supported_extensions()}, or give --format md, html, pdf or docx",
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


def _render_batch(env: Environment, options: RenderOptions, out_dir: Path) -> ExitStatus:
    from spreadkit.app import batch, parallel, plancache
    from spreadkit.app.answers_files import sources_of

    jobs = parallel.check_jobs(options.jobs)
    problems: list[Problem] = []
    status = ExitStatus.OK
    names: dict[str, str] = {}
    tasks: list[batch.Task] = []
    stamp = plancache.inputs_stamp(env.content, env.templates)
    unchanged = 0
    for source in sources_of(options.sources):
        name = plan_name(source, options.plan_format)
        if name in names:
            problems.append(
                Problem(f"its plan would have the same name as {names[name]}'s: {name}", source)
            )
            continue
        names[name] = source
        target = out_dir / name
        if Path(name).name != name or name.startswith("."):  # a name from data stays inside
            problems.append(Problem(f"refusing to write outside {out_dir}", str(target)))
            continue
        tasks.append(
            batch.Task(
                source,
                str(target),
                options.plan_format.value,
                options.check,
                options.force,
                options.sets,
                options.as_of,
                env.content,
                env.templates,
                options.document.value,
                stamp,
            )
        )
    for done in batch.render_all(batch.with_hints(tasks, str(out_dir)), jobs):
        problems.extend(done.problems)
        unchanged += done.unchanged
        if done.warnings:
            from spreadkit.terminal import display

            display.warnings(env, list(done.warnings))
        if done.backup is not None:
            env.err(f"Kept the previous {Path(done.target).name} as {done.backup}")
        if options.check and done.text is not None:
            try:
                found = check_plan(
                    env,
                    Path(done.target),
                    done.text,
                    done.source,
                    options.plan_format,
                    options.document,
                )
            except SpreadkitError as exc:
                problems.extend(exc.problems)
                continue
            if found is not ExitStatus.OK:
                status = ExitStatus.INVALID_INPUT
    if problems:
        raise SpreadkitError(problems)
    if not options.check and unchanged:
        env.err(
            f"Wrote {len(names) - unchanged} plans to {out_dir}; "
            f"{unchanged} unchanged since spreadkit last wrote them"
        )
    elif not options.check:
        env.err(f"Wrote {len(names)} plans to {out_dir}")
    return status


def check_plan(
    env: Environment,
    target: Path,
    text: str,
    source: str,
    plan_format: PlanFormat | OutputFormat,
    document: DocumentKind = DocumentKind.BOARD,
) -> ExitStatus:
    """Whether the plan file at ``target`` is what the answers render to now; a diff when not."""
    fix = f"{env.command} render {source} --format {plan_format.value} --output {target}"
    if document is not DocumentKind.BOARD:
        fix += f" --document {document.value}"
    if guard.output_kind(target) == "new":
        env.err(f"{target}: no plan here yet; make it with: {fix}")
        return ExitStatus.INVALID_INPUT
    current = read_text(target)  # a file that is not UTF-8 is reported, as any input
    if current == text:
        env.err(f"{target}: up to date")
        return ExitStatus.OK
    import difflib  # only for a plan that is out of date

    diff = difflib.unified_diff(
        current.splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=f"{target} (committed)",
        tofile=f"{target} (from {source})",
    )
    env.stdout.writelines(diff)
    env.err(f"{target}: out of date with {source}; update it with: {fix}")
    return ExitStatus.INVALID_INPUT
