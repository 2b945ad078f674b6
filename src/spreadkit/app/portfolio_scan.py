"""``spreadkit portfolio``: one page across every spread plan under some folders.

Each answers file is read and summed up on its own (in parallel with ``--jobs``); a file that
cannot be read is listed on the page with its error and does not stop the rest.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import os
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import ANSWERS_SUFFIXES
from spreadkit.app import parallel, plancache
from spreadkit.app.answers_files import find_answers
from spreadkit.app.packref import require_pack
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.core.formats import PlanFormat
from spreadkit.core.records import dataclass
from spreadkit.files import guard, planfile
from spreadkit.plan.figures.tracking import parse_as_of
from spreadkit.plan.views import portfolio_rows

PAGE_FORMATS = ("html", "md", "csv")
_EXTENSIONS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".csv": "csv"}


@dataclass(frozen=True)
class PortfolioOptions:
    paths: tuple[str, ...]
    output: str | None = None
    page_format: str | None = None  # html, md or csv; default from --output, else html
    jobs: int | None = None  # default: every core
    as_of: str | None = None
    force: bool = False
    start_method: str | None = None  # the process pool's; None: the platform's own


def link_for(source: str, base: Path) -> str:
    """A relative link from the page's folder ``base`` to the plan of ``source``: its
    ``X.plan.html`` in ``base`` itself (``render --out-dir`` to the same folder as the page), else
    beside ``source``, else the answers file. Percent-encoded, so no name can make it another
    kind of address."""
    path = Path(source)
    name = path.name
    stem = next((name[: -len(s)] for s in ANSWERS_SUFFIXES if name.lower().endswith(s)), name)
    plans = (base / f"{stem}.plan.html", path.with_name(f"{stem}.plan.html"))
    target = next((plan for plan in plans if plan.is_file()), path)
    try:
        relative = os.path.relpath(os.path.abspath(target), os.path.abspath(base))
    except ValueError:  # another drive, on Windows
        relative = os.path.abspath(target)
    return quote(Path(relative).as_posix(), safe="/")


Summary = portfolio_rows.PlanLine | portfolio_rows.Failure


#: One answers file's work: its source, link, --as-of, content, the run's inputs stamp, the
#: name of the book of kept rows, and where its line is in that book.
Task = tuple[str, str, dt.date | None, Path | None, str, str, plancache.Hint | None]


def summarise(task: Task) -> tuple[Summary, str]:
    """One answers file's line, or why it could not be read (a worker: top-level, picklable),
    with the digest of its inputs; taken from the book of kept rows while none has changed."""
    source, link, as_of, content, stamp, book, hint = task
    made_from = ""
    if stamp:
        try:
            options = [source, link, as_of.isoformat() if as_of else None]
            made_from = plancache.key(stamp, guard.read_input(Path(source)), options)
        except SpreadkitError:
            pass  # summing it up says what is wrong
    kept = _kept(plancache.recall_line(book, hint, made_from))
    if kept is not None:
        return kept, made_from
    return _summarise(source, link, as_of, content), made_from


def _keep(summary: Summary) -> dict[str, object]:
    if isinstance(summary, portfolio_rows.Failure):
        return {"failure": dataclasses.asdict(summary)}
    return {"line": dataclasses.asdict(summary)}


def _kept(entry: dict[str, object] | None) -> Summary | None:
    """A kept line or failure, rebuilt from plain data; None when it does not fit."""
    if entry is None:
        return None
    try:
        if isinstance(failure := entry.get("failure"), dict):
            kept: Summary = portfolio_rows.Failure(**failure)
        elif isinstance(line := entry.get("line"), dict):
            values: dict[str, Any] = {
                k: tuple(v) if isinstance(v, list) else v for k, v in line.items()
            }
            kept = portfolio_rows.PlanLine(**values)
        else:
            return None
    except TypeError:
        return None
    return kept if _fits(kept) else None


@functools.cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def _fits(kept: Summary) -> bool:
    """Every field has the type it is declared with (an entry is data, checked as such)."""
    hints = _hints(type(kept))  # type: ignore[arg-type]  # classes are hashable
    for item in dataclasses.fields(kept):
        value = getattr(kept, item.name)
        wanted = hints[item.name]
        if typing.get_origin(wanted) is tuple:
            if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
                return False
        elif not isinstance(value, typing.get_args(wanted) or (wanted,)):
            return False
        if isinstance(value, bool) and wanted is not bool:
            return False
    return True


def _summarise(source: str, link: str, as_of: dt.date | None, content: Path | None) -> Summary:
    framework = parallel.framework(content)
    try:
        answers = read_answers(source, framework)
        require_pack(framework, answers, source)
        return portfolio_rows.plan_line(framework, answers, source, link, as_of)
    except SpreadkitError as exc:
        problem = exc.problems[0] if exc.problems else Problem("could not be read")
        text = str(problem) if problem.file else f"{source}: {problem}"
        more = len(exc.problems) - 1
        return portfolio_rows.Failure(source, text + (f" (and {more} more)" if more > 0 else ""))


def page_format(options: PortfolioOptions) -> str:
    named = None
    if options.output not in (None, "-"):
        named = _EXTENSIONS.get(Path(str(options.output)).suffix.lower())
    given = options.page_format
    if given is not None and given not in PAGE_FORMATS:
        raise SpreadkitError(
            Problem(f"--format {given}: the portfolio is written as html, md or csv"),
            ExitStatus.USAGE,
        )
    if given is not None and named is not None and named != given:
        raise SpreadkitError(
            Problem(
                f"--format {given} does not match --output {options.output}",
                hint=f"leave --format out to write {named}, or change the file's extension",
            ),
            ExitStatus.USAGE,
        )
    return given or named or "html"


@contextlib.contextmanager
def scan(options: PortfolioOptions, content: Path | None) -> Iterator[portfolio_rows.Portfolio]:
    """The portfolio of every answers file under ``options.paths``, its lines kept in the run's
    book (a file) as they come and read from it as the page shows them: only each plan's
    :class:`portfolio_rows.Row` is held, so memory does not grow with every plan's whole line. Failures
    (a line each) are held. The book is kept in the user's cache for the next run."""
    jobs = parallel.check_jobs(options.jobs)
    as_of = parse_as_of(options.as_of) if options.as_of else None
    sources = find_answers(options.paths)
    if not sources:
        raise SpreadkitError(
            Problem(
                "no answers files found (*.answers.yml, *.answers.yaml or *.answers.json)",
                ", ".join(options.paths),
            )
        )
    base = _page_folder(options.output)
    stamp = plancache.inputs_stamp(content, None)
    name = plancache.book_name("portfolio", str(base)) if stamp else ""
    old = plancache.index(name) if name else {}
    tasks = [
        (s, link_for(s, base), as_of, content, stamp, name, old.get(plancache.place(s)))
        for s in sources
    ]
    book = plancache.Book(name or None)
    try:
        rows: list[portfolio_rows.Row] = []
        failures: list[portfolio_rows.Failure] = []
        for (summary, made_from), source in zip(
            parallel.each(summarise, tasks, jobs, content, options.start_method),
            sources,
            strict=True,
        ):
            ref = book.add(made_from, source, _keep(summary))
            if isinstance(summary, portfolio_rows.Failure):
                failures.append(summary)
            else:
                rows.append(portfolio_rows.row_of(summary, ref))
        book.keep(old)
        yield portfolio_rows.arrange(rows, failures, as_of, functools.partial(_fetch, book))
    finally:
        book.close()


