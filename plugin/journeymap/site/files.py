"""The files of the site that are not pages: feed, inventory, exports, badges, values,
redirects."""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator

from journeymap import routes
from journeymap.analysis.actions import ActionPlan
from journeymap.analysis.changes import Changes
from journeymap.analysis.hierarchy import Hierarchy
from journeymap.analysis.trends import Trends
from journeymap.content.model import Content, Journey
from journeymap.site import exports, inventory
from journeymap.site.pages import Templates
from journeymap.site.settings import Settings

Made = Callable[[], str | bytes]
"""A file's text (or bytes), made when called: an engine makes each as it writes it."""


class SiteFiles:
    """Every file beside the pages, as (path in the site, `Made`).

    Made one by one as the engine writes them, not all before: a large site's values
    files alone were hundreds of MB, held from the start of the build to the end.
    """

    def __init__(
        self,
        content: Content,
        trends: Trends,
        changes: Changes,
        settings: Settings,
        templates: Templates,
        actions: ActionPlan,
    ) -> None:
        self.content = content
        self.actions = actions
        self.trends = trends
        self.changes = changes
        self.settings = settings
        self.templates = templates

    def __iter__(self) -> Iterator[tuple[str, Made]]:
        # Made later, in the language of this build (the feed's labels, say).
        context = contextvars.copy_context()
        for path, make in self._files():
            yield path, functools.partial(context.run, make)

    def _files(self) -> Iterator[tuple[str, Made]]:
        yield routes.FEED, self._feed
        found = inventory.entries(self.content, use_directory_urls=self.settings.use_directory_urls)
        yield (
            routes.INVENTORY,
            functools.partial(inventory.objects_inv, found, project=self.settings.site_name),
        )
        link = self._linker(routes.ACTIONS_CSV)
        yield routes.ACTIONS_CSV, functools.partial(exports.actions_csv, self.actions.now, link)
        tree = Hierarchy(self.content)
        for journey in self.content.journeys_by_title():
            link = self._linker(routes.map_json(journey.id))
            yield (
                routes.map_json(journey.id),
                functools.partial(exports.map_json, self.content, journey, self.trends, link, tree),
            )
            yield (
                routes.mermaid_file(journey.id),
                functools.partial(exports.mermaid_journey, self.content, journey),
            )
            absolute = self._linker("") if self.settings.site_url else None  # links copied away
            diagram = exports.mermaid_tree(tree, journey, absolute)
            if diagram is not None:
                yield routes.mermaid_tree(journey.id), functools.partial(str, diagram)
            yield from self._stage_files(journey)
            yield from self._redirects(journey)

    def _stage_files(self, journey: Journey) -> Iterator[tuple[str, Made]]:
        """Each stage's badge, and every value of its metrics (its page shows the latest)."""
        journey_trends = self.trends.journey(journey)
        if journey_trends:
            values = functools.partial(exports.values_csv, journey_trends)
            yield routes.journey_values(journey.id), values
        for stage in journey.current.stages:
            path = routes.badge(journey.id, stage.id)
            trends = self.trends.stage(journey, stage.id, stage.metrics)
            href = self._linker(path)(routes.stage_page(journey.id, stage.id))
            headline = trends[0] if trends else None
            yield path, functools.partial(exports.badge_svg, stage.title, headline, href)
            shown = trends + self.trends.earlier_only(journey, stage.id, stage.metrics)
            if shown:
                values = functools.partial(exports.values_csv, shown)
                yield routes.stage_values(journey.id, stage.id), values

    def _redirects(self, journey: Journey) -> Iterator[tuple[str, Made]]:
        template = self.templates.env.get_template("redirect.html")
        for redirect in self.changes.redirects(journey):
            old = self._url(redirect.old)
            href = routes.relative_url(self._url(redirect.target), old)
            if redirect.fragment:
                href += f"#{redirect.fragment}"
            path = routes.file_of(redirect.old, use_directory_urls=self.settings.use_directory_urls)
            yield path, functools.partial(template.render, href=href, reason=redirect.reason)

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
        return self.templates.env.get_template("feed.xml").render(
            events=self.changes.events[:50], link=self._linker(routes.FEED)
        )
