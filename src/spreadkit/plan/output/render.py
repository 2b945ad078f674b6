"""Render a plan from content and answers with the Jinja templates in ``templates/``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spreadkit.answers.store import Answers
from spreadkit.core.errors import Problem, SpreadkitError
from spreadkit.core.formats import DocumentKind, PlanFormat
from spreadkit.files.planfile import stamped, stamped_chunks
from spreadkit.framework.model import Framework
from spreadkit.plan.output import safety

if TYPE_CHECKING:
    from jinja2 import BaseLoader, BytecodeCache, Environment


TEMPLATE_NAMES = {
    (DocumentKind.BOARD, PlanFormat.MARKDOWN): "board.md.j2",
    (DocumentKind.BOARD, PlanFormat.HTML): "board.html.j2",
    (DocumentKind.WORKBOOK, PlanFormat.MARKDOWN): "plan.md.j2",
    (DocumentKind.WORKBOOK, PlanFormat.HTML): "plan.html.j2",
}
TEMPLATE_FILES = (
    "board.md.j2",
    "board.html.j2",
    "board.css",
    "plan.md.j2",
    "plan.html.j2",
    "plan.css",
    "trends.md.j2",
    "trends.html.j2",
    "report.md.j2",
    "report.html.j2",
)


def templates_dir() -> Path:
    """The built-in templates: inside the installed package, or at the top of a source checkout."""
    packaged = Path(__file__).parents[2] / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[4] / "templates"


def render_plan(
    framework: Framework,
    answers: Answers,
    plan_format: PlanFormat,
    templates: Path | None = None,
    document: DocumentKind = DocumentKind.BOARD,
) -> str:
    """The plan as text. ``templates`` is a folder whose templates override the built-in ones by name.

    ``document`` is which plan: the board plan (``board.*.j2``, its view from ``plan/views/board.py``)
    or the workbook, the full step-by-step record (``plan.*.j2``, from ``plan/views/workbook.py``).

    With a template folder, every template runs in Jinja's immutable sandbox, bounded (see
    ``framework/sandbox.py``): it sees the plan's data read-only and nothing else, and cannot
    reach Python internals, files or the network. Every HTML plan carries a
    Content-Security-Policy (``plan/output/safety.py``).
    """
    if document is DocumentKind.BOARD:
        from spreadkit.plan.views import board

        view: object = board.build(framework, answers)
    else:
        from spreadkit.plan.views import workbook

        view = workbook.build(framework, answers)
    return render_page(TEMPLATE_NAMES[document, plan_format], plan_format, templates, plan=view)


def render_page(
    name: str, plan_format: PlanFormat, templates: Path | None, **context: object
) -> str:
    """Template ``name`` rendered with ``context``: stamped, and with the CSP when it is HTML.

    A template from a person's folder runs sandboxed, and its mistakes are theirs to fix: the
    error says which file and line. A mistake in a built-in template is a bug, raised as is.
    """
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    try:
        template = _environment(plan_format, templates).get_template(name)
        if templates is None:
            text = template.render(**context)
        else:
            from spreadkit.plan.output import template_files as template_sandbox

            text = template_sandbox.render(template, **context)
    except TemplateSyntaxError as exc:
        raise SpreadkitError(
            Problem(f"template error: {exc.message}", exc.filename or exc.name or name, exc.lineno)
        ) from None
    except TemplateNotFound as exc:
        raise SpreadkitError(
            Problem(f"no template named {exc.name!r}", _where(templates, name))
        ) from None
    except Exception as exc:
        from spreadkit.plan.output import template_files as template_sandbox

        problem = template_sandbox.template_problem(exc, _where(templates, name))
        if problem is None or (templates is None and not isinstance(exc, TemplateError)):
            raise
        raise problem from None
    if plan_format is PlanFormat.HTML:
        text = safety.with_policy(text)
    return stamped(text)


def page_chunks(name: str, plan_format: PlanFormat, **context: object) -> Iterator[str]:
    """:func:`render_page` of a built-in template, made as a stream of pieces of about 64 KB, for
    a page too large to hold whole (a portfolio of thousands of plans): the policy and the stamp
    are worked out as the pieces pass (``safety.policy_chunks``, ``planfile.stamped_chunks``).
    ``safety.Unstreamable`` means the page must be made whole with :func:`render_page`."""
    pieces = _grouped(_environment(plan_format, None).get_template(name).generate(**context))
    if plan_format is PlanFormat.HTML:
        pieces = safety.policy_chunks(pieces)
    return stamped_chunks(pieces)


def _grouped(pieces: Iterable[str], size: int = 64 * 1024) -> Iterator[str]:
    """Jinja's many small pieces of text joined into fewer, of about ``size`` characters."""
    held: list[str] = []
    count = 0
    for piece in pieces:
        held.append(piece)
        count += len(piece)
        if count >= size:
            yield "".join(held)
            held, count = [], 0
    if held:
        yield "".join(held)


