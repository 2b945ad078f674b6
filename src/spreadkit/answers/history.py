"""Check-ins: dated updates to a plan, kept in the answers file so that nothing is ever lost.

The ``answers:`` section always holds the current values. Each check-in (the ``checkins:`` list,
oldest first) records the date, what it changed (each answer path with the value it replaced and
the new one) and any measure readings taken. Every earlier value is in some check-in's ``was``, so
the plan can be rebuilt as it stood after any check-in (:func:`states`).

A path names one answer: ``ready.sites[Brightwater PCN].status`` is the status field of the site
record named Brightwater PCN (a record is named by its first field: a site's name, an action's
task); ``sustain.sustainability.infrastructure.score`` reaches into a rating; ``plan.version`` is a
plan detail; ``ready.sites[#3]`` is the third record, for a record with no name or a shared one.

A change to a record's name (``implement.actions[Recruit Wave 1].task``: its first field) is a
rename. Its path names the record as it was called before, so undoing it finds the record by its
new name (:func:`_undo_path`), and the changes of earlier check-ins, which name the record as it
was called then, find it again once the rename is undone. A check-in applies its renames after
its other changes, so that ``[old name].status`` and ``[old name].task`` given together both work.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from spreadkit.answers import checkins as checkins_module
from spreadkit.answers import evidence
from spreadkit.answers.checkins import POSITION, BadPath, Change, Checkin, parse_path
from spreadkit.answers.readings import Reading
from spreadkit.answers.store import Answers
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError


def record_name(record: Mapping[str, Any]) -> str:
    """What a record is called in a path: its first field's value (a site's name, an action's task)."""
    for value in record.values():
        return str(value)
    return ""


def record_path(section_id: str, question_id: str, records: Sequence[Any], index: int) -> str:
    """The path of ``records[index]``: by its name when that is unique, else by position."""
    names = [record_name(r) if isinstance(r, Mapping) else "" for r in records]
    name = names[index]
    usable = name and names.count(name) == 1 and "]" not in name and not POSITION.match(name)
    return f"{section_id}.{question_id}[{name if usable else f'#{index + 1}'}]"


def record_paths(section_id: str, question_id: str, records: Sequence[Any]) -> list[str]:
    """:func:`record_path` of every record, in one pass (a tracker's rows, thousands of them)."""
    names = [record_name(r) if isinstance(r, Mapping) else "" for r in records]
    counts = Counter(names)
    return [
        f"{section_id}.{question_id}["
        + (
            name
            if name and counts[name] == 1 and "]" not in name and not POSITION.match(name)
            else f"#{index + 1}"
        )
        + "]"
        for index, name in enumerate(names)
    ]


def _find(records: Sequence[Any], selector: str) -> int | None:
    position = POSITION.match(selector)
    if position:
        index = int(position[1]) - 1
        return index if 0 <= index < len(records) else None
    for index, record in enumerate(records):
        if isinstance(record, Mapping) and record_name(record) == selector:
            return index
    return None


def get_path(answers: Answers, path: str) -> Any:
    """The current value at ``path``; None where there is none."""
    where = parse_path(path)
    if where.section == "plan":
        return answers.details.get(where.question) if where.record is None else None
    value = answers.get(where.section, where.question)
    if where.record is not None:
        records = value if isinstance(value, list) else []
        index = _find(records, where.record)
        value = records[index] if index is not None else None
    for key in where.rest:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def set_path(answers: Answers, path: str, value: Any) -> Answers:
    """``answers`` with ``value`` at ``path``; None removes it (a whole record, or one field).

    A record that does not exist yet is added when ``value`` is the whole record.
    """
    where = parse_path(path)
    if where.section == "plan":
        if where.record is not None or where.rest:
            raise BadPath(f"'{path}': a plan detail has no parts")
        details = {k: v for k, v in answers.details.items() if k != where.question}
        if value is not None:
            details[where.question] = value
        return replace(answers, details=details)
    current = answers.get(where.section, where.question)
    if where.record is None:
        new = _set_in(current, where.rest, value)
    else:
        records = list(current) if isinstance(current, list) else []
        index = _find(records, where.record)
        if index is None:
            if where.rest or value is None:
                if value is None:
                    return answers  # removing a record that is not there: nothing to do
                raise BadPath(f"'{path}': no record named '{where.record}'")
            records.append(value)
        else:
            replaced = _set_in(records[index], where.rest, value)
            if replaced is None:
                del records[index]
            else:
                records[index] = replaced
        new = records or None
    return answers.with_value(where.section, where.question, new)


