"""`spreadkit import FILE --from TRACKER`: a tracker edited in a spreadsheet, brought back into
the answers as one check-in, after the person has seen what it changes and said yes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spreadkit.answers import history
from spreadkit.answers.checkins import Change
from spreadkit.answers.describe import change_lines
from spreadkit.answers.loading import parse_answers, read_answers
from spreadkit.answers.store import ANSWERS_SUFFIXES, Answers, to_yaml, today, write_answers
from spreadkit.app import future_dates
from spreadkit.app.packref import require_pack
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.core.records import dataclass
from spreadkit.core.signals import stop_signals_as_interrupts
from spreadkit.files import guard
from spreadkit.files.locking import locked
from spreadkit.files.yamlio import parse_yaml
from spreadkit.framework import packs, values
from spreadkit.framework.model import Framework
from spreadkit.interview.ports import Prompter, questionary_prompter
from spreadkit.plan.tracker import import_readings
from spreadkit.plan.tracker.import_changes import Imported, read_import
from spreadkit.plan.tracker.sheets import read_tracker
from spreadkit.terminal import display


@dataclass(frozen=True)
class ImportOptions:
    answers_path: Path
    tracker: Path
    yes: bool = False  # save without asking (scripts)
    date: str | None = None  # --date YYYY-MM-DD: the check-in's date
    note: str | None = None
    future: bool = False  # --future: a check-in date after today is meant (app.future_dates)


def _date_option(text: str) -> dt.date:
    try:
        return values.parse_date(text, uk_dates=False)
    except values.BadValue as exc:
        raise SpreadkitError(Problem(f"--date: {exc}", hint=exc.hint), ExitStatus.USAGE) from None


def run_import(
    env: Environment, options: ImportOptions, make_prompter: Callable[[], Prompter] | None = None
) -> ExitStatus:
    given = _date_option(options.date) if options.date is not None else None
    asking = not options.yes and (make_prompter is not None or env.interactive)
    framework = packs.load(env.content)
    path = options.answers_path
    if not path.is_file():
        near = guard.near_miss(path, ANSWERS_SUFFIXES)
        raise SpreadkitError(Problem("no such answers file", str(path), hint=near))
    sheets = read_tracker(options.tracker)  # a bad tracker is said before the lock is taken
    with locked(path) as lock, stop_signals_as_interrupts():
        answers = read_answers(path, framework)
        require_pack(framework, answers, str(path))
        imported = read_import(framework, answers, sheets, options.tracker.name, given)
        _show(env, imported, options.tracker.name, _said(framework, answers, imported))
        if imported.empty:
            display.message(env, f"Nothing was saved; {path} is as it was.")
            return ExitStatus.OK
        if not imported.changes and not imported.readings:
            ask = (make_prompter or questionary_prompter) if asking else None
            return _save_evidence(env, imported, answers, framework, options, ask, lock)
        if not asking and not options.yes:
            on = given or imported.reading_date
            raise SpreadkitError(
                Problem(
                    "nothing was saved: spreadkit asks before saving an import, and there is no "
                    "terminal to ask in",
                    hint=f"to save it from a script, run: {env.command} import {path} --from "
                    f"{options.tracker} --yes --date {on.isoformat() if on else 'YYYY-MM-DD'}",
                ),
                ExitStatus.USAGE,
            )
        on = _checkin_date(imported, given, asking)
        prompter = None
        if asking:
            prompter = make_prompter() if make_prompter else questionary_prompter()
            if on is None:
                on = _ask_date(prompter, answers)
            while not future_dates.confirm_future(prompter, on, options.future):
                on = _ask_date(prompter, answers)
        else:
            assert on is not None
            where = "--date" if given is not None else "the new readings are dated"
            future_dates.refuse_future(on, options.future, where, "add --future, or give --date")
        assert on is not None
        note = options.note if options.note is not None else f"Imported from {options.tracker.name}"
        taken = import_readings.date_undated(list(imported.readings), on)
        after = imported.with_evidence(
            history.record(answers, on, imported.changes, taken, note=note)
        )
        _check_whole(framework, after, str(path))
        what = _counted(imported)
        if prompter is not None and not prompter.confirm(
            f"Save {what} as a check-in dated {values.display_date(on)}?", default=True
        ):
            display.message(env, f"Nothing was saved; {path} is as it was.")
            return ExitStatus.OK
        lock.confirm()
        write_answers(path, after, framework)
    display.message(env, f"Saved {what} to {path} as a check-in dated {values.display_date(on)}.")
    return ExitStatus.OK


def _save_evidence(
    env: Environment,
    imported: Imported,
    answers: Answers,
    framework: Framework,
    options: ImportOptions,
    ask: Callable[[], Prompter] | None,
    lock: Any,
) -> ExitStatus:
    """A tracker that edits only sources and assumptions: saved beside the answers, with no
    check-in (they are not answers, and have no date)."""
    what = _counted(imported)
    path = options.answers_path
    if ask is None and not options.yes:
        raise SpreadkitError(
            Problem(
                "nothing was saved: spreadkit asks before saving an import, and there is no "
                "terminal to ask in",
                hint=f"to save it from a script, run: {env.command} import {path} --from "
                f"{options.tracker} --yes",
            ),
            ExitStatus.USAGE,
        )
    after = imported.with_evidence(answers)
    _check_whole(framework, after, str(path))
    if ask is not None and not ask().confirm(f"Save {what}?", default=True):
        display.message(env, f"Nothing was saved; {path} is as it was.")
        return ExitStatus.OK
    lock.confirm()
    write_answers(path, after, framework)
    display.message(env, f"Saved {what} to {path} (no check-in: nothing else changed).")
    return ExitStatus.OK


def _said(framework: Framework, answers: Answers, imported: Imported) -> list[str]:
    """The import's changes in the words the history uses, then its readings."""
    changes = [Change(p, history.get_path(answers, p), now) for p, now in imported.changes.items()]
    readings = [line for line in imported.lines if line.startswith("readings: ")]
    return change_lines(framework, changes) + readings


