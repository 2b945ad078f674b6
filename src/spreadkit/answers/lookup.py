"""Answers read for the figures: a table answer's rows (by the role its question plays, or by
its ids), the date the plan is judged on, and an answer taken as a number or a date.

These read the answers and nothing else; what the rows and values mean for the programme is
worked out in ``plan.figures``. Nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from spreadkit.answers.store import Answers
from spreadkit.framework import roles
from spreadkit.framework.model import Framework


def as_of_date(answers: Answers, given: dt.date | None = None) -> dt.date | None:
    """The date progress is judged on: ``given``, else ``--as-of`` (``answers.as_of``), else the
    latest check-in's date, else the plan's ``updated`` date, else its ``created`` date. Never
    today's date."""
    if given is not None:
        return given
    if answers.as_of is not None:
        return answers.as_of
    if answers.checkins:
        return answers.checkins[-1].date
    for key in ("updated", "created"):
        value = answers.details.get(key)
        if isinstance(value, dt.date):
            return value
    return None


def role_records(framework: Framework, answers: Answers, role: str) -> list[Mapping[str, Any]]:
    """The rows of the table answer that plays ``role`` in the content (framework/roles.py)."""
    return records(answers, *roles.ids(framework, role))


def records(answers: Answers, section_id: str, question_id: str) -> list[Mapping[str, Any]]:
    """The rows of a table answer, skipping anything that is not a row; [] when it is not a list."""
    value = answers.get(section_id, question_id)
    return [r for r in value if isinstance(r, Mapping)] if isinstance(value, list) else []


def as_date(value: Any) -> dt.date | None:
    """A date from an answer: a date, or an ISO text; anything else is no date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def as_number(value: Any) -> float | None:
    """A number answer as a float; None for anything else (True and False are not numbers)."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
