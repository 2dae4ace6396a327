"""journeymap beside the plugins sites already use: a real build with each one installed.

Each plugin treats journeymap's generated pages differently from files in docs_dir
somewhere; every test builds a small site (the example content, a page or two) with
the plugin and checks pages, navigation, inventory and warnings. The guide's
"Works with" table lists the same plugins and settings.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zlib
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from packaging.version import Version

from journeymap.site.inventory import Entry, objects_inv

from .conftest import REPO, run_mkdocs
from .sitekit import build, html, nav_titles, small_site
from .test_links import read_inventory

STAGE = "journeys/b2b-subscription/onboarding/"


# 1. mkdocs-static-i18n: journeymap's pages in every language's build, in its folder.
@pytest.fixture(scope="module", params=["suffix", "folder"])
def i18n_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    layout = request.param
    home = "# Home\n\nStart with [the map](journey:b2b-subscription).\n"
    accueil = "# Accueil\n\nCommencez par [la carte](journey:b2b-subscription).\n"
    docs = (
        {"index.md": home, "index.fr.md": accueil}
        if layout == "suffix"
        else {"en/index.md": home, "fr/index.md": accueil}
    )
    root = small_site(
        tmp_path_factory.mktemp(f"i18n-{layout}"),
        f"""
        plugins:
          - search
          - journeymap
          - i18n:
              docs_structure: {layout}
              languages:
                - {{locale: en, name: English, default: true, build: true}}
                - {{locale: fr, name: Français, build: true}}
        """,
        docs,
    )
    return build(root)


# Each language's build gets its labels and month names (issue #30): the charts drawn for
# the English build in the same process are not shown to the French one.
JOURNEYS_TITLE = {"en": "Journeys", "fr": "Parcours"}
MONTH = {
    "en": r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept|Oct|Nov|Dec) 20\d\d",
    "fr": r"(janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) 20\d\d",
}


def test_i18n_builds_journeymap_pages_in_every_language(i18n_site: Path) -> None:
    for folder, lang in (("", "en"), ("fr/", "fr")):
        page = html(i18n_site, f"{folder}{STAGE}")
        assert page.html is not None and page.html["lang"] == lang
        assert page.select_one("h1") is not None
        # The reader stays in the navigation of their language, labelled in it.
        assert JOURNEYS_TITLE[lang] in nav_titles(page)
        months = [t.get_text() for t in page.select("g.axis.x text") if " " in t.get_text()]
        assert months and all(re.fullmatch(MONTH[lang], month) for month in months), months
        home = html(i18n_site, folder)
        links = [a["href"] for a in home.select("article a[href]")]
        assert "journeys/b2b-subscription/" in links
        assert (i18n_site / f"{folder}journeys/b2b-subscription/index.html").is_file()
        broken = [
            f"{page}: {href}"
            for page in (i18n_site / f"{folder}journeys").rglob("*.html")
            for href in relative_links(page)
            if not _opens(page.parent / href)
        ]
        assert not broken
        # Material's search dialog is named in the page's language (item 11).
        dialog = home.select_one("div.md-search[role=dialog]")
        assert dialog is not None
        assert dialog["aria-label"] == {"en": "Search", "fr": "Recherche"}[lang]


def relative_links(page: Path) -> list[str]:
    """The page's relative links (not to another site or host root, nor within the page)."""
    links = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("[href]")
    return [
        unquote(parts.path)
        for parts in (urlsplit(link["href"]) for link in links)
        if parts.path and not parts.path.startswith("/") and not parts.scheme and not parts.netloc
    ]


def _opens(target: Path) -> bool:
    """True if a web server has something at `target`: a file, or a folder's index.html."""
    return target.is_file() or (target / "index.html").is_file()


# 2. mkdocs-macros: journey text is content, never a template.
def test_macros_leave_journey_text_alone(tmp_path: Path) -> None:
    root = small_site(
        tmp_path,
        "plugins: [search, macros, journeymap]\n",
        {"index.md": "# Home\n\nThe answer is {{ 6 * 7 }}.\n"},
    )
    version = root / "content/journeys/b2b-subscription/v2.yml"
    text = version.read_text(encoding="utf-8")
    text = text.replace(
        "    pain_points:\n",
        "    pain_points:\n"
        '      - "The {{ config.site_name }} quote shows {% raw %} and {{ 6 * 7 }}"\n',
        1,
    )
    version.write_text(text, encoding="utf-8")
    site = build(root)
    assert "The answer is 42." in html(site, "").get_text()  # macros still run on docs pages
    stage = html(site, "journeys/b2b-subscription/awareness/").get_text()
    assert "The {{ config.site_name }} quote shows {% raw %} and {{ 6 * 7 }}" in stage


