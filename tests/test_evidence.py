"""Sources, citations and assumptions: read strictly with lines, written back unchanged, kept with
comments through an update (issue 28)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spreadkit.answers.evidence import Assumption, Source
from spreadkit.answers.loading import read_answers
from spreadkit.answers.schema import answers_schema
from spreadkit.answers.store import write_answers
from spreadkit.core.errors import SpreadkitError
from spreadkit.framework.model import Framework

from .conftest import NORTHFIELD

EVIDENCE = """
# Where the figures come from (a comment of the team's, kept through every save)
sources:
- id: S1
  title: Evaluation of the first-contact physiotherapy implementation
  author: A university evaluation team
  year: 2019
  link: https://example.org/fcp-evaluation
  kind: evaluation
- id: S2
  title: Aldbrook PCN pilot figures
  kind: local-data
citations:
  analyse.evidence: [S1, S2]
  ready.sites[Dunmere PCN].target: S2
assumptions:
  analyse.aim_target:
    note: one post for about every 10,000 patients
    confirm: Finance lead
  implement.budget[#1].amount: {}
"""


def _with_evidence(tmp_path: Path, extra: str = EVIDENCE) -> Path:
    path = tmp_path / "team.answers.yml"
    plain = NORTHFIELD.read_text(encoding="utf-8").split("\nsources:\n")[0] + "\n"
    path.write_text(plain + extra, encoding="utf-8")
    return path


def test_sources_citations_and_assumptions_are_read(tmp_path: Path, framework: Framework) -> None:
    answers = read_answers(_with_evidence(tmp_path), framework)
    assert answers.sources[0] == Source(
        "S1",
        "Evaluation of the first-contact physiotherapy implementation",
        "A university evaluation team",
        2019,
        "https://example.org/fcp-evaluation",
        "evaluation",
    )
    assert answers.citations == {
        "analyse.evidence": ("S1", "S2"),
        "ready.sites[Dunmere PCN].target": ("S2",),
    }
    assert answers.assumptions["analyse.aim_target"] == Assumption(
        "one post for about every 10,000 patients", "Finance lead"
    )
    assert answers.assumptions["implement.budget[#1].amount"] == Assumption()


def test_a_save_keeps_them_and_the_comments(tmp_path: Path, framework: Framework) -> None:
    path = _with_evidence(tmp_path)
    answers = read_answers(path, framework)
    write_answers(path, answers.with_detail("version", "1.1"), framework)
    text = path.read_text(encoding="utf-8")
    assert "# Where the figures come from" in text
    again = read_answers(path, framework)
    assert (again.sources, again.citations, again.assumptions) == (
        answers.sources,
        answers.citations,
        answers.assumptions,
    )


def test_old_files_have_none(tmp_path: Path, framework: Framework) -> None:
    path = _with_evidence(tmp_path, "")
    answers = read_answers(path, framework)
    assert (answers.sources, answers.citations, answers.assumptions) == ((), {}, {})


@pytest.mark.parametrize(
    ("right", "wrong", "message"),
    [
        ("analyse.evidence: [S1, S2]", "analyse.evidence: [S1, S3]", "no source 'S3'"),
        ("link: https://example.org/fcp-evaluation", "link: javascript:alert(1)", "a link must"),
        ("kind: local-data", "kind: local", "'local' is not a kind of source"),
    ],
)
def test_mistakes_are_named_with_their_line(
    tmp_path: Path, framework: Framework, right: str, wrong: str, message: str
) -> None:
    path = _with_evidence(tmp_path, EVIDENCE.replace(right, wrong))
    with pytest.raises(SpreadkitError) as caught:
        read_answers(path, framework)
    problems = [p for p in caught.value.problems if message in p.message]
    assert problems, [str(p) for p in caught.value.problems]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert problems[0].line == next(n for n, text in enumerate(lines, 1) if wrong in text)
    if message.startswith("no "):
        assert "did you mean" in problems[0].hint or "expected one of" in problems[0].hint


@pytest.mark.parametrize(
    ("right", "wrong", "message"),
    [
        (
            "ready.sites[Dunmere PCN].target: S2",
            "ready.sites[Dunmere].target: S2",
            "no adopting site named 'Dunmere' in ready.sites",
        ),
        ("analyse.aim_target:\n", "analyse.aim_targte:\n", "no question 'aim_targte'"),
    ],
)
def test_a_path_that_names_nothing_is_a_warning_with_its_line(
    tmp_path: Path, framework: Framework, right: str, wrong: str, message: str
) -> None:
    """Deleting a site, or content dropping a question, must not make the file unreadable."""
    path = _with_evidence(tmp_path, EVIDENCE.replace(right, wrong))
    answers = read_answers(path, framework)
    warned = [w for w in answers.warnings if message in w.message]
    assert warned, [str(w) for w in answers.warnings]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert warned[0].line == next(n for n, t in enumerate(lines, 1) if wrong.strip() in t)
    assert "did you mean" in warned[0].hint


def test_validate_names_an_unknown_source(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "250")
    path = _with_evidence(tmp_path, EVIDENCE.replace("[S1, S2]", "[S1, S22]"))
    result = cli("validate", str(path))
    assert result.exit_code == 1
    line = path.read_text(encoding="utf-8").splitlines().index("  analyse.evidence: [S1, S22]") + 1
    assert "did you mean 'S2'?" in result.output and f":{line}: " in result.output


def test_the_schema_accepts_them(tmp_path: Path, framework: Framework) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    data = yaml.safe_load(_with_evidence(tmp_path).read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(json.dumps(data, default=str)), answers_schema(framework))


def test_an_ending_marks_an_answer_and_the_review_adds_a_source(
    tmp_path: Path, framework: Framework
) -> None:
    """The interview's two ways in: " ~" while answering, and the step's review."""
    from .scripted import ScriptedPrompter
    from .test_interview import _run

    prompter = ScriptedPrompter(
        [
            ("What evidence shows that it worked?", "Four in five needed no GP [not a source] ~"),
            ("Where are you starting from", "2 ~"),
            ("Happy with these answers?", "sources"),
            ("Which answer rests on", "evidence"),
            ("assumed rather than known?", True),
            ("What does it rest on?", "Pilot practices only"),
            ("Who should confirm it?", "Evaluation lead"),
            ("Which sources does it rest on?", ["+new"]),
            ("S1: its title", "FCP pilot evaluation"),
            ("Who wrote or published it", "Aldbrook PCN"),
            ("Its year", "2025"),
            ("A link to it", "https://example.org/pilot"),
            ("What kind of source", "local-data"),
            ("Which answer rests on", "+back"),
            ("Happy with these answers?", "continue"),
        ]
    )
    _, _, path = _run(tmp_path, prompter, steps=("analyse",))
    answers = read_answers(path, framework)
    assert answers.get("analyse", "evidence") == "Four in five needed no GP [not a source]"
    assert answers.assumptions["analyse.evidence"] == Assumption(
        "Pilot practices only", "Evaluation lead"
    )
    assert answers.get("analyse", "aim_baseline") == 2
    assert "analyse.aim_baseline" in answers.assumptions
    assert answers.sources == (
        Source(
            "S1",
            "FCP pilot evaluation",
            "Aldbrook PCN",
            2025,
            "https://example.org/pilot",
            "local-data",
        ),
    )
    assert answers.citations == {"analyse.evidence": ("S1",)}


def test_citing_a_source_the_plan_lacks_is_refused_not_kept_as_text(
    tmp_path: Path, framework: Framework
) -> None:
    """Typed "[S1]" before any source exists: the answer is asked again with how to add one,
    instead of "[S1]" being saved into the answer's text (found trying the interview in tmux)."""
    from .scripted import ScriptedPrompter
    from .test_interview import _run

    prompter = ScriptedPrompter(
        [
            ("What evidence shows that it worked?", "Waits fell by half [S1]"),
            ("What evidence shows that it worked?", "Waits fell by half"),
            ("Happy with these answers?", "continue"),
        ]
    )
    _, _, path = _run(tmp_path, prompter, steps=("analyse",))
    assert prompter.rejected == [
        'This plan has no source S1 yet: add it with "Sources and assumptions…" when the step '
        "ends, and answer without the brackets for now."
    ]
    answers = read_answers(path, framework)
    assert answers.get("analyse", "evidence") == "Waits fell by half"
    assert answers.citations == {}


def test_only_ids_of_the_given_shape_are_taken_for_missing_sources() -> None:
    from spreadkit.interview.evidence_questions import missing_sources

    assert missing_sources("fell [S1, S3] ~", ["S1"]) == ("S3",)
    assert missing_sources("fell [S1]", ["S1"]) == ()
    assert missing_sources("see [appendix]", []) == ()
    assert missing_sources("see [S2, appendix]", []) == ()
    assert missing_sources("no ending", []) == ()


def test_an_ending_names_only_known_sources() -> None:
    from spreadkit.interview.evidence_questions import Marks, split_marks

    assert split_marks("16 [S1, S2] ~", ["S1", "S2"]) == Marks("16", True, ("S1", "S2"))
    assert split_marks("fell [S1]", ["S1"]) == Marks("fell", False, ("S1",))
    assert split_marks("see [appendix]", ["S1"]) == Marks("see [appendix]")
    assert split_marks("see [appendix] ~", ["S1"]) == Marks("see [appendix]", True)
    assert split_marks("~", []) == Marks("~")
    assert split_marks("about 5~", []) == Marks("about 5", True)
