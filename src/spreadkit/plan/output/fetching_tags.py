"""The tags a template may not leave in an HTML page: ``<meta>``, ``<base>``, ``<link>`` and frames.

The page's Content-Security-Policy stops scripts, frames and every fetch it governs, but not
what some tags do outside it: ``<meta http-equiv="refresh">`` sends the page (or a PDF being
printed) to any address, a file's included; ``<link rel="dns-prefetch">`` and ``preconnect``
reach out before any policy applies; a frame's ``srcdoc`` is a page of its own, whose refresh
Chromium connects to before the policy stops it; a second ``<meta charset>`` could change how
the bytes are read. spreadkit writes the page's own ``<meta charset>`` and policy; of a
template's ``<meta>`` tags only a plain ``name``/``content`` pair with a harmless name
(``viewport``, ``generator``, ...) is kept, written again by spreadkit; every other ``<meta>``,
every ``<base>``, ``<link>``, ``<iframe>``, ``<frame>``, ``<object>``, ``<embed>``, ``<portal>``
and ``<fencedframe>`` is taken out (an end tag or content left behind is harmless).

Two passes, so that no way of writing a tag gets one through:

1. The page is parsed (the standard library's ``html.parser``, which decodes entities, quotes
   and case as a browser does) and every such start tag it finds is taken out whole, or
   written again from its parsed values.
2. A browser makes such an element only from a start tag, and its tokenizer starts one only
   from ``<`` followed at once by the name's ASCII letters (any case) and then a space, a tab,
   a line break, a form feed, ``/`` or ``>`` (or the end of the page). So wherever such a
   sequence is left in the template's text (in a comment, a ``<style>``, an ``<svg>``, an
   attribute, or where the two parsers differ on a malformed page), its ``<`` becomes
   ``&lt;``: whatever a browser makes of the text around it, it cannot make that tag. Only the
   tags spreadkit wrote itself are left as tags.
"""

from __future__ import annotations

import contextlib
import re
from html import escape
from html.parser import HTMLParser

# What a browser's tokenizer needs to start such a tag (input CR is read as LF).
_TAGS = frozenset(
    {"meta", "base", "link", "iframe", "frame", "object", "embed", "portal", "fencedframe"}
)
# The same pattern as ``<(?:meta|base|...)(?=...)`` read case-blind (ASCII letters only), written
# so that the regex engine can skip every ``<`` not followed by one of the names' first letters
# (most of a page's ``<``: ``<td``, ``</``, ``<text``) before it tries the names: it finds the same
# starts, about twice as fast on a board plan's page. ``test_fetching_tags`` checks it against the
# plain pattern.
_FIRST_LETTERS = "".join(sorted({name[0] for name in _TAGS} | {name[0].upper() for name in _TAGS}))
_TAG_START = re.compile(
    rf"<(?=[{_FIRST_LETTERS}])(?i:{'|'.join(sorted(_TAGS))})(?=[\t\n\f\r />]|\Z)", re.ASCII
)
# A <meta name=...> with one of these names, and nothing but name and content, is kept.
KEPT_NAMES = frozenset(
    {"viewport", "generator", "description", "author", "keywords", "color-scheme", "theme-color"}
)
# How far past the last such tag the page is parsed: a tag longer than this is not found whole
# (pass 2 still makes it text), and a long page with its tags in <head> is parsed only there.
_REACH = 8 * 1024


def _kept_meta(attrs: list[tuple[str, str | None]]) -> str | None:
    """The ``<meta>`` spreadkit writes for these attributes, or None when it is taken out."""
    values: dict[str, str] = {}
    for key, value in attrs:
        values.setdefault(key, value or "")  # a browser keeps the first of repeated names
    if set(values) != {"name", "content"} or values["name"].strip().lower() not in KEPT_NAMES:
        return None
    name = values["name"].strip().lower()
    return f'<meta name="{name}" content="{escape(values["content"], quote=True)}">'


