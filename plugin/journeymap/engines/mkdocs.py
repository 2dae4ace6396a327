"""The MkDocs adapter: each event hands off to one call into the core.

This is the only module that imports MkDocs. The core (loader, render, routes)
knows nothing of it, so it can be driven by the CLI, tests or another engine.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Container
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from journeymap import routes
from journeymap.analysis.health import Health
from journeymap.content.loader import Parsed
from journeymap.content.model import Content
from journeymap.content.problems import ContentError
from journeymap.content.snapshots import future_snapshots
from journeymap.engines import languages
from journeymap.engines.build import (
    NAV_WEIGHT,
    SCRIPT,
    STYLESHEET,
    SiteConfig,
    assets,
    build,
    health_report,
    unreadable_cache,
)
from journeymap.engines.crossrefs import register_names
from journeymap.engines.manifest import MANIFEST, generated_by_zensical
from journeymap.engines.neighbours import lacking
from journeymap.engines.page_dates import page_dates
from journeymap.engines.redirects import colliding_redirects
from journeymap.engines.rendered import ConvertedPages
from journeymap.engines.revision_dates import date_generated_pages
from journeymap.engines.search_dialog import name_search_dialog
from journeymap.formatting import plural
from journeymap.site import inventory
from journeymap.site.charts import ChartRenderer
from journeymap.site.links import Links
from journeymap.site.navigation import NavSection, navigation
from journeymap.site.options import OPTIONS, Options, problems
from journeymap.site.pages import PageSource, after_search, unsearched_sections
from journeymap.site.sanitise import markdown_renderer, safe_extensions
from journeymap.site.unchanged import UnchangedJourneys

log = get_plugin_logger(__name__)

AWESOME_PAGES = "awesome-pages"


def _placing_at(priority: int) -> Callable[..., Navigation]:
    """An on_nav handler that places journeymap's sections if `priority` is the time."""

    @event_priority(priority)
    def place(
        plugin: JourneyMapPlugin, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation:
        if plugin.failed or plugin._placement(config) != priority:
            return nav
        return plugin._place_sections(nav, config, files)

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
        self.content: Content | None = None
        self.options = Options()
        """The options of this build, as `on_config` read them from the config."""
        self.content_dir = Path()
        self.pages: dict[str, PageSource] = {}
        self.extra_files: dict[str, str | bytes] = {}
        """Files that are not pages (feed, inventory, exports, redirects): path -> content."""
        self.media_files: dict[str, Path] = {}
        """Media files content names: path in the site -> the file to copy."""
        self.charts = ChartRenderer()
        self.parsed = Parsed()
        self.converted = ConvertedPages()
        self.unchanged = UnchangedJourneys()
        self.links: Links | None = None
        self.language_folder = ""
        """The folder of the language being built, with mkdocs-static-i18n."""
        self.generated: list[str] = []
        """Files in docs_dir that `journeymap generate` wrote (for Zensical): not the site's."""
        self.serving = False
        """Under `mkdocs serve`: content problems are shown in the browser, not fatal."""
        self.failed: ContentError | None = None
        """The content problems of this build, when serving (the pages then list them)."""
        self.served: list[str] = []
        """The pages of the last good build, for a failed one to answer at their URLs."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this plugin object across `mkdocs serve` rebuilds,
        # and with it the charts drawn and the files parsed: what did not change is
        # not drawn or parsed again.
        self.serving = command == "serve"

    # Late, after the plugins that change the config: Material's offline plugin turns
    # use_directory_urls off in its own on_config, and every link journeymap writes
    # depends on it.
    @event_priority(-50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # Load, check and render everything first: a bad content file or template must
        # stop the build before MkDocs cleans the site folder or spends time on pages.
        config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
        config_dir = config_file.parent
        self.options = options = Options.of(self.config)
        self.content_dir = config_dir / options.content_dir
        if not self.content_dir.is_dir():
            raise PluginError(
                f"{config_file.name}: plugins.journeymap.content_dir: the content folder "
                f"{self.content_dir} does not exist ('{options.content_dir}' is relative "
                f"to the folder of {config_file}); create it or correct content_dir"
            )
        # Markdown fields use the site's extensions that only format text.
        markdown_extensions = safe_extensions(config.markdown_extensions)
        site = SiteConfig(
            config_dir=config_dir,
            site_name=config.site_name,
            site_url=config.site_url or None,
            use_directory_urls=config.use_directory_urls,
            theme_dirs=tuple(Path(d) for d in config.theme.dirs),
            markdown=markdown_renderer(markdown_extensions),
            markdown_key=repr(markdown_extensions),
        )
        # A rebuild (`mkdocs serve`) lets the last build's pages go first: holding two
        # builds' pages at once is what a large site's rebuild spent its time on.
        self.content, self.links, self.failed = None, None, None
        self.pages, self.extra_files, self.media_files = {}, {}, {}
        cache_dir = options.cache_dir
        self.converted.folder = config_dir / cache_dir / "pages" if cache_dir else None
        self.converted.new_build()
        try:
            built = build(options, site, self.charts, parsed=self.parsed, unchanged=self.unchanged)
        # ValueError: a bad SOURCE_DATE_EPOCH; ContentError: content, or a site's template
        # override that does not compile.
        except (ContentError, ValueError) as error:
            if self.serving and isinstance(error, ContentError):
                self._serve_problems(error)
                return config
            raise PluginError(str(error)) from None
        self.content = built.content
        self.pages = built.pages
        self.served = list(self.pages)
        self.extra_files = built.files
        self.media_files = built.media
        self.links = Links(self.content, use_directory_urls=config.use_directory_urls)
        self._check_redirects(config, config_file.name)
        self.generated = generated_by_zensical(Path(config.docs_dir))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SCRIPT)
        log.info(built.summary)
        for note in self.content.ignored:
            log.info(note)
        self._report_health(built.health)
        for warning in future_snapshots(self.content.snapshots, self.content.today):
            log.warning(warning)
        # The parent moved on: said in the log, never a failure by itself, even under
        # --strict; its health item (orphaned_subjourneys) fails the build if fail_on says so.
        for notice in self.content.notices:
            log.info(f"warning: {notice}")
        if not config.site_url:
            log.warning(
                "site_url is not set in the MkDocs config: the feed (changes/feed.xml), "
                "map.json and badges can only link relatively, which feed readers and other "
                "sites cannot follow; set it to the site's address, like "
                "site_url: https://journeys.example.com/"
            )
        return config

    def _serve_problems(self, error: ContentError) -> None:
        """Under `mkdocs serve`: the build goes on, and every page, the last good build's
        journeymap pages among them, lists the problems; the browser reloads to show
        them, and again once they are fixed (a build stopped here would leave it waiting).
        """
        log.error(f"{error}\n(every page of the site being served lists these problems)")
        self.failed = error
        stand_in = "# Content problems\n"
        uris = self.served or [routes.JOURNEYS_INDEX]
        self.pages = {
            uri: PageSource(uri, stand_in, meta={"title": "Content problems"}) for uri in uris
        }

    def _problems_html(self) -> str:
        """The problems of a failed build, escaped, as a block at the top of a page."""
        assert self.failed is not None
        items = "".join(f"<li><code>{escape(str(p))}</code></li>" for p in self.failed.problems)
        count = plural(len(self.failed.problems), "content problem")
        return (
            '<div class="admonition failure jm-problems" role="alert">'
            f'<p class="admonition-title">journeymap: {count}. Fix and save: this '
            f"page reloads.</p><ul>{items}</ul></div>"
        )

    def _check_redirects(self, config: MkDocsConfig, config_name: str) -> None:
        redirects = config.plugins.get("redirects")
        if redirects is None:
            return
        problems = colliding_redirects(
            redirects.config.get("redirect_maps") or {},
            self.pages,
            [*self.extra_files, *self.media_files],
            use_directory_urls=config.use_directory_urls,
        )
        if problems:
            raise PluginError(
                "\n".join(f"{config_name}: plugins.redirects.{problem}" for problem in problems)
            )

    def _report_health(self, health: Health) -> None:
        """Health at INFO; the kinds named in `fail_on` as warnings, one per item."""
        line, warnings = health_report(health, self.options.fail_on)
        if line:
            log.info(line)
        for warning in warnings:
            log.warning(warning)

    @property
    def loaded(self) -> Content:
        if self.content is None:
            raise PluginError("journeymap: no content loaded (on_config did not run)")
        return self.content

    def _on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if languages.PLUGIN not in config.plugins:
            _warn_without_home_page(files, config)
            self._add_files(files, config)
        return files

    # mkdocs-static-i18n rebuilds the file list in its own on_files (priority -100) and
    # expects every page to be a file in docs_dir: with it, the generated pages join
    # the list it made, in every language's build, into that language's folder.
    @event_priority(-110)
    def _on_files_after_i18n(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if languages.PLUGIN in config.plugins:
            folder, warning = languages.language_folder(config.plugins)
            if warning:
                log.warning(warning)
            self._add_files(files, config, folder)
        return files

    on_files = CombinedEvent(_on_files, _on_files_after_i18n)

    def _add_files(self, files: Files, config: MkDocsConfig, folder: str = "") -> None:
        self.language_folder = folder
        # awesome-pages orders the nav MkDocs made from the files: the index pages
        # where the sections go are in it, for the site's `.pages` to name their folders.
        indexes = (
            self._indexes(config) if AWESOME_PAGES in config.plugins and not self.failed else []
        )
        if self.generated:
            # `journeymap generate` (for Zensical) left its files in docs_dir: this build
            # makes the same pages and files itself, from the content as it is now.
            for path in self.generated:
                file = files.get_file_from_path(path)
                if file is not None:
                    files.remove(file)
            log.info(
                f"ignoring {plural(len(self.generated), 'file')} that `journeymap generate` "
                f"wrote into {Path(config.docs_dir).name}/ for Zensical (listed in its "
                f"{MANIFEST})"
            )
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
            if page.src_uri in indexes:
                file.inclusion = InclusionLevel.INCLUDED
            _in_folder(folder, file)
            if page.source is not None:
                # "Edit this page" opens the YAML the page was made from.
                file.edit_uri = Path(os.path.relpath(page.source, config.docs_dir)).as_posix()
            files.append(file)
        # Pages link to these files relatively: they go to the same language's folder.
        for path, text in self.extra_files.items():
            files.append(_in_folder(folder, File.generated(config, path, content=text)))
        for path, source in self.media_files.items():
            file = File.generated(config, path, abs_src_path=str(source))
            files.append(_in_folder(folder, file))
        for path, data in assets():
            files.append(File.generated(config, path, content=data))
        self._date_pages(config)

    def _date_pages(self, config: MkDocsConfig) -> None:
        """Give mkdocs-git-revision-date-localized the content's dates for generated pages."""
        if self.failed:  # `mkdocs serve` showing content problems: no content to date
            return
        warning = date_generated_pages(
            config.plugins, lambda: page_dates(self.pages.values(), self.loaded)
        )
        if warning:
            log.warning(warning)

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page | None:
        if page.file.src_uri in self.pages:
            self.converted.serve(page)
        return page

    # Before mkdocs-macros (priority 0), which renders every page as a Jinja template
    # unless its meta says not to: journey text is content, never a template to run.
    @event_priority(100)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        source = self.pages.get(page.file.src_uri)
        if source is not None:
            page.meta.update(source.meta)  # as if the page had it as front matter
            page.meta["render_macros"] = False
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.failed:
            return self._problems_html() + html
        if self.links is None:
            return html
        if page.file.src_uri in self.pages:
            html = unsearched_sections(html)
        # Links are relative: within a language's folder, as from the default language's.
        html, unresolved = self.links.rewrite(html, page.url.removeprefix(self.language_folder))
        for link in unresolved:
            log.warning(
                f"{_shown(page, config)}: unknown link target '{link.target}': {link.reason}"
            )
        return html

    # After the search plugin (priority 0) has indexed the page.
    @event_priority(-100)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if page.file.src_uri in self.pages and page.content is not None:
            page.content = after_search(page.content)
        return context

    # Before the plugins that build a nav from the files (awesome-nav, priority 100):
    # the index pages where journeymap's sections go are shown to them, so that the
    # site's nav can name them (`journeys/index.md`); _place_sections puts them back.
    @event_priority(110)
    def _on_nav_show_indexes(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation:
        for src_uri in [] if self.failed else self._indexes(config):
            file = files.get_file_from_path(src_uri)
            if file is not None:
                file.inclusion = InclusionLevel.INCLUDED
        return nav

    on_nav = CombinedEvent(
        _on_nav_show_indexes, _placing_at(90), _placing_at(-10), _placing_at(-110)
    )

    def _placement(self, config: MkDocsConfig) -> int:
        """The priority at which the sections go into the nav, given the site's plugins.

        Early (90): before the plugins that rework the nav (section-index, priority 0),
        so that they see the sections whatever the order of `plugins`, and after
        awesome-nav (100), which builds a new nav from the files. After awesome-pages
        (0), which orders the nav it is given by the `.pages` of its pages' folders.
        After mkdocs-static-i18n (-100), which keeps only its language's folder. After
        mkdocs-nav-weight (0), which sorts the nav by page weights that only the pages
        `journeymap generate` writes for Zensical carry: the plugin's own pages have none.
        """
        if languages.PLUGIN in config.plugins:
            return -110
        if AWESOME_PAGES in config.plugins or NAV_WEIGHT in config.plugins:
            return -10
        return 90

    def _place_sections(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """journeymap's sections placed in the site's nav (the same object, changed)."""
        for src_uri in self._indexes(config):
            file = files.get_file_from_path(src_uri)
            if file is not None:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        items = nav.items
        placed: list[Section | Page] = []
        for entry in self._entries(config):
            if isinstance(entry, str):
                item: Section | Page = _page(files, entry, config)
                items = _place(items, item, entry, self.pages)
            else:
                item = _section(files, entry, config)
                items = _place(items, item, entry.index, self.pages)
            placed.append(item)
        # A nav plugin that lists folders (literate-nav's `journeys/`) may list
        # journeymap's pages elsewhere too: they belong in its sections only.
        return _renavigate(nav, _without(items, self.pages, keep=placed))

    def _entries(self, config: MkDocsConfig) -> list[str | NavSection]:
        one_tab = self.options.one_tab
        if one_tab is None:
            one_tab = "navigation.tabs" in (config.theme.get("features") or ())
        return navigation(self.loaded, grouped=one_tab)

    def _indexes(self, config: MkDocsConfig) -> list[str]:
        """The pages that stand for journeymap's sections in the site's nav."""
        return [e if isinstance(e, str) else e.index for e in self._entries(config)]

    def _on_env_names(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Names of journeymap's pages for autorefs, before it applies them (priority -50)."""
        autorefs = config.plugins.get("autorefs")
        if autorefs is None or self.failed:
            return env
        if hasattr(autorefs, "register_url"):
            register_names(autorefs, self._inventory(config))
        else:
            log.warning(
                lacking(
                    "mkdocs-autorefs",
                    "register_url",
                    "links to journeymap's pages by name ([Checkout][journeys/…]) do not resolve",
                )
            )
        return env

    # After mkdocstrings wrote its objects.inv (in on_env, priority -20), before MkDocs
    # writes the site's files, journeymap's objects.inv among them.
    @event_priority(-30)
    def _on_env_inventory(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """One objects.inv: another plugin's entries (mkdocstrings' API) and journeymap's."""
        written = Path(config.site_dir) / routes.INVENTORY
        file = files.get_file_from_path(routes.INVENTORY)
        # The site folder was emptied at the start of the build: an inventory in it now
        # was written during this build, by another plugin.
        if file is None or not written.is_file() or self.failed:
            return env
        try:
            file.content_bytes = inventory.objects_inv(
                self._inventory(config), project=config.site_name, others=written.read_bytes()
            )
        except ValueError as error:
            log.warning(f"{written}: {error}; journeymap's objects.inv replaces it")
        return env

    on_env = CombinedEvent(_on_env_names, _on_env_inventory)

    def _inventory(self, config: MkDocsConfig) -> list[inventory.Entry]:
        return inventory.entries(self.loaded, use_directory_urls=config.use_directory_urls)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        converted = self.converted
        log.info(
            f"converted {plural(converted.converted, 'page')} from Markdown; "
            f"{converted.reused} unchanged since the last build"
            + (f"; {unreadable_cache(converted.ignored)}" if converted.ignored else "")
        )
        if converted.unknown_engine:
            # INFO, not a warning: nothing the site shows is wrong, so a strict build passes.
            log.info(converted.unknown_engine)
        converted.sweep()

    # First, so that other plugins (a minifier that drops comments, the fragments'
    # markers) get the whole page.
    @event_priority(100)
    def _on_post_page_fragments(
        self, output: str, /, *, page: Page, config: MkDocsConfig
    ) -> str | None:
        """Charts, the map and metric trends into the written page.

        They are set-aside fragments that search would only have to parse and skip (on
        a large site that parsing was most of the build), and they go into the page's
        output only, not into `page.content`: MkDocs keeps that of every page until the
        build ends, which held every chart and values table of a large site at once.
        """
        source = self.pages.get(page.file.src_uri)
        return source.finish(output) if source is not None else output

    def _on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        # Material writes `<title>{{ page.title | striptags }}</title>`: `striptags`
        # unescapes, so a journey title holding "</title><script>" would end the title
        # and run. Put the title back as text (page.title is HTML, escaped once).
        if page.file.src_uri in self.pages and page.title:
            title = Markup(page.title)
            output = output.replace(f"<title>{title.striptags()}", f"<title>{title}", 1)
        return name_search_dialog(output)

    on_post_page = CombinedEvent(_on_post_page_fragments, _on_post_page)

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        return name_search_dialog(output_content)  # 404.html

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer | None:
        server.watch(str(self.content_dir))
        return server


def _in_folder(folder: str, file: File) -> File:
    """The file, written into `folder` of the site (a language's, with i18n)."""
    file.dest_uri = folder + file.dest_uri
    return file


def _config_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path or ".").resolve().parent


def _warn_without_home_page(files: Files, config: MkDocsConfig) -> None:
    if not any(files.get_file_from_path(name) for name in ("index.md", "README.md")):
        docs = Path(os.path.relpath(config.docs_dir, _config_dir(config))).as_posix()
        log.warning(
            f"{docs}/index.md not found: the site has no home page (its address shows "
            f"'404 - Not found'); add {docs}/index.md, for example '# Customer journeys' "
            "and a link to [every journey](journeys/index.md)"
        )


def _shown(page: Page, config: MkDocsConfig) -> str:
    """The page's source as the author knows it: its file in docs_dir, or its generated path."""
    if page.file.abs_src_path and page.file.generated_by is None:
        return Path(os.path.relpath(page.file.abs_src_path, _config_dir(config))).as_posix()
    return page.file.src_uri


def _page(files: Files, src_uri: str, config: MkDocsConfig) -> Page:
    file = files.get_file_from_path(src_uri)
    if file is None:
        raise PluginError(f"journeymap: the generated page {src_uri} went missing")
    # A nav plugin that rebuilt the nav (awesome-nav) dropped the pages it did not list.
    return file.page if file.page is not None else Page(None, file, config)


def _section(files: Files, section: NavSection, config: MkDocsConfig) -> Section:
    children = [
        _page(files, item, config) if isinstance(item, str) else _section(files, item, config)
        for item in section.items
    ]
    # MkDocs and Material show a section's title as HTML: a journey's title is text.
    return Section(str(escape(section.title)), [_page(files, section.index, config), *children])


def _place(
    items: list[Any], section: Section | Page, index: str, ours: Container[str]
) -> list[Any]:
    """Put a section (or page) where the site's nav names its index page, else at the end.

    A section of the site's nav that holds only journeymap's pages (a folder that a nav
    plugin listed: literate-nav's `[Journeys](journeys/)`) is replaced whole.
    """
    placed: list[Any] = []
    found = False
    for item in items:
        if isinstance(item, Page) and item.file.src_uri == index:
            placed.append(section)
            found = True
        elif isinstance(item, Section) and _contains(item, index):
            if _only(item, ours):
                placed.append(section)
            else:
                item.children = _place(item.children, section, index, ours)
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


def _only(section: Section, ours: Container[str]) -> bool:
    """True if every page of the section is one of `ours` (and there is no link)."""
    return all(
        (isinstance(c, Page) and c.file.src_uri in ours)
        or (isinstance(c, Section) and _only(c, ours))
        for c in section.children
    )


def _without(items: list[Any], ours: Container[str], keep: list[Any]) -> list[Any]:
    """The nav without `ours` pages, except inside the `keep` items; empty sections go."""
    kept: list[Any] = []
    for item in items:
        if any(item is k for k in keep):
            kept.append(item)
        elif isinstance(item, Section):
            item.children = _without(item.children, ours, keep)
            if item.children:
                kept.append(item)
        elif not (isinstance(item, Page) and item.file.src_uri in ours):
            kept.append(item)
    return kept


def _renavigate(nav: Navigation, items: list[Any]) -> Navigation:
    """`nav` with `items`, parents and previous/next links, as MkDocs builds them.

    The same object: plugins that ran before may hold it (section-index checks that
    the nav it worked on is the one pages are rendered with).
    """
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
    nav.items = items
    nav.pages = pages
    return nav
