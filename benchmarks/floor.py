"""The floor for `spreadkit render`: plain PyYAML (libyaml) and Jinja rendering the same templates.

It parses the same answers file and renders the same template with the same view of the
document (precomputed by run.py into a JSON file, since working it out is spreadkit's job, not
the floor's), compiling the template from scratch like a plain script would, and writes the
result. Usage:

    python floor.py VIEW.json ANSWERS.yml board|workbook md|html OUT
"""

import datetime as dt
import json
import sys
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


def template(document: str, plan_format: str) -> jinja2.Template:
    """The document's template, compiled from scratch as a plain script would."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=plan_format == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters = _AnyFilter(env.filters)
    return env.get_template(f"{LAYOUT[document]}.{plan_format}.j2")


def load_view(view_file: str) -> object:
    return _objects(json.loads(Path(view_file).read_text(encoding="utf-8")))


def main() -> None:
    view_file, answers_file, document, plan_format, out = sys.argv[1:6]
    with open(answers_file, encoding="utf-8") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
    text = template(document, plan_format).render(plan=load_view(view_file))
    Path(out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
