"""The user's cache folder, shared by the compiled templates and the parsed built-in content."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cache_dir() -> Path | None:
    """Where spreadkit keeps what it reuses between runs: ``SPREADKIT_CACHE``, or the user's cache."""
    chosen = os.environ.get("SPREADKIT_CACHE")
    if chosen == "":
        return None  # SPREADKIT_CACHE= (empty) turns the cache off
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "spreadkit"
