"""The board plan's sentences on how the programme is doing: its status and exceptions by the
report's rule (``health.judge``), and a plan check with the figures it compared."""

from __future__ import annotations

from spreadkit.framework import boardwords
from spreadkit.plan.figures import scoring
from spreadkit.plan.views.board_parts import Reader


def status_sentences(read: Reader) -> list[str]:
    """``Programme status: Amber (…).`` and one ``Exception, decision needed: ….`` for each
    tolerance exceeded; nothing when there is nothing to judge."""
    judged = read.facts.status
    if not judged.rag:
        return []
    said = judged.label + (f" ({'; '.join(judged.why)})" if judged.why else "")
    out = [boardwords.fill(read.words["programme_status"], {"status": said})]
    out += [boardwords.fill(read.words["exception"], {"exception": e}) for e in judged.exceptions]
    return out


def check_line(check: scoring.CheckResult) -> str:
    """A flagged check, what it found (with both figures, where it compares two) and its action."""
    found = f": {'; '.join(check.concerned)}" if check.concerned else ""
    return f"{check.title}{found}. {check.action}"
