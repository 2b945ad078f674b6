"""Content roles: the content says which question plays which programme role, and a pack that
leaves one out is told so when it loads, with the file and line, never given an empty section."""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

from spreadkit.framework import packs, roles
from spreadkit.framework.model import Framework


def _pack(content: Path, mode: str = "replace") -> Path:
    (content / "pack.yml").write_text(
        f"id: roles\nversion: '1'\ntitle: Roles\nmode: {mode}\n", encoding="utf-8"
    )
    return content


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_built_in_content_gives_every_role_to_one_question(framework: Framework) -> None:
    played = [q.role for s in framework.sections for q in s.questions if q.role]
    assert sorted(played) == sorted(roles.ROLES)
    assert roles.ids(framework, "budget") == ("implement", "budget")
    assert roles.ids(framework, "spread_approach") == ("ready", "approach")
    assert roles.ids(framework, "message_approach") == ("message", "approach")
    question = roles.question(framework, "sites")
    assert question is not None and question.export == "sites"


def test_a_pack_lacking_a_role_is_refused_at_load_with_where_to_add_it(
    cli, content_copy: Path
) -> None:
    _pack(content_copy)
    _edit(content_copy / "step-04-implement.yml", "    role: budget\n", "")
    result = cli("content", "check", str(content_copy))
    assert result.exit_code == 1
    line = next(
        n
        for n, text in enumerate((content_copy / "framework.yml").read_text().splitlines(), 1)
        if text.startswith("steps:")
    )
    assert (
        f"{content_copy / 'framework.yml'}:{line}: steps: no question has the role 'budget'"
        " (the budget lines), which the board plan and the tracker need"
        " (add 'role: budget' to the question that holds the budget lines)"
    ) in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def test_a_misspelt_role_and_a_role_on_the_wrong_kind_of_question_are_pointed_at(
    cli, content_copy: Path
) -> None:
    _pack(content_copy)
    step = content_copy / "step-04-implement.yml"
    _edit(step, "    role: budget\n", "    role: budgte\n")
    result = cli("content", "check", str(content_copy))
    assert result.exit_code == 1
    line = step.read_text().splitlines().index("    role: budgte") + 1
    assert f"{step}:{line}: questions[" in result.stderr
    assert "no role 'budgte' (did you mean 'budget'?)" in result.stderr

    _edit(step, "    role: budgte\n", "    role: budget\n")
    _edit(step, "    role: sro\n", "")
    _edit(step, "    role: board\n", "    role: sro\n")
    result = cli("content", "check", str(content_copy))
    assert result.exit_code == 1
    assert "no question has the role 'board'" in result.stderr
    assert result.stderr.count("a role belongs to one question") == 0

    _edit(step, "    role: sro\n", "    role: actions\n")
    result = cli("content", "check", str(content_copy))
    assert "the role 'actions' is given to 'implement.actions' and to 'implement.board'" in (
        " ".join(result.stderr.split())
    )


def test_a_role_needs_the_kind_of_question_documents_read(cli, content_copy: Path) -> None:
    _pack(content_copy)
    step = content_copy / "step-01-analyse.yml"
    _edit(step, "    role: aim_by\n", "")
    _edit(step, "    role: aim\n", "    role: aim_by\n")
    result = cli("content", "check", str(content_copy))
    assert result.exit_code == 1
    assert "the role 'aim_by' needs a date question; 'analyse.aim' is text" in result.stderr


def test_an_overlay_replacing_a_question_keeps_its_role(tmp_path: Path, cli) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yml").write_text(
        "id: own\nversion: '1'\ntitle: Own\nmode: overlay\nfiles: [budget.yml]\n", encoding="utf-8"
    )
    (pack / "budget.yml").write_text(
        "id: implement\nquestions:\n"
        "  - id: budget\n    fills: budget\n    type: group\n    item: line\n"
        "    prompt: What will it cost?\n    fields:\n"
        "      - {id: item, type: text, prompt: What for?}\n"
        "      - {id: amount, type: money, prompt: How much?}\n",
        encoding="utf-8",
    )
    assert "role" not in (pack / "budget.yml").read_text(encoding="utf-8")
    framework = packs.load(pack)
    assert roles.ids(framework, "budget") == ("implement", "budget")
    question = roles.question(framework, "budget")
    assert question is not None and question.prompt == "What will it cost?"


def test_no_code_names_a_built_in_question_by_its_ids(framework: Framework) -> None:
    """Code asks for a role: no ("step", "question") pair of the built-in content, and no
    ``.section("step")``, is written in the package (the old answers migration aside)."""
    pairs = {(s.id, q.id) for s in framework.sections for q in s.questions}
    steps = {s.id for s in framework.sections}
    package = Path(roles.__file__).parents[1]
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "migrate.py":  # reads answers files written before the content changed
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            items = (
                node.args
                if isinstance(node, ast.Call)
                else node.elts
                if isinstance(node, ast.Tuple | ast.List)
                else []
            )
            texts = [i.value if isinstance(i, ast.Constant) else None for i in items]
            for a, b in itertools.pairwise(texts):
                if (a, b) in pairs:
                    found.append(f"{path.name}:{node.lineno}: {a}.{b}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "section"
                and texts[:1]
                and texts[0] in steps
            ):
                found.append(f"{path.name}:{node.lineno}: section {texts[0]}")
    assert found == []


def test_the_authoring_guide_lists_every_role() -> None:
    guide = (Path(__file__).parents[1] / "docs" / "content-authoring.md").read_text(
        encoding="utf-8"
    )
    listed = re.findall(r"^\| `(\w+)` \| .+ \| .+ \| .+ \|$", guide.split("## Roles", 1)[1], re.M)
    assert listed == list(roles.ROLES)


def test_lookups_kept_for_one_framework_never_answer_for_another(framework: Framework) -> None:
    """Roles, steps, questions and choices are looked up once per framework object and kept:
    another framework in the same process (a pack, content read again) gets its own answers."""
    from dataclasses import replace

    step = framework.steps[0]
    aim = roles.question(framework, "aim")
    assert aim is not None and framework.section(step.id) is step
    assert step.question(aim.id) is aim and roles.ids(framework, "aim") == (step.id, aim.id)
    choice = next(q for q in step.questions if len(q.choices) > 1)
    assert choice.choice_values  # kept on the first framework's question
    moved = replace(aim, id="aim_moved")
    fewer = replace(choice, choices=choice.choices[:1])
    renamed = replace(
        step,
        id="renamed",
        questions=tuple(moved if q is aim else fewer if q is choice else q for q in step.questions),
    )
    other = replace(framework, steps=(renamed, *framework.steps[1:]))
    for _ in range(2):  # asked of each in turn, more than once
        assert other.section("renamed") is renamed and other.section(step.id) is None
        assert framework.section(step.id) is step and framework.section("renamed") is None
        assert renamed.question("aim_moved") is moved and renamed.question(aim.id) is None
        assert roles.ids(other, "aim") == ("renamed", "aim_moved")
        assert roles.ids(framework, "aim") == (step.id, aim.id)
        assert roles.question(other, "aim") is moved and roles.question(framework, "aim") is aim
        assert other.sections[0] is renamed
        assert framework.sections[0] is step
        assert fewer.choice_values == choice.choice_values[:1] != choice.choice_values
    read_again = replace(framework)  # equal to the first, a different object: found afresh
    assert read_again == framework and read_again.section(step.id) is step
    assert roles.ids(read_again, "aim") == (step.id, aim.id)
