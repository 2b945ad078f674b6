"""Whether a ``spreadkit.yml`` may choose the templates: only when it is the user's own.

Templates decide what every plan shows, and a ``spreadkit.yml`` takes effect with no option
given, so one in a folder someone else controls (a shared drive, another user's checkout) must
not choose them. The rule is the cache's (``core.usercache.only_ours``):

- POSIX: the file, and the template folder it names, belong to the user and no one else may
  write to them (group write is allowed for the user's own private group).
- Windows: files have no POSIX owner and their access lists are not read here; the file and
  the folder must be inside the user's own profile folder (``%USERPROFILE%``), as the cache
  must be inside the user's own ``%LOCALAPPDATA%``. A network share, another drive or another
  user's profile is refused.

Either way ``--template DIR`` (or ``SPREADKIT_TEMPLATES``) still chooses templates, and every
run that uses a ``spreadkit.yml``'s templates says so on stderr.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from spreadkit.core import usercache
from spreadkit.core.errors import Problem, SpreadkitError


def _inside(path: Path, home: Path) -> bool:
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(home))
    except (OSError, ValueError):
        return False


def why_not_own(path: Path, windows: bool | None = None, home: Path | None = None) -> str | None:
    """Why ``path`` is not the user's alone (None: it is). ``windows`` and ``home`` default to
    this computer's; tests give them to check the Windows rule anywhere."""
    windows = sys.platform == "win32" if windows is None else windows
    if windows:
        home = Path.home() if home is None else home
        return None if _inside(path, home) else f"it is outside your own folder ({home})"
    try:
        info = os.stat(path)
    except OSError as exc:
        return f"it cannot be checked ({exc.strerror or exc})"
    if info.st_uid != os.geteuid():
        return "it belongs to another user"
    if not usercache.only_ours(info, private_group=True):
        return "other people can change it"
    return None


def require_own(config: Path, folder: Path | None) -> None:
    """Refuse the templates a ``spreadkit.yml`` names unless it and the folder are the user's."""
    for path in (config, folder):
        if path is None or (path is folder and not path.exists()):
            continue
        reason = why_not_own(path)
        if reason is not None:
            what = "spreadkit.yml" if path is config else "its template folder"
            raise SpreadkitError(
                Problem(
                    f"templates not used: {what} is not yours alone ({reason}), and templates "
                    "decide what every plan shows",
                    str(config),
                    hint=f"see {path}; to choose templates yourself, give --template DIR",
                )
            )
