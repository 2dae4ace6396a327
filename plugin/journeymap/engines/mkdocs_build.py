"""One MkDocs build of journeymap: what `on_config` makes, for the events after it.

Everything is loaded, checked and rendered in `on_config`, first: a bad content file or
template must stop the build before MkDocs cleans the site folder or spends time on
pages. Under `mkdocs serve`, content problems do not stop it: the pages list them
instead (`served_problems`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from journeymap.content.build_cache import BuildCache
from journeymap.content.model import Content
from journeymap.content.problems import ContentError
from journeymap.content.snapshots import future_snapshots
from journeymap.engines import served_problems
from journeymap.engines.languages import site_language
from journeymap.engines.manifest import generated_by_zensical
from journeymap.engines.nav_placement import sections
from journeymap.engines.redirects import colliding_redirects
from journeymap.engines.rendered import PageConverter
from journeymap.i18n import ngettext
from journeymap.site.build import (
    SCRIPT,
    STYLESHEET,
    Build,
    SiteConfig,
    build,
    health_report,
    unreadable_cache,
)
from journeymap.site.files import Made
from journeymap.site.links import Links
from journeymap.site.navigation import NavSection
from journeymap.site.options import Options
from journeymap.site.pages import PageSource
from journeymap.site.sanitise import markdown_renderer, safe_extensions

log = get_plugin_logger(__name__)


@dataclass
class MkDocsBuild:
    """This build's options, content, pages and files, as the plugin's events read them."""

    options: Options = field(default_factory=Options)
    content_folder: Path = Path()
    """The `content_dir` option, from the folder of the config file."""
    content: Content | None = None
    pages: dict[str, PageSource] = field(default_factory=dict)
    files: dict[str, Made] = field(default_factory=dict)
    """Files that are not pages (feed, inventory, exports, redirects): path -> what makes
    their content, as MkDocs writes each (`MadeFile`)."""
    media: dict[str, Path] = field(default_factory=dict)
    """Media files content names: path in the site -> the file to copy."""
    links: Links | None = None
    language_folder: str = ""
    """The folder of the language being built, with mkdocs-static-i18n."""
    generated: list[str] = field(default_factory=list)
    """Files in docs_dir that `journeymap generate` wrote (for Zensical): not the site's."""
    failed: ContentError | None = None
    """The content problems of this build, when serving (the pages then list them)."""
    served: list[str] = field(default_factory=list)
    """The pages of the last good build, for a failed one to answer at their URLs."""
    converter: PageConverter = field(default_factory=PageConverter)
    """Converts this build's pages from Markdown, or sets the last build's conversion."""

    @property
    def loaded(self) -> Content:
        if self.content is None:
            raise PluginError("journeymap: no content loaded (on_config did not run)")
        return self.content

    def sections(self, config: MkDocsConfig) -> list[str | NavSection]:
        """journeymap's sections of the nav; none while the pages list content problems."""
        return [] if self.failed else sections(self.loaded, self.options.one_tab, config)

    def make(
        self,
        config: MkDocsConfig,
        options: Options,
        cache: BuildCache,
        *,
        serving: bool,
        one_build: bool = False,
    ) -> None:
        """Load, check and render everything for the site of `config`, and tell the log.

        The build `cache` is kept from build to build by the plugin (`mkdocs serve`);
        this starts its build, which `on_post_build` ends. `serving`: content problems
        are listed on the pages instead of stopping the build. `one_build`: no other
        build follows in this process (`mkdocs build`), so the files parsed are not kept
        in memory for one.
        """
        config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
        config_dir = config_file.parent
        self.options = options
        self.content_folder = config_dir / options.content_dir
        if not self.content_folder.is_dir():
            raise PluginError(
                f"{config_file.name}: plugins.journeymap.content_dir: the content folder "
                f"{self.content_folder} does not exist ('{options.content_dir}' is relative "
                f"to the folder of {config_file}); create it or correct content_dir"
            )
        site = _site(config, config_dir)
        self.generated = generated_by_zensical(Path(config.docs_dir))
        self.converter = PageConverter(cache)
        try:
            built = build(options, site, cache, one_build=one_build)
        # ValueError: a bad SOURCE_DATE_EPOCH; ContentError: content, or a site's template
        # override that does not compile.
        except (ContentError, ValueError) as error:
            cache.stopped()
            if serving and isinstance(error, ContentError):
                self.failed = error
                self.pages = served_problems.stand_ins(error, self.served)
                return
            raise PluginError(str(error)) from None
        if one_build:
            # MkDocs' conversions of the pages, kept for a next build: on disk only (with
            # `cache_dir`), not in memory for the rest of this one (a copy of every page).
            cache.let_go("pages")
        self.content = built.content
        self.pages = built.pages
        self.served = list(self.pages)
        self.files = built.files
        self.media = built.media
        self.links = Links(self.content, use_directory_urls=config.use_directory_urls)
        self._check_redirects(config, config_file.name)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SCRIPT)
        _tell(built, config, options)

    def _check_redirects(self, config: MkDocsConfig, config_name: str) -> None:
        redirects = config.plugins.get("redirects")
        if redirects is None:
            return
        problems = colliding_redirects(
            redirects.config.get("redirect_maps") or {},
            self.pages,
            [*self.files, *self.media],
            use_directory_urls=config.use_directory_urls,
        )
        if problems:
            raise PluginError(
                "\n".join(f"{config_name}: plugins.redirects.{problem}" for problem in problems)
            )


