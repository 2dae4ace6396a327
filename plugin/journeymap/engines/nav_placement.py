"""journeymap's sections in a MkDocs site's navigation: where the site's nav names them.

journeymap's pages are generated files that MkDocs leaves out of the nav it makes
(NOT_IN_NAV); the sections of `site.navigation` go in afterwards, each where the site's
nav names its index page (`journeys/index.md`), else at the end. Nav plugins build,
order or cut the nav first (awesome-nav, awesome-pages, mkdocs-nav-weight,
mkdocs-static-i18n), so when the sections go in depends on which of them the site uses
(`placement`).
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from journeymap.content.model import Content
from journeymap.engines import languages
from journeymap.site.build import NAV_WEIGHT
from journeymap.site.navigation import NavSection, navigation

AWESOME_PAGES = "awesome-pages"

EARLY = 90
AFTER_NAV_PLUGINS = -10
AFTER_LANGUAGES = -110
"""The priorities of MkDocs' on_nav event at which the sections may go in."""


def placement(plugins: Container[str]) -> int:
    """The priority at which the sections go into the nav, given the site's plugins.

    Early (90): before the plugins that rework the nav (section-index, priority 0),
    so that they see the sections whatever the order of `plugins`, and after
    awesome-nav (100), which builds a new nav from the files. After awesome-pages
    (0), which orders the nav it is given by the `.pages` of its pages' folders.
    After mkdocs-static-i18n (-100), which keeps only its language's folder. After
    mkdocs-nav-weight (0), which sorts the nav by page weights that only the pages
    `journeymap generate` writes for Zensical carry: the plugin's own pages have none.
    """
    if languages.PLUGIN in plugins:
        return AFTER_LANGUAGES
    if AWESOME_PAGES in plugins or NAV_WEIGHT in plugins:
        return AFTER_NAV_PLUGINS
    return EARLY


def sections(
    content: Content, one_tab: bool | None, config: MkDocsConfig
) -> list[str | NavSection]:
    """What journeymap adds to the nav; in one section when the theme shows top-level
    entries as tabs, unless the `one_tab` option says otherwise."""
    if one_tab is None:
        one_tab = "navigation.tabs" in (config.theme.get("features") or ())
    return navigation(content, grouped=one_tab)


def index_pages(entries: list[str | NavSection]) -> list[str]:
    """The pages that stand for journeymap's sections in the site's nav."""
    return [e if isinstance(e, str) else e.index for e in entries]


def show_index_pages(files: Files, entries: list[str | NavSection]) -> None:
    """Put the index pages in the nav, for a nav plugin that builds it from the files to
    place them; `place_sections` takes them out again."""
    for src_uri in index_pages(entries):
        file = files.get_file_from_path(src_uri)
        if file is not None:
            file.inclusion = InclusionLevel.INCLUDED


def place_sections(
    nav: Navigation,
    config: MkDocsConfig,
    files: Files,
    entries: list[str | NavSection],
    ours: Container[str],
) -> Navigation:
    """The `entries` (from `sections`) placed in the site's nav (the same object, changed);
    `ours` are the src_uris of journeymap's pages."""
    for src_uri in index_pages(entries):
        file = files.get_file_from_path(src_uri)
        if file is not None:
            file.inclusion = InclusionLevel.NOT_IN_NAV
    items = nav.items
    placed: list[Section | Page] = []
    for entry in entries:
        if isinstance(entry, str):
            item: Section | Page = _page(files, entry, config)
            items = _place(items, item, entry, ours)
        else:
            item = _section(files, entry, config)
            items = _place(items, item, entry.index, ours)
        placed.append(item)
    # A nav plugin that lists folders (literate-nav's `journeys/`) may list
    # journeymap's pages elsewhere too: they belong in its sections only.
    return _renavigate(nav, _without(items, ours, keep=placed))


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
