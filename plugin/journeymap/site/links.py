"""`journey:` and `metric:` links: resolved to page URLs after Markdown has run.

Links are rewritten in the page's HTML, where Markdown has already told code from
links: `journey:x` inside a code block is text, never a link. A target that does
not exist is reported (the adapter turns it into a warning, fatal under --strict).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from journeymap import routes
from journeymap.analysis.trends import lineage
from journeymap.content.model import Content
from journeymap.content.problems import did_you_mean

_LINK = re.compile(r'href="(journey|metric):([^"#]*)(#[^"]*)?"')
_VERSION = re.compile(r"^v(\d+)$")


@dataclass(frozen=True)
class Unresolved:
    target: str
    reason: str


class Links:
    """Resolves `journey:` and `metric:` targets of one content folder."""

    def __init__(
        self, content: Content, *, use_directory_urls: bool, source_links: bool = False
    ) -> None:
        self.content = content
        self.use_directory_urls = use_directory_urls
        self.source_links = source_links
        """Rewrite to the target's source path relative to the page's (see `Settings`)."""

    def source_of(self, scheme: str, target: str) -> str | Unresolved:
        """The page source a link target names, or why it names none."""
        if scheme == "metric":
            if target in self.content.metrics:
                return routes.metric_page(target)
            return Unresolved(
                f"metric:{target}", "no such metric" + did_you_mean(target, self.content.metrics)
            )
        journey_id, _, rest = target.strip("/").partition("/")
        journey = self.content.journeys.get(journey_id)
        if journey is None:
            return Unresolved(
                f"journey:{target}",
                "no such journey" + did_you_mean(journey_id, self.content.journeys),
            )
        if not rest:
            return routes.map_page(journey.id)
        if rest == "history":
            return routes.history_page(journey.id)
        version = _VERSION.match(rest)
        if version and 1 <= int(version[1]) <= len(journey.versions):
            return routes.version_page(journey.id, int(version[1]))
        for stage in journey.current.stages:  # current ids first, then ids they replaced
            if rest == stage.id:
                return routes.stage_page(journey.id, stage.id)
        for stage in journey.current.stages:
            if rest in lineage(journey, stage.id):
                return routes.stage_page(journey.id, stage.id)
        known = [s.id for s in journey.current.stages] + ["history"]
        return Unresolved(
            f"journey:{target}",
            f"no such page of journey '{journey.id}'" + did_you_mean(rest, known),
        )

    def rewrite(self, page_html: str, page_url: str) -> tuple[str, list[Unresolved]]:
        """The page with its journey:/metric: links made relative URLs, and the unresolved.

        With `source_links`, `page_url` is the page's source path and links name sources.
        """
        missing: list[Unresolved] = []

        def replace(match: re.Match[str]) -> str:
            scheme, target = match[1], html.unescape(match[2])
            found = self.source_of(scheme, target)
            if isinstance(found, Unresolved):
                missing.append(found)
                return match[0]
            url = (
                found
                if self.source_links
                else routes.url_of(found, use_directory_urls=self.use_directory_urls)
            )
            return f'href="{routes.relative_url(url, page_url)}{match[3] or ""}"'

        return _LINK.sub(replace, page_html), missing
