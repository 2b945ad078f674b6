"""Sources and assumptions given with a check-in as options: ``--cite PATH=S1,S2`` (what the
answer at PATH rests on; ``--cite PATH=`` cites nothing) and ``--assume PATH`` or
``--assume PATH=NOTE`` (the answer is assumed, and what the assumption rests on).

They are checked against the answers as the check-in leaves them (so a record added or renamed
by the same check-in's ``--set`` can be named): a path that names no answer, or an id that names
no source of the plan, is refused with a "did you mean". They are kept beside the answers
(``answers.evidence``), not as the check-in's changes: the history records answers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import field

from spreadkit.answers.checkins import BadPath, parse_path
from spreadkit.answers.evidence import Assumption, path_label
from spreadkit.answers.evidence_check import path_problems
from spreadkit.answers.store import Answers
from spreadkit.answers.updates import split_assignment
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError, did_you_mean
from spreadkit.core.records import dataclass
from spreadkit.framework.model import Framework

_IDS = re.compile(r"[,\s]+")


@dataclass(frozen=True)
class EvidenceUpdates:
    """Path → the ids it now cites (none: nothing), path → its assumption, and each in words."""

    cited: dict[str, tuple[str, ...]] = field(default_factory=dict)
    assumed: dict[str, Assumption] = field(default_factory=dict)
    lines: tuple[str, ...] = ()

    def apply(self, answers: Answers) -> Answers:
        for path, ids in self.cited.items():
            answers = answers.with_citations(path, ids)
        for path, assumption in self.assumed.items():
            answers = answers.with_assumption(path, assumption)
        return answers


def typed_evidence(
    framework: Framework, answers: Answers, cites: Sequence[str], assumes: Sequence[str]
) -> EvidenceUpdates:
    """The ``--cite`` and ``--assume`` options, checked against ``answers``; every mistake
    reported at once."""
    problems: list[Problem] = []
    ids = [s.id for s in answers.sources]
    cited: dict[str, tuple[str, ...]] = {}
    assumed: dict[str, Assumption] = {}
    lines: list[str] = []

    def place(option: str, path: str) -> bool:
        try:
            parse_path(path)
        except BadPath as exc:
            problems.append(Problem(str(exc), option, key_path=path))
            return False
        for message, hint in path_problems(framework, answers.values, path):
            problems.append(Problem(message, option, key_path=path, hint=hint))
            return False
        return True

    for given in cites:
        try:
            path, listed = split_assignment(given, "--cite")
        except SpreadkitError as exc:
            problems.extend(exc.problems)
            continue
        if not place("--cite", path):
            continue
        now = tuple(dict.fromkeys(i for i in _IDS.split(listed) if i))
        unknown = [i for i in now if i not in ids]
        for source_id in unknown:
            problems.append(
                Problem(
                    f"no source '{source_id}' in this plan",
                    "--cite",
                    key_path=path,
                    hint=did_you_mean(source_id, ids)
                    or (
                        f"the plan's sources are: {', '.join(ids)}"
                        if ids
                        else "add it under sources: in the answers file, or in the interview"
                    ),
                )
            )
        if unknown:
            continue
        cited[path] = now
        label = path_label(framework, path)
        lines.append(f"{label}: now cites {', '.join(now)}" if now else f"{label}: cites nothing")
    for given in assumes:
        path, equals, note = _split(given)
        path = path.strip()
        if not place("--assume", path):
            continue
        known = answers.assumptions.get(path) or Assumption()
        assumed[path] = Assumption(note.strip() if equals else known.note, known.confirm)
        lines.append(f"{path_label(framework, path)}: now marked as assumed")
    if problems:
        raise SpreadkitError(problems, ExitStatus.USAGE)
    return EvidenceUpdates(cited, assumed, tuple(lines))


def _split(given: str) -> tuple[str, str, str]:
    """``PATH=NOTE`` split after any ``[record name]`` (which may hold ``=``)."""
    key = given.partition("=")[0]  # a record's name may hold =; never ]
    after = given.find("]", given.find("[")) + 1 if "[" in key else 0
    equals = given.find("=", after)
    if equals < 0:
        return given, "", ""
    return given[:equals], "=", given[equals + 1 :]
