"""PyYAML's part of ``files.yamlio``: the safe loader, the builder of plain values with their
lines, and the writer. Imported on the first YAML read or write, so that commands that read no
YAML (``--help``, the first question of ``plan``) do not pay for loading PyYAML.

``files.yamlio`` is the interface; call it, not this module (which must not import it: no circle).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import yaml

from spreadkit.core.errors import Problem, SpreadkitError
from spreadkit.files import yamlfast
from spreadkit.files.yamldoc import MAX_DEPTH, MAX_NODES, KeyPath, ParsedYaml, format_path

try:  # libyaml's C parser when present; the pure-Python one otherwise.
    from yaml import CSafeDumper as _BaseDumper
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}

_PLAIN_TAG = "tag:spreadkit,2026:plain"  # a plain value, to be read as yaml-rs reads it


class _Loader(_BaseLoader):
    """The safe loader, leaving what a plain value means to ``files.yamlfast`` (YAML 1.2 with
    dates, as the fast path reads it), so that both paths read every file the same."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN_TAG
        return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]


class _Builder:
    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: dict[KeyPath, int] = {}
        self.nodes = 0
        self._open: set[int] = set()  # the collections being built around the current node
        self._scalars = yaml.constructor.SafeConstructor()

    def fail(self, node: yaml.Node, path: KeyPath, message: str) -> SpreadkitError:
        return SpreadkitError(
            Problem(message, self.name, node.start_mark.line + 1, format_path(path))
        )

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(
                node, path, f"too many values (over {MAX_NODES:,}); is an alias repeated?"
            )
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.CollectionNode):
            if id(node) in self._open:
                raise self.fail(node, path, "an alias (*name) refers to a value that contains it")
            if len(path) > MAX_DEPTH:
                raise self.fail(node, path[:3], f"nested more than {MAX_DEPTH} levels deep")
            self._open.add(id(node))
            try:
                return self._collection(node, path)
            finally:
                self._open.discard(id(node))
        if node.tag == _PLAIN_TAG:  # most values
            return yamlfast.plain_value(node.value)
        if node.tag == _TAG + "str":  # quoted: the text as it is (what the constructor does)
            return node.value
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(node, path, f"the YAML tag {node.tag!r} is not allowed")
        try:
            # the standard tag's own constructor, without construct_object's bookkeeping
            return self._scalars.yaml_constructors[node.tag](self._scalars, node)
        except (yaml.YAMLError, ValueError) as exc:
            if node.tag == _TAG + "timestamp":  # 2027-15-01: kept as text, for the answer's
                return str(node.value)  # own check to say what is wrong, with every other problem
            raise self.fail(node, path, f"cannot read this value: {exc}") from None

    def _collection(self, node: yaml.CollectionNode, path: KeyPath) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if node.tag != _TAG + "seq":
            raise self.fail(node, path, f"the YAML tag {node.tag!r} is not allowed")
        return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        if node.tag != _TAG + "map":
            raise self.fail(node, path, f"the YAML tag {node.tag!r} is not allowed")
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _PLAIN_TAG and key_node.value == "<<":
                raise self.fail(key_node, path, "merge keys ('<<') are not supported")
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, path, "a key must be plain text")
            key = str(key_node.value)
            if key in out:
                raise self.fail(key_node, (*path, key), "this key appears twice")
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = self.build(value_node, (*path, key))
        return out


_OLD_READERS = yaml.resolver.Resolver()  # YAML 1.1, as PyYAML and spreadkit before 0.3 read


def plain_reads_as_text(text: str) -> bool:
    """Whether ``text`` written unquoted reads back as this same text, here (YAML 1.2 with
    dates: ``true``, ``12``, ``5e-05``, ``~`` and ``2027-01-01`` do not) and in YAML 1.1 readers
    (``No``, ``on``, ``1:20`` and ``1_000`` do not), so a file spreadkit writes means the same to
    both. Writers quote any text for which this is False."""
    if yamlfast.plain_value(text) != text:
        return False
    tag = _OLD_READERS.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == _TAG + "str")


