"""journeymap's work on pages as MkDocs makes them: from Markdown to the written HTML.

Every page of the site passes through these (links to journeymap's pages are resolved
in the site's own pages too); journeymap's pages get their metadata, their HTML
blocks, their search marks, their set-aside fragments (charts, the map) and a safe
`<title>`.
"""

from __future__ import annotations

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

from journeymap.engines.mkdocs_build import MkDocsBuild
from journeymap.engines.mkdocs_files import config_dir
from journeymap.engines.search_dialog import name_search_dialog
from journeymap.engines.served_problems import problems_html
from journeymap.formatting import shown_path
from journeymap.site.pages import PageSource, after_search, unindented, unsearched_sections

log = get_plugin_logger(__name__)


def with_meta(page: Page, pages: dict[str, PageSource]) -> None:
    """A generated page's metadata, as if the page had it as front matter; never run as
    a template by mkdocs-macros: journey text is content."""
    source = pages.get(page.file.src_uri)
    if source is not None:
        page.meta.update(source.meta)
        page.meta["render_macros"] = False


def with_html(html: str, page: Page, pages: dict[str, PageSource]) -> str:
    """A generated page's HTML blocks, which did not go through Markdown, in place."""
    source = pages.get(page.file.src_uri)
    return source.with_html(html) if source is not None else html


def linked(html: str, page: Page, config: MkDocsConfig, now: MkDocsBuild) -> str:
    """A page's HTML with `journey:` links resolved (each unknown one a warning), and the
    sections of journeymap's pages that search should skip marked; while serving content
    problems, the problems on top."""
    if now.failed:
        return problems_html(now.failed) + html
    if now.links is None:
        return html
    if page.file.src_uri in now.pages:
        html = unsearched_sections(html)
    # Links are relative: within a language's folder, as from the default language's.
    html, unresolved = now.links.rewrite(html, page.url.removeprefix(now.language_folder))
    for link in unresolved:
        log.warning(f"{_shown(page, config)}: unknown link target '{link.target}': {link.reason}")
    return html


def searched(page: Page, pages: dict[str, PageSource]) -> None:
    """Once search has indexed the page: its search marks go."""
    if page.file.src_uri in pages and page.content is not None:
        page.content = after_search(page.content)


def with_fragments(output: str, page: Page, pages: dict[str, PageSource]) -> str:
    """Charts, the map and metric trends into the written page, without the theme's
    indentation (`unindented`).

    They are set-aside fragments that search would only have to parse and skip (on
    a large site that parsing was most of the build), and they go into the page's
    output only, not into `page.content`: MkDocs keeps that of every page until the
    build ends, which held every chart and values table of a large site at once.
    """
    source = pages.get(page.file.src_uri)
    # The theme's indentation goes first: the fragments have none, and are most of the text.
    return source.finish(unindented(output)) if source is not None else output


def finished(output: str, page: Page, pages: dict[str, PageSource]) -> str:
    """The written page with its title as text and Material's search dialog named."""
    # Material writes `<title>{{ page.title | striptags }}</title>`: `striptags`
    # unescapes, so a journey title holding "</title><script>" would end the title
    # and run. Put the title back as text (page.title is HTML, escaped once).
    if page.file.src_uri in pages and page.title:
        title = Markup(page.title)
        output = output.replace(f"<title>{title.striptags()}", f"<title>{title}", 1)
    return name_search_dialog(output)


def _shown(page: Page, config: MkDocsConfig) -> str:
    """The page's source as the author knows it: its file in docs_dir, or its generated path."""
    if page.file.abs_src_path and page.file.generated_by is None:
        return shown_path(page.file.abs_src_path, config_dir(config))
    return page.file.src_uri
