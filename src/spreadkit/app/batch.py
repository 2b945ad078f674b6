"""``render --out-dir``: many plans, each rendered and written by a worker process (``--jobs``).

A worker reads one answers file, renders its plan and writes it (or, with ``--check``, hands the
text back to be compared): plans never cross between processes except to be checked. What went
wrong comes back as problems, so every file is tried and every problem reported.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from spreadkit.answers import overrides
from spreadkit.answers.loading import read_answers
from spreadkit.app import parallel, plancache
from spreadkit.app.packref import require_pack
from spreadkit.core.errors import Problem, SpreadkitError
from spreadkit.core.formats import DocumentKind, PlanFormat
from spreadkit.core.records import dataclass
from spreadkit.files import guard, planfile
from spreadkit.plan.figures.tracking import with_as_of
from spreadkit.plan.output.render import render_plan


@dataclass(frozen=True)
class Task:
    source: str
    target: str  # where the plan goes
    plan_format: str  # md or html
    check: bool  # hand the text back instead of writing it
    force: bool
    sets: tuple[str, ...]
    as_of: str | None
    content: Path | None
    templates: Path | None
    document: str = "board"  # the board plan or the workbook
    stamp: str = ""  # plancache.inputs_stamp of this run; "" when there is no cache to use
    book: str = ""  # the name of the book of kept entries (plancache.book_name)
    hint: plancache.Hint | None = None  # where this plan's line is in that book


@dataclass(frozen=True)
class Done:
    source: str
    target: str
    text: str | None = None  # with --check: the plan as it renders now
    problems: tuple[Problem, ...] = ()
    warnings: tuple[str, ...] = ()
    backup: str | None = None  # the .bak kept when --force replaced a file
    unchanged: bool = False  # its plan was already there, made from the same inputs
    made_from: str = ""  # the digest of its inputs ("" when the cache is not used)
    kept: dict[str, object] | None = None  # what the cache keeps of it, for the run's book


def _inputs(task: Task) -> tuple[str, bytes | None]:
    """The digest of everything this plan is made from ("" when the cache is not used), and the
    answers file's bytes it was worked out from (read once: the same bytes are rendered)."""
    if not task.stamp or task.check:
        return "", None
    try:
        source = guard.read_input(Path(task.source))
    except SpreadkitError:
        return "", None  # reading it again below says what is wrong
    options = [task.source, task.target, task.plan_format, list(task.sets), task.as_of]
    options.append(task.document)
    return plancache.key(task.stamp, source, options), source


def _unchanged(task: Task, made_from: str) -> Done | None:
    """The result of the last render of this plan, when its inputs and the file are as they were."""
    entry = plancache.recall_line(task.book, task.hint, made_from)
    if entry is None or plancache.file_digest(Path(task.target)) != entry.get("plan"):
        return None
    warnings = entry.get("warnings")
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        return None
    return Done(
        task.source,
        task.target,
        warnings=tuple(warnings),
        unchanged=True,
        made_from=made_from,
        kept=entry,
    )


def render_one(task: Task) -> Done:
    """Render (and write) one plan. A worker: top-level, its argument and result picklable."""
    framework = parallel.framework(task.content)
    made_from, source = _inputs(task)  # the bytes of the key are the bytes rendered
    if made_from and (done := _unchanged(task, made_from)) is not None:
        return done
    try:
        answers = read_answers(task.source, framework, data=source)
        require_pack(framework, answers, task.source)
        answers = with_as_of(answers, task.as_of)
        if task.sets:
            answers = overrides.apply(framework, answers, task.sets)
        text = render_plan(
            framework,
            answers,
            PlanFormat(task.plan_format),
            task.templates,
            DocumentKind(task.document),
        )
        warnings = tuple(str(w) for w in answers.warnings)
        if task.check:
            return Done(task.source, task.target, text, warnings=warnings)
        backup = planfile.write_plan(Path(task.target), text, force=task.force)
    except SpreadkitError as exc:
        return Done(task.source, task.target, problems=exc.problems)
    kept: dict[str, object] | None = None
    if made_from:  # kept in the run's book by the parent, once for the whole run
        kept = {"plan": hashlib.sha256(text.encode("utf-8")).hexdigest(), "warnings": warnings}
    backup_name = str(backup) if backup else None
    return Done(task.source, task.target, None, (), warnings, backup_name, False, made_from, kept)


def render_all(tasks: Sequence[Task], jobs: int, start_method: str | None = None) -> Iterator[Done]:
    """Every task's result, in the tasks' order, whatever the number of processes. What the
    cache keeps of each plan goes into one book for the run (``plancache.Book``), written once
    at the end rather than a file per plan."""
    if not tasks:
        return
    name = tasks[0].book
    book = plancache.Book(name) if name else None
    try:
        for done in parallel.each(render_one, tasks, jobs, tasks[0].content, start_method):
            if book is not None and done.made_from and done.kept is not None:
                book.add(done.made_from, done.target, done.kept)
            yield done
        if book is not None:
            book.keep(plancache.index(name))
    finally:
        if book is not None:
            book.close()


def with_hints(tasks: list[Task], scope: str) -> list[Task]:
    """``tasks`` told where the book of ``scope`` (the output folder) keeps each plan's line."""
    if not tasks or not tasks[0].stamp or tasks[0].check:
        return tasks
    name = plancache.book_name("render", scope)
    old = plancache.index(name)
    return [
        dataclasses.replace(t, book=name, hint=old.get(plancache.place(t.target))) for t in tasks
    ]
