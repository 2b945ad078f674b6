"""The questionary prompter: the only module that imports questionary or prompt_toolkit.

It turns the interview's four kinds of prompt into questionary prompts, always with
``unsafe_ask()`` so that Ctrl-C reaches the interview (``ask()`` would swallow it). Every
prompt also stops on a SIGINT sent from outside (``kill -INT``), as a text prompt does.

Long answers: Enter saves, Alt+Enter or Ctrl-J starts a new line, Ctrl-E opens ``$EDITOR``.
Text half-typed when the interview stops travels with the KeyboardInterrupt as ``typed``,
so the interview can keep it as a draft.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Sequence
from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.styles import Style

from spreadkit.interview.form_fields import FormField

Validator = Callable[[str], str | None]

NOT_TEXT = "That contained bytes that are not text (not UTF-8): please type it again."

_STYLE = Style.from_dict(
    {
        "qmark": "fg:#005eb8 bold",
        "question": "bold",
        "answer": "fg:#007f3b bold",
        "instruction": "fg:#768692",
        "pointer": "fg:#005eb8 bold",
        "highlighted": "fg:#005eb8 bold",
        "selected": "fg:#007f3b",
    }
)


def _stop_on_sigint() -> KeyBindings:
    """``kill -INT`` ends any prompt as Ctrl-C does (questionary's lists only bind the key)."""
    bindings = KeyBindings()

    @bindings.add("<sigint>")
    def _(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    return bindings


def _long_answer_keys() -> KeyBindings:
    """Enter saves; Alt+Enter (Esc, Enter) or Ctrl-J starts a new line; Ctrl-E opens $EDITOR."""
    bindings = KeyBindings()

    @bindings.add("enter")
    def _(event: KeyPressEvent) -> None:
        event.current_buffer.validate_and_handle()

    @bindings.add("escape", "enter")
    @bindings.add("c-j")
    def _(event: KeyPressEvent) -> None:
        event.current_buffer.newline(copy_margin=False)

    @bindings.add("c-e")
    def _(event: KeyPressEvent) -> None:
        event.current_buffer.open_in_editor(validate_and_handle=False)

    return bindings


_STOP_SIGNALS = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]


def _stop_signals_in_loop(app: Any, handlers: dict[int, Any]) -> None:
    """While a prompt runs, a SIGTERM or SIGHUP ends it through its event loop.

    Raised from a plain signal handler, the stop could land inside one of prompt_toolkit's
    tasks, which prints a traceback instead of stopping. Here the interview's own handler
    still decides what the signal means; its exception ends the prompt as Ctrl-C does.
    """
    import asyncio

    loop = asyncio.get_running_loop()
    for number, handler in handlers.items():
        if not callable(handler):
            continue

        def stop(number: int = number, handler: Any = handler) -> None:
            try:
                handler(number, None)
            except BaseException as exc:
                if app.is_running and not app.future.done():
                    app.exit(exception=exc, style="class:aborting")

        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # Windows
            loop.add_signal_handler(number, stop)


SHOW_TIPS = object()


def _tips_key() -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add("c-t")
    def _(event: KeyPressEvent) -> None:
        event.app.exit(result=SHOW_TIPS)

    return bindings


def has_bytes_not_text(text: str) -> bool:
    """Bytes that are not UTF-8 arrive from the terminal as lone surrogates."""
    return any("\udc80" <= char <= "\udcff" for char in text)


class QuestionaryPrompter:
    """Asks in a real terminal. ``input``/``output`` let tests drive it with a pipe."""

    def __init__(self, input: Any = None, output: Any = None) -> None:
        self.tips: Callable[[], None] | None = None  # Ctrl-T shows them, then asks again
        self._io: dict[str, Any] = {}
        if input is not None:
            self._io["input"] = input
        if output is not None:
            self._io["output"] = output

    def _run(self, question: questionary.Question, *extra: KeyBindings) -> Any:
        """The answer, or SHOW_TIPS once the tips were shown (the caller asks again)."""
        app = question.application
        tips = self.tips
        keys = [_stop_on_sigint(), *extra] + ([_tips_key()] if tips else [])
        app.key_bindings = merge_key_bindings(
            [b for b in (app.key_bindings, *keys) if b is not None]
        )
        handlers = {number: signal.getsignal(number) for number in _STOP_SIGNALS}
        app.pre_run_callables.append(lambda: _stop_signals_in_loop(app, handlers))
        try:
            answer = question.unsafe_ask()
        except EOFError:  # Ctrl-D on an empty answer ends input: stop, as Ctrl-C does
            raise KeyboardInterrupt from None
        finally:  # closing prompt_toolkit's loop resets them: put back the interview's own
            for number, handler in handlers.items():
                with contextlib.suppress(ValueError, OSError, TypeError):
                    signal.signal(number, handler)
        if answer is SHOW_TIPS and tips is not None:
            tips()
        return answer

    def text(
        self,
        message: str,
        *,
        default: str = "",
        validate: Validator | None = None,
        multiline: bool = False,
        instruction: str = "",
    ) -> str:
        def check(value: str) -> bool | str:
            if has_bytes_not_text(value):
                return NOT_TEXT
            if validate is None:
                return True
            problem = validate(value)
            return True if problem is None else problem

        if multiline:
            # Long answers start on their own line, so they wrap at the terminal's edge
            # instead of in the narrow space left after the question.
            message = f"{message}\n"
        extra = [_long_answer_keys()] if multiline else []
        shown = default
        while True:
            question = questionary.text(
                message,
                default=shown,
                validate=check,
                multiline=multiline,
                instruction=instruction,  # "" rather than questionary's Esc-Enter line
                style=_STYLE,
                **self._io,
            )
            try:
                answer = self._run(question, *extra)
            except KeyboardInterrupt as stop:
                typed = question.application.current_buffer.text
                if typed != default and typed.strip() and not has_bytes_not_text(typed):
                    stop.typed = typed  # type: ignore[attr-defined]  # kept as a draft
                raise
            if answer is not SHOW_TIPS:
                return str(answer)
            shown = question.application.current_buffer.text  # what was typed stays

    def select(
        self,
        message: str,
        choices: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        keys: Sequence[str] = (),
    ) -> str:
        """``keys``: one key per choice (such as the digits of a scale) that moves to it."""
        options = [
            questionary.Choice(title=label, value=value, shortcut_key=key or None)
            for (value, label), key in zip(choices, [*keys, *[""] * len(choices)], strict=False)
        ]
        values = [value for value, _ in choices]
        instruction = (
            "(a number key or the arrow keys, then Enter)"
            if keys
            else "(use the arrow keys, Enter to pick)"
        )
        while True:
            start = next((option for option in options if option.value == default), None)
            question = questionary.select(
                message,
                choices=options,
                default=start,
                style=_STYLE,
                instruction=instruction,
                use_shortcuts=bool(keys),
                **self._io,
            )
            picked = self._run(question)
            # Ctrl-T (the tips), or Esc then Enter makes questionary return an empty string rather than a
            # choice: ask again instead of saving nothing.
            if picked in values:
                return str(picked)

    def checkbox(
        self, message: str, choices: Sequence[tuple[str, str]], *, checked: Sequence[str] = ()
    ) -> list[str]:
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        options = [
            questionary.Choice(title=label, value=value, checked=value in checked)
            for value, label in choices
        ]
        while True:
            question = questionary.checkbox(
                message,
                choices=options,
                style=_STYLE,
                instruction="(Space to tick or untick, Enter when done)",
                erase_when_done=True,  # replaced below by what was ticked
                **self._io,
            )
            answer = self._run(question)
            if answer is not SHOW_TIPS:
                break
        picked = [str(value) for value in answer]
        labels = dict(choices)
        ticked = ", ".join(labels[value] for value in picked) or "nothing ticked"
        print_formatted_text(
            FormattedText(
                [
                    ("class:qmark", "?"),
                    ("class:question", f" {message} "),
                    ("class:answer", ticked),
                ]
            ),
            style=_STYLE,
            **({"output": self._io["output"]} if "output" in self._io else {}),
        )
        return picked

    def form(self, message: str, fields: Sequence[FormField]) -> list[str]:
        """Several fields on one screen (see ``form``)."""
        from spreadkit.interview.form import run_form

        return run_form(message, fields, style=_STYLE, extra=_stop_on_sigint(), io=self._io)

    def confirm(self, message: str, *, default: bool = True) -> bool:
        while True:
            question = questionary.confirm(message, default=default, style=_STYLE, **self._io)
            answer = self._run(question)
            if answer is not SHOW_TIPS:
                return bool(answer)