def _where(templates: Path | None, name: str) -> str:
    return str(templates / name) if templates and (templates / name).is_file() else name


@cache
def _environment(plan_format: PlanFormat, templates: Path | None = None) -> Environment:
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    folder = templates_dir()
    if not folder.is_dir():
        raise SpreadkitError(
            Problem("the plan templates are missing; reinstall spreadkit", str(folder))
        )
    loaders: list[BaseLoader] = [FileSystemLoader(folder, encoding="utf-8")]
    if templates is not None:  # a person's folder: sandboxed (loaded only then)
        from spreadkit.framework.sandbox import BoundedEnvironment
        from spreadkit.plan.output.template_files import FolderLoader

        loaders.insert(0, FolderLoader(templates))  # no symbolic links, nothing outside
    html = plan_format is PlanFormat.HTML
    # The built-in templates are ours and run as they are; the sandbox checks every attribute
    # access, which doubles the time to render, so it is kept for folders of user templates.
    kind = _plain_environment() if templates is None else BoundedEnvironment
    env = kind(
        loader=ChoiceLoader(loaders),
        # Each kind of environment compiles differently: each keeps its own compiled code.
        bytecode_cache=_bytecode_cache(
            "bounded" if templates else "plain" if kind is not Environment else "plain-jinja"
        ),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The built-in templates are part of the installed package: looking whether each file
        # changed (a stat of every template and include, every render) is for a person's folder.
        auto_reload=templates is not None,
    )
    if html:
        env.filters["lines"] = _html_lines
        env.filters["link"] = _html_link
        env.filters["css_string"] = css_string
    else:
        env.filters["link"] = safety.markdown_link
        env.filters["cell"] = markdown_cell
        env.filters["cells"] = markdown_cells
        env.filters["md"] = markdown_text
        env.filters["anchor"] = github_anchor
    return env


@cache
def _plain_environment() -> type[Environment]:
    """Jinja's environment for the built-in templates, with ``{{ value }}`` in HTML escaped by
    ``escape_output``: exactly ``markupsafe.escape``, without its general checks for a plain
    ``str`` (most of what a page writes), which cost about a fifth of rendering a board plan.

    It changes only the name Jinja's compiled code calls for an escaped output; what it
    returns is what ``markupsafe.escape`` returns (``test_render`` checks both, and that the
    built-in templates use it). Templates from a person's folder run in the sandbox as before.
    Without markupsafe's own escaping function to call, or with a Jinja other than 3.1,
    Jinja's environment is used as it is.
    """
    import jinja2
    import markupsafe
    from jinja2 import Environment
    from jinja2.compiler import CodeGenerator, Frame

    inner = getattr(markupsafe, "_escape_inner", None)  # what markupsafe.escape calls on a str
    # Both names are private: used only with the Jinja whose code generator was read and
    # tested (3.1); any other Jinja compiles the built-in templates as it is.
    known = getattr(jinja2, "__version__", "").startswith("3.1.")
    if inner is None or not known or not hasattr(CodeGenerator, "_output_child_pre"):
        return Environment
    markup, escape, make = markupsafe.Markup, markupsafe.escape, str.__new__

    def escape_output(value: object) -> object:
        if type(value) is str:
            return make(markup, inner(value))  # what Markup(inner(value)) makes, for a str
        return escape(value)

    class Generator(CodeGenerator):
        def visit_Template(self, node: Any, frame: Frame | None = None) -> None:
            self.writeline("escape_output = environment.escape_output")
            super().visit_Template(node, frame)

        def _output_child_pre(self, node: Any, frame: Frame, finalize: Any) -> None:
            context = frame.eval_ctx
            if context.autoescape and not context.volatile and finalize.src is None:
                self.write("escape_output(")
            else:
                super()._output_child_pre(node, frame, finalize)

    class PlainEnvironment(Environment):
        code_generator_class = Generator

    PlainEnvironment.escape_output = staticmethod(escape_output)  # type: ignore[attr-defined]
    return PlainEnvironment


