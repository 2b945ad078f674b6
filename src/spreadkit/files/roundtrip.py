"""Update a YAML file a person may have edited, keeping their comments, key order and quoting.

spreadkit writes answers files with PyYAML (fast, and already loaded). Once a file exists, it
may hold comments a person wrote and keys in the order they chose: rewriting it from data would
drop them. ruamel.yaml reads a YAML file into a structure that remembers them, so the new values
are merged into that structure and written back. ruamel.yaml is imported here only, and only
when an existing file is updated, so that commands which never write answers start as fast as
before.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Collection, Mapping
from typing import Any

from spreadkit.files.yamlio import plain_reads_as_text

#: Line width for both writers: long text stays on one line, so the two write it alike.
NO_FOLDING = 1_000_000


def _yaml() -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.representer import RoundTripRepresenter

    class _Representer(RoundTripRepresenter):
        pass

    _Representer.add_representer(float, _represent_float)
    yaml = YAML(typ="rt", pure=True)
    yaml.Representer = _Representer  # before the first use of yaml.representer below
    yaml.preserve_quotes = True
    yaml.width = NO_FOLDING  # ruamel.yaml folds long lines unlike PyYAML: fold neither
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.allow_unicode = True
    # A value used twice (a check-in's new date is also the answer's) is written twice, never
    # as an &id001 anchor and *id001 alias: people read and edit these files.
    yaml.representer.ignore_aliases = lambda data: True
    return yaml


def update_yaml(old_text: str, new: Mapping[str, Any], keep: Collection[str] = ()) -> str | None:
    """``old_text`` changed to hold ``new``, or ``None`` if it cannot be updated in place.

    Keys that ``new`` no longer has are removed, except anywhere under the top-level keys in
    ``keep``: there, nothing is ever removed or replaced, and only new keys are added.
    Values that did not change keep their text exactly (quoting, literal blocks, comments).
    """
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    yaml = _yaml()
    try:
        document = yaml.load(old_text)
    except (YAMLError, RecursionError, ValueError, TypeError):
        return None
    if not isinstance(document, CommentedMap):
        return None
    _merge_mapping(document, new, keep_all=False, keep=set(keep))
    out = io.StringIO()
    try:
        yaml.dump(document, out)
    except (YAMLError, RecursionError, ValueError, TypeError):
        return None
    return out.getvalue()


def _merge_mapping(old: Any, new: Mapping[str, Any], *, keep_all: bool, keep: set[str]) -> None:
    if not keep_all:
        for key in [k for k in old if k not in new and k not in keep]:
            del old[key]
    previous: Any = None
    for key, value in new.items():
        kept = keep_all or key in keep
        if key in old:
            if kept and not (isinstance(old[key], Mapping) and isinstance(value, Mapping)):
                previous = key
                continue  # set aside by the person or by spreadkit: never replaced
            old[key] = _merged(old[key], value, keep_all=kept)
        else:
            keys = list(old)
            position = keys.index(previous) + 1 if previous in keys else 0
            old.insert(position, key, _fresh(value))
        previous = key


def _merged(old: Any, new: Any, *, keep_all: bool) -> Any:
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        _merge_mapping(old, new, keep_all=keep_all, keep=set())
        return old
    if isinstance(old, list) and isinstance(new, list):
        for index, item in enumerate(new):
            if index < len(old):
                old[index] = _merged(old[index], item, keep_all=keep_all)
            else:
                old.append(_fresh(item))
        del old[len(new) :]
        return old
    if _same(old, new):
        return old  # unchanged: keep the person's quoting and layout
    return _fresh(new)


def _represent_float(representer: Any, value: float) -> Any:
    """A new decimal as PyYAML writes it (``5.0e-05``, ``1.0e+308``), which YAML 1.1 reads as a
    number; ruamel.yaml's own ``5e-05`` is YAML 1.2, and PyYAML reads it as text."""
    if math.isnan(value):
        text = ".nan"
    elif math.isinf(value):
        text = ".inf" if value > 0 else "-.inf"
    else:
        text = repr(value).lower()
        if "." not in text and "e" in text:
            text = text.replace("e", ".0e", 1)
    return representer.represent_scalar("tag:yaml.org,2002:float", text)


def _reads_as_written(old: Any) -> bool:
    """Whether an unchanged value's text, as the file has it, reads back the same under YAML 1.1:
    a decimal written ``5e-05`` or ``1e5`` (YAML 1.2) does not, and is written afresh."""
    if isinstance(old, float) and getattr(old, "_exp", None) is not None:
        return bool(getattr(old, "_prec", -1) >= 0 and getattr(old, "_e_sign", False))
    return True


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, bool) != isinstance(new, bool):
        return False
    if not _reads_as_written(old):
        return False
    if isinstance(old, dt.datetime) != isinstance(new, dt.datetime):
        return False
    if isinstance(old, str) and isinstance(new, str):
        return _text(old) == _text(new)  # as read: stripped, no trailing spaces on a line
    try:
        return bool(old == new)
    except (TypeError, ValueError):
        return False


def _text(value: str) -> str:
    return "\n".join(line.rstrip() for line in value.strip().split("\n"))


def _fresh(value: Any) -> Any:
    """A new value as ruamel.yaml writes it best: multi-line text as a literal block."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        LiteralScalarString,
        SingleQuotedScalarString,
    )

    if isinstance(value, str) and not value.replace("\n", "").isprintable():
        # a control character, or one YAML reads as a line break (U+0085, U+2028, U+2029):
        # only a double-quoted string can hold it exactly, escaped
        return DoubleQuotedScalarString(value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString("\n".join(line.rstrip() for line in value.split("\n")))
    if isinstance(value, str) and not plain_reads_as_text(value):
        return SingleQuotedScalarString(value)  # `No`, `on`, `1:20`: not text in YAML 1.1
    if isinstance(value, Mapping):
        fresh = CommentedMap()
        for key, item in value.items():
            fresh[key] = _fresh(item)
        return fresh
    if isinstance(value, list):
        return CommentedSeq(_fresh(item) for item in value)
    return value
