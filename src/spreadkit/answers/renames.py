"""Renaming a record at a check-in (``--set "implement.actions[Old name].task=New name"``).

A record is named by its first field, and check-ins name records by name, so a rename is checked
before it is recorded: the new name must be free in its group and usable in a path (no ``]``, not
``#`` and a number). The history follows the record through it (``answers.history``). References
to the record move with it: an action whose phase is ``Wave 1`` follows that phase when it is
renamed, each such change recorded in the same check-in, so no answer is left naming a record
that is gone (which every command would refuse) and the history can undo it. What the record
cites and what is assumed of it (``citations:``, ``assumptions:``) move with it too
(``answers.evidence.renamed``, applied by ``history.record`` to every check-in's renames).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from spreadkit.answers import history
from spreadkit.answers.checkins import POSITION, BadPath, parse_path
from spreadkit.answers.store import Answers
from spreadkit.core.text import shortened
from spreadkit.framework import values
from spreadkit.framework.model import Field, Framework, Question
from spreadkit.framework.refs import ref_fields, ref_target


def check_new_name(question: Question, records: Sequence[Any], record: str, value: Any) -> None:
    """BadValue unless ``value`` can name the record selected by ``record`` in its group."""
    if value is None:
        return
    name = str(value)
    position = POSITION.match(record)
    others = [
        history.record_name(r)
        for index, r in enumerate(records)
        if isinstance(r, Mapping)
        and (index != int(position[1]) - 1 if position else history.record_name(r) != record)
    ]
    if name in others:
        raise values.BadValue(
            f"there is already {_a(question.item_name)} named '{shortened(name)}'",
            "give it a name of its own",
        )
    if "]" in name or POSITION.match(name):
        raise values.BadValue(
            f"'{shortened(name)}' cannot name {_a(question.item_name)}",
            "a name cannot hold ] or be # and a number",
        )


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def is_naming(question: Question, field: Field) -> bool:
    return bool(question.fields) and question.fields[0].id == field.id


def with_references(
    framework: Framework, answers: Answers, changes: Mapping[str, Any]
) -> dict[str, Any]:
    """``changes`` and, for each changed field that other answers refer to, those references
    moved to the new value (a change given for the same answer is left as given)."""
    out = dict(changes)
    for path, now in changes.items():
        try:
            where = parse_path(path)
        except BadPath:
            continue
        if where.record is None or len(where.rest) != 1 or now is None:
            continue
        was = history.get_path(answers, path)
        if was is None or was == now:
            continue
        for key, value in _references(
            framework, answers, where.section, where.question, where.rest[0], was
        ):
            out.setdefault(key, now if value == was else value)
    return out


def _references(
    framework: Framework,
    answers: Answers,
    section_id: str,
    question_id: str,
    field_id: str,
    name: Any,
) -> list[tuple[str, Any]]:
    """The paths of the answers that refer to a record of ``section_id.question_id`` by its
    ``field_id`` value ``name``, with their values."""
    found: list[tuple[str, Any]] = []
    for section, question, field in ref_fields(framework):
        target = ref_target(framework, field)
        if target is None or (target[0].id, target[1].id, target[2].id) != (
            section_id,
            question_id,
            field_id,
        ):
            continue
        value = answers.get(section.id, question.id)
        if field is question:
            if value == name:
                found.append((f"{section.id}.{question.id}", value))
            continue
        records = value if isinstance(value, list) else []
        for index, record in enumerate(records):
            if isinstance(record, Mapping) and record.get(field.id) == name:
                base = history.record_path(section.id, question.id, records, index)
                found.append((f"{base}.{field.id}", name))
    return found
