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
from spreadkit.plan.views import board_status, glance, sources
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
        _decision(read),
        _case(read, results),
        _delivery(read, pictures),
        _money(read),
        _risks(read, pictures, [c for c in checks if c.flagged]),
        _measures(read),
        _governance(read),
        _sources(read),
    ]


def _parts(*parts: Part | None) -> tuple[Part, ...]:
    """The parts that have something to show."""
    return tuple(
        p for p in parts if p is not None and (p.paragraphs or p.bullets or p.table or p.chart)
    )


def _sentences(*texts: str) -> tuple[str, ...]:
    return tuple(t for t in texts if t)


def _paragraph(*texts: str) -> tuple[str, ...]:
    """Short sentences run together as one paragraph."""
    said = " ".join(t for t in texts if t)
    return (said,) if said else ()


def _count(number: int, one: str, many: str) -> str:
    return f"{values.count_words(number)} {one if number == 1 else many}"


def _budget_words(read: Reader) -> tuple[str, str]:
    """The budget's total and recurrent part in pounds, or ("", "") without a budget."""
    question = read.question("implement", "budget")
    if question is None or not read.answers.get("implement", "budget"):
        return "", ""
    totals = tracking.budget_totals(read.answers)
    money = next((f for f in question.fields if f.type == "money"), None)
    if money is None:
        return "", ""
    return values.display(money, totals["total"]), values.display(money, totals["recurrent"])


def _decision(read: Reader) -> Block:
    words = read.words
    status = str(read.answers.details.get("status") or "draft").replace(" ", "_")
    phases = read.records("ready", "phases")
    sites = read.records("ready", "sites")
    start = read.text("implement", "start_date")
    end = read.text("implement", "end_date")
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
    sro = read.text("implement", "sro")
    board = read.text("implement", "board")
    led = boardwords.fill(words["led_by"], {"sro": sro, "board": board})
    aim = boardwords.fill(
        words["aim"], {"aim": boardwords.mid_sentence(read.text("analyse", "aim"))}
    )
    return Block(
        "decision",
        words["heading_decision"],
        _parts(
            Part(paragraphs=_paragraph(words.get(f"ask_{status}", ""), reach)),
            Part(paragraphs=_paragraph(aim, cost, led)),
        ),
    )


def _case(read: Reader, results: list[scoring.AssessmentResult]) -> Block:
    seen = glance.build(read.framework, read.answers, read.as_of)
    progress = []
    if seen.aim_progress:
        progress.append(boardwords.fill(read.words["progress"], {"progress": seen.aim_progress}))
    if seen.aim_baseline:
        progress.append(boardwords.fill(read.words["baseline"], {"baseline": seen.aim_baseline}))
    progress += board_status.status_sentences(read)  # the report's rule
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
    evidence = (*read.prose("analyse", "evidence"), read.said("analyse", "evidence_strength"))
    return Block(
        "case",
        read.words["heading_case"],
        _parts(
            Part(
                read.title("analyse", "aim"),
                paragraphs=(*_paragraph(*progress), *read.prose("analyse", "scope_in")),
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
                read.words["scores"],
                table=scores,
                note=read.framework.scores_note if scores else "",
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


def _question_of(read: Reader, result: scoring.AssessmentResult) -> str:
    for step in read.framework.steps:
        for assessment in step.assessments:
            if assessment.id == result.id and step.id == result.step_id:
                return assessment.question
    return ""


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
                chart=pictures.get("progress") if sites else None,
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


def _money(read: Reader) -> Block:
    question = read.question("implement", "budget")
    table = read.table("implement", "budget", ("item", "amount", "source", "recurrent", "period"))
    if table is not None and question is not None:
        records = read.records("implement", "budget")
        table = Table(
            table.caption,
            table.columns,
            table.rows,
            programme.table_totals(question.fields, records),
        )
    return Block(
        "money",
        read.words["heading_money"],
        _parts(
            Part(read.title("implement", "budget"), table=table),
            Part(
                read.title("sustain", "funding_end"),
                paragraphs=read.prose("sustain", "funding_end"),
            ),
        ),
    )


def _risks(read: Reader, pictures: dict[str, Chart], flagged: list[scoring.CheckResult]) -> Block:
    scored = [r for r in tracking.scored_risks(read.framework, read.answers)]
    read.value("implement", "risks")
    question = read.question("implement", "risks")
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
            read.title("implement", "risks"),
            ("Risk or issue", "Score", "Mitigation", "Owner"),
            tuple(rows),
        )
    return Block(
        "risks",
        read.words["heading_risks"],
        _parts(
            Part(
                read.title("implement", "risks"),
                table=table,
                chart=pictures.get("heatmap") if table else None,
            ),
            Part(
                read.words["checks_found"],
                bullets=tuple(board_status.check_line(c) for c in flagged),
            ),
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
