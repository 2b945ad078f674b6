"""What the documents say about where the plan's facts come from.

- Each source gets a number in the order the plan lists them: it is cited as ``[1]`` and listed
  under "Sources" at the end, with its author, year, kind and link.
- An assumed answer is marked with :data:`ASSUMED` (a symbol, not colour alone), explained once
  by the content's ``sources_legend`` in the board plan's last section; the workbook lists every
  assumption, with what it rests on and who should confirm it, for the team to check.

The answers hold sources, citations and assumptions by answer path (``answers.evidence``); this
module only words them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spreadkit.answers.checkins import BadPath, parse_path
from spreadkit.answers.evidence import Source, path_label
from spreadkit.answers.history import get_path
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import values
from spreadkit.framework.model import Framework

ASSUMED = "†"


def numbers(answers: Answers) -> dict[str, int]:
    """Each source's number, in the order the plan lists them: S1 → 1."""
    return {source.id: index for index, source in enumerate(answers.sources, start=1)}


def mark(answers: Answers, path: str) -> str:
    """What follows a value at ``path``: `` [1, 2]`` for its sources, `` †`` if assumed; or ""."""
    said = ""
    cited = answers.citations.get(path, ())
    if cited:
        known = numbers(answers)
        said += " [" + ", ".join(str(known[i]) for i in cited if i in known) + "]"
    if path in answers.assumptions:
        said += f" {ASSUMED}"
    return said


def anything_marked(answers: Answers) -> bool:
    return bool(answers.citations or answers.assumptions)


def reference(number: int, source: Source) -> str:
    """``[1] Title. Author, 2019. Evaluation. https://…`` as one line of the list of sources."""
    bits = [source.title.rstrip(".") + "."]
    by = ", ".join(str(b) for b in (source.author, source.year) if b)
    if by:
        bits.append(by + ".")
    if source.kind_label():
        bits.append(source.kind_label() + ".")
    if source.link:
        bits.append(source.link)
    return f"[{number}] " + " ".join(bits)


def references(answers: Answers) -> tuple[str, ...]:
    return tuple(reference(n, s) for n, s in enumerate(answers.sources, start=1))


@dataclass(frozen=True)
class AssumptionRow:
    what: str  # "Budget: Reception training and backfill, amount"
    value: str  # the answer as the plan shows it
    rests_on: str
    confirm: str


def assumption_rows(framework: Framework, answers: Answers) -> tuple[AssumptionRow, ...]:
    """Every assumption, in the order of the content's questions, then of the file."""
    order = _question_order(framework)
    rows = []
    for path, assumption in sorted(
        answers.assumptions.items(), key=lambda item: order.get(_question_key(item[0]), len(order))
    ):
        rows.append(
            AssumptionRow(
                path_label(framework, path),
                shown(framework, answers, path),
                assumption.note,
                assumption.confirm,
            )
        )
    return tuple(rows)


def shown(framework: Framework, answers: Answers, path: str) -> str:
    """The answer at ``path`` as the plan shows it; "" for a whole record or a blank."""
    try:
        where = parse_path(path)
        value = get_path(answers, path)
    except BadPath:
        return ""
    if values.is_blank(value) or isinstance(value, Mapping | list):
        return ""
    section = framework.section(where.section)
    question = section.question(where.question) if section else None
    if question is None:
        return str(value)
    field: Any = question
    if where.rest and question.fields:
        field = next((f for f in question.fields if f.id == where.rest[0]), question)
    try:
        return values.display(field, value)
    except (TypeError, ValueError):
        return str(value)


def _question_order(framework: Framework) -> dict[str, int]:
    return {
        f"{s.id}.{q.id}": index
        for index, (s, q) in enumerate((s, q) for s in framework.sections for q in s.questions)
    }


def _question_key(path: str) -> str:
    try:
        where = parse_path(path)
    except BadPath:
        return path
    return f"{where.section}.{where.question}"
