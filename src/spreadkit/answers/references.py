"""Checking an answers file's references: each ``ref`` must name a record the file has."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spreadkit.answers.layout import layout
from spreadkit.core.errors import did_you_mean
from spreadkit.files.yamlio import KeyPath
from spreadkit.framework.checker import Checker
from spreadkit.framework.model import Framework
from spreadkit.framework.refs import ref_names, ref_target


def check_references(
    check: Checker, answers: Mapping[str, Mapping[str, Any]], framework: Framework
) -> None:
    """Report each reference to a record that is not there, with the names that are."""
    named: dict[tuple[str, str], list[str]] = {}  # the names, by the group and field that give them
    for section, question, field in layout(framework).refs:
        value = answers.get(section.id, {}).get(question.id)
        if value is None:
            continue
        target = (field.ref, field.ref_field)  # all that ref_names asks of the field
        names = named.get(target)
        if names is None:
            names = named[target] = ref_names(framework, field, answers)
        base: KeyPath = ("answers", section.id, question.id)
        if field is question:
            _one(check, framework, field, base, value, names)
            continue
        field_id = field.id
        for index, record in enumerate(value if isinstance(value, list) else []):
            # a checked record is a dict: the Mapping test (an ABC's, slow) only for others
            if record.__class__ is not dict and not isinstance(record, Mapping):
                continue
            if record.get(field_id) is not None:
                _one(check, framework, field, (*base, index, field_id), record[field_id], names)


def _one(
    check: Checker,
    framework: Framework,
    field: Any,
    path: KeyPath,
    value: Any,
    names: list[str],
) -> None:
    if str(value) in names:
        return
    target = ref_target(framework, field)
    item = target[1].item_name if target else "record"
    where = field.ref
    if names:
        hint = did_you_mean(str(value), names) or f"the {where} recorded: {', '.join(names)}"
    else:
        hint = f"add it to {where} first"
    check.report(path, f"no {item} named '{value}' in {where}", hint)
