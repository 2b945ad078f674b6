"""Load the framework from its YAML files into the typed model, strictly.

Every problem in every file is collected and reported with its file, line and key path,
so that a content author fixes them all in one pass.
"""

from __future__ import annotations

import os
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from spreadkit.core.errors import Problem, SpreadkitError, did_you_mean
from spreadkit.files.yamlio import KeyPath, load_yaml
from spreadkit.framework import conditions, values
from spreadkit.framework.checker import Checker
from spreadkit.framework.model import (
    SCALE_POINTS,
    Appendix,
    Assessment,
    AssessmentKind,
    Author,
    Band,
    ChartSpec,
    Check,
    Choice,
    Exercise,
    Field,
    Framework,
    PlanPart,
    Question,
    QuestionType,
    Quote,
    RatingItem,
    Role,
    Section,
    Step,
    Tip,
    Tool,
    Where,
)

BUILTIN_CONTENT = Path(__file__).parents[1] / "content"
FRAMEWORK_FILE = "framework.yml"

_TYPES = [t.value for t in QuestionType]
_FIELD_KEYS = ["label", "help", "required", "default", "choices", "labels", "min", "max"]
_QUESTION_KEYS = [*_FIELD_KEYS, "tip", "when", "fields", "item", "items", "note", "export"]
_RAG = ["red", "amber", "green"]
STEP_REQUIRED = ["id", "number", "title", "quote", "summary", "tips", "tools", "parts", "questions"]
STEP_OPTIONAL = ["assessments", "checks", "charts"]


def load_framework(directory: Path = BUILTIN_CONTENT) -> Framework:
    """Read ``directory/framework.yml`` and the files it names; raise SpreadkitError on any problem."""
    if directory == BUILTIN_CONTENT:
        return _load_builtin()
    return _load(directory)


@cache
def _load_builtin() -> Framework:
    return _cached(BUILTIN_CONTENT) or _load(BUILTIN_CONTENT)


