"""Finding, reading and checking every file of a content folder.

`load_content` is the one entry point: it returns a `Content` or raises a
`ContentError` listing every problem in every file. Each kind of file follows the
same three steps: read (`documents`), check the shape (`validation`), check the
rules between values (`rules`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from journeymap.content import evidence, limits, rules
from journeymap.content.access import LINK_REFUSED, is_link
from journeymap.content.build_cache import BuildCache
from journeymap.content.documents import Document, DocumentCodec, load_yaml
from journeymap.content.journey_files import YAML_SUFFIXES, JourneyFolders
from journeymap.content.media import MediaFolder
from journeymap.content.model import Content
from journeymap.content.problems import Problems, did_you_mean
from journeymap.content.schema import (
    EvidenceFile,
    Metric,
    MetricsFile,
    Persona,
    PersonasFile,
    SharedEvidence,
)
from journeymap.content.snapshots import load_snapshots
from journeymap.content.sources import SOURCES_FILE, load_sources, query_folders
from journeymap.content.validation import checkable, validate
from journeymap.formatting import shown_path

F = TypeVar("F", PersonasFile, MetricsFile, EvidenceFile)
T = TypeVar("T", Persona, Metric, SharedEvidence)


def load_content(
    content_dir: Path,
    *,
    display_root: Path,
    today: dt.date,
    cache: BuildCache | Path | None = None,
    max_media_bytes: int = limits.DEFAULT_MAX_MEDIA_MB * 1000 * 1000,
) -> Content:
    """Load and check a content folder; paths in messages are relative to `display_root`.

    The build `cache` keeps the files parsed before (or a folder of the site's,
    `cache_dir`, to keep them on disk); `max_media_bytes` is the size limit of one file
    under `media/`.
    """
    if isinstance(cache, Path):
        folder, cache = cache, BuildCache()
        cache.new_build(folder)
    loader = _Loader(content_dir, display_root, today, cache, max_media_bytes)
    return loader.load()


class _Loader:
    """One reading of a content folder: the catalogs, then the journeys (read by
    `JourneyFolders`, which checks them against the catalogs), the sources and the
    snapshots; every problem of every file collected before any is raised."""

    def __init__(
        self,
        root: Path,
        display_root: Path,
        today: dt.date,
        cache: BuildCache | None,
        max_media_bytes: int,
    ) -> None:
        self.root = root
        self.cache = cache
        # YAML documents by a digest of the path shown and their text.
        self.documents = cache.section("documents", DocumentCodec()) if cache else None
        self.display_root = display_root
        self.today = today
        self.problems = Problems()
        self.ignored: list[str] = []
        self.partial_catalogs: set[str] = set()
        """Catalogs that failed their checks, of which what was right is used."""
        self.max_media_bytes = max_media_bytes

    def show(self, path: Path) -> str:
        return shown_path(path, self.display_root)

    def load(self) -> Content:
        if not self.root.is_dir():
            self.problems.add(
                self.show(self.root),
                0,
                "",
                "content folder not found: run journeymap where your content folder is, "
                "or name it with --content (the content_dir of your mkdocs.yml)",
            )
            self.problems.raise_if_any()
        self._check_names()
        self.media = MediaFolder(
            self.root, self.show, self.problems, max_bytes=self.max_media_bytes
        )
        personas = self._catalog(
            "personas.yml", PersonasFile, lambda f: f.personas, self._check_personas
        )
        metrics = self._catalog(
            "metrics.yml", MetricsFile, lambda f: f.metrics, rules.check_metrics
        )
        self.library = self._catalog(
            evidence.LIBRARY_FILE,
            EvidenceFile,
            lambda f: f.evidence,
            lambda entries, document, problems: evidence.check_library(
                entries, document, self.media, problems
            ),
        )
        folders = JourneyFolders(
            self.root / "journeys",
            self.show,
            self.problems,
            self.documents,
            self.today,
            personas,
            metrics,
            self.library,
            self.media,
        )
        journeys = folders.read()
        notices = rules.check_part_of(
            journeys, folders.version_documents, folders.broken, self.problems
        )
        sources = load_sources(self.root, self.show, self.problems)
        # A broken catalog hides no other problem of the snapshots: only their metrics
        # and bounds go unchecked (every row would be a false alarm).
        snapshots = load_snapshots(
            self.root / "snapshots",
            self.show,
            journeys,
            metrics,
            self.problems,
            skipped=frozenset(folders.broken),
            ignored=self.ignored,
            cache=self.cache
            if self.cache and metrics is not None and not self.partial_catalogs
            else None,
        )
        self.problems.raise_if_any()
        return Content(
            root=self.root,
            today=self.today,
            journeys=journeys,
            personas=personas or {},
            metrics=metrics or {},
            snapshots=snapshots,
            sources=sources or {},
            evidence=self.library or {},
            media=dict(sorted(self.media.named.items())),
            unused_media=self.media.unused(),
            notices=tuple(notices),
            ignored=tuple(self.ignored),
        )

    def _check_names(self) -> None:
        """Content files with a misspelt name would be ignored without a word: report them."""
        known: tuple[str, ...] = (
            "journeys",
            "snapshots",
            "metrics.yml",
            "personas.yml",
            SOURCES_FILE,
            evidence.LIBRARY_FILE,
            "media",
        )
        known += tuple(sorted(query_folders(self.root)))  # folders that sources.yml names
        for entry in sorted(self.root.iterdir()):
            # media/ has its own rule for links (content/media.py).
            if is_link(entry) and not entry.name.startswith(".") and entry.name != "media":
                self.problems.add(self.show(entry), 0, "", LINK_REFUSED)
                continue
            if entry.name in known or entry.name.startswith("."):
                continue
            if entry.suffix in (*YAML_SUFFIXES, ".csv") or entry.is_dir():
                self.problems.add(
                    self.show(entry),
                    0,
                    "",
                    "is not part of the content format" + did_you_mean(entry.name, known),
                )

    def _catalog(
        self,
        name: str,
        model: type[F],
        items: Callable[[F], list[T]],
        check: Callable[[list[T], Document, Problems], None],
    ) -> dict[str, T] | None:
        """An optional catalog file by id: {} when absent, None when it has problems."""
        path = self.root / name
        if is_link(path):
            return None  # reported with the folder's names
        if not path.exists():
            return {}
        document = load_yaml(path, self.show(path), self.problems, self.documents)
        if document is None:
            return None
        parsed = validate(document, model, self.problems)
        if parsed is None:
            # Its ids still serve to check the references to them, in the same run (the
            # build fails all the same); None if the ids themselves are wrong.
            rest = checkable(document, model, {})
            if rest is not None:
                check(items(rest), document, self.problems)
                self.partial_catalogs.add(name)
            return None if rest is None else {item.id: item for item in items(rest)}
        check(items(parsed), document, self.problems)
        return {item.id: item for item in items(parsed)}

    @staticmethod
    def _check_personas(personas: list[Persona], document: Document, problems: Problems) -> None:
        rules.check_unique([p.id for p in personas], document, ("personas",), problems, "personas")
