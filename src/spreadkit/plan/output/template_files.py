"""A person's own templates: read safely, run bounded, and their mistakes reported as theirs.

- Only regular files whose real path is inside the template folder are read: a symbolic link
  (to ``/etc/passwd``, ``/proc/self/environ``, or a folder such as ``root -> /``) is refused
  with an error naming it, as is a file that is not UTF-8 text or is larger than any template.
- Rendering runs in :mod:`spreadkit.framework.sandbox`'s bounded, read-only environment.
- A template's own mistake (a division by zero, a missing variable, a macro or include that
  calls itself) becomes a :class:`SpreadkitError` naming the template file and line.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, Template, TemplateError, TemplateNotFound
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path

from spreadkit.core.errors import Problem, SpreadkitError
from spreadkit.framework.sandbox import MAX_OUTPUT, LimitExceeded, limits

MAX_TEMPLATE_BYTES = 1024 * 1024  # far beyond any real template


class FolderLoader(BaseLoader):
    """Templates from one folder, never through a symbolic link or out of the folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(os.path.realpath(folder))

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses ".." itself
        path = self.folder
        for piece in pieces:
            path = path / piece
            try:
                info = path.lstat()
            except OSError:
                raise TemplateNotFound(template) from None
            if stat.S_ISLNK(info.st_mode):
                raise SpreadkitError(
                    Problem(
                        "this is a symbolic link; templates are read only from regular files "
                        "inside the template folder",
                        str(path),
                    )
                )
        if not stat.S_ISREG(info.st_mode) or not _inside(path, self.folder):
            raise SpreadkitError(
                Problem("not a regular file inside the template folder", str(path))
            )
        data = _read(path)
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SpreadkitError(
                Problem(
                    f"the template is not UTF-8 text (byte {exc.start + 1}); save it as UTF-8",
                    str(path),
                )
            ) from None
        mtime = info.st_mtime_ns

        def uptodate() -> bool:
            try:
                return path.lstat().st_mtime_ns == mtime
            except OSError:
                return False

        return source, str(path), uptodate


def _inside(path: Path, folder: Path) -> bool:
    real = Path(os.path.realpath(path))
    return real == folder or folder in real.parents


def _read(path: Path) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        raise SpreadkitError(
            Problem(f"cannot read the template: {exc.strerror}", str(path))
        ) from None
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise SpreadkitError(Problem("not a regular file", str(path)))
        data = file.read(MAX_TEMPLATE_BYTES + 1)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise SpreadkitError(
            Problem(f"the template is larger than {MAX_TEMPLATE_BYTES // 1024} KB", str(path))
        )
    return data


def render(template: Template, **context: Any) -> str:
    """``template`` rendered within the sandbox's limits, its output at most ``MAX_OUTPUT``."""
    parts: list[str] = []
    size = 0
    with limits():
        for part in template.generate(**context):
            size += len(part)
            if size > MAX_OUTPUT:
                raise LimitExceeded(f"the plan would be more than {MAX_OUTPUT:,} characters")
            parts.append(part)
    return "".join(parts)


def template_problem(exc: BaseException, fallback: str) -> SpreadkitError | None:
    """A template's runtime mistake as the user's error, naming the file and line; else None."""
    where = _template_frame(exc)
    file, line = where if where else (fallback, None)
    if isinstance(exc, RecursionError):
        message = (
            "the template calls itself without end (a macro that calls itself, or a "
            "template that includes itself)"
        )
    elif isinstance(exc, MemoryError):
        message = "the template does too much: it ran out of memory building its values"
    elif isinstance(exc, LimitExceeded):
        message = f"the template does too much: {exc}"
    elif isinstance(exc, SecurityError):
        message = f"the template tried something templates may not do: {exc}"
    elif isinstance(exc, TemplateError):
        message = f"template error: {getattr(exc, 'message', None) or exc}"
    elif isinstance(exc, ArithmeticError | TypeError | ValueError | LookupError | AttributeError):
        message = f"template error: {type(exc).__name__}: {exc}"
    else:
        return None
    return SpreadkitError(Problem(message, file, line))


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The innermost template file and line in ``exc``'s traceback.

    Jinja rewrites a template error's traceback so that each template's frame carries the
    template's file name and line, where Python's own frames name ``.py`` files.
    """
    found = None
    traceback = exc.__traceback__
    while traceback is not None:
        name = traceback.tb_frame.f_code.co_filename
        if not name.endswith((".py", ".pyc")) and not name.startswith("<"):
            found = (name, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found
