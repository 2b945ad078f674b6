"""The board plan's evaluation parts (who evaluates, success criteria, report dates) and its list
of sources: what shows the board the programme worked, and where its figures come from."""

from __future__ import annotations

from typing import Any

from spreadkit.answers.history import record_paths
from spreadkit.framework import boardwords
from spreadkit.plan.views import sources
from spreadkit.plan.views.board_parts import BoardBlock, Part, Reader, paragraph, parts


def evaluation(read: Reader) -> tuple[Part, ...]:
    """Who evaluates, the success criteria (with the measure that shows each) and report dates."""
    evaluator = read.text("evaluator")
    # Named only with "another framework" (its ``when``): read without noting it as undecided.
    approach = str(read.answer("evaluation_approach") or "")
    every = read.records("success_criteria")
    paths = _paths(read, every) if read.group_marked("success_criteria") else {}
    criteria = tuple(
        r["criterion"]
        + (sources.mark(read.answers, f"{paths[id(r)]}.criterion") if paths else "")
        + (f" (measured by: {r['measure']})" if r.get("measure") else "")
        + (sources.mark(read.answers, paths[id(r)]) if paths else "")
        for r in every
        if r.get("criterion")
    )
    if criteria:  # what the whole list rests on, after its last criterion
        criteria = (*criteria[:-1], read.marked("success_criteria", criteria[-1]))
    return (
        Part(
            paragraphs=paragraph(
                read.marked(
                    "evaluation_approach",
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
            table=read.table("evaluation_reports", ("report", "due")),
        ),
    )


def _paths(read: Reader, every: list[dict[str, Any]]) -> dict[int, str]:
    """The answer path of each success criterion, as citations name it, by the record."""
    section_id, question_id = read.role("success_criteria")
    paths: dict[int, str] = {}
    for record, path in zip(every, record_paths(section_id, question_id, every), strict=True):
        paths.setdefault(id(record), path)  # the first place of a record listed twice
    return paths


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
