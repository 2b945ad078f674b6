"""Everything spreadkit prints with rich: tables, steps, summaries. The only module that imports rich.

Output goes to the streams of an injected Environment, in colour only on a terminal
(and never with NO_COLOR), so the same calls serve terminals, pipes and tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from spreadkit.answers.store import Answers
from spreadkit.core.environment import Environment
from spreadkit.framework import values
from spreadkit.framework.model import Appendix, Framework, Question, Section, Step

if TYPE_CHECKING:
    from rich.console import Console, Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.text import Text

    from spreadkit.app.commands import StepStatus
    from spreadkit.app.planning import PlanChanges
    from spreadkit.plan.scoring import AssessmentResult


def console(env: Environment, *, stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(
        file=env.stderr if stderr else env.stdout,
        force_terminal=env.colors if env.colors else None,
        no_color=not env.colors,
        highlight=False,
        emoji=False,
        soft_wrap=False,
        width=None if env.stdout_isatty else 100,
    )


def steps_table(env: Environment, framework: Framework) -> None:
    from rich.table import Table

    table = Table(title=framework.title, title_justify="left", show_lines=False)
    table.add_column("Step", justify="right", style="bold")
    table.add_column("Id")
    table.add_column("Title")
    table.add_column("Tips", justify="right")
    table.add_column("Tools", justify="right")
    table.add_column("Questions", justify="right")
    for section in framework.sections:
        number = str(section.number) if isinstance(section, Step) else "–"
        tips = str(len(section.tips)) if isinstance(section, Step) else "–"
        tools = str(len(section.tools)) if isinstance(section, Step) else "–"
        table.add_row(number, section.id, section.title, tips, tools, str(len(section.questions)))
    out = console(env)
    out.print(table)
    out.print(f"From {framework.publisher}'s framework, {framework.published}.")
    out.print("See a step with: spreadkit show 1  (or by id: spreadkit show message)")


def step_card(
    env: Environment, section: Section, framework: Framework, *, with_questions: bool
) -> None:
    """A step's number, title, quote, summary, tips and tools (and, for `show`, its questions)."""
    from rich.markup import escape
    from rich.text import Text

    out = console(env)
    _intro(out, section, framework)
    if isinstance(section, Step):
        out.print(_tools(section, framework))
    if with_questions:
        out.print(Text("Questions this step asks", style="bold"))
        for index, question in enumerate(section.questions, start=1):
            required = " (required)" if question.required else ""
            out.print(
                f"  {index:>2}. {escape(question.prompt)}{required}  [dim]{question.type.value}[/dim]"
            )
        out.print()


def _heading(section: Section, framework: Framework) -> Panel:
    from rich.panel import Panel
    from rich.text import Text

    if isinstance(section, Step):
        title = f"Step {section.number} of {len(framework.steps)} · {section.title}"
    else:
        title = section.title
    return Panel(Text(title, style="bold"), border_style="blue", expand=True)


def _quote(step: Step) -> Padding:
    from rich.padding import Padding
    from rich.text import Text

    return Padding(
        Text.assemble(("“" + step.quote.text + "”", "italic"), ("\n— " + step.quote.source, "dim")),
        (0, 0, 1, 2),
        expand=False,
    )


def _tips(step: Step) -> Group:
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    lines: list[Text | Padding] = [Text("Tips from the framework", style="bold")]
    for tip in step.tips:
        lines.append(
            Padding(
                Text.assemble(("• " + tip.title + ": ", "bold cyan"), tip.guidance),
                (0, 0, 0, 2),
                expand=False,
            )
        )
    lines.append(Text(""))
    return Group(*lines)


def _tools(step: Step, framework: Framework) -> Group:
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    lines: list[Text | Padding] = [Text("Tools and resources", style="bold")]
    for tool in step.tools:
        where = ""
        if tool.page:
            where = f" (framework p. {tool.page.replace('-', '–')})"
        elif tool.see and (appendix := framework.appendix(tool.see)):
            where = f" (see: spreadkit show {appendix.id})"
        lines.append(
            Padding(
                Text.assemble(("• " + tool.name, "bold"), (where, "dim"), " – " + tool.purpose),
                (0, 0, 0, 2),
                expand=False,
            )
        )
    lines.append(Text(""))
    return Group(*lines)