def _fetch(book: plancache.Book, ref: object) -> portfolio_rows.PlanLine:
    kept = _kept(book.read(ref))  # type: ignore[arg-type]  # an offset and a length
    if not isinstance(kept, portfolio_rows.PlanLine):  # the book is this run's own: a bug
        raise RuntimeError(f"the portfolio's line at {ref} does not read back")
    return kept


def build(options: PortfolioOptions, content: Path | None) -> portfolio_rows.Portfolio:
    """:func:`scan`, every line read into memory (for tests and small portfolios)."""
    with scan(options, content) as portfolio:
        return portfolio_rows.build(portfolio.plans, portfolio.failures, _as_of(options))


def _as_of(options: PortfolioOptions) -> dt.date | None:
    return parse_as_of(options.as_of) if options.as_of else None


def _page_folder(output: str | None) -> Path:
    return Path(output).parent if output not in (None, "-") else Path(".")


def render(portfolio: portfolio_rows.Portfolio, fmt: str) -> str:
    from spreadkit.plan.output import portfolio_page

    if fmt == "csv":
        return portfolio_page.render_csv(portfolio)
    return portfolio_page.portfolio_text(portfolio, PlanFormat(fmt))


def portfolio(env: Environment, options: PortfolioOptions) -> ExitStatus:
    fmt = page_format(options)
    if options.output not in (None, "-") and fmt != "csv":
        planfile.check_target(Path(str(options.output)), options.force)  # before the work
    with scan(options, env.content) as result:
        _write(env, result, options.output, fmt, options.force)
        failures, count = result.failures, result.count
    if failures:
        env.err(
            f"{len(failures)} of {count + len(failures)} answers files "
            "could not be read; they are listed on the page:"
        )
        for failure in failures:
            env.err(f"  {failure.error}")
    return ExitStatus.OK


def _write(
    env: Environment, page: portfolio_rows.Portfolio, output: str | None, fmt: str, force: bool
) -> None:
    """The page, made a piece at a time and written as it is made (never held whole): to
    standard output, or to ``output`` through the guarded, read-back write."""
    from spreadkit.plan.output import portfolio_page

    if output in (None, "-"):
        env.stdout.write(render(page, fmt))  # once begun, it could not be made whole again
        return
    target = Path(str(output))
    if fmt == "csv":
        data = render(page, fmt).encode("utf-8")
        backup = guard.write_guarded(target, data, guard.same_table(data), force=force)
    else:
        backup = portfolio_page.write_page(target, page, PlanFormat(fmt), force)
    if backup is not None:
        env.err(f"Kept the previous {target.name} as {backup}")
    env.err(f"Wrote the portfolio to {target}")
