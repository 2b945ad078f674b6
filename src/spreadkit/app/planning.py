"""`spreadkit plan`: load or start the answers, run the interview, write the plans, say what changed."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from spreadkit.answers.store import (
    ANSWERS_SUFFIXES,
    DETAIL_PROMPTS,
    Answers,
    dated,
    default_plan_path,
    missing_details,
    write_answers,
)
from spreadkit.app.packref import require_pack
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.core.formats import DocumentKind, PlanFormat
from spreadkit.core.records import dataclass
from spreadkit.core.signals import Stopped, stop_signals_as_interrupts
from spreadkit.files import guard
from spreadkit.files.locking import Lock, locked
from spreadkit.files.yamlio import parse_yaml, read_text
from spreadkit.framework import packs
from spreadkit.framework.content import section_or_error
from spreadkit.framework.model import Framework, Section
from spreadkit.interview.drafts import Drafts, drafts_path
from spreadkit.interview.ports import Prompter, questionary_prompter
from spreadkit.terminal import display

if TYPE_CHECKING:
    from spreadkit.interview.walker import Interview


def no_terminal(env: Environment) -> str:
    return (
        "spreadkit plan asks questions, and needs a terminal to do it. To make a plan from an "
        f"answers file without questions, run: {env.command} render FILE.answers.yml"
    )


def piped_output(env: Environment) -> str:
    """`spreadkit plan | tee log`: the questions would go into the pipe, so say how to keep a log."""
    return (
        "spreadkit plan shows its questions on the terminal, so its output cannot go into a pipe "
        "or a file (| or >). Your answers are saved as you go, and the plan is written beside "
        "them. To keep a log of the whole session, start a recorded shell with "
        f"`script spreadkit-session.log`, run {env.command} plan in it, then type exit "
        "(in PowerShell: Start-Transcript)."
    )


@dataclass(frozen=True)
class PlanOptions:
    answers_path: Path
    output: Path | None
    formats: tuple[PlanFormat, ...]
    steps: tuple[str, ...] = ()
    no_input: bool = False
    strict: bool = False
    sets: tuple[str, ...] = ()
    only_new: bool = False
    force: bool = False
    as_of: str | None = None  # --as-of YYYY-MM-DD: the date overdue actions are judged on
    document: DocumentKind = DocumentKind.BOARD  # --document: the board plan or the workbook


class _Saver:
    """Writes the answers file after every change, counting what this session saved; answers
    the same as those it last wrote (an answer kept with Enter) are not written again."""

    def __init__(self, path: Path, framework: Framework, lock: Lock | None = None) -> None:
        self.path = path
        self.framework = framework
        self.lock = lock
        self.saves = 0
        self.saved: Answers | None = None  # the answers as last written, with their dates

    def __call__(self, answers: Answers) -> None:
        if self.lock is not None:
            self.lock.confirm()  # the folder may have been deleted since the lock was taken
        answers = dated(answers)
        if answers == self.saved:
            return  # Enter on an answer kept as it was: the file already says this
        self.saved = answers
        write_answers(self.path, self.saved, self.framework)
        if self.saves == 0:
            from spreadkit.answers.schema import ensure_schema_beside

            ensure_schema_beside(self.path, self.framework, create=False)
        self.saves += 1


def run_plan(
    env: Environment, options: PlanOptions, make_prompter: Callable[[], Prompter] | None = None
) -> ExitStatus:
    _no_backslashes(options.answers_path)
    if options.as_of is not None:  # a bad date is said now, not after the whole interview
        from spreadkit.plan.figures.tracking import parse_as_of

        parse_as_of(options.as_of)
    if options.no_input:
        return _plan_without_questions(env, options)
    if options.sets or options.strict:
        raise SpreadkitError(Problem("--set and --strict go with --no-input"), ExitStatus.USAGE)
    if make_prompter is None and env.stdin_isatty and not env.stdout_isatty:
        raise SpreadkitError(Problem(piped_output(env)), ExitStatus.USAGE)
    if make_prompter is None and not env.interactive:
        raise SpreadkitError(Problem(no_terminal(env)), ExitStatus.USAGE)
    framework = packs.load(env.content)
    chosen = _chosen_sections(framework, options.steps)
    path = options.answers_path
    if options.only_new and not path.is_file():
        raise SpreadkitError(Problem("--only-new needs an answers file to compare with", str(path)))
    with locked(path) as lock, stop_signals_as_interrupts():
        # Read only once the lock is held, so another session cannot write in between.
        existing = _has_answers(path)
        if existing:
            from spreadkit.answers.loading import read_answers

            before = read_answers(path, framework)
        else:
            before = Answers.empty(framework)
        require_pack(framework, before, str(path))
        if before.warnings:  # such as a 0.1 file read in the new layout: said once
            display.warnings(env, [str(w) for w in before.warnings])
        prompter = make_prompter() if make_prompter else questionary_prompter()
        saver = _Saver(path, framework, lock)
        return _interview(env, options, framework, chosen, saver, existing, before, prompter)


def _interview(
    env: Environment,
    options: PlanOptions,
    framework: Framework,
    chosen: list[Section],
    saver: _Saver,
    existing: bool,
    before: Answers,
    prompter: Prompter,
) -> ExitStatus:
    path = saver.path
    # the whole-interview estimate means nothing to a `--step` or `--only-new` re-run
    estimate = not chosen and not options.only_new
    display.welcome(env, framework, str(path), resuming=existing, estimate=estimate)
    drafts = Drafts(drafts_path(path))
    try:
        # A new plan's first question is asked before the interview's own modules load, so that
        # it comes at once (issue 30); they load once it is answered.
        fast = None if existing or chosen or options.only_new else _how_to_go_through(prompter)
        from spreadkit.interview.walker import Interview

        interview = Interview(framework, before, prompter, env, saver, drafts=drafts)
        if fast is not None:
            interview.required_only = fast
            interview.run(framework.sections, details=True)
        elif options.only_new:
            if interview.ask_new() == 0:
                display.message(env, "No new questions: your answers cover the current content.")
        elif chosen:
            interview.run(chosen, details=interview.missing_details())
        else:
            sections, details, resume = _where_to_start(framework, interview)
            interview.run(sections, details=details, resume=resume)
    except KeyboardInterrupt as stop:
        with contextlib.suppress(OSError):  # the terminal may be gone (SIGHUP)
            display.stopped(env, str(path), saver.saves, existing, draft=bool(drafts.texts))
        return ExitStatus(stop.status) if isinstance(stop, Stopped) else ExitStatus.INTERRUPTED

    after = interview.answers
    if saver.saves == 0:  # nothing changed, but keep the file's dates honest
        saver(after)
    # the plans say what the file says, its `updated` date included, so `render --check` agrees
    written = _write_plans(framework, saver.saved or after, options, env.templates)
    if chosen and existing:  # a first plan has nothing to compare with
        from spreadkit.answers.describe import change_lines
        from spreadkit.answers.diff import answer_changes
        from spreadkit.plan.views.workbook_changes import plan_changes

        said = change_lines(framework, answer_changes(framework, before, after))
        display.plan_changes(env, plan_changes(framework, before, after), said)
    display.finished(env, str(path), [str(p) for p in written])
    return ExitStatus.OK


def _plan_without_questions(env: Environment, options: PlanOptions) -> ExitStatus:
    """`plan --no-input`: the plan from the answers file as it is, never a prompt."""
    framework = packs.load(env.content)
    path = options.answers_path
    if not path.is_file():
        if near := guard.near_miss(path, ANSWERS_SUFFIXES):  # a typo, not a plan still to make
            raise SpreadkitError(Problem("no such answers file", str(path), hint=near))
        raise SpreadkitError(
            Problem(
                f"no answers file here; make one with `{env.command} new {path}` "
                f"or `{env.command} plan --answers {path}` in a terminal",
                str(path),
            )
        )
    from spreadkit.answers import overrides
    from spreadkit.answers.loading import read_answers
    from spreadkit.answers.progress import missing_required

    answers = read_answers(path, framework)
    require_pack(framework, answers, str(path))
    if answers.warnings:
        display.warnings(env, [str(w) for w in answers.warnings])
    answers = overrides.apply(framework, answers, options.sets)
    if options.strict:
        missing = missing_required(framework, answers)
        details = missing_details(answers)
        if missing or details:
            raise SpreadkitError(
                [
                    Problem(
                        f"required plan detail missing: {DETAIL_PROMPTS[key][0]}",
                        str(path),
                        key_path=f"plan.{key}",
                    )
                    for key in details
                ]
                + [
                    Problem(
                        f"required answer missing: {m.question.prompt}",
                        str(path),
                        key_path=f"answers.{m.section.id}.{m.question.id}",
                        hint=m.section.label,
                    )
                    for m in missing
                ]
            )
    written = _write_plans(framework, answers, options, env.templates)
    for target in written:
        display.message(env, f"Wrote the plan to {target}", stderr=True)
    return ExitStatus.OK


def _has_answers(path: Path) -> bool:
    """Whether ``path`` holds answers; an empty file (or one of only comments) starts a new plan."""
    return path.is_file() and parse_yaml(read_text(path), str(path)).data is not None


def _no_backslashes(path: Path) -> None:
    """`--answers plans\\team.answers.yml` on macOS or Linux would make a file named with \\."""
    if "\\" in str(path) and os.sep == "/" and not path.exists():
        fixed = str(path).replace("\\", "/")
        raise SpreadkitError(
            Problem(
                "no such file; on this computer folders are separated by /, not \\",
                str(path),
                hint=f"did you mean --answers {fixed}?",
            ),
            ExitStatus.USAGE,
        )


def _chosen_sections(framework: Framework, references: Sequence[str]) -> list[Section]:
    picked = {section_or_error(framework, ref).id for ref in references}
    return [s for s in framework.sections if s.id in picked]


def _how_to_go_through(prompter: Prompter) -> bool:
    """A new plan's first question: every question, or the required ones only (True)."""
    return (
        prompter.select(
            "How do you want to go through it?",
            [
                ("all", f"Every question ({display.TIME_ALL} in all)"),
                (
                    "required",
                    f"Required questions only, for a first plan fast ({display.TIME_REQUIRED});"
                    " run again later to fill in the rest",
                ),
            ],
            default="all",
        )
        == "required"
    )


