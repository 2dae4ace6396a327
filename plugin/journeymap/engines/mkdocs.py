"""The MkDocs adapter: each event hands off to one call into the core.

This is the only module that imports MkDocs. The core (loader, render, routes)
knows nothing of it, so it can be driven by the CLI, tests or another engine.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from journeymap.analysis.health import KINDS as HEALTH_KINDS
from journeymap.analysis.health import Health
from journeymap.content.loader import load_content
from journeymap.content.model import Content, build_date
from journeymap.content.problems import ContentError
from journeymap.formatting import plural
from journeymap.site.charts import ChartRenderer
from journeymap.site.links import Links
from journeymap.site.navigation import NavSection, navigation
from journeymap.site.pages import TEMPLATE_FOLDER, PageSource
from journeymap.site.render import Renderer
from journeymap.site.settings import Settings

log = get_plugin_logger(__name__)

STYLESHEET = "assets/journeymap/journeymap.css"
SCRIPT = "assets/journeymap/journeymap.js"
"""Keyboard access to chart points; the site works without it."""


class JourneyMapConfig(base.Config):
    content_dir = opt.Type(str, default="content")
    """The content folder, relative to the MkDocs config file."""
    min_responses = opt.Type(int, default=30)
    """Survey values with fewer responses are shown as low confidence."""
    satisfaction_metric = opt.Type(str, default="csat")
    """The metric drawn beside the researched emotion curve on each map."""
    review_every_days = opt.Type(int, default=90)
    """Review cadence of maps that do not set `review_every_days`."""
    stale_after_days = opt.Type(int, default=45)
    """Metrics whose latest snapshot is older than this many days are stale."""
    cache_dir = opt.Optional(opt.Type(str))
    """A folder (relative to the config file) for drawn charts and parsed snapshots, to
    keep between CI runs: a rebuild then redoes only what changed."""
    max_media_mb = opt.Type((int, float), default=20)
    """The size limit of one file under the content's media/ folder, in megabytes."""
    map_hide = opt.ListOfItems(
        opt.Choice(("navigation", "toc", "path", "footer", "feedback", "tags")),
        default=["navigation", "toc"],
    )
    """What Material hides on map pages (its `hide` metadata), so the map gets the width."""
    poster_size = opt.Choice(("A3", "A4"), default="A3")
    """The paper a printed map is fitted to, landscape."""
    fail_on = opt.ListOfItems(opt.Choice(tuple(HEALTH_KINDS)), default=[])
    """Health kinds reported as warnings (which fail `mkdocs build --strict`), not info."""


