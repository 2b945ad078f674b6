"""``spreadkit portfolio``: one page across every spread plan under some folders.

Each answers file is read and summed up on its own (in parallel with ``--jobs``); a file that
cannot be read is listed on the page with its error and does not stop the rest.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from spreadkit.answers.reading import read_answers
from spreadkit.answers.store import ANSWERS_SUFFIXES
from spreadkit.app import parallel, plancache
from spreadkit.app.packref import require_pack
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.core.formats import PlanFormat
from spreadkit.files import guard, planfile
from spreadkit.plan.figures.tracking import parse_as_of
from spreadkit.plan.views import portfolio_rows as model

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


def is_answers_file(name: str) -> bool:
    return name.lower().endswith(ANSWERS_SUFFIXES)


def find_answers(paths: Iterable[str]) -> list[str]:
    """The answers files given, and those under the folders given (hidden folders skipped, no
    symbolic link followed out of the folder), each once, folders' files in name order.

    A folder is often a shared repository: a file in it that is a symbolic link to somewhere
    outside it (``team.answers.yml -> ~/.ssh/config``) is left out, so the page never reads
    or quotes what lies outside the folders given. A file named on the command line is read
    wherever it leads."""
    found: dict[str, str] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside: list[str] = []
            root = os.path.realpath(path)
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                inside += [
                    os.path.join(folder, f)
                    for f in files
                    if is_answers_file(f) and _stays_inside(os.path.join(folder, f), root)
                ]
            names = sorted(inside)
        elif path.exists():
            names = [given]
        else:
            raise SpreadkitError(
                Problem("no such file or folder", given, hint="give folders or answers files"),
                ExitStatus.USAGE,
            )
        for name in names:
            found.setdefault(os.path.normcase(os.path.abspath(name)), name)
    return list(found.values())


def _stays_inside(name: str, root: str) -> bool:
    """Whether ``name`` is a file in the folder ``root`` (real path), links followed."""
    if not os.path.islink(name):
        return True
    real = os.path.realpath(name)
    return os.path.commonpath([real, root]) == root


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


Summary = model.PlanLine | model.Failure


def summarise(task: tuple[str, str, dt.date | None, Path | None, str]) -> Summary:
    """One answers file's line, or why it could not be read (a worker: top-level, picklable);
    kept in the user's cache, and taken from it while none of its inputs has changed."""
    source, link, as_of, content, stamp = task
    made_from = ""
    if stamp:
        try:
            options = [source, link, as_of.isoformat() if as_of else None]
            made_from = plancache.key(stamp, guard.read_input(Path(source)), options)
        except SpreadkitError:
            pass  # summing it up says what is wrong
    kept = _kept(plancache.recall("portfolio", source, made_from))
    if kept is not None:
        return kept
    summary = _summarise(source, link, as_of, content)
    plancache.remember("portfolio", source, made_from, _keep(summary))
    return summary


def _keep(summary: Summary) -> dict[str, object]:
    if isinstance(summary, model.Failure):
        return {"failure": dataclasses.asdict(summary)}
    return {"line": dataclasses.asdict(summary)}


def _kept(entry: dict[str, object] | None) -> Summary | None:
    """A kept line or failure, rebuilt from plain data; None when it does not fit."""
    if entry is None:
        return None
    try:
        if isinstance(failure := entry.get("failure"), dict):
            kept: Summary = model.Failure(**failure)
        elif isinstance(line := entry.get("line"), dict):
            values: dict[str, Any] = {
                k: tuple(v) if isinstance(v, list) else v for k, v in line.items()
            }
            kept = model.PlanLine(**values)
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
        return model.plan_line(framework, answers, source, link, as_of)
    except SpreadkitError as exc:
        problem = exc.problems[0] if exc.problems else Problem("could not be read")
        text = str(problem) if problem.file else f"{source}: {problem}"
        more = len(exc.problems) - 1
        return model.Failure(source, text + (f" (and {more} more)" if more > 0 else ""))


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


def build(options: PortfolioOptions, content: Path | None) -> model.Portfolio:
    """The portfolio of every answers file under ``options.paths``."""
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
    tasks = [(source, link_for(source, base), as_of, content, stamp) for source in sources]
    results = parallel.run(summarise, tasks, jobs, content, options.start_method)
    return model.build(
        (r for r in results if isinstance(r, model.PlanLine)),
        (r for r in results if isinstance(r, model.Failure)),
        as_of,
    )


def _page_folder(output: str | None) -> Path:
    return Path(output).parent if output not in (None, "-") else Path(".")


def render(portfolio: model.Portfolio, fmt: str) -> str:
    from spreadkit.plan.output import portfolio_page

    if fmt == "csv":
        return portfolio_page.render_csv(portfolio)
    return portfolio_page.portfolio_text(portfolio, PlanFormat(fmt))


def portfolio(env: Environment, options: PortfolioOptions) -> ExitStatus:
    fmt = page_format(options)
    if options.output not in (None, "-") and fmt != "csv":
        planfile.check_target(Path(str(options.output)), options.force)  # before the work
    result = build(options, env.content)
    text = render(result, fmt)
    _write(env, text, options.output, fmt, options.force)
    if result.failures:
        env.err(
            f"{len(result.failures)} of {result.count + len(result.failures)} answers files "
            "could not be read; they are listed on the page:"
        )
        for failure in result.failures:
            env.err(f"  {failure.error}")
    return ExitStatus.OK


def _write(env: Environment, text: str, output: str | None, fmt: str, force: bool) -> None:
    if output in (None, "-"):
        env.stdout.write(text)
        return
    target = Path(str(output))
    data = text.encode("utf-8")
    if fmt == "csv":
        backup = guard.write_guarded(target, data, guard.same_table(data), force=force)
    else:
        backup = planfile.write_plan(target, text, force=force)
    if backup is not None:
        env.err(f"Kept the previous {target.name} as {backup}")
    env.err(f"Wrote the portfolio to {target}")


def sources_of(paths: Sequence[str]) -> list[str]:
    """For ``render``: the answers files given, with folders expanded to those inside them."""
    return [
        s for given in paths for s in (find_answers([given]) if Path(given).is_dir() else [given])
    ]
