"""The board plan's sections, in the order a board reads them.

Each builder reads the answers through a ``Reader`` (so that what is blank lands in the one
"still to decide" list) and returns a ``Block`` of sentences, tables and pictures. Figures come
from ``tracking`` and ``glance``, pictures from ``charts``; the words from the content.
"""

from __future__ import annotations

from spreadkit.framework import boardwords, values
from spreadkit.plan.figures import programme, scoring, tracking
from spreadkit.plan.pictures import charts
from spreadkit.plan.pictures.svg import Chart
from spreadkit.plan.views import board_evaluation, glance
from spreadkit.plan.views.board_parts import Block, Part, Reader, Table, paragraph, parts, sentences

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
        _decision(read),
        _case(read, results),
        _delivery(read, pictures),
        _money(read),
        _risks(read, pictures, [c for c in checks if c.flagged]),
        _measures(read),
        _governance(read),
        board_evaluation.sources_block(read),
    ]


def _count(number: int, one: str, many: str) -> str:
    return f"{values.count_words(number)} {one if number == 1 else many}"


def _budget_words(read: Reader) -> tuple[str, str]:
    """The budget's total and recurrent part in pounds, or ("", "") without a budget."""
    question = read.question(*read.role("budget"))
    if question is None or not read.answers.get(*read.role("budget")):
        return "", ""
    totals = tracking.budget_totals(read.framework, read.answers)
    money = next((f for f in question.fields if f.type == "money"), None)
    if money is None:
        return "", ""
    return values.display(money, totals["total"]), values.display(money, totals["recurrent"])


def _decision(read: Reader) -> Block:
    words = read.words
    status = str(read.answers.details.get("status") or "draft").replace(" ", "_")
    phases = read.records(*read.role("phases"))
    sites = read.records(*read.role("sites"))
    start = read.text(*read.role("start_date"))
    end = read.text(*read.role("end_date"))
    reach = boardwords.fill(
        words["reach"],
        {
            "innovation": boardwords.mid_sentence(
                str(read.answers.details.get("innovation") or "")
            ),
            "sites": _count(len(sites), "site", "sites") if sites else "",
            "phases": _count(len(phases), "phase", "phases") if phases else "",
            "start": start,
            "end": end,
        },
    )
    total, recurrent = _budget_words(read)
    cost = boardwords.fill(words["cost"], {"total": total, "recurrent": recurrent})
    sro = read.text(*read.role("sro"))
    board = read.text(*read.role("board"))
    led = boardwords.fill(words["led_by"], {"sro": sro, "board": board})
    aim = boardwords.fill(
        words["aim"], {"aim": boardwords.mid_sentence(read.text(*read.role("aim")))}
    )
    return Block(
        "decision",
        words["heading_decision"],
        parts(
            Part(paragraphs=paragraph(words.get(f"ask_{status}", ""), reach)),
            Part(paragraphs=paragraph(aim, cost, led)),
        ),
    )


def _case(read: Reader, results: list[scoring.AssessmentResult]) -> Block:
    seen = glance.build(read.framework, read.answers, read.as_of)
    progress = []
    if seen.aim_progress:
        progress.append(boardwords.fill(read.words["progress"], {"progress": seen.aim_progress}))
    if seen.aim_baseline:
        progress.append(boardwords.fill(read.words["baseline"], {"baseline": seen.aim_baseline}))
    scored = [r for r in results if r.kind == "score"]
    scores = (
        Table(
            read.words["scores"],
            ("Rated", "Score", "In words"),
            tuple(
                (r.title, r.score_text if r.answered else "", r.band if r.answered else "")
                for r in scored
            ),
        )
        if any(r.answered for r in scored)
        else None
    )
    for result in scored:
        if not result.answered:
            read.value(result.step_id, _question_of(read, result))
    evidence = (*read.prose(*read.role("evidence")), read.said(*read.role("evidence_strength")))
    return Block(
        "case",
        read.words["heading_case"],
        parts(
            Part(
                read.title(*read.role("aim")),
                paragraphs=(*paragraph(*progress), *read.prose(*read.role("scope_in"))),
            ),
            Part(read.title(*read.role("problem")), paragraphs=read.prose(*read.role("problem"))),
            Part(
                read.title(*read.role("evidence")),
                paragraphs=sentences(*evidence, *read.prose(*read.role("evidence_gap"))),
            ),
            Part(
                read.title(*read.role("benefits_message")),
                paragraphs=read.prose(*read.role("benefits_message")),
            ),
            Part(
                read.words["scores"],
                table=scores,
                note=read.framework.scores_note if scores else "",
            ),
            Part(
                read.title(*read.role("equality_impact")),
                paragraphs=sentences(
                    *read.prose(*read.role("equality_impact")),
                    read.said(*read.role("equality_groups")),
                    *read.prose(*read.role("reach")),
                ),
            ),
        ),
    )


def _question_of(read: Reader, result: scoring.AssessmentResult) -> str:
    for step in read.framework.steps:
        for assessment in step.assessments:
            if assessment.id == result.id and step.id == result.step_id:
                return assessment.question
    return ""


