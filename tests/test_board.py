"""The board plan: prose from the content's phrases, a board's order, one list of what is undecided,
the plan's status and version, and both documents from one answers file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.core.errors import SpreadkitError
from spreadkit.core.formats import DocumentKind, PlanFormat
from spreadkit.framework import boardwords
from spreadkit.framework.content import load_framework
from spreadkit.framework.model import Field, Framework, QuestionType
from spreadkit.plan.output.render import render_plan
from spreadkit.plan.views import board

from .conftest import EXAMPLE_ANSWERS, NORTHFIELD

CHOOSING = (QuestionType.CHOICE, QuestionType.MULTICHOICE)


def _fields(framework: Framework) -> list[tuple[str, Field]]:
    """Every question and every field of a group, with where it is."""
    out: list[tuple[str, Field]] = []
    for section in framework.sections:
        for question in section.questions:
            out.append((f"{section.id}.{question.id}", question))
            out.extend((f"{section.id}.{question.id}.{f.id}", f) for f in question.fields)
    return out


def test_every_choice_in_the_built_in_content_has_a_phrase(framework: Framework) -> None:
    missing = [
        f"{where}: {choice.value}"
        for where, field in _fields(framework)
        for choice in field.choices
        if not choice.phrase.strip()
    ]
    assert not missing, f"choices with no phrase: {missing}"
    no_words = [
        where
        for where, field in _fields(framework)
        if field.type is QuestionType.YESNO and not (field.phrase_yes and field.phrase_no)
    ]
    assert not no_words, f"yes/no questions with no phrase_yes and phrase_no: {no_words}"


def _board_questions(framework: Framework) -> list[tuple[str, str]]:
    """The choice questions the board plan says in a sentence: those with a sentence frame."""
    return [
        (section.id, q.id)
        for section in framework.sections
        for q in section.questions
        if q.type in CHOOSING and q.sentence
    ]


def test_the_board_plan_says_every_choice_in_its_phrase(framework: Framework) -> None:
    answers = read_answers(NORTHFIELD, framework)
    asked = _board_questions(framework)
    assert len(asked) >= 10
    widest = max(len(framework.section(s).question(q).choices) for s, q in asked)  # type: ignore[union-attr]
    for index in range(widest):
        chosen = answers
        expected = []
        for section_id, question_id in asked:
            question = framework.section(section_id).question(question_id)  # type: ignore[union-attr]
            assert question is not None and "{answer}" in question.sentence
            choice = question.choices[index % len(question.choices)]
            value = [choice.value] if question.type is QuestionType.MULTICHOICE else choice.value
            chosen = chosen.with_value(section_id, question_id, value)
            expected.append(boardwords.in_words(question, value))
        text = render_plan(framework, chosen, PlanFormat.MARKDOWN)
        for sentence in expected:
            assert sentence in text
    # A multichoice reads as a list in a sentence; a yes/no question as one of its two sentences.
    hooks = framework.section("message").question("hooks")  # type: ignore[union-attr]
    assert hooks is not None
    every = [c.value for c in hooks.choices]
    text = render_plan(
        framework, answers.with_value("message", "hooks", every), PlanFormat.MARKDOWN
    )
    phrases = [c.phrase for c in hooks.choices]
    assert f"{', '.join(phrases[:-1])} and {phrases[-1]}." in text
    rapid = framework.section("implement").question("rapid_tests")  # type: ignore[union-attr]
    assert rapid is not None
    for value, said in ((True, rapid.phrase_yes), (False, rapid.phrase_no)):
        plan = render_plan(
            framework, answers.with_value("implement", "rapid_tests", value), PlanFormat.HTML
        )
        assert f"{said}</p>" in plan or f"{said} " in plan


def test_the_board_plan_reads_as_sentences_not_questions(framework: Framework) -> None:
    text = render_plan(framework, read_answers(EXAMPLE_ANSWERS, framework), PlanFormat.MARKDOWN)
    assert "Approach:" not in text and "A balance of both" not in text
    assert "Not answered yet" not in text
    # The framework's guidance stays in the workbook; a short credit line stays here.
    workbook = render_plan(
        framework,
        read_answers(EXAMPLE_ANSWERS, framework),
        PlanFormat.MARKDOWN,
        document=DocumentKind.WORKBOOK,
    )
    for step in framework.steps:
        assert step.quote.text in workbook and step.quote.text not in text
        assert all(tool.purpose not in text for tool in step.tools)
    assert "Tools to use next" in workbook and "Tools to use next" not in text
    assert boardwords.words(framework)["credit"] in text
    # The framework's scores and their jargon stay in the workbook (issue 27).
    assert "Rogers' attributes" not in text and "Rogers' attributes" in workbook
    assert "Trialability" not in text


def test_the_board_plan_follows_a_boards_order(framework: Framework) -> None:
    words = boardwords.words(framework)
    # the examples cite sources: the list of sources comes last, as a paper's references do
    keys = ["decision", "case", "delivery", "money", "risks", "measures", "governance", "sources"]
    for source in (EXAMPLE_ANSWERS, NORTHFIELD):
        text = render_plan(framework, read_answers(source, framework), PlanFormat.MARKDOWN)
        headings = re.findall(r"(?m)^## (.+)$", text)
        expected = [f"{n}. {words['heading_' + key]}" for n, key in enumerate(keys, start=1)]
        assert headings == [*expected, words["heading_undecided"]]
        assert len(re.findall(r"(?m)^# ", text)) == 1
        subheadings = re.findall(r"(?m)^#{2,3} (.+)$", text)
        assert len(subheadings) == len(set(subheadings)), "no heading is repeated"


def test_what_is_unanswered_is_in_one_still_to_decide_list(framework: Framework) -> None:
    answers = read_answers(NORTHFIELD, framework)
    answers = answers.with_value("implement", "sro", None).with_value("implement", "budget", [])
    view = board.build(framework, answers)
    assert "Senior responsible owner" in view.undecided
    assert "Budget" in view.undecided
    text = render_plan(framework, answers, PlanFormat.MARKDOWN)
    undecided = text[text.index("## Still to decide") :]
    assert "- Senior responsible owner\n" in undecided
    assert text.count("Senior responsible owner") == 1
    # A plan with every part the board reads answered says so.
    empty = board.build(framework, Answers.empty(framework))
    assert len(empty.undecided) > 20 and empty.blocks[0].heading == "The decision asked for"
    assert "draft, for approval or approved" in empty.undecided[0]


def test_both_documents_render_from_the_same_answers(framework: Framework) -> None:
    answers = read_answers(NORTHFIELD, framework)
    answers = answers.with_detail("status", "approved").with_detail("version", "2.1")
    for plan_format in PlanFormat:
        board_plan = render_plan(framework, answers, plan_format)
        workbook = render_plan(framework, answers, plan_format, document=DocumentKind.WORKBOOK)
        assert board_plan != workbook
        for text in (board_plan, workbook):
            body = max(text.find("<body>"), 0)  # in the HTML, after the styles
            title = text.index("First-contact physiotherapy in every Northfield practice", body)
            near = text[title : title + 1500]
            assert "Approved" in near and "2.1" in near
        assert "At a glance" in workbook and "At a glance" not in board_plan
        assert "The board resolved:" in board_plan


def test_the_status_must_be_draft_for_approval_or_approved(
    framework: Framework, tmp_path: Path
) -> None:
    path = tmp_path / "team.answers.yml"
    path.write_text(
        "plan:\n  title: T\n  status: signed off\n  version: '0.1'\nanswers: {}\n",
        encoding="utf-8",
    )
    with pytest.raises(SpreadkitError) as caught:
        read_answers(path, framework)
    (problem,) = caught.value.problems
    assert problem.line == 3 and problem.file == str(path)
    assert "draft, for approval, approved" in problem.message and "'signed off'" in problem.message
    path.write_text("plan:\n  status: For-Approval\nanswers: {}\n", encoding="utf-8")
    assert read_answers(path, framework).details["status"] == "for approval"


def test_document_and_status_options(cli, tmp_path: Path) -> None:
    board_plan = cli("render", str(EXAMPLE_ANSWERS), "--set", "plan.status=approved")
    assert board_plan.exit_code == 0, board_plan.output
    assert "**Status:** Approved · version 0.3" in board_plan.stdout
    workbook = cli("render", str(EXAMPLE_ANSWERS), "--document", "workbook", "-f", "html")
    assert workbook.exit_code == 0 and "At a glance" in workbook.stdout
    assert '<th scope="row">Status</th><td>Draft</td>' in workbook.stdout
    wrong = cli("render", str(EXAMPLE_ANSWERS), "--set", "plan.status=done")
    assert wrong.exit_code == 1
    assert "--set: plan.status: the plan's status must be one of" in wrong.stderr
    assert cli("render", str(EXAMPLE_ANSWERS), "--document", "minutes").exit_code == 2
    answers = tmp_path / "team.answers.yml"
    answers.write_text(EXAMPLE_ANSWERS.read_text(encoding="utf-8"), encoding="utf-8")
    made = cli("plan", "--answers", str(answers), "--no-input", "--format", "md")
    assert made.exit_code == 0, made.output
    assert "## 1. The decision asked for" in (tmp_path / "team.plan.md").read_text(encoding="utf-8")


def test_a_pack_rewords_the_board_plan_and_mistakes_are_found(content_copy: Path) -> None:
    main = content_copy / "framework.yml"
    text = main.read_text(encoding="utf-8")
    main.write_text(text.replace("  heading_money: Money", "  heading_money: Funding"), "utf-8")
    framework = load_framework(content_copy)
    plan = render_plan(framework, read_answers(NORTHFIELD, framework), PlanFormat.MARKDOWN)
    assert "## 4. Funding" in plan
    main.write_text(text.replace("  heading_money: Money", "  heading_monye: Money"), "utf-8")
    step = content_copy / "step-02-message.yml"
    step.write_text(
        step.read_text(encoding="utf-8").replace(
            'sentence: "Word of it will spread {answer}."', 'sentence: "Word of it will spread."'
        ),
        encoding="utf-8",
    )
    with pytest.raises(SpreadkitError) as caught:
        load_framework(content_copy)
    messages = " ".join(f"{p.key_path} {p.message}" for p in caught.value.problems)
    assert "heading_monye" in messages
    assert "a sentence says where the answer goes: {answer}" in messages


@pytest.mark.parametrize(
    ("name", "said"),
    [
        (
            "First-contact physiotherapist (FCP) service",
            "first-contact physiotherapist (FCP) service",
        ),
        ("Assistant Psychological Practitioner role", "Assistant Psychological Practitioner role"),
        ("FCP service", "FCP service"),
        ("Physiotherapy.", "Physiotherapy"),
    ],
)
def test_a_name_inside_a_sentence_keeps_only_the_capitals_it_needs(name: str, said: str) -> None:
    assert boardwords.mid_sentence(name) == said


def test_a_frame_with_a_part_missing_is_left_out() -> None:
    frame = "{sro} is the senior responsible owner; the plan reports to {board}."
    parts = {"sro": "The director", "board": "the ICB board"}
    assert boardwords.fill(frame, parts).startswith("The director is the senior")
    assert boardwords.fill(frame, {**parts, "board": " "}) == ""
    assert boardwords.fill(frame, {"sro": "The director"}) == ""


def test_the_content_sets_every_board_word_it_can(framework: Framework) -> None:
    assert dict(framework.board) == boardwords.DEFAULTS
    assert load_framework() is not None


def test_a_teams_board_template_runs_in_the_sandbox(cli, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "board.md.j2").write_text(
        "{{ plan.title }}: {{ plan.status_line }}; {{ plan.blocks | length }} sections\n",
        encoding="utf-8",
    )
    result = cli("render", str(EXAMPLE_ANSWERS), "--template", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Spreading the Assistant Psychological Practitioner")
    assert ": Draft · version 0.3; 8 sections\n" in result.stdout
    (folder / "board.md.j2").write_text("{{ plan.__class__.__init__.__globals__ }}\n", "utf-8")
    refused = cli("render", str(EXAMPLE_ANSWERS), "--template", str(folder))
    assert refused.exit_code == 1 and "board.md.j2" in refused.stderr


def test_the_printed_board_plan_has_a_page_footer(framework: Framework) -> None:
    # The board plan is the one that goes to the board: printed, every page names the plan, its
    # version and date, and its page number, like the workbook's pages
    answers = read_answers(NORTHFIELD, framework).with_detail("version", "2.1")
    html = render_plan(framework, answers, PlanFormat.HTML)
    styles = html[: html.index("</style>")]
    footer = re.search(r"@bottom-left \{ content: (\"[^\"]*\");", styles)
    assert footer, "no page footer in the board plan's print styles"
    assert footer.group(1) == (
        '"First\\2d contact physiotherapy in every Northfield practice \\b7  version 2\\2e 1'
        ' \\b7  updated 15 July 2027"'
    )
    assert 'Page " counter(page) " of " counter(pages)' in styles
