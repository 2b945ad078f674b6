"""`spreadkit plan`: load or start the answers, run the interview, write the plans, say what changed."""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spreadkit.answers.store import (
    DETAIL_PROMPTS,
    Answers,
    default_plan_path,
    missing_details,
    missing_required,
    read_answers,
    stamped,
    write_answers,
)
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.core.formats import PlanFormat
from spreadkit.core.signals import Stopped, stop_signals_as_interrupts
from spreadkit.files import planfile
from spreadkit.files.locking import locked
from spreadkit.framework import packs
from spreadkit.framework.content import section_or_error
from spreadkit.framework.model import Framework, Section
from spreadkit.interview.drafts import Drafts, drafts_path
from spreadkit.interview.walker import Interview, Prompter
from spreadkit.terminal import display

NO_TERMINAL = (
    "spreadkit plan asks questions, and needs a terminal to do it. "
    "To make a plan from an answers file without questions, run: spreadkit render FILE.answers.yml"
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


class _Saver:
    """Writes the answers file after every change, counting what this session saved."""

    def __init__(self, path: Path, framework: Framework) -> None:
        self.path = path
        self.framework = framework
        self.saves = 0

    def __call__(self, answers: Answers) -> None:
        write_answers(self.path, stamped(answers), self.framework)
        if self.saves == 0:
            from spreadkit.answers.schema import ensure_schema_beside

            ensure_schema_beside(self.path, self.framework)
        self.saves += 1


def run_plan(
    env: Environment, options: PlanOptions, make_prompter: Callable[[], Prompter] | None = None
) -> ExitStatus:
    if options.no_input:
        return _plan_without_questions(env, options)
    if options.sets or options.strict:
        raise SpreadkitError(Problem("--set and --strict go with --no-input"), ExitStatus.USAGE)
    if make_prompter is None and not env.interactive:
        raise SpreadkitError(Problem(NO_TERMINAL), ExitStatus.USAGE)
    framework = packs.load(env.content)
    chosen = _chosen_sections(framework, options.steps)
    path = options.answers_path
    if options.only_new and not path.is_file():
        raise SpreadkitError(Problem("--only-new needs an answers file to compare with", str(path)))
    with locked(path), stop_signals_as_interrupts():
        # Read only once the lock is held, so another session cannot write in between.
        existing = path.is_file()
        before = read_answers(path, framework) if existing else Answers.empty(framework)
        prompter = make_prompter() if make_prompter else _questionary_prompter()
        return _interview(env, options, framework, chosen, path, existing, before, prompter)


def _interview(
    env: Environment,
    options: PlanOptions,
    framework: Framework,
    chosen: list[Section],
    path: Path,
    existing: bool,
    before: Answers,
    prompter: Prompter,
) -> ExitStatus:
    display.welcome(env, framework, str(path), resuming=existing)
    saver = _Saver(path, framework)
    drafts = Drafts(drafts_path(path))
    interview = Interview(framework, before, prompter, env, saver, drafts=drafts)
    try:
        if options.only_new:
            if interview.ask_new() == 0:
                display.message(env, "No new questions: your answers cover the current content.")
        elif chosen:
            interview.run(chosen, details=interview.missing_details())
        else:
            sections, details, resume = _where_to_start(framework, interview, existing)
            interview.run(sections, details=details, resume=resume)
    except KeyboardInterrupt as stop:
        with contextlib.suppress(OSError):  # the terminal may be gone (SIGHUP)
            display.stopped(env, str(path), saver.saves, existing, draft=bool(drafts.texts))
        return ExitStatus(stop.status) if isinstance(stop, Stopped) else ExitStatus.INTERRUPTED

    after = interview.answers
    if saver.saves == 0:  # nothing changed, but keep the file's dates honest
        saver(after)
    written = _write_plans(framework, after, options, env.templates)
    if chosen:
        display.plan_changes(env, _changes(framework, before, after, env.templates))
    display.finished(env, str(path), [str(p) for p in written])
    return ExitStatus.OK


def _plan_without_questions(env: Environment, options: PlanOptions) -> ExitStatus:
    """`plan --no-input`: the plan from the answers file as it is, never a prompt."""
    framework = packs.load(env.content)
    path = options.answers_path
    if not path.is_file():
        raise SpreadkitError(
            Problem(
                "no answers file here; make one with `spreadkit new` or `spreadkit plan` in a terminal",
                str(path),
            )
        )
    from spreadkit.answers import overrides

    answers = overrides.apply(framework, read_answers(path, framework), options.sets)
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


def _questionary_prompter() -> Prompter:
    from spreadkit.interview.prompter import (
        QuestionaryPrompter,
    )  # questionary loads only for a real interview

    return QuestionaryPrompter()


def _chosen_sections(framework: Framework, references: Sequence[str]) -> list[Section]:
    picked = {section_or_error(framework, ref).id for ref in references}
    return [s for s in framework.sections if s.id in picked]


def _where_to_start(
    framework: Framework, interview: Interview, existing: bool
) -> tuple[Sequence[Section], bool, bool]:
    """Offer to resume an unfinished plan, or to review a finished one.

    Returns the sections to ask, whether to ask the plan details, and whether to resume
    the first section at its first unanswered question.
    """
    sections = framework.sections
    if not existing:
        interview.required_only = (
            interview.prompter.select(
                "How do you want to go through it?",
                [
                    ("all", f"Every question ({display.TIME_ALL})"),
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
        return sections, True, False
    done = set(interview.answers.completed)
    unfinished = [s for s in sections if s.id not in done]
    if unfinished:
        first = unfinished[0]
        choice = interview.prompter.select(
            "This plan is not finished. Where do you want to start?",
            [
                ("resume", f"Carry on from {first.label}"),
                (
                    "start",
                    "Go through it all from the beginning (your answers are kept as defaults)",
                ),
            ],
            default="resume",
        )
        if choice == "resume":
            return sections[sections.index(first) :], interview.missing_details(), True
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
    framework: Framework, answers: Answers, plan_format: PlanFormat, templates: Path | None
) -> str:
    from spreadkit.plan.render import render_plan as render  # Jinja loads once the plan is written

    return render(framework, answers, plan_format, templates)


def _write_plans(
    framework: Framework, answers: Answers, options: PlanOptions, templates: Path | None
) -> list[Path]:
    written = []
    for plan_format, target in _plan_paths(options):
        text = render_plan(framework, answers, plan_format, templates)
        planfile.write_plan(target, text, force=options.force)
        written.append(target)
    return written


@dataclass(frozen=True)
class PlanChanges:
    sections: tuple[str, ...]
    added: int
    removed: int


def _changes(
    framework: Framework, before: Answers, after: Answers, templates: Path | None
) -> PlanChanges:
    """What a re-run changed in the Markdown plan: which sections, and how many lines."""
    old = planfile.body(render_plan(framework, before, PlanFormat.MARKDOWN, templates)).splitlines()
    new = planfile.body(render_plan(framework, after, PlanFormat.MARKDOWN, templates)).splitlines()
    added = removed = 0
    touched: list[str] = []
    for line in difflib.unified_diff(old, new, lineterm="", n=0):
        if line.startswith(("+++", "---", "@@")):
            continue
        if line.startswith("+"):
            added += 1
        elif line.startswith("-"):
            removed += 1
    old_sections, new_sections = _split_sections(old), _split_sections(new)
    for heading, body in new_sections.items():
        if old_sections.get(heading) != body and heading not in touched:
            touched.append(heading)
    return PlanChanges(tuple(touched), added, removed)


def _split_sections(lines: list[str]) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {"(title and contents)": []}
    current = "(title and contents)"
    for line in lines:
        if line.startswith("## "):
            current = line[3:]
            sections[current] = []
        else:
            sections[current].append(line)
    return sections