def _set_in(container: Any, keys: tuple[str, ...], value: Any) -> Any:
    if not keys:
        return value
    inner = dict(container) if isinstance(container, Mapping) else {}
    updated = _set_in(inner.get(keys[0]), keys[1:], value)
    if updated is None:
        inner.pop(keys[0], None)
    else:
        inner[keys[0]] = updated
    return inner


def latest_checkin(answers: Answers) -> Checkin | None:
    return answers.checkins[-1] if answers.checkins else None


APPROVED, DRAFT = "approved", "draft"  # two of store.STATUSES


def record(
    answers: Answers,
    on: dt.date,
    changes: Mapping[str, Any],
    readings: Mapping[str, float] | Sequence[Reading] | None = None,
    note: str = "",
) -> Answers:
    """``answers`` with a check-in dated ``on`` recorded: each change applied (the value it
    replaces kept as ``was``) and the check-in appended. Values that did not change are left
    out. A check-in dated before the latest one is refused: history only grows forwards. A
    check-in that changes an answer of an approved plan moves it back to draft (a change of
    its own, so the history says so); readings alone do not."""
    latest = latest_checkin(answers)
    if latest is not None and on < latest.date:
        raise SpreadkitError(
            Problem(
                f"a check-in dated {on.isoformat()} would come before the latest one "
                f"({latest.date.isoformat()})",
                hint="give the date of this check-in, on or after the latest",
            ),
            ExitStatus.USAGE,
        )
    if len(answers.checkins) >= checkins_module.MAX_CHECKINS:
        raise SpreadkitError(Problem(checkins_module.too_many(len(answers.checkins) + 1)))
    recorded: list[Change] = []
    updated = answers.details.get("updated")
    if "plan.updated" not in changes and (not isinstance(updated, dt.date) or updated < on):
        # the plan's date moves with each check-in, kept as a change so that the plan as it
        # stood before (``states``) keeps its own date
        changes = {**changes, "plan.updated": on}
    renames = [path for path in changes if is_rename(answers, path)]
    ordered = [p for p in changes if p not in renames] + renames  # renames last: see above
    for path in ordered:
        now = changes[path]
        try:
            was = get_path(answers, path)
            if _same(was, now):
                continue
            answers = set_path(answers, path, now)
        except BadPath as exc:
            raise SpreadkitError(Problem(str(exc), key_path=path), ExitStatus.USAGE) from None
        recorded.append(Change(path, was, now))
        if path in renames:
            answers = _evidence_follows(answers, path, was, now)
    changed = any(not change.path.startswith("plan.") for change in recorded)
    if answers.details.get("status") == APPROVED and "plan.status" not in changes and changed:
        # a plan approved as it was is no longer the plan approved: back to draft
        answers = set_path(answers, "plan.status", DRAFT)
        recorded.append(Change("plan.status", APPROVED, DRAFT))
    checkin = Checkin(on, note.strip(), tuple(recorded), _dated(readings, on))
    return replace(answers, checkins=(*answers.checkins, checkin))


def _evidence_follows(answers: Answers, path: str, was: Any, now: Any) -> Answers:
    """``answers`` with the citations and assumptions of the record renamed at ``path`` (from
    ``was`` to ``now``) moved to its new name (answers.evidence.renamed); they are not history,
    so nothing to record. Paths that name it by its position need no change; while another
    record still has the old name, the paths naming it are that record's, and stay."""
    where = parse_path(path)
    if was is None or now is None:
        return answers
    if get_path(answers, f"{where.section}.{where.question}[{was}]") is not None:
        return answers
    args = (where.section, where.question, str(was), str(now))
    return replace(
        answers,
        citations=evidence.renamed(answers.citations, *args),
        assumptions=evidence.renamed(answers.assumptions, *args),
    )


