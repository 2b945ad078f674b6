"""The final review's question of the plan's state: its status (draft, for approval, approved:
what the board is asked to do with it) and its version. Asked from the final review's menu, so
a plan can say where it stands without anyone editing the answers file by hand."""

from __future__ import annotations

from typing import Protocol

from spreadkit.answers.store import STATUSES, Answers
from spreadkit.interview.ports import Prompter


class Interview(Protocol):
    """What of the interview this asks with (the walker's ``Interview``)."""

    answers: Answers
    prompter: Prompter

    def commit(self, answers: Answers) -> None: ...

    def text_answer(self, key: str, message: str, current: str) -> str: ...


def review_choices(answers: Answers) -> list[tuple[str, str]]:
    """The final review's menu, the plan's status and version said on its first line."""
    details = answers.details
    version = f"version {details['version']}" if details.get("version") else "no version"
    return [
        ("write", f"Yes, write the plan ({details.get('status') or 'draft'}, {version})"),
        ("change", "Change an answer first"),
        ("details", "Change the plan's title or details"),
        ("state", "Set the plan's status (draft, for approval, approved) and version"),
    ]


def ask(interview: Interview) -> None:
    """Ask the plan's status, then its version (Enter keeps each); each saved at once."""
    current = str(interview.answers.details.get("status") or "draft")
    status = interview.prompter.select(
        "What is the plan's status?",
        [(s, s.capitalize()) for s in STATUSES],
        default=current if current in STATUSES else "draft",
    )
    interview.commit(interview.answers.with_detail("status", status))
    version = interview.text_answer(
        "plan.version",
        "The plan's version, such as 0.3 or 1.0",
        str(interview.answers.details.get("version") or ""),
    )
    if version.strip():
        interview.commit(interview.answers.with_detail("version", version.strip()))