# 3. Material's offline plugin, after journeymap: every link works from the file system.
def test_offline_plugin_after_journeymap_gives_file_links(tmp_path: Path) -> None:
    root = small_site(tmp_path, "plugins: [search, journeymap, offline]\n")
    site = build(root)
    checked = 0
    # 404.html is MkDocs' page for web servers: its links are absolute by design.
    for page in set(site.rglob("*.html")) - {site / "404.html"}:
        for href in relative_links(page):
            # From a file share a folder does not open its index.html: links name files.
            assert (page.parent / href).is_file(), f"{page.relative_to(site)}: {href}"
            checked += 1
    assert checked > 1000
    assert (site / "journeys/b2b-subscription/onboarding.html").is_file()


# 4. mkdocstrings and autorefs: one objects.inv with both; autorefs links to journeys.
def test_mkdocstrings_inventory_keeps_both_and_autorefs_reach_journeys(tmp_path: Path) -> None:
    root = small_site(
        tmp_path,
        """
        plugins:
          - search
          - journeymap
          - autorefs
          - mkdocstrings:
              handlers:
                python:
                  paths: [.]
        """,
        {
            "index.md": "# Home\n\nSee [onboarding][journeys/b2b-subscription/onboarding] and "
            "[its touchpoints][journeys/b2b-subscription/onboarding/touchpoints].\n",
            "api.md": "# API\n\n::: shapes\n",
        },
    )
    (root / "shapes.py").write_text(
        '"""Shapes."""\n\n\nclass Circle:\n    """A round shape."""\n', encoding="utf-8"
    )
    site = build(root)
    entries = {
        (name, role): uri.replace("$", name)  # `$` is Sphinx's shorthand for the name
        for name, role, _, uri, _ in read_inventory(site / "objects.inv")
    }
    assert entries[("shapes.Circle", "py:class")] == "api/#shapes.Circle"
    assert entries[("journeys/b2b-subscription/onboarding", "std:doc")] == STAGE
    links = {a.get_text(): a["href"] for a in html(site, "").select("article a[href]")}
    assert links["onboarding"] == f"{STAGE}#"  # autorefs always writes a fragment: the top
    assert links["its touchpoints"] == f"{STAGE}#touchpoints"


def test_inventory_merge_keeps_other_entries_and_refuses_a_non_inventory() -> None:
    mine = Entry("journeys/x", "std:doc", "journeys/x/", "X")
    theirs = Entry("Circle class", "py:class", "api/#$", "-")  # a name may hold a space
    stale = Entry("journeys/x", "std:doc", "old/", "Old")  # a name and role of journeymap's
    merged = objects_inv([mine], project="Site", others=objects_inv([theirs, stale], project="API"))
    header, body = merged.split(b"zlib.\n", 1)
    assert header.startswith(b"# Sphinx inventory version 2\n# Project: Site\n")
    assert zlib.decompress(body).decode().splitlines() == [
        "Circle class py:class -1 api/#$ -",
        "journeys/x std:doc -1 journeys/x/ X",
    ]
    with pytest.raises(ValueError, match="not a Sphinx inventory"):
        objects_inv([mine], project="Site", others=b"<html>")


# 5. mkdocs-git-revision-date-localized: pages dated by the content they come from.
GIT_DATES = """
plugins:
  - search
  - journeymap
  - git-revision-date-localized:
      type: iso_date
      fallback_to_build_date: true
"""


def git(root: Path, *args: str, date: str = "") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    env |= {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def revision_date(site: Path, path: str) -> str:
    page = html(site, path)
    date = page.select_one(".md-source-file .git-revision-date-localized-plugin")
    assert date is not None, path
    return date.get_text(strip=True)


def test_git_revision_dates_of_generated_pages_are_their_content_commits(
    tmp_path: Path,
) -> None:
    root = small_site(tmp_path, GIT_DATES)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "content", date="2026-05-04T12:00:00Z")
    (root / "content/journeys/grocery-app/v2.yml").write_text(
        (root / "content/journeys/grocery-app/v2.yml").read_text(encoding="utf-8") + "\n",
        encoding="utf-8",
    )
    git(root, "commit", "-q", "-am", "grocery map", date="2026-06-07T12:00:00Z")
    site = build(root)
    assert revision_date(site, "journeys/b2b-subscription/") == "2026-05-04"
    assert revision_date(site, STAGE) == "2026-05-04"
    assert revision_date(site, "journeys/grocery-app/") == "2026-06-07"
    assert revision_date(site, "changes/") == "2026-06-07"  # the whole content folder
    first = (site / STAGE / "index.html").read_bytes()
    assert (build(root) / STAGE / "index.html").read_bytes() == first