def appendix_card(env: Environment, appendix: Appendix) -> None:
    from rich.markup import escape
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.text import Text

    out = console(env)
    out.print(
        Panel(
            Text(f"Appendix {appendix.number} · {appendix.title}", style="bold"),
            border_style="blue",
        )
    )
    out.print(Padding(escape(appendix.summary), (0, 0, 1, 0), expand=False))
    for role in appendix.roles:
        out.print(
            Padding(
                Text.assemble(("• " + role.name + ": ", "bold cyan"), role.description),
                (0, 0, 0, 2),
                expand=False,
            )
        )
    out.print()
    out.print(escape(appendix.traits_intro))
    for trait in appendix.traits:
        out.print(f"  • {escape(trait)}")


def errors(env: Environment, lines: Iterable[str]) -> None:
    """Problems, one per line, on stderr: 'error: file:line: key: what (fix)'."""
    from rich.text import Text

    out = console(env, stderr=True)
    for line in lines:
        out.print(Text.assemble(("error: ", "bold red"), line), soft_wrap=True)


def message(env: Environment, text: str, *, style: str = "", stderr: bool = False) -> None:
    from rich.text import Text

    console(env, stderr=stderr).print(Text(text, style=style), soft_wrap=True)


# From benchmarks/interview_keys.py (the example plan typed into the real interview): every
# question, 373 navigation keys and 4,800 (typical) to 8,000 (thorough) characters of answers;
# the required ones only, 41 keys and about 1,900 characters; at the 110 to 135 characters a
# minute, thinking included, of issue 14's measured run.
TIME_ALL = "40 to 60 minutes"
TIME_REQUIRED = "about 15 minutes"
KEYS = (
    "Keys: Enter keeps the answer shown (or saves what you typed); in a long answer, Alt+Enter or "
    "Ctrl-J starts a new line and Ctrl-E opens your editor; on a rating, press its number; "
    "Ctrl-T shows the step's tips."
)


def welcome(env: Environment, framework: Framework, answers_path: str, resuming: bool) -> None:
    """Plain text: the first question should not wait for rich to load."""
    import shutil
    import textwrap

    width = min(shutil.get_terminal_size((100, 24)).columns, 100) - 1
    steps = len(framework.steps)
    stop = (
        "Your earlier answers are offered as defaults: press Enter to keep one. Ctrl-C stops at any time."
        if resuming
        else "Press Ctrl-C at any time to stop; run the same command again to carry on where you left off."
    )
    for paragraph in (
        "spreadkit · plan the spread of a workforce innovation",
        "",
        f"This walks you through the {steps} steps of {framework.publisher}'s {framework.title} "
        f"({framework.published}), then a short closing exercise, and writes a plan you can share.",
        f"Every question takes {TIME_ALL}; the required ones only, {TIME_REQUIRED}.",
        "Every answer is saved as you go, to:",
        f"  {answers_path}",
        stop,
        KEYS,
        "",
    ):
        env.out(
            textwrap.fill(
                paragraph, width, subsequent_indent="  " if paragraph.startswith("  ") else ""
            )
        )


def heading(env: Environment, title: str) -> None:
    env.out("")
    env.out(title)
    env.out("─" * min(len(title), 78))


def section_intro(
    env: Environment, section: Section, framework: Framework, *, tips_folded: bool = False
) -> None:
    out = console(env)
    out.print()
    _intro(out, section, framework, tips_folded=tips_folded)


def tips(env: Environment, step: Step) -> None:
    out = console(env)
    out.print()
    out.print(_tips(step))


def _intro(
    out: Console, section: Section, framework: Framework, *, tips_folded: bool = False
) -> None:
    """A step's heading, quote, summary and tips: what `show` and the interview both start with.

    ``tips_folded`` (a step seen before) gives the tips' titles only, and the key to read them.
    """
    from rich.markup import escape
    from rich.padding import Padding
    from rich.text import Text

    out.print(_heading(section, framework))
    if isinstance(section, Step):
        out.print(_quote(section))
    out.print(Padding(escape(section.summary), (0, 0, 1, 0), expand=False))
    if isinstance(section, Step) and tips_folded:
        titles = " · ".join(tip.title for tip in section.tips)
        out.print(
            Text.assemble(
                ("Tips from the framework: ", "bold"),
                titles,
                (" (Ctrl-T shows them in full)", "dim"),
            )
        )
        out.print()
    elif isinstance(section, Step):
        out.print(_tips(section))


