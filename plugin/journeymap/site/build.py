"""What every engine adapter does first: load the content and render its pages and files.

The MkDocs plugin and the Zensical generator read the same options (the plugin's
entry in `mkdocs.yml`), load the content the same way and get the same pages; they
differ only in how they hand them to their engine.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib.resources import files as package_files
from pathlib import Path

from journeymap import i18n
from journeymap.analysis.changes import in_sentence
from journeymap.analysis.health import KINDS as HEALTH_KINDS
from journeymap.analysis.health import Health
from journeymap.content.build_cache import BuildCache
from journeymap.content.loader import load_content
from journeymap.content.model import Content, build_date
from journeymap.i18n import _, ngettext
from journeymap.site.files import Made
from journeymap.site.options import OPTIONS, Options
from journeymap.site.pages import TEMPLATE_FOLDER, PageSource
from journeymap.site.render import Renderer
from journeymap.site.sanitise import MarkdownRenderer
from journeymap.site.settings import Settings, in_language

STYLESHEET = "assets/journeymap/journeymap.css"
"""Where the site gets journeymap's stylesheet (a path in the built site)."""
NAV_WEIGHT = "mkdocs-nav-weight"
"""The plugin whose page meta orders Zensical's navigation; the MkDocs plugin places its
sections after it has sorted."""
SCRIPT = "assets/journeymap/journeymap.js"
"""Keyboard and pointer access to chart points; the site works without it."""


def assets() -> Iterator[tuple[str, bytes]]:
    """The stylesheet and the script shipped in the package, at their paths in the site."""
    folder = package_files("journeymap.site") / "assets"
    for path in (STYLESHEET, SCRIPT):
        yield path, (folder / path.rsplit("/", 1)[-1]).read_bytes()


@dataclass(frozen=True)
class SiteConfig:
    """What the engine's configuration says about the site journeymap adds to."""

    config_dir: Path
    site_name: str
    site_url: str | None = None
    use_directory_urls: bool = True
    theme_dirs: tuple[Path, ...] = ()
    """Theme folders, searched for template overrides in `<dir>/journeymap/`."""
    markdown: MarkdownRenderer | None = None
    """Renders Markdown fields with the site's extensions that only format text (then they
    are sanitised): see `site.sanitise`."""
    markdown_key: str = ""
    """What `markdown` renders with (its extensions and their settings), as text."""
    theme_language: str | None = None
    """The site's language as the theme has it (Material's `theme.language`; for
    mkdocs-static-i18n, the language being built): journeymap's, unless its `language`
    option says another."""


@dataclass
class Build:
    """One build's content, pages and files."""

    content: Content
    health: Health
    pages: dict[str, PageSource] = field(default_factory=dict)
    files: dict[str, Made] = field(default_factory=dict)
    """Files that are not pages (feed, inventory, exports, redirects): path -> what makes
    their content, called as the engine writes each."""
    media: dict[str, Path] = field(default_factory=dict)
    """Media files content names: path in the site -> the file to copy."""
    summary: str = ""
    """What was loaded and made, and how long it took, for the build log."""
    spoken: i18n.Language = field(default_factory=i18n.current)
    """The language of the pages' labels, dates and numbers."""

    @property
    def language_note(self) -> str:
        """The build log's line when journeymap does not speak the site's language
        ('' when it does): information, not a warning, so that a strict build passes."""
        if self.spoken.shipped:
            return ""
        return (
            f"the site's language is '{self.spoken.requested}', which "
            f"journeymap does not speak (it speaks {', '.join(i18n.SHIPPED)}): its labels, "
            "dates and numbers are in English"
        )


def health_report(health: Health, fail_on: Iterable[str]) -> tuple[str, list[str]]:
    """The health line of the build log ('' when all is well), and one warning per item of
    a kind named in `fail_on` (which fail a strict build, or `journeymap generate`)."""
    counts = [
        f"{in_sentence(title)}: {len(health.of_kind(kind))}"
        for kind, title in HEALTH_KINDS.items()
        if health.of_kind(kind)
    ]
    # Translators: the build log's health line; `counts` is like "stale metrics: 22, alerts: 1".
    line = _("health: %(counts)s (see /health/)", counts=", ".join(counts)) if counts else ""
    warnings = [
        f"{item.fix_in}: {HEALTH_KINDS[item.kind]}: {item.text}"
        for item in health.items
        if item.kind in fail_on
    ]
    return line, warnings


