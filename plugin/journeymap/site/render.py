"""Every page of the site, rendered from the loaded content and its analysis."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from journeymap import routes
from journeymap.analysis.health import KINDS as HEALTH_KINDS
from journeymap.analysis.hierarchy import roll_up
from journeymap.analysis.trends import lineage
from journeymap.content.build_cache import BuildCache
from journeymap.content.model import Content
from journeymap.site import views
from journeymap.site.charts import ChartRenderer, chart_id
from journeymap.site.files import Made, SiteFiles
from journeymap.site.journey_pages import JourneyPages
from journeymap.site.pages import PageSource, Templates
from journeymap.site.sanitise import MarkdownRenderer
from journeymap.site.settings import Settings
from journeymap.site.site_analysis import SiteAnalysis, analyse
from journeymap.site.site_pages import SitePages


class Renderer:
    """Renders every page and file of a loaded `Content`."""

    def __init__(
        self,
        content: Content,
        settings: Settings | None = None,
        *,
        override_dirs: Iterable[Path] = (),
        markdown: MarkdownRenderer | None = None,
        markdown_key: str = "",
        cache: BuildCache | None = None,
    ) -> None:
        """`markdown` renders Markdown fields (default: `sanitise.markdown_renderer()`),
        with the extensions `markdown_key` names; the build `cache` keeps charts and
        journeys' pages between builds."""
        self.content = content
        self.settings = settings or Settings()
        self.analysis = analyse(content, self.settings)
        # What the engines and tests read of the analysis.
        self.trends = self.analysis.trends
        self.changes = self.analysis.changes
        self.health = self.analysis.health
        self.actions = self.analysis.actions
        cache = cache or BuildCache()
        self.charts = ChartRenderer(cache)
        override_dirs = list(override_dirs)
        self.templates = _templates(
            content, self.settings, self.analysis, override_dirs, self.charts, markdown
        )
        self.journeys = JourneyPages(
            content,
            self.settings,
            self.analysis,
            self.templates,
            self.charts,
            override_dirs=override_dirs,
            markdown_key=markdown_key,
            cache=cache,
        )
        self.site_wide = SitePages(content, self.settings, self.analysis, self.templates)

    def pages(self) -> Iterator[PageSource]:
        """Every page, in a stable order."""
        yield self.site_wide.landscape_page()
        for journey in self.content.journeys_by_title():
            yield from self.journeys.unless_unchanged(journey)
        yield from self.site_wide.after_journeys()
        self.charts.draw_pending()
        self.journeys.keep_rendered()

    def files(self) -> Iterator[tuple[str, Made]]:
        """Files that are not pages: feed, inventory, exports, badges, redirect pages; each
        made when called (`Made`)."""
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


def _templates(
    content: Content,
    settings: Settings,
    analysis: SiteAnalysis,
    override_dirs: list[Path],
    charts: ChartRenderer,
    markdown: MarkdownRenderer | None,
) -> Templates:
    """The page templates, with what they read: views' helpers, the content, its analysis."""
    changes, min_responses = analysis.changes, settings.min_responses
    return Templates(
        override_dirs,
        charts,
        use_directory_urls=settings.use_directory_urls,
        source_links=settings.source_links,
        moved={
            r.old: routes.file_of(r.old, use_directory_urls=settings.use_directory_urls)
            for journey in content.journeys.values()
            for r in changes.redirects(journey)
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
        trends=analysis.trends,
        changes=changes,
        health=analysis.health,
        library=analysis.library,
        actions=analysis.actions,
        HEALTH_KINDS=HEALTH_KINDS,
        settings=settings,
        today=content.today,
        stage_events=lambda journey, stage: views.stage_events(journey, stage, changes),
        stage_history=lambda journey, stage: views.stage_history(journey, stage, changes),
        before_after=views.before_after,
        lineage=lineage,
        low_confidence=lambda s: views.low_confidence(s, min_responses),
        values_table=lambda t: views.values_table(t, min_responses),
        VALUES_SHOWN=views.VALUES_SHOWN,
        trend_chart=views.trend_chart,
        chart_spec=views.chart_spec,
        hierarchy=analysis.hierarchy,
        roll_up=lambda journey: roll_up(journey, analysis.trends, analysis.health),
        subjourney_steps=analysis.steps,
    )
