"""The answers as they stood on a date: what ``--as-of`` shows.

A plan judged "as of" a past date must not mix that date with today's data: a site added
since, a risk rescored since or a reading taken since would make the past look like the
present. ``as_it_stood`` rebuilds the answers after the last check-in on or before the date
(``history.states``), keeps only the check-ins up to then, and sets the date to judge on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from spreadkit.answers import history
from spreadkit.answers.store import Answers
from spreadkit.framework import values


def as_it_stood(answers: Answers, day: dt.date) -> Answers:
    """``answers`` as they stood at the end of ``day``, judged on ``day``.

    After the last check-in on or before ``day``; before the first check-in, the answers as
    first recorded (the plan before any check-in), which is all the file can show of then.
    """
    if not answers.checkins:
        return replace(answers, as_of=day)
    kept = tuple(c for c in answers.checkins if c.date <= day)
    if len(kept) == len(answers.checkins):
        return replace(answers, as_of=day)
    stood = history.states(answers)[len(kept)][1]
    first = answers.checkins[0].date if not kept else None
    return replace(stood, checkins=kept, as_of=day, first_checkin=first)


def first_recorded(answers: Answers) -> dt.date | None:
    """The earliest date the file records the plan on: its ``created`` date, else the first
    check-in's."""
    created = answers.details.get("created")
    if isinstance(created, dt.date):
        return created
    return answers.checkins[0].date if answers.checkins else None


def cannot_show(answers: Answers, day: dt.date) -> str:
    """What the answers cannot show as of ``day``, in words; "" when they can show all of it."""
    first = first_recorded(answers)
    if first is not None and day < first:
        return (
            f"Nothing was recorded before {values.display_date(first)}: the plan is shown as "
            f"first recorded, and progress, risks and readings of {values.display_date(day)} "
            "cannot be shown."
        )
    first_checkin = answers.first_checkin or (
        answers.checkins[0].date if answers.checkins else None
    )
    if first_checkin is not None and day < first_checkin:
        return (
            f"No check-in was recorded by {values.display_date(day)}: the plan is shown as it "
            f"stood before the first check-in ({values.display_date(first_checkin)}), and may "
            f"hold what was known after {values.display_date(day)}."
        )
    return ""
