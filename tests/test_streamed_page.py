"""Issue 30 (5): the portfolio page is made and written a piece at a time, never held whole, and
gives the same bytes as the page made whole; the streamed save is read back (with the check the
next run makes) before it replaces the file, and a page that cannot be streamed is made whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from spreadkit.app import portfolio_scan as app
from spreadkit.core.errors import SpreadkitError
from spreadkit.core.formats import PlanFormat
from spreadkit.files import guard, planfile
from spreadkit.plan.output import portfolio_page, safety
from spreadkit.plan.output.render import page_chunks

from .conftest import EXAMPLE_ANSWERS, NORTHFIELD


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(EXAMPLE_ANSWERS, folder / "a.answers.yml")
    shutil.copy(NORTHFIELD, folder / "b.answers.yml")
    (folder / "c.answers.yml").write_text("answers: [\n", encoding="utf-8")  # not read
    return folder


@pytest.mark.parametrize(
    "pieces",
    [
        ["<p>one</p>", "\n", "\n\n", "two\n"],
        ["text without an end"],
        ["", "\n\n\n"],
        [],
        ["a\n\n", "", "b\n", "\n"],
        ["é\n", "ü"],
    ],
)
def test_a_stamp_made_as_a_stream_is_the_stamp_of_the_whole(pieces: list[str]) -> None:
    assert "".join(planfile.stamped_chunks(pieces)) == planfile.stamped("".join(pieces))


def _portfolio(plans: Path) -> app.model.Portfolio:
    return app.build(app.PortfolioOptions((str(plans),), jobs=1), None)


@pytest.mark.parametrize("fmt", [PlanFormat.HTML, PlanFormat.MARKDOWN])
def test_the_streamed_page_is_the_page_made_whole(
    plans: Path, fmt: PlanFormat, monkeypatch: pytest.MonkeyPatch
) -> None:
    portfolio = _portfolio(plans)
    whole = portfolio_page.portfolio_text(portfolio, fmt)
    monkeypatch.setattr(safety, "OPENING", 200)  # a small page streams past its opening too
    name = portfolio_page.TEMPLATES[fmt]
    assert "".join(page_chunks(name, fmt, portfolio=portfolio)) == whole


def test_the_portfolio_written_as_a_stream_is_byte_identical(
    cli, plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "site" / "index.html"
    monkeypatch.setattr(safety, "OPENING", 200)
    result = cli("portfolio", str(plans), "-o", str(page), "--jobs", "1")
    assert result.exit_code == 0, result.output
    whole = app.render(
        app.build(app.PortfolioOptions((str(plans),), str(page), jobs=1), None), "html"
    )
    assert page.read_bytes() == whole.encode("utf-8")
    assert planfile.file_verdict(page) is None  # the next run may replace it


def test_a_tag_past_the_opening_makes_the_page_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page whose text has a tag to take out past the opening cannot be streamed: the stream
    stops, and the page is made whole (``write_page`` falls back); nothing half-made is kept."""
    monkeypatch.setattr(safety, "OPENING", 40)
    page = ["<!DOCTYPE html>\n<html>\n<head>\n<title>x</title>\n</head>\n<body>\n"]
    page += ["<p>" + "word " * 20 + "</p>\n"] * 3 + ['<meta http-equiv="refresh" content="0">']
    with pytest.raises(safety.Unstreamable):
        "".join(safety.policy_chunks(page))
    whole = safety.with_policy("".join(page))
    assert "refresh" not in whole  # what the whole page gives instead
    # and a page with no such tag past its opening streams to the same text as the whole
    clean = page[:-1]
    assert "".join(safety.policy_chunks(clean)) == safety.with_policy("".join(clean))


def _written(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no stamp at all\n",
        planfile.stamped("<p>ours</p>\n"),
        planfile.stamped("<p>ours</p>\n") + "added after\n",
        planfile.stamped("<p>ours</p>\n").replace("ours", "edit"),
        "before\n" + planfile.stamped("<p>ours</p>\n"),
        planfile.stamped("x" * 3_000_000),  # past one piece
    ],
)
def test_a_file_judged_a_piece_at_a_time_is_judged_as_whole(tmp_path: Path, text: str) -> None:
    path = _written(tmp_path / "plan.html", text)
    assert planfile.file_verdict(path) == planfile.verdict(path.read_bytes())


def test_a_file_that_is_not_utf8_is_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "plan.html"
    path.write_bytes(planfile.stamped("ok").encode() + b"\xff\xfe")
    assert planfile.file_verdict(path) == planfile.verdict(path.read_bytes()) == guard.NOT_OURS


def test_a_streamed_save_that_does_not_read_back_is_not_kept(tmp_path: Path) -> None:
    target = tmp_path / "index.html"
    _written(target, planfile.stamped("the old page\n"))
    before = target.read_bytes()

    def judged(path: Path) -> str | None:  # the old page may go; what was written reads wrong
        return "damaged" if path != target else None

    with pytest.raises(SpreadkitError) as refused:
        guard.write_guarded_stream(target, iter([b"new ", b"page"]), judged)
    assert "did not read back" in str(refused.value.problems[0])
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]  # no temp, no .bak


def test_a_streamed_save_larger_than_spreadkit_writes_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guard, "MAX_OUTPUT_BYTES", 1000)
    target = tmp_path / "index.md"
    with pytest.raises(SpreadkitError) as refused:
        planfile.write_plan_stream(target, iter(["x" * 600, "y" * 600]))
    assert "more than the" in str(refused.value.problems[0])
    assert not list(tmp_path.iterdir())


def test_force_keeps_an_edited_page_as_bak_streamed(cli, plans: Path, tmp_path: Path) -> None:
    page = tmp_path / "index.md"
    assert cli("portfolio", str(plans), "-o", str(page), "-j", "1").exit_code == 0
    edited = page.read_text(encoding="utf-8") + "my note\n"
    page.write_text(edited, encoding="utf-8")
    refused = cli("portfolio", str(plans), "-o", str(page), "-j", "1")
    assert refused.exit_code == 1 and "edited" in refused.stderr
    forced = cli("portfolio", str(plans), "-o", str(page), "-j", "1", "--force")
    assert forced.exit_code == 0, forced.output
    assert (tmp_path / "index.md.bak").read_text(encoding="utf-8") == edited
    assert planfile.file_verdict(page) is None
