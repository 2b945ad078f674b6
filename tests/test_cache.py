"""The cache is never stale and never runs code: README "Reliability" and "Performance"."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from spreadkit import __version__
from spreadkit.core import usercache
from spreadkit.framework import modeldata, packs
from spreadkit.framework.content import BUILTIN_CONTENT, load_framework
from spreadkit.framework.model import Framework

from .conftest import EXAMPLE_ANSWERS, EXAMPLES

SPREADKIT = [sys.executable, "-m", "spreadkit"]
PACKAGE = usercache.PACKAGE


def _run(args: list[str], cache: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SPREADKIT_CACHE": str(cache), "NO_COLOR": "1", **extra}
    return subprocess.run(
        [*SPREADKIT, *args], capture_output=True, text=True, env=env, encoding="utf-8"
    )


def test_the_suite_uses_its_own_cache_folder(private_cache: Path) -> None:
    assert os.environ["SPREADKIT_CACHE"] == str(private_cache)
    assert usercache.private_dir() == private_cache


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG folder")
def test_the_cache_folder_follows_the_settings_as_they_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # cache_dir keeps each path it makes (a render asks about a hundred times): never stale
    for name in ("one", "two", "one"):
        monkeypatch.setenv("SPREADKIT_CACHE", str(tmp_path / name))
        assert usercache.cache_dir() == tmp_path / name
    monkeypatch.delenv("SPREADKIT_CACHE")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    for home in ("a", "b"):
        monkeypatch.setenv("HOME", str(tmp_path / home))
        assert usercache.cache_dir() == tmp_path / home / ".cache" / "spreadkit"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert usercache.cache_dir() == tmp_path / "xdg" / "spreadkit"
    monkeypatch.setenv("SPREADKIT_CACHE", "")
    assert usercache.cache_dir() is None


# -- never stale -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "edited",
    ["framework/content.py", "plan/output/render.py", "core/errors.py", "content/framework.yml"],
)
def test_changing_any_file_of_the_package_changes_the_key(tmp_path: Path, edited: str) -> None:
    copy = tmp_path / "spreadkit"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = usercache.code_stamp(copy)
    assert before == usercache.code_stamp.__wrapped__(copy)  # the same files, the same key
    with (copy / edited).open("a", encoding="utf-8") as handle:
        handle.write("\n# edited\n")
    assert usercache.code_stamp.__wrapped__(copy) != before


def test_a_module_added_or_moved_changes_the_key(tmp_path: Path) -> None:
    copy = tmp_path / "spreadkit"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = usercache.code_stamp.__wrapped__(copy)
    (copy / "framework" / "values.py").rename(copy / "core" / "values.py")
    assert usercache.code_stamp.__wrapped__(copy) != before


LOADER_EDIT = """

from dataclasses import replace

_original_load = _load


def _load(directory, *args):  # an edit to the loader, as a maintainer would make
    return replace(_original_load(directory, *args), title="Edited by the loader")
"""


def test_an_edited_loader_is_never_served_old_results(tmp_path: Path) -> None:
    """The bug in the issue: edit the loader, and `spreadkit steps` still showed the old title."""
    copy = tmp_path / "site" / "spreadkit"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"
    env = {"PYTHONPATH": str(copy.parent)}
    first = _run(["steps"], cache, **env)
    assert first.returncode == 0 and "Framework for spread and adoption" in first.stdout
    assert _run(["steps"], cache, **env).stdout == first.stdout  # served from the cache
    assert any(cache.glob("content-*.json"))
    with (copy / "framework" / "content.py").open("a", encoding="utf-8") as handle:
        handle.write(LOADER_EDIT)
    again = _run(["steps"], cache, **env)
    assert again.returncode == 0, again.stderr
    assert "Edited by the loader" in again.stdout


def test_the_cached_framework_is_the_loaded_one(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for _ in range(2):  # the first run writes the entry, the second reads it
        done = _run(["show", "3"], cache)
        assert done.returncode == 0, done.stderr
    (entry,) = cache.glob("content-*.json")
    cached = modeldata.from_data(Framework, json.loads(usercache.unsealed(entry.read_bytes())))
    assert cached == load_framework(BUILTIN_CONTENT)
    assert done.stdout == _run(["show", "3"], tmp_path / "none", SPREADKIT_CACHE="").stdout


def test_every_model_type_survives_the_cache() -> None:
    """A pack uses kinds of value the built-in content may not (defaults, dates, numbers)."""
    framework = packs.load(EXAMPLES / "sw-network-pack")
    data = json.loads(json.dumps(modeldata.to_data(framework)))
    assert modeldata.from_data(Framework, data) == framework


@pytest.fixture(scope="module")
def written_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder as a first run of `spreadkit steps` leaves it: copied for each test below."""
    cache = tmp_path_factory.mktemp("written") / "cache"
    assert _run(["steps"], cache).returncode == 0
    return cache


