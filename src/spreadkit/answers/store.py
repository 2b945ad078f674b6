"""The answers file: what the team said, by section and question, and how it is written as YAML.

Writing keeps keys in framework order, in block style, with unicode as typed, so that files diff
cleanly. Reading and checking a file is ``answers.loading``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spreadkit import __version__
from spreadkit.core.errors import Problem
from spreadkit.core.records import dataclass
from spreadkit.files.yamlio import dump_yaml
from spreadkit.framework import values
from spreadkit.framework.model import Framework

if TYPE_CHECKING:  # loaded when answers are read or written, not for a new plan's first question
    from spreadkit.answers.checkins import Checkin
    from spreadkit.answers.evidence import Assumption, Source

SUFFIX = ".answers.yml"
ANSWERS_SUFFIXES = (SUFFIX, ".answers.yaml", ".answers.json")  # what an answers file is named

#: The plan's details, asked before the steps: key → (prompt, required).
DETAIL_PROMPTS: dict[str, tuple[str, bool]] = {
    "title": ("Title of the plan", True),
    "innovation": ("The innovation you want to spread (a new role, a new way of working…)", True),
    "organisation": ("Your organisation or partnership", True),
    "lead": ("Who leads the spread (name and role)", True),
}
DETAIL_DATES = ("created", "updated")
# Plan-level texts that are never asked: ``notice`` is printed at the top of the plan (such as
# "an illustrative example: these details are invented").
DETAIL_TEXTS: dict[str, str] = {
    "notice": "A notice printed at the top of the plan, such as what in it is illustrative",
    "status": "Where the plan stands: draft, for approval or approved",
    "version": "The plan's version, such as 0.3 or 1.0 (quote it in YAML: '1.10')",
}
#: The plan's ``status``: what a board is asked to do with it.
STATUSES = ("draft", "for approval", "approved")


def plan_status(text: str) -> str | None:
    """``text`` as one of STATUSES ("For-approval" → "for approval"); None when it is not one."""
    said = " ".join(str(text).replace("-", " ").replace("_", " ").lower().split())
    return said if said in STATUSES else None


def status_problem() -> str:
    return "the plan's status must be one of: " + ", ".join(STATUSES)


@dataclass(frozen=True)
class Answers:
    """Everything in an answers file, normalised. Immutable: changes make a new one."""

    framework_id: str
    framework_version: str
    details: Mapping[str, Any] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    completed: tuple[str, ...] = ()
    written_by: str = __version__
    pack_id: str = ""  # the content pack the answers were written with, if any
    pack_version: str = ""
    # Answers to questions the content no longer has: kept, never dropped silently.
    retired: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()
    as_of: dt.date | None = None  # the date progress is judged on (--as-of); never saved
    first_checkin: dt.date | None = None  # set by --as-of before it: the first check-in's date
    checkins: tuple[Checkin, ...] = ()  # dated updates, oldest first: answers.history
    # Where the facts come from (answers.evidence): the sources, and answer path → source ids or
    # what an assumed answer rests on.
    sources: tuple[Source, ...] = ()
    citations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    assumptions: Mapping[str, Assumption] = field(default_factory=dict)

    @classmethod
    def empty(cls, framework: Framework) -> Answers:
        return cls(
            framework.id,
            framework.version,
            pack_id=framework.pack_id,
            pack_version=framework.pack_version,
        )

    def seen(self, section_id: str, question_id: str) -> bool:
        """Whether the question was ever put to the team (an empty answer counts)."""
        return question_id in self.values.get(section_id, {})

    def get(self, section_id: str, question_id: str) -> Any:
        return self.values.get(section_id, {}).get(question_id)

    def section(self, section_id: str) -> Mapping[str, Any]:
        return self.values.get(section_id, {})

    def with_value(self, section_id: str, question_id: str, value: Any) -> Answers:
        section = {**self.section(section_id), question_id: value}
        return replace(self, values={**self.values, section_id: section})

    def with_section(self, section_id: str, section: Mapping[str, Any]) -> Answers:
        return replace(self, values={**self.values, section_id: dict(section)})

    def with_detail(self, key: str, value: Any) -> Answers:
        return replace(self, details={**self.details, key: value})

    def with_source(self, source: Source) -> Answers:
        kept = tuple(s for s in self.sources if s.id != source.id)
        return replace(self, sources=(*kept, source))

    def with_citations(self, path: str, ids: tuple[str, ...]) -> Answers:
        """``path`` citing ``ids`` (none: it cites nothing); an entry keeps its place in the file."""
        citations = dict(self.citations)
        if ids:
            citations[path] = ids
        else:
            citations.pop(path, None)
        return replace(self, citations=citations)

    def with_assumption(self, path: str, assumption: Assumption | None) -> Answers:
        """``path`` marked as assumed (None: known, not assumed); an entry keeps its place."""
        assumptions = dict(self.assumptions)
        if assumption is not None:
            assumptions[path] = assumption
        else:
            assumptions.pop(path, None)
        return replace(self, assumptions=assumptions)

    def with_completed(self, section_id: str, done: bool = True) -> Answers:
        if done == (section_id in self.completed):
            return self  # already so: the same answers, so an unchanged step is not saved again
        rest = tuple(s for s in self.completed if s != section_id)
        return replace(self, completed=(*rest, section_id) if done else rest)


def missing_details(answers: Answers) -> list[str]:
    """Required plan details with no answer: 'title', 'lead', …"""
    return [
        key
        for key, (_, required) in DETAIL_PROMPTS.items()
        if required and not answers.details.get(key)
    ]


def to_data(answers: Answers, framework: Framework) -> dict[str, Any]:
    """The file's content as plain data, in framework order, blanks left out."""
    details = {
        key: answers.details[key]
        for key in (*DETAIL_PROMPTS, *DETAIL_TEXTS, *DETAIL_DATES)
        if not values.is_blank(answers.details.get(key))
    }
    ordered: dict[str, Any] = {}
    for section in framework.sections:
        section_values = {
            q.id: None if values.is_blank(value := answers.get(section.id, q.id)) else _plain(value)
            for q in section.questions
            if answers.seen(section.id, q.id)
        }
        if section_values:
            ordered[section.id] = section_values
    data: dict[str, Any] = {
        "spreadkit": __version__,
        "framework": {"id": framework.id, "version": framework.version},
    }
    if framework.pack_id:
        data["pack"] = {"id": framework.pack_id, "version": framework.pack_version}
    data["plan"] = details
    data["answers"] = ordered
    completed = [s.id for s in framework.sections if s.id in answers.completed]
    if completed:
        data["completed"] = completed
    if answers.retired:
        data["retired"] = _plain(answers.retired)
    from spreadkit.answers.checkins import to_data as checkins_data
    from spreadkit.answers.evidence import assumptions_data, citations_data, sources_data

    if answers.sources:
        data["sources"] = sources_data(answers.sources)
    if answers.citations:
        data["citations"] = citations_data(answers.citations)
    if answers.assumptions:
        data["assumptions"] = assumptions_data(answers.assumptions)
    if answers.checkins:
        data["checkins"] = checkins_data(answers.checkins)
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    return value


