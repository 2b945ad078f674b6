"""Content packs and custom templates: a YAML file and a template, never a fork."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers, write_answers
from spreadkit.framework import packs
from spreadkit.framework.model import Framework

from .conftest import EXAMPLE_ANSWERS, EXAMPLES
from .scripted import ScriptedPrompter

PACK = EXAMPLES / "sw-network-pack"


def test_example_pack_overlays_the_framework() -> None:
    framework = packs.load(PACK)
    assert (framework.pack_id, framework.pack_version) == ("sw-network", "2026.1")
    ready = framework.section("ready")
    implement = framework.section("implement")
    assert ready is not None and implement is not None
    assert ready.question("local_contacts") is not None and ready.questions[0].id == "approach"
    assert [t.id for t in ready.tools][-1] == "network-directory"  # type: ignore[attr-defined]
    assert implement.question("funding_sources") is not None
    assert packs.source_of(ready).startswith("built-in, changed by")
    assert packs.source_of(framework.sections[0]) == "built-in"


def test_example_pack_end_to_end(cli, tmp_path: Path) -> None:
    answers = tmp_path / "sw.answers.yml"
    answers.write_text(
        EXAMPLE_ANSWERS.read_text(encoding="utf-8") + "".join([]),
        encoding="utf-8",
    )
    result = cli(
        "render",
        "--document",
        "workbook",
        str(answers),
        "--content",
        str(PACK),
        "--set",
        "implement.funding_sources=bid,trust",
    )
    assert result.exit_code == 0, result.output
    assert (
        "### Funding" in result.stdout
        and "  - Trust budgets\n  - Bid or project funding" in result.stdout
    )
    assert "**South West network directory**" in result.stdout
    listed = cli("content", "list", "--content", str(PACK))
    assert "built-in, changed by" in " ".join(listed.stdout.split())
    assert cli("content", "check", str(PACK)).exit_code == 0
    strict = cli(
        "plan", "--answers", str(answers), "--no-input", "--strict", "--content", str(PACK)
    )
    assert (
        strict.exit_code == 1
        and "answers.implement.funding_sources: required answer missing" in strict.stderr
    )
    exported = cli("export", str(answers), "--table", "contacts", "--content", str(PACK))
    assert exported.exit_code == 0 and exported.stdout == (
        "Name or role,Organisation,Helps with,Sources,Assumed\n"
    )


def test_default_pack_from_the_environment_and_from_spreadkit_yml(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPREADKIT_CONTENT", str(PACK))
    money = "Where will the money for the new roles come from?"
    assert money in cli("show", "4").stdout
    monkeypatch.delenv("SPREADKIT_CONTENT")
    monkeypatch.chdir(tmp_path)
    assert money not in cli("show", "4").stdout
    (tmp_path / "spreadkit.yml").write_text(f"content: {PACK}\n", encoding="utf-8")
    assert money in cli("show", "4").stdout


def test_starter_pack_can_be_changed_with_no_code(cli, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    assert cli("content", "init", str(pack)).exit_code == 0
    assert cli("content", "check", str(pack)).exit_code == 0
    step = pack / "step-04-local.yml"
    step.write_text(
        step.read_text(encoding="utf-8").replace(
            "Where will the money for the new way of working come from?",
            "Which budget pays for it?",
        ),
        encoding="utf-8",
    )
    answers = tmp_path / "a.answers.yml"
    answers.write_text("answers:\n  implement:\n    funding_sources: [charity]\n", encoding="utf-8")
    result = cli("render", "--document", "workbook", str(answers), "--content", str(pack))
    assert result.exit_code == 0, result.output
    assert "Charitable funds" in result.stdout and "### Funding" in result.stdout
    shown = cli("show", "4", "--content", str(pack)).stdout
    assert (
        "Which budget pays for it?" in shown
        and "Local spread and adoption contacts" in " ".join(shown.split())
    )


def test_pack_errors_name_the_file_and_line(cli, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    funding = pack / "step-04-funding.yml"
    funding.write_text(
        funding.read_text(encoding="utf-8").replace(
            "fills: funding\n    type: multichoice", "fills: fundng\n    type: multichoice"
        ),
        encoding="utf-8",
    )
    result = cli("content", "check", str(pack))
    assert result.exit_code == 1
    assert (
        f"{funding}:9: questions[0].fills: no plan part 'fundng' in this file (did you mean 'funding'?)"
        in result.stderr
    )
    (pack / "pack.yml").write_text("id: x\nversion: 1\ntitle: t\nmode: overlap\n", encoding="utf-8")
    result = cli("content", "check", str(pack))
    assert (
        result.exit_code == 1
        and "mode: expected overlay or replace, found 'overlap' (did you mean 'overlay'?)"
        in result.stderr
    )


def test_replace_mode_uses_a_framework_of_its_own(cli, tmp_path: Path) -> None:
    pack = tmp_path / "own"
    shutil.copytree(Path(packs.content.BUILTIN_CONTENT), pack)
    (pack / "pack.yml").write_text(
        "id: own\nversion: '1'\ntitle: Our framework\nmode: replace\n", encoding="utf-8"
    )
    framework_file = pack / "framework.yml"
    framework_file.write_text(
        framework_file.read_text(encoding="utf-8").replace(
            "id: hee-spread-adoption", "id: our-framework"
        ),
        encoding="utf-8",
    )
    result = cli("steps", "--content", str(pack))
    assert result.exit_code == 0
    framework = packs.load(pack)
    assert (framework.id, framework.pack_id) == ("our-framework", "own")


def test_answers_record_the_pack_and_new_questions_are_asked_alone(tmp_path: Path) -> None:
    from spreadkit.app.planning import PlanOptions, run_plan
    from spreadkit.core.formats import PlanFormat
    from tests.scripted import terminal_env as _env

    answers = tmp_path / "sw.answers.yml"
    shutil.copy(EXAMPLE_ANSWERS, answers)
    env = _env()
    env.content = PACK
    prompter = ScriptedPrompter(
        [
            ("Local contacts: what next?", "done"),
            ("Where will the money", ["trust"]),
            ("once project funding ends", "Recurrent budgets"),
        ]
    )
    status = run_plan(
        env, PlanOptions(answers, None, (PlanFormat.MARKDOWN,), only_new=True), lambda: prompter
    )
    assert status == 0 and prompter.finished
    assert [m for m in prompter.asked] == [
        "Local contacts: what next?",
        "Where will the money for the new roles come from?",
        "How will the roles be paid for once project funding ends? (optional)",
    ]
    text = answers.read_text(encoding="utf-8")
    assert "pack:\n  id: sw-network\n  version: '2026.1'" in text
    framework = packs.load(PACK)
    saved = read_answers(answers, framework)
    assert saved.get("implement", "funding_sources") == ["trust"]
    assert saved.get("analyse", "problem") == read_answers(EXAMPLE_ANSWERS, packs.load(None)).get(
        "analyse", "problem"
    )
    again = ScriptedPrompter()
    run_plan(env, PlanOptions(answers, None, (PlanFormat.MARKDOWN,), only_new=True), lambda: again)
    assert again.asked == []
    assert "No new questions" in env.stdout.getvalue()


def test_removed_questions_are_warnings_and_their_answers_are_kept(
    cli, tmp_path: Path, framework: Framework
) -> None:
    old = tmp_path / "old.answers.yml"
    old.write_text(
        "framework:\n  id: hee-spread-adoption\n  version: '2018.1'\nanswers:\n  analyse:\n    problem: Waits\n    old_question: Kept answer\n  gone_step:\n    x: 1\n",
        encoding="utf-8",
    )
    result = cli("validate", str(old))
    assert result.exit_code == 0
    assert (
        f"warning: {old}:7: answers.analyse.old_question: the content has no question 'old_question' any more; the answer is kept under 'retired'"
        in result.stdout
    )
    assert "answers.gone_step: the content has no step 'gone_step' any more" in result.stdout
    answers = read_answers(old, framework)
    assert answers.retired == {"analyse": {"old_question": "Kept answer"}, "gone_step": {"x": 1}}
    write_answers(old, answers, framework)
    again = read_answers(old, framework)
    assert again.retired == answers.retired and "old_question: Kept answer" in old.read_text(
        encoding="utf-8"
    )
    same_version = tmp_path / "typo.answers.yml"
    same_version.write_text("answers:\n  analyse:\n    old_question: x\n", encoding="utf-8")
    assert (
        cli("validate", str(same_version)).exit_code == 1
    )  # for the same content, it is a mistake


SANDBOX_ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ self.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ plan.__class__.__init__.__globals__ }}",
    "{{ plan.title.__class__.__base__.__subclasses__() }}",
    "{{ namespace.__init__.__globals__ }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ range.__self__ }}",
]


@pytest.mark.parametrize("template", SANDBOX_ESCAPES)
def test_no_template_escapes_the_sandbox(cli, tmp_path: Path, template: str) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "plan.md.j2").write_text(template, encoding="utf-8")
    result = cli(
        "render", "--document", "workbook", str(EXAMPLE_ANSWERS), "--template", str(folder)
    )
    assert result.exit_code == 1
    assert (
        "the template tried something templates may not do" in result.stderr
        or "template error" in result.stderr
    )
    assert "uid=" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("include", ["/etc/passwd", "../../../../etc/passwd", "../secret.txt"])
def test_templates_cannot_read_files_outside_their_folders(
    cli, tmp_path: Path, include: str
) -> None:
    (tmp_path / "secret.txt").write_text("TOP SECRET", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "plan.md.j2").write_text("{% include '" + include + "' %}", encoding="utf-8")
    result = cli(
        "render", "--document", "workbook", str(EXAMPLE_ANSWERS), "--template", str(folder)
    )
    assert result.exit_code == 1 and "no template named" in result.stderr
    assert "TOP SECRET" not in result.output and "root:" not in result.output


def test_template_override_by_name_keeps_the_others(cli, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    assert cli("templates", "export", str(folder)).exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "board.css",
        "board.html.j2",
        "board.md.j2",
        "plan.css",
        "plan.html.j2",
        "plan.md.j2",
        "report.html.j2",
        "report.md.j2",
        "trends.html.j2",
        "trends.md.j2",
    ]
    (folder / "plan.html.j2").unlink()
    (folder / "plan.md.j2").write_text(
        "# {{ plan.title }} (Trust branding)\n{% for s in plan.sections %}- {{ s.heading }}\n{% endfor %}",
        encoding="utf-8",
    )
    md = cli("render", "--document", "workbook", str(EXAMPLE_ANSWERS), "--template", str(folder))
    assert (
        md.exit_code == 0
        and md.stdout.startswith("# Spreading the Assistant")
        and "(Trust branding)" in md.stdout
    )
    html = cli(
        "render",
        "--document",
        "workbook",
        str(EXAMPLE_ANSWERS),
        "--format",
        "html",
        "--template",
        str(folder),
    )
    assert html.exit_code == 0 and "<h1>" in html.stdout  # the built-in HTML template


def test_template_syntax_error_names_the_file_and_line(cli, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "plan.md.j2").write_text("line one\n{% if plan.title %}\nno end\n", encoding="utf-8")
    result = cli(
        "render", "--document", "workbook", str(EXAMPLE_ANSWERS), "--template", str(folder)
    )
    assert result.exit_code == 1
    assert "plan.md.j2:" in result.stderr and "template error" in result.stderr


def test_empty_answers_record_the_pack(tmp_path: Path) -> None:
    framework = packs.load(PACK)
    path = tmp_path / "a.answers.yml"
    write_answers(path, Answers.empty(framework), framework)
    assert read_answers(path, framework).pack_id == "sw-network"


@pytest.mark.parametrize(
    ("entry", "why"),
    [
        ("../secret.yml", "'../secret.yml' leaves the folder"),
        ("../../../../../../../../etc/passwd", "leaves the folder"),
        ("ABSOLUTE", "is an absolute path"),
        ("linked.yml", "'linked.yml' is a symlink or goes through one"),
        ("through/step.yml", "'through/step.yml' is a symlink or goes through one"),
    ],
)
def test_pack_files_stay_inside_the_pack(cli, tmp_path: Path, entry: str, why: str) -> None:
    """Issue: `files: [../secret.yml]` read a YAML file outside the pack into the plan."""
    secret = tmp_path / "secret.yml"
    secret.write_text(
        (PACK / "step-03-contacts.yml")
        .read_text(encoding="utf-8")
        .replace("title:", "title: SECRET-OUTSIDE", 1),
        encoding="utf-8",
    )
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(secret, outside / "step.yml")
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    try:
        (pack / "linked.yml").symlink_to(secret)
        (pack / "through").symlink_to(outside, target_is_directory=True)
    except OSError:
        pytest.skip("no symlinks here")
    if entry == "ABSOLUTE":
        entry = str(secret)
    (pack / "pack.yml").write_text(
        f"id: x\nversion: '1'\ntitle: t\nmode: overlay\nfiles:\n  - step-03-contacts.yml\n  - {entry}\n",
        encoding="utf-8",
    )
    for args in (("content", "check", str(pack)), ("steps", "--content", str(pack))):
        result = cli(*args)
        assert result.exit_code == 1, result.output
        assert f"{pack / 'pack.yml'}:7: files[1]: " in result.stderr
        assert why in result.stderr and "SECRET" not in result.output
    rendered = cli("render", "--document", "workbook", str(EXAMPLE_ANSWERS), "--content", str(pack))
    assert rendered.exit_code == 1 and "SECRET" not in rendered.output


def test_replace_pack_framework_files_stay_inside_the_pack(cli, tmp_path: Path) -> None:
    pack = tmp_path / "own"
    shutil.copytree(Path(packs.content.BUILTIN_CONTENT), pack)
    (pack / "pack.yml").write_text(
        "id: own\nversion: '1'\ntitle: Ours\nmode: replace\nframework: ../framework.yml\n",
        encoding="utf-8",
    )
    shutil.copy(pack / "framework.yml", tmp_path / "framework.yml")
    result = cli("content", "check", str(pack))
    assert result.exit_code == 1
    assert (
        f"{pack / 'pack.yml'}:5: framework: '../framework.yml' leaves the folder" in result.stderr
    )
    (pack / "pack.yml").write_text(
        "id: own\nversion: '1'\ntitle: Ours\nmode: replace\n", encoding="utf-8"
    )
    main = (pack / "framework.yml").read_text(encoding="utf-8")
    first = main.split("steps:\n", 1)[1].splitlines()[0].strip().removeprefix("- ")
    (pack / "framework.yml").write_text(
        main.replace(f"- {first}", "- /etc/passwd", 1), encoding="utf-8"
    )
    result = cli("content", "check", str(pack))
    assert result.exit_code == 1 and "'/etc/passwd' is an absolute path" in result.stderr


def test_a_packs_words_are_shown_as_typed_never_as_terminal_markup(cli, content_copy: Path) -> None:
    """Found in an attacker trial: square-bracket markup in a pack's titles was read by the
    terminal display as styling (and could make a hidden terminal hyperlink)."""
    (content_copy / "pack.yml").write_text(
        "id: marked\nversion: '1'\ntitle: Marked\nmode: replace\n", encoding="utf-8"
    )
    framework_file = content_copy / "framework.yml"
    text = framework_file.read_text(encoding="utf-8")
    text = text.replace("publisher: Health Education England", "publisher: '[red]HEE[/red]'")
    text = text.replace("id: hee-spread-adoption", "id: marked")
    framework_file.write_text(text, encoding="utf-8")
    step = content_copy / "step-01-analyse.yml"
    step.write_text(
        step.read_text(encoding="utf-8").replace(
            "title: ", "title: '[link=https://evil.example]Click[/link] ' # ", 1
        ),
        encoding="utf-8",
    )
    result = cli("steps", "--content", str(content_copy))
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert "[red]HEE[/red]" in flat
    assert "[link=https://evil.example]Click[/link]" in flat
