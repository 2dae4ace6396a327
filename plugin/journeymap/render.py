"""Rendering the content into page sources (Markdown with HTML blocks), with Jinja2.

Pages are Markdown so that MkDocs and Material treat them like any other page
(title, table of contents, search, link checking); the structured parts are
HTML blocks, which Markdown leaves alone. Every content string goes through
Jinja's autoescaping; Markdown fields (`description`) are placed as Markdown.

Charts and large HTML blocks (the map, metric trends) do not go through Markdown
at all: a page holds a marker where each goes, and `PageSource.finish` swaps them
in after Markdown has run. Python-Markdown parses raw HTML blocks tag by tag, which
on a large site cost more than rendering them, and gains nothing.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    pass_context,
)
from markupsafe import Markup, escape

from . import exports, inventory, routes, views
from .changes import Changes
from .charts import ChartRenderer, ChartSpec, chart_id
from .flow import Flow
from .formatting import change_text
from .health import KINDS as HEALTH_KINDS
from .health import Health
from .model import Content, Journey
from .problems import ContentError, Problem
from .schema import Metric
from .trends import Trend, Trends, lineage

TEMPLATE_FOLDER = "journeymap"
"""A site overrides a template with a file of the same name in `<custom_dir>/journeymap/`."""


@dataclass(frozen=True)
class PageSource:
    """A generated page: where it goes, its Markdown, and what it was made from."""

    src_uri: str
    markdown: str
    source: Path | None = None
    """The content file that "edit this page" should open."""
    fragments: dict[str, str | Callable[[], str]] = field(default_factory=dict)
    """Marker -> HTML (or a function giving it: charts), swapped in by `finish`."""

    def finish(self, html: str) -> str:
        """The page's HTML with its fragments in place."""
        # Newest first: a fragment (a trend) is registered after those inside it (its
        # chart), so putting it in place first brings their markers in to be replaced.
        for marker, fragment in reversed(self.fragments.items()):
            html = html.replace(marker, fragment() if callable(fragment) else fragment, 1)
        return html


# Characters Python-Markdown treats as syntax in running text (markdown.Markdown.ESCAPED_CHARS).
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")


def markdown_text(value: Any) -> Markup:
    """Plain text made safe inside a Markdown line (a heading, a link's text)."""
    return Markup(_MARKDOWN_SYNTAX.sub(r"\\\1", str(escape(value))))


def markdown_block(value: str | None) -> Markup:
    """A Markdown field placed as its own block, so MkDocs renders it with the site's extensions."""
    if not value:
        return Markup("")
    return Markup(f"\n{value.strip()}\n")


@dataclass(frozen=True)
class Settings:
    """Presentation choices, from the plugin's options."""

    use_directory_urls: bool = True
    min_responses: int = 30
    """Below this many survey responses, a value is shown as low confidence."""
    satisfaction_metric: str = "csat"
    """The metric drawn beside the researched emotion curve on the map."""
    review_every_days: int = 90
    """Review cadence of maps that do not set their own."""
    stale_after_days: int = 45
    """Metrics whose latest snapshot is older than this are stale."""
    site_url: str | None = None
    """The site's public address, for absolute links in the feed, map.json and badges."""
    site_name: str = "journeymap"
    """The project name in objects.inv."""


