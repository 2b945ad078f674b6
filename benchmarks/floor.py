"""The floor for `spreadkit render`: plain PyYAML (libyaml) and Jinja rendering the same templates.

It parses the same answers file and renders the same template with the same view of the
document (precomputed by run.py into a JSON file, since working it out is spreadkit's job, not
the floor's), compiling the template from scratch like a plain script would, and writes the
result. Usage:

    python floor.py VIEW.json ANSWERS.yml board|workbook md|html OUT
    python floor.py --batch PAIRS.json md|html OUT_DIR

``--batch`` is the floor of a batch of board plans (``cold_cpu.py``): PAIRS.json lists
``[view.json, answers.yml]`` pairs; every view is loaded first, the board template is compiled
once, then each plan's file is read and parsed, the template rendered and the result written.
"""

import datetime as dt
import json
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import jinja2
import yaml
from markupsafe import Markup

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
LAYOUT = {"board": "board", "workbook": "plan"}  # the document and its template's name


def _objects(value):
    """JSON back into objects with attributes, as the templates read them; ``due`` as dates."""
    if isinstance(value, dict):
        return SimpleNamespace(
            **{
                k: (dt.date.fromisoformat(v) if k == "due" and v else _objects(v))
                for k, v in value.items()
            }
        )
    if isinstance(value, list):
        return [_objects(v) for v in value]
    return value


class _AnyFilter(dict):
    """Jinja's filters, and a plain pass-through for spreadkit's own (md, cell, link…): the
    floor measures parsing and templating, not spreadkit's escaping."""

    def __contains__(self, name: object) -> bool:
        return True

    def __missing__(self, name: str):
        return lambda value, *args, **kwargs: Markup(value) if name == "lines" else value

    def get(self, name, default=None):
        return self[name]


def _environment(plan_format: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=plan_format == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters = _AnyFilter(env.filters)
    return env


def batch(pairs_file: str, plan_format: str, out_dir: str) -> None:
    """Each plan in turn, its view loaded just before it is rendered (holding every view at
    once would slow the whole run with a heap spreadkit never has); loading is timed and
    printed as ``views SECONDS``, which is not the floor's: cold_cpu takes it off."""
    pairs = json.loads(Path(pairs_file).read_text(encoding="utf-8"))
    board = template("board", plan_format)
    out = Path(out_dir)
    out.mkdir(exist_ok=True)
    loading = 0.0
    for number, (view_file, answers_file) in enumerate(pairs):
        with open(answers_file, encoding="utf-8") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
        started = time.process_time()
        view = load_view(view_file)
        loading += time.process_time() - started
        text = board.render(plan=view)
        (out / f"{number}.plan.{plan_format}").write_text(text, encoding="utf-8")
    print(f"views {loading:.6f}")


def main() -> None:
    if sys.argv[1] == "--batch":
        batch(*sys.argv[2:5])
        return
    view_file, answers_file, document, plan_format, out = sys.argv[1:6]
    with open(answers_file, encoding="utf-8") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
    view = load_view(view_file)
    text = template(document, plan_format).render(plan=view)
    Path(out).write_text(text, encoding="utf-8")


def template(document: str, plan_format: str) -> jinja2.Template:
    """The document's template, compiled from scratch as a plain script would
    (``floor_batch.py``)."""
    return _environment(plan_format).get_template(f"{LAYOUT[document]}.{plan_format}.j2")


def load_view(view_file: str) -> object:
    return _objects(json.loads(Path(view_file).read_text(encoding="utf-8")))


if __name__ == "__main__":
    main()
