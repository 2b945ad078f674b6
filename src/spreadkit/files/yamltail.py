"""A YAML file's last top-level list, as the text of each item: so that a save which only adds
to a long history writes the new items and keeps the old ones' text, instead of re-reading and
re-writing the whole file through ruamel.yaml (a minute for two thousand check-ins).

The positions come from the YAML parser (PyYAML's composer, libyaml when present), never from
patterns over the text: the list is found only when it is a block list under the last key of the
top-level mapping, written at the start of its line, with each item starting on its own line
after a ``-``. Anything else (a flow list ``[…]``, the key elsewhere) is left to the whole-file
writer.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from spreadkit.core.records import dataclass
from spreadkit.files.yamlio import dump_yaml

if TYPE_CHECKING:
    import yaml

_DASH = re.compile(r"( *)-( +|$)")


@dataclass(frozen=True)
class Tail:
    """``text`` split into what comes before ``key``, the key's line(s), and each item's text."""

    head: str
    key_text: str
    items: tuple[str, ...]
    indent: int  # the column of each item's ``-``


def split_tail(text: str, root: yaml.Node | None, key: str) -> Tail | None:
    """``text`` split at its last top-level key ``key`` (a block list); None when it cannot be.
    ``root``: the text's node tree (``files.yamlio.compose_yaml``)."""
    import yaml  # loaded already: ``root`` came from it

    if not isinstance(root, yaml.MappingNode) or root.flow_style or not root.value:
        return None
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if key not in {str(k.value) for k, _ in root.value}:
        body = "".join(lines)
        return Tail(body, f"{key}:\n", (), 0)  # no list yet: it goes at the end
    key_node, value = root.value[-1]
    if str(key_node.value) != key or key_node.start_mark.column != 0:
        return None
    if not isinstance(value, yaml.SequenceNode) or value.flow_style or not value.value:
        return None
    starts: list[int] = []
    indent = -1
    for item in value.value:
        line, column = item.start_mark.line, item.start_mark.column
        dash = _DASH.fullmatch(lines[line][:column]) if line < len(lines) else None
        if dash is None or (starts and line <= starts[-1]) or indent not in (-1, len(dash[1])):
            return None
        starts.append(line)
        indent = len(dash[1])
    first = key_node.start_mark.line
    if starts[0] <= first:
        return None
    items = tuple(
        "".join(lines[start:end])
        for start, end in zip(starts, [*starts[1:], len(lines)], strict=True)
    )
    return Tail("".join(lines[:first]), "".join(lines[first : starts[0]]), items, indent)


def items_text(key: str, items: list[Any], indent: int) -> str:
    """New items written as spreadkit writes them, shifted to sit at ``indent``."""
    if not items:
        return ""
    text = dump_yaml({key: items})
    body = text.split("\n", 1)[1]  # after "key:"
    if indent == 0:
        return body
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in body.splitlines(keepends=True))
