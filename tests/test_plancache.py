"""Batch plans and portfolio rows are not made again while their inputs are unchanged, and any
change to any input makes them again (app/plancache.py): README "Performance"."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from spreadkit.app import plancache

from .conftest import EXAMPLE_ANSWERS, NORTHFIELD


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SPREADKIT_CACHE", str(folder))
    return folder


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(EXAMPLE_ANSWERS, folder / "a.answers.yml")
    shutil.copy(NORTHFIELD, folder / "b.answers.yml")
    return folder


def _render(cli, plans: Path, out: Path, *more: str):
    result = cli("render", str(plans), "--out-dir", str(out), "-f", "html", "--jobs", "1", *more)
    assert result.exit_code == 0, result.output
    return result


def _stamps(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.iterdir()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_batch_is_not_written_again(cli, cache: Path, plans: Path, tmp_path) -> None:
    out = tmp_path / "out"
    assert "Wrote 2 plans" in _render(cli, plans, out).stderr
    (book,) = cache.glob("render-*")  # one book for the run, not a file a plan (issue 30)
    assert book.name.endswith(".jsonl") and len(book.read_bytes().splitlines()) == 2
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    before = _stamps(out)
    again = _render(cli, plans, out)
    assert "Wrote 0 plans" in again.stderr and "2 unchanged" in again.stderr
    assert _stamps(out) == before
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    assert len(book.read_bytes().splitlines()) == 2  # kept again, once each
    uncached = tmp_path / "uncached"
    os.environ["SPREADKIT_CACHE"] = ""  # restored by the fixture's monkeypatch
    _render(cli, plans, uncached)
    assert {p.name: p.read_bytes() for p in uncached.iterdir()} == first


def test_a_batch_reads_each_answers_file_once(
    cli, cache: Path, plans: Path, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bytes hashed for the cache key are the bytes parsed: one read a plan (issue 30)."""
    from spreadkit.app import batch
    from spreadkit.files import yamlio

    reads: list[str] = []

    def counted(real):
        def read(path, *args, **kwargs):
            reads.append(Path(path).name)
            return real(path, *args, **kwargs)

        return read

    monkeypatch.setattr(batch.guard, "read_input", counted(batch.guard.read_input))
    monkeypatch.setattr(yamlio, "read_input", counted(yamlio.read_input))
    _render(cli, plans, tmp_path / "out")
    assert sorted(r for r in reads if r.endswith(".answers.yml")) == [
        "a.answers.yml",
        "b.answers.yml",
    ]


def test_every_changed_input_renders_again(cli, cache: Path, plans: Path, tmp_path) -> None:
    out = tmp_path / "out"
    _render(cli, plans, out)
    plan = out / "a.plan.html"
    # the answers file
    _edit(plans / "a.answers.yml", "across the South West", "across the Far South West")
    assert "Wrote 1 plans" in _render(cli, plans, out).stderr
    assert "Far South West" in plan.read_text(encoding="utf-8")
    # a template
    templates = tmp_path / "templates"
    templates.mkdir()
    from spreadkit.plan.output.render import templates_dir

    shutil.copy(templates_dir() / "board.html.j2", templates / "board.html.j2")
    _render(cli, plans, out, "--template", str(templates))
    _edit(templates / "board.html.j2", "</body>", "<p>edited template</p></body>")
    assert "Wrote 2 plans" in _render(cli, plans, out, "--template", str(templates)).stderr
    assert "edited template" in plan.read_text(encoding="utf-8")
    # --as-of
    _render(cli, plans, out, "--as-of", "2027-01-01")
    result = _render(cli, plans, out, "--as-of", "2027-06-01")
    assert "Wrote 2 plans" in result.stderr
    # a plan edited by hand is never taken as unchanged: it is refused, as without the cache
    _edit(plan, "Far South West", "Edited")
    refused = cli(
        "render", str(plans), "--out-dir", str(out), "-f", "html", "--as-of", "2027-06-01"
    )
    assert refused.exit_code == 1 and "edited by hand" in refused.output


def test_a_changed_content_pack_renders_again(cli, cache: Path, tmp_path: Path) -> None:
    pack, plans, out = tmp_path / "pack", tmp_path / "plans", tmp_path / "out"
    assert cli("content", "init", str(pack)).exit_code == 0
    plans.mkdir()
    text = EXAMPLE_ANSWERS.read_text(encoding="utf-8")
    text = text.replace("answers:\n", 'pack:\n  id: my-pack\n  version: "1"\nanswers:\n', 1)
    text = text.replace("  implement:\n", "  implement:\n    funding_sources: [trust]\n", 1)
    (plans / "team.answers.yml").write_text(text, encoding="utf-8")
    for _ in range(2):
        result = _render(cli, plans, out, "--content", str(pack), "-d", "workbook")
    assert "1 unchanged" in result.stderr
    _edit(pack / "step-04-local.yml", "label: Trust budgets", "label: Trust funds")
    result = _render(cli, plans, out, "--content", str(pack), "-d", "workbook")
    assert "Wrote 1 plans" in result.stderr
    assert "Trust funds" in (out / "team.plan.html").read_text(encoding="utf-8")


