"""Issue 23, item 6, through a real pseudo-terminal: a site half entered (eight fields typed:
its quick line, then lines of the form of more details), then Ctrl-C; the next run offers it
first, filled in on one screen, and the person finishes it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from spreadkit.answers.loading import read_answers
from spreadkit.framework.model import Framework
from spreadkit.interview.quick import shown
from spreadkit.interview.record_form import on_a_line

from .conftest import EXAMPLE_ANSWERS
from .keystrokes import UP, line_text, type_line
from .test_pty import _expect, _spawn

pexpect = pytest.importorskip("pexpect", reason="pexpect drives a pseudo-terminal (not on Windows)")

TAB = "\t"


def _on_screen(child: Any, text: str) -> None:
    """``text`` drawn on the terminal, where a space may be drawn by moving the cursor on."""
    child.expect(r"(?:\x1b\[\d*C| )+".join(re.escape(word) for word in text.split(" ")))


@pytest.mark.timeout(120)
def test_ctrl_c_eight_fields_into_a_new_site_then_carry_on(
    tmp_path: Path, framework: Framework
) -> None:
    # the example plan without its sites: `--only-new` then asks the sites alone, quickly
    data = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    del data["answers"]["ready"]["sites"]
    for action in data["answers"].get("implement", {}).get("actions", []):
        action.pop("site", None)
    path = tmp_path / "team.answers.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    before = read_answers(path, framework)
    section = framework.section("ready")
    assert section is not None
    sites = section.question("sites")
    assert sites is not None and sites.quick
    # the form of more details: every field not on the quick line, each a line of its own
    details = [f for f in sites.fields if f.id not in sites.quick]
    assert len(details) > 5 and all(on_a_line(f) and not f.required for f in details)

    child = _spawn(tmp_path, "--answers", str(path), "--only-new")
    _expect(child, "Target adopters: what next?")
    child.send(UP + "\r")  # from "Skip for now" up to "Add an adopting site"
    typed: dict[str, Any] = type_line(child, sites, before)  # its quick line
    name = typed[sites.fields[0].id]
    _expect(child, f"More details for “{name}”?")  # (y/N): No is the default
    child.send("y")
    _expect(child, f"More on {name}")
    _expect(child, f"{details[0].title} (optional):")
    for number, field in enumerate(details[: 8 - len(sites.quick)]):
        value, text = line_text(field, before)
        child.send(text + (TAB if number % 2 else "\r"))  # Tab or Enter: the next line
        typed[field.id] = value
    assert len(typed) == 8
    child.sendintr()  # on the ninth field, untyped: the keys are read in the order pressed
    _expect(child, "kept as a draft")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert read_answers(path, framework).get("ready", "sites") is None

    child = _spawn(tmp_path, "--answers", str(path), "--only-new")
    _expect(child, f"Carry on with the adopting site you were adding ({name})")
    child.send("\r")  # offered first, and the default
    _expect(child, "Your unfinished adopting site from last time is filled in")
    lines = [f for f in sites.fields if on_a_line(f)]
    for field in lines:  # the whole site on one screen, each value typed last time filled in
        _expect(child, f"{field.title}" + ("" if field.required else " (optional)") + ":")
        if field.id in typed:
            _on_screen(child, shown(field, typed[field.id], quote=False))
    for field in lines:
        if field.id in typed:
            child.send("\r")  # each value typed last time is offered: Enter keeps it
            continue
        value, text = line_text(field, before)
        child.send(text + "\r")  # the last Enter saves
        if value is not None:
            typed[field.id] = value
    _expect(child, "Target adopters: what next?")  # the site is saved before this is asked
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    (site,) = read_answers(path, framework).get("ready", "sites")
    assert site == typed
    assert not (tmp_path / ".team.answers.yml.drafts.json").exists()