def _delivery(read: Reader, pictures: dict[str, Chart]) -> Block:
    phases = read.table(*read.role("phases"), ("name", "dates", "goal", "decision", "decider"))
    sites = read.table(
        *read.role("sites"),
        ("name", "phase", "kind", "golive_planned", "status", "target", "actual"),
    )
    actions = [
        a
        for a in read.records(*read.role("actions"))
        if a.get("status") != tracking.DONE and tracking.deadline(a) is not None
    ]
    actions.sort(key=lambda a: tracking.deadline(a))  # type: ignore[arg-type,return-value]
    next_up = read.table(
        *read.role("actions"), ("task", "owner", "due", "revised_due", "status"), actions
    )
    if next_up is not None:
        next_up = Table(read.words["next_actions"], next_up.columns, next_up.rows[:NEXT_ACTIONS])
    late = tracking.overdue_actions(
        read.framework, read.answers, tracking.as_of_date(read.answers, read.as_of)
    )
    overdue = tuple(
        f"{a.get('task')} ({a.get('owner')}), due {values.display_date(d)}"
        for a in late
        if (d := tracking.deadline(a)) is not None
    )
    return Block(
        "delivery",
        read.words["heading_delivery"],
        parts(
            Part(
                paragraphs=(
                    *paragraph(read.said(*read.role("spread_approach"))),
                    *read.prose(*read.role("essentials")),
                    *paragraph(
                        read.said(*read.role("complexity")),
                        read.said(*read.role("message_approach")),
                        read.said(*read.role("hooks")),
                    ),
                )
            ),
            Part(
                read.title(*read.role("phases")),
                table=phases,
                chart=pictures.get("phases") if phases else None,
            ),
            Part(
                read.title(*read.role("sites")),
                table=sites,
                chart=pictures.get("progress") if sites else None,
            ),
            Part(
                read.title(*read.role("support_offer")),
                paragraphs=(
                    *paragraph(
                        read.said(*read.role("support_offer")),
                        read.said(*read.role("rapid_tests")),
                    ),
                    *read.prose(*read.role("readiness_actions")),
                ),
            ),
            Part(read.words["next_actions"], table=next_up),
            Part(read.words["overdue_actions"], bullets=overdue),
        ),
    )


def _money(read: Reader) -> Block:
    question = read.question(*read.role("budget"))
    table = read.table(*read.role("budget"), ("item", "amount", "source", "recurrent", "period"))
    if table is not None and question is not None:
        records = read.records(*read.role("budget"))
        table = Table(
            table.caption,
            table.columns,
            table.rows,
            programme.table_totals(question.fields, records),
        )
    return Block(
        "money",
        read.words["heading_money"],
        parts(
            Part(read.title(*read.role("budget")), table=table),
            Part(
                read.title(*read.role("funding_end")),
                paragraphs=read.prose(*read.role("funding_end")),
            ),
        ),
    )


def _risks(read: Reader, pictures: dict[str, Chart], flagged: list[scoring.CheckResult]) -> Block:
    scored = [r for r in tracking.scored_risks(read.framework, read.answers)]
    read.value(*read.role("risks"))
    question = read.question(*read.role("risks"))
    table = None
    if question is not None and scored:
        open_risks = sorted(
            (r for r in scored if r.get("status") != "closed"), key=lambda r: -(r["score"] or 0)
        )
        fields = {f.id: f for f in question.fields}
        rows = []
        for risk in open_risks:
            owner = risk.get("owner")
            rows.append(
                (
                    str(risk.get("risk") or ""),
                    f"{risk['score']} ({risk['band']})"
                    if risk["band"]
                    else str(risk["score"] or ""),
                    str(risk.get("mitigation") or ""),
                    values.display(fields["owner"], owner) if owner and "owner" in fields else "",
                )
            )
        table = Table(
            read.title(*read.role("risks")),
            ("Risk or issue", "Score", "Mitigation", "Owner"),
            tuple(rows),
        )
    return Block(
        "risks",
        read.words["heading_risks"],
        parts(
            Part(
                read.title(*read.role("risks")),
                table=table,
                chart=pictures.get("heatmap") if table else None,
            ),
            Part(
                read.words["checks_found"],
                bullets=tuple(f"{c.title}. {c.action}" for c in flagged),
            ),
        ),
    )


def _measures(read: Reader) -> Block:
    table = read.table(
        *read.role("measures"), ("measure", "kind", "baseline", "target", "target_date", "owner")
    )
    return Block(
        "measures",
        read.words["heading_measures"],
        parts(
            Part(
                paragraphs=(
                    *paragraph(
                        read.said(*read.role("evaluation_framework")),
                        read.said(*read.role("review_frequency")),
                    ),
                    *read.prose(*read.role("monitoring")),
                )
            ),
            Part(read.title(*read.role("measures")), table=table),
            *board_evaluation.evaluation(read),
            Part(
                read.title(*read.role("impact_aims")),
                paragraphs=sentences(
                    read.said(*read.role("impact_aims")), *read.prose(*read.role("impact_outcomes"))
                ),
            ),
        ),
    )


def _governance(read: Reader) -> Block:
    people = [
        (q.title, text)
        for section_id, question_id in map(
            read.role, ("sro", "board", "senior_sponsor", "clinical_lead")
        )
        if (q := read.question(section_id, question_id)) is not None
        and (text := read.text(section_id, question_id))
    ]
    who = Table(read.words["accountable"], ("Role", "Name"), tuple(people)) if people else None
    team = read.table(*read.role("team"), ("role", "name", "other_role", "organisation"))
    return Block(
        "governance",
        read.words["heading_governance"],
        parts(
            Part(
                read.words["accountable"],
                table=who,
                paragraphs=sentences(read.said(*read.role("board_frequency"))),
            ),
            Part(
                read.title(*read.role("board_decides")),
                paragraphs=read.prose(*read.role("board_decides")),
            ),
            Part(
                read.title(*read.role("escalation")),
                paragraphs=read.prose(*read.role("escalation")),
            ),
            Part(read.title(*read.role("team")), table=team),
            Part(
                read.title(*read.role("business_as_usual")),
                paragraphs=(
                    *read.prose(*read.role("business_as_usual")),
                    *paragraph(read.said(*read.role("celebrate"))),
                ),
            ),
        ),
    )
