"""A pack that renames every programme question, and moves some to other steps, still fills every
section of the board plan, the report, the portfolio and the tracker: the code finds them by role.

The pack is the built-in content with each question that plays a role given a new id (``our_`` in
front), and the references to it (charts, assessments, checks, conditions, refs) changed to
match; a few move to another step. The Northfield answers (with their check-ins) are rewritten the
same way. Every document must then say exactly what it says from the built-in content.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.core.formats import DocumentKind, PlanFormat
from spreadkit.framework import packs, roles
from spreadkit.framework.content import BUILTIN_CONTENT
from spreadkit.framework.model import Framework
from spreadkit.plan.output.render import render_page, render_plan
from spreadkit.plan.tracker.excel import MAP_SHEET, export_workbook
from spreadkit.plan.tracker.export import export_table, tables
from spreadkit.plan.views import portfolio_rows, report

from .conftest import NORTHFIELD_CHECKINS

CHECKINS = NORTHFIELD_CHECKINS
STEPS = ("analyse", "message", "ready", "implement", "sustain")
#: questions that move to another step (with nothing in their own step pointing at them)
MOVES = {
    "budget": ("implement", "sustain"),
    "sro": ("implement", "ready"),
    "board": ("implement", "analyse"),
    "aim": ("analyse", "message"),
    "problem": ("analyse", "implement"),
    "celebrate": ("sustain", "message"),
}


def _question_block(text: str, qid: str) -> tuple[int, int]:
    """Where the question ``qid`` starts and ends in a step file's text."""
    start = text.index(f"\n  - id: {qid}\n", text.index("\nquestions:\n")) + 1
    nxt = re.compile(r"^(  - id: |[a-z_]+:)", re.MULTILINE).search(text, start + 4)
    return start, nxt.start() if nxt else len(text)


def _answer_block(text: str, section: str, qid: str) -> tuple[int, int] | None:
    """Where the answer to ``section.qid`` starts and ends in an answers file's text, if any."""
    sec = text.index(f"\n  {section}:\n") + 1
    end = re.compile(r"^ {0,2}\S", re.MULTILINE).search(text, sec + 3)
    found = text.find(f"\n    {qid}:", sec, end.start() if end else len(text))
    if found < 0:
        return None
    nxt = re.compile(r"^ {0,4}(?!- )\S", re.MULTILINE).search(text, found + 5)
    return found + 1, nxt.start() if nxt else len(text)


def _renamed_pack(folder: Path, framework: Framework) -> tuple[Path, dict[str, str]]:
    """The pack, and ``old "step.question"`` -> ``new "step.question"`` for every role."""
    content = folder / "renamed"
    shutil.copytree(BUILTIN_CONTENT, content)
    (content / "pack.yml").write_text(
        "id: renamed\nversion: '1'\ntitle: Renamed\nmode: replace\n", encoding="utf-8"
    )
    # the steps, and the exercise that holds the decision's roles (issue 27)
    files = {s.id: Path(s.where.file).name for s in (*framework.steps, *framework.exercises)}
    texts = {sid: (content / name).read_text(encoding="utf-8") for sid, name in files.items()}
    moved: dict[str, str] = {}
    for name in roles.ROLES:
        step, qid = roles.ids(framework, name)
        text = texts[step]
        at = text.index(f"\n  - id: {qid}\n", text.index("\nquestions:\n"))
        text = text[:at] + f"\n  - id: our_{qid}\n" + text[at + len(f"\n  - id: {qid}\n") :]
        text = re.sub(rf"(\bquestion: ){qid}\b", rf"\g<1>our_{qid}", text)
        texts[step] = text
        target = MOVES.get(name, (step, step))[1]
        moved[f"{step}.{qid}"] = f"{target}.our_{qid}"
        if target != step:
            start, end = _question_block(text, f"our_{qid}")
            block = texts[step][start:end]
            texts[step] = texts[step][:start] + texts[step][end:]
            part = re.search(r"^parts:\n  - id: (\S+)", texts[target], re.MULTILINE)
            assert part is not None
            block = re.sub(r"(?m)^    fills: \S+$", f"    fills: {part.group(1)}", block)
            block = re.sub(r"(?m)^    tip: \S+\n", "", block)  # tips belong to their step
            at = texts[target].index("\nquestions:\n") + len("\nquestions:\n")
            texts[target] = texts[target][:at] + block + texts[target][at:]
    for sid, name in files.items():
        text = texts[sid]
        for old, new in moved.items():
            text = re.sub(rf"\b{re.escape(old)}\b", new, text)
        (content / name).write_text(text, encoding="utf-8")
    return content, moved


