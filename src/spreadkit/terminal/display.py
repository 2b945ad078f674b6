"""Everything spreadkit prints with rich: tables, steps, summaries.

Output goes to the streams of an injected Environment, in colour only on a terminal
(and never with NO_COLOR), so the same calls serve terminals, pipes and tests. The step cards
are in cards.py and plain-text output in plain.py; this module is the one place the rest of
spreadkit calls, so their functions are named here too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from spreadkit.answers.progress import is_asked, section_progress
from spreadkit.answers.store import Answers
from spreadkit.core.environment import Environment
from spreadkit.core.text import printable
from spreadkit.framework import values
from spreadkit.framework.model import Framework, Question, Section
from spreadkit.terminal import plain
from spreadkit.terminal.cards import appendix_card as appendix_card
from spreadkit.terminal.cards import section_intro as section_intro
from spreadkit.terminal.cards import section_tools as section_tools
from spreadkit.terminal.cards import step_card as step_card
from spreadkit.terminal.cards import steps_table as steps_table
from spreadkit.terminal.cards import tips as tips
from spreadkit.terminal.console import console as console
from spreadkit.terminal.plain import TIME_ALL as TIME_ALL
from spreadkit.terminal.plain import TIME_REQUIRED as TIME_REQUIRED
from spreadkit.terminal.plain import heading as heading
from spreadkit.terminal.plain import stopped as stopped
from spreadkit.terminal.plain import validation as validation
from spreadkit.terminal.plain import welcome as welcome

if TYPE_CHECKING:
    from rich.text import Text

    from spreadkit.plan.figures.scoring import AssessmentResult
    from spreadkit.plan.figures.status import StepStatus
    from spreadkit.plan.views.workbook_changes import PlanChanges


def errors(env: Environment, lines: Iterable[str]) -> None:
    """Problems, one per line, on stderr: 'error: file:line: key: what (fix)'."""
    from rich.text import Text

    out = console(env, stderr=True)
    for line in lines:
        out.print(Text.assemble(("error: ", "bold red"), printable(line)), soft_wrap=True)


def message(env: Environment, text: str, *, style: str = "", stderr: bool = False) -> None:
    from rich.text import Text

    console(env, stderr=stderr).print(Text(printable(text), style=style), soft_wrap=True)


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
    """A group's records: a table where it fits the terminal, else one card each."""
    from rich.text import Text

    out = console(env)
    if not rows:
        out.print(Text(f"  No {question.item_name} added yet.", style="dim"))
        return
    from spreadkit.terminal.fit import print_records

    cells = [[printable(values.display(f, row.get(f.id))) for f in question.fields] for row in rows]
    print_records(out, [f.title for f in question.fields], cells)


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
        if not is_asked(answers, section, question):
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
            table.add_row(escape(question.title), escape(printable(shown)))
    console(env).print(table)


def overview(env: Environment, framework: Framework, answers: Answers) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Your plan so far", title_justify="left")
    table.add_column("Step")
    table.add_column("Answered", justify="right")
    table.add_column("Required still missing", justify="right")
    for section in framework.sections:
        asked, blank, missing = section_progress(answers, section)
        table.add_row(
            escape(section.label),
            f"{len(asked) - len(blank)} of {len(asked)}",
            str(len(missing)) if missing else "–",
        )
    console(env).print(table)


def plan_changes(env: Environment, changes: PlanChanges, said: Sequence[str] = ()) -> None:
    """What a re-run changed: each answer in words (``said``, as the history says it), then
    the parts of the plan that changed."""
    from rich.markup import escape

    out = console(env)
    if said:
        out.print("What changed:")
        for line in said:
            out.print(f"  {escape(line)}")
    if not changes.sections:
        out.print("The plan is unchanged.")
        return
    out.print("Parts of the plan that changed: " + "; ".join(escape(s) for s in changes.sections))


