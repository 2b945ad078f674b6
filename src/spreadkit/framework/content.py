"""Load the framework from its YAML files into the typed model, strictly.

Every problem in every file is collected and reported with its file, line and key path,
so that a content author fixes them all in one pass.
"""

from __future__ import annotations

import stat
from functools import cache
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from spreadkit.core.errors import Problem, SpreadkitError, did_you_mean
from spreadkit.files.yamlio import KeyPath, load_yaml
from spreadkit.framework import boardwords, roles
from spreadkit.framework.builtin import BUILTIN_CONTENT as BUILTIN_CONTENT
from spreadkit.framework.checker import Checker
from spreadkit.framework.model import (
    Appendix,
    Author,
    Exercise,
    Framework,
    Quote,
    Role,
    Section,
    Step,
    Where,
)
from spreadkit.framework.questions import read_parts, read_questions, read_tips, read_tools
from spreadkit.framework.refs import ref_problems
from spreadkit.framework.rules import read_assessments, read_charts, read_checks

FRAMEWORK_FILE = "framework.yml"

STEP_REQUIRED = ["id", "number", "title", "quote", "summary", "tips", "tools", "parts", "questions"]
STEP_OPTIONAL = ["assessments", "checks", "charts"]


def load_framework(directory: Path = BUILTIN_CONTENT) -> Framework:
    """Read ``directory/framework.yml`` and the files it names; raise SpreadkitError on any problem."""
    if directory == BUILTIN_CONTENT:
        return _load_builtin()
    return _load(directory)


@cache
def _load_builtin() -> Framework:
    return _cached(BUILTIN_CONTENT)


def _cached(directory: Path) -> Framework:
    """The built-in framework, from the user's cache while nothing that shapes it has changed.

    Reading and checking eight YAML files (and compiling their ``when`` expressions) takes longer
    than the rest of a render, so the checked model is kept in the cache as JSON data, never as
    code: a crafted entry can only fail to decode. Its name carries ``code_stamp()``, a digest
    of every file of the package, so an edited loader or model never meets an old entry.
    """
    import json

    from spreadkit.core import usercache
    from spreadkit.framework import modeldata

    if usercache.private_dir() is None:
        return _load(directory)
    stamp = usercache.code_stamp()
    name = f"content-{stamp}.json"
    data = usercache.read_entry(name)
    if data is not None:
        try:
            return modeldata.from_data(Framework, json.loads(data))  # type: ignore[no-any-return]
        except (ValueError, RecursionError):
            pass  # damaged, or not ours: read the content again
    framework = _load(directory)
    try:
        text = json.dumps(modeldata.to_data(framework), ensure_ascii=False, separators=(",", ":"))
        if modeldata.from_data(Framework, json.loads(text)) == framework:  # keep only exact data
            usercache.write_entry(name, text.encode("utf-8"))
            usercache.remove_stale(stamp)
    except (ValueError, RecursionError):
        pass
    return framework


def confined(folder: Path, name: object, where: str) -> tuple[Path | None, str]:
    """``folder/name`` if it is a regular file really inside ``folder``, else why not.

    Packs are shared and untrusted: a name must not reach outside its folder, whether by an
    absolute path, by ``..`` or through a symlink (to a file or to a folder on the way).
    """
    if not isinstance(name, str) or not name.strip():
        return None, f"expected the name of a file {where}, found {name!r}"
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).anchor:
        return None, f"{name!r} is an absolute path: name a file {where}"
    parts = PureWindowsPath(name).parts
    if ".." in parts:
        return None, f"{name!r} leaves the folder: name a file {where}"
    path = folder / name
    base = folder.resolve()
    try:
        mode = path.lstat().st_mode
        real = path.resolve()
    except (OSError, RuntimeError):
        return None, f"no content file named {name!r} {where}"
    if stat.S_ISLNK(mode) or real != base.joinpath(*parts) or not real.is_relative_to(base):
        return None, f"{name!r} is a symlink or goes through one: name a regular file {where}"
    if not stat.S_ISREG(mode):
        return None, f"no content file named {name!r} {where}"
    return path, ""


def load_framework_file(path: Path) -> Framework:
    """A whole framework from its main file and the files it names beside it."""
    return _load(path.parent, path.name)


