"""The example site built by Zensical: `journeymap generate`, then `zensical build`.

Zensical (installed from the registry, as users get it) runs no MkDocs plugins; the
generator writes the plugin's pages and files into docs_dir beforehand. The site must
have every page and file at the plugin's URLs with the same content, resolved
`journey:` links, the same navigation, and nothing fetched from outside.
"""

from __future__ import annotations

import filecmp
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page

from journeymap.engines.manifest import MANIFEST
from journeymap.engines.zensical import GenerateError, generate

from .conftest import BUILD_DATE_EPOCH, build_example_once, copy_example, run_mkdocs

# `browser` and `page` are the browser tests' fixtures (Chromium; a tab recording its traffic).
from .test_browser import (  # noqa: F401
    CHART_COLOURS,
    Traffic,
    browser,
    contrast,
    outside,
    page,
    serious_violations,
    serve,
    switch_palette,
    visit,
)

# What the engines bring themselves (theme assets, search, sitemap): not journeymap's.
ENGINE_FILES = ("assets/javascripts/", "assets/stylesheets/", "assets/images/", "search")


def run(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """A command as CI runs it, in `root`, with the tests' build date."""
    return subprocess.run(
        list(command),
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_DATE_EPOCH},
    )


def journeymap(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(root, sys.executable, "-m", "journeymap.commands.cli", *args)


def zensical_build(root: Path) -> subprocess.CompletedProcess[str]:
    return run(root, sys.executable, "-m", "zensical", "build", "--strict", "-f", "mkdocs.yml")


def build_with_zensical(root: Path) -> Path:
    """The README's commands: `journeymap generate` then `zensical build`; the site folder."""
    generated = journeymap(root, "generate", "--config", "mkdocs.yml")
    assert generated.returncode == 0, generated.stderr
    built = zensical_build(root)
    assert built.returncode == 0, built.stdout + built.stderr
    return root / "site"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_with_zensical(copy_example(tmp_path_factory.mktemp("zensical")))


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example_once(tmp_path_factory, "plugin")


def site_files(site: Path) -> set[str]:
    return {
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and not p.relative_to(site).as_posix().startswith(ENGINE_FILES)
    }


def read(site: Path, url: str) -> BeautifulSoup:
    path = site / url / "index.html" if url == "" or url.endswith("/") else site / url
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(site: Path, url: str) -> str:
    """The page's content as readers get it, without what only the theme adds."""
    found = read(site, url).find("article")
    assert found is not None, url
    for tag in found.select("a.headerlink, a.md-content__button, #__skip"):
        tag.decompose()
    for tag in found.find_all(attrs={"data-search-exclude": True}):
        del tag["data-search-exclude"]  # Zensical drops the attribute once it has obeyed it
    for tag in found.find_all(href=True):
        # A link to a former stage names its redirect file under Zensical, which also
        # writes a link into the same page as `#x` (the plugin: `./#x`).
        href = str(tag["href"]).removesuffix("index.html")
        href = href.removeprefix("./") if href.startswith("./#") else href
        # A page's link to a file of its own folder: `values.csv` under the plugin, the
        # same file by way of the page's source folder (`../checkout/values.csv`) here.
        if href.endswith(".csv"):
            href = posixpath.normpath(posixpath.join(url, href))
        tag["href"] = href
    # The plugin writes its pages without the theme's indentation (`unindented`): text
    # that breaks a line reads the same with any indentation after the break.
    for string in found.find_all(string=re.compile(r"\n\s")):
        if string.find_parent(["pre", "code"]) is None:
            string.replace_with(re.sub(r"\n\s+", "\n", string))
    return found.prettify()


def nav_titles(site: Path, url: str) -> list[str]:
    nav = read(site, url).select_one("nav.md-nav--primary")
    assert nav is not None
    return [
        " ".join(a.get_text(" ", strip=True).split())
        for a in nav.select("a.md-nav__link, label.md-nav__link")
        if not str(a.get("href", "")).startswith("#")
    ]


def test_every_page_and_file_is_at_the_plugins_url(zensical_site: Path, plugin_site: Path) -> None:
    ours = {
        f
        for f in site_files(plugin_site)
        if f.startswith(
            (
                "journeys/",
                "metrics/",
                "changes/",
                "health/",
                "evidence/",
                "teams/",
                "media/",
                "assets/journeymap/",
            )
        )
        or f == "objects.inv"
    }
    assert len(ours) > 60
    assert ours <= site_files(zensical_site)
    for static in ("objects.inv", "changes/feed.xml", "journeys/grocery-app/map.json"):
        assert filecmp.cmp(zensical_site / static, plugin_site / static, shallow=False), static
    redirect = "journeys/b2b-subscription/setup/index.html"
    assert filecmp.cmp(zensical_site / redirect, plugin_site / redirect, shallow=False)


@pytest.mark.parametrize(
    "url",
    [
        "journeys/",
        "journeys/b2b-subscription/",
        "journeys/grocery-app/checkout/",
        "journeys/b2b-subscription/history/",
        "journeys/b2b-subscription/v1/",
        "journeys/b2b-subscription/v3/",
        "metrics/",
        "metrics/csat/",
        "changes/",
        "health/",
        "evidence/",
        "teams/",
        "teams/customer-care/",
        "onboarding-guide/",  # the site's own page, with journey: and metric: links
    ],
)
def test_pages_are_the_plugins_pages(zensical_site: Path, plugin_site: Path, url: str) -> None:
    assert article(zensical_site, url) == article(plugin_site, url)


def test_charts_and_the_map_are_inline(zensical_site: Path) -> None:
    stage = read(zensical_site, "journeys/grocery-app/checkout/")
    assert len(stage.select("figure.jm-chart svg")) == 2
    assert stage.select_one("figure.jm-chart svg text") is not None
    assert read(zensical_site, "journeys/grocery-app/").select_one("table.jm-map") is not None


def test_journey_and_metric_links_are_resolved(zensical_site: Path) -> None:
    links = [
        str(a["href"])
        for a in read(zensical_site, "onboarding-guide/").select("article a[href]")
        if not str(a["href"]).startswith("#")
    ]
    assert not [h for h in links if h.startswith(("journey:", "metric:"))]
    assert "../journeys/b2b-subscription/adoption/#touchpoints" in links
    # the former Setup stage resolves to the stage that replaced it
    assert links.count("../journeys/b2b-subscription/onboarding/") >= 2
    assert "../metrics/nps/" in links


def test_the_navigation_is_the_plugins(zensical_site: Path, plugin_site: Path) -> None:
    url = "journeys/b2b-subscription/onboarding/"
    titles = nav_titles(zensical_site, url)
    plugin = nav_titles(plugin_site, url)
    assert titles[titles.index("Metrics") :] == plugin[plugin.index("Metrics") :]
    assert titles[-2:] == ["What changed", "Map health"]
    assert not [t for t in titles if "version" in t]  # version maps are out of the nav

    def section(nav: list[str], title: str, end: str) -> list[str]:
        return nav[nav.index(title) : nav.index(end)]

    journey = ("Acme Cloud for Business", "Acme Fresh grocery app")
    assert section(titles, *journey) == section(plugin, *journey)
    # Zensical's navigation is the folders: a sub-journey's folder stays beside its
    # parent's (its URL never changes), so it follows its parent rather than sitting in
    # the parent's stage, as it does in the plugin's navigation.
    assert [t for t in titles if t.startswith("Acme ")][1:] == [
        "Acme customer lifecycle",
        "Acme Cloud for Business",
        "Acme Fresh grocery app",
    ]


def test_nothing_is_fetched_from_outside(zensical_site: Path) -> None:
    for url in ("journeys/b2b-subscription/", "journeys/grocery-app/checkout/"):
        html = read(zensical_site, url)
        fetched = [str(t.get("src")) for t in html.find_all(src=True)]
        fetched += [
            str(t["href"])
            for t in html.find_all("link", href=True)
            if not {"canonical", "alternate"} & set(t.get("rel") or [])
        ]
        assert not [u for u in fetched if u.startswith(("http:", "https:", "//"))], url
        stylesheets = [str(t["href"]) for t in html.select("link[rel=stylesheet]")]
        assert any(s.endswith("assets/journeymap/journeymap.css") for s in stylesheets)


def test_two_runs_give_a_byte_identical_site(
    zensical_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    again = build_with_zensical(copy_example(tmp_path_factory.mktemp("zensical-again")))
    files = sorted(site_files(zensical_site) | {"search.json", "sitemap.xml"})
    assert files == sorted(site_files(again) | {"search.json", "sitemap.xml"})
    different = [f for f in files if not filecmp.cmp(zensical_site / f, again / f, shallow=False)]
    assert different == []


@pytest.fixture(scope="module")
def zensical_origin(zensical_site: Path) -> Iterator[str]:
    yield from serve(zensical_site)


@pytest.mark.parametrize("url", ["journeys/b2b-subscription/", "journeys/grocery-app/checkout/"])
def test_in_a_browser_a_map_and_a_stage_load_cleanly_offline_and_accessibly(
    request: pytest.FixtureRequest, zensical_origin: str, url: str
) -> None:
    opened: tuple[Page, Traffic] = request.getfixturevalue("page")
    tab, traffic = opened
    visit(tab, zensical_origin, url)
    assert traffic.errors == []
    assert traffic.failed == []
    assert outside(traffic, zensical_origin) == []
    assert any(r.endswith("assets/journeymap/journeymap.css") for r in traffic.requests)
    assert serious_violations(tab) == []
    assert tab.locator("figure.jm-chart svg, table.jm-map").count() > 0


def test_in_the_dark_palette_charts_stay_readable(
    request: pytest.FixtureRequest, zensical_origin: str
) -> None:
    opened: tuple[Page, Traffic] = request.getfixturevalue("page")
    tab, traffic = opened
    visit(tab, zensical_origin, "journeys/grocery-app/checkout/")
    switch_palette(tab, "slate")
    colours = tab.evaluate(CHART_COLOURS)
    assert contrast(colours["text"], colours["background"]) >= 4.5
    for stroke in colours["lines"]:
        assert contrast(stroke, colours["background"]) >= 3, stroke
    assert serious_violations(tab) == []
    assert traffic.errors == []


# The generator's own rules: what it writes, replaces, removes and refuses.


@pytest.fixture
def example(tmp_path: Path) -> Iterator[Path]:
    root = copy_example(tmp_path)
    cwd = Path.cwd()
    os.chdir(root)  # messages show paths relative to where the command runs
    yield root
    os.chdir(cwd)


def test_a_second_run_changes_nothing_and_keeps_a_manifest(example: Path) -> None:
    first = generate(example / "mkdocs.yml")
    assert len(first.written) > 60 and first.changed == first.removed == []
    manifest = json.loads((example / "docs" / MANIFEST).read_text())
    assert sorted(manifest["files"]) == sorted(first.written)
    assert "journeys/grocery-app/checkout.md" in manifest["files"]
    before = {p: (example / "docs" / p).read_bytes() for p in manifest["files"]}
    second = generate(example / "mkdocs.yml")
    assert second.written == second.changed == second.removed == []
    assert {p: (example / "docs" / p).read_bytes() for p in manifest["files"]} == before


def test_it_removes_its_stale_files_and_nothing_else(example: Path) -> None:
    extra = example / "content/journeys/returns"
    extra.mkdir()
    v1 = (example / "content/journeys/grocery-app/v1.yml").read_text()
    (extra / "v1.yml").write_text(v1.replace("id: grocery-app", "id: returns", 1))
    generate(example / "mkdocs.yml")
    assert (example / "docs/journeys/returns/index.md").exists()
    (example / "docs/journeys/returns/notes.md").write_text("# Our notes\n")
    shutil.rmtree(extra)
    again = generate(example / "mkdocs.yml")
    assert "journeys/returns/index.md" in again.removed
    assert not (example / "docs/journeys/returns/index.md").exists()
    assert (example / "docs/journeys/returns/notes.md").exists()  # not the generator's
    assert not (example / "docs/journeys/returns/browse").exists()  # emptied folders go
    assert "journeys/index.md" in again.changed  # the journeys index lost a journey


def test_it_never_overwrites_a_file_it_did_not_write(example: Path) -> None:
    mine = example / "docs/metrics/index.md"
    mine.parent.mkdir()
    mine.write_text("# Our metrics\n")
    with pytest.raises(GenerateError) as error:
        generate(example / "mkdocs.yml")
    assert str(error.value) == (
        "docs/metrics/index.md: journeymap generates this file and did not write the one "
        "there; move or rename it (nothing was written)"
    )
    assert mine.read_text() == "# Our metrics\n"
    assert not (example / "docs" / MANIFEST).exists()
    assert not (example / "docs/journeys").exists()


LINKED = (
    ": is a symbolic link: journeymap generate writes and removes files only inside docs/, "
    "so make it a folder or a file of its own (or remove it)"
)


@pytest.mark.parametrize("link", ["journeys", MANIFEST])
def test_it_never_writes_through_a_symbolic_link(link: str, example: Path, tmp_path: Path) -> None:
    """A committed `docs/journeys -> /elsewhere` would receive every generated page."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (example / "docs" / link).symlink_to(elsewhere if link == "journeys" else elsewhere / "m")
    with pytest.raises(GenerateError) as error:
        generate(example / "mkdocs.yml")
    assert str(error.value).splitlines() == [f"docs/{link}{LINKED}", "nothing was written"]
    assert list(elsewhere.iterdir()) == []


def test_it_never_removes_a_file_through_a_symbolic_link(example: Path, tmp_path: Path) -> None:
    """The manifest names what to remove: under a linked folder, that is a file elsewhere."""
    generate(example / "mkdocs.yml")
    important = tmp_path / "elsewhere/important.txt"
    important.parent.mkdir()
    important.write_text("keep me\n")
    (example / "docs/assets-old").symlink_to(important.parent)
    manifest = example / "docs" / MANIFEST
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "files": [*data["files"], "assets-old/important.txt"]}))
    with pytest.raises(GenerateError) as error:
        generate(example / "mkdocs.yml")
    assert str(error.value).splitlines() == [f"docs/assets-old{LINKED}", "nothing was written"]
    assert important.read_text() == "keep me\n"


def test_a_manifest_entry_outside_docs_is_refused(example: Path, tmp_path: Path) -> None:
    generate(example / "mkdocs.yml")
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me\n")
    manifest = example / "docs" / MANIFEST
    data = json.loads(manifest.read_text())
    entries = [str(outside), "../outside.txt", "journeys/../../outside.txt", "./index.md", 7]
    manifest.write_text(json.dumps({**data, "files": [*data["files"], *entries]}))
    with pytest.raises(GenerateError) as error:
        generate(example / "mkdocs.yml")
    assert str(error.value).splitlines() == [
        f"docs/{MANIFEST}: lists {str(entry)!r}, which is not a file inside docs/: journeymap "
        "never writes one there; delete the manifest (it is rewritten) and move away what the "
        "generator wrote"
        for entry in entries
    ] + ["nothing was written"]
    assert outside.read_text() == "keep me\n"
    assert (example / "docs/index.md").exists()


def test_an_unknown_link_target_names_the_page_and_stops(example: Path) -> None:
    guide = example / "docs/onboarding-guide.md"
    guide.write_text(
        guide.read_text() + "\nSee [renewals](journey:b2b-subscription/renewl) and "
        "`[code](journey:nowhere)`.\n"
    )
    with pytest.raises(GenerateError) as error:
        generate(example / "mkdocs.yml")
    assert str(error.value).splitlines() == [
        "docs/onboarding-guide.md: unknown link target 'journey:b2b-subscription/renewl': "
        "no such page of journey 'b2b-subscription' (did you mean 'renewal'?)",
        "nothing was written",
    ]
    assert not (example / "docs/journeys").exists()


def test_content_problems_are_reported_as_by_the_plugin(example: Path) -> None:
    version = example / "content/journeys/grocery-app/v2.yml"
    text = version.read_text()
    line = text[: text.index("score: 3")].count("\n") + 1
    version.write_text(text.replace("score: 3", "score: 7", 1))
    done = journeymap(example, "generate", "--config", "mkdocs.yml")
    assert done.returncode == 1
    assert (
        f"content/journeys/grocery-app/v2.yml:{line}: stage 'discover' (1st): emotion.score: "
        "7 is above the maximum 5" in done.stderr
    )
    assert "Traceback" not in done.stderr
    assert not (example / "docs/journeys").exists()


def test_a_config_without_what_zensical_needs_says_what_to_add(example: Path) -> None:
    config = example / "mkdocs.yml"
    text = config.read_text()
    for line in ("  - assets/journeymap/journeymap.css\n", "  - journeymap.engines.markdown\n"):
        text = text.replace(line, "")
    config.write_text(text)
    done = journeymap(example, "generate", "--config", "mkdocs.yml")
    assert done.returncode == 1
    assert "Zensical needs these settings for journeymap" in done.stderr
    assert "  - assets/journeymap/journeymap.css" in done.stderr
    assert "  - journeymap.engines.markdown" in done.stderr
    assert "mkdocs-nav-weight" not in done.stderr  # that one is there
    assert not (example / "docs" / MANIFEST).exists()


def test_a_broken_config_is_a_message_not_a_traceback(example: Path) -> None:
    (example / "mkdocs.yml").write_text("site_name: x\nplugins: [journeymap\n")
    done = journeymap(example, "generate", "--config", "mkdocs.yml")
    assert done.returncode == 1
    assert done.stderr.startswith("mkdocs.yml:3: YAML syntax error: ")
    missing = journeymap(example, "generate", "--config", "nowhere.yml")
    assert missing.returncode == 1
    assert missing.stderr == "nowhere.yml: cannot be read: No such file or directory\n"


def test_a_config_that_is_not_a_file_or_too_large_is_refused(example: Path) -> None:
    """An INHERITed config is read as the config itself: a regular file, within its limit."""
    os.mkfifo(example / "fifo.yml")
    (example / "folder.yml").mkdir()
    (example / "large.yml").write_text("#" * (2 * 1024 * 1024 + 1))
    for parent, message in (
        ("/dev/zero", f"{os.path.relpath('/dev/zero')}: is not a regular file"),
        ("fifo.yml", "fifo.yml: is not a regular file"),
        ("folder.yml", "folder.yml: is a folder: name the site's mkdocs.yml"),
        ("large.yml", "large.yml: is larger than 2 MB, the limit for this file"),
    ):
        (example / "site.yml").write_text(f"INHERIT: {parent}\n")
        with pytest.raises(GenerateError) as error:
            generate(example / "site.yml")
        assert str(error.value) == message
    assert not (example / "docs" / MANIFEST).exists()


def test_the_cli_reports_what_it_did(example: Path) -> None:
    first = journeymap(example, "generate", "--config", "mkdocs.yml")
    assert first.returncode == 0, first.stderr
    count = len(json.loads((example / "docs" / MANIFEST).read_text())["files"])
    assert f"docs/: {count} files written, 0 changed, 0 removed, 0 unchanged" in first.stdout
    second = journeymap(example, "generate", "--config", "mkdocs.yml")
    assert f"docs/: 0 files written, 0 changed, 0 removed, {count} unchanged" in second.stdout


def test_a_plugin_build_ignores_the_generated_files(example: Path) -> None:
    count = len(generate(example / "mkdocs.yml").written)
    built = run_mkdocs(example)
    assert built.returncode == 0, built.stderr
    assert f"ignoring {count} files that `journeymap generate` wrote into docs/" in built.stderr
    stage = read(example / "site", "journeys/grocery-app/checkout/")
    # the plugin's own page (URL links), not the generated one (source links)
    assert stage.select_one('a[href="../"]') is not None


def test_health_kinds_named_in_fail_on_fail_the_command(example: Path) -> None:
    config = example / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      content_dir: content\n", "      content_dir: content\n      fail_on: [alerts]\n"
        )
    )
    done = journeymap(example, "generate", "--config", "mkdocs.yml")
    assert done.returncode == 1
    assert "journeymap: health: " in done.stdout
    (warning,) = done.stderr.splitlines()
    assert warning == (
        "journeymap: snapshots/: Alerts: Acme Fresh grocery app, Checkout: Customer "
        "satisfaction (all customers) moved \u22120.4 since 2026-10-12"
    )
