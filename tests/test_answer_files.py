"""Answers files as an interface for editors and CI: validate, schema, new, --no-input, --check, batch, --set."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from spreadkit.answers.loading import read_answers
from spreadkit.answers.schema import answers_schema
from spreadkit.framework.model import Framework

from .conftest import EXAMPLE_ANSWERS, EXAMPLES

BROKEN = {
    "unknown-key": (
        "answers:\n  analyse:\n    problm: x\n",
        ":3: answers.analyse.problm: unknown key (did you mean 'problem'?)",
    ),
    "misspelt-step": (
        "answers:\n  mesage: {}\n",
        ":2: answers.mesage: unknown key (did you mean 'message'?)",
    ),
    "misspelt-choice": (
        "answers:\n  message:\n    complexity: complicate\n",
        ":3: answers.message.complexity: 'complicate' is not one of the choices (did you mean 'complicated'?)",
    ),
    "wrong-type": (
        "answers:\n  implement:\n    rapid_tests: sometimes\n",
        ":3: answers.implement.rapid_tests: expected yes or no (true/false), found text",
    ),
    "bad-date": (
        "answers:\n  implement:\n    start_date: 2027-13-01\n",
        ":3: answers.implement.start_date: month 13 does not exist",
    ),
    "bad-date-text": (
        "answers:\n  implement:\n    end_date: 31st March\n",
        ":3: answers.implement.end_date: '31st March' is not a date",
    ),
    "syntax": ("answers:\n  analyse: [\n", ":3: not valid YAML"),
    "python-tag": (
        "answers: !!python/object:os.system {}\n",
        ":1: answers: the YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed",
    ),
    "empty": ("", ": expected a mapping of keys (an answers file), found an empty file"),
    "bare-scalar": (
        "42\n",
        ":1: expected a mapping of keys (an answers file), found a number (42)",
    ),
    "list-not-mapping": (
        "- answers\n- plan\n",
        ":1: expected a mapping of keys (an answers file), found a list",
    ),
}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.answers.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_broken_file_gets_a_precise_message(cli, tmp_path: Path, case: str) -> None:
    text, expected = BROKEN[case]
    path = _write(tmp_path, case, text)
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert f"error: {path}{expected}" in result.stdout
    assert "Traceback" not in result.output


def test_validate_reports_every_problem_in_every_file(cli, tmp_path: Path) -> None:
    paths = [
        _write(tmp_path, name, BROKEN[name][0])
        for name in ("unknown-key", "misspelt-choice", "wrong-type")
    ]
    two = _write(
        tmp_path,
        "two",
        "answers:\n  analyse:\n    problm: x\n  implement:\n    timescale_realism: 9\n",
    )
    result = cli("validate", *map(str, paths), str(two), str(EXAMPLE_ANSWERS))
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("error: ")]
    assert len(errors) == 5
    assert f"{EXAMPLE_ANSWERS}: valid" in result.stdout


def test_validate_json(cli, tmp_path: Path) -> None:
    bad = _write(tmp_path, "bad", BROKEN["misspelt-step"][0])
    result = cli("validate", "--format", "json", str(bad), str(EXAMPLE_ANSWERS))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    first, second = report["files"]
    assert first["problems"] == [
        {
            "line": 2,
            "key": "answers.mesage",
            "message": "unknown key",
            "hint": "did you mean 'message'?",
            "text": f"{bad}:2: answers.mesage: unknown key (did you mean 'message'?)",
        }
    ]
    assert second == {
        "file": str(EXAMPLE_ANSWERS),
        "valid": True,
        "problems": [],
        "missing": [],
        "warnings": [],
    }


def test_valid_files_exit_0(cli) -> None:
    assert cli("validate", str(EXAMPLE_ANSWERS)).exit_code == 0


# -- schema ----------------------------------------------------------------------------------


def _as_editor_sees(path: Path) -> Any:
    """YAML as an editor's schema checker sees it: dates are plain strings."""
    return json.loads(
        json.dumps(
            yaml.safe_load(path.read_text(encoding="utf-8")), default=lambda v: v.isoformat()
        )
    )


