"""The map at a glance, in built pages: full width, lanes, the landscape, the poster option."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from journeymap.analysis.health import Health
from journeymap.analysis.trends import Trends
from journeymap.content.loader import load_content
from journeymap.site import landscape
from journeymap.site.render import Renderer

from .conftest import REPO, build_example_once, build_site, copy_example
from .contentkit import load, write_files


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example_once(tmp_path_factory, "glance")


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_maps_and_the_landscape_hide_material_sidebars(site: Path) -> None:
    for url in ("journeys/grocery-app", "journeys/b2b-subscription/v3", "journeys"):
        page = soup(site, url)
        assert page.select_one(".md-sidebar--primary").has_attr("hidden"), url
        assert page.select_one(".md-sidebar--secondary").has_attr("hidden"), url
    assert (
        not soup(site, "journeys/grocery-app/checkout")
        .select_one(".md-sidebar--primary")
        .has_attr("hidden")
    )


def test_every_lane_of_the_map_has_something_at_some_stage(site: Path) -> None:
    for url in ("journeys/grocery-app", "journeys/b2b-subscription"):
        for lane in soup(site, url).select("tr.jm-lane"):
            cells = lane.select("td")
            assert any(
                c.get_text(strip=True) and c.get_text(strip=True) != "No data" for c in cells
            )


def test_authoring_material_is_one_block_at_the_end(site: Path) -> None:
    article = soup(site, "journeys/grocery-app").select_one("article.md-content__inner")
    blocks = article.find_all("details", class_="jm-reuse")
    assert len(blocks) == 1 and not blocks[0].has_attr("open")
    assert "map.json" in blocks[0].get_text() and blocks[0].select_one("pre.jm-mermaid")
    assert not article.find(["h2"], string="Use this map elsewhere")


def test_options_choose_what_maps_hide_and_the_poster_paper(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      content_dir: content\n",
            "      content_dir: content\n      map_hide: [toc]\n      poster_size: A4\n",
        )
    )
    page = build_site(root)("journeys/grocery-app/")
    assert not page.select_one(".md-sidebar--primary").has_attr("hidden")
    assert page.select_one(".md-sidebar--secondary").has_attr("hidden")
    assert page.select_one(".jm-poster.jm-poster-a4")


@pytest.fixture(scope="module")
def analysed() -> tuple[Trends, Health]:
    content = load_content(REPO / "content", display_root=REPO, today=dt.date(2026, 11, 18))
    trends = Trends(content)
    health = Health(content, trends, review_every_days=90, stale_after_days=45)
    return trends, health


def test_landscape_rows_follow_journey_order_with_a_status_per_stage(analysed) -> None:
    trends, health = analysed
    rows = landscape.rows(trends.content, trends, health)
    grocery = next(r for r in rows if r.journey.id == "grocery-app")
    assert [c.stage.id for c in grocery.cells] == [s.id for s in grocery.journey.current.stages]
    statuses = {c.stage.id: c.status for c in grocery.cells}
    assert statuses["checkout"] == "alert"  # CSAT fell past its alert threshold there
    assert statuses["sign-up"] == "met" and statuses["basket"] == "no-data"
    assert grocery.overdue and grocery.alerts == 1 and grocery.dismay == 2
    assert grocery.emotion_path.startswith("M50 ")


def test_moments_that_matter_put_dismay_and_low_satisfaction_first(analysed) -> None:
    trends, _ = analysed
    entries = landscape.moments(trends.content, trends, "csat")
    kinds = [e.moment.kind for e in entries]
    assert kinds == sorted(kinds, key=lambda k: k != "dismay")
    measured = [e.satisfaction.headline.latest.value for e in entries if e.satisfaction][:3]
    assert measured == sorted(measured)


def test_a_long_journey_gets_no_scrolling_box_of_its_own(tmp_path: Path) -> None:
    stages = "".join(f"  - {{id: s{n}, title: Stage {n}}}\n" for n in range(10))
    write_files(
        tmp_path,
        {
            "journeys/long/v1.yml": f"id: long\nversion: 1\ntitle: Long\neffective: 2026-01-05\n"
            f"stages:\n{stages}"
        },
    )
    page = next(
        p
        for p in Renderer(load(tmp_path, dt.date(2026, 2, 1))).pages()
        if p.src_uri == "journeys/long/index.md"
    )
    html = page.finish(page.markdown)
    # The page scrolls, with the stage header and lane names sticky (test_browser_story).
    assert 'class="jm-map-scroll"' in html and "jm-map-long" not in html
    assert page.meta == {"hide": ["navigation", "toc"]}
