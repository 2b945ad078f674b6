"""The typed framework model as plain JSON data and back, for the content cache.

A cache entry is data, never code: it is read with ``json`` and rebuilt strictly by the
model's own type hints, so a crafted entry can at worst fail to decode (and the content
is then read from its YAML files again). Values the codec does not know are refused when
the entry is written, and ``content.py`` keeps an entry only if it decodes back to an
equal model, so the cache can never serve something the loader would not have built.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any

Decoder = Callable[[Any], Any]
_SCALARS = (str, int, float, bool, type(None))


class NotData(ValueError):
    """A value the cache cannot hold as data (encoding) or an entry of the wrong shape (decoding)."""


def to_data(value: Any) -> Any:
    """``value`` (a model object) as JSON-ready lists, dicts and scalars."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [to_data(item) for item in value]
    if isinstance(value, _SCALARS):
        return value
    return _raw_to_data(value)


def from_data(kind: type[Any], data: Any) -> Any:
    """An object of ``kind`` (a model dataclass) from ``to_data``'s output; NotData if the shape
    is not what the type hints say."""
    try:
        hint: Any = kind  # a class is hashable, whatever typeshed says of type[Any]
        return _decoder(hint)(data)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise NotData(f"not a cached {kind.__name__}: {exc}") from None


def _raw_to_data(value: Any) -> Any:
    """A value typed ``object`` in the model (a question's default): scalars as they are, others
    tagged, so that dates survive."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {"date": value.isoformat()}
    if isinstance(value, list):
        return {"list": [_raw_to_data(v) for v in value]}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"dict": {k: _raw_to_data(v) for k, v in value.items()}}
    if isinstance(value, _SCALARS):
        return value
    raise NotData(f"{type(value).__name__} values are not kept in the cache")


def _raw_from_data(data: Any) -> Any:
    if isinstance(data, _SCALARS):
        return data
    if not isinstance(data, dict) or len(data) != 1:
        raise NotData("a tagged value was expected")
    ((tag, inner),) = data.items()
    if tag == "date":
        return dt.date.fromisoformat(inner)
    if tag == "list":
        return [_raw_from_data(v) for v in _checked(list, inner)]
    if tag == "dict":
        return {str(k): _raw_from_data(v) for k, v in _checked(dict, inner).items()}
    raise NotData(f"unknown tag {tag!r}")


def _checked(kind: type[Any] | tuple[type[Any], ...], data: Any) -> Any:
    if not isinstance(data, kind) or (isinstance(data, bool) and bool not in _as_tuple(kind)):
        raise NotData(f"expected {kind!r}, found {type(data).__name__}")
    return data


def _as_tuple(kind: type[Any] | tuple[type[Any], ...]) -> tuple[type[Any], ...]:
    return kind if isinstance(kind, tuple) else (kind,)


@cache
def _decoder(hint: Any) -> Decoder:
    """A function that rebuilds a value of type ``hint``, made once per type."""
    if hint is object or hint is Any:
        return _raw_from_data
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    if hint in (str, bool, int):
        return lambda data: _checked(hint, data)
    if hint is float:
        return lambda data: _checked((int, float), data)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda data: tuple(item(v) for v in _checked(list, data))
        items = [_decoder(a) for a in args]
        return lambda data: tuple(
            decode(v) for decode, v in zip(items, _checked(list, data), strict=True)
        )
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            inner = _decoder(options[0])
            return lambda data: None if data is None else inner(data)
        if all(a in _SCALARS for a in args):
            return lambda data: _checked(args, data)
    raise TypeError(f"the cache cannot hold values of type {hint!r}")


def _dataclass_decoder(kind: type[Any]) -> Decoder:
    hints = typing.get_type_hints(kind)
    fields = [(f.name, _decoder(hints[f.name])) for f in dataclasses.fields(kind)]
    names = {name for name, _ in fields}
    new = object.__new__

    def decode(data: Any) -> Any:
        if type(data) is not dict or data.keys() != names:
            raise NotData(f"not the fields of {kind.__name__}")
        # Every field is set from checked data, as __init__ would (the model has no
        # __post_init__); filling __dict__ directly is several times faster for frozen classes.
        made = new(kind)
        made.__dict__.update({name: field(data[name]) for name, field in fields})
        return made

    return decode
