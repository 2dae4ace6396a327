"""What one build made, kept for the next build in the same process (`mkdocs serve`)."""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Reuse(Generic[K, V]):
    """Values by a key that says everything they depend on (a file's text, say).

    A build takes what the last one kept; what it does not ask for is let go when the
    next build starts, so that removed or edited files do not stay held.
    """

    def __init__(self) -> None:
        self._now: dict[K, V] = {}
        self._last: dict[K, V] = {}

    def new_build(self) -> None:
        """Start a build: what the last one kept stays available during it, then goes."""
        self._last, self._now = self._now, {}

    def get(self, key: K) -> V | None:
        value = self._now.get(key)
        if value is None:
            value = self._last.get(key)
        if value is not None:
            self._now[key] = value
        return value

    def keep(self, key: K, value: V) -> None:
        self._now[key] = value
