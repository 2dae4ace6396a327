"""HTML held compressed in memory until its page is written."""

from __future__ import annotations

import sys
import zlib

PACKED_FROM = 2000
"""The length from which a fragment is held `Packed`: shorter ones gain little."""


class Packed:
    """A fragment's HTML, compressed until its page is written (calling it gives it).

    Every page is made before the engine converts and writes the first one, so every
    page's maps and values tables were held at once: at 20 journeys, 36 MB of HTML
    (a fifth of the build's memory) that compresses about tenfold.
    """

    __slots__ = ("_data",)

    def __init__(self, html: str) -> None:
        self._data = zlib.compress(html.encode(), 1)

    def __call__(self) -> str:
        return zlib.decompress(self._data).decode()

    def __sizeof__(self) -> int:
        return object.__sizeof__(self) + sys.getsizeof(self._data)
