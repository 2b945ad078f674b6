"""Checking an answers file's sources, citations and assumptions against its answers.

A cited id must name a source of the plan: a mistake, reported with its line and a "did you
mean". A path that names no question of the content, or no record the file has, is a warning
with its line: deleting a site, or content that drops a question, must not make the file
unreadable; the entry is kept, and shows nowhere until it is mended.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from spreadkit.answers.checkins import parse_path
from spreadkit.answers.evidence import Assumption, Source
from spreadkit.answers.history import record_name
from spreadkit.core.errors import Problem, did_you_mean
from spreadkit.files.yamlio import KeyPath
from spreadkit.framework.checker import Checker
from spreadkit.framework.model import Framework


def check_evidence(
    check: Checker,
    warnings: list[Problem],
    framework: Framework,
    values: Mapping[str, Mapping[str, Any]],
    sources: tuple[Source, ...],
    citations: Mapping[str, tuple[str, ...]],
    assumptions: Mapping[str, Assumption],
) -> None:
    ids = [s.id for s in sources]

    def warn(key: KeyPath, message: str, hint: str = "") -> None:
        warnings.append(check.document.problem(key, message, hint))

    known: dict[tuple[str, str], tuple[list[str], set[str]]] = {}
    for path, cited in citations.items():
        _check_path(warn, framework, values, "citations", path, known)
        for index, source_id in enumerate(cited):
            if source_id not in ids:
                hint = did_you_mean(source_id, ids) or (
                    f"the sources are: {', '.join(ids)}" if ids else "add it under sources: first"
                )
                check.report(("citations", path, index), f"no source '{source_id}'", hint)
    for path in assumptions:
        _check_path(warn, framework, values, "assumptions", path, known)


def path_problems(
    framework: Framework, values: Mapping[str, Mapping[str, Any]], path: str
) -> list[tuple[str, str]]:
    """What is wrong with ``path`` as a place for a citation or an assumption: (message, hint)
    pairs; none when it names an answer, or a record (and field) the answers have."""
    found: list[tuple[str, str]] = []

    def report(key: KeyPath, message: str, hint: str = "") -> None:
        found.append((message, hint))

    _check_path(report, framework, values, "", path)
    return found


def _check_path(
    report: Callable[..., None],
    framework: Framework,
    values: Mapping[str, Mapping[str, Any]],
    part: str,
    path: str,
    known: dict[tuple[str, str], tuple[list[str], set[str]]] | None = None,
) -> None:
    """Report what is wrong with ``path``; ``known`` keeps each group's record names, so that a
    file with many entries is checked in linear time."""
    where = parse_path(path)
    if where.section == "plan":
        if where.record is not None or where.rest:
            report((part, path), f"'{path}': a plan detail has no parts")
        return
    section = framework.section(where.section)
    if section is None:
        hint = did_you_mean(where.section, [s.id for s in framework.sections])
        report((part, path), f"no step '{where.section}' in {framework.id}", hint)
        return
    question = section.question(where.question)
    if question is None:
        hint = did_you_mean(where.question, [q.id for q in section.questions])
        report((part, path), f"no question '{where.question}' in {section.id}", hint)
        return
    if where.record is not None:
        group = (section.id, question.id)
        if known is None or group not in known:
            records = values.get(section.id, {}).get(question.id)
            listed = (
                [record_name(r) if isinstance(r, Mapping) else "" for r in records]
                if isinstance(records, list)
                else []
            )
            found = (listed, set(listed))
            if known is not None:
                known[group] = found
        else:
            found = known[group]
        names, named = found
        position = where.record[1:] if where.record.startswith("#") else ""
        if where.record not in named and not (
            position.isdigit() and 1 <= int(position) <= len(names)
        ):
            hint = did_you_mean(where.record, names) or (
                f"the {question.item_name}s recorded: {', '.join(names)}" if names else ""
            )
            report(
                (part, path),
                f"no {question.item_name} named '{where.record}' in {path.split('[')[0]}",
                hint,
            )
            return
        if where.rest and question.fields and where.rest[0] not in [f.id for f in question.fields]:
            hint = did_you_mean(where.rest[0], [f.id for f in question.fields])
            report(
                (part, path),
                f"'{where.rest[0]}' is not a field of {section.id}.{question.id}",
                hint,
            )
