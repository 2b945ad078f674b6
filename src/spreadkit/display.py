"""Everything spreadkit prints with rich: tables, steps, summaries. The only module that imports rich.

Output goes to the streams of an injected Environment, in colour only on a terminal
(and never with NO_COLOR), so the same calls serve terminals, pipes and tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console, Group
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from spreadkit.environment import Environment
from spreadkit.model import Appendix, Framework, Section, Step


def console(env: Environment, *, stderr: bool = False) -> Console:
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
    out.print(
        f"{framework.publisher}, {framework.published}. "
        "See one step with: spreadkit show 1   (or an id, such as: spreadkit show message)"
    )


def step_card(
    env: Environment, section: Section, framework: Framework, *, with_questions: bool
) -> None:
    """A step's number, title, quote, summary, tips and tools (and, for `show`, its questions)."""
    out = console(env)
    out.print(_heading(section, framework))
    if isinstance(section, Step):
        out.print(_quote(section))
    out.print(Padding(escape(section.summary), (0, 0, 1, 0), expand=False))
    if isinstance(section, Step):
        out.print(_tips(section))
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
    if isinstance(section, Step):
        title = f"Step {section.number} of {len(framework.steps)} · {section.title}"
    else:
        title = section.title
    return Panel(Text(title, style="bold"), border_style="blue", expand=True)


def _quote(step: Step) -> Padding:
    return Padding(
        Text.assemble(("“" + step.quote.text + "”", "italic"), ("\n— " + step.quote.source, "dim")),
        (0, 0, 1, 2),
        expand=False,
    )


def _tips(step: Step) -> Group:
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
    out = console(env, stderr=True)
    for line in lines:
        out.print(Text.assemble(("error: ", "bold red"), line), soft_wrap=True)


def message(env: Environment, text: str, *, style: str = "", stderr: bool = False) -> None:
    console(env, stderr=stderr).print(Text(text, style=style), soft_wrap=True)


def key_values(env: Environment, title: str, rows: Sequence[tuple[str, str]]) -> None:
    table = Table(
        title=title, title_justify="left", show_header=False, box=None, padding=(0, 2, 0, 0)
    )
    table.add_column(style="bold")
    table.add_column()
    for key, value in rows:
        table.add_row(key, value)
    console(env).print(table)