def test_schema_is_2020_12_and_accepts_every_example(cli, framework: Framework) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in EXAMPLES.glob("*.answers.yml"):
        jsonschema.Draft202012Validator(schema).validate(_as_editor_sees(path))


def test_committed_example_schema_is_current(framework: Framework) -> None:
    committed = json.loads((EXAMPLES / "spreadkit.schema.json").read_text(encoding="utf-8"))
    assert committed == answers_schema(framework), (
        "run: spreadkit schema --output examples/spreadkit.schema.json"
    )


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["answers"]["analyse"].update(problm="x"), "problm"),
        (lambda d: d["answers"]["message"].update(complexity="complicate"), "complicate"),
        (lambda d: d["answers"]["message"]["influencers"][0].update(kind="x"), "kind"),
        (lambda d: d["answers"].update(mesage={}), "mesage"),
        (lambda d: d["answers"]["implement"].update(timescale_realism=6), "6"),
    ],
)
def test_schema_rejects_unknown_keys_and_bad_choices(
    framework: Framework, change: Any, where: str
) -> None:
    data = _as_editor_sees(EXAMPLE_ANSWERS)
    change(data)
    with pytest.raises(jsonschema.ValidationError, match=where):
        jsonschema.Draft202012Validator(answers_schema(framework)).validate(data)


def test_schema_output_to_a_file(cli, tmp_path: Path) -> None:
    target = tmp_path / "s.json"
    assert cli("schema", "--output", str(target)).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["type"] == "object"


def test_written_answers_point_to_a_schema_the_interview_does_not_litter(
    tmp_path: Path, framework: Framework
) -> None:
    from spreadkit.answers.schema import schema_text
    from spreadkit.answers.store import Answers
    from spreadkit.app.planning import _Saver

    path = tmp_path / "t.answers.yml"
    _Saver(path, framework)(Answers.empty(framework))
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=spreadkit.schema.json\n"
    )
    assert not (tmp_path / "spreadkit.schema.json").exists()  # not asked for: not written
    stale = schema_text(framework).replace("The spreadkit version", "An old description")
    (tmp_path / "spreadkit.schema.json").write_text(stale, encoding="utf-8")
    _Saver(path, framework)(Answers.empty(framework))  # asked for once: kept current
    assert (tmp_path / "spreadkit.schema.json").read_text(encoding="utf-8") == schema_text(
        framework
    )


def test_the_interview_never_overwrites_a_schema_file_of_the_persons_own(
    tmp_path: Path, framework: Framework
) -> None:
    from spreadkit.answers.store import Answers
    from spreadkit.app.planning import _Saver

    mine = tmp_path / "spreadkit.schema.json"
    mine.write_text('{"title": "my own schema"}\n', encoding="utf-8")
    _Saver(tmp_path / "t.answers.yml", framework)(Answers.empty(framework))
    assert mine.read_text(encoding="utf-8") == '{"title": "my own schema"}\n'


# -- new -------------------------------------------------------------------------------------


def test_new_writes_a_blank_file_that_validates(cli, tmp_path: Path, framework: Framework) -> None:
    path = tmp_path / "team.answers.yml"
    result = cli("new", str(path))
    assert result.exit_code == 0
    text = path.read_text(encoding="utf-8")
    for section in framework.sections:
        for question in section.questions:
            assert f"    # {question.prompt}" in text
            assert f"    {question.id}:" in text
    assert "Choices: simple (Simple – like following a recipe)" in text
    assert text.index("problem:") < text.index("story:") < text.index("support_needed:")
    checked = cli("validate", str(path))
    assert checked.exit_code == 0
    assert "not answered yet (required)" in checked.stdout and "error" not in checked.stdout
    assert f"{path}: valid, 15 required answer(s) still to give" in checked.stdout
    jsonschema.Draft202012Validator(
        json.loads((tmp_path / "spreadkit.schema.json").read_text(encoding="utf-8"))
    ).validate(_as_editor_sees(path))


def test_new_does_not_overwrite(cli, tmp_path: Path) -> None:
    path = _write(tmp_path, "mine", "answers: {}\n")
    result = cli("new", str(path))
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert path.read_text(encoding="utf-8") == "answers: {}\n"


# -- plan --no-input ---------------------------------------------------------------------------


