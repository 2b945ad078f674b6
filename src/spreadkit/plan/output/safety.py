"""What keeps a plan harmless to open, whoever wrote its template or content.

- Every HTML plan carries a Content-Security-Policy as the first thing the browser reads: no
  scripts, no network, no frames, no forms; inline styles and ``data:`` images only. What the
  policy does not govern (a ``<meta>`` that refreshes the page to another address, a ``<link>``
  that prefetches, a ``<base>``) is taken out of the template's page (``fetching_tags``).
- Only http, https and mailto addresses become links; anything else is shown as text.
- Text a person typed cannot make a link or a remote image in the Markdown plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from html import escape

from spreadkit.plan.output.fetching_tags import (
    TAG_LENGTH,
    TAG_REACH,
    TAG_START,
    without_fetching_tags,
)

POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'; frame-src 'none'; child-src 'none'; "
    "object-src 'none'; script-src 'none'; connect-src 'none'; media-src 'none'; "
    "worker-src 'none'; manifest-src 'none'"
)
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
# The page's encoding, said by spreadkit before anything else: the only <meta charset> a page
# keeps (``fetching_tags``), so no template can have its bytes read in another encoding.
CHARSET_META = '<meta charset="utf-8">'
HEAD_METAS = f"{CHARSET_META}\n{CSP_META}"

# Where the policy goes: the very first bytes of the page, whatever the template wrote, so no
# tag of the template can hide it (``<head data-x=">">`` once did). A browser puts a leading
# <meta> into the <head> it implies and ignores the template's own <html>/<head> tags as
# harmless mistakes; the doctype comes first to keep standards mode, and the template's own
# leading doctype is dropped.
LEAD = f"<!DOCTYPE html>{CHARSET_META}{CSP_META}"
_DOCTYPE = re.compile(r"\A\s*<!doctype[^>]*>\s*", re.IGNORECASE)
# A page that opens with exactly a doctype, a bare <html> (a plain lang at most) and a bare
# <head> gets the policy as the first thing inside that <head>: the same first bytes a browser
# reads, and valid HTML (the Nu checker refuses an <html> tag after a <meta>). Nothing in this
# opening can hold a quote, so no attribute can hide the policy; any other opening gets LEAD.
_PLAIN_OPENING = re.compile(
    r"\A\s*<!doctype html>\s*<html(?: lang=\"([A-Za-z0-9-]{1,35})\")?>\s*<head>\s*", re.IGNORECASE
)
_LANG_OPENING = re.compile(r'\A<!DOCTYPE html>\n<html(?: lang="[A-Za-z0-9-]{1,35}")?>\n<head>\n')
_SCHEMES = ("http", "https", "mailto")


def with_policy(html: str) -> str:
    """``html`` with a doctype, the page's ``<meta charset>`` and the plan's
    Content-Security-Policy as its first elements, once, and none of the template's tags that
    could send the page elsewhere or fetch (``fetching_tags``)."""
    # The page is not copied to be looked at: on a portfolio of thousands of plans it is the
    # largest value in memory. Only what is taken out is rebuilt.
    if html.startswith(LEAD):
        return without_fetching_tags(html, len(LEAD))
    opening = _LANG_OPENING.match(html)
    if opening and html.startswith(HEAD_METAS, opening.end()):
        return without_fetching_tags(html, opening.end() + len(HEAD_METAS))
    html = without_fetching_tags(html)
    plain = _PLAIN_OPENING.match(html)
    if plain:
        lang = f' lang="{plain.group(1)}"' if plain.group(1) else ""
        return f"<!DOCTYPE html>\n<html{lang}>\n<head>\n{HEAD_METAS}\n{html[plain.end() :]}"
    return f"{LEAD}\n{_DOCTYPE.sub('', html, count=1)}"


class Unstreamable(Exception):
    """A page's text has a tag to take out past its opening: it must be made whole instead."""


#: How much of a page :func:`policy_chunks` holds before it passes the rest through.
OPENING = 64 * 1024


def policy_chunks(chunks: Iterable[str]) -> Iterator[str]:
    """:func:`with_policy` of ``"".join(chunks)``, as a stream, for a page too large to hold.

    The opening (at least :data:`OPENING` characters, and :data:`fetching_tags.TAG_REACH` past
    its last tag to take out) goes through :func:`with_policy`; what follows is passed on as it
    is, which gives the same text as long as it holds no such tag: each piece is looked at
    (with the end of the one before it), and one that holds a tag raises
    :class:`Unstreamable`, for the page to be made whole. The built-in pages never do: the
    plans' text is escaped, and the template's own tags are all in its ``<head>``.
    """
    held: list[str] = []
    size = 0
    stream = iter(chunks)
    for chunk in stream:
        held.append(chunk)
        size += len(chunk)
        if size < OPENING:
            continue
        opening = "".join(held)
        starts = [m.start() for m in TAG_START.finditer(opening)]
        if starts and starts[-1] + TAG_REACH > size - OPENING // 2:
            held, size = [opening], size  # a tag near the end: hold more
            continue
        yield with_policy(opening)
        tail = opening[-TAG_LENGTH:]  # a tag may start in one piece and end in the next
        held, opening = [], ""  # not kept while the rest streams
        for more in stream:
            if TAG_START.search(tail + more):
                raise Unstreamable
            yield more
            tail = (tail + more)[-TAG_LENGTH:]
        return
    yield with_policy("".join(held))  # a page shorter than the opening


def safe_url(url: object) -> str | None:
    """``url`` when it is an http, https or mailto address, else None."""
    text = str(url or "").strip()
    # Browsers ignore tabs and line breaks inside a scheme ("java\tscript:"): so do we.
    scheme = re.sub(r"[\t\n\r ]", "", text).split(":", 1)
    if len(scheme) < 2 or scheme[0].lower() not in _SCHEMES:
        return None
    if scheme[0].lower() != "mailto" and not scheme[1].startswith("//"):
        return None
    if any(ord(c) < 32 or c in "<>\"'` " for c in text):
        return None
    return text


def html_link(url: object) -> str:
    """An HTML link to ``url`` when it is safe, else the address as plain (escaped) text."""
    safe = safe_url(url)
    if safe is None:
        return escape(str(url or ""))
    return f'<a href="{escape(safe)}">{escape(safe)}</a>'


def markdown_link(url: object) -> str:
    """A Markdown autolink to ``url`` when it is safe, else the address as inert text."""
    safe = safe_url(url)
    if safe is not None:
        return f"<{safe}>"
    return escape_brackets(str(url or "").replace("<", "&lt;"))


def escape_brackets(text: str, backslashes_escaped: bool = False) -> str:
    """``text`` with ``[`` and ``]`` escaped, so it cannot make a Markdown link or image.

    A backslash the person typed just before a bracket is doubled first (unless every
    backslash already is), so it cannot cancel the escape.
    """
    if "[" not in text and "]" not in text:
        return text
    if backslashes_escaped:
        return re.sub(r"([\[\]])", r"\\\1", text)
    return re.sub(r"(\\*)([\[\]])", lambda m: m.group(1) * 2 + "\\" + m.group(2), text)
