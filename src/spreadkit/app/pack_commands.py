"""Content packs and templates: a starter pack, checking and listing a pack, exporting templates."""

from __future__ import annotations

from pathlib import Path

from spreadkit.core.environment import Environment
from spreadkit.core.errors import ExitStatus, Problem, SpreadkitError
from spreadkit.files import guard
from spreadkit.framework import packs


def content_init(env: Environment, folder: str) -> ExitStatus:
    from spreadkit.framework.starter import PACK, STEP
    from spreadkit.terminal import display

    target = Path(folder)
    if (target / packs.PACK_FILE).exists():
        raise SpreadkitError(Problem("a pack is already here; pick another folder", folder))
    files = {target / packs.PACK_FILE: PACK.encode(), target / "step-04-local.yml": STEP.encode()}
    _write_new_files(files, force=False, folder=folder)
    display.message(
        env,
        f"Wrote a starter pack to {folder}. Check it with: {env.command} content check {folder}",
        stderr=True,
    )
    return ExitStatus.OK


def content_check(env: Environment, folder: str) -> ExitStatus:
    from spreadkit.terminal import display

    framework = packs.load(Path(folder))
    changed = sum(1 for s in framework.sections if s.overlays)
    display.message(
        env,
        f"{folder}: valid pack '{framework.pack_id}' version {framework.pack_version}: "
        f"{len(framework.sections)} sections, {changed} changed by the pack",
    )
    return ExitStatus.OK


def content_list(env: Environment) -> ExitStatus:
    from spreadkit.terminal import display

    framework = packs.load(env.content)
    rows = [(s.label, s.id, str(len(s.questions)), packs.source_of(s)) for s in framework.sections]
    title = framework.title + (
        f" with pack '{framework.pack_id}' {framework.pack_version}" if framework.pack_id else ""
    )
    display.content_table(env, title, rows)
    return ExitStatus.OK


def templates_export(env: Environment, folder: str, force: bool) -> ExitStatus:
    from spreadkit.plan.output.render import TEMPLATE_FILES, templates_dir
    from spreadkit.terminal import display

    target = Path(folder)
    files = {target / name: guard.read_input(templates_dir() / name) for name in TEMPLATE_FILES}
    _write_new_files(files, force=force, folder=folder)
    display.message(
        env,
        f"Copied {len(TEMPLATE_FILES)} templates to {folder}. Use them with: --template {folder}",
        stderr=True,
    )
    return ExitStatus.OK


def _write_new_files(files: dict[Path, bytes], *, force: bool, folder: str) -> None:
    """Write starter files, refusing (all listed at once) to replace different files already there.

    With ``force`` each one replaced is kept as ``.bak`` first.
    """
    clashes = [
        path.name for path, data in files.items() if guard.refusal(path, guard.same_or_new(data))
    ]
    if clashes and not force:
        raise SpreadkitError(
            Problem(f"{', '.join(clashes)} already here; add --force to overwrite", folder)
        )
    for path, data in files.items():
        guard.write_guarded(path, data, guard.same_or_new(data), force=force)
