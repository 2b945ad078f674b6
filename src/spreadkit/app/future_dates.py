"""A check-in dated after today is asked about, or needs ``--future``.

History only grows forwards: no check-in can be dated before the latest one. So one check-in
dated far ahead, such as ``2199-12-31`` taken from a reading's date in a tracker or a year typed
wrongly, would block every real check-in after it. A date later than today is therefore taken
only when the person confirms it at a prompt, or gives ``--future`` (scripts, or a plan kept on
purpose ahead of time).

"Today" here is this computer's date (the one place a command reads the clock, and only to guard
this; dates written into a file still come from the answers, the history or an option), with a
day's grace for time zones. ``SPREADKIT_TODAY=YYYY-MM-DD`` sets it instead: the test suite does,
as its example plans are dated in 2027 and later.
"""

from __future__ import annotations

import datetime as dt
import os

from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.framework.wording import display_date
from spreadkit.interview.ports import Prompter

_GRACE = dt.timedelta(days=1)  # somewhere in the world it is already tomorrow


def guard_today() -> dt.date:
    """The date this guard takes as today: SPREADKIT_TODAY if set, else this computer's date."""
    given = os.environ.get("SPREADKIT_TODAY", "").strip()
    if given:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            raise SpreadkitError(
                Problem(f"SPREADKIT_TODAY={given} is not a date", hint="use YYYY-MM-DD"),
                ExitStatus.USAGE,
            ) from None
    return dt.date.today()


def is_future(on: dt.date) -> bool:
    return on > guard_today() + _GRACE


def _why(on: dt.date) -> str:
    return (
        f"{display_date(on)} is after today ({display_date(guard_today())}): no check-in dated "
        "before it could be recorded afterwards"
    )


def refuse_future(on: dt.date, allowed: bool, where: str, retry: str) -> None:
    """SpreadkitError (exit 2) when ``on`` is after today and ``--future`` was not given."""
    if allowed or not is_future(on):
        return
    raise SpreadkitError(
        Problem(
            f"{where} {on.isoformat()}: {_why(on)}",
            hint=f"give the date the check-in was made, or if it is meant to be ahead: {retry}",
        ),
        ExitStatus.USAGE,
    )


def confirm_future(prompter: Prompter, on: dt.date, allowed: bool) -> bool:
    """Whether a check-in dated ``on`` may be recorded: yes when it is not after today or
    ``--future`` was given; otherwise the person is asked (default no)."""
    if allowed or not is_future(on):
        return True
    return prompter.confirm(f"{_why(on)}. Record the check-in on that date?", default=False)
