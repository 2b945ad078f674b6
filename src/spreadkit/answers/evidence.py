"""Where the plan's facts come from: its sources, what cites them, and what is assumed.

Three optional parts of an answers file, the same for any content pack:

- ``sources:`` a list, each with a short ``id`` (S1, NICE-2019…), a ``title``, and optionally
  ``author`` (a person or an organisation), ``year``, ``link`` (http, https or mailto only) and
  ``kind`` (one of :data:`KINDS`);
- ``citations:`` answer path → the ids of the sources it rests on, such as
  ``analyse.evidence: [S1, S2]`` or ``ready.sites[Dunmere PCN].target: [S3]``;
- ``assumptions:`` answer path → what the assumption rests on (``note``) and who should confirm it
  (``confirm``), such as ``analyse.aim_target: {note: one post per 10,000 patients, confirm:
  Finance lead}``. ``{}`` marks a figure as assumed with nothing more said.

Paths are the check-in paths (``answers.checkins``): ``STEP.QUESTION``, ``STEP.GROUP[NAME]`` for a
whole record, ``STEP.GROUP[NAME].FIELD`` for one of its fields. Checking that a path names an
answer, and that a cited id names a source, is :mod:`answers.evidence_check`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from spreadkit.answers.checkins import BadPath, parse_path
from spreadkit.core.records import dataclass
from spreadkit.files.yamlio import KeyPath
from spreadkit.framework.checker import Checker
from spreadkit.framework.model import Framework

#: What kind of source it is, as a board would weigh it.
KINDS: dict[str, str] = {
    "evaluation": "Evaluation",
    "audit": "Audit",
    "policy": "Policy or guidance",
    "local-data": "Local data",
    "expert-opinion": "Expert opinion",
    "business-case": "Business case",
    "news": "News or blog post",
    "other": "Other",
}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
_SCHEMES = ("http://", "https://", "mailto:")
MAX_SOURCES = 200
MAX_MARKED = 2_000


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    author: str = ""
    year: int | None = None
    link: str = ""
    kind: str = ""

    def kind_label(self) -> str:
        return KINDS.get(self.kind, "")


@dataclass(frozen=True)
class Assumption:
    """An answer that is assumed rather than known: what it rests on, and who should confirm it."""

    note: str = ""
    confirm: str = ""


def safe_link(link: str) -> bool:
    """Whether ``link`` is an address a plan may turn into a link (http, https or mailto)."""
    lowered = link.strip().lower()
    return lowered.startswith(_SCHEMES) and not any(c.isspace() or ord(c) < 32 for c in link)


def parse_sources(check: Checker, value: Any) -> tuple[Source, ...]:
    if value is None:
        return ()
    items = check.sequence(("sources",), value)
    if len(items) > MAX_SOURCES:
        check.report(
            ("sources",), f"{len(items):,} sources is more than the {MAX_SOURCES} a plan keeps"
        )
        return ()
    out = []
    for index, item in enumerate(items):
        path: KeyPath = ("sources", index)
        raw = check.mapping(
            path,
            item,
            required=["id", "title"],
            optional=["author", "year", "link", "kind"],
            what=" (one source)",
        )
        if not raw:
            continue
        source_id = str(raw.get("id", "")).strip()
        if not _ID.match(source_id):
            check.report(
                (*path, "id"),
                f"'{source_id}' is not a source id",
                "a short id of letters, digits, '-', '_' or '.', such as S1",
            )
            continue
        year = raw.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            check.report((*path, "year"), "expected a year, such as 2019")
            year = None
        elif year is not None and not 1800 <= year <= 2200:
            check.report((*path, "year"), f"{year} is not a year a source was published")
            year = None
        link = check.text((*path, "link"), raw.get("link"))
        if link and not safe_link(link):
            check.report((*path, "link"), "a link must start with http://, https:// or mailto:")
            link = ""
        kind = check.text((*path, "kind"), raw.get("kind"))
        if kind and kind not in KINDS:
            from spreadkit.core.errors import did_you_mean

            check.report(
                (*path, "kind"), f"'{kind}' is not a kind of source", did_you_mean(kind, KINDS)
            )
            kind = ""
        out.append(
            Source(
                source_id,
                check.text((*path, "title"), raw.get("title")),
                check.text((*path, "author"), raw.get("author")),
                year,
                link,
                kind,
            )
        )
    check.unique(("sources",), [s.id for s in out], "source")
    return tuple(out)


def parse_citations(check: Checker, value: Any) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    raw = _paths(check, "citations", value)
    out: dict[str, tuple[str, ...]] = {}
    for key, item in raw.items():
        where: KeyPath = ("citations", key)
        ids = [item] if isinstance(item, str) else item
        if not isinstance(ids, list) or not all(isinstance(i, str) and i.strip() for i in ids):
            check.report(where, "expected the ids of the sources it rests on, such as [S1, S2]")
            continue
        out[key] = tuple(dict.fromkeys(i.strip() for i in ids))
    return out


def parse_assumptions(check: Checker, value: Any) -> dict[str, Assumption]:
    if value is None:
        return {}
    raw = _paths(check, "assumptions", value)
    out = {}
    for key, item in raw.items():
        where: KeyPath = ("assumptions", key)
        if item is None or item is True:
            out[key] = Assumption()
            continue
        fields = check.mapping(where, item, optional=["note", "confirm"], what=" (note, confirm)")
        if not isinstance(item, dict):
            continue
        out[key] = Assumption(
            check.text((*where, "note"), fields.get("note")),
            check.text((*where, "confirm"), fields.get("confirm")),
        )
    return out


def _paths(check: Checker, part: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        check.mapping((part,), value)
        return {}
    if len(value) > MAX_MARKED:
        check.report(
            (part,), f"{len(value):,} entries is more than the {MAX_MARKED:,} a plan keeps"
        )
        return {}
    good = {}
    for key, item in value.items():
        try:
            parse_path(str(key))
        except BadPath as exc:
            check.report((part, key), str(exc), "for example analyse.aim_target")
            continue
        good[str(key)] = item
    return good


def renamed(
    marked: Mapping[str, Any], section_id: str, question_id: str, old: str, new: str
) -> dict[str, Any]:
    """``marked`` (citations or assumptions) with the paths into the record named ``old`` of
    ``section_id.question_id`` naming it ``new``, each in its place: a record renamed at a
    check-in keeps what it cites and what is assumed of it."""
    out: dict[str, Any] = {}
    for path, value in marked.items():
        try:
            where = parse_path(path)
        except BadPath:
            out[path] = value
            continue
        if (where.section, where.question, where.record) == (section_id, question_id, old):
            path = f"{section_id}.{question_id}[{new}]" + "".join(f".{k}" for k in where.rest)
        out[path] = value
    return out


def sources_data(sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    out = []
    for source in sources:
        entry: dict[str, Any] = {"id": source.id, "title": source.title}
        for key in ("author", "year", "link", "kind"):
            if getattr(source, key):
                entry[key] = getattr(source, key)
        out.append(entry)
    return out


def citations_data(citations: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    return {path: list(ids) for path, ids in citations.items() if ids}


def assumptions_data(assumptions: Mapping[str, Assumption]) -> dict[str, dict[str, str]]:
    return {
        path: {k: v for k, v in (("note", a.note), ("confirm", a.confirm)) if v}
        for path, a in assumptions.items()
    }


def path_label(framework: Framework, path: str) -> str:
    """What ``path`` is, as a reader would say it: "Sites: Dunmere PCN, planned go-live"."""
    try:
        where = parse_path(path)
    except BadPath:
        return path
    if where.section == "plan":
        return where.question.capitalize()
    section = framework.section(where.section)
    question = section.question(where.question) if section else None
    if question is None:
        return path
    said = question.title
    if where.record is not None:
        said += f": {where.record}"
    if where.rest:
        field = next((f for f in question.fields if f.id == where.rest[0]), None)
        said += f", {(field.title if field else where.rest[0]).lower()}"
    return said


def check_context(
    framework: Framework,
    citations: Mapping[str, tuple[str, ...]],
    assumptions: Mapping[str, Assumption],
) -> dict[str, Any]:
    """What plan checks see as ``sourcing``: each assumption with the field it is about
    (``ready.sites.golive_planned`` for any site's planned go-live), and what cites which source.

    ``sourcing.assumed`` is a list of ``{path, label, field, record, confirm, note}``; ``sourcing.cited``
    maps a path to its source ids.
    """
    assumed = []
    for path, assumption in assumptions.items():
        try:
            where = parse_path(path)
        except BadPath:
            continue
        assumed.append(
            {
                "path": path,
                "label": path_label(framework, path),
                "field": ".".join((where.section, where.question, *where.rest)),
                "record": where.record or "",
                "confirm": assumption.confirm,
                "note": assumption.note,
            }
        )
    return {"assumed": assumed, "cited": {k: list(v) for k, v in citations.items()}}
