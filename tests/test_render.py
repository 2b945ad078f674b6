"""Plans rendered with the real templates: golden files, escaping, unanswered parts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.core.formats import DocumentKind, PlanFormat
from spreadkit.framework.model import Framework
from spreadkit.plan.output.render import markdown_cell, render_plan

from .conftest import EXAMPLE_ANSWERS, EXAMPLES

NASTY = "<script>alert(1)</script> a | b\nsecond line"


@pytest.mark.parametrize("example", ["south-west-app", "northfield-fcp"])
@pytest.mark.parametrize(
    ("plan_format", "name"), [(PlanFormat.MARKDOWN, "md"), (PlanFormat.HTML, "html")]
)
@pytest.mark.parametrize(
    ("document", "kind"), [(DocumentKind.BOARD, "plan"), (DocumentKind.WORKBOOK, "workbook")]
)
def test_committed_example_plans_are_up_to_date(
    framework: Framework,
    plan_format: PlanFormat,
    name: str,
    example: str,
    document: DocumentKind,
    kind: str,
) -> None:
    """Both documents of each example, from the one answers file: the board plan and workbook."""
    committed = (EXAMPLES / f"{example}.{kind}.{name}").read_text(encoding="utf-8")
    answers = read_answers(EXAMPLES / f"{example}.answers.yml", framework)
    rendered = render_plan(framework, answers, plan_format, document=document)
    assert rendered == committed, (
        f"The example plan is stale: run `spreadkit render examples/{example}.answers.yml "
        f"--document {document.value} --format {name} --output examples/{example}.{kind}.{name}`"
    )


def _nasty_answers(framework: Framework) -> Answers:
    record = {"name": NASTY, "type": "champion", "organisation": "A|B", "contribution": "x\n\ny"}
    return (
        Answers.empty(framework)
        .with_detail("title", NASTY.replace("\n", " "))
        .with_value("analyse", "problem", NASTY)
        .with_value("analyse", "original_setting", "# not a heading\n---")
        .with_value("message", "influencers", [record])
    )


def test_html_escapes_user_text(framework: Framework) -> None:
    html = render_plan(
        framework, _nasty_answers(framework), PlanFormat.HTML, document=DocumentKind.WORKBOOK
    )
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; a | b<br>" in html


def test_html_is_one_self_contained_file(framework: Framework) -> None:
    html = render_plan(
        framework,
        read_answers(EXAMPLE_ANSWERS, framework),
        PlanFormat.HTML,
        document=DocumentKind.WORKBOOK,
    )
    assert "<style>" in html
    assert not re.search(r"<(link|script|img)\b", html)
    assert not re.search(r"url\(", html)
    headings = re.findall(r"<h1\b", html)
    assert len(headings) == 1 and 'lang="en-GB"' in html


class _Balance(HTMLParser):
    VOID = {"meta", "br", "hr", "img", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()


@pytest.mark.parametrize("source", ["example", "nasty", "empty"])
def test_html_tags_are_balanced(framework: Framework, source: str) -> None:
    answers = {
        "example": lambda: read_answers(EXAMPLE_ANSWERS, framework),
        "nasty": lambda: _nasty_answers(framework),
        "empty": lambda: Answers.empty(framework),
    }[source]()
    parser = _Balance()
    parser.feed(render_plan(framework, answers, PlanFormat.HTML, document=DocumentKind.WORKBOOK))
    assert parser.stack == []


def _tables(markdown: str) -> list[list[str]]:
    tables, current = [], []
    for line in markdown.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables


def _cells(row: str) -> int:
    return len(re.split(r"(?<!\\)\|", row.strip())) - 2


def test_markdown_tables_survive_pipes_and_newlines(framework: Framework) -> None:
    markdown = render_plan(
        framework, _nasty_answers(framework), PlanFormat.MARKDOWN, document=DocumentKind.WORKBOOK
    )
    tables = _tables(markdown)
    assert len(tables) >= 2
    for table in tables:
        widths = {_cells(row) for row in table}
        assert len(widths) == 1, table
    assert "&lt;script>alert(1)&lt;/script> a \\| b<br>second line" in markdown
    assert "<script>" not in markdown


def test_markdown_user_text_cannot_become_a_heading(framework: Framework) -> None:
    markdown = render_plan(
        framework, _nasty_answers(framework), PlanFormat.MARKDOWN, document=DocumentKind.WORKBOOK
    )
    assert "\n\\# not a heading" in markdown
    assert "\n# not a heading" not in markdown


def test_markdown_cell_escapes() -> None:
    assert markdown_cell("a|b\n\nc\\") == "a\\|b<br>c\\\\"


def test_markdown_escaping_shortcut_gives_what_the_full_passes_give() -> None:
    """Text with nothing to escape skips the passes (issue 30): every string of up to three of
    the characters the passes act on, with plain ones around, comes out as the passes make it."""
    import itertools

    from spreadkit.plan.output import render, safety

    def full_text(text: str) -> str:
        return render._HEADING_OR_RULE.sub(r"\1\\\2", safety.escape_brackets(render._no_html(text)))

    def full_cell(text: str) -> str:
        text = render._no_html(text).replace("\\", "\\\\").replace("|", "\\|")
        text = safety.escape_brackets(text, backslashes_escaped=True)
        parts = text.replace("\r", "").split("\n")
        return "<br>".join(part.strip() for part in parts if part.strip())

    alphabet = "a #=-*<[]|\\\r\n\t\u2028"
    for size in range(4):
        for chars in itertools.product(alphabet, repeat=size):
            for text in ("".join(chars), "x " + "".join(chars) + " y"):
                assert render.markdown_text(text) == full_text(text), repr(text)
                assert markdown_cell(text) == full_cell(text), repr(text)


def test_the_built_in_html_templates_escape_exactly_as_markupsafe_does(tmp_path) -> None:
    """The built-in templates' ``{{ value }}`` calls ``escape_output`` (issue 30), quicker for a
    plain ``str``: it must give what ``markupsafe.escape`` gives for every kind of value, and
    a person's templates (sandboxed) keep Jinja's own escaping."""
    import itertools

    import markupsafe

    from spreadkit.plan.output import render

    env = render._environment(PlanFormat.HTML, None)
    escape_output = env.escape_output  # type: ignore[attr-defined]
    source = env.loader.get_source(env, "board.html.j2")[0]  # type: ignore[union-attr]
    assert "escape_output(" in str(env.compile(source, raw=True))

    class Html:
        def __html__(self) -> str:
            return "<b>kept</b>"

    class Text(str):
        pass

    values: list[object] = [
        "".join(c) for n in range(3) for c in itertools.product("a<>&'\"", repeat=n)
    ]
    values += [NASTY, "é – 😀", markupsafe.Markup("<i>x</i>"), Text("<u>"), Html(), 12, 2.5, None]
    for value in values:
        done = escape_output(value)
        assert done == markupsafe.escape(value) and type(done) is markupsafe.Markup, repr(value)
    folder = tmp_path / "templates"
    folder.mkdir()
    bounded = render._environment(PlanFormat.HTML, folder)
    assert "escape_output" not in str(bounded.compile("{{ x }}", raw=True))
    from spreadkit.framework.sandbox import limits

    with limits():
        assert bounded.from_string("{{ x }}").render(x="<&>") == "&lt;&amp;&gt;"


def test_a_css_string_escapes_every_character_but_letters_digits_and_spaces() -> None:
    """``css_string`` finds what to escape with a pattern (issue 30): it must escape exactly the
    characters the rule names, for every character there is, and nothing can end the string."""
    from spreadkit.plan.output.render import css_string

    def by_the_rule(text: str) -> str:
        kept = "".join(
            char if char.isalnum() or char == " " else f"\\{ord(char):x} "
            for char in " ".join(text.split())
        )
        return f'"{kept}"'

    codes = [*range(0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 61)]
    every = "".join(chr(c) for c in codes)  # every character of the BMP, and astral ones
    for start in range(0, len(every), 4096):
        text = every[start : start + 4096]
        assert str(css_string(text)) == by_the_rule(text)
    said = str(css_string('Plan "A" </style><script>_x\\'))
    assert said.count('"') == 2 and "<" not in said and "_" not in said


def test_unanswered_parts_are_marked(framework: Framework) -> None:
    markdown = render_plan(
        framework, Answers.empty(framework), PlanFormat.MARKDOWN, document=DocumentKind.WORKBOOK
    )
    assert "- **The problem it solves:** _Not answered yet (required)._" in markdown
    assert "required answers are missing" in markdown
    html = render_plan(
        framework, Answers.empty(framework), PlanFormat.HTML, document=DocumentKind.WORKBOOK
    )
    assert (
        '<span class="missing">Not answered yet</span> <span class="required">(required)</span>'
        in html
    )


def test_plan_reads_as_a_document(framework: Framework) -> None:
    markdown = render_plan(
        framework,
        read_answers(EXAMPLE_ANSWERS, framework),
        PlanFormat.MARKDOWN,
        document=DocumentKind.WORKBOOK,
    )
    assert markdown.startswith("# Spreading the Assistant Psychological Practitioner")
    assert "## Contents" in markdown and "## About this plan" in markdown
    for number in range(1, 6):
        assert f"## Step {number}:" in markdown
    assert "| Task | Owner | Due | Status |" in markdown
    assert (
        "| Develop the competency framework | Consultant clinical psychologist | 30 June 2027 | Not started |"
        in markdown
    )
    assert "### Tools to use next" in markdown
    assert "**Complexity spectrum** (framework p. 14)" in markdown
    assert "Q:" not in markdown and "A:" not in markdown
    assert "_Not answered yet" not in markdown  # the example answers everything


def test_conditional_questions_are_left_out_when_their_condition_is_false(
    framework: Framework,
) -> None:
    answers = Answers.empty(framework).with_value("implement", "rapid_tests", False)
    assert "Rapid tests planned" not in render_plan(
        framework, answers, PlanFormat.MARKDOWN, document=DocumentKind.WORKBOOK
    )
    answers = answers.with_value("implement", "rapid_tests", True)
    assert "Rapid tests planned" in render_plan(
        framework, answers, PlanFormat.MARKDOWN, document=DocumentKind.WORKBOOK
    )
