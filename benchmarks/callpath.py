"""How often the data walks back and forth between spreadkit's plan modules (issue 24).

    python benchmarks/callpath.py [--tree] [--all-modules]

Follows the calls of two paths and prints, for each, how many of ``spreadkit.plan``'s
modules it goes through, how many times it enters each, and how many times it comes back to
a module it had already left:

1. the board plan: ``render_plan`` of ``examples/northfield-fcp-checkins.answers.yml`` as
   Markdown (the board plan's view, then its template);
2. a tracker cell to the report: the same plan exported as a tracker, one site's "actual" cell
   changed, the tracker read back (``read_import``), the change recorded as a check-in, then
   ``report.build`` of the result.

The counting rule (docs/architecture.md, "Counting the call path") in short: calls are
recorded with ``sys.setprofile``; only functions defined in ``spreadkit.plan.*`` count (lower
layers and libraries are looked through: a plan function they call is attributed to the
nearest plan function below it on the stack). The calls form a tree of *modules*: a call into
the module already running stays in its node, and calls from one node into the same module are
one node however many functions or records they involve. Walking that tree in call order,
each move into another module is a *stop*; an *entry* into a module is a stop reached by a
call (so a module's entries are the number of routes by which the data reaches it); an
entry *from another layer* is one whose caller is in another of plan's layers (figures <
pictures < views < tracker < output), so that a figure using another figure's helper, or a
view's section using the view's reader, is not one; a *return to a module already left* is a
stop reached by returning.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "northfield-fcp-checkins.answers.yml"
PREFIX = "spreadkit.plan."


@dataclass
class Node:
    """A module in the call tree: the functions of it run there, and the modules they called."""

    module: str
    names: dict[str, None] = field(default_factory=dict)  # its functions run here, in order
    children: dict[str, Node] = field(default_factory=dict)

    def call(self, module: str, name: str) -> Node:
        """The node a call into ``module`` runs in: this one, or a (merged) child."""
        node = self if module == self.module else self.children.setdefault(module, Node(module))
        node.names.setdefault(name, None)
        return node


def record(run: Callable[[], object], prefix: str = PREFIX) -> Node:
    """The call tree of ``run()``, of functions whose module starts with ``prefix``."""
    root = Node("(start)")
    stack: list[Node | None] = []  # None: a frame outside the scope, looked through
    current: list[Node] = [root]

    def profile(frame, event, arg):
        if event == "call":
            module = frame.f_globals.get("__name__", "")
            if module.startswith(prefix):
                node = current[-1].call(module, frame.f_code.co_qualname)
                stack.append(node)
                current.append(node)
            else:
                stack.append(None)
        elif event == "return" and stack and stack.pop() is not None:
            current.pop()

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return root


def layer(module: str) -> str:
    """``figures`` for ``spreadkit.plan.figures.trends``; ``answers`` for ``spreadkit.answers.x``."""
    parts = module.split(".")
    return parts[2] if parts[:2] == ["spreadkit", "plan"] and len(parts) > 3 else parts[1]


@dataclass
class Walk:
    stops: list[str] = field(default_factory=list)  # the module after each move
    entries: Counter[str] = field(default_factory=Counter)
    from_other_layers: Counter[str] = field(default_factory=Counter)
    returns_to_left: int = 0


def walk(root: Node) -> Walk:
    """The stops, entries and returns of a walk through the tree in call order."""
    result = Walk()
    left: set[str] = set()

    def move(into: str, by_call: bool, came_from: str) -> None:
        if into == came_from:
            return
        left.add(came_from)
        result.stops.append(into)
        if by_call:
            result.entries[into] += 1
            if layer(into) != layer(came_from):
                result.from_other_layers[into] += 1
        elif into in left:
            result.returns_to_left += 1

    def visit(node: Node, module: str) -> None:
        for child in node.children.values():
            move(child.module, True, module)
            visit(child, child.module)
            move(module, False, child.module)

    for top in root.children.values():
        result.entries[top.module] += 1
        result.from_other_layers[top.module] += 1
        result.stops.append(top.module)
        visit(top, top.module)
    return result


def show_tree(node: Node, depth: int = 0) -> None:
    for child in node.children.values():
        names = ", ".join(child.names)
        print(f"{'  ' * depth}{child.module.removeprefix(PREFIX)}: {names}")
        show_tree(child, depth + 1)


def report(title: str, root: Node, tree: bool) -> None:
    result = walk(root)
    print(f"## {title}")
    print(
        f"{len(result.entries)} modules, {len(result.stops)} stops, "
        f"{result.returns_to_left} returns to a module already left; most entries into one "
        f"module: {max(result.entries.values(), default=0)}, from another layer: "
        f"{max(result.from_other_layers.values(), default=0)}"
    )
    print("  entries  from another layer  module")
    for module, count in result.entries.most_common():
        crossing = result.from_other_layers[module]
        print(f"  {count:7d}  {crossing:18d}  {module.removeprefix(PREFIX)}")
    if tree:
        show_tree(root)
    print()


def board_plan() -> Callable[[], object]:
    from spreadkit.answers.loading import read_answers
    from spreadkit.core.formats import DocumentKind, PlanFormat
    from spreadkit.framework import packs
    from spreadkit.plan.output.render import render_plan

    framework = packs.load(None)
    answers = read_answers(EXAMPLE, framework)
    render_plan(framework, answers, PlanFormat.MARKDOWN, None, DocumentKind.BOARD)  # warm: Jinja
    return lambda: render_plan(framework, answers, PlanFormat.MARKDOWN, None, DocumentKind.BOARD)


def tracker_to_report(folder: Path) -> Callable[[], object]:
    import openpyxl

    from spreadkit.answers import history
    from spreadkit.answers.loading import read_answers
    from spreadkit.framework import packs
    from spreadkit.plan.tracker.excel import export_workbook
    from spreadkit.plan.tracker.import_changes import read_import
    from spreadkit.plan.tracker.sheets import read_tracker
    from spreadkit.plan.views import report

    framework = packs.load(None)
    answers = read_answers(EXAMPLE, framework)
    tracker = folder / "tracker.xlsx"
    tracker.write_bytes(export_workbook(framework, answers))
    book = openpyxl.load_workbook(tracker)
    for sheet in book.worksheets:
        headers = [c.value for c in sheet[1]]
        if "Actual" in headers and sheet.max_row > 1:  # a site's actual, as a person would
            cell = sheet.cell(row=2, column=headers.index("Actual") + 1)
            cell.value = (cell.value or 0) + 1
            break
    book.save(tracker)
    sheets = read_tracker(tracker)
    on = dt.date(2028, 6, 1)

    def run() -> object:
        imported = read_import(framework, answers, sheets, tracker.name, on)
        after = history.record(answers, on, imported.changes, imported.readings, note="import")
        return report.build(framework, after)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", action="store_true", help="print the call tree as well")
    parser.add_argument(
        "--all-modules",
        action="store_true",
        help="count every spreadkit module, not only spreadkit.plan's",
    )
    args = parser.parse_args()
    prefix = "spreadkit." if args.all_modules else PREFIX
    folder = Path(tempfile.mkdtemp(prefix="spreadkit-callpath-"))
    try:
        report("An answer to the board plan", record(board_plan(), prefix), args.tree)
        report("A tracker cell to the report", record(tracker_to_report(folder), prefix), args.tree)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
