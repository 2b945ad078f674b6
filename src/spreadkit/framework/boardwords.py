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

from spreadkit.framework import values
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
    "ask_draft": "This is a draft for discussion. The board is asked to comment on it.",
    "ask_for_approval": "The board is asked to approve this plan.",
    "ask_approved": "The board has approved this plan; it is shared to report progress.",
    "reach": "The plan spreads {innovation} to {sites} in {phases}, from {start} to {end}.",
    "aim": "Its aim: {aim}.",
    "cost": "It costs {total} in all, of which {recurrent} is recurrent.",
    "led_by": "{sro} is the senior responsible owner; the plan reports to {board}.",
    "progress": "Progress so far: {progress}.",
    "baseline": "The baseline was {baseline}.",
    "scores": "How the case scores",
    "next_actions": "Next actions",
    "overdue_actions": "Overdue actions",
    "checks_found": "What spreadkit's plan checks found",
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


def join_words(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def mid_sentence(text: str) -> str:
    """A name as it reads inside a sentence: ``First-contact physio…`` → ``first-contact physio…``.

    Only an ordinary capital goes: a word in capitals (FCP), or one followed by another
    capitalised word (a title such as Assistant Psychological Practitioner), is kept.
    """
    text = text.strip().rstrip(".")
    words = text.split()
    if len(words) < 2 or not words[0][:1].isupper() or not words[0][1:2].islower():
        return text
    if words[1][:1].isupper():
        return text
    return text[0].lower() + text[1:]


def sentence(text: str) -> str:
    """``text`` with a capital first letter and a full stop."""
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


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
