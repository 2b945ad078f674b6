"""A record on one screen: every field a line of its own, typed in place (the prompter's form).

Enter or Tab moves to the next line, Shift-Tab or Up to the one before, Down to the next; Enter
on the last line saves, once every line is valid (the first that is not is said, and the cursor
goes to it). The line the cursor is on shows its hint (the choices, the date format) below.
Ctrl-C stops, as at any prompt. This module and the prompter are the only ones that import
prompt_toolkit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.layout import HSplit, Layout, VSplit, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.styles import BaseStyle
from prompt_toolkit.widgets import TextArea

from spreadkit.interview.form_fields import FormField


def run_form(
    message: str,
    fields: Sequence[FormField],
    *,
    style: BaseStyle,
    extra: KeyBindings,
    io: dict[str, Any],
) -> list[str]:
    width = max(len(f.label) for f in fields) + 2
    areas = [TextArea(text=f.default, multiline=False, wrap_lines=False) for f in fields]
    for area in areas:  # typing goes after what is offered; Ctrl-U clears it
        area.buffer.cursor_position = len(area.text)
    problem = [""]

    def focused() -> int:
        return next((i for i, a in enumerate(areas) if a.window == layout.current_window), 0)

    def status() -> FormattedText:
        if problem[0]:
            return FormattedText([("fg:#d5281b bold", problem[0])])
        hint = fields[focused()].hint
        keys = "Enter or Tab: next line · Shift-Tab: back · Enter on the last line saves"
        return FormattedText([("class:instruction", f"{hint}\n{keys}" if hint else keys)])

    rows = [
        VSplit(
            [
                Window(
                    FormattedTextControl(FormattedText([("class:question", f"{f.label}:")])),
                    width=width,
                    dont_extend_width=True,
                ),
                area,
            ]
        )
        for f, area in zip(fields, areas, strict=True)
    ]
    title = Window(
        FormattedTextControl(FormattedText([("class:qmark", "? "), ("class:question", message)])),
        height=1,
    )
    layout = Layout(HSplit([title, *rows, Window(FormattedTextControl(status), height=2)]))
    keys = KeyBindings()

    def move(event: KeyPressEvent, step: int) -> None:
        problem[0] = ""
        layout.focus(areas[(focused() + step) % len(areas)])

    def submit(event: KeyPressEvent) -> None:
        for index, (field, area) in enumerate(zip(fields, areas, strict=True)):
            wrong = field.validate(area.text) if field.validate else None
            if wrong:
                problem[0] = f"{field.label}: {wrong}"
                layout.focus(areas[index])
                return
        problem[0] = ""  # a mistake put right is not left on the screen
        event.app.exit(result=[a.text for a in areas])

    @keys.add("enter")
    def _(event: KeyPressEvent) -> None:
        if focused() == len(areas) - 1:
            submit(event)
        else:
            move(event, 1)

    @keys.add("tab")
    @keys.add("down")
    def _(event: KeyPressEvent) -> None:
        move(event, 1)

    @keys.add("s-tab")
    @keys.add("up")
    def _(event: KeyPressEvent) -> None:
        move(event, -1)

    @keys.add("c-c")
    def _(event: KeyPressEvent) -> None:
        stop = KeyboardInterrupt()
        stop.typed = [a.text for a in areas]  # type: ignore[attr-defined]  # kept as a draft
        event.app.exit(exception=stop, style="class:aborting")

    app: Application[list[str]] = Application(
        layout=layout,
        key_bindings=merge_key_bindings([keys, extra]),
        style=style,
        full_screen=False,
        erase_when_done=False,
        **io,
    )
    return app.run()
