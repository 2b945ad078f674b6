"""The board plan: what a programme board reads, worked out once for any template.

The board plan follows the order a board reads in (the decision asked for, the aim and case
for change, what will happen where and when, money, risks, how we will know, governance)
and says it in sentences and tables made from the content's own words (``boardwords``):
choices by their phrases, yes/no answers by their sentences, headings and frames from the
content's ``board:`` block. The framework's guidance stays in the workbook; what is not
answered yet is gathered in one list at the end. Templates only lay this out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field

from spreadkit import __version__
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework.model import Framework
from spreadkit.framework.wording import display_date_or_blank
from spreadkit.plan.figures.facts import BOARD, Facts
from spreadkit.plan.pictures import trend_charts
from spreadkit.plan.pictures.trend_charts import TrendsView
from spreadkit.plan.views import board_sections
from spreadkit.plan.views.board_parts import BoardBlock, Reader


@dataclass(frozen=True)
class BoardView:
    title: str
    status: str  # "Draft", "For approval", "Approved": the content's words
    version: str
    details: tuple[tuple[str, str], ...]  # ("Innovation", "…"), ("Lead", "…"), …
    notice: str
    blocks: tuple[BoardBlock, ...]
    undecided_heading: str
    undecided_intro: str
    undecided: tuple[str, ...]  # "Senior responsible owner (Step 4)", in the order read
    credit: str
    link: str
    generator: str = field(default=f"spreadkit {__version__}")
    trends: TrendsView = field(default_factory=TrendsView)  # progress over time: check-ins only

    @property
    def status_line(self) -> str:
        """``Draft · version 0.3 · updated 15 July 2027``."""
        bits = [self.status]
        if self.version:
            bits.append(f"version {self.version}")
        return " · ".join(bits)


def build(framework: Framework, answers: Answers, as_of: dt.date | None = None) -> BoardView:
    """The board plan's view. ``as_of`` is the date overdue is judged at (default: the plan's)."""
    facts = Facts.gather(framework, answers, as_of, BOARD)  # what the board plan states, once
    read = Reader(framework, answers, as_of, facts)
    words = read.words
    blocks = tuple(block for block in board_sections.blocks(read) if block.parts)
    details = answers.details
    if not details.get("status"):
        read.undecided.insert(0, words["status_missing"])
    status = str(details.get("status") or "draft")
    shown = (
        ("Innovation", str(details.get("innovation") or "")),
        ("Organisation", str(details.get("organisation") or "")),
        ("Lead", str(details.get("lead") or "")),
        ("Last updated", display_date_or_blank(details.get("updated"))),
    )
    return BoardView(
        title=str(details.get("title") or "Spread and adoption plan"),
        status=words.get(f"status_{status.replace(' ', '_')}", status.capitalize()),
        version=str(details.get("version") or ""),
        details=tuple((label, value) for label, value in shown if value),
        notice=str(details.get("notice") or ""),
        blocks=blocks,
        undecided_heading=words["heading_undecided"],
        undecided_intro=words["undecided_intro"] if read.undecided else words["undecided_none"],
        undecided=tuple(read.undecided),
        credit=words["credit"],
        link=framework.link,
        trends=trend_charts.view(answers, facts.trends),
    )
