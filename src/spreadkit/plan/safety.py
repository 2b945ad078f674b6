"""What keeps a plan harmless to open, whoever wrote its template or content.

- Every HTML plan carries a Content-Security-Policy as the first thing the browser reads: no
  scripts, no network, no frames, no forms; inline styles and ``data:`` images only. A page that
  refreshes itself to another address is not allowed either.
- Only http, https and mailto addresses become links; anything else is shown as text.
- Text a person typed cannot make a link or a remote image in the Markdown plan.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'; frame-src 'none'; child-src 'none'; "
    "object-src 'none'; script-src 'none'; connect-src 'none'; media-src 'none'; "
    "worker-src 'none'; manifest-src 'none'"
)
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'

# Where the policy goes: as the first thing in <head> when only a doctype and <html> come
# before it; otherwise before anything else, so it covers every tag that follows.
_HEAD = re.compile(r"\A\s*(?:<!doctype[^>]*>)?\s*(?:<html\b[^>]*>)?\s*<head\b[^>]*>", re.I)
_DOCTYPE = re.compile(r"\A\s*<!doctype[^>]*>", re.IGNORECASE)
_SCHEMES = ("http", "https", "mailto")


class _Refreshes(HTMLParser):
    """Finds ``<meta http-equiv="refresh">`` tags, which can send the page elsewhere."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        equiv = next((v for k, v in attrs if k == "http-equiv"), None)
        if tag == "meta" and (equiv or "").strip().lower() == "refresh":
            line, column = self.getpos()
            self.found.append((line, column, self.get_starttag_text() or ""))

    handle_startendtag = handle_starttag


def _without_refresh(html: str) -> str:
    parser = _Refreshes()
    parser.feed(html)
    parser.close()
    if not parser.found:
        return html
    starts = [0]
    for line in html.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    for row, column, tag in reversed(parser.found):
        at = starts[row - 1] + column
        if html.startswith(tag, at):
            html = html[:at] + html[at + len(tag) :]
    return html


def with_policy(html: str) -> str:
    """``html`` with the plan's Content-Security-Policy first (after a doctype), once."""
    html = _without_refresh(html)
    start = _HEAD.match(html) or _DOCTYPE.match(html)
    at = start.end() if start else 0
    if html[at:].lstrip().startswith(CSP_META):
        return html
    return f"{html[:at]}\n{CSP_META}{html[at:]}" if start else f"{CSP_META}\n{html}"


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
    if backslashes_escaped:
        return re.sub(r"([\[\]])", r"\\\1", text)
    return re.sub(r"(\\*)([\[\]])", lambda m: m.group(1) * 2 + "\\" + m.group(2), text)


def mermaid_label(text: object) -> str:
    """``text`` as a quoted Mermaid label that no character in it can end or break.

    Inside the quotes a name may hold brackets, colons and semicolons; what is left out is what
    Mermaid reads even there: a double quote, a comment (``%%``), an entity (``#…;``) and HTML.
    """
    cleaned = " ".join(str(text).split())
    for old, new in (('"', "'"), ("#", "＃"), ("<", "‹"), (">", "›")):
        cleaned = cleaned.replace(old, new)
    while "%%" in cleaned:
        cleaned = cleaned.replace("%%", "%")
    return f'"{cleaned}"'
