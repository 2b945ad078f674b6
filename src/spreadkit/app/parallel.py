"""Work spread over processes: one answers file per task, the framework loaded once per worker.

``--jobs 1`` runs in this process. Otherwise a process pool (``concurrent.futures``) runs the
tasks; results come back in the order the tasks were given, so the output never depends on
how many processes made it. Workers are top-level functions taking picklable arguments, so the
pool works with every start method: ``fork`` on Linux (each worker inherits the framework
already loaded here), ``spawn`` on Windows and macOS (each worker loads it once, in
``_start``, from the user's content cache when there is one).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.framework import packs
from spreadkit.framework.model import Framework

Task = TypeVar("Task")
Result = TypeVar("Result")


def default_jobs() -> int:
    """The cores this process may use (its CPU affinity where the system has one)."""
    getaffinity = getattr(os, "sched_getaffinity", None)
    if getaffinity is not None:
        try:
            return max(1, len(getaffinity(0)))
        except OSError:
            pass
    return os.cpu_count() or 1


def check_jobs(jobs: int | None) -> int:
    """``--jobs``: at least 1, at most the cores there are (the work is all CPU: more processes
    only cost memory, about 5 MB each); left out, every core."""
    if jobs is None:
        return default_jobs()
    if jobs < 1:
        raise SpreadkitError(
            Problem(f"--jobs {jobs}: give 1 or more processes", hint="for example --jobs 4"),
            ExitStatus.USAGE,
        )
    return min(jobs, default_jobs())


def framework(content: Path | None = None) -> Framework:
    """The framework this process works with: loaded once per process (``packs.load`` keeps it,
    and loads a pack again only when its files change)."""
    return packs.load(content)


def _start(content: Path | None) -> None:
    """A worker's start: Ctrl-C is the parent's to handle (it stops handing out work and says
    "Interrupted."), so a worker finishes the file in hand, written whole, without a traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    framework(content)


def run(
    worker: Callable[[Task], Result],
    tasks: Sequence[Task],
    jobs: int,
    content: Path | None,
    start_method: str | None = None,
) -> list[Result]:
    """``worker(task)`` for every task, on ``jobs`` processes, results in the tasks' order.

    ``worker`` must be a top-level function (it is sent to the workers by name).
    """
    return list(each(worker, tasks, jobs, content, start_method))


def each(
    worker: Callable[[Task], Result],
    tasks: Sequence[Task],
    jobs: int,
    content: Path | None,
    start_method: str | None = None,
) -> Iterator[Result]:
    """:func:`run`, each result handed on as it comes (in the tasks' order), so a caller that
    keeps only part of each result never holds them all."""
    framework(content)  # here first: forked workers inherit it, and a broken pack fails once
    jobs = min(jobs, len(tasks), default_jobs())
    if jobs <= 1:
        yield from (worker(task) for task in tasks)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(start_method)
    # A few chunks per worker: few messages between processes, and the load still balanced.
    chunk = max(1, min(len(tasks) // (jobs * 4), 100))  # at most 100 results held at once
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_start, initargs=(content,)
    )
    try:
        yield from pool.map(worker, tasks, chunksize=chunk)
    except BaseException:  # Ctrl-C or a bug: no new work; the workers finish what they hold
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
