"""Content roles: which question plays which part in a spread programme.

The board plan, the report, the portfolio, the tracker and the check-in need to find certain
answers: the aim and its target, the sites, the phases, the actions, the risks, the budget, the
measures, who governs. The content says which question each is with ``role:`` on the question
(``role: budget``), so a pack may rename a question or move it to another step and every
document still finds it. Code asks for a role (:func:`question`, :func:`ids`), never a literal
``("section", "question")`` pair.

Every role in :data:`ROLES` is needed by some document, so content that marks roles (the
built-in framework and every pack built on it) must give each one to exactly one question, of
the kind the documents read; a pack that does not is refused when it loads, with the file and
line to fix (see docs/content-authoring.md, "Roles"). Content that marks no role at all is a
framework of its own, not a spread programme: its workbook is complete, and the programme's
documents show only the steps' own answers.
"""

from __future__ import annotations

from spreadkit.core.errors import Problem
from spreadkit.core.records import dataclass
from spreadkit.framework.kept import PerFramework
from spreadkit.framework.model import Framework, Question, QuestionType, Section

_WRITTEN = (QuestionType.TEXT, QuestionType.MULTILINE)


@dataclass(frozen=True)
class RoleSpec:
    """A role: what it is, the kinds of question that can play it, and what needs it."""

    name: str
    what: str
    types: tuple[QuestionType, ...]
    needed_by: str


def _spec(
    name: str, what: str, types: QuestionType | tuple[QuestionType, ...], by: str
) -> RoleSpec:
    return RoleSpec(name, what, types if isinstance(types, tuple) else (types,), by)


