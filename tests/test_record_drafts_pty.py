"""Issue 23, item 6, through a real pseudo-terminal: a site half entered (eight fields typed),
then Ctrl-C; the next run offers it first, filled in, and the person finishes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from spreadkit.answers.progress import field_is_asked
from spreadkit.answers.reading import read_answers
from spreadkit.framework.model import Framework

from .conftest import EXAMPLE_ANSWERS
from .test_pty import UP, _expect, _spawn, _type_value

pexpect = pytest.importorskip("pexpect", reason="pexpect drives a pseudo-terminal (not on Windows)")


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
    assert sites is not None
    asked = [f for f in sites.fields if field_is_asked(before, f, {})]

    child = _spawn(tmp_path, "--answers", str(path), "--only-new")
    _expect(child, "Target adopters: what next?")
    child.send(UP + "\r")  # from "Skip for now" up to "Add an adopting site"
    typed: dict[str, Any] = {}
    for field in asked[:8]:
        value = _type_value(child, field, before)
        if value is not None:
            typed[field.id] = value
    _expect(child, asked[8].prompt)
    child.sendintr()
    _expect(child, "kept as a draft")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert read_answers(path, framework).get("ready", "sites") is None

    child = _spawn(tmp_path, "--answers", str(path), "--only-new")
    _expect(child, "Carry on with the adopting site you were adding (Typed text)")
    child.send("\r")  # offered first, and the default
    _expect(child, "Your unfinished adopting site from last time is filled in")
    for field in asked[:8]:
        _expect(child, field.prompt)
        child.send("\r")  # each value typed last time is offered: Enter keeps it
    for field in asked[8:]:
        value = _type_value(child, field, before)
        if value is not None:
            typed[field.id] = value
    _expect(child, "Target adopters: what next?")  # the site is saved before this is asked
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert read_answers(path, framework).get("ready", "sites") == [typed]
    assert not (tmp_path / ".team.answers.yml.drafts.json").exists()