def _dated(
    readings: Mapping[str, float] | Sequence[Reading] | None, on: dt.date
) -> tuple[Reading, ...]:
    """The readings a check-in dated ``on`` records: a bare ``{measure: value}`` is taken on
    ``on``; a reading dated after ``on`` is refused."""
    if not readings:
        return ()
    if isinstance(readings, Mapping):
        return tuple(Reading(str(m), on, float(v)) for m, v in readings.items())
    late = [r for r in readings if r.date > on]
    if late:
        raise SpreadkitError(
            [
                Problem(
                    f"the reading of {r.measure} is dated {r.date.isoformat()}, after the "
                    f"check-in that records it ({on.isoformat()})",
                    key_path=r.measure,
                    hint="date the check-in on or after its readings, or correct the reading's date",
                )
                for r in late
            ],
            ExitStatus.USAGE,
        )
    return tuple(readings)


def _same(was: Any, now: Any) -> bool:
    if isinstance(was, bool) != isinstance(now, bool):
        return False
    return bool(was == now)


def is_rename(answers: Answers, path: str) -> bool:
    """Whether ``path`` names the name (the first field) of a record ``answers`` has."""
    try:
        where = parse_path(path)
    except BadPath:
        return False
    if where.section == "plan" or where.record is None or len(where.rest) != 1:
        return False
    record = get_path(answers, f"{where.section}.{where.question}[{where.record}]")
    return isinstance(record, Mapping) and next(iter(record), None) == where.rest[0]


def _undo_path(state: Answers, change: Change) -> str:
    """Where ``change`` is undone in ``state``: for a rename, the record under its new name."""
    try:
        where = parse_path(change.path)
    except BadPath:
        return change.path
    if where.section == "plan" or where.record is None or len(where.rest) != 1:
        return change.path
    field = where.rest[0]
    found = get_path(state, f"{where.section}.{where.question}[{where.record}]")
    if isinstance(found, Mapping) and _same(found.get(field), change.now):
        return change.path  # found as named: not renamed, or named by its position
    records = state.get(where.section, where.question)
    for index, record in enumerate(records if isinstance(records, list) else []):
        if (
            isinstance(record, Mapping)
            and next(iter(record), None) == field
            and _same(record.get(field), change.now)
        ):
            return f"{where.section}.{where.question}[#{index + 1}].{field}"
    return change.path


def _undo(state: Answers, checkin: Checkin) -> Answers:
    """``state`` with ``checkin``'s changes undone, latest first."""
    for change in reversed(checkin.changes):
        try:
            state = set_path(state, _undo_path(state, change), change.was)
        except BadPath:
            continue  # a record renamed by hand since: that change cannot be undone
    return state


def before_latest(answers: Answers) -> Answers:
    """The answers as they stood before the latest check-in, without it (to record it again)."""
    if not answers.checkins:
        return answers
    state = replace(answers, checkins=answers.checkins[:-1])
    return _undo(state, answers.checkins[-1])


def states(answers: Answers) -> list[tuple[dt.date | None, Answers]]:
    """The answers as they stood before the first check-in (dated None), then after each
    check-in, oldest first: each rebuilt from the current answers by undoing later changes."""
    out: list[tuple[dt.date | None, Answers]] = []
    state = replace(answers, checkins=())
    for checkin in reversed(answers.checkins):
        out.append((checkin.date, state))
        state = _undo(state, checkin)
    out.append((None, state))
    out.reverse()
    return out


def measure_readings(answers: Answers, measure: str) -> list[Reading]:
    """Every reading of ``measure`` (any time point or group), oldest first by its own date."""
    taken = [r for c in answers.checkins for r in c.readings if r.measure == measure]
    return sorted(taken, key=lambda r: r.date)


def readings(answers: Answers, measure: str) -> list[tuple[dt.date, float]]:
    """The whole-measure readings of ``measure`` (not split by time point or group), as
    ``(date, value)``, oldest first."""
    return [(r.date, r.value) for r in measure_readings(answers, measure) if not r.part]


def last_read(answers: Answers, measure: str) -> dt.date | None:
    """The date of ``measure``'s latest reading of any kind; None if never read."""
    taken = measure_readings(answers, measure)
    return taken[-1].date if taken else None
