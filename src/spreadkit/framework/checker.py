"""Strict reading of YAML data into shapes, collecting every problem with its file and line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spreadkit.core.errors import Problem, SpreadkitError, did_you_mean
from spreadkit.files.yamlio import KeyPath, ParsedYaml
from spreadkit.framework import magnitude
from spreadkit.framework.values import describe
from spreadkit.framework.yesno import yes_or_no


class Checker:
    """Reads one document, noting problems instead of stopping at the first."""

    def __init__(self, document: ParsedYaml) -> None:
        self.document = document
        self.problems: list[Problem] = []

    def report(self, path: KeyPath, message: str, hint: str = "") -> None:
        self.problems.append(self.document.problem(path, message, hint))

    def raise_if_any(self) -> None:
        if self.problems:
            raise SpreadkitError(self.problems)

    def mapping(
        self,
        path: KeyPath,
        value: Any,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
        what: str = "",
    ) -> dict[str, Any]:
        """``value`` as a mapping with only the allowed keys; {} (and a problem) otherwise."""
        if not isinstance(value, dict):
            found = "an empty file" if value is None and not path else describe(value)
            self.report(path, f"expected a mapping of keys{what}, found {found}")
            return {}
        required = list(required)
        names = [*required, *optional]
        allowed = set(names)
        if allowed.issuperset(value) and all(key in value for key in required):
            return dict(value)  # the usual case, asked in C: nothing to report or leave out
        unknown = [key for key in value if key not in allowed]
        for key in unknown:
            self.report((*path, key), "unknown key", did_you_mean(key, names))
        for key in required:
            if key not in value:
                self.report(path, f"missing the key '{key}'")
        if not unknown:
            return dict(value)
        return {key: item for key, item in value.items() if key in allowed}

    def sequence(self, path: KeyPath, value: Any) -> list[Any]:
        if not isinstance(value, list):
            self.report(path, f"expected a list, found {describe(value)}")
            return []
        return value

    def text(self, path: KeyPath, value: Any, default: str = "") -> str:
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            self.report(path, f"expected text, found {describe(value)}")
            return default
        return " ".join(value.split()) if "\n\n" not in value else value.strip()

    def identifier(self, path: KeyPath, value: Any) -> str:
        text = self.text(path, value)
        if text and not all(c.isalnum() or c in "-_" for c in text):
            self.report(path, f"'{text}' is not a valid id", "use letters, digits, - and _")
        return text

    def integer(self, path: KeyPath, value: Any, default: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(path, f"expected a whole number, found {describe(value)}")
            return default
        return value

    def number(self, path: KeyPath, value: Any) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.report(path, f"expected a number, found {describe(value)}")
            return None
        problem = magnitude.out_of_range(value)
        if problem:
            self.report(path, problem, magnitude.HINT)
            return None
        return value

    def flag(self, path: KeyPath, value: Any, default: bool = False) -> bool:
        if value is None:
            return default
        flag = yes_or_no(value)
        if flag is None:
            self.report(path, f"expected true or false, found {describe(value)}")
            return default
        return flag

    def unique(self, path: KeyPath, ids: list[str], what: str) -> None:
        seen: set[str] = set()
        for index, item_id in enumerate(ids):
            if item_id and item_id in seen:
                self.report((*path, index, "id"), f"the {what} id '{item_id}' is used twice")
            seen.add(item_id)
