"""What a check-in may update, given as text: ``--set PATH=VALUE`` and ``--reading MEASURE=VALUE``
typed and checked like the answers they name, and which measures are due a new reading.

A ``--set`` key is a check-in path (``ready.sites[Aldbrook PCN].status``,
``sustain.sustainability.infrastructure.score``, ``plan.version``) or a plain ``STEP.QUESTION``.
Every mistake is one line naming the option and the key, with a "did you mean".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from spreadkit.answers import history, overrides, renames
from spreadkit.answers.checkins import POSITION, BadPath, parse_path
from spreadkit.answers.measures import (
    MeasureSpec,
    check_part,
    measure_specs,
    part_hint,
    part_problem,
)
from spreadkit.answers.readings import Reading
from spreadkit.answers.store import DETAIL_PROMPTS, Answers
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError, did_you_mean
from spreadkit.files.yamlio import parse_yaml
from spreadkit.framework import values
from spreadkit.framework.model import Field, Framework, Question, QuestionType
from spreadkit.framework.refs import ref_names

# How long a reading stays current, by the measure's `frequency`, in months (weekly: in days).
_MONTHS = {"monthly": 1, "quarterly": 3, "annually": 12}


def _problem(option: str, key: str, message: str, hint: str = "") -> SpreadkitError:
    return SpreadkitError(Problem(message, option, key_path=key, hint=hint))


def split_assignment(assignment: str, option: str = "--set") -> tuple[str, str]:
    """``KEY=VALUE`` split at the first ``=`` after the key: a ``[record name]`` in the key runs
    to its first ``]`` (a name may hold ``=``, never ``]``), and the value is everything after,
    ``]`` and ``=`` included: ``ready.sites[Greater Manchester].contact=GM lead [acting]``."""
    opening = assignment.find("[")
    after = 0
    if 0 <= opening < assignment.find("=") or ("=" not in assignment and opening >= 0):
        after = assignment.find("]", opening) + 1
    equals = assignment.find("=", after) if after > 0 else assignment.find("=")
    if equals < 0:
        raise _problem(
            option,
            assignment,
            "expected KEY=VALUE",
            "for example --set 'ready.sites[Aldbrook PCN].status=live'",
        )
    return assignment[:equals].strip(), assignment[equals + 1 :]


def typed_changes(
    framework: Framework, answers: Answers, assignments: Sequence[str]
) -> dict[str, Any]:
    """Each ``--set`` as ``path -> typed value``, for ``history.record``; every bad one reported."""
    changes: dict[str, Any] = {}
    problems: list[Problem] = []
    for assignment in assignments:
        try:
            path, raw = split_assignment(assignment)
            path, value = typed_change(framework, answers, path, raw)
        except SpreadkitError as exc:
            problems.extend(exc.problems)
            continue
        changes[path] = value
    if problems:
        raise SpreadkitError(problems)
    return renames.with_references(framework, answers, changes)  # a renamed record's references


def typed_change(framework: Framework, answers: Answers, key: str, raw: str) -> tuple[str, Any]:
    """The path and typed value of ``--set KEY=RAW``."""
    try:
        where = parse_path(key)
    except BadPath as exc:
        raise _problem("--set", key, str(exc)) from None
    if where.section == "plan":
        if where.question not in DETAIL_PROMPTS or where.record is not None or where.rest:
            raise _problem(
                "--set",
                key,
                f"no plan detail '{key[5:]}'",
                did_you_mean(where.question, DETAIL_PROMPTS),
            )
        return key, raw.strip() or None
    section = framework.section(where.section)
    if section is None:
        options = ["plan", *(s.id for s in framework.sections)]
        raise _problem(
            "--set", key, f"no step '{where.section}'", did_you_mean(where.section, options)
        )
    question = section.question(where.question)
    if question is None:
        raise _problem(
            "--set",
            key,
            f"no question '{where.question}' in {section.label}",
            did_you_mean(where.question, [q.id for q in section.questions]),
        )
    try:
        if where.record is not None:
            return key, _record_value(
                framework, answers, section.id, question, where.record, where.rest, raw
            )
        if where.rest:
            return key, _rating_value(question, where.rest, raw)
        updated = overrides.apply(framework, answers, [f"{key}={raw}"])
        return key, updated.get(section.id, question.id)
    except values.BadValue as exc:
        raise _problem("--set", key, str(exc), exc.hint) from None


def _record_value(
    framework: Framework,
    answers: Answers,
    section_id: str,
    question: Question,
    record: str,
    rest: tuple[str, ...],
    raw: str,
) -> Any:
    if question.type is not QuestionType.GROUP:
        raise values.BadValue(f"{question.title} is not a list of records: leave out [{record}]")
    item = question.item_name
    records = answers.get(section_id, question.id) or []
    names = [history.record_name(r) for r in records if isinstance(r, Mapping)]
    known = bool(POSITION.match(record)) and 0 < int(record[1:]) <= len(records)
    known = known or record in names
    if rest:
        if not known:
            raise values.BadValue(f"no {item} named '{record}'", did_you_mean(record, names))
        field = next((f for f in question.fields if f.id == rest[0]), None)
        if field is None or len(rest) > 1:
            raise values.BadValue(
                f"no field '{'.'.join(rest)}' in {section_id}.{question.id}",
                did_you_mean(rest[0], [f.id for f in question.fields]),
            )
        value = overrides.typed(field, raw)
        _check_ref(framework, answers, field, value)
        if value is None and field.required:
            raise values.BadValue(f"{field.title} cannot be left blank")
        if renames.is_naming(question, field):
            renames.check_new_name(question, records, record, value)
        return value
    # A whole record: blank removes it; {field: value, ...} adds or replaces it.
    if not raw.strip():
        if not known:
            raise values.BadValue(f"no {item} named '{record}'", did_you_mean(record, names))
        return None
    data = parse_yaml(raw, "--set").data
    if not isinstance(data, dict):
        raise values.BadValue(
            f"expected the {item}'s fields, for example {{{question.fields[-1].id}: ...}}"
        )
    first = question.fields[0].id
    if not POSITION.match(record):
        data = {first: record, **{k: v for k, v in data.items() if k != first}}
    typed = overrides.typed(question, _yaml_list(data))
    for field in question.fields:
        _check_ref(framework, answers, field, typed[0].get(field.id))
    return typed[0]


def _yaml_list(record: Mapping[str, Any]) -> str:
    import json

    return json.dumps([record], default=str)


def _rating_value(question: Question, rest: tuple[str, ...], raw: str) -> Any:
    if question.type is not QuestionType.RATINGS:
        raise values.BadValue(
            f"{question.title} has no parts", "give the whole answer: STEP.QUESTION"
        )
    item_ids = [i.id for i in question.items]
    if rest[0] not in item_ids:
        raise values.BadValue(
            f"no factor '{rest[0]}' in {question.title}", did_you_mean(rest[0], item_ids)
        )
    if len(rest) != 2 or rest[1] not in ("score", "note"):
        raise values.BadValue(
            "expected .score or .note after the factor", f"for example {rest[0]}.score"
        )
    if rest[1] == "note":
        return raw.strip() or None
    text = raw.strip()
    if not text:
        return None
    if not text.isdecimal() or not 1 <= int(text) <= question.points:
        raise values.BadValue(f"expected a whole number from 1 to {question.points}, found '{raw}'")
    return int(text)


def _check_ref(framework: Framework, answers: Answers, field: Field, value: Any) -> None:
    if field.type is not QuestionType.REF or value is None:
        return
    names = ref_names(framework, field, answers.values)
    if value not in names:
        hint = did_you_mean(str(value), names) if names else f"add it to {field.ref} first"
        raise values.BadValue(f"no record named '{value}' in {field.ref}", hint)


# -- readings ---------------------------------------------------------------------------------


def measure_names(framework: Framework, answers: Answers) -> list[str]:
    return [spec.name for spec in measure_specs(framework, answers)]


_N = re.compile(r"\s+n\s*=\s*(\S*)\s*$")
_READING_HINT = (
    "for example --reading 'Wait for a first appointment=21@2027-01-31' "
    "or 'PHQ-9 score[first session]=14.2@2027-01-31 n=30'"
)


def typed_readings(
    framework: Framework, answers: Answers, assignments: Sequence[str], on: dt.date | None = None
) -> list[Reading]:
    """Each ``--reading MEASURE[PART]=VALUE[@DATE][ n=N]`` as a :class:`Reading`; every bad
    one reported. Without ``@DATE`` the reading is taken on ``on`` (the check-in's date); a
    reading dated after ``on`` is refused. ``[PART]`` names a time point or group of a measure
    that has them."""
    specs = {spec.name: spec for spec in measure_specs(framework, answers)}
    out: list[Reading] = []
    problems: list[Problem] = []
    for assignment in assignments:
        try:
            out.append(_one_reading(specs, assignment, on))
        except SpreadkitError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SpreadkitError(problems)
    return out


def _one_reading(specs: Mapping[str, MeasureSpec], assignment: str, on: dt.date | None) -> Reading:
    text = assignment
    n: int | None = None
    if match := _N.search(text):
        if not match[1].isdecimal():
            raise _problem("--reading", assignment, f"n must be a whole number, found '{match[1]}'")
        n, text = int(match[1]), text[: match.start()]
    name, equals, raw = text.rpartition("=")
    name = name.strip()
    if not equals or not name:
        raise _problem("--reading", assignment, "expected MEASURE=VALUE", _READING_HINT)
    raw, at, when = raw.partition("@")
    part = ""
    if name not in specs and name.endswith("]") and "[" in name:
        name, _, part = name[:-1].rpartition("[")
        name, part = name.strip(), " ".join(part.split())
    spec = specs.get(name)
    if spec is None:
        raise _problem(
            "--reading", name, f"no measure named '{name}'", did_you_mean(name, list(specs))
        )
    try:
        value = values.parse_number(raw)
        day = values.option_date(when.strip(), "--reading") if at else on
    except values.BadValue as exc:
        raise _problem("--reading", name, str(exc), exc.hint) from None
    if day is None:
        raise _problem("--reading", name, "this reading needs its date", "add @YYYY-MM-DD")
    if on is not None and day > on:
        raise _problem(
            "--reading",
            name,
            f"this reading is dated {day.isoformat()}, after the check-in that records it "
            f"({on.isoformat()})",
            "give a check-in --date on or after the reading's date",
        )
    kind = check_part(spec, part)
    if kind is None:
        raise _problem(
            "--reading",
            f"{name}[{part}]" if part else name,
            part_problem(spec, part),
            part_hint(spec, part),
        )
    return Reading(name, day, value, n, part, kind)


def parse_checkin_date(text: str | None, option: str = "--date") -> dt.date:
    """The date a check-in is recorded on, as given; required (spreadkit never reads the clock)."""
    if not text:
        raise SpreadkitError(
            Problem(
                f"{option} YYYY-MM-DD is needed: a check-in is dated, and spreadkit never "
                "takes the date from the computer's clock in a file it writes",
                hint="for example --date 2027-03-31",
            ),
            ExitStatus.USAGE,
        )
    return values.option_date(text, option)


def _months_before(on: dt.date, months: int) -> dt.date:
    month = on.month - months
    year = on.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, min(on.day, calendar.monthrange(year, month)[1]))


def due_since(frequency: Any, on: dt.date) -> dt.date | None:
    """A reading after this date is current on ``on``; None when the frequency is not known."""
    if frequency == "weekly":
        return on - dt.timedelta(days=7)
    if frequency in _MONTHS:
        return _months_before(on, _MONTHS[str(frequency)])
    return None


def last_taken(answers: Answers, measure: Mapping[str, Any], on: dt.date) -> dt.date | None:
    """When ``measure`` was last read on or before ``on``: its latest reading, else its baseline
    date; None when neither is known."""
    name = history.record_name(measure)
    taken = [r.date for r in history.measure_readings(answers, name) if r.date <= on]
    if taken:
        return taken[-1]
    baseline = measure.get("baseline_date")
    return baseline if isinstance(baseline, dt.date) and baseline <= on else None


def is_due(answers: Answers, measure: Mapping[str, Any], on: dt.date) -> bool:
    """No reading (nor baseline) within the measure's frequency before ``on``. A measure with no
    frequency, or never read, is due at every check-in (Enter skips it)."""
    last = last_taken(answers, measure, on)
    since = due_since(measure.get("frequency"), on)
    if last is None or since is None:
        return True
    return last <= since


def is_late(answers: Answers, measure: Mapping[str, Any], on: dt.date) -> bool:
    """Not updated when due (``spreadkit status``): the measure has a frequency, was last read
    (or its baseline taken) on a known date, and that was a whole period or more before ``on``.
    The same rule as :func:`is_due`, leaving out what cannot be judged: no frequency, no date."""
    known = due_since(measure.get("frequency"), on) is not None
    return known and last_taken(answers, measure, on) is not None and is_due(answers, measure, on)
