"""What changed since the last report, split into what improved and what got worse.

A board reading "Done since" over a blocked action or a likelier risk is misled; here each
change is judged by one rule (docs/board-paper.md, "Improved and got worse"):

- a status moving to done, live, met or closed (a risk closed), or away from at risk, blocked,
  paused or withdrawn, improved; moving to one of those, or a closed risk reopened, got worse;
  any other move along (not started to preparing) improved;
- a readiness rating moving towards green improved, towards red got worse;
- a risk's likelihood or impact going up got worse, down improved;
- a site's actual, or a rated score, going up improved, down got worse;
- a date put back (a revised due date later than before) got worse;
- anything else (a record added, a source renamed) is another change; spending is left to the
  money line.

Lines name the record first and say the change in lower case after it, so no capital follows
a colon mid-sentence; a risk is named by its register ID and quoted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from spreadkit.answers.checkins import POSITION, BadPath, Change, parse_path
from spreadkit.answers.history import record_name
from spreadkit.answers.store import Answers
from spreadkit.framework import roles, values
from spreadkit.framework.model import Framework, Question
from spreadkit.framework.wording import display_date
from spreadkit.plan.views import report_words

GOOD = {"done", "live", "met", "closed"}
BAD = {"at-risk", "blocked", "paused", "withdrawn"}
RAG_ORDER = {"red": 0, "amber": 1, "green": 2}
QUIET = {"spent", "updated", "created"}  # not news in these lists


def _question(framework: Framework, section: str, question: str) -> Question | None:
    found = framework.section(section)
    return found.question(question) if found else None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def direction(key: str, was: Any, now: Any, *, risk: bool = False) -> int:
    """+1 improved, -1 got worse, 0 neither (see the module's rules); ``risk``: the change is
    to a row of the risk register."""
    if key == "status":
        if risk:
            return 1 if now == "closed" else -1 if was == "closed" else 0
        if now in GOOD or (was in BAD and now not in BAD):
            return 1
        if now in BAD or was in GOOD:
            return -1
        return 1 if was != now and now is not None else 0
    if key.startswith("readiness"):
        old, new = RAG_ORDER.get(str(was)), RAG_ORDER.get(str(now))
        return 0 if old is None or new is None or old == new else (1 if new > old else -1)
    if isinstance(was, dt.date) and isinstance(now, dt.date) and key.startswith("revised"):
        return -1 if now > was else 1
    if key.startswith("revised") and was is None and now is not None:
        return -1
    if key.startswith("golive_actual") and now is not None:
        return 1
    a, b = _number(was), _number(now)
    if a is None and b and key == "actual":
        return 1  # a site's first posts in place
    if a is None or b is None or a == b:
        return 0
    up = 1 if b > a else -1
    return -up if risk and key in ("likelihood", "impact") else up


def _shown(question: Question | None, key: str, value: Any) -> str:
    if value is None or value == "":
        return "none"
    field = next((f for f in question.fields if f.id == key), None) if question else None
    if field is not None:
        text = values.display(field, value) or "none"
    elif isinstance(value, dt.date):
        text = display_date(value)
    else:
        text = str(value)
    text = re.sub(r"– ([A-Z])(?=[a-z])", lambda m: "– " + m[1].lower(), text)  # 4 of 5 – likely
    return text[0].lower() + text[1:] if text[:1].isupper() and text[1:2].islower() else text


def _title(question: Question | None, key: str) -> str:
    if question is not None:
        for field in question.fields:
            if field.id == key:
                return field.title.lower()
        for item in question.items:
            if item.id == key:
                return item.label[0].lower() + item.label[1:]
    return key.replace("_", " ")


def _named(answers: Answers | None, section: str, question: str, selector: str) -> str:
    """A record's name: one addressed by position (``#3``) is looked up in ``answers``."""
    position = POSITION.match(selector)
    records = answers.get(section, question) if answers is not None and position else None
    if position and isinstance(records, list) and 0 < int(position[1]) <= len(records):
        record = records[int(position[1]) - 1]
        if isinstance(record, Mapping):
            return record_name(record) or selector
    return selector


def split(
    framework: Framework,
    changes: Sequence[Change],
    risk_ids: dict[str, str],
    answers: Answers | None = None,
) -> tuple[list[str], list[str], list[str]]:
    """(improved, got worse, other changes): one line per record and direction; a record
    addressed by position is named from ``answers``."""
    risks = roles.ids(framework, "risks")
    grouped: dict[tuple[int, str], list[str]] = {}
    for change in report_words.net_changes(changes):
        try:
            where = parse_path(change.path)
        except BadPath:
            continue
        if where.section == "plan":
            continue
        key = where.rest[0] if where.rest else ""
        if key in QUIET or where.question in QUIET:
            continue
        question = _question(framework, where.section, where.question)
        title = question.title if question else where.question
        if where.record is None and where.rest:  # a rating: sustainability.infrastructure.score
            item = _title(question, where.rest[0])
            name, part = title, f"{item} {change.was} → {change.now}"
            way = direction("score", change.was, change.now)
        elif where.record is None:
            name = title
            part = f"{_shown(question, '', change.was)} → {_shown(question, '', change.now)}"
            way = 0
        elif not where.rest:
            part = (
                "added" if change.was is None else "removed" if change.now is None else "replaced"
            )
            name = f"{where.record} ({question.item_name if question else 'record'})"
            way = 0
        else:
            name = _named(answers, where.section, where.question, where.record)
            risk = (where.section, where.question) == risks
            if risk:
                name = f"{risk_ids.get(name, '')} “{name}”".strip()
            if risk and key == "status" and change.now == "closed":
                part = "closed"
            elif change.was is None:
                part = f"{_title(question, key)} {_shown(question, key, change.now)}"
            else:
                part = (
                    f"{_title(question, key)} {_shown(question, key, change.was)} → "
                    f"{_shown(question, key, change.now)}"
                )
            way = direction(key, change.was, change.now, risk=risk)
        grouped.setdefault((way, name), []).append(part)
    out: dict[int, list[str]] = {1: [], -1: [], 0: []}
    for (way, name), parts in grouped.items():
        out[way].append(f"{name}: {'; '.join(parts)}")
    return out[1], out[-1], out[0]
