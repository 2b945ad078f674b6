"""What spreadkit prints as plain lines, with no rich: the welcome (so that the first question
does not wait for rich to load), and what must stay copy-pasteable or readable in a pipe.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from spreadkit.core.environment import Environment
from spreadkit.core.text import printable
from spreadkit.framework.model import Framework

if TYPE_CHECKING:
    from spreadkit.plan.figures.status import StepStatus


# From benchmarks/interview_keys.py (the example plan typed into the real interview): every
# question, 373 navigation keys and 4,800 (typical) to 8,000 (thorough) characters of answers;
# the required ones only, 41 keys and about 1,900 characters; at the 110 to 135 characters a
# minute, thinking included, of issue 14's measured run.
TIME_ALL = "40 to 60 minutes"
TIME_REQUIRED = "about 15 minutes"
KEYS = (
    "Keys: Enter keeps the answer shown (or saves what you typed); in a long answer, Alt+Enter or "
    "Ctrl-J starts a new line and Ctrl-E opens your editor; on a rating, press its number; "
    "Ctrl-T shows the step's tips."
)


def welcome(
    env: Environment, framework: Framework, answers_path: str, resuming: bool, estimate: bool = True
) -> None:
    """Plain text: the first question should not wait for rich to load.

    ``estimate``: say how long the whole interview takes (not on a re-run of chosen steps).
    """
    import shutil
    import textwrap

    width = min(shutil.get_terminal_size((100, 24)).columns, 100) - 1
    steps = len(framework.steps)
    stop = (
        "Your earlier answers are offered as defaults: press Enter to keep one. Ctrl-C stops at any time."
        if resuming
        else "Press Ctrl-C at any time to stop; run the same command again to carry on where you left off."
    )
    for paragraph in (
        "spreadkit · plan the spread of a workforce innovation",
        "",
        f"This walks you through the {steps} steps of {framework.publisher}'s {framework.title} "
        f"({framework.published}), then a short closing exercise, and writes a plan you can share.",
        *(
            [
                f"Going through every question takes about {TIME_ALL} in all; "
                f"the required ones only, {TIME_REQUIRED}."
            ]
            if estimate
            else []
        ),
        "Every answer is saved as you go, to:",
        f"  {answers_path}",
        stop,
        KEYS,
        "",
    ):
        env.out(
            textwrap.fill(
                paragraph, width, subsequent_indent="  " if paragraph.startswith("  ") else ""
            )
        )


def heading(env: Environment, title: str) -> None:
    env.out("")
    env.out(title)
    env.out("─" * min(len(title), 78))


def stopped(
    env: Environment, answers_path: str, saves: int, existed: bool, *, draft: bool = False
) -> None:
    # Plain lines, never wrapped: the command must stay copy-pasteable.
    env.err("")
    if not saves and not existed and not draft:
        env.err("Stopped before the first answer: nothing to save.")
        return
    saved = f" ({saves} {'save' if saves == 1 else 'saves'} this session)" if saves else ""
    env.err(f"Stopped. Every answer you gave is saved in {answers_path}{saved}.")
    if draft:
        env.err("What you were typing is kept as a draft, and filled in when you carry on.")
    env.err(f"To carry on where you left off, run: {env.command} plan --answers {answers_path}")


def validation(env: Environment, reports: Sequence[Mapping[str, Any]]) -> None:
    """`spreadkit validate` in words: every problem with its line, then what is still unanswered."""
    for report in reports:
        if not report["valid"]:
            for problem in report["problems"]:
                env.out(printable(f"error: {problem['text']}"))
            env.out(f"{report['file']}: {len(report['problems'])} problem(s)")
            continue
        for warning in report.get("warnings", []):
            env.out(printable(f"warning: {warning['text']}"))
        missing = report["missing"]
        for item in missing:
            env.out(
                printable(
                    f"{report['file']}: {item['key']}: not answered yet (required): {item['prompt']}"
                )
            )
        note = f", {len(missing)} required answer(s) still to give" if missing else ""
        env.out(f"{report['file']}: valid{note}")


def status(env: Environment, title: str, rows: Sequence[StepStatus], scores_note: str = "") -> None:
    """`spreadkit status` as plain lines, for a pipe or a file."""
    env.out(title)
    for row in rows:
        missing = f", {row.missing} required missing" if row.missing else ""
        env.out("")
        env.out(f"{row.label}: {row.answered} answered{missing}")
        for score in row.scores:
            env.out(f"  score: {score}")
        for check in row.flagged:
            env.out(f"  check: {check}")
        for check in row.unknown:
            env.out(f"  check: not enough information yet: {check}")
        for late in row.plain_lines:
            env.out(f"  {late}")
        if row.next_question:
            env.out(f"  next:  {row.next_question}")
    if scores_note:
        env.out("")
        env.out(f"Scores: {scores_note}")


def history(
    env: Environment, title: str, entries: Sequence[tuple[str, Sequence[str]]], now: str
) -> None:
    """`spreadkit history` as plain lines: each check-in's headline, its lines indented."""
    env.out(printable(title))
    for headline, lines in entries:
        env.out("")
        env.out(printable(headline))
        for line in lines:
            env.out(f"  {printable(line)}")
    env.out("")
    env.out(printable(now))