_T = QuestionType
_BOARD = "the board plan"
_ALL = "the board plan, the report, the portfolio and the check-in"
_STATUS = "the status rule (the report, status, the portfolio and the board plan)"
_REPORTED = "the board plan and report"
ROLES: dict[str, RoleSpec] = {
    spec.name: spec
    for spec in (
        # the aim (step 1)
        _spec("aim", "the aim, in a sentence", _WRITTEN, _ALL),
        _spec("aim_target", "the aim's target and unit", _T.QUANTITY, _ALL),
        _spec("aim_baseline", "where the aim's measure starts", _T.NUMBER, "the report and trends"),
        _spec("aim_baseline_date", "when the baseline was taken", _T.DATE, "trends and glance"),
        _spec("aim_by", "the date the aim is due", _T.DATE, _ALL),
        _spec("aim_counted", "how progress to the aim is counted", _T.CHOICE, _ALL),
        _spec("aim_measure", "the measure that counts progress", _WRITTEN, _ALL),
        _spec("potential_adopters", "how many could adopt in all", _T.NUMBER, "the tipping point"),
        _spec("problem", "the problem the spread addresses", _WRITTEN, _BOARD),
        _spec("evidence", "the evidence the innovation works", _WRITTEN, _BOARD),
        _spec("evidence_strength", "how strong that evidence is", _T.CHOICE, _BOARD),
        _spec("evidence_gap", "what the evidence does not show", _WRITTEN, _BOARD),
        _spec("equality_impact", "the effect on health inequalities", _WRITTEN, _BOARD),
        _spec("equality_groups", "the groups most affected", _T.MULTICHOICE, _BOARD),
        _spec("benefits_message", "the benefits, as the message says them", _WRITTEN, _BOARD),
        _spec("scope_in", "what the spread covers", _WRITTEN, _BOARD),
        _spec("reach", "who the spread reaches", _WRITTEN, _BOARD),
        # the message (step 2)
        _spec("hooks", "what will make people want it", _T.MULTICHOICE, _BOARD),
        _spec("complexity", "how simple the innovation is to adopt", _T.CHOICE, _BOARD),
        _spec("message_approach", "how the message will spread", _T.CHOICE, _BOARD),
        # readiness (step 3)
        _spec(
            "sites", "the sites, each with its status", _T.GROUP, "every document and the tracker"
        ),
        _spec(
            "phases", "the phases, each with its dates", _T.GROUP, "every document and the tracker"
        ),
        _spec("spread_approach", "how the spread will roll out", _T.CHOICE, _BOARD),
        _spec("essentials", "what must be in place first", _WRITTEN, _BOARD),
        _spec("readiness_actions", "what will make sites ready", _WRITTEN, _BOARD),
        _spec("senior_sponsor", "the senior sponsor", _WRITTEN, _BOARD),
        _spec("clinical_lead", "the clinical lead", _WRITTEN, _BOARD),
        # implementation (step 4)
        _spec("start_date", "when the programme starts", _T.DATE, _BOARD),
        _spec("end_date", "when the programme ends", _T.DATE, _BOARD),
        _spec("team", "the programme team", _T.GROUP, _BOARD),
        _spec("actions", "the actions, each with its owner and due date", _T.GROUP, _ALL),
        _spec("measures", "the measures, each with its target", _T.GROUP, _ALL),
        _spec("evaluation_framework", "how the programme is evaluated", _T.CHOICE, _BOARD),
        _spec("evaluation_approach", "the evaluation approach, when named", _WRITTEN, _BOARD),
        _spec("evaluator", "who evaluates the programme", _WRITTEN, _BOARD),
        _spec("success_criteria", "the success criteria", _T.GROUP, _BOARD),
        _spec("evaluation_reports", "when evaluation reports are due", _T.GROUP, _BOARD),
        _spec("rapid_tests", "whether changes are tested in small cycles", _T.YESNO, _BOARD),
        _spec("support_offer", "the support offered to sites", _T.MULTICHOICE, _BOARD),
        _spec("risks", "the risks, each rated", _T.GROUP, _ALL),
        _spec("budget", "the budget lines", _T.GROUP, "the board plan and the tracker"),
        _spec("sro", "the senior responsible owner", _WRITTEN, _BOARD),
        _spec("board", "the board the programme reports to", _WRITTEN, "the board plan and report"),
        _spec("board_frequency", "how often the board meets", _T.CHOICE, _BOARD),
        _spec("board_decides", "what the board decides", _WRITTEN, _BOARD),
        _spec("escalation", "how problems are escalated", _WRITTEN, _BOARD),
        _spec("tolerance_time", "the days the target date may pass", _T.NUMBER, _STATUS),
        _spec("tolerance_cost", "the per cent spending may go over", _T.NUMBER, _STATUS),
        _spec("tolerance_scope", "the per cent progress may fall short", _T.NUMBER, _STATUS),
        _spec("escalation_score", "the risk score that escalates", _T.NUMBER, _STATUS),
        # sustaining (step 5)
        _spec("monitoring", "how results are monitored", _WRITTEN, _BOARD),
        _spec("review_frequency", "how often results are reviewed", _T.CHOICE, _BOARD),
        _spec("impact_aims", "the impact aimed for", _T.MULTICHOICE, _BOARD),
        _spec("impact_outcomes", "the outcomes measured", _WRITTEN, _BOARD),
        _spec("celebrate", "how success is celebrated", _T.MULTICHOICE, _BOARD),
        _spec("business_as_usual", "how it becomes business as usual", _WRITTEN, _BOARD),
        _spec(
            "sustainability",
            "the sustainability ratings",
            _T.RATINGS,
            "the board plan and check-in",
        ),
        _spec("funding_end", "what happens when funding ends", _WRITTEN, _BOARD),
        _spec("cost_after", "what it costs a year after the programme", _T.MONEY, _BOARD),
        _spec("cost_after_payer", "who pays after the programme", _WRITTEN, _BOARD),
        _spec("benefits", "the benefits, each with its measure and owner", _T.GROUP, _BOARD),
        # the decision for the board (issue 27)
        _spec("decision", "the decision the board is asked for", _WRITTEN, _REPORTED),
        _spec("decision_amount", "the money the decision commits", _T.MONEY, _REPORTED),
        _spec("decision_stage", "the stage the decision covers", _WRITTEN, _BOARD),
        _spec("decision_by", "the date the decision is needed by", _T.DATE, _REPORTED),
        _spec("options", "the options considered, doing nothing among them", _T.GROUP, _REPORTED),
        _spec("recommended", "the option recommended", _T.REF, _REPORTED),
        _spec("recommendation", "why that option", _WRITTEN, _BOARD),
        _spec("dependencies", "what the programme depends on", _T.GROUP, _BOARD),
        _spec("pence", "whether amounts show pence", _T.YESNO, _REPORTED),
    )
}


