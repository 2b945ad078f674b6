"""CPU time of reading one answers file, the three ways (issue 30, item 8).

    python benchmarks/yaml_read.py [FILE ...] [--runs 200]

For each file (default: three generated plans, ``make_plans.py`` seed 21, and the Northfield
example), the median over ``--runs`` of CPU time (``time.process_time``) of:

- **spreadkit**: ``files.yamlio.parse_yaml``, as every command reads a file (yaml-rs for an
  ordinary file, with its checks; the careful way otherwise);
- **careful way**: PyYAML's C parser and spreadkit's builder (what every file took before);
- **floor**: ``yaml.load`` with PyYAML's C loader, the floor of issue 30's budget table.

Also says which way spreadkit took for the file.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_plans import write_plans

from spreadkit.files import yamlfast, yamlio, yamlparse

ROOT = Path(__file__).resolve().parents[1]


def _median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    files = list(args.files)
    if not files:
        folder = Path(tempfile.mkdtemp(prefix="spreadkit-yaml-"))
        files = write_plans(folder, 3, seed=21, broken_percent=0)
        files.append(ROOT / "examples" / "northfield-fcp-checkins.answers.yml")
    print("| file | KB | way | spreadkit ms | careful way ms | yaml.load (C) ms |")
    print("|---|---|---|---|---|---|")
    for path in files:
        text = yamlio.read_text(path)
        fast, _ = yamlfast.fast_data(text)
        ordinary = fast and (
            yamlfast.plainly_ordinary(text) or not yamlparse.needs_careful_reading(text)
        )
        way = "yaml-rs" if ordinary else "careful"
        ours = _median_ms(lambda t=text: yamlio.parse_yaml(t, "f"), args.runs)
        careful = _median_ms(
            lambda t=text: yamlio.build_document(yamlio.compose_yaml(t, "f"), "f"), args.runs
        )
        floor = _median_ms(lambda t=text: yaml.load(t, Loader=yaml.CSafeLoader), args.runs)
        print(
            f"| {path.name} | {len(text.encode()) / 1024:.1f} | {way} | {ours:.2f} | "
            f"{careful:.2f} | {floor:.2f} |"
        )


if __name__ == "__main__":
    main()
