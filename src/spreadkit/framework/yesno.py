"""Yes or no as a file may say it: ``true``/``false``, or the words YAML 1.1 read as them.

Files are read in YAML 1.2 (``files.yamlio``), where ``yes``, ``No``, ``on`` and ``off`` are
text; files written for YAML 1.1 readers (spreadkit 0.2 and earlier, other tools) may still
use them for yes or no, in answers and in packs alike.
"""

from __future__ import annotations

from typing import Any

#: The words a file may give for yes or no: YAML 1.1 read these as true or false, so files
#: written for spreadkit 0.2 and earlier may hold them.
_YES_NO_WORDS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}


def yes_or_no(value: Any) -> bool | None:
    """``value`` as yes (True) or no (False): a boolean, or one of the words YAML 1.1 read as
    one (``yes``, ``No``, ``on``…: text in YAML 1.2, which files are read in); else None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _YES_NO_WORDS.get(value.strip().lower())
    return None
