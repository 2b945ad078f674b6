"""Records that do not fit the terminal become cards: tested at 80 columns, as in the issue."""

from __future__ import annotations

import io
from typing import Any

from spreadkit.answers.loading import read_answers
from spreadkit.core.environment import Environment
from spreadkit.framework.model import Framework
from spreadkit.terminal import display

from .conftest import NORTHFIELD


def _shown(framework: Framework, question_id: str, columns: int) -> str:
    answers = read_answers(NORTHFIELD, framework)
    section = "ready" if question_id == "sites" else "implement"
    question: Any = framework.section(section).question(question_id)  # type: ignore[union-attr]
    env = Environment(
        stdin=io.StringIO(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin_isatty=True,
        stdout_isatty=True,
        variables={"NO_COLOR": "1", "COLUMNS": str(columns)},
    )
    display.records(env, question, answers.get(section, question_id))
    return env.stdout.getvalue()


def test_fifteen_columns_of_sites_at_80_columns_are_cards(framework: Framework) -> None:
    shown = _shown(framework, "sites", 80)
    lines = shown.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in shown  # nothing cut short ("Seabr… Gener…")
    assert "1. Aldbrook PCN" in lines and "8. Ivel Valley PCN" in lines
    assert "   Planned go-live:        1 October 2026" in lines  # labels lined up, one per line
    assert "┃" not in shown  # no table


def test_a_table_that_fits_stays_a_table(framework: Framework) -> None:
    shown = _shown(framework, "budget", 140)
    assert "┃ Item" in shown and "1. " not in shown
    assert "┃" not in _shown(framework, "budget", 60)  # the same records, narrower: cards
