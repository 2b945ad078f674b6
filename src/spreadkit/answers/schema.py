"""A JSON Schema (draft 2020-12) of answers files for the current content, for editors and CI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spreadkit import __version__
from spreadkit.answers.evidence import KINDS
from spreadkit.answers.store import DETAIL_PROMPTS, DETAIL_TEXTS, SCHEMA_FILE, STATUSES
from spreadkit.core.errors import SpreadkitError
from spreadkit.files import guard
from spreadkit.framework.model import Field, Framework, Question, QuestionType

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$"


def answers_schema(framework: Framework) -> dict[str, Any]:
    sections = {
        section.id: {
            "type": ["object", "null"],
            "title": section.label,
            "additionalProperties": False,
            "properties": {q.id: _question(q) for q in section.questions},
        }
        for section in framework.sections
    }
    plan: dict[str, dict[str, object]] = {
        key: {"type": ["string", "null"], "description": prompt}
        for key, (prompt, _) in DETAIL_PROMPTS.items()
    }
    for key, description in DETAIL_TEXTS.items():
        plan[key] = {"type": ["string", "null"], "description": description}
    plan["status"]["enum"] = [*STATUSES, None]
    for key in ("created", "updated"):
        plan[key] = _date(f"When the plan was {key}")
    return {
        "$schema": DIALECT,
        "$id": f"urn:spreadkit:answers:{framework.id}:{framework.version}",
        "title": f"spreadkit answers file: {framework.title}",
        "description": f"Answers to {framework.id} {framework.version}, written by spreadkit {__version__}.",
        "type": "object",
        "additionalProperties": False,
        "required": ["answers"],
        "properties": {
            "spreadkit": {
                "type": "string",
                "description": "The spreadkit version that wrote the file.",
            },
            "framework": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id"],
                "properties": {"id": {"const": framework.id}, "version": {"type": "string"}},
            },
            "pack": {
                "type": "object",
                "description": "The content pack the answers were made with: use it with --content.",
                "additionalProperties": False,
                "required": ["id"],
                "properties": {"id": {"type": "string"}, "version": {"type": "string"}},
            },
            "plan": {"type": ["object", "null"], "additionalProperties": False, "properties": plan},
            "answers": {
                "type": ["object", "null"],
                "additionalProperties": False,
                "properties": sections,
            },
            "completed": {
                "type": "array",
                "uniqueItems": True,
                "items": {"enum": [s.id for s in framework.sections]},
            },
            "sources": _SOURCES,
            "citations": _CITATIONS,
            "assumptions": _ASSUMPTIONS,
            "checkins": _CHECKINS,
        },
    }


_PATH_NOTE = "Answer path (STEP.QUESTION, STEP.GROUP[NAME] or STEP.GROUP[NAME].FIELD)"
_SOURCES: dict[str, Any] = {
    "type": "array",
    "description": "Where the plan's facts come from: evaluations, audits, policy, local data.",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "title"],
        "properties": {
            "id": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$"},
            "title": {"type": "string"},
            "author": {"type": "string", "description": "A person or an organisation"},
            "year": {"type": "integer", "minimum": 1800, "maximum": 2200},
            "link": {"type": "string", "pattern": "^(https?://|mailto:)"},
            "kind": {"enum": list(KINDS)},
        },
    },
}
_CITATIONS: dict[str, Any] = {
    "type": "object",
    "description": f"{_PATH_NOTE}: the ids of the sources it rests on.",
    "additionalProperties": {
        "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
    },
}
_ASSUMPTIONS: dict[str, Any] = {
    "type": "object",
    "description": f"{_PATH_NOTE}: an answer that is assumed, what it rests on, who confirms it.",
    "additionalProperties": {
        "type": ["object", "null", "boolean"],
        "additionalProperties": False,
        "properties": {"note": {"type": "string"}, "confirm": {"type": "string"}},
    },
}


_CHECKINS: dict[str, Any] = {
    "type": "array",
    "description": "Dated check-ins, oldest first: what each changed and the readings it took.",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["date"],
        "properties": {
            "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
            "note": {"type": "string"},
            "changes": {
                "type": "object",
                "description": "Answer path (STEP.QUESTION or STEP.GROUP[NAME].FIELD): was and now.",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["was", "now"],
                    "properties": {"was": {}, "now": {}},
                },
            },
            "readings": {
                "type": "object",
                "description": "Measure name: a number (one reading on the check-in's date), or "
                "a list of readings, each on its own date, none after the check-in's.",
                "additionalProperties": {
                    "oneOf": [
                        {"type": "number"},
                        {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["date", "value"],
                                "properties": {
                                    "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                                    "value": {"type": "number"},
                                    "n": {"type": "integer", "minimum": 0},
                                    "point": {"type": "string", "minLength": 1},
                                    "group": {"type": "string", "minLength": 1},
                                },
                                "not": {"required": ["point", "group"]},
                            },
                        },
                    ]
                },
            },
        },
    },
}


def schema_text(framework: Framework) -> str:
    return json.dumps(answers_schema(framework), indent=2, ensure_ascii=False) + "\n"


def _question(question: Question) -> dict[str, Any]:
    if question.type is QuestionType.RATINGS:
        rating = {
            "type": ["object", "null"],
            "additionalProperties": False,
            "properties": {
                "score": {"type": "integer", "minimum": 1, "maximum": question.points},
                "note": {"type": ["string", "null"], "description": question.note_prompt},
            },
        }
        return {
            "type": ["object", "null"],
            "description": question.prompt,
            "additionalProperties": False,
            "properties": {
                item.id: {**rating, "description": item.label} for item in question.items
            },
        }
    if question.type is QuestionType.GROUP:
        return {
            "type": ["array", "null"],
            "description": question.prompt,
            "items": {
                "type": "object",
                "title": question.item_name,
                "additionalProperties": False,
                "required": [f.id for f in question.fields if f.required],
                "properties": {f.id: _field(f, nullable=not f.required) for f in question.fields},
            },
        }
    return _field(question, nullable=True)


def _field(field: Field, *, nullable: bool) -> dict[str, Any]:
    kind = field.type
    schema: dict[str, Any]
    if kind in (QuestionType.TEXT, QuestionType.MULTILINE):
        schema = {"type": "string"}
    elif kind is QuestionType.CHOICE:
        schema = {"enum": list(field.choice_values)}
    elif kind is QuestionType.MULTICHOICE:
        schema = {
            "type": "array",
            "uniqueItems": True,
            "items": {"enum": list(field.choice_values)},
        }
    elif kind is QuestionType.YESNO:
        schema = {"type": "boolean"}
    elif kind is QuestionType.SCALE:
        schema = {"type": "integer", "minimum": 1, "maximum": 5}
    elif kind is QuestionType.NUMBER:
        schema = {"type": "number"}
        if field.minimum is not None:
            schema["minimum"] = field.minimum
        if field.maximum is not None:
            schema["maximum"] = field.maximum
    elif kind is QuestionType.DATE:
        schema = _date("")
    elif kind in _COMPOUND:
        schema = _COMPOUND[kind](field)
    else:  # pragma: no cover - groups are handled by _question
        raise AssertionError(kind)
    if nullable:
        schema = _nullable(schema)
    schema["description"] = field.prompt + (f" {field.help}" if field.help else "")
    if kind is QuestionType.REF:
        schema["description"] += f" The name of one of {field.ref}."
    if kind is QuestionType.CHOICE or kind is QuestionType.MULTICHOICE:
        schema["description"] += " Choices: " + "; ".join(
            f"{c.value} = {c.label}" for c in field.choices
        )
    return schema


def _quantity(field: Field) -> dict[str, Any]:
    units = f" Units often used: {', '.join(field.units)}." if field.units else ""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["value"],
        "properties": {
            "value": {"type": "number", "minimum": 0},
            "unit": {"type": ["string", "null"], "description": "What is counted." + units},
        },
    }


def _money(field: Field) -> dict[str, Any]:
    return {"type": ["number", "string"], "minimum": 0, "pattern": _MONEY_PATTERN}


def _daterange(field: Field) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {"start": _date("The first day"), "end": _date("The last day")},
    }


def _ref(field: Field) -> dict[str, Any]:
    return {"type": "string", "description": f"The name of one of {field.ref}."}


_MONEY_PATTERN = r"^£?\d[\d,]*(\.\d{1,2})?$"
_COMPOUND = {
    QuestionType.QUANTITY: _quantity,
    QuestionType.MONEY: _money,
    QuestionType.DATERANGE: _daterange,
    QuestionType.REF: _ref,
}


def _date(description: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": ["string", "null"], "pattern": _DATE_PATTERN}
    if description:
        schema["description"] = description
    return schema


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    kinds = [schema["type"]] if isinstance(schema["type"], str) else list(schema["type"])
    return {**schema, "type": kinds if "null" in kinds else [*kinds, "null"]}


_OUR_ID = b'"$id": "urn:spreadkit:answers:'


def verdict(current: bytes) -> str | None:
    """A schema file spreadkit may replace (``None``): one it wrote, recognised by its ``$id``."""
    return None if _OUR_ID in current[:4096] else f"{guard.NOT_OURS} (it is not a spreadkit schema)"


def ensure_schema_beside(answers_path: Path, framework: Framework, *, create: bool) -> None:
    """Keep the schema an answers file's first line points to current, for editors.

    ``create`` (``spreadkit new``: a file to edit by hand) writes it when it is missing; the
    interview only refreshes a spreadkit schema already there. A file of the person's own with
    that name is never touched.
    """
    target = answers_path.parent / SCHEMA_FILE
    data = schema_text(framework).encode("utf-8")
    try:
        kind = guard.output_kind(target)
        if kind == "link" or (kind == "new" and not create) or guard.refusal(target, verdict):
            return
        if kind == "file" and guard.read_input(target) == data:
            return
        guard.write_guarded(target, data, verdict)
    except SpreadkitError:
        return  # a folder, a device, unreadable: not ours to replace; the answers matter more
