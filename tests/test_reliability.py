"""Nothing lost, nothing leaked: bad input, faults and careless use. README "Reliability" cites these."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers, write_answers
from spreadkit.app import commands, rendering
from spreadkit.core.errors import SpreadkitError
from spreadkit.core.formats import OutputFormat
from spreadkit.files import atomic
from spreadkit.files.locking import lock_path, locked
from spreadkit.framework.model import Framework
from spreadkit.framework.values import FIRST_DATE, LAST_DATE

from .conftest import EXAMPLE_ANSWERS, EXAMPLES, Cli
from .strategies import any_text

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(),  # NaN and infinities included
    st.dates(),  # years 1 to 9999
    any_text(max_size=30),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=12),  # escapes and controls
    st.text(alphabet=st.characters(min_codepoint=0x80, max_codepoint=0x2FFF), max_size=20),
    st.sampled_from(
        ["analyse", "message", "2027-02-30", "31/01/2027", "champion", "yes", "|", "<script>", "~"]
    ),
)
yaml_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(any_text(max_size=12), inner, max_size=4)
    ),
    max_leaves=25,
)
EXAMPLE_DATA = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))


def _nested(depth: int, style: str) -> str:
    if style == "flow":
        return "[" * depth + "]" * depth
    return "\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(depth)) + "  " * depth + " x"


# YAML that is small but hostile: nesting past any real file, aliases that contain themselves.
hostile_yaml = st.one_of(
    st.builds(_nested, st.integers(50, 700), st.sampled_from(["flow", "block"])),
    st.sampled_from(["&a {analyse: *a}", "&a [*a]", "{x: &a [1, {y: *a}]}", "[&b [1], *b, *b]"]),
)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _mutate(data: Any, draw: Any) -> Any:
    """Replace one value somewhere in ``data`` with a random one, or rename or drop a key."""
    if isinstance(data, dict) and data:
        key = draw(st.sampled_from(sorted(data, key=str)))
        action = draw(st.sampled_from(["replace", "rename", "drop", "descend"]))
        copy = dict(data)
        if action == "replace":
            copy[key] = draw(yaml_values)
        elif action == "rename":
            copy[str(key) + draw(any_text(min_size=1, max_size=3))] = copy.pop(key)
        elif action == "drop":
            copy.pop(key)
        else:
            copy[key] = _mutate(copy[key], draw)
        return copy
    if isinstance(data, list) and data:
        index = draw(st.integers(0, len(data) - 1))
        copy = list(data)
        copy[index] = _mutate(copy[index], draw) if draw(st.booleans()) else draw(yaml_values)
        return copy
    return draw(yaml_values)


@st.composite
def answers_files(draw: Any) -> str:
    kind = draw(
        st.sampled_from(["mutated", "random-yaml", "random-text", "hostile-yaml", "odd-values"])
    )
    if kind == "hostile-yaml":
        where = draw(st.sampled_from(["answers: ", "plan: ", "answers:\n  analyse: ", ""]))
        return where + draw(hostile_yaml) + "\n"
    if kind == "odd-values":
        return yaml.safe_dump(_odd_values(draw), allow_unicode=True)
    if kind == "mutated":
        data = EXAMPLE_DATA
        for _ in range(draw(st.integers(1, 4))):
            data = _mutate(data, draw)
        return yaml.safe_dump(data, allow_unicode=True)
    if kind == "random-yaml":
        return yaml.safe_dump(draw(yaml_values), allow_unicode=True)
    return draw(any_text(max_size=200))


def _odd_values(draw: Any) -> dict[str, Any]:
    """The example with extreme dates, non-finite numbers and escape sequences where they matter."""
    data = yaml.safe_load(yaml.safe_dump(EXAMPLE_DATA))  # a deep copy
    in_range = st.one_of(st.dates(FIRST_DATE, LAST_DATE), st.sampled_from([FIRST_DATE, LAST_DATE]))
    edges = st.sampled_from(
        [
            *(dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(2200, 1, 1)),
            *(dt.date(9999, 12, 1), dt.date(9999, 12, 31)),  # a timeline ends after the last month
        ]
    )
    # Half the time each, values that validate should accept, so that render runs with the rest.
    dates = in_range if draw(st.booleans()) else st.one_of(in_range, edges, st.dates())
    for action in data["answers"]["implement"]["actions"]:
        action["due"] = draw(dates)
    data["plan"]["created"] = draw(dates)
    data["answers"]["ready"]["sites_first_year"] = draw(
        st.integers(1, 1000)
        if draw(st.booleans())
        else st.one_of(
            st.floats(),
            st.integers(-(10**30), 10**30),
            st.sampled_from(["NaN", "Infinity", "-inf", "1e999", ".nan"]),
        )
    )
    data["plan"]["title"] = draw(st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=20))
    return data


COMMANDS = [
    ["validate"],
    ["validate", "--format", "json"],
    ["render"],
    ["render", "--format", "html"],
    ["status"],
    ["export", "--table", "actions"],
    ["plan", "--no-input", "--format", "md", "--answers"],
]


@FUZZ
@given(text=answers_files(), command=st.sampled_from(COMMANDS))
def test_any_answers_file_gives_a_result_or_a_clean_error(
    tmp_path_factory: pytest.TempPathFactory, text: str, command: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "fuzz.answers.yml"
    path.write_text(text, encoding="utf-8")
    before = _digest(path)
    args = (
        [*command[:1], str(path), *command[1:]] if command[0] != "plan" else [*command, str(path)]
    )
    result = Cli()(*args)  # catch_exceptions=False: a traceback fails the test
    assert result.exit_code in (0, 1, 2), result.output
    assert "unexpected problem" not in result.output
    shown = result.stderr + (result.stdout if command[0] in ("status", "validate") else "")
    assert "\x1b" not in shown  # no escape sequence from the file reaches a terminal
    if result.exit_code:
        assert result.stderr.startswith("error: ") or result.stdout.startswith(("error: ", "{")), (
            result.output
        )
    assert "Traceback" not in result.output and "unexpected problem" not in result.output
    assert _digest(path) == before  # an input file is never changed


@FUZZ
@given(data=st.data())
def test_any_content_pack_gives_a_result_or_a_clean_error(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("pack")
    source = EXAMPLES / "sw-network-pack"
    for file in source.iterdir():
        (folder / file.name).write_bytes(file.read_bytes())
    name = data.draw(st.sampled_from(sorted(p.name for p in folder.iterdir())))
    original = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    text = yaml.safe_dump(_mutate(original, data.draw), allow_unicode=True)
    if data.draw(st.integers(0, 3)) == 0:  # now and then, YAML built to exhaust the stack
        text = f"id: {original.get('id', 'x')}\ntips: {data.draw(hostile_yaml)}\n"
    (folder / name).write_text(text, encoding="utf-8")
    digests = {p.name: _digest(p) for p in folder.iterdir()}
    result = Cli()("content", "check", str(folder))
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "unexpected problem" not in result.output
    assert {p.name: _digest(p) for p in folder.iterdir()} == digests


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_whatever_validate_accepts_renders(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    path = tmp_path_factory.mktemp("odd") / "odd.answers.yml"
    path.write_text(yaml.safe_dump(_odd_values(data.draw), allow_unicode=True), encoding="utf-8")
    cli = Cli()
    if cli("validate", str(path)).exit_code != 0:
        event("refused")
        return
    event("accepted")
    for args in (["render"], ["render", "--format", "html"], ["status"]):
        result = cli(args[0], str(path), *args[1:])
        assert result.exit_code == 0, result.output


# -- safe YAML ---------------------------------------------------------------------------------


def test_billion_laughs_is_refused_quickly(cli: Cli, tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join(f"*a{level - 1}" for _ in range(9))
        lines.append(f"a{level}: &a{level} [{refs}]")
    path = tmp_path / "laughs.answers.yml"
    path.write_text("\n".join(lines) + "\nanswers: {}\n", encoding="utf-8")
    started = time.perf_counter()
    result = cli("validate", str(path))
    assert time.perf_counter() - started < 5
    assert result.exit_code == 1 and "too many values" in result.stdout


def test_files_over_5_mb_are_refused(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "big.answers.yml"
    path.write_text(
        "answers:\n  analyse:\n    problem: " + "x" * (5 * 1024 * 1024 + 10) + "\n",
        encoding="utf-8",
    )
    result = cli("render", str(path))
    assert result.exit_code == 1 and "larger than 5 MB" in result.stderr


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['id']",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
        "!!set {a: null}",
    ],
)
def test_yaml_tags_for_objects_are_refused(cli: Cli, tmp_path: Path, tag: str) -> None:
    path = tmp_path / "tag.answers.yml"
    path.write_text(f"answers:\n  analyse:\n    problem: {tag}\n", encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 1 and "is not allowed" in result.stdout


# -- no lost work ----------------------------------------------------------------------------------


def test_a_full_disk_leaves_the_old_file_intact(
    framework: Framework, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "team.answers.yml"
    write_answers(path, read_answers(EXAMPLE_ANSWERS, framework), framework)
    before = path.read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(
        SpreadkitError, match="No space left on device; the previous file is unchanged"
    ):
        write_answers(path, Answers.empty(framework), framework)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.answers.yml"]  # no temp file left


def test_an_edited_plan_is_not_overwritten_without_force(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.md"
    assert cli("render", str(EXAMPLE_ANSWERS), "--output", str(plan)).exit_code == 0
    assert (
        cli("render", str(EXAMPLE_ANSWERS), "--output", str(plan)).exit_code == 0
    )  # ours, unedited
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("## 1. ", "## 1. (edited) "),
        encoding="utf-8",
    )
    edited = plan.read_text(encoding="utf-8")
    result = cli("render", str(EXAMPLE_ANSWERS), "--output", str(plan))
    assert (
        result.exit_code == 1 and "it was edited by hand since spreadkit wrote it" in result.stderr
    )
    assert plan.read_text(encoding="utf-8") == edited
    forced = cli("render", str(EXAMPLE_ANSWERS), "--output", str(plan), "--force")
    assert (
        forced.exit_code == 0 and (tmp_path / "plan.md.bak").read_text(encoding="utf-8") == edited
    )
    assert "(edited)" not in plan.read_text(encoding="utf-8")


def test_a_file_spreadkit_did_not_write_is_not_overwritten(cli: Cli, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("My own notes\n", encoding="utf-8")
    result = cli("render", str(EXAMPLE_ANSWERS), "--output", str(notes))
    assert result.exit_code == 1 and "spreadkit did not write this file" in result.stderr
    assert notes.read_text(encoding="utf-8") == "My own notes\n"


def test_render_never_rewrites_the_answers_file(cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "team.answers.yml"
    answers.write_text(EXAMPLE_ANSWERS.read_text(encoding="utf-8"), encoding="utf-8")
    before = _digest(answers)
    for args in (
        ["render", str(answers)],
        ["render", str(answers), "-f", "html", "-o", str(tmp_path / "p.html")],
        ["status", str(answers)],
        ["plan", "--answers", str(answers), "--no-input"],
    ):
        assert cli(*args).exit_code == 0
    assert _digest(answers) == before


# -- concurrent use ------------------------------------------------------------------------------------


HOLD = """
import sys, time
from pathlib import Path
from spreadkit.files.locking import locked
with locked(Path(sys.argv[1])):
    print("holding", flush=True)
    time.sleep(30)