def _portfolio(cli, plans: Path, page: Path, *more: str) -> str:
    result = cli("portfolio", str(plans), "-o", str(page), "-f", "md", "--force", "-j", "1", *more)
    assert result.exit_code == 0, result.output
    return page.read_text(encoding="utf-8")


def test_portfolio_rows_are_kept_and_made_again_when_inputs_change(
    cli, cache: Path, plans: Path, tmp_path: Path
) -> None:
    page = tmp_path / "index.md"
    (plans / "c.answers.yml").write_text("answers: [\n", encoding="utf-8")  # a broken file
    first = _portfolio(cli, plans, page)
    (book,) = cache.glob("portfolio-*-book-*.jsonl")  # one file for the run, not one a plan
    assert len(book.read_bytes().splitlines()) == 3
    assert _portfolio(cli, plans, page) == first
    os.environ["SPREADKIT_CACHE"] = ""
    assert _portfolio(cli, plans, page) == first  # the same page as without the cache
    os.environ["SPREADKIT_CACHE"] = str(cache)
    _edit(plans / "a.answers.yml", "across the South West", "across the Far South West")
    assert "Far South West" in _portfolio(cli, plans, page)
    judged = _portfolio(cli, plans, page, "--as-of", "2030-01-01")
    assert "1 January 2030" in judged and judged != _portfolio(cli, plans, page)


def _book(cache: Path) -> tuple[Path, list[tuple[str, str, dict]]]:
    """The run's book of kept rows, and each line's key, place and entry."""
    (book,) = cache.glob("portfolio-*-book-*.jsonl")
    lines = []
    for line in book.read_bytes().decode().splitlines():
        _seal, key, place, text = line.split(" ", 3)
        lines.append((key, place, json.loads(text)))
    return book, lines


def _sealed(key: str, place: str, text: str) -> str:
    """A line as spreadkit seals it: the digest of the rest of the line first."""
    rest = f"{key} {place} {text}"
    return f"{hashlib.sha256(rest.encode()).hexdigest()} {rest}\n"


def _plant(cache: Path, plans: Path, page: Path) -> list[Path]:
    """Lines for the plans as they are now, with the right keys, saying something false."""
    book, lines = _book(cache)
    assert lines
    planted = []
    for key, place, data in lines:
        if "line" in data:
            data["line"]["title"] = "PLANTED TITLE"
        planted.append(_sealed(key, place, json.dumps(data)))
    book.write_text("".join(planted), encoding="utf-8")
    book.chmod(0o600)
    return [book]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX owners and modes")
def test_a_planted_row_in_a_folder_others_can_write_is_never_trusted(
    cli, cache: Path, plans: Path, tmp_path: Path
) -> None:
    page = tmp_path / "index.md"
    honest = _portfolio(cli, plans, page)
    _plant(cache, plans, page)
    cache.chmod(0o777)  # another user could have put them there
    assert _portfolio(cli, plans, page) == honest
    cache.chmod(0o700)  # control: the same entries in the user's own folder are used
    assert "PLANTED TITLE" in _portfolio(cli, plans, page)


@pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="giving a file to another owner needs root",
)
def test_a_planted_row_owned_by_someone_else_is_never_trusted(
    cli, cache: Path, plans: Path, tmp_path: Path
) -> None:
    page = tmp_path / "index.md"
    honest = _portfolio(cli, plans, page)
    for entry in _plant(cache, plans, page):
        os.chown(entry, 4321, 4321)
    assert _portfolio(cli, plans, page) == honest


def test_a_damaged_or_ill_typed_entry_is_a_miss(cli, cache: Path, plans: Path, tmp_path) -> None:
    page = tmp_path / "index.md"
    shutil.copy(plans / "a.answers.yml", plans / "c.answers.yml")
    honest = _portfolio(cli, plans, page)
    book, lines = _book(cache)
    (key, place, first), (key2, place2, data), (key3, place3, _) = lines
    assert "line" in data
    data["line"]["sites_live"] = "many"  # not a number, sealed as if it were right
    first["line"]["title"] = "DAMAGED"  # its seal left as it was
    old_seal = book.read_bytes().decode().splitlines()[0].split(" ", 1)[0]
    book.write_text(
        f"{old_seal} {key} {place} {json.dumps(first)}\n"
        + _sealed(key2, place2, json.dumps(data))
        + _sealed(key3, place3, '{"line": {"title": "not JSON"'),
        encoding="utf-8",
    )
    book.chmod(0o600)
    assert _portfolio(cli, plans, page) == honest


def test_no_stamp_without_a_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPREADKIT_CACHE", "")
    assert plancache.inputs_stamp(None, None) == ""
    assert plancache.recall_line("render-book", ("", 0, 0), "") is None
