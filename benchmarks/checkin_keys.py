"""Run: SPREADKIT_CACHE= python benchmarks/checkin_keys.py [--changes]

A quarterly check-in of examples/northfield-fcp-checkins.answers.yml through the real
questionary prompts (a pipe), counting prompts and keys. Without --changes every prompt gets
Enter (nothing changed). With --changes a person makes five changes: Ivel Valley PCN goes live
with 2 posts, Harrowfield PCN reaches 2 posts, "Recruit Wave 2 physiotherapists" is done, the
first open risk becomes less likely (3), and one measure gets a reading. Each prompt's keys are
decided from its words, so the same script drives any version of the check-in."""

import io
import shutil
import sys
import tempfile
from pathlib import Path

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from spreadkit.answers.loading import read_answers
from spreadkit.app.checking_in import CheckinOptions, run_checkin
from spreadkit.core.environment import Environment
from spreadkit.framework import packs
from spreadkit.interview.prompter import QuestionaryPrompter

DOWN, UP, BACKSPACE = "\x1b[B", "\x1b[A", "\x7f"
CHANGES = "--changes" in sys.argv


def pick(value):
    """Arrow keys from the offered choice to ``value``, then Enter."""

    def keys(choices, default):
        values = [v for v, _ in choices]
        start = values.index(default) if default in values else 0
        steps = values.index(value) - start
        return [DOWN] * steps if steps >= 0 else [UP] * -steps

    return keys


# (words in the prompt, keys before Enter); each rule is used once, first match wins
RULES = [
    ("Ivel Valley PCN: any change", ["y"]),  # since issue 29: "any change?" first
    ("Harrowfield PCN: any change", ["y"]),
    ("Ivel Valley PCN: status", pick("live")),
    ("Ivel Valley PCN: how many", ["2"]),
    ("Harrowfield PCN: how many", [BACKSPACE, "2"]),
    ("Recruit Wave 2 physiotherapists: status", pick("done")),
    ("Not enough physiotherapists apply for FCP posts: any change", ["y"]),
    ("How likely is it?", ["3"]),
    ("Wait for a first physiotherapy appointment: value now", ["2", "1"]),
]


class Counted(QuestionaryPrompter):
    def __init__(self, pipe):
        super().__init__(input=pipe, output=DummyOutput())
        self.pipe, self.prompts, self.keys, self.rules = (
            pipe,
            [],
            [],
            list(RULES if CHANGES else []),
        )

    def _press(self, message, choices=None, default=None, enter=True):
        self.prompts.append(message)
        keys = []
        for rule in self.rules:
            if rule[0] in message:
                self.rules.remove(rule)
                keys = rule[1](choices, default) if callable(rule[1]) else list(rule[1])
                break
        if enter and not (keys == ["y"]):
            keys.append("\r")
        self.keys.extend(keys)
        self.pipe.send_text("".join(keys))

    def text(self, message, **kw):
        self._press(message)
        return super().text(message, **kw)

    def select(self, message, choices, **kw):
        self._press(message, choices, kw.get("default"))
        return super().select(message, choices, **kw)

    def checkbox(self, message, choices, **kw):
        self._press(message)
        return super().checkbox(message, choices, **kw)

    def confirm(self, message, **kw):
        self._press(message)
        return super().confirm(message, **kw)


folder = Path(tempfile.mkdtemp())
path = folder / "nf.answers.yml"
shutil.copy("examples/northfield-fcp-checkins.answers.yml", path)
env = Environment(
    stdin=io.StringIO(),
    stdout=io.StringIO(),
    stderr=io.StringIO(),
    stdin_isatty=True,
    stdout_isatty=True,
    variables={"NO_COLOR": "1"},
)
made = []
with create_pipe_input() as pipe:

    def prompter():
        made.append(Counted(pipe))
        return made[-1]

    status = run_checkin(env, CheckinOptions(path, date="2028-07-03"), prompter)
counted = made[0]
latest = read_answers(path, packs.load(None)).checkins[-1]
changes = [c.path for c in latest.answer_changes()]
if "-v" in sys.argv:
    print("\n".join(counted.prompts))
    print(env.stdout.getvalue())
print(
    f"exit {status}; {'five changes' if CHANGES else 'no changes'}: {len(counted.prompts)} prompts, "
    f"{len(counted.keys)} keys (Enter {counted.keys.count(chr(13))}); recorded "
    f"{len(changes)} answer changes and {len(latest.readings)} readings; rules unused: "
    f"{[r[0] for r in counted.rules]}"
)
