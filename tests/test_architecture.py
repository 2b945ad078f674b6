"""The package's shape, checked from its source: imports flow one way, and modules stay small.

The order holds between the packages (``LAYERS``) and, the same way, between the sub-packages of
a package that has them (``SUB_LAYERS``: ``plan``'s figures, pictures, views, tracker, output).

The import graph is read with ``ast`` (nothing is imported), counting every import: those at the
top, inside functions, and under ``TYPE_CHECKING``. A lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "spreadkit"

#: The layers, lowest first. A module may import its own layer and any layer below it.
LAYERS = [
    "core",
    "files",
    "framework",
    "answers",
    "plan",
    "terminal",
    "interview",
    "app",
    "cli",
]

#: Packages split into layers of their own, lowest first. Inside such a package a module sits in
#: one of these sub-packages; the package's own ``__init__`` sits below them all.
SUB_LAYERS = {
    "plan": ["figures", "pictures", "views", "tracker", "output"],
}

MAX_LINES = 400


def module_name(package: Path, path: Path) -> str:
    parts = [package.name, *path.relative_to(package).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(package: Path) -> dict[str, set[str]]:
    """Every module of ``package`` (a folder) and the package modules it imports, from the source."""
    root = package.name
    modules = {module_name(package, p): p for p in sorted(package.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    here = name.split(".") if is_package else name.split(".")[:-1]
                    here = here[: len(here) - (node.level - 1)]
                    base = ".".join([*here, base] if base else here)
                targets.add(base)
                # `from spreadkit.plan import charts` depends on the module plan.charts itself
                targets.update(f"{base}.{alias.name}" for alias in node.names)
        graph[name] = {
            _owner(target, modules)
            for target in targets
            if target == root or target.startswith(root + ".")
        } - {name, None}  # type: ignore[arg-type]
    return graph


def _owner(target: str, modules: dict[str, Path]) -> str | None:
    """The module that ``target`` names, or that defines the name ``target`` points to."""
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def layer_of(module: str) -> int | None:
    """The layer's index; the root package (only its version) and ``__main__`` sit with the CLI."""
    parts = module.split(".")
    if len(parts) == 1:
        return 0  # spreadkit/__init__.py: the version, imported by every layer
    head = parts[1]
    if head == "__main__":
        head = "cli"
    return LAYERS.index(head) if head in LAYERS else None


def rank_of(module: str) -> tuple[int, int] | None:
    """Where a module sits: its layer, then its sub-layer inside a package split into them
    (-1 for the package's ``__init__`` and for packages without sub-layers)."""
    layer = layer_of(module)
    if layer is None:
        return None
    subs = SUB_LAYERS.get(LAYERS[layer], [])
    parts = module.split(".")
    if not subs or len(parts) == 2:
        return (layer, -1)
    return (layer, subs.index(parts[2])) if parts[2] in subs else None


def layer_name(module: str) -> str:
    rank = rank_of(module)
    assert rank is not None
    layer, sub = rank
    return LAYERS[layer] if sub < 0 else f"{LAYERS[layer]}.{SUB_LAYERS[LAYERS[layer]][sub]}"


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    problems = []
    for module, targets in sorted(graph.items()):
        mine = rank_of(module)
        for target in sorted(targets):
            theirs = rank_of(target)
            if mine is None or theirs is None:
                problems.append(f"{module} -> {target}: not in a known layer")
            elif theirs > mine:
                problems.append(
                    f"{module} ({layer_name(module)}) imports {target} ({layer_name(target)}),"
                    " a higher layer"
                )
    return problems


def long_modules(package: Path, limit: int = MAX_LINES) -> dict[str, int]:
    sizes = {
        path.relative_to(package).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in package.rglob("*.py")
    }
    return {name: lines for name, lines in sorted(sizes.items()) if lines > limit}


# -- the package itself ---------------------------------------------------------------------------


def test_the_package_has_no_import_circle() -> None:
    assert circles(import_graph(PACKAGE)) == []


def test_no_layer_imports_a_higher_one() -> None:
    assert upward_imports(import_graph(PACKAGE)) == []


def test_every_module_sits_in_a_layer() -> None:
    graph = import_graph(PACKAGE)
    assert [m for m in graph if rank_of(m) is None] == []
    assert {m.split(".")[1] for m in graph if "." in m} >= set(LAYERS[:-1])
    for package, subs in SUB_LAYERS.items():
        found = {m.split(".")[2] for m in graph if m.startswith(f"spreadkit.{package}.")}
        assert found == set(subs), f"{package}/ holds exactly its sub-layers"


def test_each_sub_layer_says_what_it_is_for() -> None:
    for package, subs in SUB_LAYERS.items():
        for sub in subs:
            init = PACKAGE / package / sub / "__init__.py"
            doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
            assert doc and len(doc.split()) > 20, f"{init} needs a paragraph on its job"


