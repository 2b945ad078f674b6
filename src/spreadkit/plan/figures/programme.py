"""A programme's facts read from the answers, as a step's ``charts:`` in the content names them.

Phases, open risks and progress to target, as plain data for the pictures in
``programme_charts`` and for the plan's "at a glance".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from spreadkit.answers.lookup import as_date, as_number
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import grammar, values
from spreadkit.framework.model import Band, ChartSpec, Field, Step
from spreadkit.framework.wording import number

# -- what the programme's pictures show ----------------------------------------------------------


@dataclass(frozen=True)
class PhaseBar:
    """One phase: its name, its dates (either may be unknown) and the decision that ends it."""

    name: str
    start: dt.date | None = None
    end: dt.date | None = None
    decision: str = ""
    decider: str = ""


@dataclass(frozen=True)
class ChartBand:
    """A band of scores, from ``start`` up to the next band's start, with its name and colour.

    ``colour`` names a CSS class, ``chart-band-<colour>``: ``green``, ``amber``, ``red``, or
    ``amber-light`` and the like where two bands share a colour (see ``chart_bands``).
    """

    start: float
    label: str
    colour: str


def chart_bands(bands: Sequence[Band]) -> tuple[ChartBand, ...]:
    """An assessment's bands for a heat map: a band that shares its colour with a higher band
    is drawn in the lighter shade of it, so each band has its own shade (and always its name)."""
    return tuple(
        ChartBand(
            band.start,
            band.label,
            f"{band.rag}-light" if any(b.rag == band.rag for b in bands[i + 1 :]) else band.rag,
        )
        for i, band in enumerate(bands)
    )


@dataclass(frozen=True)
class RiskPoint:
    """One open risk on the matrix: likelihood and impact from 1 to 5."""

    label: str
    likelihood: int
    impact: int
    ref: str = ""  # how the picture names it: "R3", its place in the register; R1… by default

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


def band_for(score: float, bands: Sequence[ChartBand]) -> ChartBand | None:
    """The band a score falls in: the last whose start it reaches."""
    found = None
    for band in bands:
        if score >= band.start:
            found = band
    return found


@dataclass(frozen=True)
class ProgressRow:
    label: str
    actual: float | None
    target: float | None

    @property
    def percent(self) -> int | None:
        if not self.target:
            return None
        return round(100 * (self.actual or 0) / self.target)


def progress_words(row: ProgressRow, unit: str = "") -> str:
    """``3 of 5 posts (60%)``, or what is missing."""
    unit_text = f" {unit}" if unit else ""
    if row.target is None or row.target <= 0:
        done = number(row.actual) + unit_text if row.actual is not None else "nothing yet"
        return f"{done}, no target set"
    target = grammar.count(row.target, unit, digits=True) if unit else number(row.target)
    return f"{number(row.actual or 0)} of {target} ({row.percent}%)"


# -- read from the answers ----------------------------------------------------------------------


def fields_of(spec: ChartSpec, step: Step) -> dict[str, Field]:
    question = step.question(spec.question)
    assert question is not None  # the content loader checked the chart's question
    return {f.id: f for f in question.fields}


def _rows(spec: ChartSpec, step: Step, answers: Answers) -> list[dict[str, Any]]:
    records = answers.get(step.id, spec.question) or []
    return [r for r in records if isinstance(r, dict)]


def phase_bars(spec: ChartSpec, step: Step, answers: Answers) -> list[PhaseBar]:
    """The phases of a programme, in order, with their dates and the decision ending each."""
    bars = []
    for record in _rows(spec, step, answers):
        dates = record.get(spec.date) if spec.date else None
        dates = dates if isinstance(dates, dict) else {}
        bars.append(
            PhaseBar(
                str(record.get(spec.label, "")),
                as_date(dates.get("start")),
                as_date(dates.get("end")),
                str(record.get(spec.decision, "") or "") if spec.decision else "",
                str(record.get(spec.owner, "") or "") if spec.owner else "",
            )
        )
    return bars


def _point(value: Any) -> int | None:
    return (
        value
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5
        else None
    )


def risk_points(spec: ChartSpec, step: Step, answers: Answers) -> list[RiskPoint]:
    """The open risks (not issues) with both likelihood and impact rated, named by their place
    in the register (R1 is its first row, closed or not), so the picture matches the table."""
    points = []
    for index, record in enumerate(_rows(spec, step, answers)):
        if spec.status and record.get(spec.status) in spec.done:
            continue
        if record.get("kind") == "issue":
            continue  # an issue has happened: it has no likelihood to plot
        likelihood, impact = _point(record.get(spec.x)), _point(record.get(spec.y))
        if likelihood and impact:
            label = str(record.get(spec.label, ""))
            points.append(RiskPoint(label, likelihood, impact, f"R{index + 1}"))
    return points


def unit_of(spec: ChartSpec, answers: Answers) -> str:
    """The unit the content points a progress chart to (``analyse.aim_target``), if answered."""
    step_id, _, question_id = spec.unit.partition(".")
    value = answers.get(step_id, question_id) if spec.unit else None
    return str(value.get("unit") or "") if isinstance(value, dict) else ""


def progress_row(spec: ChartSpec, record: dict[str, Any]) -> ProgressRow:
    return ProgressRow(
        str(record.get(spec.label, "")),
        as_number(record.get(spec.value)),
        as_number(record.get(spec.target)),
    )


def progress_rows(spec: ChartSpec, step: Step, answers: Answers) -> list[ProgressRow]:
    """The records with a target or a count so far, in order."""
    rows = [progress_row(spec, record) for record in _rows(spec, step, answers)]
    return [row for row in rows if row.target is not None or row.actual is not None]


def table_totals(fields: tuple[Field, ...], records: list[Any]) -> tuple[tuple[str, str], ...]:
    """Totals of a group's money fields: the first split by the group's first yes/no field,
    when it has one; any later money field (spent so far) as one total, when it has amounts.

    A budget's lines give ("Recurrent", "£610,000"), ("Non-recurrent", "£103,000.50") and
    ("Total", "£713,000.50"). Lines with no amount count for nothing.
    """
    money = [f for f in fields if f.type == "money"]
    split = next((f for f in fields if f.type == "yesno"), None)
    rows = [r for r in records if isinstance(r, dict)]
    out: list[tuple[str, str]] = []
    for index, field in enumerate(money):
        amounts = [(r, as_number(r.get(field.id))) for r in rows]
        if index and all(a is None for _, a in amounts):
            continue
        named = "Total" if index == 0 else f"Total {field.title.lower()}"
        if split is not None and index == 0:
            title = split.title
            other = f"Non-{title.lower()}" if " " not in title else f"Not {title.lower()}"
            for label, wanted in ((title, True), (other, False)):
                part = sum(a or 0 for r, a in amounts if bool(r.get(split.id)) is wanted)
                out.append((label, _money(field, part)))
        out.append((named, _money(field, sum(a or 0 for _, a in amounts))))
    return tuple(out)


def _money(field: Field, amount: float) -> str:
    whole = round(amount, 2)
    return values.display(field, int(whole) if float(whole).is_integer() else whole)


def has_data(spec: ChartSpec, step: Step, answers: Answers) -> bool:
    """Whether a programme chart has anything to draw (other kinds always draw)."""
    if spec.kind == "phases":
        return bool(_rows(spec, step, answers))
    if spec.kind == "heatmap":
        return bool(risk_points(spec, step, answers))
    if spec.kind == "progress":
        return bool(progress_rows(spec, step, answers))
    return True
