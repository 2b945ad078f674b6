"""Content packs: a folder that overlays the built-in framework by id, or replaces it.

A pack has a ``pack.yml``::

    id: sw-network            # recorded in answers files
    version: "1.0"
    title: South West network additions
    mode: overlay             # or: replace
    files: [step-03.yml]      # overlay: partial steps, matched to built-in ones by id
    framework: framework.yml  # replace: a whole framework of its own

In an overlay file, ``id`` names the step (or exercise) to change. Lists (tips, tools, parts,
questions, assessments, checks, charts) are merged by id: an item with a known id replaces it,
a new id is added at the end. ``title``, ``summary`` and ``quote`` replace the built-in ones.
A file whose id is new adds a whole step, and must have every key a step needs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from spreadkit.core.errors import Problem, SpreadkitError, did_you_mean
from spreadkit.files.yamlio import load_yaml
from spreadkit.framework import config_trust, content
from spreadkit.framework.checker import Checker
from spreadkit.framework.model import Exercise, Framework, Section, Step
from spreadkit.framework.questions import read_parts, read_questions, read_tips, read_tools
from spreadkit.framework.rules import read_assessments, read_charts, read_checks

PACK_FILE = "pack.yml"
CONFIG_FILE = "spreadkit.yml"
ENV_CONTENT = "SPREADKIT_CONTENT"
ENV_TEMPLATES = "SPREADKIT_TEMPLATES"
_STEP_KEYS = [k for k in (*content.STEP_REQUIRED, *content.STEP_OPTIONAL) if k != "id"]

T = TypeVar("T")


def resolve(
    option: str | None, variable: str, key: str, variables: Mapping[str, str], cwd: Path
) -> Path | None:
    """Where a pack (or template folder) comes from: the option, else the variable, else spreadkit.yml."""
    return _resolve(option, variable, key, variables, cwd)[0]


def _resolve(
    option: str | None, variable: str, key: str, variables: Mapping[str, str], cwd: Path
) -> tuple[Path | None, Path | None]:
    """The folder, and the spreadkit.yml that named it (None when an option or variable did)."""
    if option:
        return Path(option), None
    if variables.get(variable):
        return Path(variables[variable]), None
    config = cwd / CONFIG_FILE
    if config.is_file():
        document = load_yaml(config)
        check = Checker(document)
        raw = check.mapping((), document.data, optional=["content", "templates"])
        check.raise_if_any()
        value = raw.get(key)
        if value is not None:
            if not isinstance(value, str):
                raise SpreadkitError(document.problem((key,), "expected a folder path"))
            return (config.parent / value).resolve(), config
    return None, None


def content_dir(
    option: str | None = None, variables: Mapping[str, str] | None = None, cwd: Path | None = None
) -> Path | None:
    return resolve(
        option,
        ENV_CONTENT,
        "content",
        variables if variables is not None else os.environ,
        cwd or Path.cwd(),
    )


def templates_dir(
    option: str | None = None,
    variables: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    note: Callable[[str], None] | None = None,
) -> Path | None:
    """The template folder in use, if any. One named by a ``spreadkit.yml`` (a folder someone
    sent you may hold one) is used only when that file is the user's own (``config_trust``),
    and ``note`` is told so on every run."""
    folder, config = _resolve(
        option,
        ENV_TEMPLATES,
        "templates",
        variables if variables is not None else os.environ,
        cwd or Path.cwd(),
    )
    if config is not None:
        config_trust.require_own(config, folder)
    if folder is not None and not folder.is_dir():
        raise SpreadkitError(Problem("no template folder here", str(folder)))
    if config is not None and note is not None:
        note(f"using templates from {folder} (named by {config}; --template chooses others)")
    return folder


def load(pack: Path | None) -> Framework:
    """The framework in use: the built-in one, or it with a pack applied."""
    if pack is None:
        return content.load_framework()
    folder = pack.resolve()
    return _load_pack(folder, _stamp(folder))


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """The pack's files as they are now, so an edited pack is never served from the cache."""
    try:
        return tuple(
            sorted(
                (p.name, p.lstat().st_mtime_ns, p.lstat().st_size)
                for p in folder.glob("*.y*ml")
                if not p.is_symlink()  # a symlink is refused when loaded, never followed
            )
        )
    except OSError:
        return ()


