"""What `spreadkit steps` and `spreadkit show` print, and the interview shows at each step's
start: the steps table and the step and appendix cards, with rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spreadkit.core.environment import Environment
from spreadkit.framework.model import Appendix, Framework, Section, Step
from spreadkit.terminal.console import console

if TYPE_CHECKING:
    from rich.console import Console, Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.text import Text


def steps_table(env: Environment, framework: Framework) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=escape(framework.title), title_justify="left", show_lines=False)
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
        # a pack's words are text, never rich markup: "[link=…]" in a title stays as typed
        table.add_row(
            number,
            escape(section.id),
            escape(section.title),
            tips,
            tools,
            str(len(section.questions)),
        )
    out = console(env)
    out.print(table)
    out.print(escape(f"From {framework.publisher}'s framework, {framework.published}."))
    name = escape(env.command)
    out.print(f"See a step with: {name} show 1  (or by id: {name} show message)")


def step_card(
    env: Environment, section: Section, framework: Framework, *, with_questions: bool
) -> None:
    """A step's number, title, quote, summary, tips and tools (and, for `show`, its questions)."""
    from rich.text import Text

    out = console(env)
    _intro(out, section, framework)
    if isinstance(section, Step):
        out.print(_tools(section, framework))
    if with_questions:
        from spreadkit.terminal.outline import outline

        for line in outline(section):
            if line.depth == 0:
                out.print(Text(line.text, style="bold"))
                continue
            marker, words = _marker(line.text)
            body = Text.assemble(words, ("  " + line.dim if line.dim else "", "dim"))
            out.print(_item(Text(marker), body, 2 * line.depth))
        out.print()


def _marker(text: str) -> tuple[str, str]:
    """``(" 2. ", "Why …")``: a list line's number or bullet, and its words."""
    import re

    found = re.match(r"\s*\d+\. |• ", text)
    return (found.group(), text[found.end() :]) if found else ("", text)


def _item(marker: Text, body: Text, indent: int) -> Padding:
    """A list item ``indent`` columns in, its words wrapping under their own first word (a
    hanging indent), never back under its bullet or to the first column."""
    from rich.padding import Padding
    from rich.table import Table

    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(marker, body)
    return Padding(grid, (0, 0, 0, indent), expand=False)


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
    from rich.text import Text

    lines: list[Text | Padding] = [Text("Tips from the framework", style="bold")]
    for tip in step.tips:
        lines.append(
            _item(
                Text("• ", style="bold cyan"),
                Text.assemble((tip.title + ": ", "bold cyan"), tip.guidance),
                2,
            )
        )
    lines.append(Text(""))
    return Group(*lines)


def _tools(step: Step, framework: Framework) -> Group:
    from rich.console import Group
    from rich.text import Text

    lines: list[Text | Padding] = [Text("Tools and resources", style="bold")]
    for tool in step.tools:
        where = ""
        if tool.page:
            where = f" (framework p. {tool.page.replace('-', '–')})"
        elif tool.see and (appendix := framework.appendix(tool.see)):
            where = f" (see: spreadkit show {appendix.id})"
        lines.append(
            _item(
                Text("• ", style="bold"),
                Text.assemble((tool.name, "bold"), (where, "dim"), " – " + tool.purpose),
                2,
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
            _item(
                Text("• ", style="bold cyan"),
                Text.assemble((role.name + ": ", "bold cyan"), role.description),
                2,
            )
        )
    out.print()
    out.print(escape(appendix.traits_intro))
    for trait in appendix.traits:
        out.print(f"  • {escape(trait)}")


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
