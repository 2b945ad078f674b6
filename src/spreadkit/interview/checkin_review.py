"""The check-in's review of what is there: each site, each measure due a reading, each open
action and each open risk, asked so that what did not change costs one key.

A site and a risk ask "any change? (y/N)" first and only then their fields; an action's status
is one list (Enter keeps it). A risk whose review date has passed, and that did not change, asks
"reviewed at this check-in? (y/N)": Enter records nothing, so it stays past review; yes (or a
change) asks for the next date. A site or action that pauses, is withdrawn or is blocked asks why
(kept in the check-in's note).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from typing import Any

from spreadkit.answers import history, updates
from spreadkit.framework import roles, values
from spreadkit.framework.model import Field, Question
from spreadkit.framework.refs import ref_names
from spreadkit.framework.wording import display_date
from spreadkit.interview.ports import CheckinPort
from spreadkit.terminal import display

ASK_WHY = {"paused", "withdrawn", "blocked"}


def field_of(question: Question, field_id: str) -> Field | None:
    return next((f for f in question.fields if f.id == field_id), None)


def where(session: CheckinPort, role: str) -> tuple[str, str]:
    """``(step id, question id)`` of the question playing ``role`` (framework/roles.py)."""
    return roles.ids(session.framework, role)


def aim_unit(session: CheckinPort) -> str:
    """The aim's unit ("posts"): the unit of each site's target and actual."""
    aim = session.answers.get(*where(session, "aim_target"))
    unit = aim.get("unit") if isinstance(aim, Mapping) else None
    return str(unit) if unit else ""


class _Heading:
    """A section's heading, printed before its first item that is asked (not when skipped)."""

    def __init__(self, session: CheckinPort, title: str) -> None:
        self.session, self.title, self.shown = session, title, False

    def show(self) -> None:
        if not self.shown:
            display.heading(self.session.env, self.title)
            self.shown = True


# -- sites ---------------------------------------------------------------------------------------


def ask_sites(session: CheckinPort) -> None:
    sites_at = where(session, "sites")
    question = session.question(*sites_at)
    sites = session.records(*sites_at)
    if question is None or not sites:
        return
    heading = _Heading(session, "Sites")
    for index, site in enumerate(sites):
        if site.get("status") == "withdrawn":
            continue
        name = history.record_name(site) or f"Site {index + 1}"
        if not session.todo(f"site:{name}"):
            continue
        heading.show()
        path = history.record_path(*sites_at, sites, index)
        display.message(
            session.env, f"{name} · {site_line(site, session.on, aim_unit(session))}", style="bold"
        )
        if session.prompter.confirm(f"{name}: any change?", default=False):
            update_site(session, question, path, name)
        session.done(f"site:{name}")


def update_site(session: CheckinPort, question: Question, path: str, name: str) -> None:
    """Status (and why, if paused or withdrawn), go-live, phase, target, count, readiness."""
    was = session.current(f"{path}.status")
    status = session.ask(f"{path}.status", field_of(question, "status"), f"{name}: status")
    if status != was and status in ASK_WHY:
        session.ask_reason(name, status)
    if status == "withdrawn":
        return
    going_live = status == "live" and was != "live"
    if status == "live" and values.is_blank(session.current(f"{path}.golive_actual")):
        golive = field_of(question, "golive_actual")
        session.ask(f"{path}.golive_actual", golive, f"{name}: went live on", offer=session.on)
    phase = field_of(question, "phase")
    if phase is not None and ref_names(session.framework, phase, session.answers.values):
        session.ask(f"{path}.phase", phase, f"{name}: phase")
    unit = aim_unit(session)
    session.ask(f"{path}.target", field_of(question, "target"), f"{name}: target{_in(unit)}")
    target = session.current(f"{path}.target")
    of = f" (target {_number(target)})" if target is not None else ""
    actual = session.current(f"{path}.actual")
    session.ask(
        f"{path}.actual",
        field_of(question, "actual"),
        f"{name}: how many {unit} so far{of}"
        if unit
        else f"{name}: how many so far{of}, in the aim’s unit",
        required=status == "live",
        fresh=going_live and not actual,  # going live with none so far: a count is asked for
    )
    ask_readiness(session, question, path, name)


def ask_readiness(session: CheckinPort, question: Question, path: str, name: str) -> None:
    factors = [field_of(question, f"readiness_{f}") for f in ("people", "context", "innovation")]
    if not any(factors) or not session.prompter.confirm(
        f"{name}: any change in readiness?", default=False
    ):
        return
    changed = False
    for factor in factors:
        if factor is None:
            continue
        before = session.current(f"{path}.{factor.id}")
        after = session.ask(f"{path}.{factor.id}", factor, f"{name}: {factor.title.lower()}")
        changed = changed or after != before
    if changed and field_of(question, "readiness_date") is not None:
        session.set(f"{path}.readiness_date", session.on)


def site_line(site: Mapping[str, Any], on: dt.date, unit: str = "") -> str:
    parts = [str(site.get("status") or "no status").replace("-", " ")]  # "not started"
    if site.get("target") is not None:
        parts.append(
            f"{_number(site.get('actual') or 0)} of {_number(site['target'])}{_in(unit, ' ')}"
        )
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


# -- measures ------------------------------------------------------------------------------------


