"""The board plan's first section: the decision asked for, and the programme in brief.

A reader with ten minutes finds here the resolution to minute, the amount and stage, the
options (doing nothing among them) with the one recommended and why, any decision the plan's
state calls for, and the programme in brief: aim, reach, the budget, spend so far and the top
risks. Answers a person typed are quoted or given their own labelled line, never spliced.
"""

from __future__ import annotations

from spreadkit.framework import boardwords, grammar
from spreadkit.plan.views import board_money, board_risks
from spreadkit.plan.views.board_parts import BoardBlock, BoardTable, Part, Reader

# the roles section 1 reads; a blank one joins the "still to decide" list
DECISION_ROLES = [
    "decision_amount",
    "decision_stage",
    "decision_by",
    "options",
    "recommended",
    "decision",  # last: a role, not a ("section", "question") pair with the next one
]


def block(read: Reader) -> BoardBlock:
    words = read.words
    status = str(read.answers.details.get("status") or "draft").replace(" ", "_")
    for role in DECISION_ROLES:
        read.value(role)  # a blank one joins the "still to decide" list
    asked = read.facts.decision
    parts: list[Part] = []
    if asked.asked:
        parts.append(
            Part(
                paragraphs=(words.get(f"resolve_{status}", words["resolve_for_approval"]),),
                quote=asked.resolution,
                facts=tuple(
                    (label, value)
                    for label, value in (
                        (
                            words["fact_amount"],
                            read.marked("decision_amount", asked.amount),
                        ),
                        (words["fact_stage"], asked.stage),
                        (words["fact_by"], asked.by),
                        (words["fact_recommended"], asked.recommended),
                    )
                    if value
                ),
            )
        )
    else:
        parts.append(Part(paragraphs=(words.get(f"ask_{status}", ""),)))
    if asked.options:
        if not asked.has_do_nothing:
            read.undecided.append(words["no_do_nothing"])
        parts.append(
            Part(
                words["heading_options"],
                table=BoardTable(
                    words["heading_options"],
                    (words["col_option"], words["col_follows"], words["col_cost"]),
                    tuple(
                        (
                            o.name
                            + (f" {words['mark_recommended']}" if o.recommended else "")
                            + (
                                f" {words['mark_do_nothing']}"
                                if o.do_nothing and "nothing" not in o.name.lower()
                                else ""
                            ),
                            o.consequences,
                            o.cost,
                        )
                        for o in asked.options
                    ),
                ),
            )
        )
    if asked.reasons:
        parts.append(Part(read.title("recommendation"), paragraphs=asked.reasons))
    for asked_too in (True, False):  # what the decision asked settles too, then the rest
        due = [n for n in asked.needed if n.with_asked is asked_too]
        if due:
            key = "due_asked" if asked_too else "due"
            parts.append(
                Part(
                    words[f"heading_{key}"],
                    paragraphs=tuple(
                        grammar.sentence(
                            boardwords.fill(words[key], {"why": n.why, "choice": n.choice})
                        )
                        for n in due
                    ),
                )
            )
    parts.append(Part(words["heading_brief"], facts=_brief(read)))
    return BoardBlock("decision", words["heading_decision"], tuple(parts))


def _brief(read: Reader) -> tuple[tuple[str, str], ...]:
    words = read.words
    phases = read.records("phases")
    sites = read.records("sites")
    start = read.text("start_date")
    end = read.text("end_date")
    reach = " in ".join(
        p
        for p in (
            grammar.count(len(sites), "site", digits=True) if sites else "",
            grammar.count(len(phases), "phase", digits=True) if phases else "",
        )
        if p
    )
    when = f"from {start} to {end}" if start and end else ""
    where = ", ".join(p for p in (reach, when) if p)
    facts = [
        (read.title("aim"), read.text("aim")),
        (words["fact_reach"], where),
        *board_money.brief(read),
        (words["fact_top_risks"], board_risks.brief(read)),
        (read.title("sro"), read.text("sro")),
        (read.title("board"), _reports_to(read)),
    ]
    return tuple((label, value) for label, value in facts if label and value)


def _reports_to(read: Reader) -> str:
    board = read.text("board")
    how_often = read.question("board_frequency")
    value = read.answer("board_frequency")
    if not board:
        return ""
    if how_often is None or not value:
        return board
    return f"{board}, {how_often.choice_phrase(str(value))}"
