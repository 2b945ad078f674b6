"""The board plan's sections, in the order a board reads them.

Each builder reads the answers through a ``Reader`` (so that what is blank lands in the one
"still to decide" list) and returns a ``Block`` of sentences, tables and pictures. Figures come
from ``tracking`` and ``glance``, pictures from ``charts``; the words from the content.
"""

from __future__ import annotations

from spreadkit.framework import boardwords, grammar, values
from spreadkit.plan.figures import scoring, tracking
from spreadkit.plan.pictures import charts
from spreadkit.plan.pictures.svg import Chart
from spreadkit.plan.views import board_decision, board_money, board_risks, glance, sources
from spreadkit.plan.views.board_parts import Block, Part, Reader, Table

NEXT_ACTIONS = 5


def blocks(read: Reader) -> list[Block]:
    results = scoring.assess(read.framework, read.answers)
    checks = scoring.run_checks(read.framework, read.answers, results)
    pictures = {
        c.kind: c
        for found in charts.charts_for(read.framework, read.answers, results).values()
        for c in found
    }
    return [
        board_decision.block(read),
        _case(read),
        _delivery(read, pictures),
        board_money.block(read),
        board_risks.block(read, pictures, [c for c in checks if c.flagged]),
        _measures(read),
        _governance(read),
        _sources(read),
    ]


def _parts(*parts: Part | None) -> tuple[Part, ...]:
    """The parts that have something to show."""
    return tuple(
        p
        for p in parts
        if p is not None and (p.paragraphs or p.bullets or p.table or p.chart or p.facts)
    )


def _sentences(*texts: str) -> tuple[str, ...]:
    return tuple(t for t in texts if t)


def _paragraph(*texts: str) -> tuple[str, ...]:
    """Short sentences run together as one paragraph."""
    said = " ".join(t for t in texts if t)
    return (said,) if said else ()


def _case(read: Reader) -> Block:
    seen = glance.build(read.framework, read.answers, read.as_of)
    aim = tracking.aim_progress(read.answers)
    when = tracking.as_of_date(read.answers, read.as_of)
    unit, goal = str(aim["unit"] or ""), aim["target"]
    target = grammar.count(goal, unit, digits=True) if isinstance(goal, int | float) else ""
    by = read.text("analyse", "aim_by")
    progress = (
        (
            read.words["fact_aim_target"],
            " ".join(p for p in (target, f"by {by}" if by else "") if p),
        ),
        (read.words["fact_baseline"], seen.aim_baseline),
        (
            boardwords.fill(read.words["fact_in_place"], {"date": values.display_date(when)})
            if when
            else read.words["fact_in_place_now"],
            _in_place(aim) if target else "",
        ),
    )
    evidence = (*read.prose("analyse", "evidence"), read.said("analyse", "evidence_strength"))
    return Block(
        "case",
        read.words["heading_case"],
        _parts(
            Part(
                read.title("analyse", "aim"),
                paragraphs=read.prose("analyse", "scope_in"),
                facts=tuple((label, value) for label, value in progress if value),
            ),
            Part(read.title("analyse", "problem"), paragraphs=read.prose("analyse", "problem")),
            Part(
                read.title("analyse", "evidence"),
                paragraphs=_sentences(*evidence, *read.prose("analyse", "evidence_gap")),
            ),
            Part(
                read.title("analyse", "benefits_message"),
                paragraphs=read.prose("analyse", "benefits_message"),
            ),
            Part(
                read.title("analyse", "equality_impact"),
                paragraphs=_sentences(
                    *read.prose("analyse", "equality_impact"),
                    read.said("analyse", "equality_groups"),
                    *read.prose("analyse", "reach"),
                ),
            ),
        ),
    )


def _in_place(aim: dict[str, object]) -> str:
    """``13 of the 16 posts (81%)``: the sites' actuals against the aim's target."""
    actual, target, unit = aim["actual"], aim["target"], str(aim["unit"] or "")
    if not isinstance(actual, int | float) or not isinstance(target, int | float):
        return ""
    said = f"{values.display_score(actual)} of the {grammar.count(target, unit, digits=True)}"
    percent = aim["percent"]
    return said + (f" ({round(percent)}%)" if isinstance(percent, int | float) else "")


