"""`spreadkit new`: a blank answers file with every question in order, explained in comments."""

from __future__ import annotations

import json

from spreadkit import __version__
from spreadkit.answers.store import DETAIL_PROMPTS, schema_comment
from spreadkit.framework.model import Field, Framework, Question, QuestionType

_TYPE_NAMES = {
    QuestionType.TEXT: "text (one line)",
    QuestionType.MULTILINE: "text (use | and indented lines for several)",
    QuestionType.CHOICE: "one choice",
    QuestionType.MULTICHOICE: "a list of choices, such as [a, b]",
    QuestionType.YESNO: "yes or no: true or false",
    QuestionType.SCALE: "a number from 1 to 5",
    QuestionType.NUMBER: "a number",
    QuestionType.DATE: "a date: YYYY-MM-DD",
    QuestionType.GROUP: "a list of records",
    QuestionType.RATINGS: "ratings, one per item: {score: N, note: text}",
    QuestionType.QUANTITY: "a number and its unit: {value: 12, unit: posts}",
    QuestionType.MONEY: "an amount in pounds, such as 12500",
    QuestionType.DATERANGE: "dates: {start: YYYY-MM-DD, end: YYYY-MM-DD}",
    QuestionType.REF: "the name of a record",
}


def blank_answers(framework: Framework) -> str:
    lines = [
        schema_comment(),
        "# A blank spreadkit answers file. Fill in the answers after the colons; leave an answer",
        "# empty if you do not know it yet. Check it with: spreadkit validate THIS-FILE",
        f"spreadkit: {__version__}",
        "framework:",
        f"  id: {framework.id}",
        f"  version: {_scalar(framework.version)}",
        *_pack(framework),
        "plan:",
    ]
    for key, (prompt, required) in DETAIL_PROMPTS.items():
        lines.append(f"  # {prompt}{' (required)' if required else ''}")
        lines.append(f"  {key}:")
    lines.append("answers:")
    for section in framework.sections:
        lines.append("")
        lines.append(f"  # {section.label}")
        lines.append(f"  {section.id}:")
        for question in section.questions:
            lines.extend(_question(question))
    return "\n".join(lines) + "\n"


def _pack(framework: Framework) -> list[str]:
    """The content pack in use, recorded as `plan` records it, so the file names its pack."""
    if not framework.pack_id:
        return []
    return [
        "pack:",
        f"  id: {_scalar(framework.pack_id)}",
        f"  version: {_scalar(framework.pack_version)}",
    ]


def _question(question: Question) -> list[str]:
    out = [f"    # {question.prompt}{' (required)' if question.required else ''}"]
    if question.help:
        out.append(f"    #   {question.help}")
    if question.when:
        out.append(f"    #   Only asked when: {question.when}")
    out.extend(f"    #   {line}" for line in _describe(question))
    if question.type is QuestionType.GROUP:
        out.append(f"    #   One record per {question.item_name}, with:")
        for field in question.fields:
            required = ", required" if field.required else ""
            out.append(
                f"    #     {field.id}: {field.prompt} ({_TYPE_NAMES[field.type]}{required})"
            )
            out.extend(f"    #       {line}" for line in _choices(field))
            if field.when:
                out.append(f"    #       Only asked when: {field.when}")
        out.append(f"    {question.id}: []")
    elif question.type is QuestionType.RATINGS:
        out.append(f"    #   Items: {', '.join(f'{i.id} ({i.label})' for i in question.items)}")
        if question.note_prompt:
            out.append(f"    #   note: {question.note_prompt}")
        out.append(f"    {question.id}:")
    else:
        out.append(f"    {question.id}:")
    return out


def _describe(question: Question) -> list[str]:
    if question.type is QuestionType.GROUP:
        return [f"Type: {_TYPE_NAMES[question.type]}"]
    return [f"Type: {_TYPE_NAMES[question.type]}", *_choices(question)]


def _choices(field: Field) -> list[str]:
    if field.ref:
        return [f"One of the names in {field.ref}"]
    if field.units:
        return ["Units often used: " + ", ".join(field.units)]
    if field.choices:
        return ["Choices: " + "; ".join(f"{c.value} ({c.label})" for c in field.choices)]
    if field.scale_labels:
        return ["Scale: " + "; ".join(f"{p} = {label}" for p, label in field.scale_labels)]
    return []


def _scalar(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
