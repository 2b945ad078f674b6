"""Templates only lay the plan out: numbers, dates, counts and names come from the view model,
and pictures take their colours from the stylesheet, so a team's own template can change either.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.core.errors import SpreadkitError
from spreadkit.core.formats import DocumentKind, PlanFormat
from spreadkit.framework import packs, values
from spreadkit.framework.content import BUILTIN_CONTENT, load_framework
from spreadkit.framework.model import Framework
from spreadkit.plan.output.render import render_plan, templates_dir
from spreadkit.plan.views import workbook

from .conftest import EXAMPLE_ANSWERS

TEMPLATES = Path(__file__).parents[1] / "templates"


@pytest.mark.parametrize(
    ("score", "shown"),
    [
        (12.0, "12"),
        (7.5, "7.5"),
        (3, "3"),
        (2.25, "2.2"),
        (0.0, "0"),
        (10.04, "10"),
        (100.0, "100"),
    ],
)
def test_scores_are_shown_with_at_most_one_decimal(score: float, shown: str) -> None:
    assert values.display_score(score) == shown


@pytest.mark.parametrize(("count", "words"), [(5, "five"), (6, "six"), (10, "ten"), (12, "12")])
def test_counts_in_words(count: int, words: str) -> None:
    assert values.count_words(count) == words


def test_the_view_model_formats_what_templates_show(framework: Framework) -> None:
    plan = workbook.build(framework, read_answers(EXAMPLE_ANSWERS, framework))
    rated = next(r for r in plan.assessments if r.kind == "score" and r.answered)
    assert rated.score_text == (
        f"{values.display_score(rated.total)} of {values.display_score(rated.maximum)}"
    )
    assert plan.next_actions
    for action in plan.next_actions:
        assert action.due_text == values.display_date(action.due)
    assert plan.step_count == len(framework.steps) and plan.step_count_words == "five"
    assert {check.step_name for check in plan.checks} <= {
        f"Step {step.number}" for step in framework.steps
    }


@pytest.mark.parametrize("name", ["plan.md.j2", "plan.html.j2"])
def test_templates_carry_no_formatting_logic(name: str) -> None:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    for logic in ("round(", "strftime", ".split(", "five steps", "replace("):
        assert logic not in text, f"{name} works out {logic!r} itself"


def _six_steps(tmp_path: Path) -> Path:
    """A framework of its own (a replace pack) with a sixth step."""
    content = tmp_path / "own"
    shutil.copytree(BUILTIN_CONTENT, content)
    (content / "pack.yml").write_text(
        "id: own\nversion: '1'\ntitle: Six steps\nmode: replace\n", encoding="utf-8"
    )
    sixth = (content / "step-05-sustain.yml").read_text(encoding="utf-8")
    sixth = sixth.replace("id: sustain\nnumber: 5", "id: review\nnumber: 6", 1)
    sixth = re.sub(r"\n +role: \w+", "", sixth)  # each role belongs to one question: step 5's
    (content / "step-06-review.yml").write_text(sixth, encoding="utf-8")
    main = content / "framework.yml"
    main.write_text(
        main.read_text(encoding="utf-8").replace(
            "  - step-05-sustain.yml\n", "  - step-05-sustain.yml\n  - step-06-review.yml\n"
        ),
        encoding="utf-8",
    )
    return content


@pytest.mark.parametrize("plan_format", [PlanFormat.MARKDOWN, PlanFormat.HTML])
def test_the_number_of_steps_comes_from_the_content(
    tmp_path: Path, plan_format: PlanFormat
) -> None:
    framework = packs.load(_six_steps(tmp_path))
    assert len(framework.steps) == 6
    text = render_plan(
        framework,
        read_answers(EXAMPLE_ANSWERS, framework),
        plan_format,
        document=DocumentKind.WORKBOOK,
    )
    assert "following the six steps of" in text
    assert "following the five steps" not in text  # (the credit line is content: it may say five)


def _svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.S)


def test_pictures_carry_no_colours_of_their_own(framework: Framework) -> None:
    html = render_plan(
        framework,
        read_answers(EXAMPLE_ANSWERS, framework),
        PlanFormat.HTML,
        document=DocumentKind.WORKBOOK,
    )
    pictures = _svgs(html)
    assert len(pictures) >= 4
    for svg in pictures:
        assert not re.search(r"#[0-9a-fA-F]{3,6}\b|\b(fill|stroke)=", svg), svg[:200]


def test_every_class_a_picture_uses_is_styled_in_plan_css(framework: Framework) -> None:
    html = render_plan(
        framework,
        read_answers(EXAMPLE_ANSWERS, framework),
        PlanFormat.HTML,
        document=DocumentKind.WORKBOOK,
    )
    used = {
        name
        for svg in _svgs(html)
        for names in re.findall(r'class="([^"]+)"', svg)
        for name in names.split()
    }
    css = (templates_dir() / "plan.css").read_text(encoding="utf-8")
    styled = set(re.findall(r"\.(chart[\w-]*)", css))
    assert used >= {"chart-text", "chart-track", "chart-cell", "chart-due"}
    assert used - {"chart"} <= styled


def test_a_teams_stylesheet_restyles_the_pictures(tmp_path: Path, framework: Framework) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "plan.css").write_text(
        "svg.chart .chart-green { fill: rebeccapurple; }\n", encoding="utf-8"
    )
    answers = read_answers(EXAMPLE_ANSWERS, framework)
    html = render_plan(
        framework, answers, PlanFormat.HTML, templates, document=DocumentKind.WORKBOOK
    )
    assert "svg.chart .chart-green { fill: rebeccapurple; }" in html
    assert 'class="chart-green"' in html
    assert "#007f3b" not in html  # the built-in stylesheet (and its green) is replaced


def test_dates_in_the_plan_read_as_the_values_module_writes_them(framework: Framework) -> None:
    plan = workbook.build(framework, read_answers(EXAMPLE_ANSWERS, framework))
    first = plan.next_actions[0]
    text = render_plan(
        framework,
        read_answers(EXAMPLE_ANSWERS, framework),
        PlanFormat.MARKDOWN,
        document=DocumentKind.WORKBOOK,
    )
    assert f"due {values.display_date(first.due)}" in text
    assert values.display_date(dt.date(2027, 3, 1)) == "1 March 2027"


@pytest.mark.parametrize("name", ["plan.md.j2", "plan.html.j2"])
def test_templates_carry_no_words_of_the_built_in_assessments(name: str) -> None:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    for words in ("Role", "Filled by", "adopters", "Targets", "Who", "roles filled", "team"):
        assert words not in text, f"{name} says {words!r}: that belongs in the content"


def _without_wording(tmp_path: Path) -> Path:
    """The built-in content as a framework of its own, with its assessments' words taken out."""
    content = tmp_path / "plain"
    shutil.copytree(BUILTIN_CONTENT, content)
    (content / "pack.yml").write_text(
        "id: plain\nversion: '1'\ntitle: Plain\nmode: replace\n", encoding="utf-8"
    )
    for name in ("step-03-ready.yml", "step-04-implement.yml"):
        path = content / name
        kept = [
            line
            for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
            if not line.lstrip().startswith(("columns:", "counted:", "empty:"))
        ]
        path.write_text("".join(kept), encoding="utf-8")
    return content