class Renderer:
    """Renders every page of a loaded `Content`."""

    def __init__(
        self,
        content: Content,
        settings: Settings | None = None,
        *,
        override_dirs: Iterable[Path] = (),
        charts: ChartRenderer | None = None,
    ) -> None:
        self.content = content
        self.settings = settings or Settings()
        self.trends = Trends(content)
        self.changes = Changes(content, self.trends)
        self.health = Health(
            content,
            self.trends,
            review_every_days=self.settings.review_every_days,
            stale_after_days=self.settings.stale_after_days,
        )
        self.charts = charts or ChartRenderer()
        loaders = [FileSystemLoader(str(d)) for d in override_dirs if d.is_dir()]
        self.env = Environment(
            loader=ChoiceLoader([*loaders, PackageLoader("journeymap", "templates")]),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(
            md=markdown_text,
            markdown=markdown_block,
            value=views.value_text,
            change=change_text,
            trend_of=views.trend_of,
            # `{% filter aside %}`: the page being rendered sets the function that keeps it.
            aside=pass_context(lambda context, html: context["aside"](html)),
        )
        self.env.globals.update(
            EMOTIONS=views.EMOTIONS,
            phase_groups=views.phase_groups,
            curve=views.curve,
            emotion_scores=views.emotion_scores,
            chart_id=chart_id,
            change_class=views.change_class,
            routes=routes,
            content=content,
            trends=self.trends,
            changes=self.changes,
            health=self.health,
            HEALTH_KINDS=HEALTH_KINDS,
            settings=self.settings,
            stage_events=lambda journey, stage: views.stage_events(journey, stage, self.changes),
            stage_history=lambda journey, stage: views.stage_history(journey, stage, self.changes),
            before_after=views.before_after,
            lineage=lineage,
            low_confidence=lambda s: views.low_confidence(s, self.settings.min_responses),
            values_table=lambda t: views.values_table(t, self.settings.min_responses),
        )

    def pages(self) -> Iterator[PageSource]:
        """Every page, in a stable order."""
        yield self._page(
            routes.JOURNEYS_INDEX, "journeys.md", journeys=self.content.journeys_by_title()
        )
        for journey in self.content.journeys_by_title():
            yield from self.journey_pages(journey)
        if self.content.metrics:
            yield self._page(routes.METRICS_INDEX, "metrics.md")
            for metric in self.content.metrics.values():
                yield self.metric_page(metric)
        yield self._page(routes.CHANGES, "changes.md", events=self.changes.events)
        yield self._page(routes.HEALTH, "health.md")
        self.charts.draw_pending()

    def files(self) -> Iterator[tuple[str, str | bytes]]:
        """Files that are not pages: feed, inventory, exports, badges, redirect pages."""
        yield routes.FEED, self._feed()
        found = inventory.entries(self.content, use_directory_urls=self.settings.use_directory_urls)
        yield routes.INVENTORY, inventory.objects_inv(found, project=self.settings.site_name)
        for journey in self.content.journeys_by_title():
            link = self._linker(routes.map_json(journey.id))
            yield (
                routes.map_json(journey.id),
                exports.map_json(self.content, journey, self.trends, link),
            )
            yield routes.mermaid_file(journey.id), exports.mermaid_journey(self.content, journey)
            yield from self._badges(journey)
            yield from self._redirects(journey)

    def _badges(self, journey: Journey) -> Iterator[tuple[str, str]]:
        for stage in journey.current.stages:
            path = routes.badge(journey.id, stage.id)
            trends = self.trends.stage(journey, stage.id, stage.metrics)
            href = self._linker(path)(routes.stage_page(journey.id, stage.id))
            yield path, exports.badge_svg(stage.title, trends[0] if trends else None, href)

    def _redirects(self, journey: Journey) -> Iterator[tuple[str, str]]:
        template = self.env.get_template("redirect.html")
        for redirect in self.changes.redirects(journey):
            old = self._url(redirect.old)
            href = routes.relative_url(self._url(redirect.target), old)
            if redirect.fragment:
                href += f"#{redirect.fragment}"
            path = old + "index.html" if old.endswith("/") else old
            yield path, template.render(href=href, reason=redirect.reason)

    def _url(self, src_uri: str) -> str:
        return routes.url_of(src_uri, use_directory_urls=self.settings.use_directory_urls)

    def _linker(self, here: str) -> Callable[..., str]:
        """Links for files read outside the site: absolute from `site_url`, else relative."""
        base = self.settings.site_url

        def link(src_uri: str, fragment: str = "") -> str:
            url = self._url(src_uri) + (f"#{fragment}" if fragment else "")
            return base.rstrip("/") + "/" + url if base else routes.relative_url(url, here)

        return link

    def _feed(self) -> str:
        return self.env.get_template("feed.xml").render(
            events=self.changes.events[:50], link=self._linker(routes.FEED)
        )

    def journey_pages(self, journey: Journey) -> Iterator[PageSource]:
        current = journey.current_file
        version = current.version
        flow = Flow(version)
        stage_trends = {s.id: self.trends.stage(journey, s.id, s.metrics) for s in version.stages}
        yield self._page(
            routes.map_page(journey.id),
            "map.md",
            source=current.path,
            journey=journey,
            version=version,
            flow=flow,
            personas=[
                self.content.personas[p] for p in version.personas if p in self.content.personas
            ],
            stage_trends=stage_trends,
            journey_trends=self.trends.journey(journey),
            satisfaction=self._satisfaction(stage_trends),
            linkable={s.id for s in version.stages},
            mermaid=exports.mermaid_journey(self.content, journey),
        )
        yield self._page(
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
            yield self._page(
                routes.version_page(journey.id, file.version.version),
                "version.md",
                source=file.path,
                journey=journey,
                version=file.version,
                flow=Flow(file.version),
                stage_trends={},
                satisfaction=None,
                linkable=linkable,
            )
        for stage in version.stages:
            yield self._page(
                routes.stage_page(journey.id, stage.id),
                "stage.md",
                source=current.path,
                journey=journey,
                version=version,
                flow=flow,
                stage=stage,
                stage_trends=stage_trends[stage.id],
            )

    def metric_page(self, metric: Metric) -> PageSource:
        trends = self.trends.metric(metric)
        better = metric.better == "higher"
        ranked = sorted(
            (t for t in trends if t.stage is not None),
            key=lambda t: -t.headline.latest.value if better else t.headline.latest.value,
        )
        by_journey = []
        for journey in self.content.journeys_by_title():
            titles = {s.id: s.title for s in journey.current.stages}
            lines = [
                (titles[t.stage] if t.stage else "Whole journey", t.headline)
                for t in trends
                if t.journey == journey.id
            ]
            if lines:
                by_journey.append((journey, lines))
        return self._page(
            routes.metric_page(metric.id),
            "metric.md",
            source=self.content.root / "metrics.yml",
            metric=metric,
            metric_trends=trends,
            ranked=ranked,
            by_journey=by_journey,
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

    def _page(
        self, src_uri: str, template: str, source: Path | None = None, **context: Any
    ) -> PageSource:
        here = routes.url_of(src_uri, use_directory_urls=self.settings.use_directory_urls)
        fragments: dict[str, str | Callable[[], str]] = {}

        def url(target_src: str) -> str:
            """For HTML: the target page's URL relative to this page."""
            target = routes.url_of(target_src, use_directory_urls=self.settings.use_directory_urls)
            return routes.relative_url(target, here)

        def src(target_src: str) -> str:
            """For Markdown links: the target's source path, which MkDocs checks and converts."""
            return posixpath.relpath(target_src, posixpath.dirname(src_uri) or ".")

        def aside(html: str) -> Markup:
            """A marker where `html` goes once Markdown has run (see `PageSource.finish`)."""
            marker = f"<!-- journeymap-fragment {len(fragments)} -->"
            fragments[marker] = html
            return Markup(marker)

        def chart(spec: ChartSpec) -> Markup:
            marker = f"<!-- journeymap-fragment {len(fragments)} -->"
            fragments[marker] = self.charts.request(spec)  # drawn after all pages render
            return Markup(marker)

        markdown = self._render(
            template,
            url=url,
            src=src,
            chart=chart,
            aside=aside,
            trend_chart=views.trend_chart,
            chart_spec=views.chart_spec,
            today=self.content.today,
            **context,
        )
        return PageSource(src_uri, markdown, source, fragments)

    def _render(self, template: str, **context: Any) -> str:
        """A template rendered; a broken (site-overridden) template is a precise problem."""
        try:
            return self.env.get_template(template).render(**context)
        except TemplateSyntaxError as error:
            where = error.filename or error.name or template
            if Path(where).is_absolute():
                where = Path(os.path.relpath(where)).as_posix()
            raise ContentError(
                [Problem(where, error.lineno, "", f"template error: {error.message}")]
            ) from None
        except TemplateError as error:
            raise ContentError([Problem(template, 0, "", f"template error: {error}")]) from None
