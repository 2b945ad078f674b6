"""The board plan's financial case: the budget and its period, spend so far, the cost after the
programme and who pays, the cost per unit of change, and the budget's lines.

Every figure comes from ``money``; totals are stated once, above the lines, never again under
them. The frames are the content's (``board:`` keys ``money_*``).
"""

from __future__ import annotations

from typing import Any

from spreadkit.answers.history import record_paths
from spreadkit.framework import boardwords, grammar, values
from spreadkit.framework.wording import display_date
from spreadkit.plan.figures import money
from spreadkit.plan.views import sources
from spreadkit.plan.views.board_parts import BoardBlock, BoardTable, Part, Reader


def _pounds(read: Reader, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    return money.pounds(value, read.facts.show_pence)


def budget_words(read: Reader) -> str:
    """``£713,001 in all: …``: the brief and the financial case both say it, worked out once."""
    said: str | None = read.memo.get("budget words")
    if said is None:
        said = read.memo["budget words"] = _budget_words(read)
    return said


def _budget_words(read: Reader) -> str:
    """``£713,001 in all: £610,000 recurrent, for 1 October 2026 to 31 March 2028 (18 months),
    and £103,001 non-recurrent``: a cost a year only where ``money.recurrent`` gives one."""
    if not read.facts.budget_lines:
        return ""
    totals = read.facts.budget
    found = read.facts.recurrent
    parts = {
        "total": _pounds(read, totals["total"]),
        "recurrent": _pounds(read, totals["recurrent"]),
        "non_recurrent": _pounds(read, totals["non_recurrent"]),
        "per_year": _pounds(read, found.per_year) if found and found.per_year is not None else "",
        "period": _period_words(found) if found else "",
    }
    ending = "_no_year"
    if parts["per_year"]:
        ending = ""
    elif parts["period"]:
        ending = "_period"
    if not totals["recurrent"]:
        key = "money_none_recurrent"
    elif not totals["non_recurrent"]:
        key = "money_all_recurrent" + ending
    else:
        key = "money_split" + ending
    return boardwords.fill(read.words[key], parts)


def _period_words(found: money.Recurrent) -> str:
    """``1 October 2026 to 31 March 2028 (18 months)``; the months only when whole."""
    if found.period is None or found.months is None:
        return ""
    start, end = found.period
    count = found.months
    whole = (
        f" ({grammar.count(round(count), 'month', digits=True)})" if count == round(count) else ""
    )
    return f"{display_date(start)} to {display_date(end)}{whole}"


def spend_words(read: Reader) -> str:
    """``£659,500 of £713,001 (92%)``: the brief and the financial case both say it, worked
    out once."""
    said: str | None = read.memo.get("spend words")
    if said is None:
        said = read.memo["spend words"] = _spend_words(read)
    return said


def _spend_words(read: Reader) -> str:
    """``£659,500 of £713,001 (92%)``, naming the lines when not every line records spend."""
    spent = read.facts.spend
    if spent is None:
        return ""
    lines = len(read.facts.budget_lines)
    key = "money_spent" if spent.lines == lines else "money_spent_some"
    return boardwords.fill(
        read.words[key],
        {
            "spent": _pounds(read, spent.spent),
            "against": _pounds(read, spent.against),
            "percent": f"{spent.percent}%",
            "lines": grammar.count(spent.lines, "budget line"),
        },
    )


def per_unit_words(read: Reader) -> str:
    """``£50,929 for each post the aim adds to its baseline: the whole budget, £713,001, ÷ 14
    posts (16 − 2)``."""
    unit = read.facts.cost_per_unit
    if unit is None:
        return ""
    return boardwords.fill(
        read.words["money_per_unit"],
        {
            "cost": _pounds(read, unit.cost),
            "unit": grammar.singular(unit.unit),
            "total": _pounds(read, unit.total),
            "added": grammar.count(unit.added, unit.unit, digits=True),
            "target": values.display_score(unit.target),
            "baseline": values.display_score(unit.baseline),
        },
    )


def brief(read: Reader) -> list[tuple[str, str]]:
    """The money in brief, for the first section."""
    words = read.words
    return [
        (words["fact_budget"], budget_words(read)),
        (words["fact_spent"], spend_words(read)),
        (
            read.title("cost_after"),
            read.marked("cost_after", _pounds(read, read.answer("cost_after"))),
        ),
    ]


def block(read: Reader) -> BoardBlock:
    words = read.words
    cost_after = read.value("cost_after")
    read.value("cost_after_payer")
    facts = (
        (words["fact_budget"], budget_words(read)),
        (words["fact_spent"], spend_words(read)),
        (
            read.title("cost_after"),
            read.marked("cost_after", _pounds(read, cost_after)),
        ),
        (read.title("cost_after_payer"), read.text("cost_after_payer")),
        (words["fact_per_unit"], per_unit_words(read)),
    )
    return BoardBlock(
        "money",
        words["heading_money"],
        tuple(
            p
            for p in (
                Part(facts=tuple((label, value) for label, value in facts if label and value)),
                Part(read.title("budget"), table=_lines(read)),
                Part(
                    read.title("funding_end"),
                    paragraphs=read.prose("funding_end"),
                ),
            )
            if p.facts or p.table or p.paragraphs
        ),
    )


def _lines(read: Reader) -> BoardTable | None:
    place = read.place("budget")
    question = place.question
    records = read.records("budget")
    if question is None or not records:
        return None
    fields = read.places.fields("budget")  # each field with how it reads, by id
    wanted = [
        c for c in ("item", "amount", "spent", "source", "recurrent", "period") if c in fields
    ]
    shown = [c for c in wanted if any(not values.is_blank(r.get(c)) for r in records)]
    answers = read.answers
    cited, assumed = answers.citations, answers.assumptions
    marked = read.group_marked("budget")
    paths = record_paths(place.section_id, place.question_id, records) if marked else []
    marked_records = read.marked_records() if marked else set()

    def mark(path: str) -> str:  # sources.mark, looked up only where there is a mark
        return sources.mark(answers, path) if path in cited or path in assumed else ""

    rows = []
    for index, record in enumerate(records):
        row = []
        for column in shown:
            value = record.get(column)
            if values.is_blank(value):
                row.append("")
                continue
            if fields[column].field.type == "money":
                said = _pounds(read, value)
            elif column == "recurrent":
                said = words_yes_no(read, value)
            else:
                said = fields[column].show(value)
            if paths and (path := paths[index]) in marked_records:  # its sources, if assumed
                said += mark(f"{path}.{column}") + (mark(path) if column == shown[0] else "")
            row.append(said)
        rows.append(tuple(row))
    return BoardTable(question.title, tuple(fields[c].title for c in shown), tuple(rows))


def words_yes_no(read: Reader, value: Any) -> str:
    return read.words["money_recurrent_yes"] if value is True else read.words["money_recurrent_no"]