def test_content_outside_git_gives_generated_pages_the_content_dates(tmp_path: Path) -> None:
    root = small_site(tmp_path, GIT_DATES)
    for snapshot in (root / "content/snapshots").iterdir():
        snapshot.unlink()  # dates of the version files alone
    # The docs are in git; the content is not (a BI job writes it, say).
    git(root, "init", "-q")
    git(root, "add", "docs", "mkdocs.yml")
    git(root, "commit", "-q", "-m", "docs", date="2026-05-04T12:00:00Z")
    site = build(root)
    # The date each current map took effect (B2B's v3 is planned for 2027).
    assert revision_date(site, "journeys/b2b-subscription/") == "2026-03-02"
    assert revision_date(site, STAGE) == "2026-03-02"
    assert revision_date(site, "journeys/grocery-app/") == "2026-06-15"


OLDEST_DATES_PLUGIN = "mkdocs-git-revision-date-localized-plugin==1.6.3"
"""The oldest version the guide's table names: dated through the same hook as the newest."""


def test_git_revision_dates_with_the_oldest_supported_plugin(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The lock file pins the newest version; the oldest one is installed here beside it."""
    target = tmp_path_factory.mktemp("oldest-dates-plugin")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            OLDEST_DATES_PLUGIN,
        ],
        check=True,
        capture_output=True,
    )
    root = small_site(tmp_path, GIT_DATES)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "content", date="2026-05-04T12:00:00Z")
    path = os.pathsep.join(p for p in (str(target), os.environ.get("PYTHONPATH")) if p)
    result = run_mkdocs(root, env={"PYTHONPATH": path})
    assert result.returncode == 0, result.stderr
    assert (
        "1.6.3"
        in subprocess.run(
            [
                sys.executable,
                "-c",
                "import mkdocs_git_revision_date_localized_plugin as p; print(p.__version__)",
            ],
            env={**os.environ, "PYTHONPATH": path},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert revision_date(root / "site", STAGE) == "2026-05-04"


def test_a_dates_plugin_journeymap_cannot_tell_is_a_named_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs_git_revision_date_localized_plugin.plugin import GitRevisionDateLocalizedPlugin

    own = GitRevisionDateLocalizedPlugin._get_commit

    def another_version(self: object, page: object, is_first_commit: bool = False, x: int = 0):
        """As a later version might have it: the same name, other arguments."""
        return own(self, page, is_first_commit=is_first_commit)

    monkeypatch.setattr(GitRevisionDateLocalizedPlugin, "_get_commit", another_version)
    root = small_site(tmp_path, GIT_DATES)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "content", date="2026-05-04T12:00:00Z")
    monkeypatch.chdir(root)
    with caplog.at_level("WARNING"):
        mkdocs_build(load_config(str(root / "mkdocs.yml")))
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any(
        "mkdocs-git-revision-date-localized-plugin" in w
        and "show the date of the build instead of the date of their content" in w
        for w in warnings
    ), warnings


# 6. Navigation plugins: the sections go where the site's nav says, in either order.
ABOUT = {"index.md": "# Home\n", "about.md": "# About\n"}
AFTER = ["Metrics", "Action plan", "Teams", "Research library", "What changed", "Map health"]


def nav_of(site: Path) -> list[str]:
    return nav_titles(html(site, "about/"))


def test_awesome_nav_places_journeys_where_nav_yml_names_it(tmp_path: Path) -> None:
    docs = {**ABOUT, ".nav.yml": "nav:\n  - index.md\n  - journeys/index.md\n  - about.md\n"}
    site = build(small_site(tmp_path, "plugins: [search, awesome-nav, journeymap]\n", docs))
    assert nav_of(site) == ["Home", "Journeys", "About", *AFTER]


@pytest.mark.parametrize("plugins", ["awesome-pages, journeymap", "journeymap, awesome-pages"])
def test_awesome_pages_places_journeys_in_either_order(tmp_path: Path, plugins: str) -> None:
    docs = {**ABOUT, ".pages": "nav:\n  - index.md\n  - journeys\n  - about.md\n  - ...\n"}
    site = build(small_site(tmp_path, f"plugins: [search, {plugins}]\n", docs))
    assert nav_of(site)[:3] == ["Home", "Journeys", "About"]
    assert set(nav_of(site)[3:]) == set(AFTER)


def test_section_index_before_journeymap_builds_strictly(tmp_path: Path) -> None:
    site = build(small_site(tmp_path, "plugins: [search, section-index, journeymap]\n", ABOUT))
    page = html(site, "about/")
    assert nav_of(site) == ["Home", "About", "Journeys", *AFTER]
    # section-index made the Journeys section a link to its page.
    assert page.select_one('nav.md-nav--primary a.md-nav__link[href="../journeys/"]') is not None


@pytest.mark.parametrize("journeys", ["journeys/", "journeys/index.md"])
def test_literate_nav_lists_each_page_once(tmp_path: Path, journeys: str) -> None:
    summary = f"* [Home](index.md)\n* [Journeys]({journeys})\n* [About](about.md)\n"
    docs = {**ABOUT, "SUMMARY.md": summary}
    site = build(small_site(tmp_path, "plugins: [search, literate-nav, journeymap]\n", docs))
    assert nav_of(site) == ["Home", "Journeys", "About", *AFTER]
    links = [
        a["href"] for a in html(site, STAGE).select("nav.md-nav--primary a.md-nav__link[href]")
    ]
    stages = [href for href in links if "b2b-subscription/" in href]
    assert len(stages) == len(set(stages))  # each page once
    assert not [href for href in links if "/v1/" in href or "/v2/" in href]  # versions: history


# 7. mkdocs-redirects: a redirect over a journeymap page is an error, not a replacement.
def test_a_redirect_over_a_journeymap_page_is_an_error(tmp_path: Path) -> None:
    root = small_site(
        tmp_path,
        """
        plugins:
          - search
          - journeymap
          - redirects:
              redirect_maps:
                old-home.md: index.md
                journeys/b2b-subscription/onboarding.md: index.md
        """,
    )
    result = run_mkdocs(root)
    assert result.returncode == 1
    assert (
        "mkdocs.yml: plugins.redirects.redirect_maps: "
        "'journeys/b2b-subscription/onboarding.md' -> 'index.md': "
        "/journeys/b2b-subscription/onboarding/index.html is journeymap's"
    ) in result.stderr
    assert "old-home" not in result.stderr
    assert "Traceback" not in result.stderr


def test_redirects_elsewhere_still_work(tmp_path: Path) -> None:
    root = small_site(
        tmp_path,
        "plugins: [search, journeymap, {redirects: {redirect_maps: {old-home.md: index.md}}}]\n",
    )
    assert "url=../" in (build(root) / "old-home/index.html").read_text(encoding="utf-8")


# 8. Material's navigation.tabs: one tab for journeymap, unless one_tab is off.
def tabs(site: Path) -> list[str]:
    page = html(site, "about/")
    return [" ".join(a.get_text().split()) for a in page.select("nav.md-tabs a.md-tabs__link")]


@pytest.mark.parametrize(
    ("option", "expected"), [("", ["Journeys"]), ("false", ["Journeys", *AFTER])]
)
def test_navigation_tabs_show_one_journeys_tab(
    tmp_path: Path, option: str, expected: list[str]
) -> None:
    journeymap = f"{{journeymap: {{one_tab: {option}}}}}" if option else "journeymap"
    config = (
        "theme: {name: material, font: false, features: [navigation.tabs]}\n"
        f"plugins: [search, {journeymap}]\n"
    )
    site = build(small_site(tmp_path, config, ABOUT))
    assert tabs(site) == ["Home", "About", *expected]


# 11. Material's search dialog has a name on every page of any site, 404 included.
def test_search_dialog_is_named_on_every_page_of_any_site(tmp_path: Path) -> None:
    site = build(small_site(tmp_path, "plugins: [search, journeymap]\n", ABOUT))
    pages = list(site.rglob("*.html"))
    assert site / "404.html" in pages and site / "about/index.html" in pages
    for page in pages:
        if 'http-equiv="refresh"' in page.read_text(encoding="utf-8"):
            continue  # journeymap's redirects from replaced stages: no theme
        dialog = html(site, page.relative_to(site).as_posix()).select_one("div.md-search")
        assert dialog is not None and dialog["role"] == "dialog", page
        assert dialog["aria-label"] == "Search", page


# The guide's "Works with" table names what these tests install, at the versions tested.
def test_guides_works_with_table_matches_the_test_extra() -> None:
    readme = (REPO / "guide/engines-and-plugins.md").read_text(encoding="utf-8")
    section = readme.split("## Works with", 1)[1]
    table = next(block for block in section.split("\n\n") if block.startswith("| plugin"))
    tested: dict[str, str] = {}
    for row in table.splitlines()[2:]:
        names, versions = row.split("|")[1:3]
        packages = re.findall(r"`([^`]+)`", names.split("(")[0])  # not "(its `feature`)"
        for name, version in zip(packages, versions.split(","), strict=True):
            tested[name] = version.strip()
    extra = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    bounds = dict(
        requirement.split(">=")
        for requirement in extra["project"]["optional-dependencies"]["test"]
        if requirement.startswith(("mkdocs", "properdocs"))
    )
    bounds["mkdocs-material"] = next(
        r.split(">=")[1].split(",")[0]
        for r in extra["project"]["dependencies"]
        if r.startswith("mkdocs-material")
    )
    assert set(tested) == set(bounds)
    for name, version in tested.items():
        installed = Version(metadata.version(name))
        assert installed >= Version(version), name
        if name != "mkdocs-material":  # journeymap's own dependency, its bound is looser
            assert bounds[name] == version, name
