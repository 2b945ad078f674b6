"""Reading a content file's questions, and the tips, tools and plan parts they refer to.

Part of loading content (see content.py): every problem is reported through the Checker,
with its key path, so that one pass finds them all.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from dataclasses import replace
from typing import Any

from spreadkit.core.errors import did_you_mean
from spreadkit.files.yamlio import KeyPath
from spreadkit.framework import conditions, roles, values
from spreadkit.framework.builtin import is_builtin
from spreadkit.framework.checker import Checker
from spreadkit.framework.model import (
    SCALE_POINTS,
    Choice,
    Field,
    PlanPart,
    Question,
    QuestionType,
    RatingItem,
    Tip,
    Tool,
    Where,
)

_TYPES = [t.value for t in QuestionType]
_FIELD_KEYS = ["label", "help", "required", "default", "choices", "labels", "min", "max"]
_FIELD_KEYS += ["units", "ref", "ref_field", "when", "sentence", "phrase_yes", "phrase_no"]
_QUESTION_KEYS = [*_FIELD_KEYS, "tip", "fields", "item", "items", "note", "export", "role", "quick"]


def read_tips(check: Checker, value: Any) -> tuple[Tip, ...]:
    tips = []
    for index, item in enumerate(check.sequence(("tips",), value)):
        path: KeyPath = ("tips", index)
        raw = check.mapping(path, item, required=["id", "title", "guidance"])
        tips.append(
            Tip(
                check.identifier((*path, "id"), raw.get("id")),
                check.text((*path, "title"), raw.get("title")),
                check.text((*path, "guidance"), raw.get("guidance")),
            )
        )
    check.unique(("tips",), [tip.id for tip in tips], "tip")
    return tuple(tips)


def read_tools(check: Checker, value: Any) -> tuple[Tool, ...]:
    tools = []
    for index, item in enumerate(check.sequence(("tools",), value)):
        path: KeyPath = ("tools", index)
        raw = check.mapping(
            path, item, required=["id", "name", "purpose"], optional=["page", "see"]
        )
        page = raw.get("page")
        if page is not None and not isinstance(page, str | int):
            check.report((*path, "page"), "expected a page number or range, such as 8 or 15-18")
        tools.append(
            Tool(
                check.identifier((*path, "id"), raw.get("id")),
                check.text((*path, "name"), raw.get("name")),
                check.text((*path, "purpose"), raw.get("purpose")),
                str(page) if page is not None else None,
                check.identifier((*path, "see"), raw["see"]) if "see" in raw else None,
            )
        )
    check.unique(("tools",), [tool.id for tool in tools], "tool")
    return tuple(tools)


def read_parts(check: Checker, value: Any) -> tuple[PlanPart, ...]:
    parts = []
    for index, item in enumerate(check.sequence(("parts",), value)):
        path: KeyPath = ("parts", index)
        raw = check.mapping(path, item, required=["id", "title"], optional=["intro", "in_plan"])
        parts.append(
            PlanPart(
                check.identifier((*path, "id"), raw.get("id")),
                check.text((*path, "title"), raw.get("title")),
                check.text((*path, "intro"), raw.get("intro")),
                check.flag((*path, "in_plan"), raw.get("in_plan"), default=True),
            )
        )
    check.unique(("parts",), [part.id for part in parts], "plan part")
    return tuple(parts)


def read_questions(
    check: Checker, value: Any, parts: tuple[PlanPart, ...], tips: tuple[Tip, ...]
) -> tuple[Question, ...]:
    questions = []
    part_ids = [part.id for part in parts]
    tip_ids = [tip.id for tip in tips]
    for index, item in enumerate(check.sequence(("questions",), value)):
        path: KeyPath = ("questions", index)
        raw = check.mapping(
            path, item, required=["id", "type", "prompt", "fills"], optional=_QUESTION_KEYS
        )
        if not raw:
            continue
        base = _field(check, path, raw, allow_group=True)
        if base is None:
            continue
        fills = check.identifier((*path, "fills"), raw.get("fills"))
        if fills and fills not in part_ids:
            check.report(
                (*path, "fills"),
                f"no plan part '{fills}' in this file",
                did_you_mean(fills, part_ids),
            )
        tip = raw.get("tip")
        if tip is not None and tip not in tip_ids:
            check.report(
                (*path, "tip"), f"no tip '{tip}' in this file", did_you_mean(str(tip), tip_ids)
            )
        fields: tuple[Field, ...] = ()
        if base.type is QuestionType.GROUP:
            fields = _group_fields(check, path, raw.get("fields"))
        elif "fields" in raw or "item" in raw:
            check.report(
                (*path, "fields"), "only questions of type 'group' have fields and an item name"
            )
        quick = _quick(check, path, raw.get("quick"), fields)
        items: tuple[RatingItem, ...] = ()
        if base.type is QuestionType.RATINGS:
            items = _rating_items(check, path, raw.get("items"))
        elif "items" in raw or "note" in raw:
            check.report((*path, "items"), "only questions of type 'ratings' have items and a note")
        question = Question(
            **{f.name: getattr(base, f.name) for f in dataclass_fields(Field)},
            fills=fills,
            tip=tip,
            fields=fields,
            item_name=check.text((*path, "item"), raw.get("item"), default="item"),
            items=items,
            note_prompt=check.text((*path, "note"), raw.get("note")),
            export=check.identifier((*path, "export"), raw["export"]) if "export" in raw else "",
            quick=quick,
            role=_role(check, path, raw),
        )
        questions.append(question)
    check.unique(("questions",), [q.id for q in questions], "question")
    return tuple(questions)


def _quick(check: Checker, path: KeyPath, value: Any, fields: tuple[Field, ...]) -> tuple[str, ...]:
    """A group's ``quick`` fields: typed on one line, comma-separated, when a record is added."""
    if value is None:
        return ()
    ids = [f.id for f in fields]
    if not fields:
        check.report((*path, "quick"), "only questions of type 'group' have quick fields")
        return ()
    out = []
    for index, item in enumerate(check.sequence((*path, "quick"), value)):
        if item not in ids:
            check.report(
                (*path, "quick", index), f"no field {item!r}", did_you_mean(str(item), ids)
            )
        elif item in out:
            check.report((*path, "quick", index), f"{item!r} is listed twice")
        else:
            out.append(item)
    return tuple(out)


