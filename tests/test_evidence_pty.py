"""Issue 28 through a real pseudo-terminal: a person ends an answer with a source's id in
brackets and `~`, pressing the keys they would; the answer is saved without the ending, citing
the source and marked as assumed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from spreadkit.answers.loading import read_answers
from spreadkit.framework.model import Framework

from .conftest import NORTHFIELD
from .test_pty import _expect, _spawn

pexpect = pytest.importorskip("pexpect", reason="pexpect drives a pseudo-terminal (not on Windows)")


@pytest.mark.timeout(90)
def test_an_answer_ending_in_a_source_and_a_tilde_cites_it_and_marks_it_assumed(
    tmp_path: Path, framework: Framework
) -> None:
    # the Northfield example without its evidence: `--only-new` then asks that question alone
    data = yaml.safe_load(NORTHFIELD.read_text(encoding="utf-8"))
    del data["answers"]["analyse"]["evidence"]
    data["citations"] = {k: v for k, v in data["citations"].items() if k != "analyse.evidence"}
    path = tmp_path / "team.answers.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    child = _spawn(tmp_path, "--answers", str(path), "--only-new")
    _expect(child, "What evidence shows that it worked?")
    child.send("Four in five pilot patients needed no GP appointment [S1] ~\r")
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    answers = read_answers(path, framework)
    assert answers.get("analyse", "evidence") == (
        "Four in five pilot patients needed no GP appointment"
    )
    assert answers.citations["analyse.evidence"] == ("S1",)
    assert "analyse.evidence" in answers.assumptions
