"""Answers files in an older layout, read in the current one.

spreadkit 0.1 kept the adopting sites as ``ready.target_sites``, each named by ``site``; they are
now ``ready.sites``, named by ``name`` (issue 15). The file is read as if written in the new layout,
with a notice, and is written in it the next time spreadkit saves it: reading never rewrites a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from spreadkit.core.errors import Problem
from spreadkit.files.yamlio import KeyPath, ParsedYaml
from spreadkit.framework.model import Framework, QuestionType

#: (step, old question, new question, {old field: new field}): each rename, oldest first.
RENAMES: tuple[tuple[str, str, str, dict[str, str]], ...] = (
    ("ready", "target_sites", "sites", {"site": "name"}),
)


def migrate(document: ParsedYaml, framework: Framework) -> tuple[ParsedYaml, list[Problem]]:
    """``document`` in the current layout, and one notice for each rename made."""
    data = document.data
    notices: list[Problem] = []
    for section_id, old, new, fields in RENAMES:
        if not _applies(framework, section_id, old, new):
            continue
        answers = data.get("answers") if isinstance(data, dict) else None
        section = answers.get(section_id) if isinstance(answers, dict) else None
        if not isinstance(section, dict) or old not in section or new in section:
            continue
        base: KeyPath = ("answers", section_id)
        notices.append(
            document.problem(
                (*base, old),
                f"'{section_id}.{old}' is now '{section_id}.{new}'"
                + "".join(f" (each '{a}' is now '{b}')" for a, b in fields.items())
                + ": read in the new layout, and written that way when spreadkit next saves the file",
            )
        )
        section = {(new if key == old else key): item for key, item in section.items()}
        section[new] = _renamed_records(section[new], fields)
        assert isinstance(data, dict) and isinstance(answers, dict)  # checked above
        data = {**data, "answers": {**answers, section_id: section}}
        document = replace(
            document, data=data, lines=_moved_lines(document.lines, (*base, old), fields, new)
        )
    return document, notices


def _applies(framework: Framework, section_id: str, old: str, new: str) -> bool:
    """Only for content that has the new group and not the old one (a pack may keep the old)."""
    section = framework.section(section_id)
    if section is None or section.question(old) is not None:
        return False
    question = section.question(new)
    return question is not None and question.type is QuestionType.GROUP


def _renamed_records(records: Any, fields: dict[str, str]) -> Any:
    if not isinstance(records, list):
        return records
    out = []
    for record in records:
        if isinstance(record, dict) and not any(new in record for new in fields.values()):
            record = {fields.get(key, key): item for key, item in record.items()}
        out.append(record)
    return out


def _moved_lines(
    lines: Mapping[KeyPath, int], old: KeyPath, fields: dict[str, str], new: str
) -> dict[KeyPath, int]:
    """The line of every key path, with the old paths' lines under the new names."""
    moved = dict(lines)
    for path, line in lines.items():
        if path[: len(old)] != old:
            continue
        rest = list(path[len(old) :])
        if len(rest) >= 2 and isinstance(rest[1], str):
            rest[1] = fields.get(rest[1], rest[1])
        moved[(*old[:-1], new, *rest)] = line
    return moved