"""


def test_a_second_session_is_told_who_holds_the_answers(tmp_path: Path) -> None:
    answers = tmp_path / "team.answers.yml"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(answers)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(SpreadkitError) as caught, locked(answers):
            pass
        assert f"in use by another spreadkit plan (process {holder.pid} on" in str(caught.value)
    finally:
        holder.kill()
        holder.wait()
    with locked(answers):  # the kernel let go when the holder died: the lock is not stale
        assert lock_path(answers).is_file()
    assert lock_path(answers).is_file()  # kept: deleting it would let two sessions hold it


def test_a_lock_file_left_by_a_crash_blocks_no_one(tmp_path: Path) -> None:
    answers = tmp_path / "team.answers.yml"
    lock_path(answers).write_text(" process 99999 on elsewhere, since yesterday", encoding="utf-8")
    with locked(answers):
        assert f"process {os.getpid()}" in lock_path(answers).read_text(encoding="utf-8")


def test_two_plan_sessions_cannot_both_write(tmp_path: Path) -> None:
    from spreadkit.app.planning import PlanOptions, run_plan
    from spreadkit.core.formats import PlanFormat

    from .scripted import ScriptedPrompter
    from .scripted import terminal_env as _env

    answers = tmp_path / "team.answers.yml"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(answers)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(SpreadkitError, match="in use by another spreadkit plan"):
            run_plan(
                _env(),
                PlanOptions(answers, None, (PlanFormat.MARKDOWN,)),
                lambda: ScriptedPrompter(),
            )
        assert not answers.exists()
    finally:
        holder.kill()
        holder.wait()


# -- output paths -----------------------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_batch_does_not_write_through_a_symlink(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (out / "south-west-app.plan.md").symlink_to(victim)
    result = cli(
        "render",
        str(EXAMPLE_ANSWERS),
        str(EXAMPLE_ANSWERS).replace("south-west-app", "broken/typo"),
        "--out-dir",
        str(out),
    )
    assert result.exit_code == 1 and "spreadkit does not write through links" in result.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    forced = cli("render", str(EXAMPLE_ANSWERS), "--out-dir", str(out), "--force")
    assert forced.exit_code == 0
    assert victim.read_text(encoding="utf-8") == "precious\n"  # the link was replaced, not followed
    assert not (out / "south-west-app.plan.md").is_symlink()


def test_names_from_data_stay_in_the_output_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "team.answers.yml").write_text("answers: {}\n", encoding="utf-8")
    monkeypatch.chdir(deep)
    out = tmp_path / "out"
    assert cli("render", "../b/team.answers.yml", "--out-dir", str(out)).exit_code == 0
    assert [p.name for p in out.iterdir()] == ["team.plan.md"]
    assert (
        rendering.plan_name("../../etc/passwd.answers.yml", OutputFormat.MARKDOWN)
        == "passwd.plan.md"
    )


# -- unexpected errors -----------------------------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_asking_for_a_report(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(env: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(commands, "list_steps", broken)
    result = cli("steps")
    assert result.exit_code == 70  # a fault of ours, never confused with a user's mistake (1)
    assert result.stderr.strip().splitlines() == [
        "error: spreadkit hit an unexpected problem (RuntimeError: a bug). Please report it, with the output of the same command run with --traceback."
    ]
    with pytest.raises(RuntimeError, match="a bug"):
        cli("--traceback", "steps")
    monkeypatch.setenv("SPREADKIT_DEBUG", "1")
    with pytest.raises(RuntimeError, match="a bug"):
        cli("steps")