def _load(directory: Path, name: str = FRAMEWORK_FILE) -> Framework:
    path = directory / name
    if not path.is_file():
        raise SpreadkitError(Problem(f"no {name} in this folder", str(directory)))
    document = load_yaml(path)
    check = Checker(document)
    raw = check.mapping(
        (),
        document.data,
        required=["id", "version", "title", "publisher", "authors", "published", "link"],
        optional=[
            "feedback_email",
            "summary",
            "credit",
            "scores_note",
            "quote",
            "steps",
            "exercises",
            "appendices",
            "board",
        ],
    )
    check.raise_if_any()
    problems: list[Problem] = []
    main = name

    def files(key: str) -> list[tuple[Path, Any]]:
        names = check.sequence((key,), raw.get(key, []))
        out = []
        for index, name in enumerate(names):
            found, why = confined(directory, name, f"beside {main}")
            if found is None:
                check.report((key, index), why)
                continue
            out.append((found, name))
        return out

    steps: list[Step] = []
    exercises: list[Exercise] = []
    appendices: list[Appendix] = []
    for kind, readers in (("steps", read_step), ("exercises", read_exercise)):
        for file_path, _ in files(kind):
            try:
                section = readers(file_path)
            except SpreadkitError as exc:
                problems.extend(exc.problems)
                continue
            (steps if isinstance(section, Step) else exercises).append(section)  # type: ignore[arg-type]
    for file_path, _ in files("appendices"):
        try:
            appendices.append(read_appendix(file_path))
        except SpreadkitError as exc:
            problems.extend(exc.problems)

    authors = []
    for index, item in enumerate(check.sequence(("authors",), raw.get("authors"))):
        author = check.mapping(("authors", index), item, required=["name", "role"])
        authors.append(
            Author(
                check.text(("authors", index, "name"), author.get("name")),
                check.text(("authors", index, "role"), author.get("role")),
            )
        )
    framework = Framework(
        id=check.identifier(("id",), raw.get("id")),
        version=str(raw.get("version", "")),
        title=check.text(("title",), raw.get("title")),
        publisher=check.text(("publisher",), raw.get("publisher")),
        authors=tuple(authors),
        published=check.text(("published",), raw.get("published")),
        link=check.text(("link",), raw.get("link")),
        feedback_email=check.text(("feedback_email",), raw.get("feedback_email")),
        summary=check.text(("summary",), raw.get("summary")),
        credit=check.text(("credit",), raw.get("credit")),
        scores_note=check.text(("scores_note",), raw.get("scores_note")),
        quote=read_quote(check, ("quote",), raw.get("quote")) if "quote" in raw else Quote("", ""),
        steps=tuple(steps),
        exercises=tuple(exercises),
        appendices=tuple(appendices),
        board=read_board(check, raw.get("board")),
        where=Where(str(path), 1),
    )
    problems = check.problems + problems
    if not framework.steps and not problems:
        problems.append(Problem("the framework names no steps", str(path), key_path="steps"))
    if not problems:  # cross-file checks only make sense once every file has loaded
        problems.extend(cross_checks(framework, document.line_of(("steps",)) or 1))
    if problems:
        raise SpreadkitError(problems)
    return framework


def cross_checks(framework: Framework, line: int | None = None) -> list[Problem]:
    """What no single file can see: ids and step numbers across files, links to appendices."""
    problems = []
    seen: dict[str, str] = {}
    for section in framework.sections:
        if section.id in seen:
            problems.append(
                Problem(
                    f"the section id '{section.id}' is also used in {seen[section.id]}",
                    section.where.file,
                    section.where.line,
                    "id",
                )
            )
        seen[section.id] = section.where.file
    numbers = [step.number for step in framework.steps]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(
            Problem(
                f"steps must be numbered 1, 2, 3… in the order listed; found {numbers}",
                framework.where.file,
                line,
                "steps",
            )
        )
    appendix_ids = [appendix.id for appendix in framework.appendices]
    for step in framework.steps:
        for tool in step.tools:
            if tool.see and tool.see not in appendix_ids:
                problems.append(
                    Problem(
                        f"the tool '{tool.id}' points to an unknown appendix '{tool.see}'",
                        step.where.file,
                        None,
                        "tools",
                        did_you_mean(tool.see, appendix_ids),
                    )
                )
    return (
        problems + ref_problems(framework) + roles.problems(framework, framework.where.file, line)
    )


