"""Metrics on the built site: stage trends, map overlays, metric pages, determinism."""

from __future__ import annotations

import csv
import filecmp
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from .conftest import Page, build_example_once, build_site
from .test_build import article, text


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example_once(tmp_path_factory, "metrics")


@pytest.fixture(scope="module")
def page(site: Path) -> Page:
    def read(url: str) -> BeautifulSoup:
        path = site / url / "index.html" if url.endswith("/") or not url else site / url
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    return read


def test_stage_page_shows_each_featured_metric_with_chart_and_values(page: Page) -> None:
    body = article(page("journeys/grocery-app/checkout/"))
    assert "Metrics as of 2026-11-16" in text(body)
    trends = body.select(".jm-trend")
    assert len(trends) == 2  # checkout features ces and csat
    csat = trends[1]
    summary = text(csat.select_one(".jm-trend-summary"))
    assert summary.startswith("3.5/5 All customers, 2026-11-16 \u22120.4 since 2026-10-12")
    assert "Target 4.2/5: missed" in summary
    assert "Alert: All customers moved \u22120.4" in text(csat.select_one(".jm-alert"))
    figure = csat.select_one("figure.jm-chart")
    assert figure is not None and figure.has_attr("data-search-exclude")
    svg = figure.select_one("svg")
    # One focusable image (journeymap.js steps through its snapshots), named by its title.
    assert svg is not None and svg["role"] == "img" and svg["tabindex"] == "0"
    assert svg.select_one("title") is not None
    assert svg.select_one(".jm-target") is not None
    assert [k.get_text() for k in figure.select(".jm-key")] == [
        "All customers",
        "Families",
        "Students",
    ]
    table = csat.select_one("details.jm-values table")
    assert table is not None and not csat.select_one("details").has_attr("open")
    first_row = [td.get_text(" ", strip=True) for td in table.select("tbody tr")[0].select("td")]
    # Exactly as recorded, small samples marked.
    assert first_row == ["3.50 (n=322)", "3.65 (n=103)", "2.90 (n=24, low confidence)"]


def test_low_confidence_values_are_marked(site: Path) -> None:
    marked = [
        html
        for html in (site / "journeys").rglob("index.html")
        if '<td class="jm-low">' in html.read_text(encoding="utf-8")
    ]
    assert marked, "the example has segment values with fewer than 30 responses"


def test_replaced_stage_history_is_shown_on_the_new_stage(page: Page, site: Path) -> None:
    body = article(page("journeys/b2b-subscription/onboarding/"))
    # Recorded as setup before the rename: older than the page's table, in its values.csv.
    link = body.select_one(".jm-values-all a")
    assert link is not None and link["href"] == "values.csv"
    csv_file = site / "journeys/b2b-subscription/onboarding/values.csv"
    rows = list(csv.DictReader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))))
    assert {row["date"] for row in rows if row["recorded_as"] == "setup"} == {
        "2026-01-19",
        "2026-02-16",
    }


def test_map_overlays_metrics_on_stages(page: Page) -> None:
    body = article(page("journeys/grocery-app/"))
    assert "Metrics as of 2026-11-16" in text(body.select_one(".jm-meta"))
    lane = next(
        tr
        for tr in body.select("tr.jm-lane-metric")
        if tr.th.get_text(strip=True) == "Customer satisfaction"
    )
    cells = lane.select("td")
    checkout = cells[4]
    # Dropped sharply (an alert) is its own state, with what the target says.
    assert "jm-state-alert" in checkout["class"]
    assert text(checkout).startswith(
        "3.5/5 \u22120.4 Dropped sharply misses target, down 0.4 (target 4.2/5)"
    )
    assert checkout.select_one(".jm-alert-tag") is not None
    assert "jm-no-data" in cells[0]["class"]
    # Measured satisfaction drawn beside the felt emotion, where the metric exists.
    emotion = body.select("tr.jm-lane-emotion td")
    assert emotion[4].select_one(".jm-dot-measured") is not None
    assert "Measured: 3.5/5" in text(emotion[4])
    assert emotion[0].select_one(".jm-dot-measured") is None
    # Journey-level metrics as trends.
    headings = [h.get_text(strip=True).rstrip("¶") for h in body.select("h3")]
    assert "Net Promoter Score" in headings and "Churn rate" in headings


def test_measured_curve_joins_consecutive_stages_with_data(page: Page) -> None:
    emotion = article(page("journeys/b2b-subscription/")).select("tr.jm-lane-emotion td")
    measured = [len(td.select("line.jm-measured")) for td in emotion]
    # awareness has no CSAT; evaluation, purchase and onboarding do; adoption does not.
    assert measured[:5] == [0, 1, 2, 1, 0]


def test_metric_page_ranks_every_stage(page: Page) -> None:
    body = article(page("metrics/csat/"))
    rows = body.select_one("table.jm-table").select("tbody tr")  # the ranking comes first
    values = [float(tr.select("td")[3].get_text().removesuffix("/5")) for tr in rows]
    assert values == sorted(values, reverse=True)
    assert len(values) == 6  # every current stage with CSAT data, in both journeys
    alerts = [" ".join(li.get_text().split()) for li in body.select("li.jm-alert")]
    assert alerts == ["Acme Fresh grocery app: Checkout, All customers: \u22120.4 since 2026-10-12"]
    assert len(body.select("figure.jm-chart svg")) == 2  # one chart per journey
    assert "Higher" in text(body.select_one("dl.jm-facts"))


