"""Issue 23 (7): no way of writing a <meta>, <base>, <link> or frame gets one into an HTML plan.

The shapes below are the ways round a pattern over HTML: quotes in attribute names, case,
entities, odd separators, unclosed tags, comments that end early, CDATA, svg and math, noscript,
titles, and a tag that appears only once another is taken out. Each page is checked the way a
browser's tokenizer starts an element (``<`` at once followed by the name, then a space, ``/``
or ``>``): the only such tags left are spreadkit's own. With Chromium installed, the same page
is opened and nothing reaches a server on 127.0.0.1 (and without the filter, something does).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from spreadkit.plan.output import fetching_tags, pdf
from spreadkit.plan.output.fetching_tags import KEPT_NAMES, without_fetching_tags
from spreadkit.plan.output.safety import CHARSET_META, CSP_META, HEAD_METAS, LEAD, with_policy

from .conftest import EXAMPLE_ANSWERS, Cli

URL = "http://127.0.0.1:{port}/leak"
SHAPES = {
    "quote in a name (the issue's)": '<meta a\'b http-equiv=refresh content="0;url={url}">',
    "upper case": '<META HTTP-EQUIV="REFRESH" CONTENT="0;URL={url}">',
    "mixed case": '<mEtA hTtP-eQuIv="Refresh" content="0;url={url}">',
    "entities": '<meta http-equiv="&#114;e&#x66;resh" content="0&#59;url={url}">',
    "newlines and tabs": '<meta\nhttp-equiv=refresh\tcontent="0;url={url}"\r>',
    "form feed": '<meta\fhttp-equiv=refresh\fcontent="0;url={url}">',
    "slashes": '<meta/http-equiv=refresh/content="0;url={url}"/>',
    "unquoted": "<meta http-equiv=refresh content=0;url={url}>",
    "unclosed": '<meta http-equiv=refresh content="0;url={url}" <p>x</p>',
    "kept name with more": '<meta name="viewport" http-equiv="refresh" content="0;url={url}">',
    "kept name twice": '<meta name=viewport content="0;url={url}" name=x http-equiv=refresh>',
    "empty comment": '<!--><meta http-equiv=refresh content="0;url={url}">-->',
    "comment ended by --!>": '<!-- --!><meta http-equiv=refresh content="0;url={url}"> -->',
    "cdata": '<![CDATA[<meta http-equiv=refresh content="0;url={url}">]]>',
    "svg style": '<svg><style><meta http-equiv=refresh content="0;url={url}"></style></svg>',
    "svg cdata": '<svg><![CDATA[</svg><meta http-equiv=refresh content="0;url={url}">]]></svg>',
    "math": '<math><mtext><table><mglyph><style><meta http-equiv=refresh content="0;url={url}">',
    "noscript": '<noscript><meta http-equiv=refresh content="0;url={url}"></noscript>',
    "noscript title": '<noscript><p title="</noscript><meta http-equiv=refresh '
    'content=0;url={url}>"></noscript>',
    "title": '<title><meta http-equiv=refresh content="0;url={url}"></title>',
    "textarea": '<textarea></textarea ><meta http-equiv=refresh content="0;url={url}">',
    "style end tag": '<style>p{{}}</style x=">"><meta http-equiv=refresh content="0;url={url}">',
    "joined when taken out": '<<meta name=x>meta http-equiv=refresh content="0;url={url}">',
    "template": '<template><meta http-equiv=refresh content="0;url={url}"></template>',
    "charset": '<meta charset="iso-2022-jp">',
    "content type": '<meta http-equiv="content-type" content="text/html; charset=utf-7">',
    "base": '<base href="{url}/">',
    "dns-prefetch": '<link rel="dns-prefetch" href="{url}">',
    "preconnect": '<link rel=preconnect href="{url}">',
    "prefetch": "<LINK REL=prefetch HREF={url}>",
    "import": '<link rel="import" href="{url}">',
    "srcdoc": '<iframe srcdoc="&lt;meta http-equiv=refresh content=&quot;0;url={url}&quot;&gt;">'
    "</iframe>",
    "object": '<object data="{url}"></object><embed src="{url}">',
}
# Where a browser's tokenizer would start one of these elements.
_STARTS = re.compile(
    r"<(?:meta|base|link|iframe|frame|object|embed|portal|fencedframe)(?=[\t\n\f\r />]|\Z)",
    re.IGNORECASE | re.ASCII,
)
_KEPT = re.compile(r'<meta name="([a-z-]+)" content="[^"<>]*">')


def _only_ours(page: str) -> None:
    """Every place a browser would start such an element is spreadkit's own tag."""
    for found in _STARTS.finditer(page):
        at = found.start()
        kept = _KEPT.match(page, at)
        assert page.startswith((CHARSET_META, CSP_META), at) or (kept and kept[1] in KEPT_NAMES), (
            page[at : at + 120]
        )


@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_no_shape_of_tag_gets_through(shape: str) -> None:
    url = URL.format(port=9)
    page = with_policy(f"<!DOCTYPE html><html><head>{shape.format(url=url)}<p>x</p>")
    assert page.startswith(f"<!DOCTYPE html>\n<html>\n<head>\n{HEAD_METAS}\n")
    assert with_policy(shape.format(url=url)).startswith(LEAD)
    _only_ours(page)
    assert "<p>x</p>" in page  # the page itself is kept


def test_harmless_metas_are_kept_and_the_pages_encoding_is_spreadkits() -> None:
    page = (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta name=generator content='spreadkit &amp; co'>\n<title>t</title>"
    )
    done = with_policy(page)
    assert done.startswith(f'<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n{HEAD_METAS}\n')
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in done
    assert '<meta name="generator" content="spreadkit &amp; co">' in done
    assert done.count("<meta charset") == 1 and with_policy(done) == done
    _only_ours(done)


