"""A journey's pages: its map, its stages, its history and each of its versions."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path

from journeymap import routes
from journeymap.analysis import segments
from journeymap.analysis.flow import Flow
from journeymap.analysis.trends import Trend
from journeymap.content.build_cache import BuildCache
from journeymap.content.model import Content, Journey
from journeymap.site import exports, views
from journeymap.site.charts import ChartRenderer
from journeymap.site.pages import UNSEARCHED_PAGE, PageSource, Templates
from journeymap.site.settings import Settings
from journeymap.site.site_analysis import SiteAnalysis
from journeymap.site.unchanged import KeptJourney, KeptJourneyCodec, SiteInputs, files_digest


def map_meta(settings: Settings) -> dict[str, list[str]]:
    """Metadata of map pages and the landscape: the sidebars Material hides for width."""
    return {"hide": list(settings.map_hide)} if settings.map_hide else {}


class JourneyPages:
    """Renders each journey's pages, or reuses the last build's (from the build cache,
    its `journeys`) when nothing they are made from changed."""

    def __init__(
        self,
        content: Content,
        settings: Settings,
        analysis: SiteAnalysis,
        templates: Templates,
        charts: ChartRenderer,
        *,
        override_dirs: Iterable[Path],
        markdown_key: str,
        cache: BuildCache,
    ) -> None:
        self.content = content
        self.settings = settings
        self.analysis = analysis
        self.templates = templates
        self.charts = charts
        self.override_dirs = list(override_dirs)
        self.markdown_key = markdown_key
        self.kept = cache.section("journeys", KeptJourneyCodec())
        self._rendered: list[tuple[str, list[PageSource]]] = []

    def unless_unchanged(self, journey: Journey) -> Iterator[PageSource]:
        """The journey's pages: the last build's when nothing they are made from changed."""
        key = self._journey_key(journey)
        kept = self.kept.get(key)
        if kept is not None:
            self.kept.reused += 1
            self.charts.keep_using(kept.charts)
            return iter(kept.pages)
        pages = list(self.journey_pages(journey))
        self._rendered.append((key, pages))
        return iter(pages)

    def keep_rendered(self) -> None:
        """Keeps the pages rendered in this build for the next; call once their charts
        are drawn."""
        for key, pages in self._rendered:
            self.kept.made += 1
            self.kept.keep(key, KeptJourney.of(pages))
        self._rendered.clear()

    def _journey_key(self, journey: Journey) -> str:
        digest = hashlib.sha256(f"{self._site_inputs}\0{journey.id}".encode())
        for file in journey.files:
            digest.update(f"\0{file.display}\0{file.path}\0{file.version!r}".encode())
        digest.update(self.content.snapshots.digest(journey.id).encode())
        # Its pages show where it sits and its sub-journeys' roll-ups and changes.
        hierarchy = self.analysis.hierarchy
        related_journeys = [p.parent for p in hierarchy.trail(journey)]
        related_journeys += [s.journey for s in self.analysis.steps.get(journey.id, [])]
        for related in [*related_journeys, *hierarchy.children(journey)]:
            digest.update(f"\0{related.id}\0{related.versions!r}".encode())
            digest.update(self.content.snapshots.digest(related.id).encode())
        return digest.hexdigest()

    @cached_property
    def _site_inputs(self) -> str:
        """The digest of what every journey's pages read from the rest of the site."""
        content = self.content
        metrics = list(content.metrics.values())
        return SiteInputs(
            settings=repr(self.settings),
            today=content.today.isoformat(),
            markdown=self.markdown_key,
            templates=files_digest(self.override_dirs),
            catalog=repr(
                (
                    content.metrics,
                    content.personas,
                    content.evidence,
                    content.media,
                    content.snapshots.files(),
                )
            ),
            across_journeys=repr(
                (
                    [self.analysis.gaps.scale(metric) for metric in metrics],
                    [
                        (
                            e.anchor,
                            [
                                (c.journey.id, c.journey.current.title, c.stage.id, c.stage.title)
                                for c in e.cited_by
                            ],
                        )
                        for e in self.analysis.library.entries
                    ],
                    sorted(self.templates.moved.items()),
                    # Stage pages and maps show each opportunity's rank among all journeys'.
                    [(r.rank, r.action.anchor, r.score) for r in self.analysis.actions.now.ranked],
                )
            ),
        ).digest()

    def journey_pages(self, journey: Journey) -> Iterator[PageSource]:
        current = journey.current_file
        version = current.version
        flow = Flow(version)
        trends = self.analysis.trends
        stage_trends = {s.id: trends.stage(journey, s.id, s.metrics) for s in version.stages}
        featured = [t for of_stage in stage_trends.values() for t in of_stage]
        journey_trends = trends.journey(journey)
        yield self.templates.page(
            routes.map_page(journey.id),
            "map.md",
            source=current.path,
            meta=map_meta(self.settings),
            journey=journey,
            version=version,
            flow=flow,
            personas=[
                self.content.personas[p] for p in version.personas if p in self.content.personas
            ],
            stage_trends=stage_trends,
            journey_trends=journey_trends,
            satisfaction=self._satisfaction(stage_trends),
            segment_tables=segments.tables(featured, self.content.metrics.values()),
            gaps=self.analysis.gaps.of(featured),
            business=views.business_results(
                journey_trends, featured, self.settings.satisfaction_metric
            ),
            linkable={s.id for s in version.stages},
            mermaid=exports.mermaid_journey(self.content, journey),
            mermaid_tree=exports.mermaid_tree(
                self.analysis.hierarchy, journey, self._absolute_link()
            ),
        )
        yield self.templates.page(
            routes.history_page(journey.id),
            "history.md",
            source=current.path,
            journey=journey,
            history=list(reversed(self.analysis.changes.histories[journey.id])),
        )
        yield from self._version_pages(journey)
        for stage in version.stages:
            yield self.templates.page(
                routes.stage_page(journey.id, stage.id),
                "stage.md",
                source=current.path,
                journey=journey,
                version=version,
                flow=flow,
                stage=stage,
                stage_trends=stage_trends[stage.id],
                earlier_trends=trends.earlier_only(journey, stage.id, stage.metrics),
            )

    def _version_pages(self, journey: Journey) -> Iterator[PageSource]:
        # Stage ids with a page to link to: current stages, and old ones that redirect.
        linkable = {s.id for s in journey.current.stages} | {
            r.stage for r in self.analysis.changes.redirects(journey)
        }
        for file in journey.files:
            yield self.templates.page(
                routes.version_page(journey.id, file.version.version),
                "version.md",
                source=file.path,
                # An old version's stages are searched for on the current ones' pages.
                meta={**map_meta(self.settings), **UNSEARCHED_PAGE},
                journey=journey,
                version=file.version,
                flow=Flow(file.version),
                stage_trends={},
                satisfaction=None,
                linkable=linkable,
            )

    def _absolute_link(self) -> exports.Link | None:
        """Page sources as absolute URLs, for text copied elsewhere; None without site_url."""
        base, directory_urls = self.settings.site_url, self.settings.use_directory_urls
        if not base:
            return None
        return lambda src: (
            base.rstrip("/") + "/" + routes.url_of(src, use_directory_urls=directory_urls)
        )

    def _satisfaction(self, stage_trends: dict[str, list[Trend]]) -> list[float | None] | None:
        """The measured satisfaction per stage on the 1..5 scale, or None without any."""
        metric = self.content.metrics.get(self.settings.satisfaction_metric)
        if metric is None:
            return None
        scores: list[float | None] = []
        for trends in stage_trends.values():
            found = [t for t in trends if t.metric.id == metric.id]
            scores.append(
                views.on_emotion_scale(metric, found[0].headline.latest.value) if found else None
            )
        return scores if any(s is not None for s in scores) else None
