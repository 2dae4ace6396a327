"""What one build made, kept for the next build: in the same process (`mkdocs serve`),
and on disk in the site's `cache_dir` for the next process (CI)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, Generic, TypeVar

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


class Stored(Reuse[str, V]):
    """`Reuse`, also kept on disk: one file per key (a hex digest) in `folder`.

    The folder is the site's own `cache_dir`, written only by journeymap, so its files
    are trusted like the site's code: pickle is the fastest way back to the objects.
    `sweep` removes the files the last build did not use, so that the folder holds one
    build's worth, however often the content changes.
    """

    def __init__(
        self,
        suffix: str = ".pickle",
        dump: Callable[[Any], bytes] = lambda value: pickle.dumps(
            value, protocol=pickle.HIGHEST_PROTOCOL
        ),
        load: Callable[[bytes], Any] = pickle.loads,
    ) -> None:
        super().__init__()
        self.folder: Path | None = None
        self._touched: set[str] = set()
        self._suffix = suffix
        self._dump = dump
        self._load = load

    def new_build(self) -> None:
        super().new_build()
        self._touched = set()

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
            value = self._load(path.read_bytes())
            super().keep(key, value)
        return value

    def keep(self, key: str, value: V) -> None:
        super().keep(key, value)
        path = self._path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")  # never half a file under its name
        temporary.write_bytes(self._dump(value))
        temporary.replace(path)

    def sweep(self) -> int:
        """Remove the files of keys this build did not use; how many were removed."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        removed = 0
        for path in self.folder.glob(f"*/*{self._suffix}"):
            key = path.name.removesuffix(self._suffix)
            if key not in self._now and key not in self._touched:
                with contextlib.suppress(FileNotFoundError):  # another build swept it
                    path.unlink()
                    removed += 1
        for folder in self.folder.iterdir():
            with contextlib.suppress(OSError):  # not empty: still used
                if folder.is_dir():
                    os.rmdir(folder)
        return removed

    def _path(self, key: str) -> Path | None:
        # Two levels, as git does: thousands of files in one folder are slow to list.
        return self.folder / key[:2] / f"{key}{self._suffix}" if self.folder else None


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

    def sweep(self) -> None:
        """Remove the files on disk that the build just done did not use."""
        self._stored.sweep()