def test_a_page_with_no_such_tag_is_untouched() -> None:
    text = "<p>meta, link and base; &lt;meta&gt; <metadata> <linked></p>"
    assert without_fetching_tags(text) == text


def test_a_long_page_is_rebuilt_only_near_its_tags() -> None:
    """Tags in the head of a long page (a portfolio): the body is copied once, never rebuilt,
    and gives the same page as taking the whole page apart would."""
    head = '<title>t</title><meta name=viewport content="w"><link rel=prefetch href=/x>'
    body = "<p>row &lt;meta&gt; – </p>\n" * 20_000 + "<p>end <metadata></p>"
    page = with_policy(f"<!DOCTYPE html><html><head>{head}{body}")
    assert page.endswith(body) and '<meta name="viewport" content="w">' in page
    _only_ours(page)
    whole = fetching_tags._cleaned(head + body, "")  # the whole page taken apart and joined
    assert without_fetching_tags(head + body) == whole
    plain = LEAD + body
    assert with_policy(plain) is plain  # no tag: the page itself, not a copy


def test_a_tag_taken_out_at_the_edge_of_the_parsed_part_joins_nothing() -> None:
    """A tag ending exactly where parsing stops, between a "<" and "meta ": taking it out
    must not make a new tag from the two sides."""
    filler = "x" * (fetching_tags._REACH - len('<link title="">'))
    page = f'<p><<link title="{filler}">meta http-equiv=refresh content="0;url=http://e/"></p>'
    assert len(page.split("<link", 1)[1]) > fetching_tags._REACH - 10
    done = with_policy(page)
    _only_ours(done)
    assert "&lt;meta http-equiv" in done


def test_the_quick_tag_pattern_finds_what_the_plain_one_does() -> None:
    """``TAG_START`` is written to skip most ``<`` quickly; it must find exactly the starts of
    the plain case-blind pattern: every name with each letter swapped for every ASCII character
    and for Unicode letters whose case maps onto ASCII ones (the Kelvin sign, dotted and dotless
    i, long s), followed by every ending, and a whole example page."""
    plain = re.compile(
        rf"<(?:{'|'.join(sorted(fetching_tags._TAGS))})(?=[\t\n\f\r />]|\Z)",
        re.IGNORECASE | re.ASCII,
    )
    swaps = [chr(c) for c in range(128)] + ["\u212a", "\u0130", "\u0131", "\u017f", "\uff4d"]
    texts = []
    for name in sorted(fetching_tags._TAGS):
        for at in range(len(name) + 1):
            for swap in swaps:
                texts.append(f"<{name[:at]}{swap}{name[at + 1 :]}")
        texts += [f"x<{name.upper()}{end}<{name.title()}" for end in swaps]
    texts.append((EXAMPLE_ANSWERS.parent / "northfield-fcp.plan.html").read_text(encoding="utf-8"))
    for text in texts:
        found = [m.span() for m in fetching_tags.TAG_START.finditer(text)]
        assert found == [m.span() for m in plain.finditer(text)], repr(text[:40])


def test_a_templates_refresh_never_reaches_the_rendered_plan(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    body = "\n".join(shape.format(url=URL.format(port=9)) for shape in SHAPES.values())
    (folder / "plan.html.j2").write_text(f"<h1>{{{{ plan.title }}}}</h1>\n{body}\n", "utf-8")
    result = cli("render", str(EXAMPLE_ANSWERS), "-f", "html", "--template", str(folder))
    assert result.exit_code == 0, result.output
    _only_ours(result.stdout)
    assert "Spreading the Assistant" in result.stdout


# -- in a real browser ---------------------------------------------------------------------------


@pytest.fixture
def loopback() -> Iterator[tuple[int, list[str]]]:
    """A server on 127.0.0.1 that records every connection (a preconnect sends no request)."""
    seen: list[str] = []
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)  # so that the thread sees ``stop`` at once (close() wakes no accept)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                connection.settimeout(1)
                try:
                    first = connection.recv(4096).split(b"\r\n", 1)[0]
                    connection.sendall(b"HTTP/1.0 204 No Content\r\n\r\n")
                except OSError:
                    first = b""
                seen.append(first.decode("latin-1") or "a connection")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], seen
    finally:
        stop.set()
        thread.join(5)
        server.close()


def _open_in_browser(browser: str, page: Path, profile: Path) -> None:
    command = [
        browser,
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=2000",  # refreshes and timers run, in virtual time
        "--dump-dom",
        page.as_uri(),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(1, "--no-sandbox")
    subprocess.run(command, capture_output=True, timeout=120, check=False)


@pytest.mark.skipif(pdf.find_browser() is None, reason="no Chromium, Chrome or Edge installed")
def test_chromium_reaches_nothing_from_a_filtered_page(
    tmp_path: Path, loopback: tuple[int, list[str]]
) -> None:
    browser = pdf.find_browser()
    assert browser is not None
    port, seen = loopback
    url = URL.format(port=port)
    body = "\n".join(f"<p>{n}</p>{shape.format(url=url)}" for n, shape in SHAPES.items())
    raw = f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>"
    # Without the filter, the same page does reach the server: the test can see a leak.
    unfiltered = tmp_path / "unfiltered.html"
    unfiltered.write_text(raw, encoding="utf-8")
    _open_in_browser(browser, unfiltered, tmp_path / "profile-1")
    assert seen, "the browser never reached the server: this test could not see a leak"
    seen.clear()
    filtered = tmp_path / "filtered.html"
    filtered.write_text(with_policy(raw), encoding="utf-8")
    _open_in_browser(browser, filtered, tmp_path / "profile-2")
    assert seen == []
