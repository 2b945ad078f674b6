"""The programme's data (issue 15): the compound field types, references, the 0.1 migration,
and the progress helpers the plan calls."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from spreadkit.answers import lookup
from spreadkit.answers.blank import blank_answers
from spreadkit.answers.loading import read_answers
from spreadkit.answers.schema import answers_schema
from spreadkit.answers.store import Answers, to_yaml
from spreadkit.core.errors import SpreadkitError
from spreadkit.files.yamlio import parse_yaml
from spreadkit.framework import values
from spreadkit.framework.model import Field, Framework, QuestionType
from spreadkit.plan.figures import aim_figures, tracking

from .conftest import ROOT

OLD_ANSWERS = ROOT / "tests" / "data" / "south-west-0.1.answers.yml"


def _field(kind: QuestionType, **extra: object) -> Field:
    return Field(id="f", type=kind, prompt="F", **extra)  # type: ignore[arg-type]


# -- the field types --------------------------------------------------------------------------


def test_quantity_is_a_number_and_a_unit() -> None:
    field = _field(QuestionType.QUANTITY, units=("posts",))
    assert values.check(field, {"value": 12, "unit": "posts"}) == {"value": 12, "unit": "posts"}
    assert values.check(field, "85 % coverage") == {"value": 85, "unit": "% coverage"}
    assert values.check(field, 6) == {"value": 6}
    assert (
        values.display(field, {"value": 1200, "unit": "people trained"}) == "1,200 people trained"
    )
    assert values.display(field, {"value": 85, "unit": "% coverage"}) == "85% coverage"
    with pytest.raises(values.BadValue, match="below zero"):
        values.check(field, {"value": -1, "unit": "posts"})
    with pytest.raises(values.BadValue, match="unknown key 'units'") as bad:
        values.check(field, {"value": 1, "units": "posts"})
    assert bad.value.key == "units"


@pytest.mark.parametrize(
    ("given", "stored", "shown"),
    [
        (12500, 12500, "£12,500"),
        ("£12,500", 12500, "£12,500"),
        ("12500", 12500, "£12,500"),
        ("£ 1,234.50", 1234.5, "£1,234.50"),
        (99.99, 99.99, "£99.99"),
    ],
)
def test_money_reads_pounds_as_people_write_them(given: object, stored: float, shown: str) -> None:
    field = _field(QuestionType.MONEY)
    assert values.check(field, given) == stored
    assert values.display(field, values.check(field, given)) == shown


@pytest.mark.parametrize(
    ("given", "problem"),
    [(-5, "below zero"), ("12.345", "two decimal"), (1.005, "two decimal"), ("lots", "not an")],
)
def test_money_is_never_negative_nor_finer_than_pence(given: object, problem: str) -> None:
    with pytest.raises(values.BadValue, match=problem):
        values.check(_field(QuestionType.MONEY), given)


def test_a_date_range_ends_no_earlier_than_it_starts() -> None:
    field = _field(QuestionType.DATERANGE)
    start, end = dt.date(2027, 1, 1), dt.date(2027, 6, 30)
    assert values.check(field, {"start": "2027-01-01", "end": end}) == {"start": start, "end": end}
    assert values.check(field, "2027-01-01 to 2027-06-30") == {"start": start, "end": end}
    assert values.display(field, {"start": start, "end": end}) == "1 January 2027 to 30 June 2027"
    assert values.display(field, {"start": start}) == "from 1 January 2027"
    with pytest.raises(values.BadValue, match="before the start") as bad:
        values.check(field, {"start": end, "end": start})
    assert bad.value.key == "end"
    with pytest.raises(values.BadValue, match="is not a date"):
        values.check(field, {"start": "soon"})


# -- content: a pack can use the new types ------------------------------------------------------


PACK_STEP = """\
id: implement
parts:
  - id: cohorts
    title: Cohorts
