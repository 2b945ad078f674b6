"""Text from files we did not write, made safe to show in a terminal.

Answers files and packs are shared, and a terminal obeys escape sequences in what it prints:
``ESC ] 0 ; … BEL`` retitles the window, ``ESC [ … m`` recolours it, others move the cursor,
rewrite lines, set the clipboard or make links. Before such text reaches a terminal, whole escape
sequences are removed, then any other control character except a newline and a tab.
"""

from __future__ import annotations

import re

_SEQUENCES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, erasing
    r"|\x1b[\]PX^_][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]"  # any other escape sequence
    r"|\x9b[0-?]*[ -/]*[@-~]"  # CSI in its one-byte (C1) form
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"  # C1 string introducers
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline


def printable(text: str) -> str:
    """``text`` without escape sequences or control characters (newlines and tabs kept)."""
    if text.isprintable():
        return text  # the usual case, and the fastest
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))


def shortened(text: str, limit: int = 60) -> str:
    """``text`` as a message quotes it: whole when short, else its start and its length. A cell
    or an answer can hold tens of thousands of characters; a message never prints all of them."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"