def test_plan_no_input_renders_without_prompting(cli, tmp_path: Path) -> None:
    path = _write(tmp_path, "team", "answers:\n  analyse:\n    problem: Long waits\n")
    result = cli("plan", "--answers", str(path), "--no-input", "--document", "workbook")
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "team.plan.md").read_text(encoding="utf-8")
    assert "Long waits" in markdown and "_Not answered yet (required)._" in markdown
    assert (tmp_path / "team.plan.html").is_file()
    assert path.read_text(encoding="utf-8") == "answers:\n  analyse:\n    problem: Long waits\n"


def test_plan_no_input_strict_lists_every_missing_answer(cli, tmp_path: Path) -> None:
    path = _write(
        tmp_path, "team", "plan:\n  title: T\nanswers:\n  analyse:\n    problem: Long waits\n"
    )
    result = cli("plan", "--answers", str(path), "--no-input", "--strict")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3 + 10  # innovation, organisation, lead; ten required questions
    assert (
        f"error: {path}: answers.analyse.evidence: required answer missing: What evidence shows that it worked? (Step 1: Analyse the original innovation)"
        in lines
    )
    assert (
        f"error: {path}: plan.lead: required plan detail missing: Who leads the spread (name and role)"
        in lines
    )
    assert not (tmp_path / "team.plan.md").exists()
    assert (
        cli(
            "plan",
            "--answers",
            str(EXAMPLE_ANSWERS),
            "--no-input",
            "--strict",
            "--output",
            str(tmp_path / "p.md"),
            "--format",
            "md",
        ).exit_code
        == 0
    )


# -- render --check, batch, --set -----------------------------------------------------------------


def test_check_passes_on_a_current_plan_and_fails_with_a_diff_on_a_stale_one(
    cli, tmp_path: Path
) -> None:
    plan = EXAMPLES / "south-west-app.workbook.md"
    workbook = ("--document", "workbook")
    current = cli("render", str(EXAMPLE_ANSWERS), *workbook, "--output", str(plan), "--check")
    assert current.exit_code == 0 and "up to date" in current.stderr
    stale = tmp_path / "plan.md"
    stale.write_text(
        plan.read_text(encoding="utf-8")
        .replace("Long", "Short", 1)
        .replace("Lessons to pass on", "Lessons"),
        encoding="utf-8",
    )
    before = stale.read_text(encoding="utf-8")
    result = cli("render", str(EXAMPLE_ANSWERS), *workbook, "--output", str(stale), "--check")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"--- {stale} (committed)\n+++ {stale} (from {EXAMPLE_ANSWERS})\n"
    )
    assert "-### Lessons\n+### Lessons to pass on\n" in result.stdout
    assert "out of date" in result.stderr
    assert stale.read_text(encoding="utf-8") == before  # --check writes nothing


def test_check_without_a_plan_file(cli, tmp_path: Path) -> None:
    result = cli("render", str(EXAMPLE_ANSWERS), "--output", str(tmp_path / "none.md"), "--check")
    assert result.exit_code == 1 and "no plan here yet" in result.stderr


def test_batch_renders_each_file_named_after_it(cli, tmp_path: Path) -> None:
    sources = []
    for name in ("north", "south", "east"):
        sources.append(str(_write(tmp_path, name, f"plan:\n  title: {name} plan\nanswers: {{}}\n")))
    out = tmp_path / "plans"
    result = cli("render", *sources, "--out-dir", str(out), "--format", "html")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "east.plan.html",
        "north.plan.html",
        "south.plan.html",
    ]
    assert "<h1>north plan</h1>" in (out / "north.plan.html").read_text(encoding="utf-8")
    assert (
        cli("render", *sources, "--out-dir", str(out), "--format", "html", "--check").exit_code == 0
    )


def test_batch_reports_bad_files_and_renders_the_rest(cli, tmp_path: Path) -> None:
    good = _write(tmp_path, "good", "answers: {}\n")
    bad = _write(tmp_path, "bad", BROKEN["misspelt-step"][0])
    out = tmp_path / "plans"
    result = cli("render", str(good), str(bad), "--out-dir", str(out))
    assert result.exit_code == 1 and "did you mean 'message'?" in result.stderr
    assert (out / "good.plan.md").is_file() and not (out / "bad.plan.md").exists()


