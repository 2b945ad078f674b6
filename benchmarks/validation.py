"""CPU time of checking answers files (``parse_answers``, after the YAML is read), per plan.

    python benchmarks/validation.py PLAN.answers.yml ... [--passes 5]

Prints two lines of per-plan milliseconds (``time.process_time`` around ``parse_answers`` only),
one number a pass: "batch" reads every file first and then checks them all (the first pass is
the cold one: the content's facts are worked out then); "as in a render" reads each file just
before checking it, as a batch render does, which leaves less of the checker in the CPU's
caches. To compare two trees, run it with ``PYTHONPATH=OTHER/src`` and without, in turns.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main() -> None:
    args = sys.argv[1:]
    passes = 5
    if "--passes" in args:
        at = args.index("--passes")
        passes = int(args[at + 1])
        del args[at : at + 2]
    from spreadkit.answers.loading import parse_answers
    from spreadkit.files.yamlio import parse_yaml, read_text
    from spreadkit.framework.content import load_framework

    framework = load_framework()
    texts = [(read_text(Path(p)), p) for p in args]
    batch, interleaved = [], []
    for _ in range(passes):
        documents = [parse_yaml(text, name) for text, name in texts]
        started = time.process_time()
        for document in documents:
            parse_answers(document, framework)
        batch.append((time.process_time() - started) * 1000 / len(texts))
        spent = 0.0
        for text, name in texts:
            document = parse_yaml(text, name)
            started = time.process_time()
            parse_answers(document, framework)
            spent += time.process_time() - started
        interleaved.append(spent * 1000 / len(texts))
    print("batch", " ".join(f"{ms:.3f}" for ms in batch))
    print("as in a render", " ".join(f"{ms:.3f}" for ms in interleaved))


if __name__ == "__main__":
    main()
