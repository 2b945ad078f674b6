"""Issue 30, item 8: ordinary files are read by yaml-rs (``files.yamlfast``); every other file
goes the careful way (PyYAML, ``files.yamlparse``). Both ways must give the same data for every
file, so these tests read the same text both ways and compare; and what a writer saves must read
back as what it meant."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spreadkit.answers.loading import read_answers
from spreadkit.core.errors import SpreadkitError
from spreadkit.files import yamlfast, yamlio, yamlparse
from spreadkit.framework import packs

from .conftest import ROOT
from .strategies import any_text

#: Texts whose meaning differs between YAML 1.1, YAML 1.2 and yaml-rs's dates, or that look
#: like something else: the values that broke readers before.
TRICKY = [
    "No", "no", "yes", "Yes", "on", "OFF", "y", "n", "true", "True", "TRUE", "false", "~",
    "null", "Null", "", " ", "12", "012", "0o17", "0x1F", "1_000", "+3", "-3", "1.0", "1.", ".5",
    "5e-05", "1e3", "1E3", ".inf", "-.Inf", ".nan", "1:20", "10:00", "10:00:00",
    "2027-01-01", "2027-1-1", "2027-15-01", "2027-01-01 10:00:00", "2027-01-01T10:00:00Z",
    "2027-01-01t10:00", "2027-01-01 10:00:00 +01:00", "20270101", "2027-10", " 2027-01-01",
    "2027-01-01 ", "<<", "=", "-", "--- x", "a # b", "it's", '"', "'", "\\x32027-01-01",
    "£1,200", "A&E", "Great!", "**bold**", "12345678901234567890123", "0", "-0", "0.0",
]  # fmt: skip


def _both_ways(text: str) -> tuple[object, object]:
    """The data as the commands read ``text``, and as the careful path alone reads it."""
    fast = yamlio.parse_yaml(text, "t.yml").data
    careful = yamlio.build_document(yamlio.compose_yaml(text, "t.yml"), "t.yml").data
    return fast, careful


def _same(a: object, b: object) -> bool:
    """Equal, with types (``1 == True`` and ``1 == 1.0`` in Python), and NaN equal to NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)  # type: ignore[index]
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_same, a, b))  # type: ignore[arg-type]
    if isinstance(a, float) and a != a:
        return b != b
    return a == b


def _styles(text: str) -> list[str]:
    """``text`` written as a value every way YAML allows it to be (plain only where it may)."""
    single = "'" + text.replace("'", "''") + "'"
    double = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    out = [single, double]
    if text and "\n" not in text and text == text.strip():
        out += [f"|-\n  {text}", f">-\n  {text}"]
    return [*out, text]  # plain last: it may not be YAML at all


@pytest.mark.parametrize("text", TRICKY)
def test_every_way_of_writing_a_tricky_value_reads_the_same_both_ways(text: str) -> None:
    for written in _styles(text):
        document = f"plan:\n  title: {written}\n  list:\n  - {written}\n"
        try:
            careful = yamlio.build_document(yamlio.compose_yaml(document, "t"), "t").data
        except SpreadkitError:
            continue  # not YAML the careful path reads: the commands refuse it too (below)
        fast, careful = _both_ways(document)
        assert _same(fast, careful), (written, fast, careful)


def test_a_date_in_quotes_or_a_block_is_text_a_plain_date_is_a_date() -> None:
    """yaml-rs reads any text shaped like a date as a date; the commands do not."""
    for written in ("'2027-10-01'", '"2027-10-01"', '"\\x32027-10-01"', "|-\n    2027-10-01"):
        data = yamlio.parse_yaml(f"plan:\n  title: {written}\n", "t").data
        assert data == {"plan": {"title": "2027-10-01"}}, written
    data = yamlio.parse_yaml("plan:\n  created: 2027-10-01\n", "t").data
    assert data == {"plan": {"created": dt.date(2027, 10, 1)}}


def test_yaml_1_2_words_are_text_and_a_time_of_day_is_text() -> None:
    data = yamlio.parse_yaml("a: No\nb: on\nc: 1:20\nd: 10:00:00\ne: 5e-05\nf: true\n", "t").data
    assert data == {"a": "No", "b": "on", "c": "1:20", "d": "10:00:00", "e": 5e-05, "f": True}


