"""The check-in: a short, dated update of a running programme, saved after every answer.

It asks only what can change, each with the current value offered (Enter keeps it): each site's
status, phase and actual against target, and any change in its readiness; a reading of each
measure that is due; the status or revised date of each open action; a review of each open risk;
optionally the sustainability factors re-rated; a note.

The check-in in progress is always the file's latest check-in: each answer that changes
something records it again from the answers as they stood before (``base``), in one atomic
save, so a Ctrl-C keeps everything answered. Run again on the same date, it carries on that
check-in rather than starting another.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from spreadkit.answers import history, updates
from spreadkit.answers.checkins import Checkin
from spreadkit.answers.readings import Reading
from spreadkit.answers.store import Answers
from spreadkit.core.environment import Environment
from spreadkit.framework import roles, values
from spreadkit.framework.model import Field, Framework, Question, QuestionType
from spreadkit.framework.refs import ref_names
from spreadkit.framework.wording import display_date
from spreadkit.interview.drafts import Drafts
from spreadkit.interview.groups import scale_options
from spreadkit.interview.ports import Prompter, Save
from spreadkit.interview.walker import Interview
from spreadkit.terminal import display


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
        self.base = answers
        self.changes: dict[str, Any] = {}
        self.readings: dict[str, float] = {}  # asked here: each on the check-in's date
        self.kept: tuple[Reading, ...] = ()  # dated or split readings recorded otherwise
        self.note = ""
        self.resumed = False
        self._saved: Checkin | None = None  # the check-in as last saved (None: not yet)
        latest = history.latest_checkin(answers)
        if latest is not None and latest.date == on:  # carried on, not repeated
            self.base = history.before_latest(answers)
            self.changes = {c.path: c.now for c in latest.changes}
            self.readings = {r.measure: r.value for r in latest.readings if r.short(on)}
            self.kept = tuple(r for r in latest.readings if not r.short(on))
            self.note = latest.note
            self.resumed = True
            self._saved = latest
        self.answers = answers
        # The interview asks one value of any type (with drafts); its own saving is not used.
        self._asker = Interview(framework, answers, prompter, env, lambda _: None, drafts=drafts)

    @property
    def checkin(self) -> Checkin | None:
        return history.latest_checkin(self.answers) if self._saved is not None else None

    # -- the whole check-in -----------------------------------------------------------------

    def run(self) -> Answers:
        if self.resumed:
            count = len(self._saved.answer_changes()) if self._saved else 0
            display.message(
                self.env,
                f"Carrying on the check-in of {display_date(self.on)} "
                f"({count} change{'' if count == 1 else 's'} so far). Enter keeps each answer.",
            )
        else:
            display.hint(self.env, "Enter keeps each answer as it is.")
        self.ask_sites()
        self.ask_measures()
        self.ask_actions()
        self.ask_risks()
        self.ask_sustainability()
        self.ask_note()
        self.commit(final=True)
        return self.answers

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

    # -- one value --------------------------------------------------------------------------

    def ask(self, path: str, field: Field | None, message: str, offer: Any = None) -> Any:
        """Ask ``field`` at ``path`` with its current value (else ``offer``) offered; save what
        is answered."""
        if field is None:
            return None
        current = self.current(path)
        if values.is_blank(current):
            current = offer
        keep = not values.is_blank(current)
        # A value already there is kept by Enter: no "Skip for now", no "(optional)".
        asked = dataclasses.replace(field, prompt=message, required=field.required or keep)
        value = self._asker.ask_field(asked, current, key=f"checkin.{path}")
        self.set(path, value)
        return value

    # -- sites ----------------------------------------------------------------------------------

    def ask_sites(self) -> None:
        question = self._question(*self._role("sites"))
        sites = self._records(*self._role("sites"))
        if question is None or not sites:
            return
        display.heading(self.env, "Sites")
        for index, site in enumerate(sites):
            if site.get("status") == "withdrawn":
                continue
            path = history.record_path(*self._role("sites"), sites, index)
            name = history.record_name(site) or f"Site {index + 1}"
            display.message(self.env, f"{name} · {_site_line(site, self.on)}", style="bold")
            status = self.ask(f"{path}.status", _field(question, "status"), f"{name}: status")
            if status == "live" and values.is_blank(self.current(f"{path}.golive_actual")):
                golive = _field(question, "golive_actual")
                self.ask(f"{path}.golive_actual", golive, f"{name}: went live on", offer=self.on)
            phase = _field(question, "phase")
            if phase is not None and ref_names(self.framework, phase, self.answers.values):
                self.ask(f"{path}.phase", phase, f"{name}: phase")
            target = site.get("target")
            of = f" (target {values.display(_field(question, 'target') or question, target)})"
            self.ask(
                f"{path}.actual",
                _field(question, "actual"),
                f"{name}: how many so far{of if target is not None else ''}",
            )
            self.ask_readiness(question, path, name)

    def ask_readiness(self, question: Question, path: str, name: str) -> None:
        factors = [_field(question, f"readiness_{f}") for f in ("people", "context", "innovation")]
        if not any(factors) or not self.prompter.confirm(
            f"{name}: any change in readiness?", default=False
        ):
            return
        changed = False
        for factor in factors:
            if factor is None:
                continue
            before = self.current(f"{path}.{factor.id}")
            after = self.ask(f"{path}.{factor.id}", factor, f"{name}: {factor.title.lower()}")
            changed = changed or after != before
        if changed and _field(question, "readiness_date") is not None:
            self.set(f"{path}.readiness_date", self.on)

    # -- measures -------------------------------------------------------------------------------

    def ask_measures(self) -> None:
        measures = self._records(*self._role("measures"))
        due = [
            m
            for m in measures
            if history.record_name(m)
            and (updates.is_due(self.base, m, self.on) or history.record_name(m) in self.readings)
        ]
        if not due:
            return
        display.heading(self.env, "Measures due")
        for measure in due:
            name = history.record_name(measure)
            taken = history.readings(self.base, name)
            said = (
                [f"last {_number(taken[-1][1])} on {display_date(taken[-1][0])}"] if taken else []
            )
            said += [
                f"{key} {_number(measure[key])}"
                for key in ("baseline", "target")
                if isinstance(measure.get(key), int | float)
            ]
            if said:
                display.hint(self.env, "; ".join(said))
            now = self.readings.get(name)
            text = self._asker.text_answer(
                f"checkin.reading.{name}",
                f"{name}: value now",
                "" if now is None else _number(now),
                validate=_number_or_blank,
                instruction="(a number; Enter alone to skip)" if now is None else "",
            )
            if text.strip():
                self.readings[name] = values.parse_number(text)
            else:
                self.readings.pop(name, None)
            self.commit()

    # -- actions and risks ------------------------------------------------------------------------

    def ask_actions(self) -> None:
        question = self._question(*self._role("actions"))
        actions = self._records(*self._role("actions"))
        open_ones = [i for i, a in enumerate(actions) if a.get("status") != "done"]
        if question is None or not open_ones:
            return
        display.heading(self.env, "Open actions")
        for index in open_ones:
            action = actions[index]
            path = history.record_path(*self._role("actions"), actions, index)
            name = history.record_name(action)
            due = action.get("revised_due") or action.get("due")
            when = f" · due {display_date(due)}" if isinstance(due, dt.date) else ""
            when += " · overdue" if isinstance(due, dt.date) and due < self.on else ""
            display.message(self.env, f"{name}{when}", style="bold")
            status = self.ask(f"{path}.status", _field(question, "status"), f"{name}: status")
            if status != "done":
                self.ask(
                    f"{path}.revised_due",
                    _field(question, "revised_due"),
                    f"{name}: revised due date",
                )

    def ask_risks(self) -> None:
        question = self._question(*self._role("risks"))
        risks = self._records(*self._role("risks"))
        open_ones = [i for i, r in enumerate(risks) if r.get("status") != "closed"]
        if question is None or not open_ones:
            return
        display.heading(self.env, "Open risks and issues")
        for index in open_ones:
            path = history.record_path(*self._role("risks"), risks, index)
            name = history.record_name(risks[index])
            review = risks[index].get("review")
            late = isinstance(review, dt.date) and review < self.on
            display.message(
                self.env, name + (" · past its review date" if late else ""), style="bold"
            )
            status = self.ask(f"{path}.status", _field(question, "status"), "Status")
            if status == "closed":
                continue
            for field_id in ("likelihood", "impact", "review"):
                field = _field(question, field_id)
                if field is not None:
                    self.ask(f"{path}.{field_id}", field, field.prompt)

    # -- sustainability and the note ------------------------------------------------------------

    def ask_sustainability(self) -> None:
        question = self._question(*self._role("sustainability"))
        if question is None or question.type is not QuestionType.RATINGS:
            return
        if not self.prompter.confirm("Re-rate the sustainability factors?", default=False):
            return
        display.heading(self.env, question.title)
        for item in question.items:
            path = f"{'.'.join(self._role('sustainability'))}.{item.id}.score"
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

    def _role(self, name: str) -> tuple[str, str]:
        """``(step id, question id)`` of the question playing role ``name`` in the content."""
        return roles.ids(self.framework, name)

    def _question(self, section_id: str, question_id: str) -> Question | None:
        section = self.framework.section(section_id)
        return section.question(question_id) if section else None

    def _records(self, section_id: str, question_id: str) -> list[Mapping[str, Any]]:
        value = self.answers.get(section_id, question_id)
        return [r for r in value or [] if isinstance(r, Mapping)]


def _field(question: Question, field_id: str) -> Field | None:
    return next((f for f in question.fields if f.id == field_id), None)


def _same_checkin(one: Checkin | None, other: Checkin | None) -> bool:
    if one is None or other is None:
        return one is other
    # the plan's own date moves with every check-in: not a reason to save
    return (one.answer_changes(), set(one.readings), one.note) == (
        other.answer_changes(),
        set(other.readings),
        other.note,
    )


def _site_line(site: Mapping[str, Any], on: dt.date) -> str:
    parts = [str(site.get("status") or "no status").replace("-", " ")]  # "not started"
    if site.get("target") is not None:
        parts.append(f"{_number(site.get('actual') or 0)} of {_number(site['target'])}")
    rag = [
        f"{f} {site[f'readiness_{f}']}"
        for f in ("people", "context", "innovation")
        if site.get(f"readiness_{f}")
    ]
    if rag:
        parts.append("readiness " + ", ".join(rag))
    planned = site.get("golive_planned")
    if isinstance(planned, dt.date) and site.get("status") != "live":
        late = " (passed)" if planned < on and not site.get("golive_actual") else ""
        parts.append(f"go-live planned {display_date(planned)}{late}")
    return " · ".join(parts)


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number_or_blank(text: str) -> str | None:
    if not text.strip():
        return None
    try:
        values.parse_number(text)
    except values.BadValue as exc:
        return values.sentence(exc)
    return None
