"""``core.records.dataclass``: the standard library's dataclass, its methods' code kept between
runs (issue 30, start-up). A class made from the book is the class ``dataclasses`` makes."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from spreadkit.core import records, usercache

from .conftest import EXAMPLE_ANSWERS


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The book turned on, as the command line turns it on, in a cache folder of its own."""
    monkeypatch.setenv("SPREADKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(records, "_enabled", True)
    monkeypatch.setattr(records, "_book", None)
    monkeypatch.setattr(records, "_added", False)
    monkeypatch.setattr(records, "_folder", None)
    return tmp_path / "cache"


def _make(decorate: Any) -> type:
    @decorate(frozen=True, kw_only=True)
    class Site:
        name: str
        posts: int = 0
        tags: tuple[str, ...] = ()
        notes: list[str] = dataclasses.field(default_factory=list, compare=False)

    return Site


def _methods(cls: type) -> dict[str, tuple[object, ...]]:
    made = {}
    for name in ("__init__", "__repr__", "__eq__", "__setattr__", "__delattr__", "__hash__"):
        code = getattr(cls, name).__code__
        made[name] = (code.co_code, code.co_consts, code.co_names, code.co_varnames)
    return made


def _same_class(ours: type, theirs: type) -> None:
    assert _methods(ours) == _methods(theirs)
    assert [(f.name, f.default, f.compare) for f in dataclasses.fields(ours)] == [
        (f.name, f.default, f.compare) for f in dataclasses.fields(theirs)
    ]
    a, b = ours(name="Leeds", posts=3), ours(name="Leeds", posts=3, notes=["x"])
    assert a == b and hash(a) == hash(b) and a != ours(name="York")
    assert repr(a) == repr(theirs(name="Leeds", posts=3)).replace(
        theirs.__qualname__, ours.__qualname__
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.posts = 4  # type: ignore[misc]
    assert dataclasses.replace(a, posts=5).posts == 5


def test_a_class_made_from_the_book_is_the_standard_librarys(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs = _make(dataclasses.dataclass)
    first = _make(records.dataclass)  # compiled, and added to the book
    _same_class(first, theirs)
    records._write()
    assert len(list(book.glob("records-*"))) == 1
    monkeypatch.setattr(records, "_book", None)
    monkeypatch.setattr(records, "_added", False)

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled, although the book has it")

    monkeypatch.setattr(records, "compile", no_compiling, raising=False)
    again = _make(records.dataclass)  # every method's code from the book
    _same_class(again, theirs)
    assert not records._added


def test_a_damaged_book_is_not_used(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _make(records.dataclass)
    records._write()
    (kept,) = book.glob("records-*")
    kept.write_bytes(kept.read_bytes()[:-40] + b"\0" * 40)
    monkeypatch.setattr(records, "_book", None)
    monkeypatch.setattr(records, "_added", False)
    _same_class(_make(records.dataclass), _make(dataclasses.dataclass))
    assert records._added  # compiled again, to be written anew


def test_no_cache_no_book(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPREADKIT_CACHE", "")
    _same_class(_make(records.dataclass), _make(dataclasses.dataclass))
    records._write()
    assert not book.exists()


def test_the_book_is_written_back_only_where_it_was_read(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _make(records.dataclass)
    monkeypatch.setenv("SPREADKIT_CACHE", str(tmp_path / "elsewhere"))
    records._write()  # as at the end of a test run that changed the folder
    assert not (tmp_path / "elsewhere").exists() and not list(book.glob("records-*"))


def test_without_the_command_line_classes_are_made_as_usual(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPREADKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(records, "_enabled", False)
    monkeypatch.setattr(records, "_book", None)
    _same_class(_make(records.dataclass), _make(dataclasses.dataclass))
    assert records._book is None and not (tmp_path / "cache").exists()


PROBE = """
import dataclasses, json, sys
compiled = []
real = compile
def counting(source, *args, **kwargs):
    compiled.append(source)
    return real(source, *args, **kwargs)
from spreadkit.core import records, usercache
records.compile = counting
from spreadkit.cli import main
sys.argv = ["spreadkit", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
print(len(compiled), file=sys.stderr)
"""


def test_a_render_reuses_the_code_a_render_kept(tmp_path: Path) -> None:
    env = {"SPREADKIT_CACHE": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    args = json.dumps(["render", str(EXAMPLE_ANSWERS), "--output", str(tmp_path / "plan.md")])

    def compiled() -> int:
        done = subprocess.run(
            [sys.executable, "-c", PROBE, args], capture_output=True, text=True, env=env
        )
        assert (tmp_path / "plan.md").exists(), done.stderr
        return int(done.stderr.strip().splitlines()[-1])

    assert compiled() > 100  # the first run compiles every class's methods, and keeps them
    assert len(list((tmp_path / "cache").glob("records-*"))) == 1
    assert compiled() == 0


def test_books_of_other_code_are_tidied_away(book: Path) -> None:
    _make(records.dataclass)
    records._write()
    (ours,) = book.glob("records-*")
    other = book / "records-0123456789abcdef0123456789abcdef-o0.marshal"
    other.write_bytes(ours.read_bytes())
    week_ago = time.time() - 8 * 24 * 3600
    for path in (ours, other):
        os.utime(path, (week_ago, week_ago))
    usercache.remove_stale(usercache.code_stamp())
    assert ours.exists() and not other.exists()