def test_no_module_is_over_the_line_limit() -> None:
    # No exceptions: a module that grows past the limit is split along a seam (issue 12).
    assert long_modules(PACKAGE) == {}


# -- the checker finds what it should -------------------------------------------------------------


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    package = tmp_path / "spreadkit"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in [package, *(p for p in package.rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    return package


def test_the_checker_finds_a_circle_through_a_lazy_and_a_type_checking_import(
    tmp_path: Path,
) -> None:
    package = _package(
        tmp_path,
        {
            "answers/view.py": "from spreadkit.answers import charts\n",
            "answers/charts.py": "def draw():\n    from . import scoring\n",
            "answers/scoring.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from spreadkit.answers.view import WorkbookView\n"
            ),
            "core/errors.py": "",
        },
    )
    graph = import_graph(package)
    assert graph["spreadkit.answers.view"] == {"spreadkit.answers", "spreadkit.answers.charts"}
    assert graph["spreadkit.answers.charts"] == {"spreadkit.answers", "spreadkit.answers.scoring"}
    assert circles(graph) == [
        ["spreadkit.answers.charts", "spreadkit.answers.scoring", "spreadkit.answers.view"]
    ]
    assert upward_imports(graph) == []


def test_the_checker_finds_an_upward_import(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {
            "terminal/display.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from spreadkit.app.commands import StepStatus\n"
            ),
            "app/commands.py": "def run():\n    import spreadkit.terminal.display\n",
            "framework/model.py": "import spreadkit.core.errors\n",
            "core/errors.py": "",
        },
    )
    graph = import_graph(package)
    assert upward_imports(graph) == [
        "spreadkit.terminal.display (terminal) imports spreadkit.app.commands (app), a higher layer"
    ]
    assert circles(graph) == [["spreadkit.app.commands", "spreadkit.terminal.display"]]


def test_the_checker_finds_an_upward_import_inside_plan(tmp_path: Path) -> None:
    # figures must never import pictures: a planted one, lazy, is caught; downward ones are fine
    package = _package(
        tmp_path,
        {
            "plan/figures/programme.py": (
                "def bars():\n    from spreadkit.plan.pictures.programme_charts import phases\n"
            ),
            "plan/pictures/programme_charts.py": "from spreadkit.plan.figures import programme\n",
            "plan/views/board.py": "from spreadkit.plan.pictures import programme_charts\n",
            "plan/output/render.py": "from spreadkit.plan.views import board\n",
            "plan/tracker/excel.py": "import spreadkit.plan.output.render\n",
            "plan/loose.py": "",
            "core/errors.py": "",
        },
    )
    graph = import_graph(package)
    assert upward_imports(graph) == [
        "spreadkit.plan.figures.programme (plan.figures) imports"
        " spreadkit.plan.pictures.programme_charts (plan.pictures), a higher layer",
        "spreadkit.plan.tracker.excel (plan.tracker) imports"
        " spreadkit.plan.output.render (plan.output), a higher layer",
    ]
    assert circles(graph) == [
        ["spreadkit.plan.figures.programme", "spreadkit.plan.pictures.programme_charts"]
    ]
    assert rank_of("spreadkit.plan.loose") is None  # every plan module sits in a sub-layer
    assert rank_of("spreadkit.plan") == (LAYERS.index("plan"), -1)


def test_the_checker_finds_a_long_module(tmp_path: Path) -> None:
    package = _package(tmp_path, {"plan/long.py": "x = 1\n" * (MAX_LINES + 1)})
    assert long_modules(package) == {"plan/long.py": MAX_LINES + 1}


@pytest.mark.parametrize("module", ["spreadkit.cli", "spreadkit.cli.edge", "spreadkit.__main__"])
def test_the_command_line_is_the_top_layer(module: str) -> None:
    assert layer_of(module) == len(LAYERS) - 1


# -- docs/architecture.md lists the tree as it is ------------------------------------------------


def documented_modules(text: str) -> dict[str, set[str]]:
    """The "Modules" table of docs/architecture.md: for each package (``plan/figures``), the
    modules it names (``scoring.py``)."""
    table = text.split("### Modules", 1)[1].split("\n\n", 2)[1]
    rows: dict[str, set[str]] = {}
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        package = cells[0].strip("`").rstrip("/")
        rows[package] = set(re.findall(r"`(\w+\.py)`", cells[1]))
    return rows


def test_the_modules_table_matches_the_tree() -> None:
    documented = documented_modules(
        (PACKAGE.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    )
    actual: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        folder = path.parent.relative_to(PACKAGE).as_posix()
        if folder != "." and path.name != "__init__.py":
            actual.setdefault(folder, set()).add(path.name)
    assert {p: sorted(m) for p, m in documented.items()} == {
        p: sorted(m) for p, m in actual.items()
    }
