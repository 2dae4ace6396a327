"""The MkDocs adapter: each MkDocs event becomes a call or two into the modules that do
the work (`mkdocs_build`, `mkdocs_files`, `nav_placement`, `mkdocs_pages`, `crossrefs`).

The priorities of the events are the adapter's own concern: they place journeymap
among the other plugins of a site. Only the engines package imports MkDocs; the core
(loader, render, routes) knows nothing of it, so it can be driven by the CLI, tests or
another engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.config import base
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from journeymap.content.build_cache import BuildCache
from journeymap.engines import languages, mkdocs_pages
from journeymap.engines.crossrefs import merge_inventory, name_pages
from journeymap.engines.mkdocs_build import MkDocsBuild, tell_converted
from journeymap.engines.mkdocs_files import add_files
from journeymap.engines.nav_placement import (
    AFTER_LANGUAGES,
    AFTER_NAV_PLUGINS,
    EARLY,
    place_sections,
    placement,
    show_index_pages,
)
from journeymap.engines.search_dialog import name_search_dialog
from journeymap.site.options import OPTIONS, Options, problems
from journeymap.site.pages import PageSource


def _placing_at(priority: int) -> Callable[..., Navigation]:
    """An on_nav handler that places journeymap's sections if `priority` is the time."""

    @event_priority(priority)
    def place(
        plugin: JourneyMapPlugin, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation:
        now = plugin.now
        if now.failed or placement(config.plugins) != priority:
            return nav
        return place_sections(nav, config, files, now.sections(config), now.pages)

    return place


class _Given(base.BaseConfigOption[Any]):
    """An option as mkdocs.yml gives it: `options.problems` checks it with the others, as
    `journeymap generate` does, so that both engines refuse the same values alike."""

    def __init__(self, default: Any) -> None:
        super().__init__()
        self.default = list(default) if isinstance(default, tuple) else default  # as YAML


class _Checked(base.Config):
    def validate(self) -> tuple[base.ConfigErrors, base.ConfigWarnings]:
        failed, warnings = super().validate()
        failed += [(key, base.ValidationError(why)) for key, why in problems(self)]
        return failed, warnings


# Derived from the one declaration of the options (site/options.py): nothing to add here.
JourneyMapConfig: type[base.Config] = type(
    "JourneyMapConfig", (_Checked,), {option.name: _Given(option.default) for option in OPTIONS}
)


# mypy cannot see a class made at run time; the options are read through `Options.of`.
class JourneyMapPlugin(BasePlugin[JourneyMapConfig]):  # type: ignore[valid-type]
    def __init__(self) -> None:
        # Kept from build to build (`mkdocs serve`): what did not change is not parsed,
        # drawn, rendered or converted again.
        self.cache = BuildCache()
        self.serving = False
        """Under `mkdocs serve`: content problems are shown in the browser, not fatal."""
        self.one_build = False
        """MkDocs said it builds once (`mkdocs build`, `gh-deploy`): what would be kept
        for the next build is let go as soon as this one is done with it."""
        self.now = MkDocsBuild()
        """This build's content, pages and files, made anew by `on_config`."""

    @property
    def pages(self) -> dict[str, PageSource]:
        """This build's pages, by src_uri."""
        return self.now.pages

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this plugin object across `mkdocs serve` rebuilds,
        # and with it the build cache.
        self.serving = command == "serve"
        self.one_build = command != "serve"  # `mkdocs serve --clean` says "build": see on_serve

    # Late, after the plugins that change the config: Material's offline plugin turns
    # use_directory_urls off in its own on_config, and every link journeymap writes
    # depends on it.
    @event_priority(-50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # A rebuild (`mkdocs serve`) lets the last build's pages go first: holding two
        # builds' pages at once is what a large site's rebuild spent its time on.
        self.now = MkDocsBuild(served=self.now.served)
        options = Options.of(self.config)
        self.now.make(config, options, self.cache, serving=self.serving, one_build=self.one_build)
        return config

    def _on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if languages.PLUGIN not in config.plugins:
            add_files(files, config, self.now)
        return files

    # mkdocs-static-i18n rebuilds the file list in its own on_files (priority -100) and
    # expects every page to be a file in docs_dir: with it, the generated pages join
    # the list it made, in every language's build, into that language's folder.
    @event_priority(-110)
    def _on_files_after_i18n(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if languages.PLUGIN in config.plugins:
            add_files(files, config, self.now)
        return files

    on_files = CombinedEvent(_on_files, _on_files_after_i18n)

    # Before the plugins that build a nav from the files (awesome-nav, priority 100):
    # the index pages where journeymap's sections go are shown to them, so that the
    # site's nav can name them (`journeys/index.md`); place_sections puts them back.
    @event_priority(110)
    def _on_nav_show_indexes(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation:
        show_index_pages(files, self.now.sections(config))
        return nav

    on_nav = CombinedEvent(
        _on_nav_show_indexes,
        _placing_at(EARLY),
        _placing_at(AFTER_NAV_PLUGINS),
        _placing_at(AFTER_LANGUAGES),
    )

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page | None:
        if page.file.src_uri in self.now.pages:
            self.now.converter.serve(page)
        return page

    # Before mkdocs-macros (priority 0), which renders every page as a Jinja template
    # unless its meta says not to: journey text is content, never a template to run.
    @event_priority(100)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        mkdocs_pages.with_meta(page, self.now.pages)
        return markdown

    # First, so that every plugin after Markdown (search among them) sees the whole page.
    @event_priority(100)
    def _on_page_content_html(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        return mkdocs_pages.with_html(html, page, self.now.pages)

    def _on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        return mkdocs_pages.linked(html, page, config, self.now)

    on_page_content = CombinedEvent(_on_page_content_html, _on_page_content)

    # After the search plugin (priority 0) has indexed the page.
    @event_priority(-100)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        mkdocs_pages.searched(page, self.now.pages)
        return context

    def _on_env_names(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Names of journeymap's pages for autorefs, before it applies them (priority -50)."""
        if not self.now.failed:
            name_pages(config, self.now.loaded)
        return env

    # After mkdocstrings wrote its objects.inv (in on_env, priority -20), before MkDocs
    # writes the site's files, journeymap's objects.inv among them.
    @event_priority(-30)
    def _on_env_inventory(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if not self.now.failed:
            merge_inventory(config, files, self.now.loaded)
        return env

    on_env = CombinedEvent(_on_env_names, _on_env_inventory)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        tell_converted(self.now.converter)
        self.cache.sweep()  # the end of the build: what it did not use goes

    # First, so that other plugins (a minifier that drops comments, the fragments'
    # markers) get the whole page.
    @event_priority(100)
    def _on_post_page_fragments(
        self, output: str, /, *, page: Page, config: MkDocsConfig
    ) -> str | None:
        return mkdocs_pages.with_fragments(output, page, self.now.pages)

    def _on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        return mkdocs_pages.finished(output, page, self.now.pages)

    on_post_page = CombinedEvent(_on_post_page_fragments, _on_post_page)

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        return name_search_dialog(output_content)  # 404.html

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer | None:
        server.watch(str(self.now.content_folder))
        self.one_build = False  # rebuilds follow, even when on_startup said "build"
        return server
