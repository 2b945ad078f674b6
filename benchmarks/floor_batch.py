"""The floor for many plans at once: what a plain script needs for the same files.

    python floor_batch.py render VIEW.json OUT_DIR JOBS FILE...   # the board plan of each file
    python floor_batch.py portfolio JOBS FILE...                  # read and parse each file

``render``: each answers file is read and parsed with PyYAML's C loader, and the board plan's
template (compiled once per process) is rendered from a view worked out beforehand (run.py's
``floor_view``: working the view out is spreadkit's job, not the floor's), then written. The
``portfolio`` floor reads and parses each file: the page itself is one small render. ``JOBS``
processes share the files, as ``--jobs`` does.
"""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from floor import load_view, template

_STATE: dict[str, object] = {}


def _parse(source: str) -> object:
    """The file's data; a file that is not YAML (as spreadkit's portfolio lists it) is None."""
    with open(source, encoding="utf-8") as handle:
        try:
            return yaml.load(handle, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            return None


def _start(view_file: str | None, out: str | None, plan_format: str) -> None:
    if view_file:
        _STATE.update(view=load_view(view_file), template=template("board", plan_format), out=out)


def _render(source: str) -> None:
    _parse(source)
    text = _STATE["template"].render(plan=_STATE["view"])  # type: ignore[attr-defined]
    name = Path(source).name.replace(".answers.yml", ".plan.html")
    Path(str(_STATE["out"]), name).write_text(text, encoding="utf-8")


def _read(source: str) -> None:
    _parse(source)


def run(kind: str, files: list[str], jobs: int, view: str | None, out: str | None) -> None:
    work = _render if kind == "render" else _read
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
    if jobs <= 1:
        _start(view, out, "html")
        for source in files:
            work(source)
        return
    chunk = max(1, min(len(files) // (jobs * 4), 100))
    with multiprocessing.get_context().Pool(jobs, _start, (view, out, "html")) as pool:
        for _ in pool.imap(work, files, chunksize=chunk):
            pass


def main() -> None:
    kind = sys.argv[1]
    if kind == "render":
        view, out, jobs, files = sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:]
        run(kind, files, jobs, view, out)
    else:
        run(kind, sys.argv[3:], int(sys.argv[2]), None, None)


if __name__ == "__main__":
    main()
