"""The board plan's words: its headings and sentence frames, and answers turned into sentences.

Content gives them (``board:`` in framework.yml; ``phrase`` on a choice, ``sentence``,
``phrase_yes`` and ``phrase_no`` on a question), so a pack can reword the board plan without
touching a template. ``DEFAULTS`` holds the words used for any key the content leaves out.
Frames fill their ``{name}`` places by plain replacement, never by ``str.format``: content
is untrusted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from spreadkit.framework import grammar, values
from spreadkit.framework.model import Field, Framework, QuestionType

_PLACE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

DEFAULTS: dict[str, str] = {
    "heading_decision": "The decision asked for",
    "heading_case": "Aim and case for change",
    "heading_delivery": "What will happen, where and when",
    "heading_money": "Money",
    "heading_risks": "Risks",
    "heading_measures": "How we will know it is working",
    "heading_governance": "Governance",
    "heading_undecided": "Still to decide",
    "status_draft": "Draft",
    "status_for_approval": "For approval",
    "status_approved": "Approved",
    "ask_draft": "This draft does not yet state the decision the board will be asked for; "
    "it is listed under Still to decide.",
    "ask_for_approval": "The plan is put for approval but does not yet state the decision asked "
    "for; it is listed under Still to decide.",
    "ask_approved": "The board has approved this plan; it is shared to report progress.",
    "resolve_draft": "This is a draft. When it is final, the board will be asked to resolve:",
    "resolve_for_approval": "The board is asked to resolve:",
    "resolve_approved": "The board resolved:",
    "fact_amount": "Amount",
    "fact_stage": "Stage",
    "fact_by": "Decision needed by",
    "fact_recommended": "Recommended option",
    "heading_options": "Options considered",
    "col_option": "Option",
    "col_follows": "What would follow",
    "col_cost": "Cost",
    "mark_recommended": "(recommended)",
    "mark_do_nothing": "(doing nothing)",
    "no_do_nothing": "Options considered: the option of doing nothing",
    "heading_due": "A further decision the plan's state calls for",
    "due": "{why} The board needs to decide {choice}.",
    "heading_due_asked": "What the decision asked for settles too",
    "due_asked": "{why} The decision asked for settles this too: {choice}.",
    "heading_brief": "The programme in brief",
    "fact_innovation": "Innovation",
    "fact_reach": "Where and when",
    "fact_top_risks": "Top risks",
    "fact_budget": "Budget",
    "fact_spent": "Spent so far",
    "fact_per_unit": "Cost per unit of change",
    "fact_aim_target": "Target",
    "fact_baseline": "Baseline",
    "fact_progress": "Progress",
    "heading_standing": "Where the programme stands",
    "money_none_recurrent": "{total}, all of it non-recurrent",
    "money_all_recurrent": "{total}, all of it recurrent: {per_year} a year",
    "money_all_recurrent_no_year": "{total}, all of it recurrent",
    "money_all_recurrent_period": "{total}, all of it recurrent, for {period}",
    "money_split": "{total} in all: {recurrent} recurrent ({per_year} a year) and "
    "{non_recurrent} non-recurrent",
    "money_split_no_year": "{total} in all: {recurrent} recurrent and {non_recurrent} non-recurrent",
    "money_split_period": "{total} in all: {recurrent} recurrent, for {period}, and "
    "{non_recurrent} non-recurrent",
    "money_spent": "{spent} of {against} ({percent})",
    "money_spent_some": "{spent} of {against} ({percent}), on the {lines} that record spending",
    "money_per_unit": "{cost} for each {unit} the aim adds to its baseline: the whole budget, "
    "{total}, ÷ {added} ({target} − {baseline})",
    "money_recurrent_yes": "Recurrent",
    "money_recurrent_no": "Non-recurrent",
    "col_id": "ID",
    "col_score": "Score",
    "mark_issue": "(issue)",
    "issue_likelihood": "Has happened",
    "issue_note": "An issue has already happened, so its likelihood is not scored: it is judged "
    "by its impact.",
    "programme_status": "Programme status: {status}.",
    "exception": "Exception, decision needed: {exception}.",
    "next_actions": "Next actions",
    "overdue_actions": "Overdue actions",
    "risks_past_review": "Risks past their review date",
    "checks_found": "Gaps the plan still has",
    "accountable": "Who is accountable",
    "status_missing": "The plan's status: draft, for approval or approved",
    "undecided_intro": "These parts of the plan are not decided yet:",
    "undecided_none": "Every part of the plan is decided.",
    "heading_sources": "Sources",
    "sources_legend": "Numbers in brackets refer to these sources. "
    "† marks a figure that is assumed and not yet confirmed.",
    "success_criteria": "How success will be judged",
    "evaluation_reports": "Evaluation reports",
    "evaluated_by": "The evaluation is carried out by {evaluator}.",
    "credit": "Planned with Health Education England's Framework for spread and adoption of "
    "workforce innovation (Podmore and Swift, November 2019).",
}


# Keys earlier versions used, still accepted in a pack's content so that it loads, but unused.
RETIRED = ("reach", "aim", "cost", "led_by", "progress", "baseline", "scores")


def words(framework: Framework) -> dict[str, str]:
    """Every board key with its words: the content's, else the default."""
    return {**DEFAULTS, **dict(framework.board)}


def fill(frame: str, parts: Mapping[str, str]) -> str:
    """``frame`` with each ``{name}`` replaced by its part; empty when a part is missing or blank.

    One pass over the frame: a part's own text is never read as a frame, so an answer holding
    braces (``{FCP}``, ``{aim}``) is shown as typed and does not blank the sentence.
    """
    if "{" in _PLACE.sub("", frame):
        return ""  # a brace that is not a place: the frame is not one spreadkit can fill
    for name in _PLACE.findall(frame):
        if not parts.get(name, "").strip():
            return ""
    return _PLACE.sub(lambda match: parts[match[1]], frame)


# One grammar for every document: these names are kept for the callers that use them.
join_words = grammar.join
mid_sentence = grammar.lower_first
sentence = grammar.sentence


def in_words(field: Field, value: Any) -> str:
    """An answer as a sentence, from the content's phrases; "" for a blank answer.

    A choice or multichoice fills its question's ``sentence`` at ``{answer}`` (or stands as a
    sentence itself); a yes/no answer is ``phrase_yes`` or ``phrase_no``; anything else is
    shown as the plan shows it.
    """
    if values.is_blank(value):
        return ""
    if field.type is QuestionType.YESNO:
        said = field.phrase_yes if value else field.phrase_no
        return sentence(said or values.display(field, value))
    if field.type is QuestionType.CHOICE:
        answer = field.choice_phrase(str(value))
    elif field.type is QuestionType.MULTICHOICE:
        answer = join_words([field.choice_phrase(str(v)) for v in value])
    else:
        answer = values.display(field, value)
    if field.sentence:
        return sentence(fill(field.sentence, {"answer": answer}) or answer)
    return sentence(answer)
