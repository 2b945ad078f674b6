"""A short check-in through a real pseudo-terminal, with the keys a person presses."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from spreadkit.answers import history
from spreadkit.answers.loading import read_answers
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
        ("Aldbrook PCN: any change?", "y"),
        ("Aldbrook PCN: status", DOWN + "\r"),  # preparing -> live
        ("went live on", "\r"),  # the check-in's date is offered
        ("Aldbrook PCN: target", "\r"),
        ("how many so far (target 2), in the aim’s unit", "2\r"),  # going live: none offered
        ("any change in readiness?", "\r"),  # No
        ("Wait in days: value now", "42\r"),
        ("Recruit physiotherapists: status", "\r"),
        ("new due date", "31/12/2027\r"),  # overdue (30 September)
        ("Too few applicants · likelihood 4, impact 4 · review 1 September 2027 (passed)", ""),
        ("Too few applicants: any change?", "y"),
        ("Status", "\r"),  # open
        ("How likely is it?", "3\r"),
        ("How bad would it be?", "\r"),
        ("What will reduce it?", "\r"),
        ("next review date (the last one has passed)", "\r"),  # a quarter on is offered
        ("Anything to add or close?", "\r"),
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
        "implement.risks[Too few applicants].review": (dt.date(2027, 9, 1), dt.date(2028, 1, 1)),
    }
    assert checkin.values_read == {"Wait in days": 42} and checkin.note == "Quarter 3"
    assert history.get_path(answers, "ready.sites[Aldbrook PCN].status") == "live"


PROGRAMME = SMALL.replace(
    "      review: 2027-09-01\n      status: open\n",
    "".join(
        f"      review: 2027-12-01\n      status: open\n    - risk: {name}\n      likelihood: 2\n"
        "      impact: 3\n"
        for name in ("Rooms are short", "Funding ends")
    )
    + "      review: 2027-12-01\n      status: open\n",
)


def _spawn(tmp_path: Path, target: Path) -> Any:
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1", "TERM": "xterm"}
    exe = shutil.which("spreadkit", path=str(Path(sys.executable).parent)) or "spreadkit"
    return pexpect.spawn(
        exe,
        ["checkin", "--answers", target.name, "--date", "2027-10-01"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=15,
        dimensions=(50, 120),
    )


def test_a_checkin_adds_a_site_an_action_and_a_risk_and_carries_on_after_ctrl_c(
    tmp_path: Path, framework: Framework
) -> None:
    """Unchanged risks pass with one key each (n); Ctrl-C at "Anything to add or close?"
    stops; the same command carries on there, not at the first site."""
    target = tmp_path / "programme.answers.yml"
    target.write_text(PROGRAMME, encoding="utf-8")
    child = _spawn(tmp_path, target)
    for prompt, typed in [
        ("Aldbrook PCN: any change?", "n"),
        ("Wait in days: value now", "\r"),
        ("Recruit physiotherapists: status", "\r"),
        ("Recruit physiotherapists: new due date", "\r"),  # overdue: asked, left blank
        ("Too few applicants: any change?", "n"),  # one key for each unchanged risk
        ("Rooms are short: any change?", "n"),
        ("Funding ends: any change?", "n"),
        ("Anything to add or close?", DOWN + "\r"),  # Add an adopting site
        (
            "New adopting site: site, team or organisation; phase; planned go-live; target",
            "Greater Manchester, , 2028-01-01, 4\r",
        ),
        ("More details for “Greater Manchester”?", "n"),
        ("Anything to add or close?", DOWN * 2 + "\r"),  # Add an action
        ("New action: task; owner; due; status", "Recruit a GM lead, Programme lead, 31/12/2027\r"),
        ("More details for “Recruit a GM lead”?", "n"),
        ("Anything to add or close?", "\x03"),  # Ctrl-C
    ]:
        child.expect(re.escape(prompt))
        child.send(typed)
    child.expect("carry on")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    child = _spawn(tmp_path, target)
    child.expect("from where you stopped")
    child.expect(re.escape("Anything to add or close?"))  # not "Aldbrook PCN: any change?"
    assert "Aldbrook PCN" not in child.before
    for prompt, typed in [
        ("", DOWN * 3 + "\r"),  # Add a risk
        ("New risk: ", "GM lead not appointed, 3, 4, Programme lead, 2028-01-15\r"),
        ("More details for “GM lead not appointed”?", "n"),
        ("Anything to add or close?", "\r"),  # Nothing more
        ("Re-rate the sustainability factors?", "\r"),
        ("A note on this check-in", "Cohort 2\r"),
    ]:
        child.expect(re.escape(prompt))
        child.send(typed)
    child.expect(re.escape("Recorded the check-in of 1 October 2027"))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    answers = read_answers(target, framework)
    (checkin,) = answers.checkins
    changed = {c.path: c.now for c in checkin.answer_changes()}
    assert changed == {
        "ready.sites[Greater Manchester]": {
            "name": "Greater Manchester",
            "golive_planned": dt.date(2028, 1, 1),
            "target": 4,
        },
        "implement.actions[Recruit a GM lead]": {
            "task": "Recruit a GM lead",
            "owner": "Programme lead",
            "due": dt.date(2027, 12, 31),
            "status": "not-started",  # the content's default, as Enter would have kept it
        },
        "implement.risks[GM lead not appointed]": {
            "risk": "GM lead not appointed",
            "likelihood": 3,
            "impact": 4,
            "owner": "Programme lead",
            "review": dt.date(2028, 1, 15),
            "kind": "risk",
            "status": "open",
        },
    }
    assert checkin.note == "Cohort 2"