def _delivery(read: Reader, pictures: dict[str, Chart]) -> Block:
    phases = read.table("ready", "phases", ("name", "dates", "goal", "decision", "decider"))
    sites = read.table(
        "ready", "sites", ("name", "phase", "kind", "golive_planned", "status", "target", "actual")
    )
    actions = [
        a
        for a in read.records("implement", "actions")
        if a.get("status") != tracking.DONE and tracking.deadline(a) is not None
    ]
    actions.sort(key=lambda a: tracking.deadline(a))  # type: ignore[arg-type,return-value]
    next_up = read.table(
        "implement", "actions", ("task", "owner", "due", "revised_due", "status"), actions
    )
    if next_up is not None:
        next_up = Table(read.words["next_actions"], next_up.columns, next_up.rows[:NEXT_ACTIONS])
    late = tracking.overdue_actions(read.answers, tracking.as_of_date(read.answers, read.as_of))
    overdue = tuple(
        f"{a.get('task')} ({a.get('owner')}), due {values.display_date(d)}"
        for a in late
        if (d := tracking.deadline(a)) is not None
    )
    return Block(
        "delivery",
        read.words["heading_delivery"],
        _parts(
            Part(
                paragraphs=(
                    *_paragraph(read.said("ready", "approach")),
                    *read.prose("ready", "essentials"),
                    *_paragraph(
                        read.said("message", "complexity"),
                        read.said("message", "approach"),
                        read.said("message", "hooks"),
                    ),
                )
            ),
            Part(
                read.title("ready", "phases"),
                table=phases,
                chart=pictures.get("phases") if phases else None,
            ),
            Part(
                read.title("ready", "sites"),
                table=sites,
                # no bar chart of the sites' progress: the table's target and actual say it,
                # and the board paper keeps to eight pages (the workbook draws it)
            ),
            Part(
                read.title("implement", "support_offer"),
                paragraphs=(
                    *_paragraph(
                        read.said("implement", "support_offer"),
                        read.said("implement", "rapid_tests"),
                    ),
                    *read.prose("ready", "readiness_actions"),
                ),
            ),
            Part(read.words["next_actions"], table=next_up),
            Part(read.words["overdue_actions"], bullets=overdue),
        ),
    )


def _measures(read: Reader) -> Block:
    table = read.table(
        "implement", "measures", ("measure", "kind", "baseline", "target", "target_date", "owner")
    )
    return Block(
        "measures",
        read.words["heading_measures"],
        _parts(
            Part(
                paragraphs=(
                    *_paragraph(
                        read.said("implement", "evaluation_framework"),
                        read.said("sustain", "review_frequency"),
                    ),
                    *read.prose("sustain", "monitoring"),
                )
            ),
            Part(read.title("implement", "measures"), table=table),
            *_evaluation(read),
            Part(
                read.title("sustain", "benefits"),
                table=read.table("sustain", "benefits", ("benefit", "measure", "owner", "by")),
            ),
            Part(
                read.title("sustain", "impact_aims"),
                paragraphs=_sentences(
                    read.said("sustain", "impact_aims"), *read.prose("sustain", "impact_outcomes")
                ),
            ),
        ),
    )


def _evaluation(read: Reader) -> tuple[Part, ...]:
    """Who evaluates, the success criteria (with the measure that shows each) and report dates."""
    evaluator = read.text("implement", "evaluator")
    # Named only with "another framework" (its ``when``): read without noting it as undecided.
    approach = str(read.answers.get("implement", "evaluation_approach") or "")
    criteria = tuple(
        r["criterion"] + (f" (measured by: {r['measure']})" if r.get("measure") else "")
        for r in read.records("implement", "success_criteria")
        if r.get("criterion")
    )
    return (
        Part(
            paragraphs=_paragraph(
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
            table=read.table("implement", "evaluation_reports", ("report", "due")),
        ),
    )


def _sources(read: Reader) -> Block:
    """The numbered list of sources, and what the marks mean: last, as a paper's references are."""
    if not read.answers.sources and not sources.anything_marked(read.answers):
        return Block("sources", read.words["heading_sources"], ())
    return Block(
        "sources",
        read.words["heading_sources"],
        _parts(
            Part(
                paragraphs=(read.words["sources_legend"],),
                bullets=sources.references(read.answers),
            )
        ),
    )


def _governance(read: Reader) -> Block:
    people = [
        (q.title, text)
        for section_id, question_id in (
            ("implement", "sro"),
            ("implement", "board"),
            ("ready", "senior_sponsor"),
            ("ready", "clinical_lead"),
        )
        if (q := read.question(section_id, question_id)) is not None
        and (text := read.text(section_id, question_id))
    ]
    who = Table(read.words["accountable"], ("Role", "Name"), tuple(people)) if people else None
    team = read.table("implement", "team", ("role", "name", "other_role", "organisation"))
    return Block(
        "governance",
        read.words["heading_governance"],
        _parts(
            Part(
                read.words["accountable"],
                table=who,
                paragraphs=_sentences(read.said("implement", "board_frequency")),
            ),
            Part(
                read.title("implement", "board_decides"),
                paragraphs=read.prose("implement", "board_decides"),
            ),
            Part(
                read.title("implement", "escalation"),
                paragraphs=read.prose("implement", "escalation"),
            ),
            Part(read.title("implement", "team"), table=team),
            Part(
                read.title("sustain", "business_as_usual"),
                paragraphs=(
                    *read.prose("sustain", "business_as_usual"),
                    *_paragraph(read.said("sustain", "celebrate")),
                ),
            ),
        ),
    )