def finished(env: Environment, answers_path: str, plans: Sequence[str]) -> None:
    from rich.text import Text

    console(env).print(Text("\nYour plan is written.", style="bold green"))
    for plan in plans:
        env.out(f"  Plan:    {plan}")
    env.out(f"  Answers: {answers_path}")
    html = next((p for p in plans if p.endswith(".html")), "plan.html")
    env.out("")
    env.out("Next:")
    env.out(f"  re-run one step:  {env.command} plan --answers {answers_path} --step 4")
    env.out(
        f"  render HTML:      {env.command} render {answers_path} --format html --output {html}"
    )
    env.out(f"  see the status:   {env.command} status {answers_path}")


def status(env: Environment, title: str, rows: Sequence[StepStatus], scores_note: str = "") -> None:
    """Completion, scores, checks and the next question by step: a table on a terminal, text in a pipe."""
    from rich.markup import escape
    from rich.table import Table

    title = printable(title)  # the rows and title carry text from the answers file
    rows = [_printable_status(row) for row in rows]
    if not env.stdout_isatty:
        plain.status(env, title, rows, scores_note)
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
            escape(
                "\n".join(
                    [f"⚠ {c}" for c in row.flagged]
                    + [f"? not enough information yet: {c}" for c in row.unknown]
                    + list(row.overdue_lines)
                )
            )
            or "–",
            escape(row.next_question) or "–",
        )
    if scores_note:
        table.caption = "Scores: " + scores_note
    console(env).print(table)


def history(
    env: Environment, title: str, entries: Sequence[tuple[str, Sequence[str]]], now: str
) -> None:
    """`spreadkit history`: the check-ins, headlines in bold on a terminal; plain in a pipe."""
    if not env.stdout_isatty:
        plain.history(env, title, entries, now)
        return
    from rich.text import Text

    out = console(env)
    out.print(Text(printable(title), style="bold"), soft_wrap=True)
    for headline, lines in entries:
        out.print()
        out.print(Text(printable(headline), style="bold cyan"), soft_wrap=True)
        for line in lines:
            out.print(Text("  " + printable(line)), soft_wrap=True)
    out.print()
    out.print(Text(printable(now), style="bold"), soft_wrap=True)


def _printable_status(row: StepStatus) -> StepStatus:
    return dataclasses.replace(
        row,
        label=printable(row.label),
        scores=tuple(printable(score) for score in row.scores),
        flagged=tuple(printable(check) for check in row.flagged),
        unknown=tuple(printable(check) for check in row.unknown),
        next_question=printable(row.next_question),
        overdue=tuple(printable(late) for late in row.overdue),
        tracked=tuple((kind, printable(line)) for kind, line in row.tracked),
        as_of=printable(row.as_of),
    )


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
        for heading in result.columns:
            table.add_column(heading)
        for item in result.items:
            table.add_row(
                escape(item.label),
                escape(printable(item.note)) if item.score else Text("gap", style="bold"),
            )
        table.add_row(
            Text("Covered", style="bold"),
            f"{result.total:g} of {result.maximum:g} · " + (result.band or "–"),
        )
    else:
        for index, heading in enumerate(result.columns):
            table.add_column(heading, justify="right" if index == 2 else "left")
        for item in result.items:
            table.add_row(
                escape(item.label), item.group, str(item.score or 0), escape(printable(item.note))
            )
    out = console(env)
    out.print(table)
    if result.start_with:
        out.print("Start with: " + escape(printable(", ".join(result.start_with))))
    if result.note:
        out.print(Text(result.note, style="dim"))


def markdown_preview(env: Environment, text: str) -> None:
    """The Markdown plan, laid out for the terminal (rich's Markdown renderer loads only here)."""
    from rich.markdown import Markdown

    console(env).print(Markdown(printable(text), code_theme="ansi_light", hyperlinks=False))


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
        out.print(Text.assemble(("warning: ", "bold yellow"), printable(line)), soft_wrap=True)
