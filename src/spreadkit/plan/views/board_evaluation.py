"""The board plan's evaluation parts (who evaluates, success criteria, report dates) and its list
of sources: what shows the board the programme worked, and where its figures come from."""

from __future__ import annotations

from typing import Any

from spreadkit.answers.history import record_path
from spreadkit.framework import boardwords
from spreadkit.plan.views import sources
from spreadkit.plan.views.board_parts import BoardBlock, Part, Reader, paragraph, parts


def evaluation(read: Reader) -> tuple[Part, ...]:
    """Who evaluates, the success criteria (with the measure that shows each) and report dates."""
    evaluator = read.text(*read.role("evaluator"))
    # Named only with "another framework" (its ``when``): read without noting it as undecided.
    approach = str(read.answers.get(*read.role("evaluation_approach")) or "")
    every = read.records(*read.role("success_criteria"))
    criteria = tuple(
        r["criterion"]
        + sources.mark(read.answers, _path(read, every, r, "criterion"))
        + (f" (measured by: {r['measure']})" if r.get("measure") else "")
        + sources.mark(read.answers, _path(read, every, r))
        for r in every
        if r.get("criterion")
    )
    if criteria:  # what the whole list rests on, after its last criterion
        criteria = (*criteria[:-1], read.marked(*read.role("success_criteria"), criteria[-1]))
    return (
        Part(
            paragraphs=paragraph(
                read.marked(
                    *read.role("evaluation_approach"),
                    boardwords.sentence(f"The approach is {approach}"),
                )
                if approach
                else "",
                boardwords.fill(read.words["evaluated_by"], {"evaluator": evaluator})
                if evaluator
                else "",
            ),
            bullets=(),
        ),
        Part(read.words["success_criteria"], bullets=criteria),
        Part(
            read.words["evaluation_reports"],
            table=read.table(*read.role("evaluation_reports"), ("report", "due")),
        ),
    )


def _path(read: Reader, every: list[dict[str, Any]], record: dict[str, Any], *rest: str) -> str:
    """The answer path of a success criterion (or one of its fields), as citations name it."""
    section_id, question_id = read.role("success_criteria")
    index = next(i for i, r in enumerate(every) if r is record)
    return ".".join((record_path(section_id, question_id, every, index), *rest))


def sources_block(read: Reader) -> BoardBlock:
    """The numbered list of sources, and what the marks mean: last, as a paper's references are."""
    if not read.answers.sources and not sources.anything_marked(read.answers):
        return BoardBlock("sources", read.words["heading_sources"], ())
    return BoardBlock(
        "sources",
        read.words["heading_sources"],
        parts(
            Part(
                paragraphs=(read.words["sources_legend"],),
                bullets=sources.references(read.answers),
            )
        ),
    )
