"""Issue 23 (14): the portfolio at size. A page spreadkit wrote is replaceable however large it
grew (up to what spreadkit writes at all), ``--jobs`` starts no more processes than there are
cores, and a damaged entry of the compiled-expression cache is compiled again, not believed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spreadkit.app import parallel
from spreadkit.core.errors import SpreadkitError
from spreadkit.files import guard, planfile
from spreadkit.framework import conditions

from .conftest import Cli


def _large_plan(folder: Path) -> None:
    """An answers file whose title alone makes the portfolio page larger than 5 MB."""
    title = "Spreading physiotherapy " * 90_000  # 2.2 MB, shown several times on the page
    (folder / "big.answers.yml").write_text(
        "spreadkit: 0.1.0\nframework:\n  id: hee-spread-adoption\n  version: 2019.11-1\n"
        f"plan:\n  title: {title.strip()}\n  status: draft\n  created: 2026-09-01\n"
        "  updated: 2026-11-20\nanswers: {}\n",
        encoding="utf-8",
    )


def test_a_portfolio_page_over_5_mb_is_replaced_by_the_next_run(cli: Cli, tmp_path: Path) -> None:
    _large_plan(tmp_path)
    page = tmp_path / "portfolio.html"
    first = cli("portfolio", str(tmp_path), "--output", str(page), "--jobs", "1")
    assert first.exit_code == 0, first.output
    assert page.stat().st_size > guard.MAX_BYTES
    again = cli("portfolio", str(tmp_path), "--output", str(page), "--jobs", "1")
    assert again.exit_code == 0, again.output
    assert "Wrote the portfolio" in again.stderr and not list(tmp_path.glob("*.bak"))
    # still refused once edited, at any size
    page.write_text(page.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    edited = cli("portfolio", str(tmp_path), "--output", str(page), "--jobs", "1")
    assert edited.exit_code == 1 and "edited" in edited.stderr


def test_nothing_is_written_larger_than_spreadkit_can_check_again(tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    with pytest.raises(SpreadkitError) as refused:
        planfile.write_plan(target, "x" * (guard.MAX_OUTPUT_BYTES + 1))
    assert "more than the 64 MB spreadkit writes" in str(refused.value.problems[0])
    assert not target.exists()


def _pid(_: int) -> int:
    return os.getpid()


def test_jobs_never_start_more_processes_than_cores() -> None:
    cores = parallel.default_jobs()
    assert parallel.check_jobs(1000) == cores and parallel.check_jobs(1) == 1
    pids = set(parallel.run(_pid, list(range(40)), 1000, None))
    assert len(pids) <= cores


def _new_entries(cache: Path, before: set[str]) -> list[Path]:
    return [
        p for p in cache.iterdir() if p.name.startswith("expressions-") and p.name not in before
    ]


def test_a_damaged_expression_cache_entry_is_compiled_again(private_cache: Path) -> None:
    """An entry that still loads but is not its expression's code (another expression's copied
    over it, or its bytes changed) gives the expression's own value, not the entry's."""
    own, other = "'issue-23-own-value'", "'issue-23-other-value'"
    entries = []
    for expression in (own, other):
        before = {p.name for p in private_cache.iterdir()}
        assert conditions.evaluate(expression, {}) == expression.strip("'")
        entries += _new_entries(private_cache, before)
    own_entry, other_entry = entries
    # another expression's entry, whole, under this expression's name
    own_entry.write_bytes(other_entry.read_bytes())
    conditions._compile.cache_clear()
    assert conditions.evaluate(own, {}) == "issue-23-own-value"
    # this expression's entry with a changed byte that still loads
    data = own_entry.read_bytes()
    assert b"own-value" in data
    own_entry.write_bytes(data.replace(b"own-value", b"bad-value"))
    conditions._compile.cache_clear()
    assert conditions.evaluate(own, {}) == "issue-23-own-value"
    assert b"own-value" in own_entry.read_bytes()  # compiled again, and kept whole
