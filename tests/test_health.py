"""Map health: the page, the summaries, staleness banners, and `fail_on` in CI."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import build_example_once, copy_example, run_mkdocs
from .test_build import article, text

LATER = "1800000000"  # 2027-01-15: two months after the last snapshot; v3 still planned


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def later(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example_once(tmp_path_factory, "health", LATER)


def section(page: BeautifulSoup, kind: str) -> list[str]:
    """The first cells of the table under the heading that the anchor `#kind` precedes."""
    following = page.select_one(f"#{kind}").find_next("h2").find_next_sibling()
    if following.name != "table":
        return []
    return [text(tr.select("td")[0]) for tr in following.select("tbody tr")]


def test_health_page_lists_overdue_reviews_and_stale_metrics(later: Path) -> None:
    page = article(soup(later, "health"))
    assert section(page, "overdue_review") == [
        "Acme Cloud for Business: review overdue since 2026-12-13 (33 days); "
        "last reviewed 2026-09-14. Once reviewed, set reviewed: to the day of the review in "
        "v2.yml (the one field a version in effect may change)",
        "Acme Fresh grocery app: review overdue since 2026-10-13 (94 days); "
        "last reviewed 2026-06-15. Once reviewed, set reviewed: to the day of the review in "
        "v2.yml (the one field a version in effect may change)",
    ]
    stale = section(page, "stale_metrics")
    assert len(stale) == 22
    assert stale[0] == (
        "Acme Cloud for Business, Evaluation: Customer satisfaction last measured 2026-11-16 "
        "(60 days ago)"
    )
    rows = page.select_one("#overdue_review").find_next("table").select("tbody tr")
    assert [td.get_text() for td in rows[0].select("td")[1:]] == [
        "Customer Experience",
        "content/journeys/b2b-subscription/v2.yml",
    ]
    assert section(page, "alerts") and section(page, "missing_metrics")
    assert section(page, "planned_versions") == [
        "Acme Cloud for Business version 3 takes effect on 2027-02-01: Planned FY2027 state with "
        "expansion renamed to growth, a new advocacy stage and adoption owned by Product-led "
        "Growth."
    ]


def test_every_map_and_the_index_summarise_health(later: Path) -> None:
    summary = article(soup(later, "journeys/grocery-app")).select_one(".jm-health-summary")
    assert summary is not None
    tags = [a.get_text() for a in summary.select("a")]
    assert "Reviews overdue: 1" in tags and "Stale metrics: 8" in tags
    assert summary.select_one("a")["href"].startswith("../../health/#")
    index = article(soup(later, "journeys"))
    assert len(index.select(".jm-health-summary")) == 3


def test_stage_pages_with_stale_data_say_so(later: Path) -> None:
    banner = article(soup(later, "journeys/grocery-app/checkout")).select_one(".jm-stale")
    assert banner is not None
    assert "the latest snapshot is from 2026-11-16, more than 45 days before 2027-01-15" in text(
        banner
    )
    assert article(soup(later, "journeys/grocery-app/discover")).select_one(".jm-stale") is None


def test_staleness_is_info_unless_fail_on_names_it(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    relaxed = run_mkdocs(root, epoch=LATER)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "INFO    -  journeymap: health: reviews overdue: 2, stale metrics: 22" in relaxed.stderr

    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      content_dir: content\n",
            "      content_dir: content\n      fail_on: [overdue_review, stale_metrics]\n",
        )
    )
    strict = run_mkdocs(root, epoch=LATER)
    assert strict.returncode == 1
    warnings = [line for line in strict.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 24  # 2 reviews and 22 stale metrics, each named
    assert (
        "WARNING -  journeymap: content/journeys/grocery-app/v2.yml: Reviews overdue: "
        "Acme Fresh grocery app: review overdue since 2026-10-13" in strict.stderr
    )
    assert "Aborted with 24 warnings in strict mode!" in strict.stdout


def test_fail_on_rejects_unknown_kinds(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      content_dir: content\n", "      content_dir: content\n      fail_on: [stale]\n"
        )
    )
    result = run_mkdocs(root, epoch=LATER)
    assert result.returncode == 1
    assert "fail_on" in result.stderr and "stale_metrics" in result.stderr
