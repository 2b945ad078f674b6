"""The board plan's risk register, its dependencies and the gaps the plan still has.

Each risk keeps the ID it has in the register (R1 is the first row, closed or not), the same
ID the heat map prints, so a point on the picture can be found in the table. An issue has
already happened: its likelihood is not scored, and it is judged by its impact alone.
"""

from __future__ import annotations

from typing import Any

from spreadkit.framework import grammar, values
from spreadkit.framework.model import Field
from spreadkit.plan.figures import scoring, tracking
from spreadkit.plan.pictures.svg import Chart
from spreadkit.plan.views.board_parts import BoardBlock, BoardTable, Part, Reader

TOP = 3  # risks named in the first section


def register(read: Reader) -> list[dict[str, Any]]:
    """The register's rows with their ``id`` (R1, R2, … in register order), score and band."""
    found: list[dict[str, Any]] | None = read.memo.get("register")
    if found is None:  # worked out once a plan: the brief, the table and the notes read it
        risks = read.facts.scored_risks
        found = [{**r, "id": i} for r, i in zip(risks, tracking.register_ids(risks), strict=True)]
        read.memo["register"] = found
    return found


def _is_issue(risk: dict[str, Any]) -> bool:
    return risk.get("kind") == "issue"


def _band(risk: dict[str, Any]) -> str:
    return str(risk["band"]).lower() if risk["band"] else ""


def brief(read: Reader) -> str:
    """``R1 Not enough physiotherapists apply (20, extreme); R2 …``: the open risks scored highest."""
    open_risks = [
        r for r in register(read) if r["score"] and r.get("status") != "closed" and not _is_issue(r)
    ]
    top = sorted(open_risks, key=lambda r: -r["score"])[:TOP]
    return "; ".join(
        f"{r['id']} {str(r.get('risk') or '').rstrip('.')} ({r['score']}"
        + (f", {_band(r)})" if r["band"] else ")")
        for r in top
    )


def _scale(field: Field | None, value: Any) -> str:
    if field is None or not isinstance(value, int) or isinstance(value, bool):
        return ""
    label = field.scale_label(value)
    return f"{value} {label.lower()}" if label else str(value)


def _table(read: Reader) -> BoardTable | None:
    question = read.question("risks")
    rows = register(read)
    if question is None or not rows:
        return None
    by_id = read.places.fields("risks")
    fields = {i: c.field for i, c in by_id.items()}
    words = read.words

    def shown(risk: dict[str, Any], field_id: str) -> str:
        value = risk.get(field_id)
        column = by_id.get(field_id)
        return column.show(value) if column and not values.is_blank(value) else ""

    body = []
    for risk in rows:
        issue = _is_issue(risk)
        score = ""
        if not issue and risk["score"]:
            score = f"{risk['score']} {_band(risk)}".strip()
        body.append(
            (
                risk["id"],
                shown(risk, "risk") + (f" {words['mark_issue']}" if issue else ""),
                words["issue_likelihood"]
                if issue
                else _scale(fields.get("likelihood"), risk.get("likelihood")),
                _scale(fields.get("impact"), risk.get("impact")),
                score,
                shown(risk, "owner"),
                shown(risk, "mitigation"),
                shown(risk, "review"),
                shown(risk, "status"),
            )
        )
    columns = (
        words["col_id"],
        fields["risk"].title if "risk" in fields else "",
        *(fields[c].title if c in fields else c for c in ("likelihood", "impact")),
        words["col_score"],
        *(
            fields[c].title if c in fields else c
            for c in ("owner", "mitigation", "review", "status")
        ),
    )
    return BoardTable(question.title, columns, tuple(body))


def past_review(read: Reader) -> tuple[str, ...]:
    """``R1 Too few applicants — Workforce lead, review 1 November 2027``: each open risk or
    issue past its review date on the plan's date, as ``spreadkit status`` says it."""
    ids = {str(r.get("risk") or ""): r["id"] for r in register(read)}
    return tuple(
        f"{ids.get(str(r.get('risk') or ''), '')} {tracking.past_review_words(r)}".strip()
        for r in read.facts.risks_past_review
    )


def _dependencies(read: Reader) -> BoardTable | None:
    return read.table("dependencies", ("dependency", "owner", "needed_by", "status"))


def block(
    read: Reader, pictures: dict[str, Chart], flagged: list[scoring.CheckResult]
) -> BoardBlock:
    read.value("risks")
    table = _table(read)
    words = read.words
    return BoardBlock(
        "risks",
        words["heading_risks"],
        tuple(
            p
            for p in (
                Part(
                    read.title("risks"),
                    table=table,
                    chart=pictures.get("heatmap") if table else None,
                    note=words["issue_note"]
                    if table and any(_is_issue(r) for r in register(read))
                    else "",
                ),
                Part(words["risks_past_review"], bullets=past_review(read)),
                Part(read.title("dependencies"), table=_dependencies(read)),
                Part(
                    words["checks_found"],
                    bullets=tuple(grammar.sentence(c.title) for c in flagged),
                ),
            )
            if p.table or p.bullets
        ),
    )
