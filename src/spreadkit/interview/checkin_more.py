"""What a check-in adds or closes: a site joining (a new cohort), a new action, risk or measure;
a site withdrawn, an action done, a risk closed, a measure no longer collected.

One list after the review ("Anything to add or close?", Enter: nothing more), so a check-in
where nothing is added costs one key. A new record is asked as the interview asks one (the
quick line first where the content gives one), starting from the last record of its kind when
the person says so; each is saved as a change of the check-in, so the history has it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spreadkit.answers import history
from spreadkit.answers.checkins import POSITION
from spreadkit.framework import roles
from spreadkit.interview import groups
from spreadkit.interview.ports import CheckinPort
from spreadkit.terminal import display

# (kind and the role of its question, the status that closes it (None: the record is
# removed), what closing it is called)
KINDS: tuple[tuple[str, str, str | None, str], ...] = (
    ("site", "sites", "withdrawn", "Withdraw a site"),
    ("action", "actions", "done", "Mark an action done"),
    ("risk", "risks", "closed", "Close a risk or issue"),
    ("measure", "measures", None, "Stop collecting a measure"),
)


def ask_more(session: CheckinPort) -> None:
    while True:
        options = [("done", "Nothing more")]
        closable = []
        for kind, role, closed, verb in KINDS:
            where = roles.ids(session.framework, role)
            question = session.question(*where)
            if question is None:
                continue
            options.append((f"add {kind}", f"Add {_a(question.item_name)}"))
            if _open(session, where, closed):
                closable.append((f"close {kind}", verb))
        picked = session.prompter.select(
            "Anything to add or close?", options + closable, default="done"
        )
        if picked == "done":
            return
        verb, _, kind = picked.partition(" ")
        role, closed = next((r, c) for k, r, c, _ in KINDS if k == kind)
        where = roles.ids(session.framework, role)
        if verb == "add":
            add_record(session, where)
        else:
            close_record(session, kind, where, closed)


def add_record(session: CheckinPort, where: tuple[str, str]) -> None:
    section = session.framework.section(where[0])
    question = session.question(*where)
    assert section is not None and question is not None
    records = session.records(*where)
    record = groups.ask_record(session.asker, section, question, {})
    if not record:
        return
    names = [history.record_name(r) for r in records]
    name = history.record_name(record)
    usable = name and name not in names and "]" not in name and not POSITION.match(name)
    path = f"{where[0]}.{where[1]}[{name if usable else f'#{len(records) + 1}'}]"
    session.set(path, record)
    display.message(session.env, f"Added {question.item_name} “{name}”.")


def close_record(
    session: CheckinPort, kind: str, where: tuple[str, str], closed: str | None
) -> None:
    records = session.records(*where)
    open_ones = _open(session, where, closed)
    options = [(str(i), history.record_name(records[i])) for i in open_ones]
    options.append(("back", "Go back"))
    picked = session.prompter.select(f"Which {kind}?", options)
    if picked == "back":
        return
    index = int(picked)
    path = history.record_path(*where, records, index)
    name = history.record_name(records[index])
    if closed is None:
        if session.prompter.confirm(f"Stop collecting “{name}”? (its readings are kept)"):
            session.set(path, None)
        return
    session.set(f"{path}.status", closed)
    if closed == "withdrawn":
        session.ask_reason(name, closed)


def _open(session: CheckinPort, where: tuple[str, str], closed: str | None) -> list[int]:
    records: list[Mapping[str, Any]] = session.records(*where)
    if closed is None:
        return list(range(len(records)))
    return [i for i, r in enumerate(records) if r.get("status") != closed]


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"
