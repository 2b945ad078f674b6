"""The floor for many plans at once: what a plain script needs for the same files.

    python floor_batch.py render VIEW OUT_DIR JOBS FILE...   # the board plan of each file
    python floor_batch.py portfolio JOBS FILE...             # read and parse each file

``render``: each answers file is read and parsed with PyYAML's C loader, and the board plan's
template (compiled once per process) is rendered from a view worked out beforehand (working
the view out is spreadkit's job, not the floor's), then written. ``VIEW`` is one view for every
file (run.py's ``floor_view``, a JSON file), or a folder holding each file's own view as
``NAME.json`` (``NAME`` the answers file's name). With a folder, loading each view is timed
(CPU) and written to ``OUT_DIR/views-time.txt`` (the CPU seconds, and those over ``JOBS``
for the wall clock), for the caller to take off: loading is not part of the floor. The
``portfolio`` floor reads and parses each file: the page itself is one small render. ``JOBS``
processes share the files, as ``--jobs`` does.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
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


def _start(view: str | None, out: str | None, plan_format: str) -> None:
    if view:
        own = Path(view).is_dir()
        _STATE.update(views=view if own else None, template=template("board", plan_format), out=out)
        if not own:
            _STATE["view"] = load_view(view)


def _render(source: str) -> float:
    """Render ``source``'s board plan; the CPU seconds spent loading its own view (or 0)."""
    _parse(source)
    loading = 0.0
    view = _STATE.get("view")
    if _STATE["views"]:
        started = time.process_time()
        view = load_view(str(Path(str(_STATE["views"]), Path(source).name + ".json")))
        loading = time.process_time() - started
    text = _STATE["template"].render(plan=view)  # type: ignore[attr-defined]
    name = Path(source).name.replace(".answers.yml", ".plan.html")
    Path(str(_STATE["out"]), name).write_text(text, encoding="utf-8")
    return loading


def _read(source: str) -> float:
    _parse(source)
    return 0.0


def run(kind: str, files: list[str], jobs: int, view: str | None, out: str | None) -> None:
    work = _render if kind == "render" else _read
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
    if jobs <= 1:
        _start(view, out, "html")
        loading = sum(work(source) for source in files)
    else:
        chunk = max(1, min(len(files) // (jobs * 4), 100))
        with multiprocessing.get_context().Pool(jobs, _start, (view, out, "html")) as pool:
            loading = sum(pool.imap(work, files, chunksize=chunk))
    if out and view and Path(view).is_dir():
        Path(out, "views-time.txt").write_text(f"{loading} {loading / max(jobs, 1)}\n")


def main() -> None:
    kind = sys.argv[1]
    if kind == "render":
        view, out, jobs, files = sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:]
        run(kind, files, jobs, view, out)
    else:
        run(kind, sys.argv[3:], int(sys.argv[2]), None, None)


if __name__ == "__main__":
    main()
