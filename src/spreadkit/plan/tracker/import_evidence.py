"""``spreadkit import``: what a tracker's ``Sources`` and ``Assumed`` cells change.

A cell that says what the answers already say changes nothing, so an untouched tracker is no
change. An edited cell changes the citations or assumptions of that row and its fields
(``Answers.with_citations``, ``Answers.with_assumption``): a field newly listed as assumed is
marked with nothing more said; a field still listed keeps what its assumption rests on and who
should confirm it; a field no longer listed is no longer assumed. An id that names no source of
the plan is refused with its sheet, row and column, and a "did you mean"; a tracker cannot add a
source (the answers file or the interview does that).

These are not answers: they are saved beside them, not as a check-in's changes, and the import's
summary says each in words ("sites: Dunmere PCN: planned go-live now marked as assumed").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spreadkit.answers.evidence import Assumption
from spreadkit.answers.store import Answers
from spreadkit.core.text import shortened
from spreadkit.framework.model import Question
from spreadkit.framework.values import BadValue
from spreadkit.plan.tracker.evidence_cells import (
    WHOLE,
    RecordMarks,
    TableMarks,
    read_assumed,
    read_sources,
)
from spreadkit.plan.tracker.import_readings import Work
from spreadkit.plan.tracker.layout import SheetTable
from spreadkit.plan.tracker.sheets import Row

PARTS = ("sources", "assumed")


def read_row_evidence(
    work: Work,
    table: SheetTable,
    question: Question,
    row: Row,
    name: str,
    marked: TableMarks,
    index: int | None,
    raws: Mapping[str, Any],
) -> None:
    """The edits ``row``'s evidence cells (``raws``, by part) make, added to ``work``.

    ``index`` is the row's record in the answers (``marked``: the marks of its table's
    records); None for a new record named ``name``."""
    assert table.section is not None
    section_id = table.section.id
    if index is None:
        base, marks = f"{section_id}.{question.id}[{name}]", RecordMarks()
    else:
        base = marked.paths[index]
        marks = marked.of(index)
    headers = {c.part: c.header for c in table.columns}
    titles = {f.id: f.title.lower() for f in question.fields}
    where = f"{table.name}: {shortened(name, 200)}"

    def said(target: str) -> str:
        return where if target == WHOLE else f"{where}: {titles[target]}"

    def path(target: str) -> str:
        return base if target == WHOLE else f"{base}.{target}"

    if "sources" in raws:
        try:
            cited = read_sources(
                raws["sources"], question.fields, [s.id for s in work.answers.sources]
            )
        except BadValue as exc:
            work.bad(table.sheet, row.number, headers["sources"], str(exc), exc.hint)
        else:
            for target in dict.fromkeys((*marks.cited, *cited)):
                now, was = cited.get(target, ()), marks.cited.get(target, ())
                if now == was:
                    continue
                for old in marks.cite_paths.get(target, []):
                    work.cited[old] = ()
                work.cited[path(target)] = now
                if not now:
                    work.evidence_lines.append(
                        f"{said(target)} no longer cites a source (was {', '.join(was)})"
                    )
                else:
                    work.evidence_lines.append(
                        f"{said(target)} now cites {', '.join(now)}"
                        + (f" (was {', '.join(was)})" if was else "")
                    )
    if "assumed" in raws:
        try:
            assumed = read_assumed(raws["assumed"], question.fields)
        except BadValue as exc:
            work.bad(table.sheet, row.number, headers["assumed"], str(exc), exc.hint)
        else:
            for target in dict.fromkeys((*marks.assumed, *sorted(assumed))):
                if (target in assumed) == (target in marks.assumed):
                    continue  # still assumed (its note kept), or still not
                if target in assumed:
                    work.assumed[path(target)] = Assumption()
                    work.evidence_lines.append(f"{said(target)} now marked as assumed")
                else:
                    for old in marks.assume_paths.get(target, []):
                        work.assumed[old] = None
                    work.evidence_lines.append(f"{said(target)} no longer marked as assumed")


def apply_evidence(
    answers: Answers,
    cited: Mapping[str, tuple[str, ...]],
    assumed: Mapping[str, Assumption | None],
) -> Answers:
    """``answers`` with an import's edits to what cites what and what is assumed."""
    for path, ids in cited.items():
        answers = answers.with_citations(path, ids)
    for path, assumption in assumed.items():
        answers = answers.with_assumption(path, assumption)
    return answers
