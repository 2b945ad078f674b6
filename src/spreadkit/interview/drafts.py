"""Half-typed answers kept when an interview stops, offered again on the next run.

They live in a hidden file beside the answers file (``.NAME.answers.yml.drafts.json``),
never in the answers file itself, so a draft never reaches a plan, `validate` or a render.
The file goes away once no draft is left.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from spreadkit.files.atomic import write_text_atomic

_LIMIT = 1_000_000  # a drafts file larger than this is not ours: ignore it


def drafts_path(answers: Path) -> Path:
    return answers.with_name(f".{answers.name}.drafts.json")


class Drafts:
    """Drafts by key (``section.question``, ``plan.title``, …), saved on every change."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.texts: dict[str, str] = {}
        if path is not None:
            self.texts = _read(path)

    def get(self, key: str) -> str | None:
        return self.texts.get(key)

    def keep(self, key: str, text: str) -> None:
        self.texts[key] = text
        self._save()

    def pending(self, key: str) -> bool:
        """Whether anything under ``key`` (``STEP.QUESTION``) is kept: half-typed text for it or
        one of its fields, or a half-entered record of it (``interview.record_drafts``)."""
        return any(k == key or k.startswith(f"{key}.") or k == f"record:{key}" for k in self.texts)

    def drop(self, key: str) -> None:
        if self.texts.pop(key, None) is not None:
            self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        if self.texts:
            text = json.dumps(self.texts, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
            write_text_atomic(self.path, text)
        else:
            with contextlib.suppress(OSError):
                self.path.unlink()


def _read(path: Path) -> dict[str, str]:
    """Whatever is readable: a drafts file is a convenience, never a reason to stop."""
    try:
        if not path.is_file() or path.stat().st_size > _LIMIT:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: "[[[[…" nested too deep
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str)}
