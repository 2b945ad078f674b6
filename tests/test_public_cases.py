"""Issue 28's first done-when: two public programmes entered with every source cited and every
assumption marked, without typing ids or markers into free text.

The two examples re-enter real, public programmes from their published sources
(docs/sources-and-assumptions.md, "Two public programmes"): first contact physiotherapy (a
coverage programme with a national evaluation) and Community Health and Wellbeing Workers (a
cohort programme with an evaluation paper and network blogs).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from spreadkit.answers.evidence import Assumption
from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.core.formats import PlanFormat
from spreadkit.framework.model import Framework
from spreadkit.plan.figures.scoring import run_checks
from spreadkit.plan.output.render import render_plan

from .conftest import EXAMPLES

FCP = EXAMPLES / "public-fcp-coverage.answers.yml"
CHWW = EXAMPLES / "public-chww-cohort.answers.yml"
PUBLIC = pytest.mark.parametrize("path", [FCP, CHWW], ids=["fcp-coverage", "chww-cohort"])

# What a person once typed into free text because the tool had nowhere else for it
TYPED_MARKERS = re.compile(
    r"\(S\d+[^)]*\)|\[S\d+[^\]]*\]|\[\s*assumed\s*\]|\(\s*assumed\s*\)|†|~\s*$", re.I | re.M
)


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


@PUBLIC
def test_the_public_examples_validate_clean(cli, path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("validate", str(path))
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output.lower(), result.output


@PUBLIC
def test_every_source_is_cited_and_every_assumption_says_why(
    framework: Framework, path: Path
) -> None:
    answers = read_answers(path, framework)
    cited = {i for ids in answers.citations.values() for i in ids}
    assert cited == {s.id for s in answers.sources}
    assert len(answers.sources) >= 5 and all(s.title and s.author for s in answers.sources)
    assert {s.kind for s in answers.sources} >= {"evaluation"}
    assert answers.assumptions
    assert all(a.note and a.confirm for a in answers.assumptions.values())


@PUBLIC
def test_no_id_or_marker_is_typed_into_free_text(framework: Framework, path: Path) -> None:
    answers = read_answers(path, framework)
    ids = [s.id for s in answers.sources]
    texts = [
        *_texts(answers.values),
        *_texts(dict(answers.details)),
        *(a.note for a in answers.assumptions.values()),
    ]
    found = [t for t in texts if TYPED_MARKERS.search(t) or any(f"({i})" in t for i in ids)]
    assert not found


def test_the_two_kinds_of_programme_have_the_sources_the_issue_names(framework: Framework) -> None:
    """A cohort programme with an evaluation paper and network blogs; a coverage programme with
    a national evaluation."""
    cohort = read_answers(CHWW, framework)
    assert [s.kind for s in cohort.sources].count("evaluation") >= 1
    assert [s.kind for s in cohort.sources].count("news") >= 3
    assert any("BMC Primary Care" in s.author for s in cohort.sources if s.kind == "evaluation")
    coverage = read_answers(FCP, framework)
    assert any("National Evaluation" in s.title for s in coverage.sources)
    assert coverage.get("implement", "evaluation_framework") == "other"
    assert coverage.get("implement", "evaluation_approach")
    criteria = coverage.get("implement", "success_criteria")
    assert len(criteria) == 6 and all(c.get("measure") for c in criteria)
    plan = render_plan(framework, cohort, PlanFormat.MARKDOWN)
    assert "News or blog post." in plan  # the kind, in the list of sources


def test_the_marker_check_would_catch_what_people_typed() -> None:
    """The check above is not vacuous: the old workarounds match it."""
    for typed in ("fell by a fifth (S4)", "16 posts [assumed]", "see [S1, S2]", "£40,000 ~"):
        assert TYPED_MARKERS.search(typed), typed
    assert not TYPED_MARKERS.search("patients (about 500 households) [see the appendix]")


@PUBLIC
def test_the_plan_checks_find_no_evidence_without_a_source(
    framework: Framework, path: Path
) -> None:
    checks = {c.id: c for c in run_checks(framework, read_answers(path, framework))}
    assert not checks["evidence-without-source"].flagged
    assert not checks["key-figure-assumed"].flagged  # each assumed key figure names who confirms


@PUBLIC
@pytest.mark.parametrize("plan_format", [PlanFormat.MARKDOWN, PlanFormat.HTML])
def test_the_board_plan_cites_them(framework: Framework, path: Path, plan_format) -> None:  # type: ignore[no-untyped-def]
    answers = read_answers(path, framework)
    text = render_plan(framework, answers, plan_format)
    _cites_and_marks(answers, text if plan_format is PlanFormat.MARKDOWN else _html_text(text))


def test_the_word_board_plan_cites_them(cli, framework: Framework, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    docx = pytest.importorskip("docx")
    target = tmp_path / "plan.docx"
    result = cli("render", str(CHWW), "--output", str(target))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(target))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join([*(p.text for p in document.paragraphs), *cells])
    _cites_and_marks(read_answers(CHWW, framework), text)


def _html_text(html: str) -> str:
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.out = io.StringIO()

        def handle_data(self, data: str) -> None:
            self.out.write(data)

    parser = Text()
    parser.feed(html)
    return parser.out.getvalue()


def _cites_and_marks(answers: Answers, text: str) -> None:
    flat = " ".join(text.replace("\\[", "[").replace("\\]", "]").split())
    for number, source in enumerate(answers.sources, start=1):
        assert f"[{number}] {' '.join(source.title.split())}" in flat, source.title
    assert "†" in flat and "assumed" in flat  # the mark, and the legend that explains it
    # a cited figure: the aim's target carries its source's number
    target = answers.get("analyse", "aim_target")
    cited = [
        str(n)
        for n, s in enumerate(answers.sources, start=1)
        if s.id in answers.citations.get("analyse.aim_target", ())
    ]
    if cited:
        assert f"{target['value']} {target['unit']} [{', '.join(cited)}]" in flat


# -- entering them: the interview, with nothing typed into free text but an ending ----------------


def _stripped(tmp_path: Path, path: Path, *drop: tuple[str, str]) -> Path:
    """The example's first two steps, without sources, citations and assumptions (and without
    ``drop``): a smaller file, so the many saves of an interview stay quick."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("sources", "citations", "assumptions"):
        data.pop(key)
    data["answers"] = {k: data["answers"][k] for k in ("analyse", "message")}
    data["completed"] = ["analyse", "message"]
    for step, question in drop:
        del data["answers"][step][question]
    target = tmp_path / "team.answers.yml"
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def test_the_fcp_case_is_entered_through_the_interview(
    tmp_path: Path, framework: Framework
) -> None:
    """Sources added in the step's review, an answer cited there, an assumed figure marked with
    an ending, and a later answer citing two sources by an ending: no id typed into an answer."""
    from spreadkit.app.planning import PlanOptions, run_plan

    from .scripted import ScriptedPrompter, terminal_env

    def _run(prompter: ScriptedPrompter, step: str) -> None:  # one plan format: kept quick
        options = PlanOptions(path, None, (PlanFormat.MARKDOWN,), (step,))
        run_plan(terminal_env(), options, lambda: prompter)

    public = read_answers(FCP, framework)
    s1, s4 = public.sources[0], public.sources[3]
    path = _stripped(tmp_path, FCP, ("analyse", "evidence"), ("analyse", "aim_baseline"))
    evidence = public.get("analyse", "evidence").strip()
    first = ScriptedPrompter(
        [
            ("What evidence shows that it worked?", evidence),
            ("Where are you starting from", "1 ~"),
            ("Happy with these answers?", "sources"),
            ("Which answer rests on", "evidence"),
            ("assumed rather than known?", False),
            ("Which sources does it rest on?", ["+new"]),
            ("S1: its title", s1.title),
            ("Who wrote or published it", s1.author),
            ("Its year", ""),
            ("A link to it", ""),
            ("What kind of source", "evaluation"),
            ("Which answer rests on", "evidence"),
            ("assumed rather than known?", False),
            ("Which sources does it rest on?", ["S1", "+new"]),
            ("S2: its title", s4.title),
            ("Who wrote or published it", s4.author),
            ("Its year", ""),
            ("A link to it", s4.link),
            ("What kind of source", "policy"),
            ("Which answer rests on", "aim_baseline"),
            ("assumed rather than known?", True),
            ("What does it rest on?", public.assumptions["analyse.aim_baseline"].note),
            ("Who should confirm it?", "The adopting system's primary care lead"),
            ("Which sources does it rest on?", []),
            ("Which answer rests on", "+back"),
            ("Happy with these answers?", "continue"),
        ]
    )
    _run(first, "analyse")
    hooks = public.get("message", "hooks_detail").strip()
    second = ScriptedPrompter(
        [(_prompt(framework, "message", "hooks_detail"), f"{hooks} [S1, S2]")]
    )
    _run(second, "message")

    answers = read_answers(path, framework)
    assert [(s.id, s.title, s.kind) for s in answers.sources] == [
        ("S1", s1.title, "evaluation"),
        ("S2", s4.title, "policy"),
    ]
    assert answers.sources[1].link == s4.link
    assert answers.get("analyse", "evidence").strip() == evidence
    assert answers.citations["analyse.evidence"] == ("S1", "S2")
    assert answers.get("analyse", "aim_baseline") == 1
    assert answers.assumptions["analyse.aim_baseline"] == Assumption(
        public.assumptions["analyse.aim_baseline"].note, "The adopting system's primary care lead"
    )
    assert answers.get("message", "hooks_detail").strip() == hooks
    assert answers.citations["message.hooks_detail"] == ("S1", "S2")
    texts = list(_texts(answers.values))
    assert not [t for t in texts if TYPED_MARKERS.search(t)]


