"""What is worked out once for a framework and kept with it: the one such cache.

A framework is frozen, so anything worked out from it alone never changes. ``PerFramework``
keeps the results for the last few frameworks used, each with a weak reference to its own: a
result is given back only for the very framework it was made from, never for a later one that
took the id of one since gone, and it is let go when its framework is.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

from spreadkit.framework.model import Framework

T = TypeVar("T")

#: How many frameworks' results are kept at once (a batch uses one; tests, a few).
KEPT = 8


class PerFramework(Generic[T]):
    """``make(framework)``, worked out the first time for each framework and then kept."""

    __slots__ = ("_kept", "_make")

    def __init__(self, make: Callable[[Framework], T]) -> None:
        self._make = make
        self._kept: dict[int, tuple[weakref.ref[Framework], T]] = {}  # oldest first

    def __call__(self, framework: Framework) -> T:
        known = self._kept.get(id(framework))
        if known is not None and known[0]() is framework:
            return known[1]
        made = self._make(framework)
        key, kept = id(framework), self._kept

        def gone(reference: weakref.ref[Framework]) -> None:  # the framework is gone: let go
            if (entry := kept.get(key)) is not None and entry[0] is reference:
                del kept[key]

        kept.pop(key, None)
        while len(kept) >= KEPT:
            del kept[next(iter(kept))]
        kept[key] = (weakref.ref(framework, gone), made)
        return made

    def __len__(self) -> int:
        return len(self._kept)

    def __contains__(self, framework_id: object) -> bool:
        """Whether a result is kept for the framework with this id."""
        return framework_id in self._kept

    def forget(self) -> None:
        """Let every result go (for tests)."""
        self._kept.clear()