@cache
def _load_pack(folder: Path, stamp: tuple[tuple[str, int, int], ...]) -> Framework:
    if not folder.is_dir():
        raise SpreadkitError(
            Problem("no content pack here: expected a folder with pack.yml", str(folder))
        )
    path = folder / PACK_FILE
    if path.is_symlink():
        raise SpreadkitError(
            Problem(f"{PACK_FILE} is a symlink: a pack's files must be regular files", str(path))
        )
    if not path.is_file():
        raise SpreadkitError(
            Problem(
                f"no {PACK_FILE} in this folder; `spreadkit content init` makes a starter pack",
                str(folder),
            )
        )
    document = load_yaml(path)
    check = Checker(document)
    raw = check.mapping(
        (),
        document.data,
        required=["id", "version", "title", "mode"],
        optional=["files", "framework"],
    )
    check.raise_if_any()
    mode = raw["mode"]
    if mode not in ("overlay", "replace"):
        check.report(
            ("mode",),
            f"expected overlay or replace, found {mode!r}",
            did_you_mean(str(mode), ["overlay", "replace"]),
        )
        check.raise_if_any()
    pack_id = check.identifier(("id",), raw["id"])
    pack_version = str(raw["version"])
    pack_title = check.text(("title",), raw["title"])
    if mode == "replace":
        name = raw.get("framework", content.FRAMEWORK_FILE)
        main, why = content.confined(folder, name, "in the pack")
        if main is None:
            check.report(("framework",), why)
        check.raise_if_any()
        assert main is not None
        framework = content.load_framework_file(main)
        return replace(framework, pack_id=pack_id, pack_version=pack_version, pack_title=pack_title)
    files = []
    for index, name in enumerate(check.sequence(("files",), raw.get("files", []))):
        found, why = content.confined(folder, name, "in the pack")
        if found is None:
            check.report(("files", index), why)
        else:
            files.append(found)
    check.raise_if_any()
    framework = content.load_framework()
    problems: list[Problem] = []
    for file in files:
        try:
            framework = _overlay(framework, file)
        except SpreadkitError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SpreadkitError(problems)
    problems = content.cross_checks(framework)
    if problems:
        raise SpreadkitError(problems)
    return replace(framework, pack_id=pack_id, pack_version=pack_version, pack_title=pack_title)


def _merge(base: Sequence[T], changes: Sequence[T]) -> tuple[T, ...]:
    """Items of ``changes`` replace those of ``base`` with the same id; new ids go at the end."""
    by_id = {getattr(item, "id", None): item for item in changes}
    merged = [by_id.pop(getattr(item, "id", None), item) for item in base]
    return (*merged, *(item for item in changes if getattr(item, "id", None) in by_id))


def _overlay(framework: Framework, path: Path) -> Framework:
    document = load_yaml(path)
    check = Checker(document)
    raw = check.mapping((), document.data, required=["id"], optional=_STEP_KEYS)
    check.raise_if_any()
    base = framework.section(str(raw["id"]))
    if base is None:
        step = content.read_step(path)
        return replace(framework, steps=(*framework.steps, replace(step, overlays=(str(path),))))
    return _replace_section(framework, base, _changed(check, raw, base, path))


def _changed(check: Checker, raw: dict[str, Any], base: Section, path: Path) -> Section:
    tips = (
        _merge(base.tips, read_tips(check, raw["tips"]))
        if isinstance(base, Step) and "tips" in raw
        else getattr(base, "tips", ())
    )
    tools = (
        _merge(base.tools, read_tools(check, raw["tools"]))
        if isinstance(base, Step) and "tools" in raw
        else getattr(base, "tools", ())
    )
    parts = _merge(base.parts, read_parts(check, raw["parts"])) if "parts" in raw else base.parts
    questions = base.questions
    if "questions" in raw:
        # a question replaced by id keeps its role unless the overlay gives it one
        kept = {q.id: q.role for q in base.questions}
        changed = read_questions(check, raw["questions"], parts, tips)
        changed = tuple(q if q.role else replace(q, role=kept.get(q.id, "")) for q in changed)
        questions = _merge(base.questions, changed)
    changes: dict[str, Any] = {
        "parts": parts,
        "questions": questions,
        "overlays": (*base.overlays, str(path)),
    }
    for key in ("title", "summary"):
        if key in raw:
            changes[key] = check.text((key,), raw[key])
    if isinstance(base, Step):
        changes["tips"], changes["tools"] = tips, tools
        if "quote" in raw:
            changes["quote"] = content.read_quote(check, ("quote",), raw["quote"])
        if "assessments" in raw:
            changes["assessments"] = _merge(
                base.assessments,
                read_assessments(check, raw["assessments"], questions, tools),
            )
        if "checks" in raw:
            changes["checks"] = _merge(base.checks, read_checks(check, raw["checks"]))
        if "charts" in raw:
            assessments = [{"id": a.id} for a in changes.get("assessments", base.assessments)]
            changes["charts"] = (
                *base.charts,
                *read_charts(check, raw["charts"], questions, assessments),
            )
    elif set(raw) & {"tips", "tools", "quote", "assessments", "checks", "charts", "number"}:
        check.report(
            (), f"'{base.id}' is an exercise: only title, summary, parts and questions can change"
        )
    check.raise_if_any()
    return replace(base, **changes)


def _replace_section(framework: Framework, old: Section, new: Section) -> Framework:
    if isinstance(new, Step):
        return replace(
            framework, steps=tuple(new if s.id == old.id else s for s in framework.steps)
        )
    assert isinstance(new, Exercise)
    return replace(
        framework, exercises=tuple(new if s.id == old.id else s for s in framework.exercises)
    )


def source_of(section: Section) -> str:
    """Where a section comes from, for `spreadkit content list`."""
    origin = (
        "built-in"
        if Path(section.where.file).parent == content.BUILTIN_CONTENT
        else section.where.file
    )
    if section.overlays and origin == "built-in":
        return "built-in, changed by " + ", ".join(section.overlays)
    return origin