@pytest.mark.parametrize("text", TRICKY)
def test_a_tricky_text_saved_by_either_writer_reads_back_as_that_text(text: str) -> None:
    from spreadkit.files.roundtrip import update_yaml

    written = yamlio.dump_yaml({"plan": {"title": text}})
    assert yamlio.parse_yaml(written, "t").data == {"plan": {"title": text}}, written
    updated = update_yaml("plan:\n  title: x  # kept\n", {"plan": {"title": text}})
    assert updated is not None and "# kept" in updated
    assert yamlio.parse_yaml(updated, "t").data == {"plan": {"title": text}}, updated


def test_every_example_and_content_file_reads_the_same_both_ways() -> None:
    files = [
        *ROOT.glob("examples/**/*.yml"),
        *ROOT.glob("src/spreadkit/content/*.yml"),
        *ROOT.glob("tests/data/**/*.yml"),
    ]
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        try:
            fast, careful = _both_ways(text)
        except SpreadkitError:
            continue  # a broken example, kept broken on purpose
        assert _same(fast, careful), path


def test_the_line_of_a_key_is_found_when_a_message_needs_it(tmp_path: Path) -> None:
    text = "plan:\n  title: A plan\nanswers:\n  analyse:\n    problem: Too few staff\n"
    assert yamlfast.plainly_ordinary(text)
    document = yamlio.parse_yaml(text, "t.yml")
    assert document.line_of(("answers", "analyse", "problem")) == 5
    assert document.problem(("answers", "analyse"), "x").line == 4


def test_files_with_anchors_tags_or_quoted_dates_are_read_the_careful_way() -> None:
    assert not yamlfast.plainly_ordinary("a: &x 1\nb: *x\n")
    assert not yamlfast.plainly_ordinary("a: '2027-01-01'\n")
    assert not yamlfast.plainly_ordinary('a: "20\\\n  27-01-01"\n')
    assert not yamlfast.plainly_ordinary("a: |\n  2027-01-01\n")
    for text in ("a: &x 1\nb: *x\n", "a: !!str 12\n", "a: '2027-01-01'\n", "a: >-\n  2027-01-01\n"):
        assert yamlparse.needs_careful_reading(text), text
    assert not yamlparse.needs_careful_reading("a: 2027-01-01\nb: 'it''s'\nc: |\n  notes\n")
    # an alias that contains itself: yaml-rs would read it as nothing; the careful path refuses
    with pytest.raises(SpreadkitError, match="refers to a value that contains it"):
        yamlio.parse_yaml("answers: &a {analyse: *a}\n", "t")


def test_a_yes_no_answer_written_as_yes_still_reads_as_yes(tmp_path: Path, framework) -> None:
    """Files written for YAML 1.1 readers may say `yes`: still yes (it is text in YAML 1.2)."""
    text = (ROOT / "examples" / "northfield-fcp.answers.yml").read_text(encoding="utf-8")
    assert "    rapid_tests: true\n" in text
    path = tmp_path / "yes.answers.yml"
    for word, meant in (("yes", True), ("No", False), ("on", True)):
        path.write_text(text.replace("rapid_tests: true", f"rapid_tests: {word}"), "utf-8")
        assert read_answers(path, framework).get("implement", "rapid_tests") is meant


_SCALARS = st.one_of(
    st.sampled_from(TRICKY),
    st.text(alphabet="0123456789-:.eE+ TtZ'\"\\#&*!<>|~yesnoYESNO", max_size=24),
    st.integers(),
    st.dates().map(dt.date.isoformat),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_SCALARS, st.integers(0, 4)), min_size=1, max_size=6))
def test_generated_files_read_the_same_both_ways(values: list[tuple[object, int]]) -> None:
    lines = ["plan:"]
    for n, (value, style) in enumerate(values):
        text = str(value)
        lines.append(f"  k{n}: {_styles(text)[min(style, len(_styles(text)) - 1)]}")
    document = "\n".join(lines) + "\n"
    try:
        careful = yamlio.build_document(yamlio.compose_yaml(document, "t"), "t").data
    except SpreadkitError:
        return
    fast = yamlio.parse_yaml(document, "t").data
    assert _same(fast, careful), document


def test_a_pack_that_says_yes_for_true_still_loads(cli, tmp_path: Path) -> None:
    """Packs written for YAML 1.1 readers may say `required: yes`: still true."""
    pack = tmp_path / "pack"
    assert cli("content", "init", str(pack)).exit_code == 0
    step = next(pack.glob("step-*.yml"))
    text = step.read_text(encoding="utf-8")
    assert "    type: multichoice\n" in text
    step.write_text(
        text.replace("    type: multichoice\n", "    type: multichoice\n    required: yes\n", 1),
        "utf-8",
    )
    result = cli("content", "check", str(pack))
    assert result.exit_code == 0, result.output
    framework = packs.load(pack)
    question = next(q for s in framework.sections for q in s.questions if q.id == "funding_sources")
    assert question.required is True