def ask_measures(session: CheckinPort) -> None:
    measures = session.records(*where(session, "measures"))
    due = [
        m
        for m in measures
        if history.record_name(m)
        and (
            updates.is_due(session.base, m, session.on)
            or history.record_name(m) in session.readings
        )
    ]
    heading = _Heading(session, "Measures due")
    for measure in due:
        name = history.record_name(measure)
        if not session.todo(f"measure:{name}"):
            continue
        heading.show()
        taken = history.readings(session.base, name)
        said = [f"last {_number(taken[-1][1])} on {display_date(taken[-1][0])}"] if taken else []
        said += [
            f"{key} {_number(measure[key])}"
            for key in ("baseline", "target")
            if isinstance(measure.get(key), int | float)
        ]
        if said:
            display.hint(session.env, "; ".join(said))
        now = session.readings.get(name)
        text = session.asker.text_answer(
            f"checkin.reading.{name}",
            f"{name}: value now",
            "" if now is None else _number(now),
            validate=_number_or_blank,
            instruction="(a number, in the measure's own unit; Enter alone to skip)"
            if now is None
            else "",
        )
        if text.strip():
            session.readings[name] = values.parse_number(text)
        else:
            session.readings.pop(name, None)
        session.commit()
        session.done(f"measure:{name}")


# -- actions and risks ---------------------------------------------------------------------------


def ask_actions(session: CheckinPort) -> None:
    actions_at = where(session, "actions")
    question = session.question(*actions_at)
    actions = session.records(*actions_at)
    if question is None:
        return
    heading = _Heading(session, "Open actions")
    for index, action in enumerate(actions):
        name = history.record_name(action)
        if _was(session, actions_at, name, "status", action) == "done":
            continue  # done before this check-in (one done in it is still shown, to undo)
        if not session.todo(f"action:{name}"):
            continue
        heading.show()
        path = history.record_path(*actions_at, actions, index)
        due = action.get("revised_due") or action.get("due")
        overdue = isinstance(due, dt.date) and due < session.on
        when = f" · due {display_date(due)}" if isinstance(due, dt.date) else ""
        display.message(session.env, f"{name}{when}{' · overdue' if overdue else ''}", style="bold")
        was = session.current(f"{path}.status")
        status = session.ask(f"{path}.status", field_of(question, "status"), f"{name}: status")
        if status != was and status in ASK_WHY:
            session.ask_reason(name, status)
        if status != "done" and overdue:
            session.ask(
                f"{path}.revised_due", field_of(question, "revised_due"), f"{name}: new due date"
            )
        session.done(f"action:{name}")


def ask_risks(session: CheckinPort) -> None:
    risks_at = where(session, "risks")
    question = session.question(*risks_at)
    risks = session.records(*risks_at)
    if question is None:
        return
    heading = _Heading(session, "Open risks and issues")
    for index, risk in enumerate(risks):
        name = history.record_name(risk)
        if _was(session, risks_at, name, "status", risk) == "closed":
            continue
        if not session.todo(f"risk:{name}"):
            continue
        heading.show()
        path = history.record_path(*risks_at, risks, index)
        review = risk.get("review")
        late = isinstance(review, dt.date) and review < session.on
        said = [f"likelihood {risk.get('likelihood', '–')}, impact {risk.get('impact', '–')}"]
        if isinstance(review, dt.date):
            said.append(f"review {display_date(review)}{' (passed)' if late else ''}")
        display.message(session.env, f"{name} · {' · '.join(said)}", style="bold")
        if session.prompter.confirm(f"{name}: any change?", default=False):
            status = session.ask(f"{path}.status", field_of(question, "status"), "Status")
            if status != "closed":
                for field_id in ("likelihood", "impact", "mitigation"):
                    field = field_of(question, field_id)
                    if field is not None:
                        session.ask(f"{path}.{field_id}", field, field.prompt)
                ask_review(session, question, path, name, late=late, changed=True)
        elif late and session.prompter.confirm(
            f"{name}: reviewed at this check-in? (its review date has passed)", default=False
        ):  # Enter: not reviewed, so the date stays and the risk is still past review
            ask_review(session, question, path, name, late=True, changed=False)
        session.done(f"risk:{name}")


def ask_review(
    session: CheckinPort, question: Question, path: str, name: str, *, late: bool, changed: bool
) -> None:
    """The next review date: asked when one has passed (Enter does not keep a past date)."""
    field = field_of(question, "review")
    if field is None or not (late or changed):
        return
    on: dt.date = session.on

    def after_today(text: str) -> str | None:
        try:
            day = values.parse_date(text)
        except values.BadValue as exc:
            return values.problem_sentence(exc)
        return None if day > on else f"Give a date after {display_date(on)}."

    current = session.current(f"{path}.review")
    offer = current if isinstance(current, dt.date) and current > on else _months_after(on, 3)
    text = session.asker.text_answer(
        f"checkin.{path}.review",
        f"{name}: next review date" + (" (the last one has passed)" if late else ""),
        offer.isoformat(),
        validate=after_today,
        instruction="(a date after this check-in: YYYY-MM-DD or DD/MM/YYYY)",
    )
    session.set(f"{path}.review", values.parse_date(text))


def _was(
    session: CheckinPort, where: tuple[str, str], name: str, key: str, record: Mapping[str, Any]
) -> Any:
    """A record's ``key`` before this check-in (a record added in it: as it is now)."""
    for old in session.base.get(*where) or []:
        if isinstance(old, Mapping) and history.record_name(old) == name:
            return old.get(key)
    return record.get(key)


def _months_after(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _in(unit: str, sep: str = " in ") -> str:
    if not unit:
        return ""
    return f"{sep}{unit}" if sep == " " else f" (in {unit})"


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
        return values.problem_sentence(exc)
    return None
