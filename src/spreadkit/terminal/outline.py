"""What `spreadkit show` lists for a step, in plain words: its questions (with what each asks
for and, for ratings, every item rated), the scores it works out, and its plan checks.

Plain text only: display.py lays it out. Internal type names never reach the user.
"""

from __future__ import annotations

from spreadkit.core.records import dataclass
from spreadkit.framework.model import Question, QuestionType, Section, Step


@dataclass(frozen=True)
class Line:
    text: str
    depth: int = 0  # 0: a heading, 1: an entry, 2: a detail of the entry
    dim: str = ""  # a quieter remark printed after the text


def answer_kind(question: Question) -> str:
    """What kind of answer a question wants, as a person would say it."""
    kind = question.type
    if kind is QuestionType.GROUP:
        return f"a list, one {question.item_name} at a time"
    if kind is QuestionType.RATINGS:
        return f"rate each of {len(question.items)}, 1 to {question.points}"
    if kind is QuestionType.SCALE:
        return f"a rating, 1 to {question.points}"
    words = {
        QuestionType.TEXT: "a short answer",
        QuestionType.MULTILINE: "a written answer",
        QuestionType.CHOICE: "pick one",
        QuestionType.MULTICHOICE: "pick any that apply",
        QuestionType.YESNO: "yes or no",
        QuestionType.NUMBER: "a number",
        QuestionType.DATE: "a date",
    }
    return words.get(kind, "an answer")


def outline(section: Section) -> list[Line]:
    lines = [Line("Questions this step asks")]
    for index, question in enumerate(section.questions, start=1):
        required = " (required)" if question.required else ""
        lines.append(Line(f"{index:>2}. {question.prompt}{required}", 1, answer_kind(question)))
        lines.extend(Line(f"• {item.label}", 2, item.help) for item in question.items)
    if not isinstance(section, Step):
        return lines
    if section.assessments:
        lines.append(Line("Scores this step works out"))
        for assessment in section.assessments:
            rated = section.question(assessment.question)
            source = f"from “{rated.title}”" if rated and rated.title != assessment.title else ""
            lines.append(Line(f"• {assessment.title}", 1, source))
            if assessment.note:
                lines.append(Line(" ".join(assessment.note.split()), 2))
    if section.checks:
        lines.append(Line("Plan checks for this step"))
        lines.extend(Line(f"• {check.title}", 1) for check in section.checks)
    return lines
