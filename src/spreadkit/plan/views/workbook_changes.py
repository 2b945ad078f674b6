"""What a re-run changed in the plan, worked out from the plan's view model.

Never from a rendered file: a team's own template (with or without headings) cannot change
the answer. Each part of the plan is written out as plain lines of what it shows, and the
lines before and after are compared.
"""

from __future__ import annotations

import difflib

from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework.model import Framework
from spreadkit.plan.figures.scoring import AssessmentResult
from spreadkit.plan.views import workbook
from spreadkit.plan.views.workbook import Item, SectionView, WorkbookView

DETAILS = "Plan details"
GLANCE = "At a glance"


@dataclass(frozen=True)
class PlanChanges:
    sections: tuple[str, ...]
    added: int
    removed: int


def plan_changes(framework: Framework, before: Answers, after: Answers) -> PlanChanges:
    """Which parts of the plan changed between two sets of answers, and by how many lines."""
    old = named_parts(workbook.build(framework, before))
    new = named_parts(workbook.build(framework, after))
    added = removed = 0
    touched = []
    for name, lines in new.items():
        previous = old.get(name, [])
        if previous == lines:
            continue
        touched.append(name)
        for line in difflib.unified_diff(previous, lines, lineterm="", n=0):
            if line.startswith(("+++", "---", "@@")):
                continue
            added += line.startswith("+")
            removed += line.startswith("-")
    return PlanChanges(tuple(touched), added, removed)


def named_parts(plan: WorkbookView) -> dict[str, list[str]]:
    """The plan as named parts (its details, the overview, each section), each as text lines."""
    parts = {
        DETAILS: [plan.title, *(f"{label}: {value}" for label, value in plan.details)],
        GLANCE: [
            *(f"{s.heading}: {s.answered} of {s.asked}" for s in plan.sections),
            *(_score(result) for result in plan.headline_scores),
            *(f"flagged: {check.title} {check.concerned}" for check in plan.flagged),
            *(
                f"next: {a.label}, {a.owner}, {a.due.isoformat()}, {a.status}"
                for a in plan.next_actions
            ),
            f"required missing: {plan.missing_required}",
        ],
    }
    for section in plan.sections:
        parts[section.heading] = _section_lines(section)
    return parts


def _section_lines(section: SectionView) -> list[str]:
    lines = []
    for part in section.parts:
        lines.append(f"{part.title}")
        for item in part.items:
            lines.extend(_item_lines(item))
    for result in section.assessments:
        lines.append(_score(result))
        lines.extend(
            f"  {i.label}: {i.score} {i.band} {i.note} {i.group}".rstrip() for i in result.items
        )
    for check in section.checks:
        state = "flagged" if check.flagged else "clear"
        lines.append(f"check {state}: {check.title} {check.concerned}")
    lines.extend(f"picture: {chart.title}: {chart.description}" for chart in section.charts)
    return lines


def _item_lines(item: Item) -> list[str]:
    if item.missing:
        return [f"{item.label}: not answered yet"]
    if item.layout == "table":
        return [f"{item.label}:", *(" | ".join(row) for row in item.rows)]
    if item.layout == "list":
        return [f"{item.label}:", *(f"- {bullet}" for bullet in item.bullets)]
    if item.layout == "prose":
        return [f"{item.label}:", *item.paragraphs]
    return [f"{item.label}: {item.text}"]


def _score(result: AssessmentResult) -> str:
    if not result.answered:
        return f"{result.title}: not rated yet"
    return f"{result.title}: {result.total:g} of {result.maximum:g}, {result.band}"
