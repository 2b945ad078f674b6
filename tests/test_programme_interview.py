"""The interview asks the programme's questions (issue 15), by a scripted prompter; and
``--as-of`` on render, plan and status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import write_answers
from spreadkit.app.planning import PlanOptions, run_plan
from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus
from spreadkit.core.formats import PlanFormat
from spreadkit.framework.model import Framework

from .conftest import EXAMPLE_ANSWERS, ROOT
from .scripted import ScriptedPrompter, terminal_env

OLD_ANSWERS = ROOT / "tests" / "data" / "south-west-0.1.answers.yml"


def _run(
    path: Path, prompter: ScriptedPrompter, steps: tuple[str, ...], as_of: str | None = None
) -> tuple[ExitStatus, Environment]:
    env = terminal_env()
    options = PlanOptions(path, None, (PlanFormat.MARKDOWN,), steps, as_of=as_of)
    return run_plan(env, options, lambda: prompter), env


def test_step_1_asks_the_aim_with_its_unit_and_the_equality_questions(
    tmp_path: Path, framework: Framework
) -> None:
    prompter = ScriptedPrompter(
        [
            ("In one line, what will spread?", "An APP in every PCN"),
            ("How many, and counted in what unit?", "24"),
            ("In what unit?", "__other__"),  # none of the suggestions
            ("In what unit? (such as", "primary care networks"),
            ("By when?", "31/03/2028"),
            ("Where are you starting from", "3"),
            ("Which groups need particular attention", ["rurality", "deprivation"]),
        ]
    )
    status, _ = _run(tmp_path / "team.answers.yml", prompter, ("1",))
    assert status is ExitStatus.OK and prompter.finished
    answers = read_answers(tmp_path / "team.answers.yml", framework)
    assert answers.get("analyse", "aim") == "An APP in every PCN"
    assert answers.get("analyse", "aim_target") == {"value": 24, "unit": "primary care networks"}
    assert answers.get("analyse", "aim_by") == dt.date(2028, 3, 31)
    assert answers.get("analyse", "aim_baseline") == 3
    assert answers.get("analyse", "equality_groups") == ["deprivation", "rurality"]
    assert "How will you know who the spread reaches, and who it misses? (optional)" in (
        prompter.asked
    )


def test_step_3_phases_then_sites_that_pick_their_phase(
    tmp_path: Path, framework: Framework
) -> None:
    prompter = ScriptedPrompter(
        [
            ("Phases: what next?", "add"),
            ("Name of the phase", "Wave 1"),
            ("When does it run? (optional) Start date", "2027-01-01"),
            ("When does it run? (optional) End date", "2026-12-01"),  # before the start: refused
            ("When does it run? (optional) End date", "30/06/2027"),
            ("Phases: what next?", "add"),
            ("Name of the phase", "Wave 2"),
            ("Phases: what next?", "done"),
            ("Target adopters: what next?", "add"),
            ("New adopting site", "Riverside PCN, wave 2"),  # a phase by its name, any case
            ("More details for “Riverside PCN”?", True),
            ("What kind of organisation", "pcn"),
            ("How ready is it on people", "amber"),
            ("Target adopters: what next?", "done"),
        ]
    )
    status, _ = _run(tmp_path / "team.answers.yml", prompter, ("3",))
    assert status is ExitStatus.OK and prompter.finished
    assert prompter.rejected == ["the end (1 December 2026) is before the start (1 January 2027)."]
    answers = read_answers(tmp_path / "team.answers.yml", framework)
    phases = answers.get("ready", "phases")
    assert phases[0]["dates"] == {"start": dt.date(2027, 1, 1), "end": dt.date(2027, 6, 30)}
    site = answers.get("ready", "sites")[0]
    assert (site["name"], site["kind"], site["phase"]) == ("Riverside PCN", "pcn", "Wave 2")
    assert site["readiness_people"] == "amber"


def test_a_reference_offers_the_records_and_skip(tmp_path: Path, framework: Framework) -> None:
    path = tmp_path / "team.answers.yml"
    path.write_text(
        "answers:\n  ready:\n    phases: [{name: Wave 1}, {name: Wave 2}]\n"
        "    sites: [{name: Northside}]\n",
        encoding="utf-8",
    )
    seen: dict[str, list[str]] = {}

    class Watching(ScriptedPrompter):
        def select(self, message, choices, *, default=None, keys=()):  # type: ignore[no-untyped-def]
            seen.setdefault(message, [label for _, label in choices])
            return super().select(message, choices, default=default, keys=keys)

    prompter = Watching(
        [
            ("Actions", None),  # placeholder, replaced below
        ]
    )
    prompter.script = [
        ("Action plan: what next?", "add"),
        ("New action", "Recruit, Sam"),
        ("More details for", True),
        ("Which phase is it part of?", ""),  # on the form: left blank
        ("Which site is it for?", "northside"),  # a name in any case
        ("Action plan: what next?", "done"),
    ]
    status, _ = _run(path, prompter, ("4",))
    assert status is ExitStatus.OK and prompter.finished
    # the form's line says the records it can point to
    assert "Phase (optional) · Which phase is it part of? (Wave 1, Wave 2)" in prompter.asked
    action = read_answers(path, framework).get("implement", "actions")[0]
    assert "phase" not in action and action["site"] == "Northside"


def test_step_4_money_risks_and_the_other_role(tmp_path: Path, framework: Framework) -> None:
    prompter = ScriptedPrompter(
        [
            ("Project team: what next?", "add"),
            ("New team member", "other, Jo"),
            ("More details for “Jo”?", True),
            ("What is their role?", "Digital lead"),
            ("Project team: what next?", "add"),
            ("New team member", "Evaluator, Ali"),  # a choice by its label
            ("Project team: what next?", "done"),
            ("What risks and issues could hold the spread back?", None),
            ("Risk and issue register: what next?", "add"),
            ("New risk", "Supervisors are scarce, 4, 3"),
            ("Risk and issue register: what next?", "done"),
            ("Budget: what next?", "add"),
            ("New budget line", 'Backfill, "£12,500.505"'),  # finer than pence: refused
            ("New budget line", "Backfill; £12,500.50; ; no"),  # semicolons: commas in parts
            ("Budget: what next?", "done"),
            ("How often does it report?", "quarterly"),
        ]
    )
    # The group prompt is shown, not asked: drop it from the script.
    prompter.script = [s for s in prompter.script if s[1] is not None]
    status, _ = _run(tmp_path / "team.answers.yml", prompter, ("4",))
    assert status is ExitStatus.OK and prompter.finished
    answers = read_answers(tmp_path / "team.answers.yml", framework)
    team = answers.get("implement", "team")
    assert (team[0]["role"], team[0]["name"], team[0]["other_role"]) == (
        "other",
        "Jo",
        "Digital lead",
    )
    assert "other_role" not in team[1]  # asked only for "other"
    assert prompter.asked.count("What is their role? (optional)") == 1
    risk = answers.get("implement", "risks")[0]
    assert (risk["likelihood"], risk["impact"], risk["kind"], risk["status"]) == (
        4,
        3,
        "risk",
        "open",
    )
    assert answers.get("implement", "budget")[0]["amount"] == 12500.5
    assert answers.get("implement", "board_frequency") == "quarterly"
    assert len(prompter.rejected) == 1 and "more than two decimal places" in prompter.rejected[0]


def test_enter_keeps_the_new_kinds_of_answer(tmp_path: Path, framework: Framework) -> None:
    path = tmp_path / "sw.answers.yml"
    # The example as spreadkit writes it: this test is not about keeping a person's comments
    # (test_rerun_one_step_keeps_every_other_answer is), and saves skip ruamel.yaml.
    write_answers(path, read_answers(EXAMPLE_ANSWERS, framework), framework)
    before = read_answers(path, framework)
    prompter = ScriptedPrompter([("Phases: what next?", "edit"), ("Which phase", "0")])
    status, _ = _run(path, prompter, ("3",))
    assert status is ExitStatus.OK and prompter.finished
    assert read_answers(path, framework).values == before.values


def test_rerunning_step_3_of_a_0_1_file_keeps_every_other_answer(
    tmp_path: Path, framework: Framework
) -> None:
    path = tmp_path / "old.answers.yml"
    path.write_text(OLD_ANSWERS.read_text(encoding="utf-8"), encoding="utf-8")
    before = read_answers(path, framework)
    assert before.warnings  # read in the new layout, with the notice
    prompter = ScriptedPrompter([("Who is the senior management sponsor?", "Chief executive")])
    status, env = _run(path, prompter, ("3",))
    assert status is ExitStatus.OK and prompter.finished
    after = read_answers(path, framework)
    assert after.warnings == ()  # saved in the new layout
    for section in framework.sections:
        if section.id != "ready":
            assert after.section(section.id) == before.section(section.id)
    for key, value in before.section("ready").items():
        if key != "senior_sponsor":
            assert after.get("ready", key) == value, key
    text = path.read_text(encoding="utf-8")
    assert "target_sites" not in text and "- name: Acute trust A" in text
    assert "'ready.target_sites' is now 'ready.sites'" in env.stderr.getvalue()


# -- --as-of --------------------------------------------------------------------------------------


def test_status_shows_overdue_actions_as_of_the_plans_date_or_the_given_one(cli) -> None:
    plain = cli("status", str(EXAMPLE_ANSWERS))
    assert plain.exit_code == 0 and "overdue" not in plain.output  # as of 20 November 2026
    later = cli("status", str(EXAMPLE_ANSWERS), "--as-of", "2027-08-01")
    assert later.exit_code == 0
    lines = [line.strip() for line in later.output.splitlines() if "overdue on" in line]
    assert lines == [
        "overdue on 1 August 2027: Raise awareness of the role across the South West — "
        "Workforce transformation lead, due 31 March 2027",
        "overdue on 1 August 2027: Develop the competency framework — "
        "Consultant clinical psychologist, due 30 June 2027",
    ]


def test_a_revised_due_date_moves_an_action_out_of_overdue(cli) -> None:
    revised = (
        "implement.actions=[{task: Raise awareness, owner: Jo, due: 2027-03-31, "
        "revised_due: 2027-09-30, status: at-risk}]"
    )
    result = cli("status", str(EXAMPLE_ANSWERS), "--as-of", "2027-08-01")
    assert "Raise awareness" in result.output
    render = cli("render", str(EXAMPLE_ANSWERS), "--as-of", "2027-08-01", "--set", revised)
    assert render.exit_code == 0


def test_as_of_must_be_a_date(cli, tmp_path: Path) -> None:
    for command in (
        ["status", str(EXAMPLE_ANSWERS)],
        ["render", str(EXAMPLE_ANSWERS)],
        ["plan", "--answers", str(tmp_path / "x.answers.yml"), "--no-input"],
    ):
        result = cli(*command, "--as-of", "31/02/2027")
        assert result.exit_code == 2, command
        assert "--as-of: day 31 does not exist in February 2027" in result.output


def test_render_and_plan_take_as_of_and_stay_reproducible(cli, tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    first = cli("render", str(EXAMPLE_ANSWERS), "--as-of", "2027-08-01", "--output", str(out))
    assert first.exit_code == 0
    check = cli(
        "render", str(EXAMPLE_ANSWERS), "--as-of", "2027-08-01", "--output", str(out), "--check"
    )
    assert check.exit_code == 0, check.output
    answers = tmp_path / "sw.answers.yml"
    answers.write_text(EXAMPLE_ANSWERS.read_text(encoding="utf-8"), encoding="utf-8")
    result = cli("plan", "--answers", str(answers), "--no-input", "--as-of", "2027-08-01")
    assert result.exit_code == 0, result.output


def test_sites_come_in_from_a_csv_in_the_middle_of_step_3(
    tmp_path: Path, framework: Framework
) -> None:
    """A list imported at "what next?" (read as `spreadkit import` reads a tracker), then one
    more site on one line, "like the last one" with only its name changed."""
    path = tmp_path / "team.answers.yml"
    path.write_text(
        "answers:\n  ready:\n    phases: [{name: Pilot}, {name: Wave 1}]\n", encoding="utf-8"
    )
    (tmp_path / "sites.csv").write_text(
        '"Site, team or organisation",Phase,Planned go-live,Target\n'
        "Aldbrook PCN,Pilot,2027-01-01,2\nBrightwater PCN,Wave 1,2027-04-01,3\n",
        encoding="utf-8",
    )
    prompter = ScriptedPrompter(
        [
            ("Target adopters: what next?", "import"),
            ("Import target adopters from which file?", str(tmp_path / "nowhere.csv")),
            ("Target adopters: what next?", "import"),  # a missing file: said, nothing changed
            ("Import target adopters from which file?", str(tmp_path / "sites.csv")),
            ("Target adopters: what next?", "like"),
            ("New adopting site", "Caddon Vale PCN, Wave 1, 2027-04-01, 3"),
            ("More details for", False),
            ("Target adopters: what next?", "done"),
        ]
    )
    status, env = _run(path, prompter, ("3",))
    assert status is ExitStatus.OK and prompter.finished
    out = env.stdout.getvalue()
    assert "Nothing was imported." in out
    assert "Brightwater PCN: new adopting site" in out
    sites = read_answers(path, framework).get("ready", "sites")
    assert [(s["name"], s.get("phase"), s.get("target")) for s in sites] == [
        ("Aldbrook PCN", "Pilot", 2),
        ("Brightwater PCN", "Wave 1", 3),
        ("Caddon Vale PCN", "Wave 1", 3),
    ]
    assert sites[2]["golive_planned"] == dt.date(2027, 4, 1)


def test_a_quick_line_reads_parts_as_a_person_types_them(framework: Framework) -> None:
    from spreadkit.framework import values
    from spreadkit.interview.quick import parse, quick_fields

    actions: Any = framework.section("implement").question("actions")  # type: ignore[union-attr]
    fields = quick_fields(actions)
    assert parse(fields, "Book rooms, Sam, 31/12/2027, in prog") == {
        "task": "Book rooms",
        "owner": "Sam",
        "due": dt.date(2027, 12, 31),
        "status": "in-progress",  # the start of one choice is enough
    }
    assert parse(fields, '"Rooms, and a desk"; Sam') == {
        "task": "Rooms, and a desk",
        "owner": "Sam",
    }
    for line, said in [
        ("Book rooms", "Owner: an answer is needed here"),
        ("Book rooms, Sam, soon", "Due"),
        ("Book rooms, Sam, , done, extra", "5 parts, but a line has at most 4"),
    ]:
        try:
            parse(fields, line)
        except values.BadValue as exc:
            assert said in str(exc), exc
        else:
            raise AssertionError(line)