def build(
    options: Options,
    site: SiteConfig,
    cache: BuildCache,
    *,
    source_links: bool = False,
    one_build: bool = False,
) -> Build:
    """Load and check the content, then render every page and file.

    This starts a build of the build `cache` (on disk in `cache_dir`, if set), which an
    engine that builds again in the same process keeps (`mkdocs serve`): what did not
    change is not parsed, drawn or rendered again. The caller ends the build with
    `cache.sweep()` once the site is made, not before: a build that stops on a problem
    keeps the cache whole.

    `one_build`: no other build follows in this process, so nothing is kept in memory
    for one.

    Raises `ContentError` (content or template problems) or `ValueError` (a bad
    SOURCE_DATE_EPOCH) before anything is rendered or written.
    """
    started = time.perf_counter()
    # Before anything is loaded, analysed or worded: every label is in this language.
    spoken = i18n.language(options.language or site.theme_language)
    i18n.use(spoken)
    cache.new_build(site.config_dir / options.cache_dir if options.cache_dir else None)
    content = load_content(
        site.config_dir / options.content_dir,
        display_root=site.config_dir,
        today=build_date(),
        cache=cache,
        max_media_bytes=int(options.max_media_mb * 1000 * 1000),
    )
    loaded = time.perf_counter()
    if one_build:
        # No other build follows in this process (`mkdocs build`, `journeymap generate`):
        # the parsed files go from memory once the content is loaded (their values live
        # on in it; `cache_dir` keeps them on disk). On a large site they held a fifth of
        # the build's memory.
        cache.let_go("documents", "snapshots")
    settings = Settings(
        **{option.name: getattr(options, option.name) for option in OPTIONS},
        use_directory_urls=site.use_directory_urls,
        site_url=site.site_url or None,
        site_name=site.site_name,
        source_links=source_links,
    )
    # The language spoken, not as asked.
    settings = in_language(settings, spoken.code)
    renderer = Renderer(
        content,
        settings,
        override_dirs=[d / TEMPLATE_FOLDER for d in site.theme_dirs],
        markdown=site.markdown,
        markdown_key=site.markdown_key,
        cache=cache,
    )
    result = Build(content, renderer.health, spoken=spoken)
    result.pages = {page.src_uri: page for page in renderer.pages()}
    if one_build:
        # The journeys' finished pages were kept for a next build (on disk with
        # `cache_dir`); this one has them in `result.pages`.
        cache.let_go("journeys")
    result.files = dict(renderer.files())
    result.media = dict(renderer.media_files())
    result.summary = _summary(
        result, renderer, loading=loaded - started, making=time.perf_counter() - loaded
    )
    if cache.ignored:
        result.summary += f"; {unreadable_cache(cache.ignored)}"
    return result


def _summary(result: Build, renderer: Renderer, *, loading: float, making: float) -> str:
    """What was loaded and made, and how long it took (seconds), for the build log."""
    content = result.content
    stages = sum(len(j.current.stages) for j in content.journeys.values())
    seconds = result.spoken.number
    return _(
        "loaded %(journeys)s (%(stages)s), %(snapshots)s (%(values)s) in %(load)s s; "
        "generated %(pages)s and %(files)s, %(media)s to copy, %(drawn)s, in %(render)s s; "
        "reused from the last build: %(reused_pages)s and %(reused_charts)s",
        journeys=ngettext("%(num)d journey", "%(num)d journeys", len(content.journeys)),
        stages=ngettext("%(num)d current stage", "%(num)d current stages", stages),
        snapshots=ngettext("%(num)d snapshot", "%(num)d snapshots", len(content.snapshots.dates)),
        values=ngettext("%(num)d value", "%(num)d values", len(content.snapshots)),
        load=seconds(round(loading, 2)),
        pages=ngettext("%(num)d page", "%(num)d pages", len(result.pages)),
        files=ngettext("%(num)d file", "%(num)d files", len(result.files)),
        media=ngettext("%(num)d media file", "%(num)d media files", len(result.media)),
        drawn=ngettext("%(num)d chart drawn", "%(num)d charts drawn", renderer.charts.rendered),
        render=seconds(round(making, 2)),
        reused_pages=ngettext(
            "the pages of %(num)d journey",
            "the pages of %(num)d journeys",
            renderer.journeys.kept.reused,
        ),
        reused_charts=ngettext("%(num)d chart", "%(num)d charts", renderer.charts.reused),
    )


def unreadable_cache(count: int) -> str:
    """What the build log says of files in `cache_dir` that the build could not use."""
    return ngettext(
        "ignored %(num)d file in cache_dir that journeymap could not read as its own "
        "(damaged, foreign or from another version) and made it again",
        "ignored %(num)d files in cache_dir that journeymap could not read as its own "
        "(damaged, foreign or from another version) and made them again",
        count,
    )