_Places = dict[str, tuple[Section, Question]]


def _work_out(framework: Framework) -> tuple[_Places, dict[str, tuple[str, str]]]:
    """Where each role of this content is, and its ids."""
    places: _Places = {}
    for section in framework.sections:
        for question in section.questions:
            if question.role:
                places.setdefault(question.role, (section, question))
    return places, {role: (place[0].id, place[1].id) for role, place in places.items()}


# Each framework's roles, found on the first question (a framework is frozen: what plays a
# role never changes).
_found = PerFramework(_work_out)


def find(framework: Framework, role: str) -> tuple[Section, Question] | None:
    """The section and question that play ``role`` in this content, if one does (the first)."""
    assert role in ROLES, f"unknown role {role!r}"  # a typo in code is a bug, not a user mistake
    return _found(framework)[0].get(role)


def question(framework: Framework, role: str) -> Question | None:
    """The question that plays ``role`` (None only in content that was never checked)."""
    found = find(framework, role)
    return found[1] if found else None


def ids(framework: Framework, role: str) -> tuple[str, str]:
    """``(section id, question id)`` of the question that plays ``role``, for reading answers.

    Content that lacks the role was refused when it loaded; an unchecked framework gets a pair
    that names no question, so its answer reads as blank.
    """
    assert role in ROLES, f"unknown role {role!r}"
    found = _found(framework)[1].get(role)
    return found if found is not None else ("", f"<no {role}>")


def problems(framework: Framework, where: str, line: int | None) -> list[Problem]:
    """What is wrong with the content's roles: one given twice, to the wrong kind of question, or
    missing (when the content marks any). ``where``/``line`` point to the framework file, for a
    role no question has."""
    found: dict[str, list[tuple[Section, Question]]] = {}
    out: list[Problem] = []
    for section in framework.sections:
        for q in section.questions:
            if q.role:
                found.setdefault(q.role, []).append((section, q))
    if not found:
        return []  # a framework of its own, with no programme documents to fill
    for name, spec in ROLES.items():
        players = found.get(name, [])
        if not players:
            out.append(
                Problem(
                    f"no question has the role '{name}' ({spec.what}), which {spec.needed_by}"
                    f" {'needs' if ' and ' not in spec.needed_by else 'need'}",
                    where,
                    line,
                    "steps",
                    f"add 'role: {name}' to the question that holds {spec.what}",
                )
            )
            continue
        for section, q in players[1:]:
            first = players[0]
            out.append(
                Problem(
                    f"the role '{name}' is given to '{first[0].id}.{first[1].id}' and to"
                    f" '{section.id}.{q.id}'; a role belongs to one question",
                    q.where.file,
                    q.where.line,
                    "role",
                )
            )
        section, q = players[0]
        if q.type not in spec.types:
            kinds = " or ".join(t.value for t in spec.types)
            out.append(
                Problem(
                    f"the role '{name}' needs a {kinds} question; '{section.id}.{q.id}' is"
                    f" {q.type.value}",
                    q.where.file,
                    q.where.line,
                    "role",
                )
            )
    return out


def unknown(name: str) -> tuple[str, str]:
    """The message and hint for a ``role:`` that names no role."""
    import difflib  # only for a mistake

    close = difflib.get_close_matches(name, list(ROLES), n=1, cutoff=0.6)
    hint = (
        f"did you mean '{close[0]}'?"
        if close
        else "the roles are listed in docs/content-authoring.md"
    )
    return f"no role '{name}'", hint