def test_several_files_need_out_dir(cli, tmp_path: Path) -> None:
    result = cli("render", str(EXAMPLE_ANSWERS), str(EXAMPLE_ANSWERS))
    assert result.exit_code == 2 and "--out-dir" in result.stderr


def test_set_overrides_are_typed_like_their_question(
    cli, framework: Framework, tmp_path: Path
) -> None:
    result = cli(
        "render",
        "--document",
        "workbook",
        str(EXAMPLE_ANSWERS),
        "--set",
        "plan.title=Overridden title",
        "--set",
        "implement.timescale_realism=5",
        "--set",
        "implement.rapid_tests=no",
        "--set",
        "implement.end_date=31/12/2028",
        "--set",
        "message.hooks=tariff,qof",
        "--set",
        "analyse.attributes={trialability: {score: 1, note: Hard to try}}",
        "--set",
        "ready.sites_first_year=7",
        "--set",
        "message.influencers=[{name: Dr X, type: champion}]",
    )
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Overridden title")
    assert (
        "5 of 5 – Realistic, with room for setbacks" in text
        and "| Trialability | 1 of 5 – Weak | Hard to try |" in text
        and "  - Tariffs\n  - Quality and Outcomes Framework (QOF) targets" in text
        and "**Rapid testing:** No" in text
        and "Rapid tests planned" not in text
    )
    assert "31 December 2028" in text and "| Dr X | Champion | – | – |" in text
    assert "**Sites to reach in the first year:** 7" in text
    assert (
        read_answers(EXAMPLE_ANSWERS, framework).details["title"].startswith("Spreading")
    )  # file untouched


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        (
            "implement.timescale_realism=9",
            "--set: implement.timescale_realism: expected a whole number from 1 to 5",
        ),
        ("analyse.attributes={speed: {score: 2}}", "--set: analyse.attributes: unknown rated item"),
        (
            "analyse.problm=x",
            "--set: analyse.problm: no question 'problm' in Step 1: Analyse the original innovation (did you mean 'problem'?)",
        ),
        (
            "analyze.problem=x",
            "--set: analyze.problem: no step 'analyze' (did you mean 'analyse'?)",
        ),
        ("message.complexity=hard", "--set: message.complexity: 'hard' is not one of the choices"),
        ("no-equals", "--set: no-equals: expected STEP.QUESTION=VALUE"),
        ("implement.end_date=soon", "--set: implement.end_date: 'soon' is not a date"),
    ],
)
def test_bad_set_is_one_clear_line(cli, assignment: str, message: str) -> None:
    result = cli("render", str(EXAMPLE_ANSWERS), "--set", assignment)
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_set_on_plan_no_input(cli, tmp_path: Path) -> None:
    path = _write(tmp_path, "team", "answers: {}\n")
    result = cli(
        "plan",
        "--answers",
        str(path),
        "--no-input",
        "--format",
        "md",
        "--set",
        "ready.senior_sponsor=Medical director",
    )
    assert result.exit_code == 0
    assert "Medical director" in (tmp_path / "team.plan.md").read_text(encoding="utf-8")


def test_json_and_stdin_sources(cli, tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    json_path = tmp_path / "sw.answers.json"
    json_path.write_text(
        json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else v),
        encoding="utf-8",
    )
    from_json = cli("render", str(json_path))
    from_stdin = cli("render", "-", input=EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    assert from_json.exit_code == from_stdin.exit_code == 0
    assert (
        from_json.stdout
        == from_stdin.stdout
        == (EXAMPLES / "south-west-app.plan.md").read_text(encoding="utf-8")
    )


def test_no_colour_in_pipes_and_errors_on_stderr(cli, tmp_path: Path) -> None:
    result = cli("status", str(EXAMPLE_ANSWERS))
    assert "\x1b[" not in result.stdout
    bad = _write(tmp_path, "bad", "answers: [\n")
    result = cli("render", str(bad))
    assert result.stdout == "" and result.stderr.startswith("error: ")


def test_check_without_output_is_a_usage_error(cli) -> None:
    result = cli("render", str(EXAMPLE_ANSWERS), "--check")
    assert result.exit_code == 2 and "--check needs --output PATH" in result.stderr
