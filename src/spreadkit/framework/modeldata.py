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
import sys
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


def _checked(kind: type[Any], data: Any) -> Any:
    if type(data) is not kind:
        raise NotData(f"expected {kind.__name__}, found {type(data).__name__}")
    return data


def _scalar_types(hint: Any) -> frozenset[type] | None:
    """The exact JSON types a scalar field may hold (a float may be written as 2), or None."""
    if hint is float:
        return frozenset((int, float))
    if hint in _SCALARS:
        return frozenset((hint,))
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        parts = [_scalar_types(a) for a in typing.get_args(hint)]
        if all(parts):
            return frozenset().union(*parts)  # type: ignore[arg-type]
    return None


@cache
def _decoder(hint: Any) -> Decoder:
    """A function that rebuilds a value of type ``hint``, made once per type."""
    scalar = _scalar_types(hint)
    if scalar is not None:

        def decode_scalar(data: Any) -> Any:
            if type(data) not in scalar:
                raise NotData(f"{type(data).__name__} where {hint} was expected")
            return data

        return decode_scalar
    if hint is object or hint is Any:
        return _raw_from_data
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda data: tuple([item(v) for v in _checked(list, data)])
        items = [_decoder(a) for a in args]
        return lambda data: tuple(
            [decode(v) for decode, v in zip(items, _checked(list, data), strict=True)]
        )
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            inner = _decoder(options[0])
            return lambda data: None if data is None else inner(data)
    raise TypeError(f"the cache cannot hold values of type {hint!r}")


def _dataclass_decoder(kind: type[Any]) -> Decoder:
    annotations: dict[str, Any] = {f.name: f.type for f in dataclasses.fields(kind)}
    hints = {name: _hint(text, kind.__module__) for name, text in annotations.items()}
    scalars = [(name, _scalar_types(hint)) for name, hint in hints.items()]
    simple = [(name, allowed) for name, allowed in scalars if allowed is not None]
    nested = [(name, _decoder(hints[name])) for name, allowed in scalars if allowed is None]
    names = set(hints)
    new = object.__new__

    def decode(data: Any) -> Any:
        if type(data) is not dict or data.keys() != names:
            raise NotData(f"not the fields of {kind.__name__}")
        values = {}
        for name, allowed in simple:  # most fields: checked here, without a call each
            value = data[name]
            if type(value) not in allowed:
                raise NotData(f"{kind.__name__}.{name}: {type(value).__name__}")
            values[name] = value
        for name, field in nested:
            values[name] = field(data[name])
        # Every field is set from checked data, as __init__ would (the model has no
        # __post_init__); filling __dict__ directly is several times faster for frozen classes.
        made = new(kind)
        made.__dict__.update(values)
        return made

    return decode


@cache
def _hint(annotation: Any, module: str) -> Any:
    """A field's type from its annotation text (the model uses ``from __future__ import
    annotations``). Each distinct text is evaluated once, in the model's own module: 20 times
    faster than ``typing.get_type_hints`` per class, which would cost a start-up 7 ms. Only the
    model's source is ever evaluated, never cached data."""
    if not isinstance(annotation, str):
        return annotation
    return eval(annotation, vars(sys.modules[module]))