def _show(env: Environment, imported: Imported, name: str, said: list[str]) -> None:
    if imported.empty:
        display.message(env, f"{name} changes nothing in the plan.")
    else:
        display.message(env, f"What {name} changes ({_counted(imported)}):")
        for line in said:
            display.message(env, f"  {line}")
        if imported.evidence_lines:
            display.message(
                env, "  Sources and assumptions (kept beside the answers, not in the history):"
            )
            for line in imported.evidence_lines:
                display.message(env, f"    {line}")
    for note in imported.notes:
        display.message(env, f"Note: {note}")


def _counted(imported: Imported) -> str:
    parts = []
    changes = len(imported.changes)
    readings = len(imported.readings)
    edits = imported.evidence_edits
    if changes or not (readings or edits):
        parts.append(f"{changes} change{'s' if changes != 1 else ''}")
    if readings:
        parts.append(f"{readings} reading{'s' if readings != 1 else ''}")
    if edits:
        parts.append(f"{edits} edit{'s' if edits != 1 else ''} to sources and assumptions")
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def _checkin_date(imported: Imported, given: dt.date | None, asking: bool) -> dt.date | None:
    """The check-in's date: --date, or the latest date the new readings carry; asked for
    otherwise. (A reading dated after --date was refused when the readings were read.)"""
    on = given or imported.reading_date
    if on is None and not asking:
        raise SpreadkitError(
            Problem(
                "an import without questions needs the date of its check-in",
                hint="add --date YYYY-MM-DD: the day the tracker was brought up to date",
            ),
            ExitStatus.USAGE,
        )
    return on


def _ask_date(prompter: Prompter, answers: Answers) -> dt.date:
    latest = history.latest_checkin(answers)

    def problem(text: str) -> str | None:
        try:
            day = values.parse_date(text, uk_dates=True)
        except values.BadValue as exc:
            return f"{exc}{f' ({exc.hint})' if exc.hint else ''}"
        if latest is not None and day < latest.date:
            return f"the latest check-in is dated {latest.date.isoformat()}: give that or later"
        return None

    text = prompter.text(
        "Date of this check-in (the day the tracker was brought up to date)",
        default=today().isoformat(),  # offered to a person, who sees it and may change it
        validate=problem,
        instruction="a date, YYYY-MM-DD",
    )
    return values.parse_date(text, uk_dates=True)


def _check_whole(framework: Framework, after: Answers, name: str) -> None:
    """The file about to be written reads back: a last guard against saving what it cannot."""
    parse_answers(parse_yaml(to_yaml(after, framework), name), framework)
