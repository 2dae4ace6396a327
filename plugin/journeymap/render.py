"""Rendering the content into page sources (Markdown with HTML blocks), with Jinja2.

Pages are Markdown so that MkDocs and Material treat them like any other page
(title, table of contents, search, link checking); the structured parts are
HTML blocks, which Markdown leaves alone. Every content string goes through
Jinja's autoescaping; Markdown fields (`description`) are placed as Markdown.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from . import routes
from .flow import Flow
from .model import Content, Journey, VersionFile
from .schema import JourneyVersion, Stage

TEMPLATE_FOLDER = "journeymap"
"""A site overrides a template with a file of the same name in `<custom_dir>/journeymap/`."""

EMOTIONS = {1: "Frustrated", 2: "Unhappy", 3: "Neutral", 4: "Pleased", 5: "Delighted"}


@dataclass(frozen=True)
class PageSource:
    """A generated page: where it goes, its Markdown, and the file it was made from."""

    src_uri: str
    markdown: str
    source: VersionFile | None = None


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


class Renderer:
    """Renders every page of a loaded `Content`."""

    def __init__(
        self,
        content: Content,
        *,
        use_directory_urls: bool = True,
        override_dirs: Iterable[Path] = (),
    ) -> None:
        self.content = content
        self.use_directory_urls = use_directory_urls
        loaders = [FileSystemLoader(str(d)) for d in override_dirs if d.is_dir()]
        self.env = Environment(
            loader=ChoiceLoader([*loaders, PackageLoader("journeymap", "templates")]),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["md"] = markdown_text
        self.env.filters["markdown"] = markdown_block
        self.env.globals.update(
            EMOTIONS=EMOTIONS, phase_groups=phase_groups, emotion_curve=emotion_curve
        )

    def pages(self) -> Iterator[PageSource]:
        """Every page, in a stable order: the index, then per journey its map and stages."""
        yield self._page(
            routes.JOURNEYS_INDEX, "journeys.md", journeys=self.content.journeys_by_title()
        )
        for journey in self.content.journeys.values():
            yield from self.journey_pages(journey)

    def journey_pages(self, journey: Journey) -> Iterator[PageSource]:
        current = journey.current_file
        flow = Flow(current.version)
        yield self._page(
            routes.map_page(journey.id),
            "map.md",
            source=current,
            journey=journey,
            version=current.version,
            flow=flow,
            personas=[
                self.content.personas[p]
                for p in current.version.personas
                if p in self.content.personas
            ],
        )
        for stage in current.version.stages:
            yield self._page(
                routes.stage_page(journey.id, stage.id),
                "stage.md",
                source=current,
                journey=journey,
                version=current.version,
                flow=flow,
                stage=stage,
            )

    def _page(
        self, src_uri: str, template: str, source: VersionFile | None = None, **context: Any
    ) -> PageSource:
        here = routes.url_of(src_uri, use_directory_urls=self.use_directory_urls)

        def url(target_src: str) -> str:
            """For HTML: the target page's URL relative to this page."""
            target = routes.url_of(target_src, use_directory_urls=self.use_directory_urls)
            return routes.relative_url(target, here)

        def src(target_src: str) -> str:
            """For Markdown links: the target's source path, which MkDocs checks and converts."""
            return posixpath.relpath(target_src, posixpath.dirname(src_uri) or ".")

        markdown = self.env.get_template(template).render(
            url=url,
            src=src,
            routes=routes,
            today=self.content.today,
            metrics=self.content.metrics,
            **context,
        )
        return PageSource(src_uri, markdown, source)


def phase_groups(version: JourneyVersion) -> list[tuple[str | None, list[Stage]]]:
    """Consecutive stages grouped by phase title (None for stages without a phase)."""
    titles = {phase.id: phase.title for phase in version.phases}
    groups: list[tuple[str | None, list[Stage]]] = []
    for stage in version.stages:
        title = titles.get(stage.phase) if stage.phase else None
        if groups and groups[-1][0] == title:
            groups[-1][1].append(stage)
        else:
            groups.append((title, [stage]))
    return groups


@dataclass(frozen=True)
class CurvePoint:
    """One stage's piece of the emotion curve, in a 100x100 box stretched over its cell.

    Each cell draws from its left edge (halfway from the previous stage's height) to
    its centre and on to its right edge, so the pieces join into one curve across
    the map whatever the column widths.
    """

    score: int
    y: float
    left: float | None
    right: float | None


def _height(score: int) -> float:
    return 85 - (score - 1) * 17.5  # 1 (frustrated) low in the box, 5 (delighted) high


def emotion_curve(version: JourneyVersion) -> list[CurvePoint | None]:
    scores = [stage.emotion.score if stage.emotion else None for stage in version.stages]
    points: list[CurvePoint | None] = []
    for index, score in enumerate(scores):
        if score is None:
            points.append(None)
            continue
        y = _height(score)
        before = scores[index - 1] if index > 0 else None
        after = scores[index + 1] if index + 1 < len(scores) else None
        left = (y + _height(before)) / 2 if before is not None else None
        right = (y + _height(after)) / 2 if after is not None else None
        points.append(CurvePoint(score, y, left, right))
    return points
