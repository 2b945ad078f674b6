"""A short check-in through a real pseudo-terminal, with the keys a person presses."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from spreadkit.answers import history
from spreadkit.answers.reading import read_answers
from spreadkit.framework.model import Framework

pexpect = pytest.importorskip("pexpect", reason="pexpect drives a pseudo-terminal (not on Windows)")

DOWN = "\x1b[B"
BACKSPACE = "\x7f"
SMALL = """\
spreadkit: 0.1.0
framework:
  id: hee-spread-adoption
  version: 2019.11-1
plan:
  title: A small programme
answers:
  ready:
    sites:
    - name: Aldbrook PCN
      target: 2
      actual: 0
      status: preparing
  implement:
    actions:
    - task: Recruit physiotherapists
      owner: Workforce lead
      due: 2027-09-30
      status: in-progress
    measures:
    - measure: Wait in days
      when: before
      frequency: quarterly
    risks:
    - risk: Too few applicants
      likelihood: 4
      impact: 4
      review: 2027-09-01
      status: open
"""


def test_a_short_checkin_in_a_terminal(tmp_path: Path, framework: Framework) -> None:
    target = tmp_path / "small.answers.yml"
    target.write_text(SMALL, encoding="utf-8")
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1", "TERM": "xterm"}
    exe = shutil.which("spreadkit", path=str(Path(sys.executable).parent)) or "spreadkit"
    child = pexpect.spawn(
        exe,
        ["checkin", "--answers", target.name],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=15,
        dimensions=(50, 200),
    )
    keys = [
        ("Date of this check-in", BACKSPACE * 10 + "2027-10-01\r"),  # today's date is offered
        ("Aldbrook PCN: status", DOWN + "\r"),  # preparing -> live
        ("went live on", "\r"),  # the check-in's date is offered
        ("how many so far", BACKSPACE + "2\r"),
        ("any change in readiness?", "\r"),  # No
        ("Wait in days: value now", "42\r"),
        ("Recruit physiotherapists: status", "\r"),
        ("revised due date", "31/12/2027\r"),
        ("Too few applicants · past its review date", ""),
        ("Status", "\r"),  # open
        ("How likely is it?", "3\r"),
        ("How bad would it be?", "\r"),
        ("When is it next reviewed?", "\r"),
        ("Re-rate the sustainability factors?", "\r"),
        ("A note on this check-in", "Quarter 3\r"),
    ]
    for prompt, typed in keys:
        child.expect(re.escape(prompt))
        child.send(typed)
    child.expect(re.escape("Recorded the check-in of 1 October 2027"))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    answers = read_answers(target, framework)
    (checkin,) = answers.checkins
    changed = {c.path: (c.was, c.now) for c in checkin.answer_changes()}
    assert changed == {
        "ready.sites[Aldbrook PCN].status": ("preparing", "live"),
        "ready.sites[Aldbrook PCN].golive_actual": (None, dt.date(2027, 10, 1)),
        "ready.sites[Aldbrook PCN].actual": (0, 2),
        "implement.actions[Recruit physiotherapists].revised_due": (None, dt.date(2027, 12, 31)),
        "implement.risks[Too few applicants].likelihood": (4, 3),
    }
    assert checkin.values_read == {"Wait in days": 42} and checkin.note == "Quarter 3"
    assert history.get_path(answers, "ready.sites[Aldbrook PCN].status") == "live"
