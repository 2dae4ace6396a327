"""Every page of the site, rendered from the loaded content and its analysis."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path

from journeymap import routes
from journeymap.analysis import segments
from journeymap.analysis.actions import ActionPlan
from journeymap.analysis.changes import Changes
from journeymap.analysis.evidence import Library
from journeymap.analysis.flow import Flow
from journeymap.analysis.health import KINDS as HEALTH_KINDS
from journeymap.analysis.health import Health
from journeymap.analysis.hierarchy import Hierarchy, roll_up, steps
from journeymap.analysis.teams import OwnedOpportunity, Teams
from journeymap.analysis.trends import Trend, Trends, lineage
from journeymap.content.evidence import LIBRARY_FILE
from journeymap.content.model import Content, Journey
from journeymap.content.schema import Metric
from journeymap.site import exports, landscape, matrix, views
from journeymap.site.charts import ChartRenderer, chart_id
from journeymap.site.files import SiteFiles, redirect_file
from journeymap.site.pages import UNSEARCHED_PAGE, PageSource, Templates
from journeymap.site.sanitise import MarkdownRenderer
from journeymap.site.settings import Settings
from journeymap.site.unchanged import SiteInputs, UnchangedJourneys, files_digest


class Renderer:
    """Renders every page and file of a loaded `Content`."""

    def __init__(
        self,
        content: Content,
        settings: Settings | None = None,
        *,
        override_dirs: Iterable[Path] = (),
        charts: ChartRenderer | None = None,
        markdown: MarkdownRenderer | None = None,
        markdown_key: str = "",
        unchanged: UnchangedJourneys | None = None,
    ) -> None:
        """`markdown` renders Markdown fields (default: `sanitise.markdown_renderer()`),
        with the extensions `markdown_key` names; `unchanged` keeps journeys' pages
        between builds."""
        self.content = content
        self.settings = settings or Settings()
        self.override_dirs = list(override_dirs)
        self.markdown_key = markdown_key
        self.unchanged = unchanged or UnchangedJourneys()
        self._rendered: list[tuple[str, list[PageSource]]] = []
        audience = self.settings.audience
        self.trends = Trends(content, everyone=f"All {audience}")
        self.changes = Changes(
            content, self.trends, audience=audience, audience_one=self.settings.audience_one
        )
        self.health = Health(
            content,
            self.trends,
            review_every_days=self.settings.review_every_days,
            stale_after_days=self.settings.stale_after_days,
            audience_one=self.settings.audience_one,
        )
        self.gaps = segments.Gaps(self.trends)
        self.actions = ActionPlan(content, self.trends, self.settings.audience_one)
        self.hierarchy = Hierarchy(content)
        self.steps = steps(content)
        self.teams = Teams(content, self.health.items)
        self.charts = charts or ChartRenderer()
        self.library = Library(content)
        min_responses = self.settings.min_responses
        self.templates = Templates(
            self.override_dirs,
            self.charts,
            use_directory_urls=self.settings.use_directory_urls,
            source_links=self.settings.source_links,
            moved={
                r.old: redirect_file(r.old, self.settings.use_directory_urls)
                for journey in content.journeys.values()
                for r in self.changes.redirects(journey)
            },
            markdown=markdown,
            EMOTIONS=views.EMOTIONS,
            MAP_LIST_LIMIT=views.MAP_LIST_LIMIT,
            phase_groups=views.phase_groups,
            curve=views.curve,
            emotion_scores=views.emotion_scores,
            persona_emotions=lambda version: views.persona_emotions(version, content.personas),
            persona_lines=views.persona_lines,
            featured_trends=views.featured_trends,
            standing=views.standing,
            arcs=views.arcs,
            ARC_HEIGHT=views.ARC_HEIGHT,
            difference_text=views.difference_text,
            chart_id=chart_id,
            change_class=views.change_class,
            routes=routes,
            content=content,
            trends=self.trends,
            changes=self.changes,
            health=self.health,
            library=self.library,
            actions=self.actions,
            HEALTH_KINDS=HEALTH_KINDS,
            settings=self.settings,
            today=content.today,
            stage_events=lambda journey, stage: views.stage_events(journey, stage, self.changes),
            stage_history=lambda journey, stage: views.stage_history(journey, stage, self.changes),
            before_after=views.before_after,
            lineage=lineage,
            low_confidence=lambda s: views.low_confidence(s, min_responses),
            values_table=lambda t: views.values_table(t, min_responses),
            trend_chart=views.trend_chart,
            chart_spec=views.chart_spec,
            hierarchy=self.hierarchy,
            roll_up=lambda journey: roll_up(journey, self.trends, self.health),
            subjourney_steps=self.steps,
        )

    def pages(self) -> Iterator[PageSource]:
        """Every page, in a stable order."""
        yield self.templates.page(
            routes.JOURNEYS_INDEX,
            "journeys.md",
            meta=self._map_meta(),  # the landscape needs the width as much as a map
            journeys=self.hierarchy.order,
            landscape=landscape.rows(self.content, self.trends, self.health),
            moments=landscape.moments(self.content, self.trends, self.settings.satisfaction_metric),
        )
        for journey in self.content.journeys_by_title():
            yield from self._journey_pages_unless_unchanged(journey)
        if self.content.metrics:
            yield self.templates.page(routes.METRICS_INDEX, "metrics.md")
            for metric in self.content.metrics.values():
                yield self.metric_page(metric)
        library_file = self.content.root / LIBRARY_FILE
        yield self.templates.page(
            routes.ACTIONS,
            "actions.md",
            meta=self._map_meta(),  # a wide table: the width of a map
            matrix=matrix,
            quadrants=matrix.by_quadrant,
        )
        yield self.templates.page(
            routes.EVIDENCE, "evidence.md", source=library_file if library_file.exists() else None
        )
        # Every change is indexed once, on its journey's history page (see UNSEARCHED).
        yield self.templates.page(
            routes.CHANGES, "changes.md", meta=UNSEARCHED_PAGE, events=self.changes.events
        )
        yield self.templates.page(routes.HEALTH, "health.md")
        yield from self.team_pages()
        self.charts.draw_pending()
        for key, pages in self._rendered:
            self.unchanged.keep(key, pages)
        self._rendered.clear()

    def _journey_pages_unless_unchanged(self, journey: Journey) -> Iterator[PageSource]:
        """The journey's pages: the last build's when nothing they are made from changed."""
        key = self._journey_key(journey)
        kept = self.unchanged.get(key)
        if kept is not None:
            self.charts.keep_using(kept.charts)
            return iter(kept.pages)
        pages = list(self.journey_pages(journey))
        self._rendered.append((key, pages))
        return iter(pages)

    def _journey_key(self, journey: Journey) -> str:
        digest = hashlib.sha256(f"{self._site_inputs}\0{journey.id}".encode())
        for file in journey.files:
            digest.update(f"\0{file.display}\0{file.path}\0{file.version!r}".encode())
        digest.update(self.content.snapshots.digest(journey.id).encode())
        # Its pages show where it sits and its sub-journeys' roll-ups and changes.
        hierarchy = self.hierarchy
        related_journeys = [p.parent for p in hierarchy.trail(journey)]
        related_journeys += [s.journey for s in self.steps.get(journey.id, [])]
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
                    [self.gaps.scale(metric) for metric in metrics],
                    [
                        (
                            e.anchor,
                            [
                                (c.journey.id, c.journey.current.title, c.stage.id, c.stage.title)
                                for c in e.cited_by
                            ],
                        )
                        for e in self.library.entries
                    ],
                    sorted(self.templates.moved.items()),
                    # Stage pages and maps show each opportunity's rank among all journeys'.
                    [(r.rank, r.action.anchor, r.score) for r in self.actions.now.ranked],
                )
            ),
        ).digest()

    def files(self) -> Iterator[tuple[str, str | bytes]]:
        """Files that are not pages: feed, inventory, exports, badges, redirect pages."""
        return iter(
            SiteFiles(
                self.content,
                self.trends,
                self.changes,
                self.settings,
                self.templates,
                self.actions,
            )
        )

    def media_files(self) -> Iterator[tuple[str, Path]]:
        """Files to copy as they are: each media file content names, from its checked place.

        Paths rather than bytes: recordings can be large, and the engine copies them.
        Nothing else under `media/` is published.
        """
        for media in self.content.media.values():
            yield routes.media_file(media.path), media.source

    def journey_pages(self, journey: Journey) -> Iterator[PageSource]:
        current = journey.current_file
        version = current.version
        flow = Flow(version)
        stage_trends = {s.id: self.trends.stage(journey, s.id, s.metrics) for s in version.stages}
        featured = [t for trends in stage_trends.values() for t in trends]
        journey_trends = self.trends.journey(journey)
        yield self.templates.page(
            routes.map_page(journey.id),
            "map.md",
            source=current.path,
            meta=self._map_meta(),
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
            gaps=self.gaps.of(featured),
            business=views.business_results(
                journey_trends, featured, self.settings.satisfaction_metric
            ),
            linkable={s.id for s in version.stages},
            mermaid=exports.mermaid_journey(self.content, journey),
            mermaid_tree=exports.mermaid_tree(self.hierarchy, journey, self._absolute_link()),
        )
        yield self.templates.page(
            routes.history_page(journey.id),
            "history.md",
            source=current.path,
            journey=journey,
            history=list(reversed(self.changes.histories[journey.id])),
        )
        # Stage ids with a page to link to: current stages, and old ones that redirect.
        linkable = {s.id for s in version.stages} | {
            r.stage for r in self.changes.redirects(journey)
        }
        for file in journey.files:
            yield self.templates.page(
                routes.version_page(journey.id, file.version.version),
                "version.md",
                source=file.path,
                # An old version's stages are searched for on the current ones' pages.
                meta={**self._map_meta(), **UNSEARCHED_PAGE},
                journey=journey,
                version=file.version,
                flow=Flow(file.version),
                stage_trends={},
                satisfaction=None,
                linkable=linkable,
            )
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
                earlier_trends=self.trends.earlier_only(journey, stage.id, stage.metrics),
            )

    def team_pages(self) -> Iterator[PageSource]:
        """`/teams/` and a page per team: what each owns across the current journeys."""
        yield self.templates.page(routes.TEAMS_INDEX, "teams.md", teams=self.teams)
        for team in self.teams:
            yield self.templates.page(
                routes.team_page(team.name),
                "team.md",
                team=team,
                teams=self.teams,
                opportunities=self._in_rank_order(team.opportunities),
            )

    def _in_rank_order(self, owned: list[OwnedOpportunity]) -> list[OwnedOpportunity]:
        """Open opportunities first, the ranked ones by their rank on the action plan,
        then the others in journey order (as the team's list has them)."""
        ranks = {id(item): self.actions.rank_of(item.opportunity) for item in owned}
        return sorted(
            owned,
            key=lambda item: (
                not item.is_open,
                (ranked := ranks[id(item)]) is None,
                ranked.rank if ranked else 0,
            ),
        )

    def metric_page(self, metric: Metric) -> PageSource:
        trends = self.trends.metric(metric)
        better = metric.better == "higher"
        ranked = sorted(
            (t for t in trends if t.stage is not None),
            key=lambda t: -t.headline.latest.value if better else t.headline.latest.value,
        )
        by_journey = []
        by_segment = []
        for journey in self.content.journeys_by_title():
            of_journey = [t for t in trends if t.journey == journey.id and t.stage is not None]
            table = segments.table(metric, of_journey)
            if table.has_segments:
                by_segment.append((journey, table, self.gaps.of(of_journey)))
            titles = {s.id: s.title for s in journey.current.stages}
            lines = [
                (titles[t.stage] if t.stage else "Whole journey", t.headline)
                for t in trends
                if t.journey == journey.id
            ]
            if lines:
                by_journey.append((journey, lines))
        return self.templates.page(
            routes.metric_page(metric.id),
            "metric.md",
            source=self.content.root / "metrics.yml",
            metric=metric,
            metric_trends=trends,
            ranked=ranked,
            by_journey=by_journey,
            by_segment=by_segment,
        )

    def _absolute_link(self) -> exports.Link | None:
        """Page sources as absolute URLs, for text copied elsewhere; None without site_url."""
        base, directory_urls = self.settings.site_url, self.settings.use_directory_urls
        if not base:
            return None
        return lambda src: (
            base.rstrip("/") + "/" + routes.url_of(src, use_directory_urls=directory_urls)
        )

    def _map_meta(self) -> dict[str, list[str]]:
        """Metadata of map pages and the landscape: the sidebars Material hides for width."""
        return {"hide": list(self.settings.map_hide)} if self.settings.map_hide else {}

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
