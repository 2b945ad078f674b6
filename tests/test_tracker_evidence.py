"""The tracker carries sources and assumptions (issue 28): each table's last two columns,
``Sources`` and ``Assumed``, written by ``spreadkit export`` (workbook and CSV) and read back by
``spreadkit import``, which applies an edit to them beside the answers (not as a check-in's
change), refuses a source id the plan does not have with its sheet, row and column, and finds an
untouched tracker no change at all."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from spreadkit.answers.evidence import Assumption
from spreadkit.answers.loading import read_answers
from spreadkit.app.importing import ImportOptions, run_import
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, SpreadkitError
from spreadkit.framework.model import Framework
from spreadkit.framework.values import BadValue
from spreadkit.plan.tracker import evidence_cells
from spreadkit.plan.tracker.export import export_table, tables

from .scripted import ScriptedPrompter, terminal_env
from .trackers import append, edit, find_row, write_tracker

BACKFILL = "Reception training and backfill"
POSTS = "FCP posts (16 posts at band 7, part year)"
DUNMERE = "ready.sites[Dunmere PCN]"


def _import(plan_file: Path, tracker: Path, **options: Any) -> tuple[ExitStatus, str]:
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO())
    status = run_import(env, ImportOptions(plan_file, tracker, **options))
    assert isinstance(env.stdout, io.StringIO)
    return status, env.stdout.getvalue()


def _cells(path: Path, sheet: str, name: str) -> tuple[Any, Any]:
    """A row's Sources and Assumed cells (the last two), as the workbook holds them."""
    book = openpyxl.load_workbook(path)
    first = find_row(path, sheet, name)
    row = next(book[sheet].iter_rows(min_row=first, max_row=first, values_only=True))
    return row[-2], row[-1]


def test_the_workbook_shows_what_the_answers_say(workbook: Path) -> None:
    # the Northfield example cites S2 for the posts' amount, assumes the backfill's amount and
    # Dunmere's planned go-live
    assert _cells(workbook, "budget", POSTS) == ("Amount: S2", None)
    assert _cells(workbook, "budget", BACKFILL) == (None, "Amount")
    assert _cells(workbook, "sites", "Dunmere PCN") == (None, "Planned go-live")
    assert _cells(workbook, "sites", "Aldbrook PCN") == (None, None)


def test_an_untouched_tracker_is_no_change(plan_file: Path, workbook: Path) -> None:
    before = plan_file.read_bytes()
    status, out = _import(plan_file, workbook, yes=True, date="2027-09-01")
    assert status is ExitStatus.OK
    assert "changes nothing" in out
    assert plan_file.read_bytes() == before


@pytest.mark.parametrize(
    ("sheet", "name", "column", "cell", "citations", "assumptions", "line"),
    [
        (
            "sites",
            "Aldbrook PCN",
            "Sources",
            "S1",
            {"ready.sites[Aldbrook PCN]": ("S1",)},
            {},
            "sites: Aldbrook PCN now cites S1",
        ),
        (
            "sites",
            "Dunmere PCN",
            "Sources",
            "S2; Target: S1, S2",
            {DUNMERE: ("S2",), f"{DUNMERE}.target": ("S1", "S2")},
            {},
            "sites: Dunmere PCN: target now cites S1, S2",
        ),
        (
            "budget",
            POSTS,
            "Sources cited",
            "Amount: S1",
            {f"implement.budget[{POSTS}].amount": ("S1",)},
            {},
            f"budget: {POSTS}: amount now cites S1 (was S2)",
        ),
        (
            "budget",
            POSTS,
            "Sources cited",
            None,
            {f"implement.budget[{POSTS}].amount": None},
            {},
            f"budget: {POSTS}: amount no longer cites a source (was S2)",
        ),
        (
            "sites",
            "Dunmere PCN",
            "Assumed",
            "Planned go-live, Target",
            {},
            {f"{DUNMERE}.target": Assumption()},
            "sites: Dunmere PCN: target now marked as assumed",
        ),
        (
            "sites",
            "Aldbrook PCN",
            "Assumed",
            "Yes",
            {},
            {"ready.sites[Aldbrook PCN]": Assumption()},
            "sites: Aldbrook PCN now marked as assumed",
        ),
        (
            "budget",
            BACKFILL,
            "Assumed",
            None,
            {},
            {f"implement.budget[{BACKFILL}].amount": None},
            f"budget: {BACKFILL}: amount no longer marked as assumed",
        ),
    ],
    ids=[
        "row-cites",
        "field-cites",
        "field-cites-other",
        "citation-cleared",
        "field-assumed",
        "row-assumed",
        "assumption-cleared",
    ],
)
def test_an_edit_to_either_column_is_applied_beside_the_answers(
    plan_file: Path,
    workbook: Path,
    framework: Framework,
    sheet: str,
    name: str,
    column: str,
    cell: Any,
    citations: dict[str, Any],
    assumptions: dict[str, Any],
    line: str,
) -> None:
    before = read_answers(plan_file, framework)
    edit(workbook, sheet, find_row(workbook, sheet, name), column, cell)
    status, out = _import(plan_file, workbook, yes=True)  # no check-in, so no date needed
    assert status is ExitStatus.OK, out
    assert line in out
    assert "(no check-in: nothing else changed)" in out
    after = read_answers(plan_file, framework)
    assert after.values == before.values and after.checkins == before.checkins
    want_cited = {**before.citations, **citations}
    want_assumed = {**before.assumptions, **assumptions}
    assert after.citations == {k: v for k, v in want_cited.items() if v}
    assert after.assumptions == {k: v for k, v in want_assumed.items() if v is not None}