questions:
  - id: cohorts
    label: Cohorts
    fills: cohorts
    type: group
    item: cohort
    prompt: Which cohorts?
    fields:
      - id: title
        type: text
        required: true
        prompt: Title
      - id: size
        type: quantity
        units: [practices, posts]
        prompt: How many?
      - id: cost
        type: money
        prompt: Cost
      - id: window
        type: daterange
        prompt: When?
      - id: phase
        type: ref
        ref: ready.phases
        prompt: Phase
  - id: lead_cohort
    label: Lead cohort
    fills: cohorts
    type: ref
    ref: implement.cohorts
    prompt: Which cohort goes first?
"""


def _pack(tmp_path: Path, step: str) -> Path:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yml").write_text(
        "id: cohorts\nversion: '1'\ntitle: Cohorts\nmode: overlay\nfiles: [step-04.yml]\n",
        encoding="utf-8",
    )
    (pack / "step-04.yml").write_text(step, encoding="utf-8")
    return pack


def test_a_pack_uses_the_new_types_through_the_cli(cli, tmp_path: Path) -> None:
    pack = _pack(tmp_path, PACK_STEP)
    assert cli("content", "check", str(pack)).exit_code == 0
    answers = tmp_path / "team.answers.yml"
    answers.write_text(
        "pack: {id: cohorts, version: '1'}\n"
        "answers:\n"
        "  ready:\n"
        "    phases: [{name: Wave 1}, {name: Wave 2}]\n"
        "  implement:\n"
        "    cohorts:\n"
        "      - title: North\n"
        "        size: {value: 6, unit: practices}\n"
        "        cost: 12500\n"
        "        window: {start: 2027-01-01, end: 2027-03-31}\n"
        "        phase: Wave 1\n"
        "    lead_cohort: North\n",
        encoding="utf-8",
    )
    assert cli("validate", str(answers), "--content", str(pack)).exit_code == 0
    out = tmp_path / "plan.md"
    result = cli(
        "render", str(answers), "--content", str(pack), "--output", str(out), "-d", "workbook"
    )
    assert result.exit_code == 0, result.output
    plan = out.read_text(encoding="utf-8")
    assert "| North | 6 practices | £12,500 | 1 January 2027 to 31 March 2027 | Wave 1 |" in plan
    result = cli(
        "render", str(answers), "--content", str(pack), "--output", str(out),
        "--set", "implement.lead_cohort=Sout",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "no record named 'Sout' in implement.cohorts" in result.output


def test_the_loader_reports_a_reference_to_nothing_with_its_line(cli, tmp_path: Path) -> None:
    broken = PACK_STEP.replace("ref: ready.phases", "ref: ready.phasse")
    result = cli("content", "check", str(_pack(tmp_path, broken)))
    assert result.exit_code == 1
    line = broken.splitlines().index("      - id: phase") + 1
    assert (
        f"step-04.yml:{line}: ref: 'ref: ready.phasse' names no group question 'phasse' in ready"
        in result.output
    )
    assert "did you mean 'phases'?" in result.output


def test_the_loader_refuses_ref_keys_on_other_types(cli, tmp_path: Path) -> None:
    broken = PACK_STEP.replace(
        "units: [practices, posts]", "units: [practices, posts]\n        ref_field: nope"
    ).replace("type: money", "type: money\n        units: [pounds]")
    result = cli("content", "check", str(_pack(tmp_path, broken)))
    assert result.exit_code == 1
    assert "fields[1].ref: only questions of type 'ref' have 'ref' and 'ref_field'" in result.output
    assert "fields[2].units: only questions of type 'quantity' have units" in result.output


def test_an_unknown_reference_in_an_answers_file_says_where_and_what_was_meant(
    framework: Framework, tmp_path: Path
) -> None:
    path = tmp_path / "team.answers.yml"
    path.write_text(
        "answers:\n"
        "  ready:\n"
        "    phases:\n"
        "      - name: Wave 1\n"
        "    sites:\n"
        "      - name: Trust A\n"
        "        phase: Wave 2\n"
        "  implement:\n"
        "    actions:\n"
        "      - {task: Recruit, owner: Sam, site: Trust B}\n",
        encoding="utf-8",
    )
    with pytest.raises(SpreadkitError) as error:
        read_answers(path, framework)
    problems = {(p.line, p.key_path, p.message, p.hint) for p in error.value.problems}
    assert problems == {
        (
            7,
            "answers.ready.sites[0].phase",
            "no phase named 'Wave 2' in ready.phases",
            "did you mean 'Wave 1'?",
        ),
        (
            10,
            "answers.implement.actions[0].site",
            "no adopting site named 'Trust B' in ready.sites",
            "did you mean 'Trust A'?",
        ),
    }


# -- the JSON schema, `new` and `--set` ---------------------------------------------------------


def test_the_schema_covers_the_new_sections_and_types(framework: Framework) -> None:
    schema = answers_schema(framework)
    validator = jsonschema.Draft202012Validator(schema)
    implement = schema["properties"]["answers"]["properties"]["implement"]["properties"]
    budget = implement["budget"]["items"]["properties"]
    assert budget["amount"]["minimum"] == 0
    good = {
        "answers": {
            "analyse": {"aim_target": {"value": 12, "unit": "posts"}},
            "implement": {"budget": [{"item": "Posts", "amount": "£12,500"}]},
            "ready": {"phases": [{"name": "W1", "dates": {"start": "2027-01-01"}}]},
        }
    }
    assert list(validator.iter_errors(good)) == []
    for bad in (
        {"analyse": {"aim_target": {"unit": "posts"}}},  # no value
        {"implement": {"budget": [{"item": "Posts", "amount": -1}]}},
        {"ready": {"phases": [{"name": "W1", "dates": {"from": "2027-01-01"}}]}},
    ):
        assert list(validator.iter_errors({"answers": bad})), bad


def test_new_explains_the_new_types(framework: Framework) -> None:
    text = blank_answers(framework)
    assert (
        "aim_target: How many, and counted in what unit? (a number and its unit"
        in (text.replace("    #   Type: ", "").replace("\n", " "))
        or "a number and its unit: {value: 12, unit: posts}" in text
    )
    assert "#     amount: How much, in pounds? (an amount in pounds, such as 12500)" in text
    assert "#     phase: In which phase does it adopt? (the name of a record)" in text
    assert "#       One of the names in ready.phases" in text
    assert "#       Only asked when: role == 'other'" in text
    assert parse_yaml(text, "new").data["answers"]["implement"]["risks"] == []


def test_set_gives_the_new_types_as_people_type_them(cli, tmp_path: Path) -> None:
    path = tmp_path / "team.answers.yml"
    assert cli("new", str(path)).exit_code == 0
    out = tmp_path / "plan.md"
    result = cli(
        "render", str(path), "--output", str(out), "-d", "workbook",
        "--set", "analyse.aim_target=12 posts",
        "--set", "ready.phases=[{name: Wave 1, dates: 2027-01-01 to 2027-03-31}]",
        "--set", "implement.budget=[{item: Posts, amount: '£12,500', recurrent: true}]",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    plan = out.read_text(encoding="utf-8")
    assert "**Target:** 12 posts" in plan
    assert "| Wave 1 | 1 January 2027 to 31 March 2027 |" in plan
    assert "| Posts | £12,500 |" in plan
    bad = cli(
        "render",
        str(path),
        "--output",
        str(out),
        "--set",
        "implement.budget=[{item: X, amount: -3}]",
    )
    assert bad.exit_code == 1 and "below zero" in bad.output


# -- 0.1 answers files --------------------------------------------------------------------------


def test_a_0_1_file_is_read_in_the_new_layout_and_says_so_once(cli, framework: Framework) -> None:
    answers = read_answers(OLD_ANSWERS, framework)
    sites = answers.get("ready", "sites")
    assert [s["name"] for s in sites] == [
        "Acute trust A, diabetes and renal services",
        "Acute trust B, respiratory service",
        "Community health trust C",
    ]
    assert sites[0] == {
        "name": "Acute trust A, diabetes and renal services",
        "category": "early-adopter",
        "contact": "Lead psychologist",
    }
    assert [w.line for w in answers.warnings] == [158]
    assert "sites:" in to_yaml(answers, framework) and "target_sites" not in to_yaml(
        answers, framework
    )
    result = cli("validate", str(OLD_ANSWERS))
    assert result.exit_code == 0
    assert result.output.count("'ready.target_sites' is now 'ready.sites'") == 1
    assert "warning: " in result.output and "each 'site' is now 'name'" in result.output


def test_a_0_1_file_renders_with_its_sites(cli, tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    result = cli("render", str(OLD_ANSWERS), "--output", str(out), "-d", "workbook")
    assert result.exit_code == 0
    plan = out.read_text(encoding="utf-8")
    assert "| Acute trust B, respiratory service |" in plan
    assert "Start with: Acute trust A, diabetes and renal services." in plan
    assert OLD_ANSWERS.read_text(encoding="utf-8").count("target_sites:") == 1  # never rewritten


def test_reading_never_moves_a_0_1_file_that_already_has_sites(framework: Framework) -> None:
    text = OLD_ANSWERS.read_text(encoding="utf-8").replace(
        "    sites_first_year: 3", "    sites: [{name: New}]\n    sites_first_year: 3"
    )
    with pytest.raises(SpreadkitError, match="target_sites"):
        from spreadkit.answers.loading import parse_answers

        parse_answers(parse_yaml(text, "both.answers.yml"), framework)


# -- the progress helpers -----------------------------------------------------------------------


def _answers(framework: Framework, **values_by_step: dict[str, object]) -> Answers:
    answers = Answers.empty(framework)
    for step, section in values_by_step.items():
        answers = answers.with_section(step, section)
    return answers


def test_overdue_is_against_the_stated_date_and_the_revised_due_date(framework: Framework) -> None:
    actions = [
        {"task": "A", "due": dt.date(2027, 1, 31), "status": "in-progress"},
        {"task": "B", "due": dt.date(2027, 1, 31), "status": "done"},
        {"task": "C", "due": dt.date(2027, 1, 10), "revised_due": dt.date(2027, 3, 1)},
        {"task": "D", "due": dt.date(2027, 1, 1), "status": "blocked"},
        {"task": "E"},
    ]
    answers = _answers(framework, implement={"actions": actions})
    overdue = tracking.overdue_actions(framework, answers, dt.date(2027, 2, 1))
    assert [a["task"] for a in overdue] == ["D", "A"]  # most overdue first; C moved, B done
    assert tracking.overdue_actions(framework, answers, dt.date(2027, 1, 31)) == [actions[3]]
    assert tracking.overdue_actions(framework, answers, None) == []


def test_as_of_is_the_plans_own_date_never_the_clock(framework: Framework) -> None:
    answers = Answers.empty(framework)
    assert lookup.as_of_date(answers) is None
    created = answers.with_detail("created", dt.date(2026, 9, 1))
    assert lookup.as_of_date(created) == dt.date(2026, 9, 1)
    updated = created.with_detail("updated", dt.date(2026, 11, 20))
    assert lookup.as_of_date(updated) == dt.date(2026, 11, 20)
    assert lookup.as_of_date(updated, dt.date(2027, 1, 1)) == dt.date(2027, 1, 1)


def test_readiness_summary_counts_each_factor_across_the_sites(framework: Framework) -> None:
    sites = [
        {"name": "A", "readiness_people": "green", "readiness_context": "red"},
        {"name": "B", "readiness_people": "green", "readiness_innovation": "amber"},
        {"name": "C", "readiness_people": "red", "status": "withdrawn"},
    ]
    summary = tracking.readiness_summary(framework, _answers(framework, ready={"sites": sites}))
    assert summary == {
        "people": {"red": 0, "amber": 0, "green": 2},
        "context": {"red": 1, "amber": 0, "green": 0},
        "innovation": {"red": 0, "amber": 1, "green": 0},
    }


@pytest.mark.parametrize(
    ("likelihood", "impact", "band"),
    [(1, 3, "Low"), (2, 2, "Moderate"), (2, 3, "Moderate"), (2, 4, "High"), (3, 4, "High"),
     (3, 5, "Extreme"), (5, 5, "Extreme")],
)  # fmt: skip
def test_risk_scores_fall_in_the_npsa_bands(
    framework: Framework, likelihood: int, impact: int, band: str
) -> None:
    score = tracking.risk_score({"likelihood": likelihood, "impact": impact})
    assert score == likelihood * impact
    found = tracking.risk_band(framework, score)
    assert found is not None and found.label == band
    assert tracking.risk_score({"likelihood": 3}) is None


def test_top_risks_are_the_open_ones_scored_highest(framework: Framework) -> None:
    risks = [
        {"risk": "Low", "likelihood": 1, "impact": 2},
        {"risk": "Closed", "likelihood": 5, "impact": 5, "status": "closed"},
        {"risk": "High", "likelihood": 3, "impact": 4},
        {"risk": "Unrated"},
    ]
    top = tracking.top_risks(framework, _answers(framework, implement={"risks": risks}), 2)
    assert [(r["risk"], r["score"], r["band"], r["rag"]) for r in top] == [
        ("High", 12, "High", "amber"),
        ("Low", 2, "Low", "green"),
    ]


def test_budget_totals_split_recurrent_money(framework: Framework) -> None:
    budget = [
        {"item": "Posts", "amount": 60000, "recurrent": True},
        {"item": "Training", "amount": 12500.5, "recurrent": False},
        {"item": "Backfill", "amount": 4000},
        {"item": "Not costed"},
    ]
    totals = tracking.budget_totals(framework, _answers(framework, implement={"budget": budget}))
    assert totals == {"total": 76500.5, "recurrent": 60000, "non_recurrent": 16500.5}


def test_aim_progress_adds_up_the_sites(framework: Framework) -> None:
    answers = _answers(
        framework,
        analyse={
            "aim_target": {"value": 12, "unit": "posts"},
            "aim_baseline": 2,
            "aim_counted": "sites-sum",
        },
        ready={"sites": [{"name": "A", "actual": 3}, {"name": "B", "actual": 2}, {"name": "C"}]},
    )
    now = aim_figures.progress(framework, answers)
    assert (now.value, now.aim.target, now.aim.unit, now.percent) == (5, 12, "posts", 42)
    empty = aim_figures.progress(framework, Answers.empty(framework))
    assert empty.percent is None and empty.value is None


def test_the_example_answers_round_trip_through_json_schema(framework: Framework) -> None:
    schema = answers_schema(framework)
    data = json.loads(json.dumps(parse_yaml(to_yaml(read_answers(
        ROOT / "examples" / "south-west-app.answers.yml", framework), framework), "x").data,
        default=str))  # fmt: skip
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []
    assert replace(Answers.empty(framework)).warnings == ()


def test_an_other_team_role_names_itself_and_is_listed_without_filling_a_gap(
    framework: Framework,
) -> None:
    from spreadkit.plan.figures import scoring

    team = [
        {"role": "other", "name": "Jo", "other_role": "Digital lead"},
        {"role": "other", "name": "Ali"},
        {"role": "evaluator", "name": "Sam"},
        {"role": "finance", "name": "Kim"},
    ]
    answers = _answers(framework, implement={"team": team})
    result = next(r for r in scoring.assess(framework, answers) if r.id == "team")
    extra = [(i.label, i.note) for i in result.items[-2:]]
    assert extra == [("Digital lead", "Jo"), ("Other", "Ali")]
    assert (result.total, result.maximum) == (2, 11)  # evaluator, finance: recommended roles only
    assert "Digital lead" not in result.gaps and "Finance" not in result.gaps


def test_export_writes_the_new_tables_in_json_and_csv(cli) -> None:
    example = str(ROOT / "examples" / "south-west-app.answers.yml")
    result = cli("export", example, "--table", "phases", "--format", "json")
    assert result.exit_code == 0, result.output
    phases = json.loads(result.stdout)
    assert phases[0]["dates"] == {"start": "2027-01-11", "end": "2027-03-31"}
    budget = cli("export", example, "--table", "budget")
    assert budget.stdout.splitlines()[1].startswith(
        "Project manager (0.5 whole-time equivalent),"
        '"£28,000",,Regional workforce transformation funding,No,'
        "1 January 2027 to 31 December 2027"
    )