class _Finder(HTMLParser):
    """The spans of the ``<meta>``, ``<base>`` and ``<link>`` start tags in a page, each with
    what replaces it (nothing, or a kept ``<meta>`` written again)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self._lines = [0]  # where each line starts, as far as a tag found needed them
        self.found: list[tuple[int, int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _TAGS:
            return
        line, column = self.getpos()
        lines = self._lines
        while len(lines) < line:  # the parser counts "\n" as a line's end, as this does
            lines.append(self.text.index("\n", lines[-1]) + 1)
        start = lines[line - 1] + column
        source = self.get_starttag_text() or ""
        if self.text.startswith(source, start):
            replacement = _kept_meta(attrs) if tag == "meta" else None
            self.found.append((start, start + len(source), replacement or ""))

    handle_startendtag = handle_starttag


def _inert(text: str, limit: int | None = None) -> str:
    """``text`` with every ``<`` (before ``limit``) that could start a ``meta``, ``base`` or
    ``link`` tag made text."""
    end = len(text) if limit is None else limit
    return _TAG_START.sub(lambda m: "&lt;" + m.group()[1:] if m.start() < end else m.group(), text)


# How far past the end of the part parsed pass 2 looks: a tag start taken out there could
# join a ``<`` before it to a name after it (``<`` + a name of at most 11 letters + 1).
_JOIN = 16

#: For a page made as a stream (``safety.policy_chunks``): what starts such a tag, how long it
#: can be, and how far past the last one the page must reach before the rest needs no change.
TAG_START = _TAG_START
TAG_LENGTH = _JOIN
TAG_REACH = _REACH + _JOIN


def without_fetching_tags(html: str, start: int = 0) -> str:
    """``html`` with no ``<meta>``, ``<base>`` or ``<link>`` but the harmless metas written again.

    Only ``html[start:]`` is looked at (what comes before it is spreadkit's own). Only the part
    up to a little past the last such tag is parsed and rebuilt; the rest of the page (on a
    portfolio, almost all of it) is copied once, into the result, and never parsed, lower-cased
    or split. When there is no such tag, ``html`` itself is returned.
    """
    starts = [m.start() for m in _TAG_START.finditer(html, start)]
    if not starts:
        return html  # nothing to take out: one scan, however large the page
    reach = min(len(html), starts[-1] + _REACH)  # past the last one: nothing left to find
    window = min(len(html), reach + _JOIN)
    return "".join((html[:start], _cleaned(html[start:reach], html[reach:window]), html[window:]))


def _cleaned(head: str, after: str) -> str:
    """``head`` without its tags, then ``after`` (text with no tag start of its own), with
    every ``<`` that could start such a tag in the joined text made text."""
    finder = _Finder(head)
    # html.parser gives up on some "<![" (Python before 3.13): the tags found so far are taken
    # out, and pass 2 covers the rest of the page.
    with contextlib.suppress(AssertionError):
        finder.feed(head)
    # Kept metas wait as a mark the text does not hold, so pass 2 runs over the joined text:
    # taking a tag out cannot join "<" and "meta" from either side of it into a new tag.
    mark = next((chr(c) for c in range(0xE000, 0xF900) if chr(c) not in head + after), "")
    kept: list[str] = []
    pieces: list[str] = []
    done = 0
    for start, end, replacement in finder.found:
        if start < done:
            continue
        pieces.append(head[done:start])
        if replacement and mark:  # (a page holding every such mark keeps no meta)
            pieces.append(mark)
            kept.append(replacement)
        done = end
    pieces.append(head[done:])
    limit = sum(len(piece) for piece in pieces)  # a start in ``after`` was in the page already
    pieces.append(after)
    text = _inert("".join(pieces), limit)
    if not kept:
        return text
    parts = text.split(mark)
    return parts[0] + "".join(k + p for k, p in zip(kept, parts[1:], strict=True))
