"""The tipping point: the share of potential adopters that have adopted, against the 15–20%
often cited as the point after which spread tends to continue. Only for an aim that counts
adopters themselves (sites, practices, organisations) out of a stated number that could adopt;
the rule is in docs/figures.md."""

from __future__ import annotations

import datetime as dt

from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import values
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import aim_figures

# Units that count adopters themselves: only these have a tipping point.
ADOPTING_UNITS = ("sites", "practices", "organisations")
TIPPING_LOW, TIPPING_HIGH = 15, 20  # per cent of the potential adopters that have adopted
TIPPING_CREDIT = (
    "15–20% adoption is often cited as the tipping point after which spread tends to continue "
    "(Helen Bevan, NHS Horizons); a rule of thumb, not a law."
)


@dataclass(frozen=True)
class Tipping:
    adopted: float
    potential: float
    share: int  # per cent of the potential adopters that have adopted
    past: bool  # moved from the baseline and at or above the band's 15%
    beyond: bool = False  # and above its 20%
    moved: bool = True  # progress has moved from the baseline

    @property
    def words(self) -> str:
        """Where the share stands against the 15–20% band: not yet in it, within it, or beyond
        it. Never "past the tipping point": the band is a rule of thumb, not a line crossed."""
        band = f"the {TIPPING_LOW}–{TIPPING_HIGH}% often cited as the tipping point"
        state = "beyond" if self.beyond else "within" if self.past else "not yet in"
        head = (
            f"{values.display_score(self.adopted)} of {values.display_score(self.potential)} "
            f"potential adopters have adopted ({self.share}%)"
        )
        if not self.moved:
            return f"{head}, as at the baseline: no spread yet to place against {band}"
        return f"{head}: {state} {band}"


def tipping(
    framework: Framework,
    answers: Answers,
    on: dt.date | None = None,
    now: aim_figures.Progress | None = None,
) -> Tipping | None:
    """The share of potential adopters that have adopted, against the 15–20% tipping point.

    Only when the aim counts adopters themselves (sites, practices, organisations) and the
    answers say how many could adopt; never for posts or a share. Compared exactly (7 of 40 is
    17.5%, within the band, though said as 18%), and never in or beyond the band while progress
    is still at the baseline: the point is about spread that has happened. ``now``: the
    progress on ``on``, when already worked out (``aim_figures.progress``).
    """
    now = now or aim_figures.progress(framework, answers, on)
    found = now.aim
    if found.unit.lower() not in ADOPTING_UNITS or not found.potential or now.value is None:
        return None
    share = aim_figures.whole_percent(now.value, found.potential)
    moved = found.baseline is None or now.value > found.baseline
    past = moved and 100 * now.value >= TIPPING_LOW * found.potential
    beyond = past and 100 * now.value > TIPPING_HIGH * found.potential
    return Tipping(now.value, found.potential, share, past, beyond, moved)