def test_an_assumption_still_listed_keeps_its_note(
    plan_file: Path, workbook: Path, framework: Framework
) -> None:
    path = f"implement.budget[{BACKFILL}].amount"
    note = read_answers(plan_file, framework).assumptions[path]
    assert note.note and note.confirm
    edit(workbook, "budget", find_row(workbook, "budget", BACKFILL), "Assumed", "Amount, Period")
    status, out = _import(plan_file, workbook, yes=True)
    assert status is ExitStatus.OK, out
    after = read_answers(plan_file, framework)
    assert after.assumptions[path] == note
    assert after.assumptions[f"implement.budget[{BACKFILL}].period"] == Assumption()


def test_an_unknown_source_is_refused_with_its_place(
    plan_file: Path, workbook: Path, framework: Framework
) -> None:
    before = plan_file.read_bytes()
    row = find_row(workbook, "sites", "Dunmere PCN")
    edit(workbook, "sites", row, "Sources", "Target: S22")
    edit(workbook, "budget", find_row(workbook, "budget", POSTS), "Assumed", "Amonut")
    with pytest.raises(SpreadkitError) as caught:
        _import(plan_file, workbook, yes=True)
    said = str(caught.value)
    assert f"sites row {row}, column Sources: no source 'S22' in this plan" in said
    assert "(did you mean 'S2'?)" in said
    assert "column Assumed: 'Amonut' is not a column of this table" in said
    assert "Amount" in said
    assert plan_file.read_bytes() == before


def test_an_answer_change_and_an_evidence_edit_make_one_check_in_of_the_answer_only(
    plan_file: Path, workbook: Path, framework: Framework
) -> None:
    row = find_row(workbook, "sites", "Dunmere PCN")
    edit(workbook, "sites", row, "Actual", 2)
    edit(workbook, "sites", row, "Sources", "Actual: S1")
    status, out = _import(plan_file, workbook, yes=True, date="2027-09-01")
    assert status is ExitStatus.OK, out
    assert "1 change and 1 edit to sources and assumptions" in out
    after = read_answers(plan_file, framework)
    (checkin,) = after.checkins
    assert [c.path for c in checkin.changes if not c.path.startswith("plan.")] == [
        f"{DUNMERE}.actual"
    ]
    assert after.citations[f"{DUNMERE}.actual"] == ("S1",)


def test_a_new_row_can_cite_its_sources(
    plan_file: Path, workbook: Path, framework: Framework
) -> None:
    append(
        workbook,
        "risks",
        {"Risk or issue": "Rooms are not free on clinic days", "Sources": "S1", "Assumed": "Yes"},
    )
    status, out = _import(plan_file, workbook, yes=True, date="2027-09-01")
    assert status is ExitStatus.OK, out
    after = read_answers(plan_file, framework)
    path = "implement.risks[Rooms are not free on clinic days]"
    assert after.citations[path] == ("S1",)
    assert after.assumptions[path] == Assumption()


def test_evidence_only_asks_before_saving(
    plan_file: Path, workbook: Path, framework: Framework
) -> None:
    edit(workbook, "sites", find_row(workbook, "sites", "Aldbrook PCN"), "Sources", "S1")
    before = plan_file.read_bytes()
    no = ScriptedPrompter([("Save 1 edit to sources and assumptions?", False)])
    status = run_import(terminal_env(), ImportOptions(plan_file, workbook), lambda: no)
    assert status is ExitStatus.OK and plan_file.read_bytes() == before
    assert not any("Date of this check-in" in asked for asked in no.asked)
    yes = ScriptedPrompter([("Save 1 edit to sources and assumptions?", True)])
    status = run_import(terminal_env(), ImportOptions(plan_file, workbook), lambda: yes)
    assert status is ExitStatus.OK
    assert read_answers(plan_file, framework).citations["ready.sites[Aldbrook PCN]"] == ("S1",)


# -- CSV -------------------------------------------------------------------------------------


