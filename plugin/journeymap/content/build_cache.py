"""The build cache: what one build made, kept for the next build.

One mechanism for everything journeymap keeps between builds, in named sections:
`documents` (parsed YAML files), `snapshots` (a snapshot file's values) and `series`
(the site's series, in memory only) here in content/; `charts` (drawn SVG) and
`journeys` (a journey's finished pages) in site/; `pages` (MkDocs' conversions of
pages from Markdown) in engines/. Each user knows only what goes into its keys and
how its values become JSON data (its `Codec`); the build cache does the rest:

- in memory, for the next build of the same process (`mkdocs serve` keeps the cache);
- on disk, in the site's `cache_dir`, for the next process (CI restores the folder);
- the life cycle: `new_build` starts a build, in which what the last one kept stays at
  hand; `sweep` ends it, and what it did not use goes, from disk and then from memory,
  so that the cache holds one build's worth however often the content changes.

`cache_dir` is usually restored from a cache shared between CI runs: its files are
input, not code. Each holds JSON data after a line that names the format, the codec
and the SHA-256 of the data; anything else (a corrupt, truncated or foreign file, a
pickle planted there) is ignored, counted in `ignored` and made again. Nothing read
from it is ever run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any, Generic, Protocol, TypeVar, overload

from journeymap.atomic import write_atomically

V = TypeVar("V")

FORMAT = b"journeymap-cache 1"
"""The first words of every file: what it is and the version of its layout."""
SUFFIX = ".json"


def code_digest(*modules: ModuleType) -> str:
    """A digest of the modules' source code, for the keys of what they make.

    What an older journeymap kept on disk is then not taken for what this one would
    make: a change to the code changes every key, with nothing to remember to bump.
    """
    digest = hashlib.sha256()
    for module in modules:
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


class Codec(Protocol[V]):
    """How a section's value becomes JSON data and back: the cache holds data, never code."""

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


class Section(Generic[V]):
    """One kind of value in the build cache, by a key (a hex digest) that says everything
    the value depends on (a file's text, the code that made it, say).

    Made by `BuildCache.section`; on disk (with a codec and a `cache_dir`), one file per
    key in `<cache_dir>/<name>/`, under two levels as git does: thousands of files in
    one folder are slow to list.
    """

    def __init__(self, name: str, codec: Codec[V] | None, folder: Path | None) -> None:
        self.name = name
        self._codec = codec
        self.folder = folder if codec else None
        self._now: dict[str, V] = {}
        self._last: dict[str, V] = {}
        self._touched: set[str] = set()
        self._holding = True
        """Whether values are held in memory in this build (not after `let_go`)."""
        self.reused = 0
        """Values this build took from the cache (its user counts them)."""
        self.made = 0
        """Values this build made anew, kept or not (its user counts them)."""
        self.ignored = 0
        """Files found for a key and not used, in this build (see the module docstring)."""

    def get(self, key: str) -> V | None:
        """The value kept for the key, or None; kept again for the next build."""
        value = self._now.get(key)
        if value is None:
            value = self._last.get(key)
        path = self._path(key)
        if value is None and path is not None and path.is_file():
            value = self._read(path)
            if value is None:
                self.ignored += 1
        if value is not None:
            self._hold(key, value)
        return value

    def keep(self, key: str, value: V) -> None:
        """Keep the value for this build and the next (on disk too, with a `cache_dir`)."""
        self._hold(key, value)
        path = self._path(key)
        if path is None or self._codec is None:
            return
        data = json.dumps(self._codec.encode(value), ensure_ascii=False, separators=(",", ":"))
        payload = data.encode()
        header = b"%s %s %s\n" % (
            FORMAT,
            self._codec.name.encode(),
            hashlib.sha256(payload).hexdigest().encode(),
        )
        write_atomically(path, header + payload)

    def keep_only(self, key: str, value: V) -> None:
        """Keep the value as the section's only one: the last build's go at once (a value
        too large to hold twice, in memory only)."""
        self._last, self._now = {}, {}
        self.keep(key, value)

    def touch(self, key: str) -> None:
        """Keep the key's value for the next build, without reading it in this one."""
        value = self._last.get(key)
        if value is not None:
            self._now[key] = value
        self._touched.add(key)

    def let_go(self) -> None:
        """Drop the values from memory, keeping their files: no other build follows in
        this process, and this one is done with them; those kept from now on in this
        build go to their files only."""
        self._touched |= self._now.keys()
        self._now, self._last = {}, {}
        self._holding = False

    def _hold(self, key: str, value: V) -> None:
        if self._holding:
            self._now[key] = value
        else:
            self._touched.add(key)  # its file stays for the next build

    def _start(self, folder: Path | None, *, stopped: bool) -> None:
        """Start a build: what the last one kept (and, when it `stopped`, everything it
        had at hand) stays available during this one, then goes."""
        self._last = {**self._last, **self._now} if stopped else self._now
        self._now, self._touched = {}, set()
        self._holding = True
        self.folder = folder if self._codec else None
        self.reused = self.made = self.ignored = 0

    def _read(self, path: Path) -> V | None:
        """The value in the file, or None when it is not a file this codec wrote."""
        assert self._codec is not None  # a section in memory only has no files
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

    def _sweep(self) -> int:
        """Remove the files of keys this build did not use; how many were removed."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        removed = 0
        for path in self.folder.glob("*/*"):
            key = path.name.removesuffix(SUFFIX)
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
        return self.folder / key[:2] / f"{key}{SUFFIX}" if self.folder else None


class BuildCache:
    """The build cache: its sections, and the life cycle of a build they share.

    An engine that builds again in the same process (`mkdocs serve`) keeps one; a build
    without one makes its own, on disk only with a `cache_dir`.
    """

    def __init__(self) -> None:
        self._sections: dict[str, Section[Any]] = {}
        self._folder: Path | None = None
        self._stopped = False

    @overload
    def section(self, name: str, codec: Codec[V]) -> Section[V]: ...
    @overload
    def section(self, name: str) -> Section[Any]: ...
    def section(self, name: str, codec: Codec[Any] | None = None) -> Section[Any]:
        """The section `name`, made on first use; without a codec, in memory only."""
        if name not in self._sections:
            folder = self._folder / name if self._folder else None
            self._sections[name] = Section(name, codec, folder)
        return self._sections[name]

    @property
    def sections(self) -> Mapping[str, Section[Any]]:
        """Every section used so far, by name (what the build log and tests count)."""
        return self._sections

    def new_build(self, folder: Path | None) -> None:
        """Start a build; `folder` (the site's `cache_dir`) keeps the sections on disk too."""
        self._folder = folder
        for name, section in self._sections.items():
            section._start(folder / name if folder else None, stopped=self._stopped)
        self._stopped = False

    def let_go(self, *names: str) -> None:
        """Drop the named sections' values from memory, keeping their files (`let_go`)."""
        for name in names:
            if name in self._sections:
                self._sections[name].let_go()

    def stopped(self) -> None:
        """The build stopped on a problem: nothing goes, neither from disk nor from memory,
        so that the build after the fix reuses all the last good one made."""
        self._stopped = True

    def sweep(self) -> int:
        """End a build: remove the files on disk that it did not use (none when it
        `stopped`); how many were removed."""
        if self._stopped:
            return 0
        return sum(section._sweep() for section in self._sections.values())

    @property
    def ignored(self) -> int:
        """Files in `cache_dir` that this build could not use, so far (see the module
        docstring)."""
        return sum(section.ignored for section in self._sections.values())
