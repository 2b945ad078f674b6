"""A group's records brought in from a CSV file or an Excel tracker in the middle of the
interview ("Import from a CSV file or tracker"), read exactly as `spreadkit import` reads one:
the table `spreadkit export` writes, with a header row; a row whose name matches a record
updates it, any other row adds one. Only this group's table is taken; what changed is said in
the history's words. A file that cannot be read is said, one line a problem, and nothing
changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spreadkit.answers import history
from spreadkit.answers.checkins import Change, parse_path
from spreadkit.answers.describe import change_lines
from spreadkit.core.errors import SpreadkitError
from spreadkit.framework.model import Question, Section
from spreadkit.interview.ports import Asker
from spreadkit.terminal import display


def import_records(interview: Asker, section: Section, question: Question) -> list[Any] | None:
    """The group's records after an import the person asked for; None if nothing came in."""
    from spreadkit.plan.tracker.import_changes import read_import
    from spreadkit.plan.tracker.sheets import read_tracker

    text = interview.prompter.text(
        f"Import {question.title.lower()} from which file?",
        instruction="(a .csv or .xlsx file, such as one `spreadkit export` wrote; "
        "Enter alone to go back)",
    )
    if not text.strip():
        return None
    path = Path(text.strip().strip("'\"")).expanduser()
    answers = interview.answers
    try:
        imported = read_import(interview.framework, answers, read_tracker(path), path.name)
    except SpreadkitError as exc:
        display.warnings(interview.env, [str(p) for p in exc.problems])
        display.message(interview.env, "Nothing was imported.")
        return None
    ours = {
        p: v
        for p, v in imported.changes.items()
        if (parse_path(p).section, parse_path(p).question) == (section.id, question.id)
    }
    if not ours:
        display.message(interview.env, f"{path.name} changes none of the {question.title.lower()}.")
        return None
    changes = [Change(p, history.get_path(answers, p), v) for p, v in ours.items()]
    for path_, value in ours.items():
        answers = history.set_path(answers, path_, value)
    display.message(interview.env, f"From {path.name}:")
    for line in change_lines(interview.framework, changes):
        display.message(interview.env, f"  {line}")
    return list(answers.get(section.id, question.id) or [])