def _role(check: Checker, path: KeyPath, raw: dict[str, Any]) -> str:
    """The question's ``role:``, one of the roles documents look for (framework/roles.py)."""
    if "role" not in raw:
        return ""
    name = check.identifier((*path, "role"), raw["role"])
    if name and name not in roles.ROLES:
        check.report((*path, "role"), *roles.unknown(name))
        return ""
    return name


def _group_fields(check: Checker, path: KeyPath, value: Any) -> tuple[Field, ...]:
    if value is None:
        check.report(path, "a group needs 'fields': the columns of each record")
        return ()
    fields = []
    for index, item in enumerate(check.sequence((*path, "fields"), value)):
        field_path: KeyPath = (*path, "fields", index)
        raw = check.mapping(
            field_path, item, required=["id", "type", "prompt"], optional=_FIELD_KEYS
        )
        field = _field(check, field_path, raw, allow_group=False) if raw else None
        if field is not None:
            fields.append(field)
    check.unique((*path, "fields"), [f.id for f in fields], "field")
    return tuple(fields)


def _field(
    check: Checker, path: KeyPath, raw: dict[str, Any], *, allow_group: bool
) -> Field | None:
    type_name = raw.get("type")
    allowed = _TYPES if allow_group else [t for t in _TYPES if t not in ("group", "ratings")]
    if type_name not in allowed:
        hint = did_you_mean(str(type_name), allowed)
        check.report((*path, "type"), f"unknown question type {type_name!r}", hint)
        return None
    kind = QuestionType(type_name)
    choices = _choices(check, path, raw.get("choices"), kind)
    labels = _labels(check, path, raw.get("labels"), kind)
    minimum = check.number((*path, "min"), raw.get("min"))
    maximum = check.number((*path, "max"), raw.get("max"))
    if (minimum is not None or maximum is not None) and kind is not QuestionType.NUMBER:
        check.report((*path, "min"), "only questions of type 'number' have a min and a max")
    if minimum is not None and maximum is not None and minimum > maximum:
        check.report((*path, "min"), f"min ({minimum}) is above max ({maximum})")
    when = check.text((*path, "when"), raw.get("when")) if "when" in raw else ""
    trusted = is_builtin(check.document.name)
    if when and (error := conditions.syntax_error(when, trusted=trusted)):
        check.report((*path, "when"), f"the condition does not compile: {error}")
    units, ref, ref_field = _compound_keys(check, path, raw, kind)
    sentence, phrase_yes, phrase_no = _sentence_keys(check, path, raw, kind)
    field = Field(
        id=check.identifier((*path, "id"), raw.get("id")),
        type=kind,
        prompt=check.text((*path, "prompt"), raw.get("prompt")),
        label=check.text((*path, "label"), raw.get("label")),
        help=check.text((*path, "help"), raw.get("help")),
        required=check.flag((*path, "required"), raw.get("required")),
        choices=choices,
        scale_labels=labels,
        minimum=minimum,
        maximum=maximum,
        units=units,
        ref=ref,
        ref_field=ref_field,
        when=when or None,
        sentence=sentence,
        phrase_yes=phrase_yes,
        phrase_no=phrase_no,
        where=Where(
            check.document.name,
            check.document.line_of(path),
            builtin=is_builtin(check.document.name),
        ),
    )
    default = raw.get("default")
    if default is not None:
        if kind in (QuestionType.GROUP, QuestionType.RATINGS, QuestionType.REF):
            check.report(
                (*path, "default"), f"a question of type '{kind.value}' cannot have a default"
            )
        else:
            try:
                default = values.check(field, default)
            except values.BadValue as exc:
                check.report((*path, "default"), f"the default does not fit: {exc}", exc.hint)
                default = None
    return replace(field, default=default)


