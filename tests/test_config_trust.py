"""Issue 23 (8): a spreadkit.yml that names templates says so on every run, and is refused
unless it (and the folder it names) is the user's alone, as the cache is."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spreadkit.framework.config_trust import why_not_own

from .conftest import EXAMPLE_ANSWERS, Cli

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _received(folder: Path) -> Path:
    """A folder as it arrives from someone else: a spreadkit.yml naming its own template."""
    (folder / "tpl").mkdir()
    (folder / "tpl" / "board.md.j2").write_text("# THEIR TEMPLATE {{ plan.title }}\n", "utf-8")
    config = folder / "spreadkit.yml"
    config.write_text("templates: tpl\n", encoding="utf-8")
    return config


def test_templates_from_spreadkit_yml_are_announced_on_every_run(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _received(tmp_path)
    monkeypatch.chdir(tmp_path)
    for args in (("render", str(EXAMPLE_ANSWERS)), ("steps",)):
        result = cli(*args)
        assert result.exit_code == 0, result.output
        assert f"using templates from {tmp_path / 'tpl'}" in result.stderr
        assert str(tmp_path / "spreadkit.yml") in result.stderr
    assert "THEIR TEMPLATE" in cli("render", str(EXAMPLE_ANSWERS)).stdout
    # --template is the person's own choice: no notice, and the config is not consulted
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "board.md.j2").write_text("# MINE\n", encoding="utf-8")
    chosen = cli("render", str(EXAMPLE_ANSWERS), "--template", str(mine))
    assert chosen.stdout.startswith("# MINE") and "using templates" not in chosen.stderr


def test_a_spreadkit_yml_others_can_change_is_refused(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _received(tmp_path)
    config.chmod(0o666)
    monkeypatch.chdir(tmp_path)
    result = cli("render", str(EXAMPLE_ANSWERS))
    assert result.exit_code == 1 and "THEIR TEMPLATE" not in result.stdout
    assert result.stderr.startswith(f"error: {config}: templates not used: spreadkit.yml")
    assert "other people can change it" in result.stderr and "--template" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(not ROOT, reason="giving a file to another user needs root")
@pytest.mark.parametrize("given", ["spreadkit.yml", "tpl"])
def test_templates_named_by_another_users_file_are_refused(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    _received(tmp_path)
    os.chown(tmp_path / given, 65534, -1)  # nobody
    monkeypatch.chdir(tmp_path)
    result = cli("render", str(EXAMPLE_ANSWERS))
    assert result.exit_code == 1 and "THEIR TEMPLATE" not in result.stdout
    assert "belongs to another user" in result.stderr


def test_on_windows_only_files_inside_the_users_own_folder_are_trusted(tmp_path: Path) -> None:
    home = tmp_path / "Users" / "priya"
    inside = home / "Downloads" / "received" / "spreadkit.yml"
    inside.parent.mkdir(parents=True)
    inside.write_text("templates: tpl\n", encoding="utf-8")
    assert why_not_own(inside, windows=True, home=home) is None
    shared = tmp_path / "share" / "spreadkit.yml"
    shared.parent.mkdir()
    shared.write_text("templates: tpl\n", encoding="utf-8")
    assert "outside your own folder" in str(why_not_own(shared, windows=True, home=home))
    escape = home / "link"
    escape.symlink_to(shared.parent)  # a link out of the profile is judged by where it leads
    assert why_not_own(escape / "spreadkit.yml", windows=True, home=home) is not None
