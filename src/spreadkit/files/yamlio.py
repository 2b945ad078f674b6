"""Safe YAML in and out, keeping the line of every key so that errors can say where.

An ordinary file is read by yaml-rs (``files.yamlfast``), eight times faster; the line of each
key is then worked out only if a message needs one. Every other file, and every file with a
mistake, goes the careful way: we compose the node tree with PyYAML and build plain Python
values ourselves, so that:
only the standard tags are accepted (``!!python/object`` and friends are refused),
duplicate keys are caught rather than silently dropped, an alias "bomb" stops
at a node budget instead of eating memory, and an alias that contains itself or
nesting deeper than any real file is a clear error, never a RecursionError.

PyYAML itself is loaded on the first read or write (``files.yamlparse``), not when this module
is imported: ``--help`` and the first question of ``plan`` read no YAML.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spreadkit.core.errors import Problem, SpreadkitError
from spreadkit.files.guard import MAX_BYTES, read_input, too_large
from spreadkit.files.yamldoc import MAX_DEPTH, MAX_NODES, KeyPath, ParsedYaml, format_path

if TYPE_CHECKING:
    import yaml  # noqa: TID251 (types only)

__all__ = [
    "MAX_DEPTH",
    "MAX_NODES",
    "KeyPath",
    "ParsedYaml",
    "build_document",
    "compose_yaml",
    "decode_text",
    "dump_yaml",
    "format_path",
    "load_yaml",
    "parse_yaml",
    "plain_reads_as_text",
    "read_text",
]


def plain_reads_as_text(text: str) -> bool:
    """Whether ``text`` written unquoted reads back as the same text, here (YAML 1.2 with dates)
    and in YAML 1.1 readers: ``No``, ``on``, ``~``, ``1:20``, ``5e-05`` and ``2027-01-01`` do
    not (``files.yamlparse``)."""
    from spreadkit.files import yamlparse

    return yamlparse.plain_reads_as_text(text)


def _refuse_if_too_large(size: int, name: str) -> None:
    if size > MAX_BYTES:
        raise too_large(name)


def parse_yaml(text: str, name: str) -> ParsedYaml:
    """Parse ``text`` (YAML or JSON); ``name`` is what errors call the file."""
    _refuse_if_too_large(len(text), name)
    from spreadkit.files import yamlfast

    read, data = yamlfast.fast_data(text)
    if read and yamlfast.plainly_ordinary(text):  # PyYAML is not even loaded
        return ParsedYaml(data, name, _LinesWhenAsked(text, name))
    from spreadkit.files import yamlparse

    if read and not yamlparse.needs_careful_reading(text):
        return ParsedYaml(data, name, _LinesWhenAsked(text, name))
    return build_document(compose_yaml(text, name), name)


class _LinesWhenAsked(Mapping[KeyPath, int]):
    """The line of every key of a file yaml-rs read, found (by PyYAML's path) when first asked:
    most files are read without a message that needs one."""

    def __init__(self, text: str, name: str) -> None:
        self._text, self._name = text, name
        self._lines: Mapping[KeyPath, int] | None = None

    def _found(self) -> Mapping[KeyPath, int]:
        if self._lines is None:
            try:
                self._lines = build_document(compose_yaml(self._text, self._name), self._name).lines
            except SpreadkitError:  # PyYAML cannot read what yaml-rs did: say no line
                self._lines = {}
        return self._lines

    def __getitem__(self, path: KeyPath) -> int:
        return self._found()[path]

    def __iter__(self) -> Iterator[KeyPath]:
        return iter(self._found())

    def __len__(self) -> int:
        return len(self._found())


def compose_yaml(text: str, name: str) -> yaml.Node | None:
    """``text``'s node tree (with positions), or None for an empty file; errors as parse_yaml."""
    _refuse_if_too_large(len(text), name)  # text from stdin has not been through read_text
    from spreadkit.files import yamlparse

    return yamlparse.compose_yaml(text, name)


def build_document(node: yaml.Node | None, name: str) -> ParsedYaml:
    """The data of a node tree from :func:`compose_yaml`, with the line of every key."""
    if node is None:
        return ParsedYaml(None, name, {})
    from spreadkit.files import yamlparse

    return yamlparse.build_document(node, name)


def read_text(path: Path) -> str:
    """Read a user's file as UTF-8: a regular file, at most the size limit (files.guard)."""
    return decode_text(read_input(path), str(path))


def decode_text(data: bytes, name: str) -> str:
    """A user's file's bytes (as :func:`read_text` reads them) as text, UTF-8 or a problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadkitError(
            Problem(f"not UTF-8 text (byte {exc.start})", name, hint="save it as UTF-8")
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")  # as open() reads text


def load_yaml(path: Path) -> ParsedYaml:
    return parse_yaml(read_text(path), str(path))


def dump_yaml(data: Mapping[str, Any]) -> str:
    """``data`` as block-style YAML, as spreadkit writes every file (``files.yamlparse``)."""
    from spreadkit.files import yamlparse

    return yamlparse.dump_yaml(data)
