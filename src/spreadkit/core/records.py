"""``dataclass``: the standard library's, with the compiled code of its methods kept between runs.

To make a dataclass, Python writes the source of its methods (``__init__``, ``__repr__``,
``__eq__``; for a frozen class ``__setattr__``, ``__delattr__`` and ``__hash__``) and compiles
each of them, every time the module is imported: a render makes about a hundred classes, and
their six hundred compilations were about a quarter of its start-up. What a compilation gives
depends only on that source text and on the Python that compiles it, so the code is kept in
the private user cache (``core.usercache``) in one book, named by the code stamp (which carries
the Python version) and Python's optimisation level, and looked up by the exact source text,
as compiled templates and expressions are kept. ``dataclasses.dataclass`` does all the rest
itself: the class is the class it makes, with the same methods, run from the same code.

The book is used only once the command line has asked for it (``keep_between_runs``, called by
``cli.entry``): importing spreadkit as a library, or in the tests, compiles as usual and never
reads or writes the cache. A source not in the book is compiled as the standard library
compiles it, and the book is written once, when the process ends, if anything was added. No
cache (``SPREADKIT_CACHE=``), or a book that is missing, damaged or not the user's: everything
is compiled, as before.
"""

from __future__ import annotations

import atexit
import dataclasses
import marshal
import sys
from collections.abc import Callable, Mapping
from types import CodeType
from typing import Any, TypeVar, dataclass_transform, overload

_T = TypeVar("_T")
_MAX_CODES = 5000  # far more than spreadkit's own classes make: a bound, never reached

_enabled = False  # only once the command line asks: a library import or a test compiles as usual
_book: dict[str, CodeType] | None = None  # source text → its code, read on first use
_added = False
_folder: object = None  # the cache folder the book was read from: written back only there


def keep_between_runs() -> None:
    """Use the book for the classes made from here on, and write it when the process ends if
    anything was added: the command line (``cli.entry``) asks for this as it starts."""
    global _enabled
    if not _enabled:
        _enabled = True
        atexit.register(_write)


def _name() -> str:
    from spreadkit.core import usercache

    return f"records-{usercache.code_stamp()}-o{sys.flags.optimize}.marshal"


def _read() -> dict[str, CodeType]:
    from spreadkit.core import usercache

    global _book, _folder
    if _book is None:
        _book, _folder = {}, usercache.cache_dir()
        data = usercache.read_entry(_name()) if _folder is not None else None
        try:
            kept = marshal.loads(data) if data is not None else None
        except (ValueError, EOFError, TypeError):
            kept = None  # damaged: everything is compiled again, and the book written anew
        if isinstance(kept, dict):
            _book = {k: v for k, v in kept.items() if type(k) is str and type(v) is CodeType}
    return _book


def _write() -> None:
    from spreadkit.core import usercache

    if _added and _book is not None and _folder is not None and usercache.cache_dir() == _folder:
        usercache.write_entry(_name(), marshal.dumps(_book))


def _exec(source: Any, globals: Any = None, locals: Mapping[str, object] | None = None) -> None:
    """``exec`` as ``dataclasses`` calls it, with the source's code from the book."""
    global _added
    if type(source) is not str:
        exec(source, globals, locals)
        return
    book = _read()
    code = book.get(source)
    if code is None:
        # what exec does with a string: no __future__ flags (dataclasses has none), "<string>"
        code = compile(source, "<string>", "exec", dont_inherit=True)
        if len(book) < _MAX_CODES:
            book[source] = code
            _added = True
    exec(code, globals, locals)


@overload
@dataclass_transform(field_specifiers=(dataclasses.field,))
def dataclass(cls: type[_T], /, **options: Any) -> type[_T]: ...


@overload
def dataclass(cls: None = None, /, **options: Any) -> Callable[[type[_T]], type[_T]]: ...


def dataclass(cls: type[_T] | None = None, /, **options: Any) -> Any:
    """``dataclasses.dataclass``, taking the same options (``frozen=True``, ``slots=True``, …)."""

    def wrap(cls: type[_T]) -> type[_T]:
        if not _enabled:
            return dataclasses.dataclass(**options)(cls)
        vars(dataclasses)["exec"] = _exec  # found before the built-in while the class is made
        try:
            return dataclasses.dataclass(**options)(cls)
        finally:
            vars(dataclasses).pop("exec", None)

    return wrap if cls is None else wrap(cls)