def _renamed_answers(folder: Path, moved: dict[str, str]) -> Path:
    text = CHECKINS.read_text(encoding="utf-8")
    for old, new in moved.items():
        (step, qid), (target, new_id) = old.split("."), new.split(".")
        where = _answer_block(text, step, qid)
        if where is None:
            continue
        start, end = where
        block = text[start:end].replace(f"    {qid}:", f"    {new_id}:", 1)
        text = text[:start] + text[end:]
        at = text.index(f"\n  {target}:\n") + len(f"\n  {target}:\n")
        text = text[:at] + block + text[at:]
    for old, new in moved.items():
        text = re.sub(rf"(?m)^(\s+){re.escape(old)}([\[.:])", rf"\g<1>{new}\2", text)
    path = folder / "renamed.answers.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def both(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[tuple[Framework, Answers], tuple[Framework, Answers], dict[str, str]]:
    from spreadkit.framework.content import load_framework

    builtin = load_framework()
    folder = tmp_path_factory.mktemp("renamed")
    content, moved = _renamed_pack(folder, builtin)
    pack = packs.load(content)
    renamed = read_answers(_renamed_answers(folder, moved), pack)
    assert renamed.warnings == (), renamed.warnings
    return (builtin, read_answers(CHECKINS, builtin)), (pack, renamed), moved


def test_every_role_was_renamed_and_some_moved(both) -> None:
    (builtin, _), (pack, _), moved = both
    for name in roles.ROLES:
        old = ".".join(roles.ids(builtin, name))
        assert ".".join(roles.ids(pack, name)) == moved[old] != old
    assert {roles.ids(pack, n)[0] for n in MOVES} != {roles.ids(builtin, n)[0] for n in MOVES}


@pytest.mark.parametrize("plan_format", [PlanFormat.MARKDOWN, PlanFormat.HTML])
def test_the_board_plan_says_the_same(both, plan_format: PlanFormat) -> None:
    (builtin, answers), (pack, renamed), _ = both
    before = render_plan(builtin, answers, plan_format, document=DocumentKind.BOARD)
    after = render_plan(pack, renamed, plan_format, document=DocumentKind.BOARD)
    assert after == before


def test_the_report_says_the_same(both) -> None:
    (builtin, answers), (pack, renamed), _ = both
    before = report.build(builtin, answers)
    after = report.build(pack, renamed)
    assert after == before
    assert all(not block.blank for block in after.blocks)
    page = render_page("report.md.j2", PlanFormat.MARKDOWN, None, report=after)
    assert page == render_page("report.md.j2", PlanFormat.MARKDOWN, None, report=before)


def test_the_portfolio_line_says_the_same(both) -> None:
    (builtin, answers), (pack, renamed), _ = both
    before = portfolio_rows.plan_line(builtin, answers, "a", "a")
    after = portfolio_rows.plan_line(pack, renamed, "a", "a")
    assert after == before
    assert after.sites_planned and after.aim and after.overdue_count is not None


def test_the_tracker_has_the_same_tables(both) -> None:
    (builtin, answers), (pack, renamed), _ = both
    assert tables(pack).keys() == tables(builtin).keys()
    for name in tables(builtin):
        assert export_table(pack, renamed, name, False) == export_table(
            builtin, answers, name, False
        )
    # the workbook too, with its readings sheet for the measures (found by their role); only its
    # hidden map of columns to questions names the new ids
    before, after = (
        _sheets(export_workbook(builtin, answers)),
        _sheets(export_workbook(pack, renamed)),
    )
    assert before.keys() == after.keys() and "readings" in after
    for name in before:
        if name != MAP_SHEET:
            assert after[name] == before[name], name
    assert ["sustain", "our_budget"] in [row[3:5] for row in after[MAP_SHEET]]


def _sheets(data: bytes) -> dict[str, list[list[object]]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    return {s.title: [[c.value for c in row] for row in s.iter_rows()] for s in book.worksheets}


def test_a_check_in_warns_of_a_live_site_with_none_done_in_the_renamed_pack(
    tmp_path: Path, cli
) -> None:
    """The warning for a site set live with nothing counted finds the sites by their role."""
    from spreadkit.framework.content import load_framework

    content, moved = _renamed_pack(tmp_path, load_framework())
    plan_file = _renamed_answers(tmp_path, moved)
    sites = moved["ready.sites"]
    result = cli(
        "checkin",
        str(plan_file),
        "--content",
        str(content),
        "--no-input",
        "--date",
        "2028-04-10",
        "--future",
        "--set",
        f"{sites}[Ivel Valley PCN].status=live",
    )
    assert result.exit_code == 0, result.stderr
    assert (
        f"warning: Ivel Valley PCN is live with 0 so far: record its count with --set "
        f"'{sites}[Ivel Valley PCN].actual=N'" in " ".join(result.stderr.split())
    )