def _sentence_keys(
    check: Checker, path: KeyPath, raw: dict[str, Any], kind: QuestionType
) -> tuple[str, str, str]:
    """How the board plan says the answer: a ``sentence`` frame, or yes/no ``phrase_*``."""
    sentence = check.text((*path, "sentence"), raw.get("sentence"))
    if sentence and kind not in (QuestionType.CHOICE, QuestionType.MULTICHOICE):
        check.report((*path, "sentence"), "only choice and multichoice questions have a sentence")
    elif sentence and "{answer}" not in sentence:
        check.report((*path, "sentence"), "a sentence says where the answer goes: {answer}")
    phrases = (
        check.text((*path, "phrase_yes"), raw.get("phrase_yes")),
        check.text((*path, "phrase_no"), raw.get("phrase_no")),
    )
    if any(phrases) and kind is not QuestionType.YESNO:
        check.report((*path, "phrase_yes"), "only yes/no questions have phrase_yes and phrase_no")
    return sentence, *phrases


def _compound_keys(
    check: Checker, path: KeyPath, raw: dict[str, Any], kind: QuestionType
) -> tuple[tuple[str, ...], str, str]:
    """A quantity's suggested ``units``; a reference's ``ref`` (step.group) and ``ref_field``.

    Whether the referenced group exists is checked once every file is read (content.py).
    """
    units: tuple[str, ...] = ()
    if "units" in raw:
        if kind is not QuestionType.QUANTITY:
            check.report((*path, "units"), "only questions of type 'quantity' have units")
        units = tuple(
            check.text((*path, "units", index), unit)
            for index, unit in enumerate(check.sequence((*path, "units"), raw["units"]))
        )
    ref = ref_field = ""
    if kind is QuestionType.REF:
        ref = check.text((*path, "ref"), raw.get("ref"))
        if not ref:
            check.report(path, "a question of type 'ref' needs 'ref': the group, as step.question")
        elif ref.count(".") != 1:
            check.report((*path, "ref"), f"expected step.question, such as ready.phases: {ref!r}")
    elif "ref" in raw or "ref_field" in raw:
        check.report((*path, "ref"), "only questions of type 'ref' have 'ref' and 'ref_field'")
    if "ref_field" in raw:
        ref_field = check.identifier((*path, "ref_field"), raw["ref_field"])
    return units, ref, ref_field


