"""Saving answers keeps what a person wrote in the file: comments, key order, layout, and
everything under `retired:`."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import dated, write_answers
from spreadkit.files.roundtrip import update_yaml
from spreadkit.framework.model import Framework

from .conftest import EXAMPLE_ANSWERS, Cli

HAND_EDITED = """\
# Our team's answers: Priya keeps this file, ask her before changing it.
answers:
  # Step 1 notes from the workshop on 3 March
  analyse:
    problem: Too few psychologists on medical wards  # agreed wording
    evidence: Outcome measures from the pilot
plan:
  lead: Priya Shah, workforce lead
  title: Psychology on the wards
"""


def test_comments_and_key_order_survive_a_save(tmp_path: Path, framework: Framework) -> None:
    path = tmp_path / "team.answers.yml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    answers = read_answers(path, framework).with_value("analyse", "evidence", "Pilot outcomes")
    write_answers(path, dated(answers), framework)
    text = path.read_text(encoding="utf-8")
    for comment in (
        "# Our team's answers: Priya keeps this file, ask her before changing it.\n",
        "  # Step 1 notes from the workshop on 3 March\n",
        "problem: Too few psychologists on medical wards  # agreed wording\n",
    ):
        assert comment in text
    assert text.index("answers:") < text.index("plan:")  # the person's order, not ours
    assert text.index("lead:") < text.index("title:")
    assert "evidence: Pilot outcomes\n" in text
    saved = read_answers(path, framework)
    assert saved.get("analyse", "evidence") == "Pilot outcomes"
    assert saved.details["created"] == saved.details["updated"]


def test_saving_unchanged_answers_changes_nothing(tmp_path: Path, framework: Framework) -> None:
    path = tmp_path / "team.answers.yml"
    shutil.copy(EXAMPLE_ANSWERS, path)
    write_answers(path, read_answers(path, framework), framework)
    assert path.read_bytes() == EXAMPLE_ANSWERS.read_bytes()


def test_new_answers_go_where_spreadkit_would_put_them(
    tmp_path: Path, framework: Framework
) -> None:
    path = tmp_path / "team.answers.yml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    answers = read_answers(path, framework).with_value("analyse", "evidence_gap", "Two trusts")
    write_answers(path, answers, framework)
    text = path.read_text(encoding="utf-8")
    assert text.index("evidence:") < text.index("evidence_gap: Two trusts") < text.index("plan:")
    assert yaml.safe_load(text)["answers"]["analyse"]["evidence_gap"] == "Two trusts"


def test_nothing_under_retired_is_ever_dropped(
    cli: Cli, tmp_path: Path, framework: Framework
) -> None:
    path = tmp_path / "team.answers.yml"
    path.write_text(
        "answers:\n"
        "  analyse:\n"
        "    problem: Wards\n"
        "retired:\n"
        "  analyse: a note once kept for the whole step\n"
        "  message:\n"
        "    old_question: an answer to a question since removed  # keep\n"
        "  nonsense: [1, 2, 3]\n",
        encoding="utf-8",
    )
    before = yaml.safe_load(path.read_text(encoding="utf-8"))["retired"]
    assert cli("validate", str(path)).exit_code == 0
    answers = read_answers(path, framework).with_value("analyse", "problem", "Medical wards")
    write_answers(path, answers, framework)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["retired"] == before
    assert "since removed  # keep" in path.read_text(encoding="utf-8")
    path.unlink()  # and written afresh, nothing is dropped either
    write_answers(path, answers, framework)
    again = yaml.safe_load(path.read_text(encoding="utf-8"))["retired"]
    assert again["message"] == before["message"]
    assert again["analyse"] == {"": before["analyse"]} and again["nonsense"] == {"": [1, 2, 3]}


def test_a_retired_answer_is_never_replaced_by_a_newer_one(framework: Framework) -> None:
    old = "answers: {}\nretired:\n  analyse:\n    gone: first answer\n"
    new = {"answers": {}, "retired": {"analyse": {"gone": "second answer", "other": "x"}}}
    text = update_yaml(old, new, keep=["retired"])
    assert text is not None
    assert yaml.safe_load(text)["retired"]["analyse"] == {"gone": "first answer", "other": "x"}


def test_retired_that_is_not_a_mapping_is_a_clear_problem(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "team.answers.yml"
    path.write_text("answers: {}\nretired: some text\n", encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 1 and "retired" in result.stdout


def test_an_answer_moved_to_retired_keeps_an_earlier_one_of_the_same_name(
    tmp_path: Path, framework: Framework
) -> None:
    path = tmp_path / "team.answers.yml"
    path.write_text(
        "framework: {id: hee-spread-adoption, version: '1900.01'}\n"
        "answers:\n  analyse:\n    gone: newer\n"
        "retired:\n  analyse:\n    gone: older\n",
        encoding="utf-8",
    )
    answers = read_answers(path, framework)
    assert dict(answers.retired["analyse"]) == {"gone": "older", "gone (2)": "newer"}


def test_a_file_as_spreadkit_wrote_it_is_saved_without_ruamel(tmp_path: Path) -> None:
    """The fast save: a file holding exactly what spreadkit wrote has nothing of a person's to
    keep, so saves (after every answer in an interview) skip the ruamel.yaml round trip, across
    processes too: the second process finds the first one's file."""
    import subprocess
    import sys

    path = tmp_path / "team.answers.yml"
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from spreadkit.answers.loading import read_answers\n"
        "from spreadkit.answers.store import write_answers\n"
        "from spreadkit.framework.content import load_framework\n"
        "fw = load_framework()\n"
        "path = Path(sys.argv[1])\n"
        "answers = read_answers(Path(sys.argv[2]), fw)\n"
        "for title in ('One', 'Two'):\n"
        "    write_answers(path, answers.with_detail('title', title), fw)\n"
        "print('ruamel' in ' '.join(sys.modules))\n"
    )
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", script, str(path), str(EXAMPLE_ANSWERS)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stdout.strip() == "False", done.stderr
    assert "  title: Two\n" in path.read_text(encoding="utf-8")


def test_a_comment_added_between_two_saves_is_kept(tmp_path: Path, framework: Framework) -> None:
    path = tmp_path / "team.answers.yml"
    answers = read_answers(EXAMPLE_ANSWERS, framework)
    write_answers(path, answers, framework)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nanswers:\n", "\nanswers:  # ask Priya first\n"), "utf-8")
    write_answers(path, answers.with_detail("title", "Renamed"), framework)
    saved = path.read_text(encoding="utf-8")
    assert "answers:  # ask Priya first\n" in saved and "  title: Renamed\n" in saved


def test_keys_a_person_reordered_stay_in_their_order(tmp_path: Path, framework: Framework) -> None:
    """No comment at all, only the order changed by hand: still the person's file to keep."""
    path = tmp_path / "team.answers.yml"
    answers = read_answers(EXAMPLE_ANSWERS, framework)
    write_answers(path, answers, framework)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    reordered = {"answers": data.pop("answers"), **data}
    from spreadkit.answers.store import HEADER
    from spreadkit.files.yamlio import dump_yaml

    path.write_text(HEADER + dump_yaml(reordered), encoding="utf-8")
    write_answers(path, answers.with_detail("title", "Renamed"), framework)
    saved = path.read_text(encoding="utf-8")
    assert saved.index("\nanswers:\n") < saved.index("\nplan:\n")
    assert "  title: Renamed\n" in saved
