"""Issue 23, done when: random answers written through every writer (the interview's save,
`checkin`, `import`) read back through every command with no failure.

The values are the ones that broke saves before: every word YAML 1.1 reads as something other
than text, exponents, numbers huge and tiny, control characters, very long text. A writer either
saves a file every command reads, with the values as given, or refuses in one line and leaves
the file as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import write_answers
from spreadkit.app.importing import ImportOptions, run_import
from spreadkit.core.environment import Environment
from spreadkit.core.errors import SpreadkitError
from spreadkit.framework import values
from spreadkit.framework.model import Framework, QuestionType

from .conftest import NORTHFIELD_CHECKINS, Cli
from .strategies import any_text
from .trackers import append, edit, find_row, write_tracker

MEASURE = "Wait for a first physiotherapy appointment"
TASK = "Wave 2 learning event"

#: Every plain word YAML 1.1 (PyYAML) reads as true/false, nothing, a number or a date.
YAML11_WORDS = [
    *(w for word in ("yes", "no", "on", "off", "true", "false", "y", "n") for w in
      (word, word.upper(), word.capitalize())),
    "~", "null", "Null", "NULL", "", "1:20", "-1:20:30", "0777", "0o17", "0x1F", "0b101", "1_000",
    "2027-10-01", "2027-10-01 12:30:00", "5e-05", "1e+308", "1.0e+308", "-.inf", ".NaN", "=",
    "<<", "- a", "? x", "a: b", "#not a comment", "'quoted'", '"double"', "@x", "`x", "|", ">",
    "%YAML", "---", "...", "!tag", "&anchor", "*alias",
]  # fmt: skip
CONTROL = "".join(chr(c) for c in (*range(0, 32), 127, 0x85, 0x2028, 0x2029, 0xFEFF))

texts = st.one_of(
    st.sampled_from(YAML11_WORDS),
    st.text(alphabet=st.sampled_from(CONTROL + "ab :#'\"\\-é"), max_size=30),
    st.builds(lambda n, c: c * n, st.integers(33_000, 40_000), st.sampled_from("xé\n ")),
    any_text(max_size=40),
)
numbers = st.one_of(
    st.sampled_from([0.00005, 5e-05, 1e-300, 1e15, -1e15, 1e16, 1e308, 10**400, 0.1, 2**53 + 1]),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.integers(-(10**17), 10**17),
)
WRITERS = ("interview", "checkin", "import")
COMMANDS: list[tuple[str, ...]] = [
    ("validate",),
    ("status",),
    ("history",),
    ("report", "-o", "-"),
    ("render", "-o", "-"),
    ("export", "-t", "actions"),
]
SETTINGS = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),  # no slow "explain"
)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _interview(path: Path, framework: Framework, title: str, owner: str, number: Any) -> None:
    """What the interview's save does with answers a person typed: each checked as the prompt
    checks it (a value the prompt refuses is never saved), then the answers file written."""
    answers = read_answers(path, framework)
    title = values.check(_text_question(), title) if title.strip() else "Untitled"
    answers = answers.with_detail("title", title)
    actions = [dict(a) for a in answers.get("implement", "actions")]
    actions[0]["owner"] = values.check(_text_question(), owner) if owner.strip() else "Lead"
    answers = answers.with_value("implement", "actions", actions)
    question = framework.section("analyse").question("aim_baseline")  # type: ignore[union-attr]
    assert question is not None and question.type is QuestionType.NUMBER
    answers = answers.with_value("analyse", "aim_baseline", values.check(question, number))
    write_answers(path, answers, framework)


def _text_question() -> Any:
    from spreadkit.framework.content import load_framework

    question = load_framework().section("analyse").question("aim")  # type: ignore[union-attr]
    assert question is not None
    return question


def _checkin(path: Path, title: str, owner: str, number: Any) -> tuple[int, str]:
    result = Cli()(
        "checkin",
        str(path),
        "--no-input",
        "--date",
        "2028-06-01",
        "--set",
        f"plan.title={title}",
        "--set",
        f"implement.actions[{TASK}].owner={owner}",
        "--reading",
        f"{MEASURE}={number}",
    )
    return result.exit_code, result.output


def _import(path: Path, framework: Framework, owner: str, number: Any, folder: Path) -> None:
    book = write_tracker(framework, read_answers(path, framework), folder / "t.xlsx")
    edit(book, "actions", find_row(book, "actions", TASK), "Owner", owner)
    cell = number if abs(number) < 1e300 else str(number)  # a cell holds a float, or text
    append(book, "readings", {"Measure": MEASURE, "Date": dt.date(2028, 6, 1), "Value": cell})
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO())
    run_import(env, ImportOptions(path, book, yes=True, date="2028-06-01"))


@SETTINGS
@given(writer=st.sampled_from(WRITERS), title=texts, owner=texts, number=numbers)
def test_whatever_a_writer_saves_every_command_reads(
    tmp_path_factory: pytest.TempPathFactory,
    framework: Framework,
    writer: str,
    title: str,
    owner: str,
    number: Any,
) -> None:
    folder = tmp_path_factory.mktemp("save")
    path = folder / "plan.answers.yml"
    shutil.copy(NORTHFIELD_CHECKINS, path)  # comments: updated in place by ruamel.yaml
    before = _digest(path)
    try:
        if writer == "interview":
            _interview(path, framework, title, owner, number)
        elif writer == "checkin":
            status, output = _checkin(path, title, owner, number)
            assert status in (0, 1) and "unexpected problem" not in output, output
            if status:
                raise SpreadkitError(output)
        else:
            _import(path, framework, _cell_text(owner), number, folder)
    except (SpreadkitError, values.BadValue):
        event(f"{writer}: refused")
        assert _digest(path) == before  # refused: the file is as it was
        return
    event(f"{writer}: saved")
    for command in COMMANDS:
        result = Cli()(command[0], str(path), *command[1:])
        assert result.exit_code == 0, (writer, command, result.output[-500:])
    saved = read_answers(path, framework)
    if writer == "checkin":
        assert saved.checkins[-1].values_read[MEASURE] == number


def _cell_text(text: str) -> str:
    """What a spreadsheet cell can hold: no control characters (openpyxl refuses them)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", text)[:32_767]