def test_generic_assessment_kinds_use_neutral_words_unless_the_content_gives_its_own(
    tmp_path: Path, framework: Framework
) -> None:
    answers = read_answers(EXAMPLE_ANSWERS, framework)
    built_in = render_plan(framework, answers, PlanFormat.MARKDOWN, document=DocumentKind.WORKBOOK)
    assert "| Role | Filled by |" in built_in
    assert "| Category | Share of all adopters | Targets | Who |" in built_in

    plain = packs.load(_without_wording(tmp_path))
    text = render_plan(
        plain,
        read_answers(EXAMPLE_ANSWERS, plain),
        PlanFormat.MARKDOWN,
        document=DocumentKind.WORKBOOK,
    )
    assert "| Needed | Covered by |" in text
    assert "| Category | Expected share | Count | Names |" in text
    assert "Filled by" not in text and "Share of all adopters" not in text
    html = render_plan(plain, Answers.empty(plain), PlanFormat.HTML, document=DocumentKind.WORKBOOK)
    assert "Multidisciplinary project team: </span>Nothing recorded yet</caption>" in html


def test_an_assessment_with_the_wrong_number_of_columns_is_a_content_error(
    tmp_path: Path,
) -> None:
    content = tmp_path / "own"
    shutil.copytree(BUILTIN_CONTENT, content)
    step = content / "step-04-implement.yml"
    step.write_text(
        step.read_text(encoding="utf-8").replace(
            "columns: [Role, Filled by]", "columns: [Role, Filled by, Since]"
        ),
        encoding="utf-8",
    )
    with pytest.raises(SpreadkitError) as caught:
        load_framework(content)
    message = str(caught.value)
    assert message.startswith(f"{step}:")
    assert "assessments[0].columns: a 'coverage' assessment's table has 2 columns" in message


def test_the_plan_counts_answers_as_status_does(framework: Framework) -> None:
    # `status` said "Putting the pieces in place: 10 of 10 answered" while the plan said 8/8: the
    # reflections are answers kept out of print, and still count as answered
    from spreadkit.answers.progress import section_progress

    answers = read_answers(EXAMPLE_ANSWERS, framework)
    answers = answers.with_value("pieces", "first_thoughts", None)  # one reflection left blank
    plan = workbook.build(framework, answers)
    for section in framework.sections:
        asked, blank, _ = section_progress(answers, section)
        shown = next(s for s in plan.sections if s.id == section.id)
        assert (shown.answered, shown.asked) == (len(asked) - len(blank), len(asked)), section.id


def test_a_date_kept_in_words_is_only_ever_its_own() -> None:
    """display_date and short_date keep what they said for each date: another date, or a time on
    the same day, is said afresh."""
    from spreadkit.framework.wording import short_date

    days = [dt.date(2027, 3, 1), dt.date(2027, 3, 2), dt.date(1999, 12, 31), dt.date(2027, 3, 1)]
    for _ in range(2):
        assert [values.display_date(d) for d in days] == [
            "1 March 2027",
            "2 March 2027",
            "31 December 1999",
            "1 March 2027",
        ]
        assert [short_date(d) for d in days[:3]] == ["1 Mar 2027", "2 Mar 2027", "31 Dec 1999"]
        assert values.display_date(dt.datetime(2027, 3, 2, 23, 59)) == "2 March 2027"
        assert short_date(dt.datetime(2027, 3, 1, 9)) == "1 Mar 2027"
