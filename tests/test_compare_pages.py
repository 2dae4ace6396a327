"""Comparing customers on the built example site: persona emotions on the map and stage
pages, segment tables and gaps on the map and metric pages, business results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import Page, build_example_once
from .test_build import article, text


def words(element: BeautifulSoup) -> str:
    """The element's text as a reader sees it (no spaces added between inline elements)."""
    return " ".join(element.get_text().split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example_once(tmp_path_factory, "compare")


@pytest.fixture(scope="module")
def page(site: Path) -> Page:
    def read(url: str) -> BeautifulSoup:
        return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")

    return read


# --- persona emotions ------------------------------------------------------------------


def test_map_draws_a_curve_per_persona_with_a_legend(page: Page) -> None:
    row = article(page("journeys/grocery-app/")).select_one("tr.jm-lane-emotion")
    assert row is not None
    keys = [text(k) for k in row.select("th .jm-key-persona")]
    assert keys == ["Priya, busy parent", "Sam, student shopper"]
    cells = row.select("td")
    # Basket, checkout, payment issue and delivery (stages 4 to 7) have persona scores,
    # in a row: the first and last have one piece of each persona's line, the others two.
    pieces = [len(td.select("line.jm-persona")) for td in cells]
    assert pieces == [0, 0, 0, 2, 4, 4, 2, 0]
    assert {tuple(line["class"]) for line in cells[4].select("line.jm-persona")} == {
        ("jm-persona", "jm-persona-0"),
        ("jm-persona", "jm-persona-1"),
    }
    # The scores in words, beside the overall one: the curves' text alternative.
    scores = [words(li) for li in cells[4].select(".jm-persona-scores li")]
    # On the map, the persona's line key stands for its name (read out, not shown).
    assert scores == ["Priya, busy parent 3/5 Neutral", "Sam, student shopper 2/5 Unhappy"]
    assert cells[4].select_one(".jm-persona-scores .jm-sr") is not None
    assert "3/5 Neutral" in text(cells[4].select_one(".jm-score"))


def test_stage_page_lists_each_personas_score(page: Page) -> None:
    body = article(page("journeys/grocery-app/payment-issue/"))
    scores = [words(li) for li in body.select(".jm-persona-scores li")]
    assert scores == ["Priya, busy parent: 1/5 Frustrated", "Sam, student shopper: 2/5 Unhappy"]
    assert article(page("journeys/grocery-app/discover/")).select(".jm-persona-scores") == []


def test_history_reports_persona_emotion_changes(page: Page) -> None:
    body = text(article(page("journeys/b2b-subscription/history/")))
    # By name, as readers know the persona (issue 16), not by its id.
    assert "Emotion of persona 'Ines, IT admin' up from 1 (frustrated) to 3 (neutral)." in body


def test_map_json_and_mermaid_carry_the_example_persona_emotions(site: Path) -> None:
    data = json.loads((site / "journeys/grocery-app/map.json").read_text(encoding="utf-8"))
    checkout = next(s for s in data["stages"] if s["id"] == "checkout")
    assert checkout["emotion"]["personas"] == {"busy-parent": 3, "student-shopper": 2}
    mermaid = (site / "journeys/grocery-app/journey.mmd").read_text(encoding="utf-8")
    assert "      Checkout: 3: Priya busy parent, Sam student shopper" in mermaid


# --- segments --------------------------------------------------------------------------


def test_map_writes_out_the_largest_gaps_and_a_table_per_featured_metric(page: Page) -> None:
    body = article(page("journeys/grocery-app/"))
    gaps = [words(li) for li in body.select("ul.jm-gaps li")]
    assert gaps[0] == (
        "Worse Students at Checkout: Customer satisfaction 2.9/5, 0.6 below all customers "
        "(3.5/5) Low confidence: n=24"
    )
    assert 1 <= len(gaps) <= 5
    tables = body.select("table.jm-segments")
    titles = [text(t.caption).split(" by stage")[0] for t in tables]
    # Every metric featured on a stage, in catalog order.
    assert titles == [
        "Customer satisfaction",
        "Customer effort score",
        "Comment sentiment",
        "Churn rate",
        "Activation rate",
        "Support tickets per 100 customers",
    ]
    csat = tables[0]
    assert [text(th) for th in csat.select("thead th")] == [
        "Stage",
        "All customers",
        "Families",
        "Students",
    ]
    checkout = csat.select("tbody tr")[0]
    assert text(checkout.th) == "Checkout"
    students = checkout.select("td")[2]
    # Value, change, target in words (the colour only repeats it), low confidence.
    assert text(students) == "2.9/5 \u22120.15 misses target Low confidence: n=24"
    assert "jm-missed" in students["class"]
    assert "jm-met" in csat.select("tbody tr")[1].select("td")[1]["class"]


def test_metric_page_shows_stages_by_segment_for_every_journey(page: Page) -> None:
    body = article(page("metrics/csat/"))
    assert "By segment¶" in [words(h2) for h2 in body.select("h2")]  # ¶: the permalink
    tables = body.select("table.jm-segments")
    assert [text(t.caption).split(": ")[1].split(",")[0] for t in tables] == [
        "Acme Cloud for Business",
        "Acme Fresh grocery app",
    ]
    assert [text(th) for th in tables[0].select("tbody th")] == [
        "Evaluation",
        "Purchase",
        "Onboarding",
        "Renewal",
    ]
    gaps = [words(li) for li in body.select("ul.jm-gaps li")]
    assert gaps == [
        "Worse Students at Checkout: Customer satisfaction 2.9/5, 0.6 below all customers "
        "(3.5/5) Low confidence: n=24"
    ]


# --- business results ------------------------------------------------------------------


def test_map_sets_customer_metrics_beside_business_results(page: Page) -> None:
    body = article(page("journeys/b2b-subscription/"))
    section = body.select_one(".jm-business")
    assert section is not None
    assert [text(p) for p in section.select(".jm-association")] == [
        "Higher Net Promoter Score went with lower Churn rate over the 10 snapshot dates "
        "with both (strong association, r = \u22120.84). This is an association over time, "
        "not proof that one causes the other."
    ]
    charts = section.select("figure.jm-chart-small")
    assert [text(f.select_one(".jm-key")) for f in charts] == ["Net Promoter Score", "Churn rate"]
    # Aligned: the same plot area, whatever the width of each value axis' labels.
    plots = [f.select_one("svg") for f in charts]
    assert all(p is not None for p in plots)
    assert len({(p["data-plot"], p["data-dates"]) for p in plots if p is not None}) == 1
    # The charts' text alternative: every date, a column per metric.
    rows = section.select("details.jm-values tbody tr")
    assert len(rows) == 10
    assert [text(td) for td in rows[0].select("td")] == ["34", "6.1%"]
