"""The action plan on the site: /actions/, its matrix and CSV, ranks on stage pages and
maps, health kinds, the changelog, map.json, the JSON Schema and objects.inv."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from journeymap.analysis.actions import rank_actions
from journeymap.analysis.trends import Trends
from journeymap.content.schema import json_schema
from journeymap.site import matrix

from .conftest import REPO, build_example_once, copy_example, run_mkdocs
from .contentkit import load
from .test_actions import TODAY, by_hand, write_shop
from .test_build import article, text

BUILT = dt.date(2026, 11, 18)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example_once(tmp_path_factory, "actions")


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def ranked_rows(site: Path) -> list[BeautifulSoup]:
    table = article(soup(site, "actions")).select_one("#ranked").find_next("table")
    return table.select("tbody tr")


def test_actions_page_ranks_exactly_as_the_formula_by_hand(site: Path) -> None:
    rows = ranked_rows(site)
    expected = by_hand(REPO / "content", BUILT)
    assert [text(r.select("td")[1]) for r in rows] == [title for _, title, _ in expected]
    assert [text(r.select("td")[0]) for r in rows] == [str(n) for n in range(1, len(rows) + 1)]
    # Every factor is on the row: customer 4, business 5 -> value 4.5; effort 1.
    first = [text(td) for td in rows[0].select("td")]
    assert first[:2] == ["1", "Send renewal quotes 90 days ahead of term end"]
    assert first[2] == "Renewal Acme Cloud for Business"
    assert first[3:8] == ["Finance and Billing", "Planned", "4", "5", "4.5"]
    assert first[8].startswith("0.09 Customer satisfaction 3.83/5, target 4.2/5")
    assert first[9:13] == ["1", "1.34", "1", "6.04"]


def test_actions_page_lists_unscored_and_done_with_what_they_moved(site: Path) -> None:
    page = article(soup(site, "actions"))
    unscored = page.select_one("#not-scored-yet").find_next("table").select("tbody tr")
    assert [text(td) for td in unscored[0].select("td")][-1] == "business value, effort"
    done = page.select_one("#done").find_next("table").select("tbody tr")
    tracking = next(r for r in done if "Live courier tracking" in text(r))
    assert text(tracking.select("td")[-1]) == (
        "Customer satisfaction: 3.96/5 \u2192 4.31/5 +0.35 (means of 3 and 7 snapshots) "
        "Support tickets per 100 customers: 6.43 \u2192 5.24 \u22121.19 "
        "(means of 3 and 7 snapshots)"
    )
    keep = next(r for r in done if "Keep the basket" in text(r))
    assert text(keep.select("td")[-1]) == "No snapshots on both sides of the date"


def test_rank_changes_are_said_with_their_cause(site: Path) -> None:
    rows = {
        text(r.select("td")[1]): " ".join(r.select("td")[-1].get_text().split())
        for r in ranked_rows(site)
    }
    assert rows["Self-serve security and compliance pack in the trust centre"] == (
        "\u21911: Customer effort score rose from 2.84/7 to 2.91/7"
    )
    assert rows["Usage health score with alerts for Customer Success managers"] == (
        "\u21931: Support tickets per 100 customers fell from 9.3 to 8.8"
    )
    assert rows["Shareable executive usage report"] == "No change"
    header = article(soup(site, "actions")).select_one("#ranked").find_next("table")
    assert text(header.select("thead th")[-1]) == "Since 2026-10-12"


def test_matrix_has_a_linked_point_per_ranked_opportunity_and_named_quadrants(
    site: Path,
) -> None:
    page = article(soup(site, "actions"))
    svg = page.select_one("figure.jm-matrix svg")
    assert svg is not None
    assert svg["aria-label"] == "Open opportunities by value and effort"
    assert svg.select_one("title").get_text() == "Open opportunities by value and effort"
    points = svg.select("a.jm-point")
    rows = ranked_rows(site)
    assert len(points) == len(rows)
    ids = {r["id"] for r in rows}
    assert {p["xlink:href"].removeprefix("#") for p in points} == ids
    assert [t.get_text() for t in svg.select(".jm-quadrant text")] == [
        "Quick wins",
        "Big bets",
        "Fill-ins",
        "Reconsider",
    ]
    first = next(p for p in points if p.select_one("text").get_text() == "1")
    assert first.select_one("title").get_text() == (
        "#1 Send renewal quotes 90 days ahead of term end (Acme Cloud for Business, Renewal): "
        "value 4.5, effort 1, priority 6.04"
    )
    # The text alternative: each quadrant's opportunities, by rank.
    quadrants = {text(dt_): text(dt_.find_next("dd")) for dt_ in page.select("dl.jm-quadrants dt")}
    assert quadrants["Reconsider (low value, high effort)"] == "#12 Card payment for up to 50 seats"
    assert quadrants["Big bets (high value, high effort)"] == (
        "#13 Approve substitutions in the app before the courier leaves"
    )


def test_matrix_places_points_by_value_and_effort_and_is_deterministic(tmp_path: Path) -> None:
    write_shop(tmp_path)
    content = load(tmp_path, TODAY)
    ranked = rank_actions(content, Trends(content)).ranked
    svg = matrix.draw(ranked, "Title <&>")
    assert svg == matrix.draw(ranked, "Title <&>")
    assert "<title>Title &lt;&amp;&gt;</title>" in svg
    page = BeautifulSoup(svg, "html.parser")
    circles = {
        a.select_one("text").get_text(): (float(c["cx"]), float(c["cy"]))
        for a in page.select("a.jm-point")
        for c in [a.select_one("circle")]
    }
    # Better search: value 3, effort 2; Quicker checkout: value 3, effort 3.
    assert circles["1"][1] == circles["2"][1]
    assert circles["1"][0] < circles["2"][0]
    assert [matrix.quadrant(r).title for r in ranked] == ["Quick wins", "Quick wins"]


def test_csv_is_the_ranking_for_excel_and_issue_trackers(site: Path) -> None:
    data = (site / "actions/actions.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == [
        "rank", "journey", "stage", "opportunity", "owner", "status", "customer_value",
        "business_value", "effort", "value", "shortfall", "urgency", "priority", "url",
    ]  # fmt: skip
    titles = [title for _, title, _ in by_hand(REPO / "content", BUILT)]
    ranked = [r for r in rows[1:] if r[0]]
    assert [r[3] for r in ranked] == titles
    assert [int(r[0]) for r in ranked] == list(range(1, len(titles) + 1))
    assert ranked[0] == [
        "1", "Acme Cloud for Business", "Renewal", "Send renewal quotes 90 days ahead of term end",
        "Finance and Billing", "planned", "4", "5", "1", "4.5", "0.0925", "1.3425", "6.0412",
        "https://journeys.acme.example/journeys/b2b-subscription/renewal/#opportunities",
    ]  # fmt: skip
    unscored = [r for r in rows[1:] if not r[0]]
    assert [(r[3], r[6:13]) for r in unscored] == [
        ("Training sessions for Americas and APAC time zones", ["4", "", "", "", "", "", ""])
    ]
    assert data.count(b"\r\n") == len(rows)


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    v2 = root / "content/journeys/grocery-app/v2.yml"
    v2.write_text(
        v2.read_text().replace(
            "- title: Synonym search for produce names",
            '- title: "=HYPERLINK(\\"https://evil.example\\")"',
        )
    )
    result = run_mkdocs(root)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO((root / "site/actions/actions.csv").read_text("utf-8-sig"))))
    assert '\'=HYPERLINK("https://evil.example")' in [r[3] for r in rows]


def test_stage_pages_and_maps_show_rank_and_priority(site: Path) -> None:
    stage = article(soup(site, "journeys/b2b-subscription/renewal"))
    table = stage.select_one("#opportunities").find_next("table")
    cells = [text(td) for td in table.select("tbody tr")[0].select("td")]
    assert cells[-1] == "Rank #1 · priority 6.04"
    link = table.select_one("a.jm-rank")
    assert link["href"] == "../../../actions/#o-b2b-subscription--early-renewal-quotes"
    onboarding = article(soup(site, "journeys/b2b-subscription/onboarding"))
    assert "not scored" in text(onboarding.select_one("#opportunities").find_next("table"))
    journey_map = article(soup(site, "journeys/b2b-subscription"))
    lane = journey_map.select_one("tr.jm-lane-opportunities")
    assert [text(a) for a in lane.select("a.jm-rank")][:1] == ["Rank #10 · priority 1.25"]
    # The planned version's map is not the action plan: no ranks there.
    planned = article(soup(site, "journeys/b2b-subscription/v3"))
    assert planned.select("a.jm-rank") == []


def test_health_lists_unscored_opportunities_and_dismay_without_one(site: Path) -> None:
    page = article(soup(site, "health"))
    unscored = page.select_one("#unscored_opportunities").find_next("table")
    assert [text(tr.select("td")[0]) for tr in unscored.select("tbody tr")] == [
        "Acme Cloud for Business, Onboarding: 'Training sessions for Americas and APAC time "
        "zones' (idea) has no business value and effort"
    ]
    assert (
        page.select_one("#dismay_without_opportunity")
        .find_next("h2")
        .find_next_sibling("p")
        .get_text()
        == "None."
    )


def test_health_kinds_can_fail_the_build(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    v2 = root / "content/journeys/grocery-app/v2.yml"
    v2.write_text(
        v2.read_text().replace(
            "      - title: Approve substitutions in the app before the courier leaves\n"
            "        status: idea\n",
            "      - title: Approve substitutions in the app before the courier leaves\n"
            "        status: dropped\n",
        )
    )
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      content_dir: content\n",
            "      content_dir: content\n"
            "      fail_on: [unscored_opportunities, dismay_without_opportunity]\n",
        )
    )
    result = run_mkdocs(root)
    assert result.returncode == 1
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == [
        "WARNING -  journeymap: content/journeys/b2b-subscription/v2.yml: Opportunities not "
        "scored for the action plan: Acme Cloud for Business, Onboarding: 'Training sessions "
        "for Americas and APAC time zones' (idea) has no business value and effort",
        "WARNING -  journeymap: content/journeys/grocery-app/v2.yml: Dismay moments without an "
        "open opportunity: Acme Fresh grocery app, Delivery: dismay moment 'Chilled items "
        "delivered warm' and no open opportunity",
    ]


def test_changelog_reports_re_estimated_values(site: Path) -> None:
    history = text(article(soup(site, "journeys/b2b-subscription/history")))
    assert (
        "Opportunity 'Guided onboarding checklist in the admin console': effort re-estimated "
        "from 3 to 2." in history
    )


def test_map_json_and_the_json_schema_carry_the_estimates(site: Path) -> None:
    document = json.loads((site / "journeys/b2b-subscription/map.json").read_text())
    renewal = next(s for s in document["stages"] if s["id"] == "renewal")
    assert renewal["opportunities"][0] == {
        "title": "Send renewal quotes 90 days ahead of term end",
        "id": "early-renewal-quotes",
        "status": "planned",
        "owner": "Finance and Billing",
        "link": "https://intranet.acme.example/finance/renewal-process",
        "customer_value": 4,
        "business_value": 5,
        "effort": 1,
    }
    schema = json_schema("journey")["$defs"]["Opportunity"]["properties"]
    assert schema["effort"]["anyOf"][0] == {"maximum": 5, "minimum": 1, "type": "integer"}
    assert schema["id"]["anyOf"][0]["pattern"] == "^[a-z0-9]+(-[a-z0-9]+)*$"


def test_objects_inv_and_navigation_name_the_action_plan(site: Path) -> None:
    body = (site / "objects.inv").read_bytes().split(b"\n", 4)[4]
    lines = zlib.decompress(body).decode().splitlines()
    assert "actions std:doc -1 actions/ Action plan" in lines
    nav = soup(site, "actions").select_one("nav.md-nav--primary")
    assert "Action plan" in text(nav)


def test_the_landscape_says_which_dismay_moments_have_no_open_opportunity(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    v2 = root / "content/journeys/grocery-app/v2.yml"
    v2.write_text(
        v2.read_text().replace(
            "        status: idea\n        customer_value: 4\n",
            "        status: dropped\n        customer_value: 4\n",
        )
    )
    result = run_mkdocs(root)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((root / "site/journeys/index.html").read_text(), "html.parser")
    rows = {
        text(tr.select("td")[0]): text(tr.select("td")[-1])
        for tr in page.select("table.jm-moments tbody tr")
    }
    assert rows["Dismay Chilled items delivered warm"] == "None"
    assert rows["Dismay Basket lost after a failed payment"] == "1 open"
    assert rows["Delight Courier arrives early and texts ahead"] == ""


def test_the_matrix_draws_the_highest_ranked_when_there_are_many(tmp_path: Path) -> None:
    write_shop(tmp_path)
    content = load(tmp_path, TODAY)
    ranked = rank_actions(content, Trends(content)).ranked
    many = tuple(dataclasses.replace(ranked[n % 2], rank=n + 1) for n in range(matrix.SHOWN + 5))
    page = BeautifulSoup(matrix.draw(many, "Many"), "html.parser")
    labels = [int(a.select_one("text").get_text()) for a in page.select("a.jm-point")]
    assert sorted(labels) == list(range(1, matrix.SHOWN + 1))
    shown = [r.rank for _, found in matrix.by_quadrant(many) for r in found]
    assert sorted(shown) == list(range(1, matrix.SHOWN + 1))
