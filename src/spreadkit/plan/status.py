"""`spreadkit status` by step: completion, scores, flagged checks and the next question.

Rows of plain text for the terminal layer to lay out; nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from spreadkit.answers.progress import section_progress
from spreadkit.answers.store import Answers
from spreadkit.framework import values
from spreadkit.framework.model import Framework
from spreadkit.plan import scoring, tracking


@dataclass(frozen=True)
class StepStatus:
    label: str
    answered: str
    missing: int
    scores: tuple[str, ...]
    flagged: tuple[str, ...]
    next_question: str
    unknown: tuple[str, ...] = ()  # checks with not enough information yet
    overdue: tuple[str, ...] = ()  # actions overdue on the plan's date (or --as-of)
    as_of: str = ""  # that date, in words

    @property
    def overdue_lines(self) -> tuple[str, ...]:
        return tuple(f"⏰ Overdue on {self.as_of}: {late}" for late in self.overdue)


def step_statuses(framework: Framework, answers: Answers) -> list[StepStatus]:
    results = scoring.assess(framework, answers)
    checks = scoring.run_checks(framework, answers, results)
    as_of = tracking.as_of_date(answers)
    rows = []
    for section in framework.sections:
        asked, blank, missing = section_progress(answers, section)
        rows.append(
            StepStatus(
                label=section.label,
                answered=f"{len(asked) - len(blank)} of {len(asked)}",
                missing=len(missing),
                scores=tuple(_score_line(r) for r in results if r.step_id == section.id),
                flagged=tuple(
                    c.title + (f" ({'; '.join(c.concerned)})" if c.concerned else "")
                    for c in checks
                    if c.step_id == section.id and c.flagged
                ),
                next_question=(missing or blank)[0].prompt if blank else "",
                unknown=tuple(c.title for c in checks if c.step_id == section.id and c.unknown),
                overdue=_overdue(answers, section.id),
                as_of=values.display_date(as_of) if as_of else "",
            )
        )
    return rows


def _overdue(answers: Answers, section_id: str) -> tuple[str, ...]:
    """The step's overdue actions, each as ``task — owner, due 31 March 2027``."""
    if section_id != "implement":
        return ()
    as_of = tracking.as_of_date(answers)
    lines = []
    for action in tracking.overdue_actions(answers, as_of):
        due = tracking.deadline(action)
        owner = f" — {action['owner']}" if action.get("owner") else ""
        revised = "revised due" if action.get("revised_due") else "due"
        when = f"{revised} {values.display_date(due)}" if due else ""
        lines.append(f"{action.get('task', '')}{owner}, {when}")
    return tuple(lines)


def _score_line(result: scoring.AssessmentResult) -> str:
    if result.kind == "distribution":
        return f"{result.title}: {result.rated} {result.counted}" + (
            f", start with {', '.join(result.start_with)}" if result.start_with else ""
        )
    if not result.answered:
        return f"{result.title}: not rated yet"
    return f"{result.title}: {result.total:g} of {result.maximum:g}, {result.band} ({result.rag})"