def needs_careful_reading(text: str) -> bool:
    """Whether ``text`` must be read here rather than by yaml-rs (``files.yamlfast``): it has a
    tag, an anchor or an alias, or a date quoted or in a block (text here, a date to yaml-rs),
    or it is not YAML that libyaml reads. One pass of libyaml's parser over the file."""
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if not isinstance(event, yaml.NodeEvent):  # stream, document, collection ends
                continue
            if event.anchor is not None or isinstance(event, yaml.AliasEvent):
                return True  # (an alias event's anchor is the name it refers to)
            if isinstance(event, yaml.ScalarEvent):
                if event.tag is not None:
                    return True
                if event.style and yamlfast.is_date_text(event.value):
                    return True
            elif isinstance(event, yaml.CollectionStartEvent) and event.tag is not None:
                return True
    except yaml.YAMLError:
        return True
    return False


def _tab_at(text: str, line: int, column: int) -> bool:
    """Whether a tab is where (or just before where) the YAML parser gave up."""
    lines = text.splitlines()
    return 0 <= line < len(lines) and "\t" in lines[line][: column + 1]


def compose_yaml(text: str, name: str) -> yaml.Node | None:
    """``text``'s node tree (with positions), or None for an empty file; errors as parse_yaml."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "not valid YAML"
        if mark and _tab_at(text, mark.line, mark.column):
            raise SpreadkitError(
                Problem(
                    "not valid YAML: a tab character; YAML indents with spaces only",
                    name,
                    line,
                    hint="replace the tab with spaces",
                )
            ) from None
        raise SpreadkitError(
            Problem(f"not valid YAML: {what}", name, line, hint="check indentation and quoting")
        ) from None
    except yaml.YAMLError as exc:
        raise SpreadkitError(Problem(f"not valid YAML: {exc}", name)) from None
    except RecursionError:  # the pure-Python composer, on very deep nesting
        raise SpreadkitError(
            Problem(f"nested more than {MAX_DEPTH} levels deep; is it the right file?", name)
        ) from None
    return node


def build_document(node: yaml.Node | None, name: str) -> ParsedYaml:
    """The data of a node tree from :func:`compose_yaml`, with the line of every key."""
    if node is None:
        return ParsedYaml(None, name, {})
    builder = _Builder(name)
    data = builder.build(node, ())
    return ParsedYaml(data, name, builder.lines)


class _Dumper(_BaseDumper):
    """Block style, unicode as it is, multi-line text as literal blocks: easy to read and diff.
    Text is written plain only when it reads back as the same text (:func:`plain_reads_as_text`)."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        tag = str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
        plain_text = tag == _TAG + "str" and kind is yaml.ScalarNode and implicit[0]
        # the resolver above is YAML 1.1's (plain_reads_as_text's second half): only 1.2 is left
        if plain_text and yamlfast.plain_value(value) != value:
            return _PLAIN_TAG  # not the text's own tag: the emitter quotes it
        return tag

    def ignore_aliases(self, data: Any) -> bool:
        return True  # never write &id001 anchors: people read and edit these files


def _represent_str(dumper: _Dumper, value: str) -> yaml.Node:
    if "\n" in value:
        # Trailing spaces on a line would force quoted style; literal blocks cannot keep them.
        value = "\n".join(line.rstrip() for line in value.split("\n"))
        return dumper.represent_scalar(_TAG + "str", value, style="|")
    return dumper.represent_scalar(_TAG + "str", value)


def _represent_date(dumper: _Dumper, value: dt.date) -> yaml.Node:
    return dumper.represent_scalar(_TAG + "timestamp", value.isoformat())


def _represent_none(dumper: _Dumper, value: None) -> yaml.Node:
    return dumper.represent_scalar(_TAG + "null", "")  # `key:` reads better than `key: null`


_Dumper.add_representer(type(None), _represent_none)
_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dt.date, _represent_date)


def dump_yaml(data: Mapping[str, Any]) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,  # long text on one line, as files.roundtrip writes it
        indent=2,
    )