def _choices(check: Checker, path: KeyPath, value: Any, kind: QuestionType) -> tuple[Choice, ...]:
    wants = kind in (QuestionType.CHOICE, QuestionType.MULTICHOICE)
    if value is None:
        if wants:
            check.report(path, f"a question of type '{kind.value}' needs 'choices'")
        return ()
    if not wants:
        check.report((*path, "choices"), f"a question of type '{kind.value}' has no choices")
        return ()
    choices = []
    for index, item in enumerate(check.sequence((*path, "choices"), value)):
        choice_path: KeyPath = (*path, "choices", index)
        raw = check.mapping(choice_path, item, required=["value", "label"], optional=["phrase"])
        choices.append(
            Choice(
                check.identifier((*choice_path, "value"), raw.get("value")),
                check.text((*choice_path, "label"), raw.get("label")),
                check.text((*choice_path, "phrase"), raw.get("phrase")),
            )
        )
    if len(choices) < 2:
        check.report((*path, "choices"), "give at least two choices")
    check.unique((*path, "choices"), [c.value for c in choices], "choice")
    return tuple(choices)


def _labels(
    check: Checker, path: KeyPath, value: Any, kind: QuestionType
) -> tuple[tuple[int, str], ...]:
    if value is None:
        if kind is QuestionType.SCALE:
            check.report(path, "a scale needs 'labels' for at least its ends (1 and 5)")
        if kind is QuestionType.RATINGS:
            check.report(path, "ratings need 'labels': one for 1 and one for the top of the scale")
        return ()
    if kind not in (QuestionType.SCALE, QuestionType.RATINGS):
        check.report((*path, "labels"), f"a question of type '{kind.value}' has no scale labels")
        return ()
    raw = check.mapping(
        (*path, "labels"), value, optional=[str(p) for p in SCALE_POINTS], what=" 1 to 5"
    )
    labels = tuple(
        (int(point), check.text((*path, "labels", point), label)) for point, label in raw.items()
    )
    points = {point for point, _ in labels}
    if kind is QuestionType.SCALE and raw and not {1, 5} <= points:
        check.report((*path, "labels"), "label at least the ends of the scale, 1 and 5")
    if kind is QuestionType.RATINGS and raw and (1 not in points or len(points) < 2):
        check.report((*path, "labels"), "label 1 and the top of the scale (2 to 5)")
    return tuple(sorted(labels))


def _rating_items(check: Checker, path: KeyPath, value: Any) -> tuple[RatingItem, ...]:
    if value is None:
        check.report(path, "ratings need 'items': the things to rate")
        return ()
    items = []
    for index, item in enumerate(check.sequence((*path, "items"), value)):
        item_path: KeyPath = (*path, "items", index)
        raw = check.mapping(
            item_path, item, required=["id", "label"], optional=["help", "group", "labels"]
        )
        labels = (
            _labels(check, item_path, raw["labels"], QuestionType.SCALE) if "labels" in raw else ()
        )
        items.append(
            RatingItem(
                check.identifier((*item_path, "id"), raw.get("id")),
                check.text((*item_path, "label"), raw.get("label")),
                check.text((*item_path, "help"), raw.get("help")),
                check.text((*item_path, "group"), raw.get("group")),
                labels,
            )
        )
    check.unique((*path, "items"), [i.id for i in items], "rated item")
    return tuple(items)
