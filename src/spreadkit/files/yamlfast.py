"""yaml-rs's part of ``files.yamlio``: the fast reading of an ordinary file, and what a plain
value means (for both readers).

yaml-rs (a YAML 1.2 parser written in Rust) reads a plan several times faster than PyYAML.
It is used only where its answer is certainly the one PyYAML's path (``files.yamlparse``) would
give; anything else, and every file it cannot read, goes to that path, which says what is wrong
and where:

- a file with a tag, an anchor or an alias goes to PyYAML, which refuses any tag but the
  standard ones and counts every value an alias repeats (``yamlparse.needs_careful_reading``
  finds them with libyaml's parser; yaml-rs is also told to refuse any alias);
- the data must be a mapping of text keys (no plain ``<<``), nested at most ``MAX_DEPTH``
  levels and holding at most ``MAX_NODES`` values; otherwise PyYAML reads it and says why;
- yaml-rs reads any text shaped like a date as a date, quoted or not, so it reads dates as text
  and a text written plain that is a date becomes one here; a file with a date in quotes or in a
  block (``title: '2027-10-01'``) goes to PyYAML (found in the same pass);
- where the two parsers differ, PyYAML reads it: a file with a tab (yaml-rs allows some where
  PyYAML says "a tab character"), one that does not end with a line break (yaml-rs gives a
  block at the very end a line break it does not have), one with a ``?`` starting an item in
  brackets, an empty one, and one with a block that holds only line breaks;
- duplicate keys, bad indents and every other error: PyYAML reads it and says where.

A plain (unquoted) value means the same on both paths because PyYAML's path asks
:func:`plain_value`, which asks yaml-rs. That is YAML 1.2 with dates: ``No``, ``on``, ``1:20``
and ``10:00:00`` are text; ``true``, ``12``, ``5e-05``, ``~`` and ``2027-01-01`` are not.

``files.yamlio`` is the interface; call it, not this module.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import Any

import yaml_rs

from spreadkit.files.yamldoc import MAX_DEPTH, MAX_NODES

_NO_ALIASES = yaml_rs.AliasLimits(max_total_replayed_events=0, max_alias_expansions_per_anchor=0)

_PLAIN: dict[str, Any] = {}
_PLAIN_SHORTER_THAN = 64  # short values repeat (statuses, dates, numbers); long text does not
_PLAIN_AT_MOST = 50_000


# Where a file may need ``yamlparse.needs_careful_reading``: an anchor, alias or tag needs a
# ``&``, ``*`` or ``!``; a date in quotes needs a quote then (after any spaces or line breaks)
# four digits and a dash, or, in double quotes, a backslash among its first five characters
# (an escape, ``\x32``, can stand for a digit or a dash); a date in a block needs a line that
# starts (after its indent) with four digits and a dash. A file with none of these has none.
_DATE_AFTER_QUOTE = {
    "'": re.compile(r"\s*\d{4}-"),
    '"': re.compile(r"\s*(?:\d{4}-|\d{0,4}\\)"),
}
_DATE_STARTS_LINE = re.compile(r"^[ \t]*\d{4}-", re.MULTILINE)


def plainly_ordinary(text: str) -> bool:
    """Whether ``text`` certainly has no tag, anchor, alias, or date in quotes or in a block,
    so that ``yamlparse.needs_careful_reading`` need not look (it would say False)."""
    if "&" in text or "*" in text or "!" in text or _DATE_STARTS_LINE.search(text):
        return False
    for quote, date_after in _DATE_AFTER_QUOTE.items():
        at = text.find(quote)
        while at != -1:
            if date_after.match(text, at + 1):
                return False
            at = text.find(quote, at + 1)
    return True


def fast_data(text: str) -> tuple[bool, Any]:
    """``(True, data)`` when yaml-rs reads ``text`` as PyYAML's path would, but for dates (see
    :func:`is_date_text`); ``(False, None)`` when that path must read it (the module's note)."""
    if "\t" in text or not text.endswith("\n") or _question_in_flow(text):
        return False, None  # where the parsers differ: see the note
    try:  # dates are read as text here: yaml-rs would read a quoted date as a date too
        data = yaml_rs.loads(text, parse_datetime=False, alias_limits=_NO_ALIASES)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # its errors, and a panic in Rust (a BaseException): read it carefully
        return False, None
    if type(data) is not dict or not _settled(data):  # (None: an empty file, or one it misread)
        return False, None
    return True, data


def _question_in_flow(text: str) -> bool:
    """Whether a ``?`` may start an item of a ``[…]`` or ``{…}`` (after ``[``, ``{`` or ``,``):
    PyYAML takes ``[?S5]`` for a key, yaml-rs (rightly) for the text ``?S5``."""
    at = text.find("?")
    while at != -1:
        back = at - 1
        while back >= 0 and text[back] in " \n":  # each space is passed once: linear
            back -= 1
        if back >= 0 and text[back] in "[{,":
            return True
        at = text.find("?", at + 1)
    return False


def _settled(data: dict[str, Any]) -> bool:
    """Whether ``data`` has text keys only, ``MAX_DEPTH`` levels at most and few enough values;
    turns each text that is a date written plain into that date, in place, on the way."""
    budget = MAX_NODES
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        budget -= 1 + len(value)
        if budget < 0 or depth > MAX_DEPTH:
            return False
        is_dict = type(value) is dict
        for key, item in value.items() if is_dict else enumerate(value):
            if is_dict and (type(key) is not str or key == "<<"):  # "<<" plain: a merge key there
                return False
            if type(item) is dict or type(item) is list:
                stack.append((item, depth + 1))
            elif type(item) is str:
                if item[:1] == "\n":
                    if not item.strip("\n"):
                        return False  # an empty block at the end: yaml-rs says "\n", PyYAML ""
                elif len(item) >= 10 and item[4] == "-" and item[:4].isdigit():
                    value[key] = plain_value(item)  # a date, or the text as it was
    return True


def is_date_text(text: str) -> bool:
    """Whether ``text``, written plain, is a date or a date and time (``2027-01-01``)."""
    return (
        len(text) >= 10
        and text[4] == "-"
        and text[:4].isdigit()
        and isinstance(plain_value(text), dt.date)
    )


def plain_value(text: str) -> Any:
    """What ``text``, written plain (unquoted) as a value, means: the same as yaml-rs reads it."""
    if len(text) == 10 and text[4] == text[7] == "-" and text.isascii():  # most dates: 2027-01-01
        with contextlib.suppress(ValueError):  # (tests check it reads as yaml-rs does)
            return dt.date.fromisoformat(text)
    if len(text) < _PLAIN_SHORTER_THAN:
        if text in _PLAIN:
            return _PLAIN[text]
        value = _read_plain(text)
        if len(_PLAIN) >= _PLAIN_AT_MOST:
            _PLAIN.clear()
        _PLAIN[text] = value
        return value
    return _read_plain(text)


def _read_plain(text: str) -> Any:
    if not text:
        return None
    if "\n" in text or text != text.strip():  # folded text: never a number, date or word
        return text
    first = text[0]
    if first.isalpha() and (first not in "nNtTfF" or len(text) > 5):
        return text  # no number, date, null or true/false starts so (prose: most long values)
    try:
        data = yaml_rs.loads("v: " + text, alias_limits=_NO_ALIASES)
    except (ValueError, TypeError, OverflowError):
        return text
    if not isinstance(data, dict) or list(data) != ["v"]:
        return text
    value = data["v"]
    if isinstance(value, (dict, list, dt.time)) or (isinstance(value, str) and value != text):
        return text  # a time of day (10:00:00) is text: no answer is one
    return value
