"""Saving an answers file: only what reads back, never over the read limit, in bounded time.

Every save goes the same way:

1. the new text is made: JSON for a ``.json`` file; for YAML, spreadkit's own writing (PyYAML)
   when the file is new or exactly as spreadkit last wrote it, else the file updated in place
   with ruamel.yaml (``files.roundtrip``) so that a person's comments and order are kept;
2. the history (``log``, the last top-level list) is never sent through ruamel.yaml: the text of
   the items already in the file is kept as it is and only new or changed items are written, so
   a save costs the same with two thousand check-ins as with two (``files.yamltail``);
3. the text is refused if it is over the size every command reads (``files.guard.MAX_BYTES``);
4. the text is read back with the commands' own reader and compared with the data it was made
   from (``files.readback``); any difference refuses the save;
5. only then does it replace the file, atomically (``files.atomic``).

A refusal is a ``SpreadkitError`` naming the file; the file on disk is not touched.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from spreadkit.core.errors import SpreadkitError
from spreadkit.files.guard import output_kind, read_input, write_answers_file
from spreadkit.files.readback import check_reads_back, first_difference, refuse_if_too_large
from spreadkit.files.yamlio import build_document, compose_yaml, dump_yaml, parse_yaml
from spreadkit.files.yamltail import Tail, items_text, split_tail

#: The file this process last wrote with the fast writer, its text and data: an interview saves
#: after every answer, and a file still holding that text needs no parsing to be recognised.
_last_written: dict[Path, tuple[str, Mapping[str, Any]]] = {}

_COMMENT = re.compile(r"^[ \t]*#", re.MULTILINE)


def save(
    path: Path, data: dict[str, Any], header: str, *, keep: Sequence[str] = (), log: str = ""
) -> None:
    """Write ``data`` to ``path`` as described above. ``header``: the comment a new YAML file
    starts with; ``keep``: top-level keys whose old values are never removed or replaced;
    ``log``: the top-level key of the history list, which only grows."""
    name = str(path)
    old = _old_text(path)
    root = _composed(path, old)
    before = _built(root, name)
    if path.suffix.lower() == ".json":
        text = json_text(data)
    else:
        text = _yaml_text(path, old, root, before, data, header, keep, log)
    encoded = text.encode("utf-8")
    refuse_if_too_large(encoded, name)
    check_reads_back(text, _meant(data, before, keep), name)
    write_answers_file(path, encoded)


def _old_text(path: Path) -> str | None:
    if output_kind(path) == "new":
        return None
    try:
        return read_input(path).decode("utf-8-sig")
    except (SpreadkitError, UnicodeDecodeError):
        return None


def _meant(data: dict[str, Any], before: Any, keep: Sequence[str]) -> dict[str, Any]:
    """What the saved file must read back as: ``data``, with the old values under ``keep``."""
    if not isinstance(before, dict):
        return data
    meant = dict(data)
    for key in keep:
        if key in before:
            meant[key] = _kept(before[key], data.get(key))
    return meant


def _kept(old: Any, new: Any) -> Any:
    """As ``files.roundtrip`` keeps: old values stay, new keys of a mapping are added."""
    if not (isinstance(old, Mapping) and isinstance(new, Mapping)):
        return old
    out = dict(old)
    for key, value in new.items():
        out[key] = _kept(old[key], value) if key in old else value
    return out


def _yaml_text(
    path: Path,
    old: str | None,
    root: Any,
    before: Any,
    data: dict[str, Any],
    header: str,
    keep: Sequence[str],
    log: str,
) -> str:
    _last_written.clear()
    tail = split_tail(old, root, log) if old is not None and log else None
    if old is None or tail is None or not isinstance(before, dict):
        plain = header + dump_yaml(data)
        if (
            old is None
            or old == plain
            or _as_spreadkit_wrote(path, old, data, header, keep, before)
        ):
            _last_written[path] = (plain, data)
            return plain
        from spreadkit.files.roundtrip import update_yaml  # ruamel.yaml loads only here

        return update_yaml(old, data, keep=keep) or plain
    head_data = {k: v for k, v in data.items() if k != log}
    head_before = {k: v for k, v in before.items() if k != log}
    old_items = before.get(log) if tail.items else []
    if not isinstance(old_items, list) or len(old_items) != len(tail.items):
        old_items = []
    head = _head_text(path, tail.head, head_data, head_before, header, keep)
    return head + _log_text(tail, old_items, data.get(log), log)


def _composed(path: Path, text: str | None) -> Any:
    """The old file's node tree, as the commands read it (None if they cannot)."""
    if text is None:
        return None
    try:
        return compose_yaml(text, str(path))
    except SpreadkitError:
        return None


