"""journeymap's sections in a MkDocs site's nav: where the site's nav names them, else at
the end; the nav linked again as MkDocs links it.

The unit tests place hand-made sections in navs MkDocs itself made from a site's
`nav:`; the builds with nav plugins (awesome-nav, awesome-pages, literate-nav,
section-index, mkdocs-static-i18n, navigation.tabs) are in test_plugins.py, the
example site's nav in test_build.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.nav import Navigation, Section, get_navigation
from mkdocs.structure.pages import Page

from journeymap.engines.nav_placement import (
    AFTER_LANGUAGES,
    AFTER_NAV_PLUGINS,
    EARLY,
    place_sections,
    placement,
    show_index_pages,
)
from journeymap.site.navigation import NavSection

from .sitekit import build, small_site
from .test_plugins import ABOUT, AFTER, nav_of

JOURNEYS = NavSection(
    "Journeys",
    "journeys/index.md",
    [
        NavSection("Sign <up> & pay", "journeys/signup/index.md", ["journeys/signup/form.md"]),
        "journeys/renewal/index.md",
    ],
)
ENTRIES: list[str | NavSection] = [JOURNEYS, "health.md"]
OURS = {
    "journeys/index.md",
    "journeys/signup/index.md",
    "journeys/signup/form.md",
    "journeys/renewal/index.md",
    "health.md",
}
OUR_SECTION = (
    "Journeys",
    [
        "journeys/index.md",
        ("Sign &lt;up&gt; &amp; pay", ["journeys/signup/index.md", "journeys/signup/form.md"]),
        "journeys/renewal/index.md",
    ],
)


def site(root: Path, nav: list[Any] | None) -> tuple[MkDocsConfig, Files, Navigation]:
    """A site with three pages of its own and journeymap's pages (out of the nav, as
    the plugin adds them); `nav` is its mkdocs.yml `nav:` (None: made from the files)."""
    for name in ("index.md", "about.md", "guide.md"):
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(f"# {name}\n", encoding="utf-8")
    settings: dict[str, Any] = {"site_name": "Test"}
    if nav is not None:
        settings["nav"] = nav
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    config = load_config(str(root / "mkdocs.yml"))
    files = get_files(config)
    config.plugins._current_plugin = "journeymap"  # as during the plugin's on_files
    for src_uri in sorted(OURS):
        inclusion = InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content="# Ours\n", inclusion=inclusion))
    return config, files, get_navigation(files, config)


def file_of(files: Files, src_uri: str) -> File:
    file = files.get_file_from_path(src_uri)
    assert file is not None
    return file


def shape(items: list[Any]) -> list[Any]:
    """A nav as pages' src_uris and (section title, children)."""
    return [
        (item.title, shape(item.children)) if isinstance(item, Section) else item.file.src_uri
        for item in items
    ]


def placed(root: Path, nav: list[Any] | None) -> Navigation:
    config, files, made = site(root, nav)
    return place_sections(made, config, files, ENTRIES, OURS)


def test_sections_go_at_the_end_when_the_nav_does_not_name_them(tmp_path: Path) -> None:
    nav = placed(tmp_path, ["index.md", "about.md", "guide.md"])
    assert shape(nav.items) == ["index.md", "about.md", "guide.md", OUR_SECTION, "health.md"]


def test_a_section_goes_where_the_nav_names_its_index_page(tmp_path: Path) -> None:
    nav = placed(tmp_path, ["index.md", "health.md", "journeys/index.md", "about.md", "guide.md"])
    assert shape(nav.items) == ["index.md", "health.md", OUR_SECTION, "about.md", "guide.md"]


def test_a_section_goes_into_the_site_section_that_names_its_index(tmp_path: Path) -> None:
    nav = placed(tmp_path, ["index.md", {"Guide": ["guide.md", "journeys/index.md"]}])
    assert shape(nav.items) == ["index.md", ("Guide", ["guide.md", OUR_SECTION]), "health.md"]


def test_a_site_section_of_only_journeymap_pages_is_replaced_whole(tmp_path: Path) -> None:
    # A nav plugin that lists a folder (literate-nav's `[Journeys](journeys/)`) makes this.
    listed = {"Journeys": ["journeys/index.md", "journeys/renewal/index.md"]}
    nav = placed(tmp_path, ["index.md", listed, "about.md"])
    assert shape(nav.items) == ["index.md", OUR_SECTION, "about.md", "health.md"]


