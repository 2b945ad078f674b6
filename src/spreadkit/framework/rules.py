"""Reading a step's rules: its assessments (and their bands), plan checks and charts.

Part of loading content (see content.py); each refers to the step's questions and tools,
which are read first (questions.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from spreadkit.core.errors import did_you_mean
from spreadkit.files.yamlio import KeyPath
from spreadkit.framework import conditions
from spreadkit.framework.builtin import is_builtin
from spreadkit.framework.checker import Checker
from spreadkit.framework.model import (
    WORDING,
    Assessment,
    AssessmentKind,
    Band,
    ChartSpec,
    Check,
    Question,
    QuestionType,
    Tool,
    Where,
)

_RAG = ["red", "amber", "green"]


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
            optional=[
                "tool",
                "note",
                "bands",
                "field",
                "expected",
                "start_with",
                "columns",
                "counted",
                "empty",
                "factors",
            ],
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
        factors = _factors(check, path, raw.get("factors"), kind, question)
        if (
            kind not in (AssessmentKind.SCORE, AssessmentKind.MATRIX)
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
                factors=factors,
                **_wording(check, path, raw, kind),
            )
        )
    check.unique(("assessments",), [a.id for a in out], "assessment")
    return tuple(out)


def _wording(
    check: Checker, path: KeyPath, raw: dict[str, Any], kind: AssessmentKind
) -> dict[str, Any]:
    """The plan's words for this assessment: the content's own, or the kind's neutral ones."""
    columns, counted, empty = WORDING[kind]
    if "columns" in raw:
        given = tuple(
            check.text((*path, "columns", index), heading)
            for index, heading in enumerate(check.sequence((*path, "columns"), raw["columns"]))
        )
        if len(given) != len(columns):
            check.report(
                (*path, "columns"),
                f"a '{kind.value}' assessment's table has {len(columns)} columns "
                f"({', '.join(columns)}); found {len(given)}",
            )
        else:
            columns = given
    return {
        "columns": columns,
        "counted": check.text((*path, "counted"), raw.get("counted"), default=counted),
        "empty": check.text((*path, "empty"), raw.get("empty"), default=empty),
    }


def _factors(
    check: Checker, path: KeyPath, value: Any, kind: AssessmentKind, question: Question | None
) -> tuple[str, ...]:
    """A matrix's two fields, multiplied for each record's score (likelihood × impact)."""
    if kind is not AssessmentKind.MATRIX:
        if value is not None:
            check.report((*path, "factors"), "only 'matrix' assessments have factors")
        return ()
    factors = tuple(str(f) for f in check.sequence((*path, "factors"), value or []))
    if len(factors) != 2:
        check.report((*path, "factors"), "a matrix needs two factors, such as [likelihood, impact]")
    if question is not None and question.type is QuestionType.GROUP:
        scales = [f.id for f in question.fields if f.type is QuestionType.SCALE]
        for factor in factors:
            if factor not in scales:
                check.report(
                    (*path, "factors"),
                    f"no scale field '{factor}' in '{question.id}'",
                    did_you_mean(factor, scales),
                )
    return factors


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
            optional=["passed", "when", "concerned", "needs", "unknown"],
        )
        expressions: dict[str, str | None] = {}
        trusted = is_builtin(check.document.name)
        for key in ("when", "concerned", "needs"):
            text = check.text((*path, key), raw.get(key)) or None
            if text and (error := conditions.syntax_error(text, trusted=trusted)):
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
                needs=expressions["needs"],
                unknown=check.text((*path, "unknown"), raw.get("unknown")),
                where=Where(
                    check.document.name,
                    check.document.line_of(path),
                    builtin=is_builtin(check.document.name),
                ),
            )
        )
    check.unique(("checks",), [c.id for c in out], "check")
    return tuple(out)


_CHART_KEYS = {
    "bars": ["assessment"],
    "curve": ["assessment"],
    "grid": ["question", "x", "y", "label", "quadrants"],
    "timeline": ["question", "date", "revised", "label", "owner", "status", "done"],
    "phases": ["question", "label", "date", "decision", "owner"],
    "heatmap": ["assessment", "label", "status", "done"],
    "progress": ["question", "label", "value", "target", "unit"],
}
#: The keys a programme chart cannot draw without.
_CHART_NEEDS = {
    "phases": ("label", "date"),
    "heatmap": ("assessment", "label"),
    "progress": ("label", "value", "target"),
}
_CHART_FIELDS: tuple[str, ...] = ("x", "y", "label", "date", "revised", "owner", "status")
_CHART_FIELDS += ("decision", "value", "target")


def _drawn_matrix(check: Checker, path: KeyPath, spec: ChartSpec, assessments: Any) -> ChartSpec:
    """A heat map draws a matrix assessment: its group, and its two factors across and up."""
    raw = next(a for a in assessments if isinstance(a, dict) and a.get("id") == spec.assessment)
    factors = raw.get("factors")
    if raw.get("kind") != "matrix" or not isinstance(factors, list) or len(factors) != 2:
        check.report((*path, "assessment"), f"'{spec.assessment}' is not a matrix assessment")
        return spec
    return replace(
        spec, question=str(raw.get("question", "")), x=str(factors[0]), y=str(factors[1])
    )


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
        if not isinstance(kind, str) or kind not in _CHART_KEYS:
            check.report(
                (*path, "kind"),
                f"unknown chart kind {kind!r}",
                did_you_mean(kind if isinstance(kind, str) else "", list(_CHART_KEYS)),
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
            revised=str(raw.get("revised", "")),
            owner=str(raw.get("owner", "")),
            status=str(raw.get("status", "")),
            done=tuple(str(v) for v in check.sequence((*path, "done"), raw.get("done", []))),
            decision=str(raw.get("decision", "")),
            value=str(raw.get("value", "")),
            target=str(raw.get("target", "")),
            unit=str(raw.get("unit", "")),
        )
        if kind in ("bars", "curve", "heatmap") and spec.assessment not in assessment_ids:
            check.report(
                (*path, "assessment"),
                f"no assessment '{spec.assessment}' in this file",
                did_you_mean(spec.assessment, [str(a) for a in assessment_ids]),
            )
        elif kind == "heatmap":
            spec = _drawn_matrix(check, path, spec, assessments)
        for key in _CHART_NEEDS.get(kind, ()):
            if not getattr(spec, key) and raw:
                check.report(path, f"a {kind} chart needs the key '{key}'")
        if kind not in ("bars", "curve") and (spec.question or kind != "heatmap"):
            question = by_id.get(spec.question)
            if question is None or question.type is not QuestionType.GROUP:
                check.report(
                    (*path, "question"), f"no group question '{spec.question}' in this file"
                )
            else:
                fields = [f.id for f in question.fields]
                for key in _CHART_FIELDS:
                    named = getattr(spec, key)
                    if named and named not in fields:
                        check.report(
                            (*path, key),
                            f"no field '{named}' in '{question.id}'",
                            did_you_mean(named, fields),
                        )
        out.append(spec)
    return tuple(out)
