"""Check-ins as data: the dated updates kept in an answers file's ``checkins:`` list, and how
that list is read and written. What a check-in does to the answers is ``answers.history``.

A change's path names one answer: ``ready.sites[Brightwater PCN].status`` is the status field of
the site record named Brightwater PCN (a record is named by its first field: a site's name, an
action's task); ``sustain.sustainability.infrastructure.score`` reaches into a rating;
``plan.version`` is a plan detail; ``ready.sites[#3]`` is the third record, for a record with no
name or a shared one.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import field
from typing import Any

from spreadkit.answers import readings as readings_data
from spreadkit.answers.readings import Reading
from spreadkit.core.records import dataclass
from spreadkit.files.yamlio import KeyPath
from spreadkit.framework import values
from spreadkit.framework.checker import Checker
from spreadkit.framework.wording import display_date

_PATH = re.compile(
    r"^(?P<section>[\w-]+)\.(?P<question>[\w-]+)"
    r"(?:\[(?P<record>.+)\])?"
    r"(?:\.(?P<rest>[\w-]+(?:\.[\w-]+)*))?$"
)
UPDATED = "plan.updated"  # the plan's date, moved by every check-in
POSITION = re.compile(r"^#(\d+)$")


@dataclass(frozen=True)
class Change:
    """One answer a check-in changed: its path, the value it replaced and the new value."""

    path: str
    was: Any
    now: Any


@dataclass(frozen=True)
class Checkin:
    """A dated update: what changed, and the measures' readings it records (each on its own
    date, on or before the check-in's)."""

    date: dt.date
    note: str = ""
    changes: tuple[Change, ...] = ()
    readings: tuple[Reading, ...] = field(default=())

    @property
    def values_read(self) -> dict[str, float]:
        """Each measure's whole-measure value read at this check-in (its latest, if several)."""
        return dict(readings_data.value_map(self.readings))

    def answer_changes(self) -> tuple[Change, ...]:
        """The changes to the plan's content: not the plan's own date, which every check-in moves."""
        return tuple(c for c in self.changes if c.path != UPDATED)

    def headline(self) -> str:
        """One line for ``spreadkit history``: the date, the note, and how much changed."""
        parts = [display_date(self.date)]
        if self.note:
            parts.append(self.note.splitlines()[0])
        counts = []
        answered = self.answer_changes()
        if answered:
            counts.append(f"{len(answered)} change{'s' if len(answered) != 1 else ''}")
        if self.readings:
            counts.append(readings_data.count_readings(self.readings))
        parts.append(", ".join(counts) if counts else "reviewed, nothing changed")
        return " · ".join(parts)


class BadPath(ValueError):
    """A path that names no answer."""


@dataclass(frozen=True)
class AnswerPath:
    section: str
    question: str
    record: str | None
    rest: tuple[str, ...]


@functools.lru_cache(maxsize=1024)
def parse_path(path: str) -> AnswerPath:
    """The parts of an answer path. Kept for a while: the check-in reader parses each change's
    path, and the check of its values (``history_values``) needs the same parts again."""
    match = _PATH.match(path.strip())
    if match is None:
        raise BadPath(f"'{path}' is not an answer path (STEP.QUESTION, or STEP.GROUP[NAME].FIELD)")
    rest = tuple(match["rest"].split(".")) if match["rest"] else ()
    return AnswerPath(match["section"], match["question"], match["record"], rest)


def to_data(checkins: Sequence[Checkin]) -> list[dict[str, Any]]:
    """The ``checkins:`` list as plain data, for the answers file."""
    out = []
    for checkin in checkins:
        entry: dict[str, Any] = {"date": checkin.date}
        if checkin.note:
            entry["note"] = checkin.note
        if checkin.changes:
            entry["changes"] = {c.path: {"was": c.was, "now": c.now} for c in checkin.changes}
        if checkin.readings:
            entry["readings"] = readings_data.to_data(checkin.readings, checkin.date)
        out.append(entry)
    return out


#: Check-ins one answers file keeps: a weekly check-in for 38 years. A history that a program (or
#: a hostile colleague) made far longer would make every save of the file take minutes.
MAX_CHECKINS = 2_000


def too_many(count: int) -> str:
    return (
        f"{count:,} check-ins is more than the {MAX_CHECKINS:,} an answers file keeps "
        "(move the oldest into an archive copy of the file)"
    )


def parse(check: Checker, value: Any) -> tuple[Checkin, ...]:
    """The ``checkins:`` list read strictly: every problem reported with its line."""
    if value is None:
        return ()
    out: list[Checkin] = []
    items = check.sequence(("checkins",), value)
    if len(items) > MAX_CHECKINS:
        check.report(("checkins",), too_many(len(items)))
        return ()
    for index, item in enumerate(items):
        path: KeyPath = ("checkins", index)
        raw = check.mapping(
            path,
            item,
            required=["date"],
            optional=["note", "changes", "readings"],
            what=" (one check-in)",
        )
        if not raw:
            continue
        on = _date(check, (*path, "date"), raw.get("date"))
        if on is None:
            continue
        if out and on < out[-1].date:
            check.report(
                (*path, "date"),
                f"check-ins are kept oldest first, but this one ({on.isoformat()}) comes "
                f"after {out[-1].date.isoformat()}",
            )
        note = check.text((*path, "note"), raw.get("note"))
        out.append(
            Checkin(
                on,
                note,
                _changes(check, path, raw.get("changes")),
                readings_data.parse(check, path, raw.get("readings"), on),
            )
        )
    return tuple(out)


def _date(check: Checker, path: KeyPath, value: Any) -> dt.date | None:
    """A check-in's date: a YAML date, or ISO text as JSON has it ("2027-10-01")."""
    try:
        if isinstance(value, dt.date):
            return values.check_date(value)
        if isinstance(value, str):
            return values.parse_date(value, uk_dates=False)
    except values.BadValue as exc:
        check.report(path, str(exc), exc.hint)
        return None
    check.report(path, "expected a date (YYYY-MM-DD)")
    return None


def _changes(check: Checker, path: KeyPath, value: Any) -> tuple[Change, ...]:
    if value is None:
        return ()
    # any answer's path is a key: only a mapping is asked for (and read as it is, not copied)
    raw = value if isinstance(value, dict) else check.mapping((*path, "changes"), value)
    changes = []
    for key, item in raw.items():
        where: KeyPath = (*path, "changes", key)
        try:
            parse_path(str(key))
        except BadPath as exc:
            check.report(where, str(exc), "for example ready.sites[Site name].status")
            continue
        pair = check.mapping(where, item, required=["was", "now"])
        if "was" in pair and "now" in pair:
            changes.append(Change(str(key), pair["was"], pair["now"]))
    return tuple(changes)