def test_a_csv_table_carries_them_and_comes_back_unchanged(
    tmp_path: Path, plan_file: Path, framework: Framework
) -> None:
    answers = read_answers(plan_file, framework)
    text = export_table(framework, answers, "budget", as_json=False)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][-2:] == ["Sources cited", "Assumed"]
    by_item = {row[0]: row[-2:] for row in rows[1:]}
    assert by_item[POSTS] == ["Amount: S2", ""]
    assert by_item[BACKFILL] == ["", "Amount"]
    tracker = tmp_path / "budget.csv"
    tracker.write_text(text, encoding="utf-8")
    before = plan_file.read_bytes()
    status, out = _import(plan_file, tracker, yes=True, date="2027-09-01")
    assert status is ExitStatus.OK and "changes nothing" in out
    assert plan_file.read_bytes() == before
    rows[[r[0] for r in rows].index(BACKFILL)][-1] = ""
    rows[[r[0] for r in rows].index(POSTS)][-2] = "S1; Amount: S2"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    tracker.write_text(buffer.getvalue(), encoding="utf-8")
    status, out = _import(plan_file, tracker, yes=True)
    assert status is ExitStatus.OK, out
    assert f"budget: {BACKFILL}: amount no longer marked as assumed" in out
    assert f"budget: {POSTS} now cites S1" in out
    after = read_answers(plan_file, framework)
    assert f"implement.budget[{BACKFILL}].amount" not in after.assumptions
    assert after.citations[f"implement.budget[{POSTS}]"] == ("S1",)


def test_an_old_tracker_without_the_columns_leaves_them_alone(
    tmp_path: Path, plan_file: Path, framework: Framework
) -> None:
    answers = read_answers(plan_file, framework)
    rows = list(csv.reader(io.StringIO(export_table(framework, answers, "budget", False))))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(row[:-2] for row in rows)
    tracker = tmp_path / "budget.csv"
    tracker.write_text(buffer.getvalue(), encoding="utf-8")
    before = plan_file.read_bytes()
    status, out = _import(plan_file, tracker, yes=True, date="2027-09-01")
    assert status is ExitStatus.OK and "changes nothing" in out
    assert plan_file.read_bytes() == before


# -- the cells' text -------------------------------------------------------------------------


def test_the_cells_text_reads_back_to_what_it_says(framework: Framework) -> None:
    _, question = tables(framework)["sites"]
    fields = question.fields
    marks = evidence_cells.RecordMarks(
        cited={"": ("S1",), "target": ("S2", "S1")},
        assumed={"": Assumption(), "golive_planned": Assumption("a note")},
    )
    sources = evidence_cells.sources_text(marks, fields)
    assumed = evidence_cells.assumed_text(marks, fields)
    assert (sources, assumed) == ("S1; Target: S2, S1", "Yes; Planned go-live")
    assert evidence_cells.read_sources(sources, fields, ["S1", "S2"]) == marks.cited
    assert evidence_cells.read_assumed(assumed, fields) == {"", "golive_planned"}
    assert evidence_cells.read_assumed("no", fields) == set()
    assert evidence_cells.read_assumed("target; planned go-live", fields) == {
        "target",
        "golive_planned",
    }
    # a label holding a comma is still one label
    site = fields[0]
    assert "," in site.title
    assert evidence_cells.read_assumed(site.title, fields) == {site.id}
    with pytest.raises(BadValue, match="names no source"):
        evidence_cells.read_sources("Target:", fields, ["S1"])


def test_a_cell_of_commas_is_read_in_linear_time(framework: Framework) -> None:
    _, question = tables(framework)["sites"]
    cell = "Target" + ", Target" * 16_000  # about as much as a cell holds
    assert evidence_cells.read_assumed(cell, question.fields) == {"target"}


def test_a_record_named_by_its_position_round_trips(
    tmp_path: Path, plan_file: Path, framework: Framework
) -> None:
    text = plan_file.read_text(encoding="utf-8")
    assert "  ready.sites[Dunmere PCN].golive_planned:" in text
    plan_file.write_text(
        text.replace(
            "  ready.sites[Dunmere PCN].golive_planned:", "  ready.sites[#4].golive_planned:"
        ),
        encoding="utf-8",
    )
    tracker = write_tracker(framework, read_answers(plan_file, framework), tmp_path / "t.xlsx")
    assert _cells(tracker, "sites", "Dunmere PCN") == (None, "Planned go-live")
    before = plan_file.read_bytes()
    status, out = _import(plan_file, tracker, yes=True)
    assert status is ExitStatus.OK and "changes nothing" in out
    assert plan_file.read_bytes() == before
    edit(tracker, "sites", find_row(tracker, "sites", "Dunmere PCN"), "Assumed", None)
    status, out = _import(plan_file, tracker, yes=True)
    assert "sites: Dunmere PCN: planned go-live no longer marked as assumed" in out
    assert not any("sites[" in path for path in read_answers(plan_file, framework).assumptions)