def _prompt(framework: Framework, step: str, question_id: str) -> str:
    section = framework.section(step)
    assert section is not None
    question = section.question(question_id)
    assert question is not None
    return question.prompt


def test_a_real_prompt_takes_endings_on_key_figures_and_the_review_marks_a_budget_line(
    tmp_path: Path, framework: Framework
) -> None:
    """Through questionary on a pipe, keys as a person presses them: the aim's target (a number
    and a unit) cited by typing `` [S2]`` after it, the cost after the programme (money) marked
    as assumed by `` ~``, and a budget line's amount marked in the step's review."""
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from spreadkit.answers.progress import is_asked
    from spreadkit.core.environment import Environment
    from spreadkit.framework import values
    from spreadkit.interview import evidence_questions
    from spreadkit.interview.prompter import QuestionaryPrompter
    from spreadkit.interview.walker import Interview

    data = yaml.safe_load(CHWW.read_text(encoding="utf-8"))
    data.pop("citations"), data.pop("assumptions")
    path = tmp_path / "team.answers.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    start = read_answers(path, framework)
    env = Environment(
        stdin=io.StringIO(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin_isatty=True,
        stdout_isatty=True,
    )
    down, enter = "\x1b[B", "\r"
    analyse, sustain, implement = (
        framework.section(s) for s in ("analyse", "sustain", "implement")
    )
    assert analyse and sustain and implement
    listed = [
        q.id
        for q in implement.questions
        if is_asked(start, implement, q) and not values.is_blank(start.get("implement", q.id))
    ]
    budget = implement.question("budget")
    assert budget is not None
    amount = 1 + [f.id for f in budget.fields].index("amount")  # after "The whole budget line"
    saved: list[Answers] = []
    with create_pipe_input() as pipe:
        interview = Interview(
            framework,
            start,
            QuestionaryPrompter(input=pipe, output=DummyOutput()),
            env,
            saved.append,
        )
        pipe.send_text(" [S2]" + enter + enter)  # the target's number, then keep its unit
        interview.ask_question(analyse, analyse.question("aim_target"))  # type: ignore[arg-type]
        pipe.send_text(" ~" + enter)
        interview.ask_question(sustain, sustain.question("cost_after"))  # type: ignore[arg-type]
        pipe.send_text(
            down * listed.index("budget")
            + enter  # which answer: the budget
            + enter  # which budget line: the first
            + down * amount
            + enter  # which part of it: the amount
            + "y"  # assumed
            + "Invented for this re-entry"
            + enter
            + "Finance lead"
            + enter
            + enter  # which sources: none
            + down * len(listed)
            + enter  # Done
        )
        evidence_questions.review(interview, implement)
    answers = interview.answers
    assert saved and saved[-1] == answers
    assert answers.get("analyse", "aim_target") == {"value": 55, "unit": "workers"}
    assert answers.citations["analyse.aim_target"] == ("S2",)
    assert answers.get("sustain", "cost_after") == 760000
    assert answers.assumptions["sustain.cost_after"] == Assumption()
    assert answers.assumptions["implement.budget[CHWW posts, cohort 2].amount"] == Assumption(
        "Invented for this re-entry", "Finance lead"
    )


# -- the highlight report -------------------------------------------------------------------------


@pytest.mark.parametrize("report_format", ["md", "html", "docx"])
def test_the_highlight_report_marks_its_figures_and_lists_what_they_cite(
    cli,  # type: ignore[no-untyped-def]
    framework: Framework,
    tmp_path: Path,
    report_format: str,
) -> None:
    """Its aim's target cites the PenARC page [2], its baseline the Cornwall paper [1], its
    target date and the decision's amount are assumed (†); only those two sources are listed."""
    target = tmp_path / f"report.{report_format}"
    result = cli("report", str(CHWW), "--output", str(target))
    assert result.exit_code == 0, result.output
    if report_format == "docx":
        docx = pytest.importorskip("docx")
        text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    else:
        text = target.read_text(encoding="utf-8")
        text = _html_text(text) if report_format == "html" else text
    flat = " ".join(text.replace("\\[", "[").replace("\\]", "]").split())
    assert "target 55 [2] by 31 March 2025 † (baseline 0 workers [1])" in flat
    assert "(£1,140,000 †)" in flat
    answers = read_answers(CHWW, framework)
    assert f"[1] {answers.sources[0].title}" in flat and f"[2] {answers.sources[1].title}" in flat
    assert "[3]" not in flat  # one page: only what the report's figures cite
    assert "Sources, numbered as in the board plan († marks an assumed figure): [1]" in flat


def test_a_report_with_nothing_marked_has_no_small_print(framework: Framework) -> None:
    from spreadkit.plan.views import report, report_sources

    answers = read_answers(CHWW, framework)
    plain = answers
    for path in list(answers.citations):
        plain = plain.with_citations(path, ())
    for path in list(answers.assumptions):
        plain = plain.with_assumption(path, None)
    assert report.build(framework, plain).small_print == ()
    (said,) = report.build(framework, answers).small_print
    assert (
        said.startswith("Sources, numbered as in the board plan")
        and len(said) <= report_sources.WIDTH
    )
