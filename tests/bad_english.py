"""Known bad patterns in a board paper or report, as a person reads them (issue 27).

``problems(text)`` reads Markdown as a reader would (no markup) and returns one line per bad
pattern found: a plural after one, "of which £0", a doubled word, a capital after a colon in
the middle of a sentence, an empty section, the tool's name or step numbers, words that only
make sense on a screen, and the phrases quoted in the issue.
"""

from __future__ import annotations

import itertools
import re

# Phrases quoted in issue 27 as what a board member would not sign.
QUOTED = (
    "Its aim:",
    "What spreadkit's plan checks found",
    "Rogers' attributes",
    "Progress so far:",
    "of which £0",
    "It reports every",
    "The incentives it can use are other regulation",
    "Closed: ",
    "Done since",
    "more._",
    "and 1 more",
    "The board is asked to comment on it",
)
SCREEN_ONLY = ("▶", "as a table", " click ", " press ")
_PLURAL_AFTER_ONE = re.compile(r"(?<![\d.,£])\b1 (?!of\b)([a-z]+(?<!ss)(?<!us)(?<!is)s)\b")
_OF_ONE = re.compile(r"\bof 1 ([a-z]+(?<!ss)(?<!us)s)\b")
_DOUBLED = re.compile(r"\b([A-Za-z]{2,})\s+\1\b", re.IGNORECASE)
_CAPITAL_AFTER_COLON = re.compile(r"([^\n:|]*):\s+([A-Z][a-z]+)")
_STEP = re.compile(r"\(Step \d\)|\bStep \d\b")
_PENCE = re.compile(r"£\d[\d,]*\.\d\d\b")


def plain(markdown: str) -> str:
    """Markdown as read: no emphasis, comments, code fences or a person's quoted words."""
    text = re.sub(r"<!--.*?-->", "", markdown, flags=re.S)
    text = re.sub(r"“[^”]*”", "“…”", text)
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"[*_`]", "", text)
    return text


def _named(before: str) -> bool:
    """Whether the word before a number is a capitalised name (Wave 1, Stage 1)."""
    words = before.split()
    return bool(words) and words[-1][:1].isupper() and words[-1].isalpha()


def _label(before: str) -> bool:
    """Whether the words before a colon are a label (a line's short start), not a sentence."""
    clause = re.split(r"[.;!?(]\s*", before)[-1]  # the words since the sentence began
    words = clause.strip(" -#>").split()
    return len(words) <= 7 and not re.search(r"[.;!?(]\s*$", before)


def problems(markdown: str, *, pence: bool = False) -> list[str]:
    text = plain(markdown)
    found = []
    for phrase in (*QUOTED, *SCREEN_ONLY):
        if phrase in text:
            found.append(f"says {phrase!r}")
    for pattern, what in ((_PLURAL_AFTER_ONE, "a plural after 1"), (_OF_ONE, "of 1 + plural")):
        found += [
            f"{what}: {m.group(0)!r}"
            for m in pattern.finditer(text)
            if not _named(text[: m.start()])  # "Wave 1 physiotherapists" names a wave
        ]
    for line in text.splitlines():
        if line.startswith("|") or not line.strip():
            continue  # a table's cells are not prose
        found += [
            f"doubled word: {m.group(0)!r}"
            for m in _DOUBLED.finditer(line)
            if not m.group(1).isdigit()
        ]
        for part in re.sub(r"^\s*(?:\d+\.|-)\s+", "", line).split(" · "):
            for m in _CAPITAL_AFTER_COLON.finditer(part):
                common = re.search(rf"(?<![.:!?] )\b{m.group(2).lower()}\b", text)
                if common and not _label(m.group(1)):  # a common word, not a name
                    found.append(f"capital after a colon mid-sentence: {part.strip()[:90]!r}")
    if _STEP.search(text):
        found.append(f"step number: {_STEP.search(text).group(0)!r}")  # type: ignore[union-attr]
    body = text.split("Made with spreadkit")[0]
    if "spreadkit" in body:
        found.append("names the tool")
    if not pence and _PENCE.search(text):
        found.append(f"pence: {_PENCE.search(text).group(0)!r}")  # type: ignore[union-attr]
    headings = [
        (i, len(m.group(1)))
        for i, line in enumerate(text.splitlines())
        if (m := re.match(r"(#{1,4}) ", line))
    ]
    lines = text.splitlines()
    for (i, level), (j, next_level) in itertools.pairwise(headings):
        between = [x for x in lines[i + 1 : j] if x.strip()]
        if not between and next_level <= level:
            found.append(f"empty section: {lines[i]!r}")
    if headings and not [x for x in lines[headings[-1][0] + 1 :] if x.strip()]:
        found.append(f"empty section: {lines[headings[-1][0]]!r}")
    return found