def _built(root: Any, name: str) -> Any:
    if root is None:
        return None
    try:
        return build_document(root, name).data
    except SpreadkitError:
        return None


def _parsed(path: Path, text: str) -> Any:
    try:
        return parse_yaml(text, str(path)).data
    except SpreadkitError:
        return None


def _head_text(
    path: Path,
    old: str,
    data: dict[str, Any],
    before: dict[str, Any],
    header: str,
    keep: Sequence[str],
) -> str:
    """Everything before the history: spreadkit's own writing, or the old text updated in place."""
    plain = header + dump_yaml(data)
    if old == plain or _as_spreadkit_wrote(path, old, data, header, keep, before):
        return plain
    from spreadkit.files.roundtrip import update_yaml  # ruamel.yaml loads only here

    return update_yaml(old, data, keep=keep) or plain


def _log_text(tail: Tail, old_items: list[Any], items: Any, log: str) -> str:
    """The history: the old items' text while they are unchanged, then the rest written anew."""
    items = list(items or [])
    if not items:
        return ""
    kept = 0
    for before, now in zip(old_items, items, strict=False):
        if first_difference(now, before) is not None:
            break
        kept += 1
    return tail.key_text + "".join(tail.items[:kept]) + items_text(log, items[kept:], tail.indent)


def _as_spreadkit_wrote(
    path: Path,
    old: str,
    data: Mapping[str, Any],
    header: str,
    keep: Sequence[str],
    parsed: Any = None,
) -> bool:
    """Whether ``old`` is exactly spreadkit's own writing of its data, in an order ``data`` keeps.

    Then updating it in place (files.roundtrip) and writing ``data`` afresh give the same file,
    but for how new values are quoted: there are no comments, and keys already there stay in
    their order. Values under ``keep`` are never changed by a save, so they must be the same.
    """
    text, before = _last_written.get(path, ("", {}))
    if text != old:
        if not old.startswith(header) or _COMMENT.search(old, len(header)):
            return False  # a comment of the person's (or a line that looks like one): keep it
        before = parsed if parsed is not None else _parsed(path, old)
        if not isinstance(before, dict) or header + dump_yaml(before) != old:
            return False
    return all(before.get(key) == data.get(key) for key in keep) and _same_order(before, data)


def _same_order(old: Any, new: Any) -> bool:
    """Whether the keys ``old`` and ``new`` share come in the same order, at every level."""
    if isinstance(old, dict) and isinstance(new, dict):
        shared = [key for key in old if key in new]
        return shared == [key for key in new if key in old] and all(
            _same_order(old[key], new[key]) for key in shared
        )
    if isinstance(old, list) and isinstance(new, list):
        return all(_same_order(a, b) for a, b in zip(old, new, strict=False))
    return True


def json_text(data: Any) -> str:
    """``data`` as JSON, dates as ISO text, decimals as YAML 1.1 also reads them (``5.0e-05``):
    the commands read JSON answers with their YAML reader, which takes ``5e-05`` for text."""
    return _json(data, "") + "\n"


def _json(value: Any, indent: str) -> str:
    inner = indent + "  "
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        parts = [
            f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_json(v, inner)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(parts) + "\n" + indent + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + _json(v, inner) for v in value) + "\n" + indent + "]"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return json.dumps(str(value))  # refused by the read-back check, never written
        text = repr(value)
        return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)