def _site(config: MkDocsConfig, config_dir: Path) -> SiteConfig:
    # Markdown fields use the site's extensions that only format text.
    markdown_extensions = safe_extensions(config.markdown_extensions)
    return SiteConfig(
        config_dir=config_dir,
        site_name=config.site_name,
        site_url=config.site_url or None,
        use_directory_urls=config.use_directory_urls,
        theme_dirs=tuple(Path(d) for d in config.theme.dirs),
        markdown=markdown_renderer(markdown_extensions),
        markdown_key=repr(markdown_extensions),
        theme_language=site_language(config.theme, config.plugins),
    )


def _tell(built: Build, config: MkDocsConfig, options: Options) -> None:
    """The build log: what was made, health, and what the site's owner should know."""
    content = built.content
    log.info(built.summary)
    if built.language_note:
        log.info(built.language_note)
    for note in content.ignored:
        log.info(note)
    # Health at INFO; the kinds named in `fail_on` as warnings, one per item.
    line, warnings = health_report(built.health, options.fail_on)
    if line:
        log.info(line)
    for warning in warnings:
        log.warning(warning)
    for warning in future_snapshots(content.snapshots, content.today):
        log.warning(warning)
    # The parent moved on: said in the log, never a failure by itself, even under
    # --strict; its health item (orphaned_subjourneys) fails the build if fail_on says so.
    for notice in content.notices:
        log.info(f"warning: {notice}")
    if not config.site_url:
        log.warning(
            "site_url is not set in the MkDocs config: the feed (changes/feed.xml), "
            "map.json and badges can only link relatively, which feed readers and other "
            "sites cannot follow; set it to the site's address, like "
            "site_url: https://journeys.example.com/"
        )


def tell_converted(converter: PageConverter) -> None:
    """At the end of the build: how many pages were converted from Markdown, and how many
    reused."""
    log.info(
        ngettext(
            "converted %(num)d page from Markdown; %(reused)d unchanged since the last build",
            "converted %(num)d pages from Markdown; %(reused)d unchanged since the last build",
            converter.converted,
            reused=converter.reused,
        )
        + (f"; {unreadable_cache(converter.ignored)}" if converter.ignored else "")
    )
    if converter.unknown_engine:
        # INFO, not a warning: nothing the site shows is wrong, so a strict build passes.
        log.info(converter.unknown_engine)
