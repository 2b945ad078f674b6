"""`spreadkit status` by step: completion, scores, flagged checks and the next question.

Rows of plain text for the terminal layer to lay out; nothing here prints.
"""

from __future__ import annotations

import datetime as dt

from spreadkit.answers import lookup, updates
from spreadkit.answers.progress import section_progress
from spreadkit.answers.store import Answers
from spreadkit.core.records import dataclass
from spreadkit.framework import roles, values
from spreadkit.framework.model import Framework
from spreadkit.plan.figures import measure_series, scoring, tracking


@dataclass(frozen=True)
class StepStatus:
    label: str
    answered: str
    missing: int
    scores: tuple[str, ...]
    flagged: tuple[str, ...]
    next_question: str
    unknown: tuple[str, ...] = ()  # checks with not enough information yet
    overdue: tuple[str, ...] = ()  # actions overdue on the plan's date (or --as-of)
    as_of: str = ""  # that date, in words
    # what else needs attention on that date, as (kind, line): sites behind their trajectory,
    # risks past their review date, measures not updated when due
    tracked: tuple[tuple[str, str], ...] = ()

    @property
    def overdue_lines(self) -> tuple[str, ...]:
        """Overdue actions and everything else behind, for the terminal's table."""
        late = [f"⏰ Overdue on {self.as_of}: {line}" for line in self.overdue]
        late += [f"⏰ {kind.capitalize()} on {self.as_of}: {line}" for kind, line in self.tracked]
        return tuple(late)

    @property
    def plain_lines(self) -> tuple[str, ...]:
        """The same as plain lines: ``overdue on 3 April 2028: task — owner, due ...``."""
        late = [f"overdue on {self.as_of}: {line}" for line in self.overdue]
        return tuple(late + [f"{kind} on {self.as_of}: {line}" for kind, line in self.tracked])


def step_statuses(framework: Framework, answers: Answers) -> list[StepStatus]:
    results = scoring.assess(framework, answers)
    checks = scoring.run_checks(framework, answers, results)
    as_of = lookup.as_of_date(answers)
    rows = []
    for section in framework.sections:
        asked, blank, missing = section_progress(answers, section)
        rows.append(
            StepStatus(
                label=section.label,
                answered=f"{len(asked) - len(blank)} of {len(asked)}",
                missing=len(missing),
                scores=tuple(_score_line(r) for r in results if r.step_id == section.id),
                flagged=tuple(
                    c.title + (f" ({'; '.join(c.concerned)})" if c.concerned else "")
                    for c in checks
                    if c.step_id == section.id and c.flagged
                ),
                next_question=(missing or blank)[0].prompt if blank else "",
                unknown=tuple(c.title for c in checks if c.step_id == section.id and c.unknown),
                overdue=_overdue(framework, answers, section.id),
                tracked=_tracked(framework, answers, section.id, as_of),
                as_of=values.display_date(as_of) if as_of else "",
            )
        )
    return rows


def _overdue(framework: Framework, answers: Answers, section_id: str) -> tuple[str, ...]:
    """The overdue actions, each as ``task — owner, due 31 March 2027``, under the step that
    holds the actions."""
    if section_id != roles.ids(framework, "actions")[0]:
        return ()
    as_of = lookup.as_of_date(answers)
    lines = []
    for action in tracking.overdue_actions(framework, answers, as_of):
        due = tracking.deadline(action)
        owner = f" — {action['owner']}" if action.get("owner") else ""
        revised = "revised due" if action.get("revised_due") else "due"
        when = f"{revised} {values.display_date(due)}" if due else ""
        lines.append(f"{action.get('task', '')}{owner}, {when}")
    return tuple(lines)


def _site_status(framework: Framework, value: object) -> str:
    """A site's status as the plan words it ("Not started"), from the content's choices."""
    question = roles.question(framework, "sites")
    field = next((f for f in question.fields if f.id == "status"), None) if question else None
    return field.choice_label(str(value)).lower() if field else str(value)


def _tracked(
    framework: Framework, answers: Answers, section_id: str, as_of: dt.date | None
) -> tuple[tuple[str, str], ...]:
    """What is behind on ``as_of`` in this step: under the steps holding the sites, the risks
    and the measures (their roles), what of each is behind."""
    lines: list[tuple[str, str]] = []
    if section_id == roles.ids(framework, "sites")[0]:
        for site in tracking.sites_behind(framework, answers, as_of):
            status = f", {_site_status(framework, site['status'])}" if site.get("status") else ""
            planned = values.display_date(site["golive_planned"])
            lines.append(("behind", f"{site.get('name', '')} — go-live planned {planned}{status}"))
    if section_id == roles.ids(framework, "risks")[0]:
        for risk in tracking.risks_past_review(framework, answers, as_of):
            lines.append(("review passed", tracking.past_review_words(risk)))
    if section_id == roles.ids(framework, "measures")[0]:
        for measure in tracking.measures_not_updated(framework, answers, as_of):
            assert as_of is not None
            last = updates.last_taken(answers, measure, as_of)
            said = f"last {values.display_date(last)}" if last else "never"
            lines.append(
                ("not updated", f"{measure.get('measure', '')} — {measure['frequency']}, {said}")
            )
        for figure in measure_series.figures(framework, answers, as_of):
            lines.append(("measure", measure_series.summary(figure)))
    return tuple(lines)


def _score_line(result: scoring.AssessmentResult) -> str:
    if result.kind == "distribution":
        return f"{result.title}: {result.rated} {result.counted}" + (
            f", start with {', '.join(result.start_with)}" if result.start_with else ""
        )
    if not result.answered:
        return f"{result.title}: not rated yet"
    return f"{result.title}: {result.total:g} of {result.maximum:g}, {result.band} ({result.rag})"


def programme_lines(framework: Framework, answers: Answers) -> list[str]:
    """The programme in a few lines for ``spreadkit status``: its status by the one rule
    (``health.judge``), the exceptions, progress (``aim_figures.progress``) and what an
    ``--as-of`` date before the records cannot show. Empty for a plan with no programme."""
    from spreadkit.answers import standing
    from spreadkit.plan.figures import aim_figures, health

    as_of = lookup.as_of_date(answers)
    judged = health.judge(framework, answers, as_of)
    words = aim_figures.progress(framework, answers, as_of).words
    lines = []
    if as_of is not None and (limits := standing.cannot_show(answers, as_of)):
        lines.append(limits)
    if judged.rag:
        before = health.previous(framework, answers, as_of)
        was = f" (last check-in: {before.label})" if before and before.rag else ""
        lines.append(
            f"Programme status: {judged.label}{was}"
            + (f": {'; '.join(judged.why)}" if judged.why else "")
        )
        lines += [f"Exception, decision needed: {e}" for e in judged.exceptions]
    if words:
        lines.append(f"Progress to the aim: {words}")
        inferred = aim_figures.progress(framework, answers, as_of).inferred_words
        lines += [inferred] if inferred else []
    return lines
