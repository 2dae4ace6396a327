"""What one build made, kept for the next build: in the same process (`mkdocs serve`),
and on disk in the site's `cache_dir` for the next process (CI)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any, Generic, Protocol, TypeVar

from journeymap.atomic import write_atomically

K = TypeVar("K")
V = TypeVar("V")


def code_digest(*modules: ModuleType) -> str:
    """A digest of the modules' source code, for the keys of what they make.

    What an older journeymap kept on disk is then not taken for what this one would
    make: a change to the code changes every key, with nothing to remember to bump.
    """
    digest = hashlib.sha256()
    for module in modules:
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


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


class Codec(Protocol[V]):
    """How a kept value becomes JSON data and back: the cache holds data, never code."""

    name: str
    """Written in every file, so that a file of another kind is never taken for this one."""

    def encode(self, value: V) -> Any:
        """The value as JSON data (dicts, lists, strings, numbers, booleans, None)."""

    def decode(self, data: Any) -> V:
        """The value back; raises ValueError, TypeError, KeyError or IndexError when the
        data is not of the shape `encode` makes (a foreign or tampered file)."""


class TextCodec:
    """Values that are text already (an SVG chart)."""

    name = "text"

    def encode(self, value: str) -> Any:
        return value

    def decode(self, data: Any) -> str:
        if not isinstance(data, str):
            raise TypeError("not a text")
        return data


FORMAT = b"journeymap-cache 1"
"""The first words of every file: what it is and the version of its layout."""


class Stored(Reuse[str, V]):
    """`Reuse`, also kept on disk: one file per key (a hex digest) in `folder`.

    The folder is the site's `cache_dir`, which CI usually restores from a cache shared
    between runs: its files are input, not code. Each holds JSON data after a line that
    names the format, the codec and the SHA-256 of the data; anything else (a corrupt,
    truncated or foreign file, a pickle planted there) is ignored, counted in `ignored`
    and made again. Nothing read from it is ever run.

    `sweep` removes the files the last build did not use, so that the folder holds one
    build's worth, however often the content changes.
    """

    suffix = ".json"

    def __init__(self, codec: Codec[V]) -> None:
        super().__init__()
        self.folder: Path | None = None
        self.ignored = 0
        """Files found for a key and not used, in this build (see the class docstring)."""
        self._touched: set[str] = set()
        self._codec = codec

    def new_build(self) -> None:
        super().new_build()
        self._touched = set()
        self.ignored = 0

    def touch(self, key: str) -> None:
        """Keep the key's value for the next build, without reading it in this one."""
        value = self._last.get(key)
        if value is not None:
            self._now[key] = value
        self._touched.add(key)

    def get(self, key: str) -> V | None:
        value = super().get(key)
        path = self._path(key)
        if value is None and path is not None and path.is_file():
            value = self._read(path)
            if value is None:
                self.ignored += 1
            else:
                super().keep(key, value)
        return value

    def keep(self, key: str, value: V) -> None:
        super().keep(key, value)
        path = self._path(key)
        if path is None:
            return
        data = json.dumps(self._codec.encode(value), ensure_ascii=False, separators=(",", ":"))
        payload = data.encode()
        header = b"%s %s %s\n" % (
            FORMAT,
            self._codec.name.encode(),
            hashlib.sha256(payload).hexdigest().encode(),
        )
        write_atomically(path, header + payload)

    def _read(self, path: Path) -> V | None:
        """The value in the file, or None when it is not a file this codec wrote."""
        try:
            header, _, payload = path.read_bytes().partition(b"\n")
            expected = b"%s %s " % (FORMAT, self._codec.name.encode())
            if not header.startswith(expected):
                return None
            if hashlib.sha256(payload).hexdigest().encode() != header[len(expected) :]:
                return None
            return self._codec.decode(json.loads(payload))
        except (OSError, ValueError, TypeError, KeyError, IndexError, RecursionError):
            return None

    def sweep(self) -> int:
        """Remove the files of keys this build did not use; how many were removed."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        removed = 0
        for path in self.folder.glob("*/*"):
            key = path.name.removesuffix(self.suffix)
            if key not in self._now and key not in self._touched:
                with contextlib.suppress(OSError):  # another build swept it, or not ours
                    path.unlink()
                    removed += 1
        for folder in self.folder.iterdir():
            with contextlib.suppress(OSError):  # not empty: still used
                if folder.is_dir():
                    os.rmdir(folder)
        return removed

    def _path(self, key: str) -> Path | None:
        # Two levels, as git does: thousands of files in one folder are slow to list.
        return self.folder / key[:2] / f"{key}{self.suffix}" if self.folder else None


class KeptByBuild:
    """The life cycle of a keeper whose values are `Stored`: its folder in `cache_dir`
    (None: in memory only), the start of a build and the sweep after it."""

    def __init__(self, stored: Stored[Any]) -> None:
        self._stored = stored

    @property
    def folder(self) -> Path | None:
        return self._stored.folder

    @folder.setter
    def folder(self, folder: Path | None) -> None:
        self._stored.folder = folder

    def new_build(self) -> None:
        """Start a build: what the last one kept stays at hand during it, then goes."""
        self._stored.new_build()

    @property
    def ignored(self) -> int:
        """Files in the folder that this build could not use (see `Stored`)."""
        return self._stored.ignored

    def sweep(self) -> None:
        """Remove the files on disk that the build just done did not use."""
        self._stored.sweep()
