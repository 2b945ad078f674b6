"""The board plan's evaluation parts (who evaluates, success criteria, report dates) and its list
of sources: what shows the board the programme worked, and where its figures come from."""

from __future__ import annotations

from spreadkit.framework import boardwords
from spreadkit.plan.views import sources
from spreadkit.plan.views.board_parts import Block, Part, Reader, paragraph, parts


def evaluation(read: Reader) -> tuple[Part, ...]:
    """Who evaluates, the success criteria (with the measure that shows each) and report dates."""
    evaluator = read.text(*read.role("evaluator"))
    # Named only with "another framework" (its ``when``): read without noting it as undecided.
    approach = str(read.answers.get(*read.role("evaluation_approach")) or "")
    criteria = tuple(
        r["criterion"] + (f" (measured by: {r['measure']})" if r.get("measure") else "")
        for r in read.records(*read.role("success_criteria"))
        if r.get("criterion")
    )
    return (
        Part(
            paragraphs=paragraph(
                boardwords.sentence(f"The approach is {approach}") if approach else "",
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


def sources_block(read: Reader) -> Block:
    """The numbered list of sources, and what the marks mean: last, as a paper's references are."""
    if not read.answers.sources and not sources.anything_marked(read.answers):
        return Block("sources", read.words["heading_sources"], ())
    return Block(
        "sources",
        read.words["heading_sources"],
        parts(
            Part(
                paragraphs=(read.words["sources_legend"],),
                bullets=sources.references(read.answers),
            )
        ),
    )