def test_journeymap_pages_listed_elsewhere_stay_only_in_its_sections(tmp_path: Path) -> None:
    nav = placed(
        tmp_path,
        [
            "index.md",
            {"More": ["about.md", "journeys/signup/form.md"]},
            {"Old": ["journeys/renewal/index.md"]},  # empty without them: it goes
        ],
    )
    assert shape(nav.items) == ["index.md", ("More", ["about.md"]), OUR_SECTION, "health.md"]


def test_the_nav_is_linked_again_as_mkdocs_links_it(tmp_path: Path) -> None:
    config, files, made = site(tmp_path, ["index.md", "journeys/index.md", "about.md"])
    nav = place_sections(made, config, files, ENTRIES, OURS)
    assert nav is made  # plugins that ran before may hold it (section-index)
    order = [
        "index.md",
        "journeys/index.md",
        "journeys/signup/index.md",
        "journeys/signup/form.md",
        "journeys/renewal/index.md",
        "about.md",
        "health.md",
    ]
    assert [page.file.src_uri for page in nav.pages] == order
    for before, after in zip(nav.pages, nav.pages[1:], strict=False):
        assert before.next_page is after
        assert after.previous_page is before
    assert nav.pages[0].previous_page is None and nav.pages[-1].next_page is None
    form = nav.pages[3]
    assert form.parent is not None and form.parent.title == "Sign &lt;up&gt; &amp; pay"
    assert form.parent.parent is nav.items[1]
    assert nav.items[1].parent is None


def test_index_pages_are_shown_to_nav_plugins_then_taken_out(tmp_path: Path) -> None:
    config, files, made = site(tmp_path, None)
    indexes = ["journeys/index.md", "health.md"]
    show_index_pages(files, ENTRIES)
    assert {file_of(files, i).inclusion for i in indexes} == {InclusionLevel.INCLUDED}
    place_sections(made, config, files, ENTRIES, OURS)
    assert {file_of(files, i).inclusion for i in indexes} == {InclusionLevel.NOT_IN_NAV}


def test_a_page_rebuilt_out_of_the_files_gets_a_page_object(tmp_path: Path) -> None:
    # awesome-nav builds a new nav from the files: pages it did not list have none.
    config, files, made = site(tmp_path, ["index.md"])
    form = file_of(files, "journeys/signup/form.md")
    form.page = None
    nav = place_sections(made, config, files, ENTRIES, OURS)
    assert isinstance(form.page, Page) and form.page in nav.pages


def test_a_generated_page_missing_from_the_files_is_named(tmp_path: Path) -> None:
    config, files, made = site(tmp_path, None)
    files.remove(file_of(files, "journeys/signup/form.md"))
    with pytest.raises(PluginError, match=r"generated page journeys/signup/form\.md went missing"):
        place_sections(made, config, files, ENTRIES, OURS)


@pytest.mark.parametrize(
    ("plugins", "priority"),
    [
        ([], EARLY),
        (["search", "section-index", "awesome-nav"], EARLY),
        (["awesome-pages"], AFTER_NAV_PLUGINS),
        (["mkdocs-nav-weight"], AFTER_NAV_PLUGINS),
        (["awesome-pages", "i18n"], AFTER_LANGUAGES),
    ],
)
def test_the_sections_go_in_after_the_plugins_that_order_or_cut_the_nav(
    plugins: list[str], priority: int
) -> None:
    assert placement(plugins) == priority


# A real build without nav plugins: the site's mkdocs.yml `nav:` names the page or not.
@pytest.mark.parametrize(
    ("nav", "expected"),
    [
        ("[index.md, journeys/index.md, about.md]", ["Home", "Journeys", "About", *AFTER]),
        ("[index.md, about.md]", ["Home", "About", "Journeys", *AFTER]),
    ],
)
def test_mkdocs_yml_nav_places_journeys_where_it_names_them(
    tmp_path: Path, nav: str, expected: list[str]
) -> None:
    site_root = small_site(tmp_path, f"nav: {nav}\nplugins: [search, journeymap]\n", ABOUT)
    assert nav_of(build(site_root)) == expected