def read_board(check: Checker, value: Any) -> tuple[tuple[str, str], ...]:
    """The board plan's words (see framework/boardwords.py): known keys, each a text."""
    if value is None:
        return ()
    raw = check.mapping(("board",), value, optional=[*boardwords.DEFAULTS, *boardwords.RETIRED])
    return tuple((key, check.text(("board", key), text)) for key, text in raw.items())


def read_quote(check: Checker, path: KeyPath, value: Any) -> Quote:
    raw = check.mapping(path, value, required=["text", "source"])
    return Quote(
        check.text((*path, "text"), raw.get("text")),
        check.text((*path, "source"), raw.get("source")),
    )


def read_step(path: Path) -> Step:
    document = load_yaml(path)
    check = Checker(document)
    raw = check.mapping(
        (),
        document.data,
        required=STEP_REQUIRED,
        optional=STEP_OPTIONAL,
    )
    check.raise_if_any()
    tips = read_tips(check, raw.get("tips"))
    parts = read_parts(check, raw.get("parts"))
    tools = read_tools(check, raw.get("tools"))
    questions = read_questions(check, raw.get("questions"), parts, tips)
    step = Step(
        id=check.identifier(("id",), raw.get("id")),
        number=check.integer(("number",), raw.get("number")),
        title=check.text(("title",), raw.get("title")),
        quote=read_quote(check, ("quote",), raw.get("quote")),
        summary=check.text(("summary",), raw.get("summary")),
        tips=tips,
        tools=tools,
        parts=parts,
        questions=questions,
        assessments=read_assessments(check, raw.get("assessments"), questions, tools),
        checks=read_checks(check, raw.get("checks")),
        charts=read_charts(check, raw.get("charts"), questions, raw.get("assessments")),
        where=Where(str(path), 1),
    )
    check.raise_if_any()
    return step


def read_exercise(path: Path) -> Exercise:
    document = load_yaml(path)
    check = Checker(document)
    raw = check.mapping(
        (), document.data, required=["id", "title", "summary", "parts", "questions"]
    )
    check.raise_if_any()
    parts = read_parts(check, raw.get("parts"))
    exercise = Exercise(
        id=check.identifier(("id",), raw.get("id")),
        title=check.text(("title",), raw.get("title")),
        summary=check.text(("summary",), raw.get("summary")),
        parts=parts,
        questions=read_questions(check, raw.get("questions"), parts, ()),
        where=Where(str(path), 1),
    )
    check.raise_if_any()
    return exercise


def read_appendix(path: Path) -> Appendix:
    document = load_yaml(path)
    check = Checker(document)
    raw = check.mapping(
        (),
        document.data,
        required=["id", "number", "title", "summary", "roles", "traits_intro", "traits"],
    )
    check.raise_if_any()
    roles = []
    for index, item in enumerate(check.sequence(("roles",), raw.get("roles"))):
        role = check.mapping(("roles", index), item, required=["name", "description"])
        roles.append(
            Role(
                check.text(("roles", index, "name"), role.get("name")),
                check.text(("roles", index, "description"), role.get("description")),
            )
        )
    traits = [
        check.text(("traits", index), item)
        for index, item in enumerate(check.sequence(("traits",), raw.get("traits")))
    ]
    appendix = Appendix(
        id=check.identifier(("id",), raw.get("id")),
        number=check.integer(("number",), raw.get("number")),
        title=check.text(("title",), raw.get("title")),
        summary=check.text(("summary",), raw.get("summary")),
        roles=tuple(roles),
        traits_intro=check.text(("traits_intro",), raw.get("traits_intro")),
        traits=tuple(traits),
    )
    check.raise_if_any()
    return appendix


def section_or_error(framework: Framework, reference: str) -> Section:
    """A section by id or by step number ('3', 'ready'), for options such as ``--step``."""
    reference = reference.strip()
    if reference.isdecimal():  # '²' is a digit that int() refuses
        for step in framework.steps:
            if step.number == int(reference):
                return step
    section = framework.section(reference)
    if section is not None:
        return section
    options = [s.id for s in framework.sections]
    numbers = f"1 to {len(framework.steps)}"
    hint = did_you_mean(reference, options)
    raise SpreadkitError(
        Problem(f"no step '{reference}': use a number from {numbers} or an id", hint=hint)
    )