#: Texts where yaml-rs and PyYAML once differed: each must read the same both ways, or be
#: refused both ways.
DIFFERED = [
    "k: |\n", "k: >\n\n", "k: |+\n", "k: |2\n\n", "\tkey: ~", "\t", " \t\n", "...\n",
    "  b&x <<: |\n", "answers: &a {analyse: *a}\n", "a: '2027-10-01'\n", "k: 1\n---\nk: 2\n",
    "k: |\n  a", "a: [S1, ?S5]\n", "a: {?b: c}\n",
]  # fmt: skip


@pytest.mark.parametrize("text", DIFFERED)
def test_where_the_two_parsers_differ_the_commands_read_it_the_careful_way(text: str) -> None:
    try:
        careful = yamlio.build_document(yamlio.compose_yaml(text, "t"), "t").data
    except SpreadkitError as refused:
        with pytest.raises(SpreadkitError) as error:
            yamlio.parse_yaml(text, "t")
        assert error.value.problems[0].message == refused.problems[0].message
        return
    assert _same(yamlio.parse_yaml(text, "t").data, careful)


_PIECES = st.sampled_from(
    [*"ab01-:.'\"\\#&*!|>[]{},? ~\n", "\n\n", "  ", "\t", "2027-01-01", "No", "true", "- ",
     "key: ", "---", "<<: ", "&x ", "*x ", "!!str ", "'2027-10-01'", "k: |\n  ", "  - "]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=30).map("".join))
def test_random_yaml_like_text_reads_the_same_both_ways_or_is_refused_both_ways(text: str) -> None:
    try:
        careful = yamlio.build_document(yamlio.compose_yaml(text, "t"), "t").data
    except SpreadkitError:
        with pytest.raises(SpreadkitError):
            yamlio.parse_yaml(text, "t")
        return
    assert _same(yamlio.parse_yaml(text, "t").data, careful), text


_EXAMPLES = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("examples/*.answers.yml"))[:4]]


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(_EXAMPLES),
    st.lists(st.tuples(st.floats(0, 1), _PIECES, st.integers(0, 20)), min_size=1, max_size=3),
)
def test_an_example_damaged_at_random_reads_the_same_both_ways_or_is_refused_both_ways(
    text: str, edits: list[tuple[float, str, int]]
) -> None:
    for where, piece, cut in edits:
        at = int(where * (len(text) - 1))
        text = text[:at] + piece + text[at + cut :]
    try:
        careful = yamlio.build_document(yamlio.compose_yaml(text, "t"), "t").data
    except SpreadkitError:
        with pytest.raises(SpreadkitError):
            yamlio.parse_yaml(text, "t")
        return
    assert _same(yamlio.parse_yaml(text, "t").data, careful)


@settings(max_examples=120, deadline=None)
@given(st.text(alphabet="0123456789-+ x", min_size=10, max_size=10) | st.dates().map(str))
def test_a_date_is_read_as_yaml_rs_reads_it(text: str) -> None:
    """plain_value reads the commonest dates (2027-01-01) itself, being faster: yaml-rs agrees."""
    import yaml_rs

    try:
        theirs = yaml_rs.loads(f"v: {text}\n")["v"]
    except (ValueError, TypeError, KeyError):
        theirs = None
    ours = yamlfast.plain_value(text)
    if isinstance(ours, dt.date) or isinstance(theirs, dt.date):
        assert type(ours) is type(theirs) and ours == theirs, text


@settings(max_examples=120, deadline=None)
@given(any_text(min_size=1, max_size=12) | st.sampled_from(TRICKY).filter(bool))
def test_a_plain_value_means_what_yaml_rs_reads_it_as(text: str) -> None:
    """plain_value answers some texts itself (prose, dates), being faster: yaml-rs agrees."""
    import yaml_rs

    if text != text.strip() or "\n" in text or "\r" in text:
        return  # never a plain value's text: the parsers strip it

    try:
        read = yaml_rs.loads(f"v: {text}\n")
    except (ValueError, TypeError):
        return  # not a plain value at all
    if not isinstance(read, dict) or list(read) != ["v"] or isinstance(read["v"], dict | list):
        return
    theirs = read["v"]
    if (isinstance(theirs, str) and theirs != text) or isinstance(theirs, dt.time):
        theirs = text  # what plain_value says of a text that is not a value, or a time of day
    ours = yamlfast.plain_value(text)
    assert type(ours) is type(theirs) and (ours == theirs or ours != ours), text