def _bytecode_cache(kind: str) -> BytecodeCache | None:
    """Compiled templates kept on disk, so a render need not compile them again.

    Compiled templates are code (marshal), so they are kept only in the user's private cache
    folder and read only from files there that the user owns and no one else can write
    (``usercache.read_entry``); entry names carry the package's code stamp and Jinja's version.
    """
    import jinja2

    from spreadkit.core import usercache

    if usercache.private_dir() is None:
        return None
    # Sandboxed and plain environments compile differently: never share their code.
    prefix = f"templates-{usercache.code_stamp()}-{jinja2.__version__}-{kind}-"

    class PrivateBytecodeCache(jinja2.BytecodeCache):
        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            data = usercache.read_entry(prefix + bucket.key, source=bucket.checksum)
            if data is not None:
                bucket.bytecode_from_string(data)  # Jinja checks its version and the source

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            usercache.write_entry(
                prefix + bucket.key, bucket.bytecode_to_string(), source=bucket.checksum
            )

    return PrivateBytecodeCache()


def _html_lines(text: str) -> object:
    """Escape ``text`` and keep its line breaks as ``<br>``."""
    from markupsafe import Markup, escape

    return Markup("<br>\n").join(escape(line) for line in str(text).split("\n"))


def _html_link(url: str) -> object:
    """A link for an http, https or mailto address; anything else as plain text."""
    from markupsafe import Markup

    return Markup(safety.html_link(url))


def css_string(text: object) -> object:
    """``text`` as a quoted CSS string, for a page footer: safe inside a ``<style>`` element.

    Letters, digits and spaces stay as they are; anything else (quotes, backslashes, ``<``,
    line breaks) becomes a CSS escape (its code in hex and a space, which the escape takes
    up), so nothing in it can end the string or the style.
    """
    from markupsafe import Markup

    kept = _CSS_ESCAPED.sub(_css_escape, " ".join(str(text).split()))
    return Markup(f'"{kept}"')


# What ``css_string`` escapes: every character but a letter, a digit (``str.isalnum``, which is
# what ``\w`` matches but for "_") and a space.
_CSS_ESCAPED = re.compile(r"[^\w ]|_")


def _css_escape(match: re.Match[str]) -> str:
    return f"\\{ord(match.group()):x} "  # the space ends the escape


def _no_html(text: str) -> str:
    # Only "<" can open raw HTML; leaving "&" and ">" alone keeps the Markdown readable.
    return str(text).replace("<", "&lt;")


_HEADING_OR_RULE = re.compile(r"(?m)^(\s*)(#|=+\s*$|-{3,}\s*$|\*{3,}\s*$)")
_TEXT_MARKS = re.compile(r"[<\[\]#=*-]")  # text with none of these is kept as it is
_CELL_MARKS = re.compile(r"[<\\|\[\]\r\n]")  # a cell with none of these is only stripped


def markdown_text(text: str) -> str:
    """User text in Markdown prose: no raw HTML, and no line that turns into a heading or rule."""
    if not _TEXT_MARKS.search(text := str(text)):
        return text  # most text: nothing to escape (the same result, without the passes)
    text = safety.escape_brackets(_no_html(text))  # no links or remote images
    return _HEADING_OR_RULE.sub(r"\1\\\2", text)


def markdown_cell(text: str) -> str:
    """User text in a Markdown table cell: pipes escaped, line breaks kept as ``<br>``."""
    if not _CELL_MARKS.search(text := str(text)):
        return text.strip()  # one line with nothing to escape: what the passes below give
    text = _no_html(text).replace("\\", "\\\\").replace("|", "\\|")
    text = safety.escape_brackets(text, backslashes_escaped=True)  # no links or remote images
    return "<br>".join(part.strip() for part in text.replace("\r", "").split("\n") if part.strip())


def markdown_cells(row: Iterable[object]) -> str:
    """A table row's cells in Markdown (``markdown_cell``), a blank one as "–", between pipes."""
    return " | ".join(markdown_cell(value) if value else "–" for value in row)  # type: ignore[arg-type]


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading, for links in the contents list."""
    kept = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return kept.replace(" ", "-")


REPORT_TEMPLATES = {PlanFormat.MARKDOWN: "report.md.j2", PlanFormat.HTML: "report.html.j2"}


def render_report(report: object, plan_format: PlanFormat, templates: Path | None = None) -> str:
    """The highlight report (``plan.report.Report``) as text, laid out by ``report.*.j2``.

    Like a plan: a template folder's own ``report.*.j2`` runs sandboxed; HTML carries the CSP.
    """
    return render_page(REPORT_TEMPLATES[plan_format], plan_format, templates, report=report)
