"""A journey's pages from the last build, used again while nothing they show changed.

Rendering a journey's map, stage, history and version pages is most of what
journeymap does in a build; in CI after a metric refresh of one journey, or in
`mkdocs serve` after an edit, every other journey's pages come out the same. The
build cache keeps them (its `journeys`) under a digest of everything they are made
from: the journey's files and values, and `SiteInputs`, what the pages of
every journey read from the rest of the site.

The rule that keeps this right: a journey's pages read other journeys only through
what `SiteInputs` holds. A template that starts showing something new from another
journey must add it there (tests/test_cache.py edits one journey and checks every
page of the others against a fresh build).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from journeymap.site.charts import Chart
from journeymap.site.pages import PageSource


def files_digest(folders: Iterable[Path], suffixes: tuple[str, ...] = ()) -> str:
    """Every file under the folders (with one of `suffixes`, if given), by its path in
    the folder and its bytes."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file() and (not suffixes or path.suffix in suffixes):
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


_PACKAGE = files_digest([Path(__file__).parent.parent], (".py", ".md", ".html", ".xml", ".po"))
"""journeymap's code, templates and catalogues: pages made by another version are not used."""


@dataclass(frozen=True)
class SiteInputs:
    """What a journey's pages read besides the journey itself: each as text (a repr)."""

    settings: str
    today: str
    markdown: str
    """The extensions Markdown fields are rendered with."""
    templates: str
    """The site's template overrides."""
    catalog: str
    """metrics.yml, personas.yml, evidence.yml, the media named by content and the
    snapshot files (a new date is the newest snapshot of every journey)."""
    across_journeys: str
    """Derived from every journey: each metric's scale for gaps, the research library's
    citations (a stage's card names the other stages citing the same entry), the
    redirects of moved pages."""

    def digest(self) -> str:
        digest = hashlib.sha256(_PACKAGE.encode())
        for part in (
            self.settings,
            self.today,
            self.markdown,
            self.templates,
            self.catalog,
            self.across_journeys,
        ):
            digest.update(b"\0" + part.encode())
        return digest.hexdigest()


@dataclass(frozen=True)
class KeptJourney:
    """A journey's pages, finished, and the charts they show (to keep those cached)."""

    pages: list[PageSource]
    charts: tuple[str, ...]

    @classmethod
    def of(cls, pages: list[PageSource]) -> KeptJourney:
        """A journey's pages, once their charts are drawn."""
        charts = tuple(
            f.digest for p in pages for f in p.fragments.values() if isinstance(f, Chart)
        )
        return cls([_finished(page) for page in pages], charts)


class KeptJourneyCodec:
    """A journey's finished pages as JSON data, for the build cache (its `journeys`)."""

    name = "journey-pages"

    def encode(self, kept: KeptJourney) -> Any:
        pages = [
            {
                "src_uri": page.src_uri,
                "markdown": page.markdown,
                "source": None if page.source is None else str(page.source),
                "fragments": {m: f() if callable(f) else f for m, f in page.fragments.items()},
                "meta": page.meta,
            }
            for page in kept.pages
        ]
        return {"pages": pages, "charts": list(kept.charts)}

    def decode(self, data: Any) -> KeptJourney:
        pages = []
        for page in data["pages"]:
            texts = [page["src_uri"], page["markdown"], *page["fragments"].values()]
            if not all(isinstance(text, str) for text in texts) or not isinstance(
                page["meta"], dict
            ):
                raise TypeError("a page's parts must be texts")
            source = page["source"]
            pages.append(
                PageSource(
                    page["src_uri"],
                    page["markdown"],
                    None if source is None else Path(source),
                    dict(page["fragments"]),
                    page["meta"],
                )
            )
        charts = data["charts"]
        if not all(isinstance(chart, str) for chart in charts):
            raise TypeError("charts are named by their digests")
        return KeptJourney(pages, tuple(charts))


def _finished(page: PageSource) -> PageSource:
    """The page with its charts drawn, `Packed` as its other large fragments: a chart is
    a function of this build's renderer until it is drawn."""
    fragments = {
        m: f.renderer.packed(f.digest) if isinstance(f, Chart) else f
        for m, f in page.fragments.items()
    }
    return replace(page, fragments=dict(fragments))
