"""The highlight report's marks: which of its figures cite sources or are assumed, and the short
list of the sources it cites, for its small print.

The report marks a figure as the board plan does (``views.sources``): `` [2]`` for its sources,
numbered as in the board plan, and `` †`` if assumed. Being one page, it lists only the sources
its own figures cite, not the plan's whole list.
"""

from __future__ import annotations

from collections.abc import Sequence

from spreadkit.answers.history import record_path
from spreadkit.answers.store import Answers
from spreadkit.framework import roles, values
from spreadkit.framework.model import Framework
from spreadkit.framework.wording import clip
from spreadkit.plan.figures import aim_figures
from spreadkit.plan.views import sources

LEGEND = "Sources, numbered as in the board plan († marks an assumed figure)"
WIDTH = (
    320  # at most two printed lines of the report's small print (a crowded report stays one page)
)


class Marks:
    """Marks figures as the report shows them, and remembers which sources it cited."""

    def __init__(self, framework: Framework, answers: Answers) -> None:
        self.framework = framework
        self.answers = answers
        self.cited: dict[str, None] = {}  # in the order first cited
        self.assumed = False

    def mark(self, path: str) -> str:
        """`` [1, 2]`` and/or `` †`` for the answer at ``path``; "" when it has neither."""
        self.cited.update(dict.fromkeys(self.answers.citations.get(path, ())))
        self.assumed = self.assumed or path in self.answers.assumptions
        return sources.mark(self.answers, path)

    def role(self, name: str) -> str:
        """The marks of the answer playing role ``name`` (``aim_target``)."""
        section_id, question_id = roles.ids(self.framework, name)
        return self.mark(f"{section_id}.{question_id}")

    def measure(self, name: str, field: str) -> str:
        """The marks of one field (``baseline``) of the measure named ``name``."""
        section_id, question_id = roles.ids(self.framework, "measures")
        records = self.answers.get(section_id, question_id)
        records = records if isinstance(records, list) else []
        for index, record in enumerate(records):
            if isinstance(record, dict) and str(record.get("measure")) == name:
                path = record_path(section_id, question_id, records, index)
                return self.mark(f"{path}.{field}") + self.mark(path)
        return ""

    def progress(self, now: aim_figures.Progress) -> str:
        """The one progress sentence (``aim_figures``), its target and date followed by their
        marks."""
        target = now.aim.target
        shown = (
            (aim_figures.amount(target, now.aim.unit), values.display_score(target))
            if target is not None
            else ()
        )
        words = after_target(now.words, shown, self.role("aim_target"))
        by = f" by {values.display_date(now.aim.target_date)}" if now.aim.target_date else ""
        mark = self.role("aim_by")
        return words.replace(by, by + mark, 1) if by and mark and by in words else words

    def small_print(self) -> tuple[str, ...]:
        """What the marks mean and the sources cited, short, on one line of small print (at most
        ``WIDTH`` characters: the board plan lists them in full); () when nothing is marked."""
        if not self.cited and not self.assumed:
            return ()
        numbers = sources.numbers(self.answers)
        cited = [
            f"[{numbers[s.id]}] {s.title.rstrip('.')}" + (f" ({s.year})" if s.year else "")
            for s in self.answers.sources
            if s.id in self.cited
        ]
        said = f"{LEGEND}: {'; '.join(cited)}." if cited else f"{LEGEND}."
        return (clip(said, WIDTH),)


def room(answers: Answers) -> int:
    """The rows of overdue actions the small print takes on a plan that marks anything: one, so a
    crowded report stays one page (tests/test_report.py prints one)."""
    return 1 if answers.citations or answers.assumptions else 0


def after_target(words: str, shown: Sequence[str], mark: str) -> str:
    """``words`` (the one progress sentence) with ``mark`` after its target figure, the first of
    the ways it may be ``shown`` that it holds: ``target 16 posts [2] by 31 March 2028``; at the
    end when it names no target."""
    for target in shown if mark else ():
        said = f"target {target}"
        if said in words:
            return words.replace(said, said + mark, 1)
    return words + mark