def _where_to_start(
    framework: Framework, interview: Interview
) -> tuple[Sequence[Section], bool, bool]:
    """Offer to resume an unfinished plan, or to review a finished one (a plan with answers).

    Returns the sections to ask, whether to ask the plan details, and whether to resume
    the first section at its first unanswered question.
    """
    sections = framework.sections
    done = set(interview.answers.completed)
    unfinished = [s for s in sections if s.id not in done]
    if unfinished:
        first = unfinished[0]
        details = interview.missing_details()  # asked first, so named first
        where = f"About this plan, then {first.label}" if details else first.label
        choice = interview.prompter.select(
            "This plan is not finished. Where do you want to start?",
            [
                ("resume", f"Carry on from {where}"),
                (
                    "start",
                    "Go through it all from the beginning (your answers are kept as defaults)",
                ),
            ],
            default="resume",
        )
        if choice == "resume":
            return sections[sections.index(first) :], details, True
        return sections, True, False
    choice = interview.prompter.select(
        "This plan is complete. What do you want to do?",
        [
            ("review", "Review it and write the plan"),
            ("all", "Go through every step again (press Enter to keep an answer)"),
        ],
        default="review",
    )
    return (sections, True, False) if choice == "all" else ((), False, False)


def _plan_paths(options: PlanOptions) -> list[tuple[PlanFormat, Path]]:
    paths = []
    for plan_format in options.formats:
        if options.output is None:
            target = default_plan_path(options.answers_path, plan_format.value)
        elif len(options.formats) == 1:
            target = options.output
        else:
            target = options.output.with_suffix("." + plan_format.value)
        paths.append((plan_format, target))
    return paths


def render_plan(
    framework: Framework,
    answers: Answers,
    plan_format: PlanFormat,
    templates: Path | None,
    document: DocumentKind = DocumentKind.BOARD,
) -> str:
    from spreadkit.plan.output.render import (
        render_plan as render,  # Jinja loads once the plan is written
    )

    return render(framework, answers, plan_format, templates, document)


def _write_plans(
    framework: Framework, answers: Answers, options: PlanOptions, templates: Path | None
) -> list[Path]:
    from spreadkit.files import planfile
    from spreadkit.plan.figures.tracking import with_as_of

    answers = with_as_of(answers, options.as_of)
    written = []
    for plan_format, target in _plan_paths(options):
        text = render_plan(framework, answers, plan_format, templates, options.document)
        planfile.write_plan(target, text, force=options.force)
        written.append(target)
    return written
