"""The docs are tested like code: the content guide's examples load and behave as it says,
and every relative link in the README and docs/ points at a file that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from spreadkit.framework.content import BUILTIN_CONTENT
from spreadkit.framework.model import AssessmentKind, QuestionType

from .conftest import ROOT

GUIDE_PATH = ROOT / "docs" / "content-authoring.md"
GUIDE = GUIDE_PATH.read_text(encoding="utf-8")
MARKER = re.compile(r"# example: (\S+)\n")


def guide_examples() -> dict[str, str]:
    """The guide's YAML examples by the file each names; blocks for one file are joined in order."""
    files: dict[str, str] = {}
    for body in re.findall(r"```yaml\n(.*?)```", GUIDE, flags=re.S):
        marker = MARKER.match(body)
        if marker:
            name = marker.group(1)
            files[name] = files.get(name, "") + body[marker.end() :]
    return files


def console_blocks(text: str) -> list[tuple[list[str], str]]:
    blocks = []
    for body in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        first, _, rest = body.partition("\n")
        assert first.startswith("$ spreadkit "), first
        blocks.append((first[len("$ spreadkit ") :].split(), rest))
    return blocks


@pytest.fixture
def packs_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The guide's example files written out, and the working folder set to where they are."""
    for name, text in guide_examples().items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_guide_builds_two_packs_and_an_answers_file() -> None:
    names = set(guide_examples())
    assert {"mini/pack.yml", "overlay/pack.yml", "mini-plan.answers.yml"} <= names
    assert all(text.strip() for text in guide_examples().values())


@pytest.mark.parametrize(
    ("args", "expected"),
    console_blocks(GUIDE),
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_the_guide_console_examples_are_real(
    cli, packs_folder: Path, args: list[str], expected: str
) -> None:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    shown = "\n".join(line.rstrip() for line in result.output.splitlines())
    assert shown.strip() == expected.strip()


def test_a_when_condition_hides_and_shows_its_question(cli, packs_folder: Path) -> None:
    assert "when: has_pilot_report" in GUIDE
    shown = "Where the report is"
    base = ["render", "mini-plan.answers.yml", "--content", "mini", "-d", "workbook", "--set"]
    hidden = cli(*base, "pilot.has_pilot_report=false")
    asked = cli(*base, "pilot.has_pilot_report=true")
    assert hidden.exit_code == 0 and asked.exit_code == 0, hidden.output + asked.output
    assert shown not in hidden.stdout
    assert shown in asked.stdout


def test_the_band_worked_out_in_the_guide_is_the_one_spreadkit_gives(
    cli, packs_folder: Path
) -> None:
    stated = re.search(r"so\s+the band is \"([^\"]+)\"", GUIDE)
    assert stated is not None
    result = cli("status", "mini-plan.answers.yml", "--content", "mini")
    assert f"11 of 15, {stated.group(1)} (amber)" in result.stdout


def test_the_guide_export_example_writes_the_group(cli, packs_folder: Path) -> None:
    assert "--table team" in GUIDE
    result = cli("export", "mini-plan.answers.yml", "--content", "mini", "--table", "team")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Name,Role,Sources,Assumed",
        "Dr A. Patel,Clinical lead,,",
    ]


def test_the_overlay_example_changes_the_built_in_step(cli, packs_folder: Path) -> None:
    shown = cli("show", "implement", "--content", "overlay").stdout
    assert "Is funding for the new roles agreed?" in shown
    assert "Ask the trust's change team for support" in shown


def _keys(node: object, parent: str = "") -> set[str]:
    """Every mapping key in a content file, leaving out keys that are data (values, scale points)."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if parent not in ("expected", "labels"):
                found.add(str(key))
            found |= _keys(value, str(key))
    elif isinstance(node, list):
        for item in node:
            found |= _keys(item, parent)
    return found


def test_the_guide_names_every_key_the_built_in_content_uses() -> None:
    used: set[str] = set()
    for path in BUILTIN_CONTENT.glob("*.yml"):
        used |= _keys(yaml.safe_load(path.read_text(encoding="utf-8")))
    missing = sorted(key for key in used if f"`{key}`" not in GUIDE)
    assert not missing, f"docs/content-authoring.md does not describe {missing}"


def test_the_guide_examples_use_every_question_type_and_assessment_kind() -> None:
    examples = "\n".join(guide_examples().values())
    for kind in QuestionType:
        assert re.search(rf"type: {kind.value}\n", examples), kind
    for assessment in AssessmentKind:
        assert re.search(rf"kind: {assessment.value}\n", examples), assessment
    for chart in ("bars", "curve", "grid", "timeline"):
        assert f"kind: {chart}\n" in examples, chart


DOCUMENTS = [
    ROOT / "README.md",
    ROOT / "CONTRIBUTING.md",
    ROOT / "CHANGELOG.md",
    *sorted((ROOT / "docs").glob("*.md")),
]
LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_point_at_files_that_exist(document: Path) -> None:
    text = re.sub(r"```.*?```", "", document.read_text(encoding="utf-8"), flags=re.S)
    broken = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = (document.parent / target.split("#", 1)[0]).resolve()
        if not path.exists():
            broken.append(target)
    assert not broken, f"{document.name} links to missing files: {broken}"


def test_every_test_named_in_the_reliability_promises_exists() -> None:
    """A promise in docs/reliability.md names the tests that keep it; each must still exist."""
    text = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    named = []
    for cell in re.findall(r"^\|.*\| (`test_.*`) \|$", text, flags=re.M):
        module = ""
        for reference in re.findall(r"`([^`]+)`", cell):
            file, _, name = reference.partition("::")
            module = file or module
            named.append((module, name))
    assert named
    missing = [
        f"{module}::{name}"
        for module, name in named
        if not re.search(
            rf"^def {name}\(",
            (ROOT / "tests" / module).read_text(encoding="utf-8"),
            flags=re.M,
        )
    ]
    assert not missing, f"docs/reliability.md names tests that do not exist: {missing}"


def test_the_pages_a_user_reads_name_things_not_our_issue_numbers() -> None:
    """A user reading the README or a page of docs/ (not the developers' architecture and
    performance pages) reads what a promise or a rule is, never "issue 23 (4)" or "13.1:", which
    mean something only to those who tracked the work. Another project's issue, cited as a
    source, names that project."""
    for_developers = {"architecture.md", "performance.md"}
    pages = [ROOT / "README.md"] + [
        p for p in sorted((ROOT / "docs").glob("*.md")) if p.name not in for_developers
    ]
    issue = re.compile(r"(?<!NHSRplotthedots )\b[Ii]ssues? #?\d+")
    finding = re.compile(r"^\| *\d+\.\d+: ", re.M)  # a table row named "13.1: …"
    found = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        found += [f"{page.name}: {m.group()}" for m in issue.finditer(" ".join(text.split()))]
        found += [f"{page.name}: {m.group()}" for m in finding.finditer(text)]
    assert not found
