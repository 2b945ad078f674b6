"""How the highlight report words things: a check-in's changes, scores that moved, the aim.

Each change names its record and the field's own title from the content, with the values as
the plan shows them ("Greystone PCN: Status Preparing → Live; Actual 2"); the changes to one
record in one check-in make one line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from spreadkit.answers.checkins import POSITION, BadPath, Change, parse_path
from spreadkit.answers.history import record_name
from spreadkit.answers.lookup import as_date
from spreadkit.answers.store import Answers
from spreadkit.framework import roles, values
from spreadkit.framework.model import Framework, Question
from spreadkit.plan.figures import aim_figures, tracking

QUIET_DETAILS = ("updated", "created")  # plan details whose change is not news


def number_text(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return values.display_score(value)
    return "–"


def aim_words(framework: Framework, answers: Answers) -> str:
    """``13 of 16 posts (81%) on 3 April 2028; target 16 by 31 March 2028`` (the one wording,
    ``aim_figures.progress``), or "" without a target."""
    return aim_figures.progress(framework, answers).words


def _question(framework: Framework, section_id: str, question_id: str) -> Question | None:
    section = framework.section(section_id)
    return section.question(question_id) if section else None


def status_label(framework: Framework, value: Any) -> str:
    """An action's status as the plan words it: "In progress"."""
    question = roles.question(framework, "actions")
    field = next((f for f in question.fields if f.id == "status"), None) if question else None
    if field is None or not value:
        return str(value or "")
    return field.choice_label(str(value))


def _shown(question: Question | None, key: str, value: Any) -> str:
    """A value as the plan shows it, by the field (or rated item) it belongs to."""
    if value is None or value == "":
        return "none"
    if question is not None:
        field = next((f for f in question.fields if f.id == key), None)
        if field is not None:
            return values.display(field, value) or "none"
    if isinstance(value, Mapping):
        return "…"
    return values.display_date(value) if as_date(value) else str(value)


def _field_title(question: Question | None, key: str) -> str:
    if question is not None:
        for field in question.fields:
            if field.id == key:
                return field.title
        for item in question.items:
            if item.id == key:
                return item.label
    return key.replace("_", " ").capitalize()


def net_changes(changes: Sequence[Change]) -> list[Change]:
    """Changes over several check-ins as one: each path from its first ``was`` to its last
    ``now``, left out where it ended where it began."""
    first: dict[str, Change] = {}
    for change in changes:
        was = first[change.path].was if change.path in first else change.was
        first[change.path] = Change(change.path, was, change.now)
    return [c for c in first.values() if c.was != c.now]


def _record_name(answers: Answers | None, section: str, question: str, selector: str) -> str:
    """A record's name for a person: ``#3`` (a record addressed by position) is looked up."""
    position = POSITION.match(selector)
    if answers is None or not position:
        return selector
    records = answers.get(section, question)
    index = int(position[1]) - 1
    if (
        isinstance(records, list)
        and 0 <= index < len(records)
        and isinstance(records[index], Mapping)
    ):
        return record_name(records[index]) or selector
    return selector


def record_change_lines(
    framework: Framework, changes: Sequence[Change], answers: Answers | None = None
) -> list[str]:
    """One line per record (or answer) the changes touched, in the order first changed; a
    record addressed by position is named from ``answers``."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for change in net_changes(changes):
        try:
            where = parse_path(change.path)
        except BadPath:
            continue
        if where.section == "plan":
            if where.question not in QUIET_DETAILS:
                grouped.setdefault(("plan", where.question.capitalize()), []).append(
                    f"{_shown(None, '', change.was)} → {_shown(None, '', change.now)}"
                )
            continue
        question = _question(framework, where.section, where.question)
        title = question.title if question else where.question
        if where.record is None and where.rest:  # a rating: sustainability.infrastructure.score
            item = _field_title(question, where.rest[0])
            what = "" if where.rest[-1] == "score" else f" {where.rest[-1]}"
            grouped.setdefault((where.question, title), []).append(
                f"{item}{what} {_shown(None, '', change.was)} → {_shown(None, '', change.now)}"
            )
        elif where.record is None:
            grouped.setdefault((where.question, title), []).append(
                f"{_shown(None, '', change.was)} → {_shown(None, '', change.now)}"
            )
        elif not where.rest:  # a whole record added or removed
            name = _record_name(answers, where.section, where.question, where.record)
            verb = (
                "added" if change.was is None else "removed" if change.now is None else "replaced"
            )
            grouped.setdefault((where.question, f"{title}: {name}"), []).append(verb)
        else:
            key = where.rest[0]
            was, now = _shown(question, key, change.was), _shown(question, key, change.now)
            part = (
                f"{_field_title(question, key)} {now}"
                if change.was is None
                else f"{_field_title(question, key)} {was} → {now}"
            )
            name = _record_name(answers, where.section, where.question, where.record)
            grouped.setdefault((f"{where.question}[{where.record}]", name), []).append(part)
    return [f"{name}: {'; '.join(parts)}" for (_, name), parts in grouped.items()]


def _by_name(
    answers: Answers, section: str, question: str, key: str
) -> dict[str, Mapping[str, Any]]:
    value = answers.get(section, question)
    records = [r for r in value if isinstance(r, Mapping)] if isinstance(value, list) else []
    return {str(r.get(key) or ""): r for r in records}


def readiness_moves(framework: Framework, before: Answers, now: Answers) -> list[str]:
    """ "Ivel Valley PCN readiness: people amber → green" for each site whose rating moved."""
    old = _by_name(before, *roles.ids(framework, "sites"), "name")
    lines = []
    for name, site in _by_name(now, *roles.ids(framework, "sites"), "name").items():
        was = old.get(name, {})
        moves = []
        for factor in tracking.READINESS_FACTORS:
            before_rating, rating = was.get(f"readiness_{factor}"), site.get(f"readiness_{factor}")
            if before_rating != rating:
                moves.append(f"{factor} {before_rating or 'unrated'} → {rating or 'unrated'}")
        if name and moves:
            lines.append(f"{name} readiness: {', '.join(moves)}")
    return lines


def risk_moves(framework: Framework, before: Answers, now: Answers) -> list[str]:
    """Risks whose score moved, or that were closed, since ``before``."""
    old = {str(r.get("risk") or ""): r for r in tracking.scored_risks(framework, before)}
    lines = []
    for risk in tracking.scored_risks(framework, now):
        name = str(risk.get("risk") or "")
        was = old.get(name)
        if not name or was is None:
            continue
        if risk.get("status") == "closed" and was.get("status") != "closed":
            lines.append(f"Closed: {name}")
        elif risk["score"] != was["score"] and risk["score"] is not None:
            lines.append(
                f"{name}: score {number_text(was['score'])} → {risk['score']}"
                + (f" ({risk['band']})" if risk["band"] else "")
            )
    return lines
