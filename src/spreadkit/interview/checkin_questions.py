"""The check-in: a short, dated update of a running programme, saved after every answer.

It asks only what can change, each with the current value offered (Enter keeps it): for each
site and each open risk first "any change? (y/N)" and only then its fields; a reading of each
measure that is due; the status of each open action; then sites, actions, risks and measures to
add or close; optionally the sustainability factors re-rated; a note.

The check-in in progress is always the file's latest check-in: each answer that changes
something records it again from the answers as they stood before (``base``), in one atomic
save, so a Ctrl-C keeps everything answered. Run again on the same date, it carries on that
check-in from the item after the last one answered (kept with the drafts), not from the start.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from spreadkit.answers import history
from spreadkit.answers.checkins import Checkin
from spreadkit.answers.readings import Reading
from spreadkit.answers.store import Answers
from spreadkit.core.environment import Environment
from spreadkit.framework import roles, values
from spreadkit.framework.model import Field, Framework, Question, QuestionType
from spreadkit.framework.wording import display_date
from spreadkit.interview import checkin_more, checkin_review
from spreadkit.interview.drafts import Drafts
from spreadkit.interview.groups import scale_options
from spreadkit.interview.ports import Prompter, Save
from spreadkit.interview.walker import Interview
from spreadkit.terminal import display

POSITION = "checkin.position"  # the drafts' key for "answered up to here"


class CheckinSession:
    """One check-in dated ``on``. ``answers`` always holds the latest answers, saved on change."""

    def __init__(
        self,
        framework: Framework,
        answers: Answers,
        prompter: Prompter,
        env: Environment,
        save: Save,
        on: dt.date,
        *,
        drafts: Drafts | None = None,
    ) -> None:
        self.framework = framework
        self.prompter = prompter
        self.env = env
        self.on = on
        self._save = save
        self.drafts = drafts or Drafts(None)
        self.base = answers
        self.changes: dict[str, Any] = {}
        self.readings: dict[str, float] = {}  # asked here: each on the check-in's date
        self.kept: tuple[Reading, ...] = ()  # dated or split readings recorded otherwise
        self.note = ""
        self.resumed = False
        self._saved: Checkin | None = None  # the check-in as last saved (None: not yet)
        self._resume_after: str | None = None  # carrying on: skip up to and including this item
        latest = history.latest_checkin(answers)
        if latest is not None and latest.date == on:  # carried on, not repeated
            self.base = history.before_latest(answers)
            self.changes = {c.path: c.now for c in latest.changes}
            self.readings = {r.measure: r.value for r in latest.readings if r.short(on)}
            self.kept = tuple(r for r in latest.readings if not r.short(on))
            self.note = latest.note
            self.resumed = True
            self._saved = latest
            stored = self.drafts.get(POSITION) or ""
            day, _, item = stored.partition(" ")
            if day == on.isoformat() and item:
                self._resume_after = item
        self.answers = answers
        # The interview asks one value of any type (with drafts); its own saving is not used.
        self._asker = Interview(framework, answers, prompter, env, lambda _: None, drafts=drafts)

    @property
    def checkin(self) -> Checkin | None:
        return history.latest_checkin(self.answers) if self._saved is not None else None

    @property
    def asker(self) -> Interview:
        return self._asker

    # -- the whole check-in -----------------------------------------------------------------

    def run(self) -> Answers:
        if self.resumed:
            count = len(self._saved.answer_changes()) if self._saved else 0
            where = " from where you stopped" if self._resume_after else ""
            display.message(
                self.env,
                f"Carrying on the check-in of {display_date(self.on)}{where} "
                f"({count} change{'' if count == 1 else 's'} so far). Enter keeps each answer.",
            )
        else:
            display.hint(self.env, "Enter keeps each answer as it is.")
        self._walk()
        if self._resume_after is not None:  # where it stopped is gone: go through from the start
            self._resume_after = None
            self._walk()
        self.commit(final=True)
        self.drafts.drop(POSITION)
        return self.answers

    def _walk(self) -> None:
        checkin_review.ask_sites(self)
        checkin_review.ask_measures(self)
        checkin_review.ask_actions(self)
        checkin_review.ask_risks(self)
        if self.todo("more"):
            checkin_more.ask_more(self)
            self.done("more")
        if self.todo("sustainability"):
            self.ask_sustainability()
            self.done("sustainability")
        self.ask_note()

    # -- where it stopped -------------------------------------------------------------------

    def todo(self, item: str) -> bool:
        """Whether to ask ``item`` (such as ``site:Aldbrook PCN``): not when carrying on from
        a later item."""
        if self._resume_after is None:
            return True
        if item == self._resume_after:
            self._resume_after = None  # asked last time: carry on after it
        return False

    def done(self, item: str) -> None:
        """``item`` is answered: a check-in stopped after this carries on after it."""
        self.drafts.keep(POSITION, f"{self.on.isoformat()} {item}")

    # -- saving -------------------------------------------------------------------------------

    def commit(self, *, final: bool = False) -> None:
        """Record the check-in so far; save when it differs from what is saved (or at the end)."""
        taken = [*self.kept, *(Reading(m, self.on, v) for m, v in self.readings.items())]
        self.answers = history.record(self.base, self.on, self.changes, taken, self.note)
        self._asker.answers = self.answers
        latest = history.latest_checkin(self.answers)
        if final or not _same_checkin(latest, self._saved or Checkin(self.on)):
            self._save(self.answers)
            self._saved = latest

    def set(self, path: str, value: Any) -> None:
        self.changes[path] = value
        self.commit()

    def current(self, path: str) -> Any:
        return history.get_path(self.answers, path)

    def add_to_note(self, line: str) -> None:
        """A reason given during the check-in (why a site paused), kept in its note."""
        self.note = f"{self.note}; {line}" if self.note else line
        self.commit()

    # -- one value --------------------------------------------------------------------------

    def ask(
        self,
        path: str,
        field: Field | None,
        message: str,
        offer: Any = None,
        *,
        required: bool = False,
        fresh: bool = False,
    ) -> Any:
        """Ask ``field`` at ``path`` with its current value (else ``offer``) offered; save what
        is answered. ``fresh``: the current value is not offered (a date that has passed)."""
        if field is None:
            return None
        current = None if fresh else self.current(path)
        if values.is_blank(current):
            current = offer
        keep = not values.is_blank(current)
        # A value already there is kept by Enter: no "Skip for now", no "(optional)".
        asked = dataclasses.replace(
            field, prompt=message, required=field.required or keep or required
        )
        value = self._asker.ask_field(asked, current, key=f"checkin.{path}")
        self.set(path, value)
        return value

    def ask_reason(self, name: str, status: str) -> None:
        """Why a site or an action paused, was withdrawn or is blocked: kept in the note."""
        word = status.replace("-", " ")
        text = self._asker.text_answer(
            f"checkin.reason.{name}",
            f"{name}: why is it {word}?",
            "",
            instruction="(a few words for the check-in's note; Enter alone to skip)",
        )
        if text.strip():
            self.add_to_note(f"{name} {word}: {text.strip()}")

    # -- sustainability and the note ------------------------------------------------------------

    def ask_sustainability(self) -> None:
        where = roles.ids(self.framework, "sustainability")
        question = self.question(*where)
        if question is None or question.type is not QuestionType.RATINGS:
            return
        if not self.prompter.confirm("Re-rate the sustainability factors?", default=False):
            return
        display.heading(self.env, question.title)
        for item in question.items:
            path = f"{'.'.join(where)}.{item.id}.score"
            current = self.current(path)
            options, keys = scale_options(
                question, question.points, skip=current is None, item=item
            )
            picked = self.prompter.select(
                item.label,
                options,
                default=str(current) if current is not None else options[-1][0],
                keys=keys,
            )
            if picked.isdecimal():
                self.set(path, int(picked))

    def ask_note(self) -> None:
        text = self._asker.text_answer(
            "checkin.note",
            "A note on this check-in (optional)",
            self.note,
            instruction="(Enter alone to skip)" if not self.note else "",
        )
        self.note = text.strip()
        self.commit()

    # -- helpers ----------------------------------------------------------------------------------

    def question(self, section_id: str, question_id: str) -> Question | None:
        section = self.framework.section(section_id)
        return section.question(question_id) if section else None

    def records(self, section_id: str, question_id: str) -> list[Mapping[str, Any]]:
        value = self.answers.get(section_id, question_id)
        return [r for r in value or [] if isinstance(r, Mapping)]


def _same_checkin(one: Checkin | None, other: Checkin | None) -> bool:
    if one is None or other is None:
        return one is other
    # the plan's own date moves with every check-in: not a reason to save
    return (one.answer_changes(), set(one.readings), one.note) == (
        other.answer_changes(),
        set(other.readings),
        other.note,
    )