class JourneyMapPlugin(BasePlugin[JourneyMapConfig]):
    def __init__(self) -> None:
        self.content: Content | None = None
        self.content_dir = Path()
        self.pages: dict[str, PageSource] = {}
        self.extra_files: dict[str, str | bytes] = {}
        """Files that are not pages (feed, inventory, exports, redirects): path -> content."""
        self.media_files: dict[str, Path] = {}
        """Media files content names: path in the site -> the file to copy."""
        self.charts = ChartRenderer()
        self.links: Links | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this plugin object across `mkdocs serve` rebuilds,
        # and with it the chart cache: unchanged charts are not drawn again.
        pass

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # Load, check and render everything first: a bad content file or template must
        # stop the build before MkDocs cleans the site folder or spends time on pages.
        started = time.perf_counter()
        config_dir = Path(config.config_file_path or ".").resolve().parent
        self.content_dir = config_dir / self.config.content_dir
        cache = config_dir / self.config.cache_dir if self.config.cache_dir else None
        try:
            today = build_date()
            self.content = load_content(
                self.content_dir,
                display_root=config_dir,
                today=today,
                cache=cache / "snapshots" if cache else None,
                max_media_bytes=int(self.config.max_media_mb * 1000 * 1000),
            )
        except (ContentError, ValueError) as error:  # ValueError: a bad SOURCE_DATE_EPOCH
            raise PluginError(str(error)) from None
        loaded = time.perf_counter()
        settings = Settings(
            use_directory_urls=config.use_directory_urls,
            min_responses=self.config.min_responses,
            satisfaction_metric=self.config.satisfaction_metric,
            review_every_days=self.config.review_every_days,
            stale_after_days=self.config.stale_after_days,
            map_hide=tuple(self.config.map_hide),
            poster_size=self.config.poster_size,
            site_url=config.site_url or None,
            site_name=config.site_name,
        )
        renderer = Renderer(
            self.content,
            settings,
            override_dirs=[Path(d) / TEMPLATE_FOLDER for d in config.theme.dirs],
            charts=self.charts,
        )
        self.charts.cache_dir = cache / "charts" if cache else None
        self.charts.new_build()
        try:
            self.pages = {page.src_uri: page for page in renderer.pages()}
            self.extra_files = dict(renderer.files())
            self.media_files = dict(renderer.media_files())
        except ContentError as error:  # a site's template override that does not compile
            raise PluginError(str(error)) from None
        self.links = Links(self.content, use_directory_urls=config.use_directory_urls)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SCRIPT)
        content = self.content
        snapshots = len({m.date for m in content.measurements})
        stages = sum(len(j.current.stages) for j in content.journeys.values())
        log.info(
            f"loaded {plural(len(content.journeys), 'journey')} ({stages} current stages), "
            f"{plural(snapshots, 'snapshot')} ({len(content.measurements)} values) "
            f"in {loaded - started:.2f} s; generated {len(self.pages)} pages and "
            f"{len(self.extra_files)} files, {plural(len(self.media_files), 'media file')} to "
            f"copy, {self.charts.rendered} charts drawn and "
            f"{self.charts.reused} reused from the last build, "
            f"in {time.perf_counter() - loaded:.2f} s"
        )
        self._report_health(renderer.health)
        return config

    def _report_health(self, health: Health) -> None:
        """Health at INFO; the kinds named in `fail_on` as warnings, one per item."""
        counts = [
            f"{title.lower()}: {len(health.of_kind(kind))}"
            for kind, title in HEALTH_KINDS.items()
            if health.of_kind(kind)
        ]
        if counts:
            log.info("health: " + ", ".join(counts) + " (see /health/)")
        for item in health.items:
            if item.kind in self.config.fail_on:
                log.warning(f"{item.fix_in}: {HEALTH_KINDS[item.kind]}: {item.text}")

    @property
    def loaded(self) -> Content:
        if self.content is None:
            raise PluginError("journeymap: no content loaded (on_config did not run)")
        return self.content

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        for src_uri in [*self.pages, *self.extra_files, *self.media_files]:
            if files.get_file_from_path(src_uri) is not None:
                what = "page" if src_uri in self.pages else "file"
                raise PluginError(
                    f"{config.docs_dir}/{src_uri}: journeymap generates this {what}; "
                    "move or rename the file"
                )
        for page in self.pages.values():
            file = File.generated(
                config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV
            )
            if page.source is not None:
                # "Edit this page" opens the YAML the page was made from.
                file.edit_uri = Path(os.path.relpath(page.source, config.docs_dir)).as_posix()
            files.append(file)
        for path, text in self.extra_files.items():
            files.append(File.generated(config, path, content=text))
        for path, source in self.media_files.items():
            files.append(File.generated(config, path, abs_src_path=str(source)))
        assets = package_files("journeymap.site") / "assets"
        for path in (STYLESHEET, SCRIPT):
            asset = assets / path.rsplit("/", 1)[-1]
            files.append(File.generated(config, path, content=asset.read_bytes()))
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        source = self.pages.get(page.file.src_uri)
        if source is not None:
            page.meta.update(source.meta)  # as if the page had it as front matter
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.links is None:
            return html
        html, unresolved = self.links.rewrite(html, page.url)
        for link in unresolved:
            log.warning(
                f"{_shown(page, config)}: unknown link target '{link.target}': {link.reason}"
            )
        return html

    # After the search plugin (priority 0) has indexed the page: charts, the map and
    # metric trends are set-aside fragments that search would only have to parse and
    # skip (on a large site that parsing was most of the build), so they go in now.
    @event_priority(-100)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        source = self.pages.get(page.file.src_uri)
        if source is not None and page.content is not None:
            page.content = source.finish(page.content)
        return context

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        items = nav.items
        for entry in navigation(self.loaded):
            if isinstance(entry, str):
                items = _place(items, _page(files, entry), entry)
            else:
                items = _place(items, _section(files, entry), entry.index)
        return _navigation(items)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer | None:
        server.watch(str(self.content_dir))
        return server


def _shown(page: Page, config: MkDocsConfig) -> str:
    """The page's source as the author knows it: its file in docs_dir, or its generated path."""
    if page.file.abs_src_path and page.file.generated_by is None:
        config_dir = Path(config.config_file_path or ".").resolve().parent
        return Path(os.path.relpath(page.file.abs_src_path, config_dir)).as_posix()
    return page.file.src_uri


def _page(files: Files, src_uri: str) -> Page:
    file = files.get_file_from_path(src_uri)
    if file is None or file.page is None:
        raise PluginError(f"journeymap: the generated page {src_uri} went missing")
    return file.page


def _section(files: Files, section: NavSection) -> Section:
    children = [
        _page(files, item) if isinstance(item, str) else _section(files, item)
        for item in section.items
    ]
    return Section(section.title, [_page(files, section.index), *children])


def _place(items: list[Any], section: Section | Page, index: str) -> list[Any]:
    """Put a section (or page) where the site's nav names its index page, else at the end."""
    placed: list[Any] = []
    found = False
    for item in items:
        if isinstance(item, Page) and item.file.src_uri == index:
            placed.append(section)
            found = True
        elif isinstance(item, Section) and _contains(item, index):
            item.children = _place(item.children, section, index)
            placed.append(item)
            found = True
        else:
            placed.append(item)
    return placed if found else [*placed, section]


def _contains(section: Section, src_uri: str) -> bool:
    return any(
        (isinstance(c, Page) and c.file.src_uri == src_uri)
        or (isinstance(c, Section) and _contains(c, src_uri))
        for c in section.children
    )


def _navigation(items: list[Any]) -> Navigation:
    """A Navigation with parents and previous/next links, as MkDocs builds it."""
    pages: list[Page] = []

    def walk(children: list[Any], parent: Section | None) -> None:
        for child in children:
            child.parent = parent
            if isinstance(child, Section):
                walk(child.children, child)
            elif isinstance(child, Page):
                pages.append(child)

    walk(items, None)
    for index, page in enumerate(pages):
        page.previous_page = pages[index - 1] if index else None
        page.next_page = pages[index + 1] if index + 1 < len(pages) else None
    return Navigation(items, pages)
