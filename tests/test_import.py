"""`spreadkit import`: a tracker edited in a spreadsheet comes back as one check-in that changes
exactly what was edited, and anything it cannot read is refused with its sheet, row and column."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from spreadkit.answers import history
from spreadkit.answers.checkins import Change, Checkin
from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.app.importing import ImportOptions, run_import
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, SpreadkitError
from spreadkit.framework.model import Framework
from spreadkit.plan.tracker import sheets as tracker_module

from .scripted import ScriptedPrompter, terminal_env
from .trackers import append, edit, find_row, write_tracker

D = dt.date
TASK = "Recruit Wave 1 physiotherapists"
MEASURE = "Wait for a first physiotherapy appointment"


def _env() -> Environment:
    return Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO())


def _import(plan_file: Path, tracker: Path, **options: Any) -> tuple[ExitStatus, str]:
    env = _env()
    status = run_import(env, ImportOptions(plan_file, tracker, **options))
    assert isinstance(env.stdout, io.StringIO)
    return status, env.stdout.getvalue()


def _flat(answers: Answers) -> dict[str, Any]:
    """Every answer by its path, records by name: what an import may change."""
    out: dict[str, Any] = {}
    for section, questions in answers.values.items():
        for question, value in questions.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                for index, record in enumerate(value):
                    base = history.record_path(section, question, value, index)
                    for key, item in record.items():
                        out[f"{base}.{key}"] = item
            else:
                out[f"{section}.{question}"] = value
    return out


def _edits(checkin: Checkin) -> list[Change]:
    """A check-in's changes to the answers; the plan's own dates (``plan.updated``) may move
    with every check-in too, and are history's business, not the tracker's."""
    return [c for c in checkin.changes if not c.path.startswith("plan.")]


def _changed(before: Answers, after: Answers) -> dict[str, tuple[Any, Any]]:
    old, new = _flat(before), _flat(after)
    return {
        k: (old.get(k), new.get(k)) for k in old.keys() | new.keys() if old.get(k) != new.get(k)
    }


# -- round trips: each kind of edit changes exactly what was edited ---------------------------


def test_an_unedited_tracker_changes_nothing(plan_file: Path, workbook: Path) -> None:
    before = plan_file.read_bytes()
    status, out = _import(plan_file, workbook, yes=True, date="2027-09-01")
    assert status is ExitStatus.OK
    assert "changes nothing" in out
    assert plan_file.read_bytes() == before


@pytest.mark.parametrize(
    ("sheet", "name", "header", "cell", "path", "was", "now"),
    [
        ("actions", TASK, "Status", "Done", f"implement.actions[{TASK}].status", "at-risk", "done"),
        (
            "actions",
            TASK,
            "Status",
            "in-progress",
            f"implement.actions[{TASK}].status",
            "at-risk",
            "in-progress",
        ),
        (
            "actions",
            TASK,
            "Revised due",
            D(2027, 7, 31),
            f"implement.actions[{TASK}].revised_due",
            D(2027, 6, 30),
            D(2027, 7, 31),
        ),
        (
            "actions",
            TASK,
            "Revised due",
            "2027-08-15",
            f"implement.actions[{TASK}].revised_due",
            D(2027, 6, 30),
            D(2027, 8, 15),
        ),
        (
            "actions",
            TASK,
            "Revised due",
            None,
            f"implement.actions[{TASK}].revised_due",
            D(2027, 6, 30),
            None,
        ),
        ("sites", "Dunmere PCN", "Actual", 1.0, "ready.sites[Dunmere PCN].actual", 0, 1),
        (
            "sites",
            "Dunmere PCN",
            "Went live",
            D(2027, 9, 20),
            "ready.sites[Dunmere PCN].golive_actual",
            None,
            D(2027, 9, 20),
        ),
        (
            "risks",
            "Not enough physiotherapists apply for FCP posts",
            "Status",
            "Closed",
            "implement.risks[Not enough physiotherapists apply for FCP posts].status",
            "open",
            "closed",
        ),
    ],
    ids=[
        "status-label",
        "status-id",
        "revised-date",
        "revised-date-text",
        "revised-date-cleared",
        "actual",
        "went-live",
        "risk-closed",
    ],
)
def test_one_edit_changes_that_answer_and_nothing_else(
    plan_file: Path,
    workbook: Path,
    framework: Framework,
    sheet: str,
    name: str,
    header: str,
    cell: Any,
    path: str,
    was: Any,
    now: Any,
) -> None:
    before = read_answers(plan_file, framework)
    assert history.get_path(before, path) == was
    edit(workbook, sheet, find_row(workbook, sheet, name), header, cell)
    status, out = _import(plan_file, workbook, yes=True, date="2027-09-01")
    assert status is ExitStatus.OK, out
    after = read_answers(plan_file, framework)
    assert _changed(before, after) == {path: (was, now)}
    (checkin,) = after.checkins
    assert checkin.date == D(2027, 9, 1)
    assert checkin.note == "Imported from tracker.xlsx"
    assert [(c.path, c.was, c.now) for c in _edits(checkin)] == [(path, was, now)]
    # said as the history says it: "Dunmere PCN: actual 0 → 1"
    assert f"{name}: {header[:1].lower()}{header[1:]} " in out and " → " in out


def test_a_new_row_is_a_new_record(plan_file: Path, workbook: Path, framework: Framework) -> None:
    before = read_answers(plan_file, framework)
    append(
        workbook,
        "actions",
        {
            "Task": "Open a second clinic room",
            "Owner": "Estates lead",
            "Due": D(2027, 11, 30),
            "Status": "In progress",
            "Phase": "Wave 2",
            "Site": "Dunmere PCN",
        },
    )
    status, out = _import(plan_file, workbook, yes=True, date="2027-09-01")
    assert status is ExitStatus.OK
    after = read_answers(plan_file, framework)
    record = {
        "task": "Open a second clinic room",
        "owner": "Estates lead",
        "due": D(2027, 11, 30),
        "status": "in-progress",
        "phase": "Wave 2",
        "site": "Dunmere PCN",
    }
    assert after.get("implement", "actions")[-1] == record
    assert after.get("implement", "actions")[:-1] == before.get("implement", "actions")
    assert {k: v for k, v in _changed(before, after).items() if "[Open a second" not in k} == {}
    (change,) = _edits(after.checkins[0])
    assert (change.path, change.was, change.now) == (
        "implement.actions[Open a second clinic room]",
        None,
        record,
    )
    assert "Open a second clinic room: new action" in out


def test_a_new_reading_is_recorded_on_its_date(
    plan_file: Path, workbook: Path, framework: Framework
) -> None:
    before = read_answers(plan_file, framework)
    append(workbook, "readings", {"Measure": MEASURE, "Date": D(2027, 10, 1), "Value": 35})
    status, out = _import(plan_file, workbook, yes=True)  # the reading's date is the check-in's
    assert status is ExitStatus.OK, out
    after = read_answers(plan_file, framework)
    assert history.readings(after, MEASURE) == [(D(2027, 10, 1), 35)]
    assert _changed(before, after) == {}
    assert _edits(after.checkins[0]) == []
    assert f"readings: {MEASURE}: 35 on 1 October 2027" in out


def test_readings_already_in_the_history_are_not_added_again(
    plan_file: Path, tmp_path: Path, framework: Framework
) -> None:
    _import(plan_file, _reading_tracker(plan_file, tmp_path, framework), yes=True)
    workbook = write_tracker(framework, read_answers(plan_file, framework), tmp_path / "t2.xlsx")
    append(workbook, "readings", {"Measure": MEASURE, "Value": 28})  # no date: the check-in's
    status, _ = _import(plan_file, workbook, yes=True, date="2027-12-01")
    assert status is ExitStatus.OK
    after = read_answers(plan_file, framework)
    assert history.readings(after, MEASURE) == [(D(2027, 10, 1), 35), (D(2027, 12, 1), 28)]


def _reading_tracker(plan_file: Path, tmp_path: Path, framework: Framework) -> Path:
    workbook = write_tracker(framework, read_answers(plan_file, framework), tmp_path / "t1.xlsx")
    append(workbook, "readings", {"Measure": MEASURE, "Date": D(2027, 10, 1), "Value": 35})
    return workbook


def test_nothing_is_lost_over_several_imports(
    plan_file: Path, tmp_path: Path, framework: Framework
) -> None:
    original = read_answers(plan_file, framework)
    path = "ready.sites[Dunmere PCN].status"
    for number, (status, on) in enumerate([("Live", "2027-10-01"), ("Paused", "2028-01-05")]):
        answers = read_answers(plan_file, framework)
        workbook = write_tracker(framework, answers, tmp_path / f"q{number}.xlsx")
        edit(workbook, "sites", find_row(workbook, "sites", "Dunmere PCN"), "Status", status)
        assert _import(plan_file, workbook, yes=True, date=on)[0] is ExitStatus.OK
    after = read_answers(plan_file, framework)
    assert [(c.path, c.was, c.now) for c in _edits(after.checkins[0])] == [
        (path, "preparing", "live")
    ]
    assert [(c.path, c.was, c.now) for c in _edits(after.checkins[1])] == [(path, "live", "paused")]
    (_, first), *_ = history.states(after)
    assert _changed(original, first) == {}


def test_a_row_taken_out_is_not_a_deletion(
    plan_file: Path, workbook: Path, framework: Framework
) -> None:
    book = openpyxl.load_workbook(workbook)
    book["sites"].delete_rows(find_row(workbook, "sites", "Dunmere PCN"))
    book.save(workbook)
    before = read_answers(plan_file, framework)
    status, out = _import(plan_file, workbook, yes=True, date="2027-09-01")
    assert status is ExitStatus.OK
    assert "1 of the sites in the plan is not in the tracker ('Dunmere PCN')" in out
    assert read_answers(plan_file, framework).get("ready", "sites") == before.get("ready", "sites")


def test_sheets_and_columns_are_found_by_name_in_any_case(
    plan_file: Path, workbook: Path, framework: Framework
) -> None:
    before = read_answers(plan_file, framework)
    book = openpyxl.load_workbook(workbook)
    sheet = book["actions"]
    sheet.title = "Action"  # singular, capitalised
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=1, column=headers.index("Status") + 1).value = "status"  # the field's id
    sheet.cell(row=1, column=headers.index("Revised due") + 1).value = "REVISED_DUE"
    sheet.move_range(f"A1:A{sheet.max_row}", cols=sheet.max_column)  # the row key moved last
    row = find_row(workbook, "actions", TASK)
    sheet.cell(row=row, column=headers.index("Status") + 1).value = "blocked"
    book.save(workbook)
    assert _import(plan_file, workbook, yes=True, date="2027-09-01")[0] is ExitStatus.OK
    assert _changed(before, read_answers(plan_file, framework)) == {
        f"implement.actions[{TASK}].status": ("at-risk", "blocked")
    }


# -- refused input: every problem with its sheet, row and column -------------------------------


def _refused(plan_file: Path, workbook: Path) -> list[str]:
    before = plan_file.read_bytes()
    with pytest.raises(SpreadkitError) as caught:
        _import(plan_file, workbook, yes=True, date="2027-09-01")
    assert caught.value.status is ExitStatus.INVALID_INPUT
    assert plan_file.read_bytes() == before  # nothing saved
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("sheet", "header", "cell", "message"),
    [
        (
            "actions",
            "Status",
            "finished",
            "actions row {row}, column Status: 'finished' is not one of: Not started, In progress, At risk, Blocked, Done",
        ),
        (
            "actions",
            "Due",
            "next week",
            "actions row {row}, column Due: 'next week' is not a date (write it as YYYY-MM-DD",
        ),
        (
            "actions",
            "Due",
            "03/04/2027",
            "actions row {row}, column Due: '03/04/2027' could mean 3 April 2027 or 4 March 2027",
        ),
        (
            "actions",
            "Due",
            46000,
            "actions row {row}, column Due: holds the number 46,000 where a date is expected",
        ),
        (
            "actions",
            "Phase",
            "Wave 9",
            "actions row {row}, column Phase: there is no phase 'Wave 9' in the phases (did you mean",
        ),
        (
            "actions",
            "Owner",
            None,
            "actions row {row}, column Owner: this cell is blank (a action needs its Owner)",
        ),
        (
            "actions",
            "Due",
            "=TODAY()",
            "actions row {row}, column Due: holds a formula saved without its value",
        ),
        ("sites", "Actual", "lots", "sites row {row}, column Actual: 'lots' is not a number"),
        ("sites", "Actual", -1, "sites row {row}, column Actual: -1 is below the minimum of 0"),
        (
            "risks",
            "Likelihood",
            7,
            "risks row {row}, column Likelihood: expected a whole number from 1 to 5",
        ),
    ],
    ids=[
        "choice",
        "date",
        "ambiguous-date",
        "number-for-date",
        "unknown-phase",
        "required-blank",
        "formula",
        "number",
        "minimum",
        "scale",
    ],
)
def test_a_cell_it_cannot_read_is_refused_with_its_place(
    plan_file: Path, workbook: Path, sheet: str, header: str, cell: Any, message: str
) -> None:
    name = {
        "actions": TASK,
        "sites": "Dunmere PCN",
        "risks": "Not enough physiotherapists apply for FCP posts",
    }[sheet]
    row = find_row(workbook, sheet, name)
    edit(workbook, sheet, row, header, cell)
    (problem,) = _refused(plan_file, workbook)
    assert problem.startswith(f"tracker.xlsx: {message.format(row=row)}"), problem


def test_every_problem_is_reported_together(plan_file: Path, workbook: Path) -> None:
    first = find_row(workbook, "actions", TASK)
    edit(workbook, "actions", first, "Status", "finished")
    duplicate = append(workbook, "actions", {"Task": TASK, "Owner": "Someone"})
    nameless = append(workbook, "actions", {"Owner": "Someone", "Status": "Done"})
    book = openpyxl.load_workbook(workbook)
    book["sites"].cell(row=1, column=book["sites"].max_column + 1, value="Colour")
    book["sites"].cell(row=2, column=book["sites"].max_column, value="blue")
    book.create_sheet("Minutes").append(["Anything"])
    book.save(workbook)
    problems = _refused(plan_file, workbook)
    assert any(f"actions row {first}, column Status: 'finished'" in p for p in problems)
    assert any(
        f"actions row {duplicate}, column Task: '{TASK}' is on row {first} too" in p
        for p in problems
    )
    assert any(f"actions row {nameless}, column Task: this row has no Task" in p for p in problems)
    assert any(
        "sites, column " in p and "'Colour' is not a column spreadkit knows" in p for p in problems
    )
    assert any("the sheet 'Minutes' is not a table spreadkit knows" in p for p in problems)


def test_a_renamed_row_is_refused_not_added_twice(plan_file: Path, workbook: Path) -> None:
    row = find_row(workbook, "actions", TASK)
    edit(workbook, "actions", row, "Task", "Recruit the Wave 1 physiotherapists")
    (problem,) = _refused(plan_file, workbook)
    assert (
        f"actions row {row}, column Task: 'Recruit the Wave 1 physiotherapists' is new" in problem
    )
    assert "does not rename records" in problem
    # the rename that the history follows (issue 23, item 4)
    assert f"--set 'implement.actions[{TASK}].task=Recruit the Wave 1 physiotherapists'" in problem


def test_a_copied_row_with_a_new_name_is_a_new_record(
    plan_file: Path, workbook: Path, framework: Framework
) -> None:
    row = find_row(workbook, "actions", TASK)
    book = openpyxl.load_workbook(workbook)
    sheet = book["actions"]
    values = [c.value for c in sheet[row]]
    values[1] = "Recruit Wave 2 physiotherapists"
    sheet.append(values)  # the copy keeps the row key of the row it came from
    book.save(workbook)
    assert _import(plan_file, workbook, yes=True, date="2027-09-01")[0] is ExitStatus.OK
    tasks = [a["task"] for a in read_answers(plan_file, framework).get("implement", "actions")]
    assert tasks[-1] == "Recruit Wave 2 physiotherapists" and TASK in tasks


def test_readings_that_would_rewrite_the_history_are_refused(
    plan_file: Path, tmp_path: Path, framework: Framework
) -> None:
    _import(plan_file, _reading_tracker(plan_file, tmp_path, framework), yes=True)
    workbook = write_tracker(framework, read_answers(plan_file, framework), tmp_path / "t2.xlsx")
    edit(workbook, "readings", 2, "Value", 20)
    append(workbook, "readings", {"Measure": "Waiting time", "Value": 3})
    problems = _refused(plan_file, workbook)
    assert any(
        "readings row 2, column Value: the history has 35 for this reading on 2027-10-01" in p
        for p in problems
    )
    assert any(
        "readings row 3, column Measure: there is no measure 'Waiting time'" in p for p in problems
    )


# -- the file: bounded, and never trusted ------------------------------------------------------


def test_what_is_not_a_workbook_is_refused(plan_file: Path, tmp_path: Path) -> None:
    fake = tmp_path / "tracker.xlsx"
    fake.write_text("task,status\n", encoding="utf-8")
    (problem,) = _refused(plan_file, fake)
    assert "not an Excel workbook (.xlsx)" in problem
    other = tmp_path / "tracker.ods"
    other.write_bytes(b"")
    assert (
        "a tracker is an Excel workbook (.xlsx) or a CSV file (.csv)"
        in _refused(plan_file, other)[0]
    )


def test_a_workbook_with_a_damaged_sheet_is_refused(
    plan_file: Path, workbook: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(workbook) as old, zipfile.ZipFile(damaged, "w") as new:
        for part in old.infolist():
            data = old.read(part.filename)
            new.writestr(
                part, data[: len(data) // 2] if "worksheets/sheet" in part.filename else data
            )
    (problem,) = _refused(plan_file, damaged)
    assert problem.startswith(f"{damaged}: cannot read this workbook (ParseError")


def test_a_workbook_too_large_to_be_a_tracker_is_refused(
    plan_file: Path, workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tracker_module, "MAX_ROWS", 5)
    assert "the sites sheet has more than 5 rows" in _refused(plan_file, workbook)[0]
    monkeypatch.setattr(tracker_module, "MAX_ROWS", 5000)
    monkeypatch.setattr(tracker_module, "MAX_COLUMNS", 5)
    assert "the stakeholders sheet has more than 5 columns" in _refused(plan_file, workbook)[0]
    monkeypatch.setattr(tracker_module, "MAX_UNZIPPED", 1000)
    assert "the workbook unpacks to more than" in _refused(plan_file, workbook)[0]


def test_a_check_in_before_the_latest_is_refused(
    plan_file: Path, tmp_path: Path, framework: Framework
) -> None:
    _import(plan_file, _reading_tracker(plan_file, tmp_path, framework), yes=True)
    workbook = write_tracker(framework, read_answers(plan_file, framework), tmp_path / "t2.xlsx")
    edit(workbook, "actions", find_row(workbook, "actions", TASK), "Status", "Done")
    with pytest.raises(SpreadkitError, match="before the latest"):
        _import(plan_file, workbook, yes=True, date="2027-09-01")


# -- CSV ---------------------------------------------------------------------------------------


def test_a_csv_export_edited_and_imported(
    cli: Any, plan_file: Path, tmp_path: Path, framework: Framework
) -> None:
    before = read_answers(plan_file, framework)
    table = tmp_path / "actions.csv"
    assert (
        cli("export", str(plan_file), "--table", "actions", "--output", str(table)).exit_code == 0
    )
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))
    header, row = rows[0], next(r for r in rows if r[0] == TASK)
    row[header.index("Status")] = "Blocked"
    row[header.index("Depends on")] = "'-2 weeks: =estates"  # as `export` neutralises such text
    with table.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    status, out_text = _import(plan_file, table, yes=True, date="2027-09-01")
    assert status is ExitStatus.OK, out_text
    after = read_answers(plan_file, framework)
    assert _changed(before, after) == {
        f"implement.actions[{TASK}].status": ("at-risk", "blocked"),
        f"implement.actions[{TASK}].depends_on": (None, "-2 weeks: =estates"),
    }


def test_a_bad_csv_cell_is_refused_with_its_row_and_column(
    cli: Any, plan_file: Path, tmp_path: Path
) -> None:
    table = tmp_path / "sites.csv"
    cli("export", str(plan_file), "--table", "sites", "--output", str(table))
    lines = table.read_text(encoding="utf-8").splitlines()
    number = next(i for i, li in enumerate(lines, start=1) if li.startswith("Dunmere PCN"))
    lines[number - 1] = lines[number - 1].replace("Preparing", "Nearly there")
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (problem,) = _refused(plan_file, table)
    assert problem.startswith(
        f"sites.csv: row {number}, column Status: 'Nearly there' is not one of:"
    )


# -- asking before saving ----------------------------------------------------------------------


def test_without_a_terminal_or_yes_nothing_is_saved(
    cli: Any, plan_file: Path, workbook: Path
) -> None:
    edit(workbook, "actions", find_row(workbook, "actions", TASK), "Status", "Done")
    before = plan_file.read_bytes()
    result = cli("import", str(plan_file), "--from", str(workbook))
    assert result.exit_code == ExitStatus.USAGE
    assert f"{TASK}: status at risk → done" in result.stdout
    assert "nothing was saved" in result.stderr and "--yes --date YYYY-MM-DD" in result.stderr
    assert plan_file.read_bytes() == before
    result = cli("import", str(plan_file), "--from", str(workbook), "--yes")
    assert (
        result.exit_code == ExitStatus.USAGE and "needs the date of its check-in" in result.stderr
    )
    result = cli("import", str(plan_file), "--from", str(workbook), "--yes", "--date", "2027-13-01")
    assert (
        result.exit_code == ExitStatus.USAGE and "--date: month 13 does not exist" in result.stderr
    )
    assert plan_file.read_bytes() == before
    result = cli("import", str(plan_file), "--from", str(workbook), "--yes", "--date", "2027-09-01")
    assert result.exit_code == 0, result.stderr
    assert (
        "Saved 1 change to" in result.stdout
        and "as a check-in dated 1 September 2027." in result.stdout  # as the question says it
    )


@pytest.mark.parametrize("save", [True, False], ids=["yes", "no"])
def test_a_person_is_asked_the_date_and_whether_to_save(
    plan_file: Path, workbook: Path, framework: Framework, save: bool
) -> None:
    edit(workbook, "actions", find_row(workbook, "actions", TASK), "Status", "Done")
    before = plan_file.read_bytes()
    prompter = ScriptedPrompter([("Date of this check-in", "2027-09-02"), ("Save 1 change", save)])
    status = run_import(terminal_env(), ImportOptions(plan_file, workbook), lambda: prompter)
    assert status is ExitStatus.OK and prompter.finished
    if save:
        (checkin,) = read_answers(plan_file, framework).checkins
        assert checkin.date == D(2027, 9, 2) and len(_edits(checkin)) == 1
    else:
        assert plan_file.read_bytes() == before