@pytest.mark.parametrize(
    "entry",
    [b"", b"{", b"[]", b'{"id": 1}', b"\xff\xfe", b"[" * 100_000, b'{"date": "x"}'],
    ids=["empty", "cut", "list", "wrong", "bytes", "deep", "tag"],
)
def test_a_damaged_entry_is_read_again_from_the_content(
    tmp_path: Path, written_cache: Path, entry: bytes
) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(written_cache, cache)
    (path,) = cache.glob("content-*.json")
    path.write_bytes(entry)
    done = _run(["steps"], cache)
    assert (done.returncode, done.stderr) == (0, "")
    assert "Framework for spread and adoption" in done.stdout


# -- never code --------------------------------------------------------------------------------


class Planted:
    """Unpickling this writes a marker file: proof that a cache file was run as code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.write_text, (self.marker, "pickle ran"))


def _old_content_key() -> str:
    """Where spreadkit 0.x looked for its content pickle (version, each YAML's size and time)."""
    sources = [*sorted(BUILTIN_CONTENT.glob("*.yml")), PACKAGE / "framework" / "model.py"]
    stamp = [__version__] + [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sources]
    return hashlib.sha256("|".join(stamp).encode()).hexdigest()[:24]


def _crafted_bytecode(marker: Path, template: Path) -> bytes:
    """A Jinja bytecode cache entry, valid for ``template``, whose code writes ``marker``."""
    from jinja2 import BytecodeCache
    from jinja2.bccache import Bucket

    code = compile(f"open({str(marker)!r}, 'w').write('bytecode ran')", "plan.md.j2", "exec")
    checksum = BytecodeCache().get_source_checksum(template.read_text(encoding="utf-8"))
    bucket = Bucket(None, "", checksum)  # type: ignore[arg-type]
    bucket.code = code
    return bucket.bytecode_to_string()


def _plant_everywhere(cache: Path, marker: Path) -> None:
    """Crafted entries under every name spreadkit reads or ever read, owned by someone else
    or writable by others where that is what lets a stranger put them there."""
    from jinja2 import BytecodeCache

    from spreadkit.plan.output.render import templates_dir

    payload = pickle.dumps(Planted(marker))
    stamp = usercache.code_stamp()
    cache.mkdir(mode=0o700, exist_ok=True)
    (cache / f"content-{_old_content_key()}.pickle").write_bytes(payload)
    (cache / f"content-{stamp}.json").write_bytes(payload)  # not JSON: never unpickled
    for name in ("board.md.j2", "board.html.j2", "plan.md.j2", "plan.html.j2"):
        template = templates_dir() / name
        key = BytecodeCache().get_cache_key(name, str(template))
        crafted = _crafted_bytecode(marker, template)
        (cache / f"spreadkit-plain-{key}.cache").write_bytes(crafted)  # the old design
        import jinja2

        current = cache / f"templates-{stamp}-{jinja2.__version__}-plain-{key}"
        checksum = BytecodeCache().get_source_checksum(template.read_text(encoding="utf-8"))
        current.write_bytes(usercache.sealed(current.name, crafted, source=checksum))
        current.chmod(0o666)  # anyone could have written it: never read


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX owners and modes")
def test_planted_cache_files_never_run(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    marker = tmp_path / "marker"
    _plant_everywhere(cache, marker)
    expected = _run(["render", str(EXAMPLE_ANSWERS)], tmp_path / "off", SPREADKIT_CACHE="")
    for args in (["steps"], ["render", str(EXAMPLE_ANSWERS)], ["validate", str(EXAMPLE_ANSWERS)]):
        done = _run(args, cache)
        assert done.returncode == 0, done.stderr
        assert not marker.exists(), marker.read_text(encoding="utf-8")
        if args[0] == "render":
            assert done.stdout == expected.stdout
    assert "Framework for spread and adoption" in _run(["steps"], cache).stdout
    assert not list(cache.glob("*.pickle")) and not list(cache.glob("spreadkit-*.cache"))


@pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="giving a file to another owner needs root",
)
def test_a_cache_entry_owned_by_someone_else_never_runs(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    marker = tmp_path / "marker"
    _plant_everywhere(cache, marker)
    for entry in cache.glob("templates-*"):
        entry.chmod(0o600)
        os.chown(entry, 4321, 4321)  # not ours
    done = _run(["render", str(EXAMPLE_ANSWERS)], cache)
    assert done.returncode == 0 and not marker.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
@pytest.mark.parametrize("mode", [0o777, 0o775, 0o1777])
def test_a_folder_others_can_write_to_is_not_used(tmp_path: Path, mode: int) -> None:
    cache = tmp_path / "shared"
    marker = tmp_path / "marker"
    _plant_everywhere(cache, marker)
    for entry in cache.glob("templates-*"):
        entry.chmod(0o600)  # looks like ours; the folder is what a stranger could write to
    cache.chmod(mode)
    before = sorted(p.name for p in cache.iterdir())
    done = _run(["render", str(EXAMPLE_ANSWERS)], cache)
    assert done.returncode == 0 and not marker.exists()
    assert sorted(p.name for p in cache.iterdir()) == before  # nothing added to a shared folder


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_control_the_planted_bytecode_is_what_jinja_would_run(tmp_path: Path) -> None:
    """The guard is the private folder: an entry there that the user wrote is trusted. This
    shows the planted entries above are real, so that their tests are not passing vacuously."""
    cache = tmp_path / "cache"
    marker = tmp_path / "marker"
    _plant_everywhere(cache, marker)
    for entry in cache.glob("templates-*"):
        entry.chmod(0o600)
    _run(["render", str(EXAMPLE_ANSWERS)], cache)
    assert marker.read_text(encoding="utf-8") == "bytecode ran"


def test_a_new_cache_folder_is_private(tmp_path: Path) -> None:
    cache = tmp_path / "new" / "cache"
    assert _run(["steps"], cache).returncode == 0
    if sys.platform != "win32":
        assert cache.stat().st_mode & 0o777 == 0o700
        assert all(p.stat().st_mode & 0o077 == 0 for p in cache.iterdir())


# -- compiled content expressions -------------------------------------------------------------


def test_compiled_expressions_are_served_from_the_private_cache(
    private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spreadkit.framework import conditions
    from spreadkit.framework.sandbox import BoundedEnvironment

    expression = "answers.implement.actions | length > 2  and plan.title"
    context = {"answers": {"implement": {"actions": [1, 2, 3]}}, "plan": {"title": "T"}}
    conditions._compile.cache_clear()
    assert conditions.evaluate(expression, context) == "T"
    assert list(private_cache.glob("expressions-*")), "the compiled expression was not kept"

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again instead of read from the cache")

    monkeypatch.setattr(BoundedEnvironment, "compile", no_compiling)
    conditions._compile.cache_clear()
    assert conditions.evaluate(expression, context) == "T"
    conditions._compile.cache_clear()


def test_a_planted_expression_in_a_folder_others_can_write_never_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import marshal

    from spreadkit.framework import conditions

    folder = tmp_path / "shared-cache"
    folder.mkdir()
    folder.chmod(0o777)  # a folder anyone may write to is never trusted
    monkeypatch.setenv("SPREADKIT_CACHE", str(folder))
    marker = tmp_path / "ran"
    expression = "1 + 1"
    evil = compile(f"open({str(marker)!r}, 'w').close()", "<planted>", "exec")
    import jinja2

    digest = hashlib.sha256(f"{jinja2.__version__}|{expression}".encode()).hexdigest()[:32]
    for kind in ("bounded", "plain"):
        planted = folder / f"expressions-{usercache.code_stamp()}-{kind}-{digest}"
        planted.write_bytes(marshal.dumps(evil))
    conditions._compile.cache_clear()
    assert conditions.evaluate(expression, {}) == 2
    assert conditions.evaluate(expression, {}, trusted=True) == 2
    assert not marker.exists()
    conditions._compile.cache_clear()