def section_tools(env: Environment, step: Step, framework: Framework) -> None:
    out = console(env)
    out.print()
    out.print(_tools(step, framework))


def progress(
    env: Environment, position: str, number: int, total: int, *, follow_up: bool = False
) -> None:
    from rich.text import Text

    out = console(env)
    out.print()
    more = " · a follow-up to your answer" if follow_up else ""
    out.print(Text(f"{position} · question {number} of {total}{more}", style="dim"))


def hint(env: Environment, text: str) -> None:
    from rich.text import Text

    console(env).print(Text("  " + text, style="dim italic"), soft_wrap=True)


def records(env: Environment, question: Question, rows: Sequence[Mapping[str, Any]]) -> None:
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    out = console(env)
    if not rows:
        out.print(Text(f"  No {question.item_name} added yet.", style="dim"))
        return
    table = Table(show_lines=False, padding=(0, 1))
    for field in question.fields:
        table.add_column(field.title)
    for row in rows:
        table.add_row(*(escape(values.display(f, row.get(f.id))) for f in question.fields))
    out.print(table)


def section_summary(env: Environment, section: Section, answers: Answers) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(
        title=f"Your answers: {section.label}",
        title_justify="left",
        show_header=False,
        padding=(0, 1),
    )
    table.add_column(style="bold", ratio=1)
    table.add_column(ratio=2)
    for question in section.questions:
        if not answers.is_asked(section, question):
            continue
        value = answers.get(section.id, question.id)
        shown = (
            values.display(question, value)
            if not values.is_blank(value)
            else "[dim]not answered[/dim]"
        )
        if values.is_blank(value):
            table.add_row(escape(question.title), shown)
        else:
            table.add_row(escape(question.title), escape(shown))
    console(env).print(table)


def overview(env: Environment, framework: Framework, answers: Answers) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Your plan so far", title_justify="left")
    table.add_column("Step")
    table.add_column("Answered", justify="right")
    table.add_column("Required still missing", justify="right")
    for section in framework.sections:
        asked, blank, missing = answers.progress(section)
        table.add_row(
            escape(section.label),
            f"{len(asked) - len(blank)} of {len(asked)}",
            str(len(missing)) if missing else "–",
        )
    console(env).print(table)


def stopped(
    env: Environment, answers_path: str, saves: int, existed: bool, *, draft: bool = False
) -> None:
    # Plain lines, never wrapped: the command must stay copy-pasteable.
    env.err("")
    if not saves and not existed and not draft:
        env.err("Stopped before the first answer: nothing to save.")
        return
    saved = f" ({saves} {'save' if saves == 1 else 'saves'} this session)" if saves else ""
    env.err(f"Stopped. Every answer you gave is saved in {answers_path}{saved}.")
    if draft:
        env.err("What you were typing is kept as a draft, and filled in when you carry on.")
    env.err(f"To carry on where you left off, run: spreadkit plan --answers {answers_path}")


def plan_changes(env: Environment, changes: PlanChanges) -> None:
    from rich.markup import escape

    out = console(env)
    if not changes.sections:
        out.print("The plan is unchanged.")
        return
    out.print(
        f"What changed in the plan: {changes.added} lines added, {changes.removed} removed, in: "
        + "; ".join(escape(s) for s in changes.sections)
    )


def finished(env: Environment, answers_path: str, plans: Sequence[str]) -> None:
    from rich.text import Text

    console(env).print(Text("\nYour plan is written.", style="bold green"))
    for plan in plans:
        env.out(f"  Plan:    {plan}")
    env.out(f"  Answers: {answers_path}")
    html = next((p for p in plans if p.endswith(".html")), "plan.html")
    env.out("")
    env.out("Next:")
    env.out(f"  re-run one step:  spreadkit plan --answers {answers_path} --step 4")
    env.out(f"  render HTML:      spreadkit render {answers_path} --format html --output {html}")
    env.out(f"  see the status:   spreadkit status {answers_path}")