def _cached(directory: Path) -> Framework | None:
    """The built-in framework from the user's cache, while its files are unchanged.

    Reading and checking eight YAML files takes longer than the rest of a render; the
    checked model is kept as a pickle in the cache folder, keyed by spreadkit's version and
    every content file's size and time. A missing or unreadable cache only costs time.
    """
    import hashlib
    import pickle

    from spreadkit import __version__
    from spreadkit.core.usercache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    try:
        # The model's own source is part of the key: a changed class must not meet old pickles.
        sources = [*sorted(directory.glob("*.yml")), Path(__file__).with_name("model.py")]
        stamp = [__version__] + [
            f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sources
        ]
        path = (
            folder / f"content-{hashlib.sha256('|'.join(stamp).encode()).hexdigest()[:24]}.pickle"
        )
        if path.is_file():
            framework = pickle.loads(path.read_bytes())
            if isinstance(framework, Framework):
                return framework
        framework = _load(directory)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        temp.write_bytes(pickle.dumps(framework, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temp, path)
        return framework
    except (OSError, pickle.PickleError, EOFError, AttributeError, TypeError, ValueError):
        return None


def load_framework_file(path: Path) -> Framework:
    """A whole framework from its main file and the files it names beside it."""
    return _load(path.parent, path.name)


def _load(directory: Path, name: str = FRAMEWORK_FILE) -> Framework:
    path = directory / name
    if not path.is_file():
        raise SpreadkitError(Problem(f"no {name} in this folder", str(directory)))
    document = load_yaml(path)
    check = Checker(document)
    raw = check.mapping(
        (),
        document.data,
        required=["id", "version", "title", "publisher", "authors", "published", "link"],
        optional=[
            "feedback_email",
            "summary",
            "credit",
            "quote",
            "steps",
            "exercises",
            "appendices",
        ],
    )
    check.raise_if_any()
    problems: list[Problem] = []

    def files(key: str) -> list[tuple[Path, Any]]:
        names = check.sequence((key,), raw.get(key, []))
        out = []
        for index, name in enumerate(names):
            if not isinstance(name, str) or not (directory / name).is_file():
                check.report((key, index), f"no content file named {name!r} beside framework.yml")
                continue
            out.append((directory / name, name))
        return out

    steps: list[Step] = []
    exercises: list[Exercise] = []
    appendices: list[Appendix] = []
    for kind, readers in (("steps", read_step), ("exercises", read_exercise)):
        for file_path, _ in files(kind):
            try:
                section = readers(file_path)
            except SpreadkitError as exc:
                problems.extend(exc.problems)
                continue
            (steps if isinstance(section, Step) else exercises).append(section)  # type: ignore[arg-type]
    for file_path, _ in files("appendices"):
        try:
            appendices.append(read_appendix(file_path))
        except SpreadkitError as exc:
            problems.extend(exc.problems)

    authors = []
    for index, item in enumerate(check.sequence(("authors",), raw.get("authors"))):
        author = check.mapping(("authors", index), item, required=["name", "role"])
        authors.append(
            Author(
                check.text(("authors", index, "name"), author.get("name")),
                check.text(("authors", index, "role"), author.get("role")),
            )
        )
    framework = Framework(
        id=check.identifier(("id",), raw.get("id")),
        version=str(raw.get("version", "")),
        title=check.text(("title",), raw.get("title")),
        publisher=check.text(("publisher",), raw.get("publisher")),
        authors=tuple(authors),
        published=check.text(("published",), raw.get("published")),
        link=check.text(("link",), raw.get("link")),
        feedback_email=check.text(("feedback_email",), raw.get("feedback_email")),
        summary=check.text(("summary",), raw.get("summary")),
        credit=check.text(("credit",), raw.get("credit")),
        quote=read_quote(check, ("quote",), raw.get("quote")) if "quote" in raw else Quote("", ""),
        steps=tuple(steps),
        exercises=tuple(exercises),
        appendices=tuple(appendices),
        where=Where(str(path), 1),
    )
    problems = check.problems + problems
    if not framework.steps and not problems:
        problems.append(Problem("the framework names no steps", str(path), key_path="steps"))
    if not problems:  # cross-file checks only make sense once every file has loaded
        problems.extend(cross_checks(framework, document.line_of(("steps",)) or 1))
    if problems:
        raise SpreadkitError(problems)
    return framework


def cross_checks(framework: Framework, line: int | None = None) -> list[Problem]:
    """What no single file can see: ids and step numbers across files, links to appendices."""
    problems = []
    seen: dict[str, str] = {}
    for section in framework.sections:
        if section.id in seen:
            problems.append(
                Problem(
                    f"the section id '{section.id}' is also used in {seen[section.id]}",
                    section.where.file,
                    section.where.line,
                    "id",
                )
            )
        seen[section.id] = section.where.file
    numbers = [step.number for step in framework.steps]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(
            Problem(
                f"steps must be numbered 1, 2, 3… in the order listed; found {numbers}",
                framework.where.file,
                line,
                "steps",
            )
        )
    appendix_ids = [appendix.id for appendix in framework.appendices]
    for step in framework.steps:
        for tool in step.tools:
            if tool.see and tool.see not in appendix_ids:
                problems.append(
                    Problem(
                        f"the tool '{tool.id}' points to an unknown appendix '{tool.see}'",
                        step.where.file,
                        None,
                        "tools",
                        did_you_mean(tool.see, appendix_ids),
                    )
                )
    return problems


def read_quote(check: Checker, path: KeyPath, value: Any) -> Quote:
    raw = check.mapping(path, value, required=["text", "source"])
    return Quote(
        check.text((*path, "text"), raw.get("text")),
        check.text((*path, "source"), raw.get("source")),
    )


def read_step(path: Path) -> Step:
    document = load_yaml(path)
    check = Checker(document)
    raw = check.mapping(
        (),
        document.data,
        required=STEP_REQUIRED,
        optional=STEP_OPTIONAL,
    )
    check.raise_if_any()
    tips = read_tips(check, raw.get("tips"))
    parts = read_parts(check, raw.get("parts"))
    tools = read_tools(check, raw.get("tools"))
    questions = read_questions(check, raw.get("questions"), parts, tips)
    step = Step(
        id=check.identifier(("id",), raw.get("id")),
        number=check.integer(("number",), raw.get("number")),
        title=check.text(("title",), raw.get("title")),
        quote=read_quote(check, ("quote",), raw.get("quote")),
        summary=check.text(("summary",), raw.get("summary")),
        tips=tips,
        tools=tools,
        parts=parts,
        questions=questions,
        assessments=read_assessments(check, raw.get("assessments"), questions, tools),
        checks=read_checks(check, raw.get("checks")),
        charts=read_charts(check, raw.get("charts"), questions, raw.get("assessments")),
        where=Where(str(path), 1),
    )
    check.raise_if_any()
    return step


def read_exercise(path: Path) -> Exercise:
    document = load_yaml(path)
    check = Checker(document)
    raw = check.mapping(
        (), document.data, required=["id", "title", "summary", "parts", "questions"]
    )
    check.raise_if_any()
    parts = read_parts(check, raw.get("parts"))
    exercise = Exercise(
        id=check.identifier(("id",), raw.get("id")),
        title=check.text(("title",), raw.get("title")),
        summary=check.text(("summary",), raw.get("summary")),
        parts=parts,
        questions=read_questions(check, raw.get("questions"), parts, ()),
        where=Where(str(path), 1),
    )
    check.raise_if_any()
    return exercise


def read_appendix(path: Path) -> Appendix:
    document = load_yaml(path)
    check = Checker(document)
    raw = check.mapping(
        (),
        document.data,
        required=["id", "number", "title", "summary", "roles", "traits_intro", "traits"],
    )
    check.raise_if_any()
    roles = []
    for index, item in enumerate(check.sequence(("roles",), raw.get("roles"))):
        role = check.mapping(("roles", index), item, required=["name", "description"])
        roles.append(
            Role(
                check.text(("roles", index, "name"), role.get("name")),
                check.text(("roles", index, "description"), role.get("description")),
            )
        )
    traits = [
        check.text(("traits", index), item)
        for index, item in enumerate(check.sequence(("traits",), raw.get("traits")))
    ]
    appendix = Appendix(
        id=check.identifier(("id",), raw.get("id")),
        number=check.integer(("number",), raw.get("number")),
        title=check.text(("title",), raw.get("title")),
        summary=check.text(("summary",), raw.get("summary")),
        roles=tuple(roles),
        traits_intro=check.text(("traits_intro",), raw.get("traits_intro")),
        traits=tuple(traits),
    )
    check.raise_if_any()
    return appendix


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
        raw = check.mapping(path, item, required=["id", "title"], optional=["intro"])
        parts.append(
            PlanPart(
                check.identifier((*path, "id"), raw.get("id")),
                check.text((*path, "title"), raw.get("title")),
                check.text((*path, "intro"), raw.get("intro")),
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
        when = raw.get("when")
        if when is not None:
            when = check.text((*path, "when"), when)
            error = conditions.syntax_error(when) if when else None
            if error:
                check.report((*path, "when"), f"the condition does not compile: {error}")
        fields: tuple[Field, ...] = ()
        if base.type is QuestionType.GROUP:
            fields = _group_fields(check, path, raw.get("fields"))
        elif "fields" in raw or "item" in raw:
            check.report(
                (*path, "fields"), "only questions of type 'group' have fields and an item name"
            )
        items: tuple[RatingItem, ...] = ()
        if base.type is QuestionType.RATINGS:
            items = _rating_items(check, path, raw.get("items"))
        elif "items" in raw or "note" in raw:
            check.report((*path, "items"), "only questions of type 'ratings' have items and a note")
        question = Question(
            id=base.id,
            type=base.type,
            prompt=base.prompt,
            label=base.label,
            help=base.help,
            required=base.required,
            default=base.default,
            choices=base.choices,
            scale_labels=base.scale_labels,
            minimum=base.minimum,
            maximum=base.maximum,
            where=Where(check.document.name, check.document.line_of(path)),
            fills=fills,
            tip=tip,
            when=when or None,
            fields=fields,
            item_name=check.text((*path, "item"), raw.get("item"), default="item"),
            items=items,
            note_prompt=check.text((*path, "note"), raw.get("note")),
            export=check.identifier((*path, "export"), raw["export"]) if "export" in raw else "",
        )
        questions.append(question)
    check.unique(("questions",), [q.id for q in questions], "question")
    return tuple(questions)


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
        where=Where(check.document.name, check.document.line_of(path)),
    )
    default = raw.get("default")
    if default is not None:
        if kind in (QuestionType.GROUP, QuestionType.RATINGS):
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
        raw = check.mapping(choice_path, item, required=["value", "label"])
        choices.append(
            Choice(
                check.identifier((*choice_path, "value"), raw.get("value")),
                check.text((*choice_path, "label"), raw.get("label")),
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


def read_assessments(
    check: Checker, value: Any, questions: tuple[Question, ...], tools: tuple[Tool, ...]
) -> tuple[Assessment, ...]:
    if value is None:
        return ()
    out = []
    by_id = {q.id: q for q in questions}
    kinds = [k.value for k in AssessmentKind]
    for index, item in enumerate(check.sequence(("assessments",), value)):
        path: KeyPath = ("assessments", index)
        raw = check.mapping(
            path,
            item,
            required=["id", "title", "kind", "question"],
            optional=["tool", "note", "bands", "field", "expected", "start_with"],
        )
        if not raw:
            continue
        kind_name = raw.get("kind")
        if kind_name not in kinds:
            check.report(
                (*path, "kind"),
                f"unknown assessment kind {kind_name!r}",
                did_you_mean(str(kind_name), kinds),
            )
            continue
        kind = AssessmentKind(kind_name)
        question_id = check.identifier((*path, "question"), raw.get("question"))
        question = by_id.get(question_id)
        wanted = QuestionType.RATINGS if kind is AssessmentKind.SCORE else QuestionType.GROUP
        if question is None:
            check.report(
                (*path, "question"),
                f"no question '{question_id}' in this file",
                did_you_mean(question_id, list(by_id)),
            )
        elif question.type is not wanted:
            check.report(
                (*path, "question"),
                f"a '{kind.value}' assessment needs a question of type '{wanted.value}'",
            )
        tool = raw.get("tool")
        if tool is not None and tool not in [t.id for t in tools]:
            check.report(
                (*path, "tool"),
                f"no tool '{tool}' in this file",
                did_you_mean(str(tool), [t.id for t in tools]),
            )
        field_id = str(raw.get("field", ""))
        expected = _expected(check, path, raw.get("expected"))
        start_with = tuple(
            str(v) for v in check.sequence((*path, "start_with"), raw.get("start_with", []))
        )
        if (
            kind is not AssessmentKind.SCORE
            and question is not None
            and question.type is QuestionType.GROUP
        ):
            field = next((f for f in question.fields if f.id == field_id), None)
            if field is None:
                check.report(
                    (*path, "field"),
                    f"no field '{field_id}' in '{question.id}'",
                    did_you_mean(field_id, [f.id for f in question.fields]),
                )
            else:
                for value_id in [v for v, _ in expected] + list(start_with):
                    if value_id not in field.choice_values:
                        check.report(
                            (*path, "expected"),
                            f"'{value_id}' is not a choice of '{field.id}'",
                            did_you_mean(value_id, field.choice_values),
                        )
        out.append(
            Assessment(
                id=check.identifier((*path, "id"), raw.get("id")),
                title=check.text((*path, "title"), raw.get("title")),
                kind=kind,
                question=question_id,
                tool=str(tool) if tool is not None else None,
                note=check.text((*path, "note"), raw.get("note")),
                bands=_bands(check, path, raw.get("bands")),
                field=field_id,
                expected=expected,
                start_with=start_with,
            )
        )
    check.unique(("assessments",), [a.id for a in out], "assessment")
    return tuple(out)


def _expected(check: Checker, path: KeyPath, value: Any) -> tuple[tuple[str, float], ...]:
    if value is None:
        return ()
    raw = check.mapping(
        (*path, "expected"), value, optional=list(value) if isinstance(value, dict) else []
    )
    out = []
    for key, share in raw.items():
        number = check.number((*path, "expected", key), share)
        out.append((key, float(number or 0)))
    return tuple(out)


def _bands(check: Checker, path: KeyPath, value: Any) -> tuple[Band, ...]:
    if value is None:
        return ()
    bands = []
    for index, item in enumerate(check.sequence((*path, "bands"), value)):
        band_path: KeyPath = (*path, "bands", index)
        raw = check.mapping(band_path, item, required=["from", "label", "rag"])
        rag = raw.get("rag")
        if rag not in _RAG:
            check.report(
                (*band_path, "rag"),
                f"expected red, amber or green, found {rag!r}",
                did_you_mean(str(rag), _RAG),
            )
        start = check.number((*band_path, "from"), raw.get("from"))
        bands.append(
            Band(float(start or 0), check.text((*band_path, "label"), raw.get("label")), str(rag))
        )
    starts = [band.start for band in bands]
    if bands and (starts[0] != 0 or starts != sorted(starts) or len(set(starts)) != len(starts)):
        check.report(
            (*path, "bands"), "bands must start 'from: 0' and rise, each from a higher percent"
        )
    return tuple(bands)


def read_checks(check: Checker, value: Any) -> tuple[Check, ...]:
    if value is None:
        return ()
    out = []
    for index, item in enumerate(check.sequence(("checks",), value)):
        path: KeyPath = ("checks", index)
        raw = check.mapping(
            path,
            item,
            required=["id", "title", "why", "action"],
            optional=["passed", "when", "concerned"],
        )
        expressions: dict[str, str | None] = {}
        for key in ("when", "concerned"):
            text = check.text((*path, key), raw.get(key)) or None
            if text and (error := conditions.syntax_error(text)):
                check.report((*path, key), f"the expression does not compile: {error}")
            expressions[key] = text
        if not expressions["when"] and not expressions["concerned"]:
            check.report(path, "a check needs 'when', 'concerned', or both")
        out.append(
            Check(
                id=check.identifier((*path, "id"), raw.get("id")),
                title=check.text((*path, "title"), raw.get("title")),
                why=check.text((*path, "why"), raw.get("why")),
                action=check.text((*path, "action"), raw.get("action")),
                passed=check.text((*path, "passed"), raw.get("passed")),
                when=expressions["when"],
                concerned=expressions["concerned"],
                where=Where(check.document.name, check.document.line_of(path)),
            )
        )
    check.unique(("checks",), [c.id for c in out], "check")
    return tuple(out)


def section_or_error(framework: Framework, reference: str) -> Section:
    """A section by id or by step number ('3', 'ready'), for options such as ``--step``."""
    reference = reference.strip()
    if reference.isdigit():
        for step in framework.steps:
            if step.number == int(reference):
                return step
    section = framework.section(reference)
    if section is not None:
        return section
    options = [s.id for s in framework.sections]
    numbers = f"1 to {len(framework.steps)}"
    hint = did_you_mean(reference, options)
    raise SpreadkitError(
        Problem(f"no step '{reference}': use a number from {numbers} or an id", hint=hint)
    )


_CHART_KEYS = {
    "bars": ["assessment"],
    "curve": ["assessment"],
    "grid": ["question", "x", "y", "label", "quadrants"],
    "timeline": ["question", "date", "label", "owner", "status", "done"],
}


def read_charts(
    check: Checker, value: Any, questions: tuple[Question, ...], assessments: Any
) -> tuple[ChartSpec, ...]:
    if value is None:
        return ()
    assessment_ids = [a.get("id") for a in assessments or [] if isinstance(a, dict)]
    by_id = {q.id: q for q in questions}
    out = []
    for index, item in enumerate(check.sequence(("charts",), value)):
        path: KeyPath = ("charts", index)
        kind = item.get("kind") if isinstance(item, dict) else None
        if kind not in _CHART_KEYS:
            check.report(
                (*path, "kind"),
                f"unknown chart kind {kind!r}",
                did_you_mean(str(kind), list(_CHART_KEYS)),
            )
            continue
        raw = check.mapping(path, item, required=["kind", "title"], optional=_CHART_KEYS[kind])
        spec = ChartSpec(
            kind=kind,
            title=check.text((*path, "title"), raw.get("title")),
            assessment=str(raw.get("assessment", "")),
            question=str(raw.get("question", "")),
            x=str(raw.get("x", "")),
            y=str(raw.get("y", "")),
            label=str(raw.get("label", "")),
            quadrants=tuple(
                str(q) for q in check.sequence((*path, "quadrants"), raw.get("quadrants", []))
            ),
            date=str(raw.get("date", "")),
            owner=str(raw.get("owner", "")),
            status=str(raw.get("status", "")),
            done=tuple(str(v) for v in check.sequence((*path, "done"), raw.get("done", []))),
        )
        if kind in ("bars", "curve") and spec.assessment not in assessment_ids:
            check.report(
                (*path, "assessment"),
                f"no assessment '{spec.assessment}' in this file",
                did_you_mean(spec.assessment, [str(a) for a in assessment_ids]),
            )
        if kind in ("grid", "timeline"):
            question = by_id.get(spec.question)
            if question is None or question.type is not QuestionType.GROUP:
                check.report(
                    (*path, "question"), f"no group question '{spec.question}' in this file"
                )
            else:
                fields = [f.id for f in question.fields]
                for key in ("x", "y", "label", "date", "owner", "status"):
                    named = getattr(spec, key)
                    if named and named not in fields:
                        check.report(
                            (*path, key),
                            f"no field '{named}' in '{question.id}'",
                            did_you_mean(named, fields),
                        )
        out.append(spec)
    return tuple(out)
