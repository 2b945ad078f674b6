"""The board plan's sections, in the order a board reads them.

Each builder reads the answers through a ``Reader`` (so that what is blank lands in the one
"still to decide" list) and returns a ``Block`` of sentences, tables and pictures. Figures come
from ``tracking`` and ``glance``, pictures from ``charts``; the words from the content.
"""

from __future__ import annotations

from spreadkit.framework import grammar, values
from spreadkit.plan.pictures import charts
from spreadkit.plan.pictures.svg import Chart
from spreadkit.plan.views import (
    board_decision,
    board_evaluation,
    board_money,
    board_risks,
    board_status,
    glance,
)
from spreadkit.plan.views.board_parts import (
    BoardBlock,
    BoardTable,
    Part,
    Reader,
    paragraph,
    parts,
    sentences,
)

NEXT_ACTIONS = 5
SHOWN_CHARTS = ("phases", "heatmap")  # the step charts the board plan shows; others not drawn


def blocks(read: Reader) -> list[BoardBlock]:
    facts = read.facts
    shown = charts.charts_for(read.framework, read.answers, facts.scores, SHOWN_CHARTS)
    pictures = {c.kind: c for found in shown.values() for c in found}
    return [
        board_decision.block(read),
        _case(read),
        _delivery(read, pictures),
        board_money.block(read),
        board_risks.block(read, pictures, [c for c in facts.checks if c.flagged]),
        _measures(read),
        _governance(read),
        board_evaluation.sources_block(read),
    ]


def _case(read: Reader) -> BoardBlock:
    aim_progress, _, aim_baseline = glance.aim_words(read.facts)  # the glance's words for them
    found = read.facts.aim
    target = (
        grammar.count(found.target, found.unit, digits=True) if found.target is not None else ""
    )
    target = read.marked("aim_target", target)  # its sources, if assumed
    by = read.text("aim_by")
    progress = (
        (
            read.words["fact_aim_target"],
            " ".join(p for p in (target, f"by {by}" if by else "") if p),
        ),
        (read.words["fact_baseline"], read.marked("aim_baseline", aim_baseline)),
        (read.words["fact_progress"], aim_progress),  # the one progress figure
    )
    status = tuple(board_status.status_sentences(read))  # the report's rule, in its words
    evidence = (*read.prose("evidence"), read.said("evidence_strength"))
    return BoardBlock(
        "case",
        read.words["heading_case"],
        parts(
            Part(read.words["heading_standing"], paragraphs=status),
            Part(
                read.title("aim"),
                paragraphs=read.prose("scope_in"),
                facts=tuple((label, value) for label, value in progress if value),
            ),
            Part(read.title("problem"), paragraphs=read.prose("problem")),
            Part(
                read.title("evidence"),
                paragraphs=sentences(*evidence, *read.prose("evidence_gap")),
            ),
            Part(
                read.title("benefits_message"),
                paragraphs=read.prose("benefits_message"),
            ),
            Part(
                read.title("equality_impact"),
                paragraphs=sentences(
                    *read.prose("equality_impact"),
                    read.said("equality_groups"),
                    *read.prose("reach"),
                ),
            ),
        ),
    )


def _delivery(read: Reader, pictures: dict[str, Chart]) -> BoardBlock:
    phases = read.table("phases", ("name", "dates", "goal", "decision", "decider"))
    sites = read.table(
        "sites",
        ("name", "phase", "kind", "golive_planned", "status", "target", "actual"),
    )
    read.records("actions")  # a blank one joins the "still to decide" list
    next_up = read.table(
        "actions",
        ("task", "owner", "due", "revised_due", "status"),
        [a for a, _ in read.facts.open_deadlines],  # type: ignore[misc]
    )
    if next_up is not None:
        next_up = BoardTable(
            read.words["next_actions"], next_up.columns, next_up.rows[:NEXT_ACTIONS]
        )
    overdue = tuple(
        f"{a.get('task')} ({a.get('owner')}), due {values.display_date(d)}"
        for a, d in read.facts.overdue_deadlines
    )
    return BoardBlock(
        "delivery",
        read.words["heading_delivery"],
        parts(
            Part(
                paragraphs=(
                    *paragraph(read.said("spread_approach")),
                    *read.prose("essentials"),
                    *paragraph(
                        read.said("complexity"),
                        read.said("message_approach"),
                        read.said("hooks"),
                    ),
                )
            ),
            Part(
                read.title("phases"),
                table=phases,
                chart=pictures.get("phases") if phases else None,
            ),
            Part(
                read.title("sites"),
                table=sites,
                # no bar chart of the sites' progress: the table's target and actual say it,
                # and the board paper keeps to eight pages (the workbook draws it)
            ),
            Part(
                read.title("support_offer"),
                paragraphs=(
                    *paragraph(
                        read.said("support_offer"),
                        read.said("rapid_tests"),
                    ),
                    *read.prose("readiness_actions"),
                ),
            ),
            Part(read.words["next_actions"], table=next_up),
            Part(read.words["overdue_actions"], bullets=overdue),
        ),
    )


def _measures(read: Reader) -> BoardBlock:
    table = read.table(
        "measures", ("measure", "kind", "baseline", "target", "target_date", "owner")
    )
    return BoardBlock(
        "measures",
        read.words["heading_measures"],
        parts(
            Part(
                paragraphs=(
                    *paragraph(
                        read.said("evaluation_framework"),
                        read.said("review_frequency"),
                    ),
                    *read.prose("monitoring"),
                )
            ),
            Part(read.title("measures"), table=table),
            *board_evaluation.evaluation(read),
            Part(
                read.title("benefits"),
                table=read.table("benefits", ("benefit", "measure", "owner", "by")),
            ),
            Part(
                read.title("impact_aims"),
                paragraphs=sentences(read.said("impact_aims"), *read.prose("impact_outcomes")),
            ),
        ),
    )


def _governance(read: Reader) -> BoardBlock:
    people = [
        (q.title, text)
        for role in ("sro", "board", "senior_sponsor", "clinical_lead")
        if (q := read.question(role)) is not None and (text := read.text(role))
    ]
    who = BoardTable(read.words["accountable"], ("Role", "Name"), tuple(people)) if people else None
    team = read.table("team", ("role", "name", "other_role", "organisation"))
    return BoardBlock(
        "governance",
        read.words["heading_governance"],
        parts(
            Part(
                read.words["accountable"],
                table=who,
                paragraphs=sentences(read.said("board_frequency")),
            ),
            Part(
                read.title("board_decides"),
                paragraphs=read.prose("board_decides"),
            ),
            Part(
                read.title("escalation"),
                paragraphs=read.prose("escalation"),
            ),
            Part(read.title("team"), table=team),
            Part(
                read.title("business_as_usual"),
                paragraphs=(
                    *read.prose("business_as_usual"),
                    *paragraph(read.said("celebrate")),
                ),
            ),
        ),
    )