def status(env: Environment, title: str, rows: Sequence[StepStatus]) -> None:
    """Completion, scores, checks and the next question by step: a table on a terminal, text in a pipe."""
    from rich.markup import escape
    from rich.table import Table

    if not env.stdout_isatty:
        env.out(title)
        for row in rows:
            missing = f", {row.missing} required missing" if row.missing else ""
            env.out("")
            env.out(f"{row.label}: {row.answered} answered{missing}")
            for score in row.scores:
                env.out(f"  score: {score}")
            for check in row.flagged:
                env.out(f"  check: {check}")
            if row.next_question:
                env.out(f"  next:  {row.next_question}")
        return
    table = Table(title=title, title_justify="left", show_lines=True)
    for header in ("Step", "Answered", "Scores", "Plan checks", "Next question"):
        table.add_column(header)
    for row in rows:
        answered = row.answered + (
            f"\n[bold]{row.missing} required missing[/bold]" if row.missing else ""
        )
        table.add_row(
            escape(row.label),
            answered,
            escape("\n".join(row.scores)) or "–",
            escape("\n".join(f"⚠ {c}" for c in row.flagged)) or "–",
            escape(row.next_question) or "–",
        )
    console(env).print(table)


def validation(env: Environment, reports: Sequence[Mapping[str, Any]]) -> None:
    """`spreadkit validate` in words: every problem with its line, then what is still unanswered."""
    for report in reports:
        if not report["valid"]:
            for problem in report["problems"]:
                env.out(f"error: {problem['text']}")
            env.out(f"{report['file']}: {len(report['problems'])} problem(s)")
            continue
        for warning in report.get("warnings", []):
            env.out(f"warning: {warning['text']}")
        missing = report["missing"]
        for item in missing:
            env.out(
                f"{report['file']}: {item['key']}: not answered yet (required): {item['prompt']}"
            )
        note = f", {len(missing)} required answer(s) still to give" if missing else ""
        env.out(f"{report['file']}: valid{note}")


_RAG_STYLE = {
    "red": "bold white on red",
    "amber": "bold black on yellow",
    "green": "bold white on green",
}


def rag_text(label: str, rag: str) -> Text:
    """A band in words, coloured where colour is on: the words always carry the meaning."""
    from rich.text import Text

    return Text(f" {label} ", style=_RAG_STYLE.get(rag, "")) if label else Text("–")


def assessment(env: Environment, result: AssessmentResult) -> None:
    """One assessment's table: each item with its score and band, then the total and its band."""
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    table = Table(title=result.title, title_justify="left")
    if result.kind == "score":
        table.add_column("Rated")
        table.add_column("Score", justify="right")
        table.add_column("Band")
        for item in result.items:
            table.add_row(escape(item.label), item.scale_text or "–", rag_text(item.band, item.rag))
        for group in result.groups:
            score = f"{group.total:g} of {group.maximum:g}" if group.percent is not None else "–"
            table.add_row(
                Text(f"{group.name} (subtotal)", style="italic"),
                score,
                rag_text(group.band, group.rag),
            )
        total = f"{result.total:g} of {result.maximum:g}" if result.answered else "–"
        table.add_row(Text("Total", style="bold"), total, rag_text(result.band, result.rag))
    elif result.kind == "coverage":
        table.add_column("Role")
        table.add_column("Filled by")
        for item in result.items:
            table.add_row(
                escape(item.label), escape(item.note) if item.score else Text("gap", style="bold")
            )
        table.add_row(
            Text("Covered", style="bold"),
            f"{result.total:g} of {result.maximum:g} · " + (result.band or "–"),
        )
    else:
        table.add_column("Category")
        table.add_column("Expected")
        table.add_column("Targets", justify="right")
        table.add_column("Who")
        for item in result.items:
            table.add_row(escape(item.label), item.group, str(item.score or 0), escape(item.note))
    out = console(env)
    out.print(table)
    if result.start_with:
        out.print("Start with: " + escape(", ".join(result.start_with)))
    if result.note:
        out.print(Text(result.note, style="dim"))


def markdown_preview(env: Environment, text: str) -> None:
    """The Markdown plan, laid out for the terminal (rich's Markdown renderer loads only here)."""
    from rich.markdown import Markdown

    console(env).print(Markdown(text, code_theme="ansi_light", hyperlinks=False))


def content_table(env: Environment, title: str, rows: Sequence[tuple[str, str, str, str]]) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for header in ("Step", "Id", "Questions", "Comes from"):
        table.add_column(header)
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    console(env).print(table)


def warnings(env: Environment, lines: Iterable[str]) -> None:
    from rich.text import Text

    out = console(env, stderr=True)
    for line in lines:
        out.print(Text.assemble(("warning: ", "bold yellow"), line), soft_wrap=True)
