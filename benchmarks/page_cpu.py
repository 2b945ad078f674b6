"""CPU time of a board plan's page alone (``render.render_page``), per plan, in one process (issue 30).

    python benchmarks/page_cpu.py PLAN.answers.yml ... [--format html|md] [--runs 5]
        [--before SRC_TREE]

Each run is a fresh process: it reads the plans and builds their views (not timed), then times
``render_page`` of each view with ``time.process_time`` (the pictures are drawn by the page, as
in a real render), then, on views built again, each part on its own: drawing the pictures,
Jinja, the policy and fetching-tags filter (HTML), the stamp. ``--before`` names another source
tree (a ``git archive`` of main, say, with its ``src/`` and ``templates/``): its runs alternate
with this tree's, run through ``PYTHONPATH``, and the pages of both must be the same bytes.
Medians of the runs, in ms a plan.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

PARTS = ("page", "draw", "jinja", "policy", "stamp")


def _child(plans: list[str], plan_format: str) -> None:
    import hashlib

    from spreadkit.answers.loading import read_answers
    from spreadkit.app import parallel
    from spreadkit.core.formats import DocumentKind, PlanFormat
    from spreadkit.files.planfile import stamped
    from spreadkit.plan.output import render, safety
    from spreadkit.plan.views import board

    framework = parallel.framework(None)
    answers = [read_answers(plan, framework) for plan in plans]
    kind = PlanFormat.HTML if plan_format == "html" else PlanFormat.MARKDOWN
    name = render.TEMPLATE_NAMES[DocumentKind.BOARD, kind]
    render.render_page(name, kind, None, plan=board.build(framework, answers[0]))  # compiled
    spent = dict.fromkeys(PARTS, 0.0)

    def timed(part: str, work):
        started = time.process_time()
        done = work()
        spent[part] += time.process_time() - started
        return done

    views = [board.build(framework, one) for one in answers]
    pages = [
        timed("page", lambda v=view: render.render_page(name, kind, None, plan=v)) for view in views
    ]
    template = render._environment(kind, None).get_template(name)
    for view in [board.build(framework, one) for one in answers]:
        charts = [p.chart for b in view.blocks for p in b.parts if p.chart] + list(
            view.trends.charts
        )
        charts = charts if kind is PlanFormat.HTML else []  # the Markdown plan draws none
        timed("draw", lambda charts=charts: [chart.svg for chart in charts])
        text = timed("jinja", lambda v=view: template.render(plan=v))
        if kind is PlanFormat.HTML:
            text = timed("policy", lambda text=text: safety.with_policy(text))
        timed("stamp", lambda text=text: stamped(text))
    result = {part: seconds * 1000 / len(views) for part, seconds in spent.items()}
    result["digest"] = hashlib.sha256("".join(pages).encode("utf-8")).hexdigest()
    print(json.dumps(result))


def _run(plans: list[str], plan_format: str, source: str | None) -> dict[str, float]:
    env = dict(os.environ)
    if source:
        env["PYTHONPATH"] = os.path.join(source, "src")
    done = subprocess.run(
        [sys.executable, __file__, "--child", plan_format, *plans],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] == "--child":
        _child(args[2:], args[1])
        return
    options = {"--format": "html", "--runs": "5", "--before": ""}
    plans: list[str] = []
    while args:
        arg = args.pop(0)
        if arg in options:
            options[arg] = args.pop(0)
        else:
            plans.append(arg)
    trees = {"this tree": None} | ({"before": options["--before"]} if options["--before"] else {})
    runs: dict[str, list[dict[str, float]]] = {tree: [] for tree in trees}
    for _ in range(int(options["--runs"])):
        for tree, source in reversed(trees.items()):  # "before" first in each round
            runs[tree].append(_run(plans, options["--format"], source))
    digests = {str(run["digest"]) for each in runs.values() for run in each}
    print(f"| ms a plan ({options['--format']}, {len(plans)} plans) | " + " | ".join(PARTS) + " |")
    print("|---" * (len(PARTS) + 1) + "|")
    for tree, each in runs.items():
        medians = [statistics.median(run[part] for run in each) for part in PARTS]
        print(f"| {tree} | " + " | ".join(f"{m:.3f}" for m in medians) + " |")
    print("pages the same bytes in every run" if len(digests) == 1 else "PAGES DIFFER")
    if len(digests) != 1:
        sys.exit(1)


if __name__ == "__main__":
    main()
