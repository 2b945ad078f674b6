"""Check that a file about to be saved reads back, with the commands' own reader, as what was meant.

spreadkit writes answers with two YAML libraries (PyYAML for a new or untouched file, ruamel.yaml
to keep a person's comments) and reads them with one (PyYAML, through ``files.yamlio``). The
two do not agree on every plain word: YAML 1.1, which PyYAML reads, takes ``No`` for false and
``1:20`` for a number, and ``5e-05`` for text. So before any save replaces a file, its new text
is parsed with the reader every command uses and compared with the data it was written from.
A difference refuses the save: the old file stays as it was.

The comparison is strict about kinds (text, true/false, numbers, dates, nothing) and exact about
text, with the allowances the writers make on purpose: a number may come back as a whole number
or a decimal of the same value, text may lose the spaces at its ends and at the ends of its lines
(a literal block cannot keep them; the readers strip them anyway), and a date may be ISO text
(JSON has no date type).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from spreadkit.core.errors import Problem, SpreadkitError
from spreadkit.files.guard import MAX_BYTES
from spreadkit.files.yamlio import KeyPath, format_path, parse_yaml

#: What a difference shows of a value: enough to recognise it, never a whole long text.
SHOWN = 60


def _text(value: str) -> str:
    return "\n".join(line.rstrip() for line in value.strip().split("\n"))


def _kind(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Mapping):
        return "mapping"
    if isinstance(value, list | tuple):
        return "list"
    return type(value).__name__


def first_difference(meant: Any, read: Any, path: KeyPath = ()) -> KeyPath | None:
    """The first key path where ``read`` is not ``meant`` (as above), or None if none is."""
    if type(meant) is str:  # most values: checked first, quickly
        if type(read) is str and (meant == read or _text(meant) == _text(read)):
            return None
        return path
    if isinstance(meant, Mapping):
        if not isinstance(read, Mapping):
            return path
        by_text = {str(k): v for k, v in read.items()}
        missing = [str(k) for k in meant if str(k) not in by_text]
        if missing or len(by_text) != len(meant):
            return (*path, missing[0]) if missing else path
        for key, value in meant.items():
            found = first_difference(value, by_text[str(key)], (*path, str(key)))
            if found is not None:
                return found
        return None
    if isinstance(meant, list | tuple):
        if not isinstance(read, list) or len(meant) != len(read):
            return path
        for index, (a, b) in enumerate(zip(meant, read, strict=True)):
            found = first_difference(a, b, (*path, index))
            if found is not None:
                return found
        return None
    kind = _kind(meant)
    if kind == "date" and isinstance(read, str):
        return None if read == meant.isoformat() else path
    return None if kind == _kind(read) and meant == read else path


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, dt.date) else value.isoformat()
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _at(data: Any, path: KeyPath) -> Any:
    for part in path:
        try:
            data = data[part] if not isinstance(data, Mapping) else data.get(part)
        except (IndexError, KeyError, TypeError):
            return None
    return data


def refuse_if_too_large(encoded: bytes, name: str) -> None:
    """A file no command could read again (over the read limit) is never written."""
    if len(encoded) > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        raise SpreadkitError(
            Problem(
                f"not saved: the file would be {len(encoded) / (1024 * 1024):.1f} MB, over the "
                f"{limit} MB that spreadkit reads; the file is unchanged",
                name,
                hint="shorten the longest answers, or move old check-ins into an archive copy",
            )
        )


def check_reads_back(text: str, meant: Mapping[str, Any], name: str) -> None:
    """Refuse (SpreadkitError) unless ``text`` parses, with the commands' reader, as ``meant``."""
    try:
        read = parse_yaml(text, name).data
    except SpreadkitError as exc:
        raise SpreadkitError(
            Problem(
                f"not saved: the new text would not read back ({exc.problems[0].message}); "
                "the file is unchanged",
                name,
                hint="this is a bug in spreadkit: please report it",
            )
        ) from None
    where = first_difference(meant, read)
    if where is not None:
        raise SpreadkitError(
            Problem(
                f"not saved: this would read back as {_shown(_at(read, where))}, not "
                f"{_shown(_at(meant, where))}; the file is unchanged",
                name,
                key_path=format_path(where),
                hint="this is a bug in spreadkit: please report it",
            )
        )