def test_metrics_index_and_navigation(page: Page) -> None:
    soup = page("metrics/")
    rows = article(soup).select("tbody tr")
    assert len(rows) == 8
    nav = [a.get_text(strip=True) for a in soup.select("nav.md-nav--primary a.md-nav__link")]
    assert "Metrics" in " ".join(nav)


def test_no_page_loads_anything_from_outside_the_site(site: Path) -> None:
    outside = re.compile(r"^(?:[a-z]+:)?//")
    for html in site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        loaded = [tag.get("src", "") for tag in soup.select("script, img, iframe, source")]
        # <link> loads what it names unless it only points somewhere (canonical, feeds).
        loaded += [
            link.get("href", "")
            for link in soup.select("link")
            if not {"canonical", "alternate", "next", "prev"} & set(link.get("rel", []))
        ]
        assert not [url for url in loaded if outside.match(url)], html
    for css in site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css


def test_search_index_leaves_charts_and_values_out(site: Path) -> None:
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    checkout = " ".join(d["text"] for d in index["docs"] if "grocery-app/checkout" in d["location"])
    assert "Slot picker and payment screen" in checkout  # the stage's own content is there
    assert "Values as recorded" not in checkout and "3.50 (n=322)" not in checkout
    assert "<svg" not in checkout and "serie-0" not in checkout


def test_search_indexes_each_change_once_and_no_metric_boilerplate(site: Path) -> None:
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    # /changes/ and the version pages repeat the journeys' history pages: out of search.
    repeated = [
        d["location"] for d in docs if re.match(r"changes/|journeys/[^/]+/v\d+/", d["location"])
    ]
    assert not repeated
    sentence = "Retitled from 'Checkout and payment' to 'Checkout'"
    holding = [d["location"] for d in docs if sentence in d["text"]]
    assert holding and all(place.startswith("journeys/grocery-app/history/") for place in holding)
    checkout = [d for d in docs if d["location"].startswith("journeys/grocery-app/checkout/")]
    titles = {d["title"] for d in checkout}
    assert "Checkout" in titles and "Touchpoints" in titles  # what readers search for stays
    assert not titles & {"History", "Metrics", "Place in the journey"}
    assert not any("every stage's value" in d["text"] for d in docs)
    assert not [d for d in docs if d["title"] == "Stages ranked by latest value"]
    # The pages themselves keep those sections, without the marks that kept them out.
    page = (site / "journeys/grocery-app/checkout/index.html").read_text(encoding="utf-8")
    assert 'id="history">History' in page and "journeymap-unsearched" not in page


def test_two_builds_of_the_same_input_are_identical(site: Path, tmp_path: Path) -> None:
    again = build_site(site.parent, site_dir=str(tmp_path / "again"))
    del again
    comparison = filecmp.dircmp(site, tmp_path / "again")

    def differences(c: filecmp.dircmp[str]) -> list[str]:
        found = c.diff_files + c.left_only + c.right_only
        for sub in c.subdirs.values():
            found += differences(sub)
        return found

    assert differences(comparison) == []
    # dircmp compares sizes and dates first; compare bytes of every file too.
    for path in site.rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (tmp_path / "again" / path.relative_to(site)).read_bytes()


def test_a_rebuild_redraws_no_unchanged_chart(example: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(example / "mkdocs.yml"))
    plugin = config.plugins["journeymap"]
    # MkDocs keeps a plugin that defines on_startup across `mkdocs serve` rebuilds.
    assert "on_startup" in type(plugin).__dict__
    build(config)
    charts = plugin.cache.sections["charts"]
    assert charts.made + charts.reused > 30
    build(config)
    # The journeys' pages are kept whole, charts in them; metric pages ask again.
    assert plugin.cache.sections["journeys"].reused == len(plugin.now.loaded.journeys)
    assert charts.made == 0 and charts.reused > 0


def test_a_rebuild_parses_only_the_files_that_changed(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from journeymap.content import documents, snapshots

    parsed: list[str] = []
    parse_yaml, read = documents.parse_yaml, snapshots.SnapshotReader.read

    def counted_parse_yaml(text: str, display: str, problems: Any) -> Any:
        parsed.append(display)
        return parse_yaml(text, display, problems)

    def counted_read(reader: snapshots.SnapshotReader, text: str) -> Any:
        parsed.append(reader.path)
        return read(reader, text)

    monkeypatch.setattr(documents, "parse_yaml", counted_parse_yaml)
    monkeypatch.setattr(snapshots.SnapshotReader, "read", counted_read)
    config = load_config(str(example / "mkdocs.yml"))  # kept between builds, as serve does
    build(config)
    # MkDocs keeps the plugin object between builds in one process (it defines
    # on_startup): the first build may itself reuse what an earlier test parsed.
    current = example / "content/journeys/grocery-app/v2.yml"
    current.write_text(
        current.read_text().replace("    title: Checkout\n", "    title: Pay now\n", 1)
    )
    parsed.clear()
    build(config)
    assert parsed == ["content/journeys/grocery-app/v2.yml"]
    page = (example / "site/journeys/grocery-app/checkout/index.html").read_text()
    assert "Pay now" in page


def test_a_range_with_one_bound_says_which(page: Page) -> None:
    # Issue 31: "Range 0 days to" with nothing after "to" when `max` is absent.
    def range_of(metric: str) -> str:
        body = article(page(f"metrics/{metric}/"))
        term = next(dt for dt in body.select("dt") if dt.get_text() == "Range")
        return term.find_next_sibling("dd").get_text()

    assert range_of("time-to-value") == "at least 0 days"
    assert range_of("churn") == "0% to 100%"
