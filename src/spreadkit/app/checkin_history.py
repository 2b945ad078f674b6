"""``spreadkit history FILE``: the check-ins kept in an answers file, oldest first, each with its
date, note, counts, its changes in words and its readings, and where the plan stands now.

Oldest first, as they are kept in the file: the list reads as the programme's story, and in a
terminal the latest check-in and the closing line are the last printed, nearest the prompt.
``--limit N`` keeps the latest N (still oldest first).
"""

from __future__ import annotations

import datetime as dt

from spreadkit.answers import readings as readings_data
from spreadkit.answers.checkins import Checkin
from spreadkit.answers.describe import change_lines
from spreadkit.answers.store import Answers
from spreadkit.app.commands import load_answers
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.core.records import dataclass
from spreadkit.framework import packs
from spreadkit.framework.model import Framework
from spreadkit.framework.wording import display_date


@dataclass(frozen=True)
class HistoryEntry:
    """One check-in as listed: its headline, then one line per subject changed or measure read."""

    headline: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class HistoryListing:
    title: str
    intro: str  # "3 check-ins, oldest first" (or "the latest 2 of 3")
    entries: tuple[HistoryEntry, ...]
    now: str  # where the current values stand


def show_history(env: Environment, source: str, limit: int | None = None) -> ExitStatus:
    from spreadkit.terminal import display

    if limit is not None and limit < 1:
        raise SpreadkitError(
            Problem("--limit: give how many check-ins to list, 1 or more"), ExitStatus.USAGE
        )
    framework = packs.load(env.content)
    answers = load_answers(env, framework, source)
    if not answers.checkins:
        display.message(
            env,
            f"No check-ins in {source} yet. Record one with: {env.command} checkin {source}",
        )
        return ExitStatus.OK
    shown = listing(framework, answers, source, limit)
    display.history(
        env,
        f"{shown.title}: {shown.intro}",
        [(e.headline, e.lines) for e in shown.entries],
        shown.now,
    )
    return ExitStatus.OK


def listing(
    framework: Framework, answers: Answers, source: str, limit: int | None = None
) -> HistoryListing:
    """The check-ins of ``answers`` as listed by ``spreadkit history``."""
    everything = answers.checkins
    shown = everything[-limit:] if limit else everything
    count = len(everything)
    said = f"{count} check-in{'' if count == 1 else 's'}"
    if len(shown) < count:
        said = f"the latest {len(shown)} of {said}"
    return HistoryListing(
        title=f"Check-ins of {answers.details.get('title') or source}",
        intro=f"{said}, oldest first" if len(shown) > 1 else said,
        entries=tuple(entry(framework, checkin) for checkin in shown),
        now=standing(framework, answers),
    )


def entry(framework: Framework, checkin: Checkin) -> HistoryEntry:
    """A check-in's headline (date · note · counts), its changes in words and its readings.
    The plan's own date, which every check-in moves, is left out."""
    lines = change_lines(framework, checkin.answer_changes())
    lines += [readings_data.line(r, checkin.date) for r in checkin.readings]
    return HistoryEntry(checkin.headline(), tuple(lines))


def standing(framework: Framework, answers: Answers) -> str:
    """Where the current values stand: they are the latest check-in's, as of its date, with the
    aim's progress and what is behind on that date."""
    from spreadkit.plan.figures import aim_figures, tracking
    from spreadkit.plan.views import report_words

    latest = answers.checkins[-1]
    on: dt.date = latest.date
    parts = []
    aim = report_words.aim_words(framework, answers)
    if aim and aim_figures.progress(framework, answers).value is not None:
        parts.append(f"aim {aim}")
    late = [
        _count(
            len(tracking.overdue_actions(framework, answers, on)),
            "action overdue",
            "actions overdue",
        ),
        _count(len(tracking.sites_behind(framework, answers, on)), "site behind", "sites behind"),
        _count(
            len(tracking.risks_past_review(framework, answers, on)),
            "risk past its review",
            "risks past their review",
        ),
        _count(
            len(tracking.measures_not_updated(framework, answers, on)),
            "measure not updated",
            "measures not updated",
        ),
    ]
    parts += [words for words in late if words] or ["nothing behind"]
    return f"Now (the latest check-in's values, {display_date(on)}): {'; '.join(parts)}."


def _count(n: int, one: str, many: str) -> str:
    return "" if n == 0 else f"{n} {one if n == 1 else many}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
