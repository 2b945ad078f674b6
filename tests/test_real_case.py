"""Issue 15: a real, published multi-site spread (first point of contact physiotherapy, from a
Nottingham pilot to every STP) is held in structured answers, not typed into free text."""

from __future__ import annotations

from pathlib import Path

from .conftest import ROOT

REAL_CASE = ROOT / "tests" / "data" / "nottingham-fcp.answers.yml"


def test_the_real_case_validates(cli) -> None:
    result = cli("validate", str(REAL_CASE))
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_the_real_case_renders_its_aim_phases_sites_and_measures(cli, tmp_path: Path) -> None:
    target = tmp_path / "real.plan.md"
    result = cli("render", str(REAL_CASE), "--output", str(target), "--document", "workbook")
    assert result.exit_code == 0, result.output
    plan = target.read_text(encoding="utf-8")
    assert "44 STPs" in plan  # the aim's target, in the unit the team chose
    assert "| Nottingham pilot |" in plan and "| National rollout |" in plan  # phases as rows
    assert "NHS England, which endorsed the scheme" in plan  # who decides at the phase's end
    # each site is a row that belongs to a phase, and "At a glance" groups them by phase
    assert (
        "| University practice, Nottingham | GP practice | Innovator | Nottingham pilot |" in plan
    )
    assert "Nottingham pilot: 2 sites" in plan
    # the measures keep their kind (outcome, balancing) in their own column
    assert "Cost against GP care" in plan and "Balancing" in plan
