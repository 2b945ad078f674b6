"""``render --out-dir``: many plans, each rendered and written by a worker process (``--jobs``).

A worker reads one answers file, renders its plan and writes it (or, with ``--check``, hands the
text back to be compared): plans never cross between processes except to be checked. What went
wrong comes back as problems, so every file is tried and every problem reported.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spreadkit.answers import overrides
from spreadkit.answers.reading import read_answers
from spreadkit.app import parallel, plancache
from spreadkit.app.packref import require_pack
from spreadkit.core.errors import Problem, SpreadkitError
from spreadkit.core.formats import Document, PlanFormat
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
    kept: dict[str, Any] | None = None  # the plan-cache entry of the last render of this plan


@dataclass(frozen=True)
class Done:
    source: str
    target: str
    text: str | None = None  # with --check: the plan as it renders now
    problems: tuple[Problem, ...] = ()
    warnings: tuple[str, ...] = ()
    backup: str | None = None  # the .bak kept when --force replaced a file
    unchanged: bool = False  # its plan was already there, made from the same inputs
    kept: dict[str, Any] | None = None  # the plan-cache entry to keep for it (None: none)


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
    entry = task.kept
    if entry is None or entry.get("key") != made_from:
        return None
    if plancache.file_digest(Path(task.target)) != entry.get("plan"):
        return None
    warnings = entry.get("warnings")
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        return None
    return Done(task.source, task.target, warnings=tuple(warnings), unchanged=True, kept=entry)


def render_one(task: Task) -> Done:
    """Render (and write) one plan. A worker: top-level, its argument and result picklable.

    The plan-cache entry it makes goes back in ``Done.kept``: the run keeps them all at once
    (``remember_all``), not one file a plan."""
    framework = parallel.framework(task.content)
    made_from, source = _inputs(task)  # a file changed after this is a miss next time
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
            Document(task.document),
        )
        warnings = tuple(str(w) for w in answers.warnings)
        if task.check:
            return Done(task.source, task.target, text, warnings=warnings)
        backup = planfile.write_plan(Path(task.target), text, force=task.force)
    except SpreadkitError as exc:
        return Done(task.source, task.target, problems=exc.problems)
    kept = None
    if made_from:
        written = hashlib.sha256(text.encode("utf-8")).hexdigest()
        kept = {"key": made_from, "plan": written, "warnings": list(warnings)}
    return Done(
        task.source, task.target, None, (), warnings, str(backup) if backup else None, kept=kept
    )


def recall_all(out_dir: Path, stamp: str) -> dict[str, dict[str, Any]]:
    """What the plan cache kept for the plans in ``out_dir``, by file name (once a run)."""
    return plancache.recall_folder("render", str(out_dir)) if stamp else {}


def remember_all(
    out_dir: Path, kept: dict[str, dict[str, Any]], results: Sequence[Done], stamp: str
) -> None:
    """Keep this run's plan-cache entries with those of the folder's other plans, in one write."""
    if not stamp or not results:
        return
    entries = dict(kept)
    for done in results:
        name = Path(done.target).name
        if done.kept is None:
            entries.pop(name, None)
        else:
            entries[name] = done.kept
    if entries != kept:
        plancache.remember_folder("render", str(out_dir), entries)


def render_all(tasks: Sequence[Task], jobs: int, start_method: str | None = None) -> list[Done]:
    """Every task's result, in the tasks' order, whatever the number of processes."""
    if not tasks:
        return []
    return parallel.run(render_one, tasks, jobs, tasks[0].content, start_method)