SCHEMA_FILE = "spreadkit.schema.json"


def schema_comment() -> str:
    """Tells editors (VS Code's YAML extension, for one) where the schema is: `spreadkit schema`."""
    return f"# yaml-language-server: $schema={SCHEMA_FILE}"


HEADER = (
    schema_comment() + "\n"
    "# spreadkit answers file: the team's answers to the spread and adoption framework.\n"
    "# Edit it by hand if you like; `spreadkit render` turns it into a plan.\n"
)


def to_yaml(answers: Answers, framework: Framework) -> str:
    return HEADER + dump_yaml(to_data(answers, framework))


def write_answers(path: Path, answers: Answers, framework: Framework) -> None:
    """Write the answers; a file already there is updated in place, keeping its comments and order.

    The new text is read back with the commands' reader and compared with the answers before it
    replaces the file, and a file over the read limit is never written (``files.saving``).
    """
    from spreadkit.files.saving import save

    save(Path(path), to_data(answers, framework), HEADER, keep=["retired"], log="checkins")


def today() -> dt.date:
    return dt.date.today()


def dated(answers: Answers, on: dt.date | None = None) -> Answers:
    """``answers`` with ``created`` (first time) and ``updated`` dates set."""
    on = on or today()
    details = dict(answers.details)
    details.setdefault("created", on)
    details["updated"] = on
    return replace(answers, details=details)


def default_plan_path(answers_path: Path, extension: str) -> Path:
    """``team.answers.yml`` → ``team.plan.md`` beside it."""
    name = answers_path.name
    stem = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else answers_path.stem
    return answers_path.with_name(f"{stem}.plan.{extension}")
