"""The floor for `spreadkit render`: plain PyYAML (libyaml) and Jinja rendering the same templates.

It parses the same answers file and renders the same template with the same view of the plan
(precomputed by run.py into a JSON file, since working it out is spreadkit's job, not the
floor's), compiling the template from scratch like a plain script would. Usage:

    python floor.py VIEW.json ANSWERS.yml md|html
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


def _objects(value):
    """JSON back into objects with attributes, as the templates read them; ``due`` as dates."""
    if isinstance(value, dict):
        return SimpleNamespace(
            **{
                k: (dt.date.fromisoformat(v) if k == "due" else _objects(v))
                for k, v in value.items()
            }
        )
    if isinstance(value, list):
        return [_objects(v) for v in value]
    return value


def main() -> None:
    view_file, answers_file, plan_format = sys.argv[1:4]
    with open(answers_file, encoding="utf-8") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
    view = _objects(json.loads(Path(view_file).read_text(encoding="utf-8")))
    html = plan_format == "html"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=str, cell=str, anchor=str, link=str, lines=lambda text: Markup("<br>").join(str(text).split("\n"))
    )
    sys.stdout.write(env.get_template(f"plan.{plan_format}.j2").render(plan=view))


main()
