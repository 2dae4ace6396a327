"""Comparing customers, computed: segment tables and gaps (analysis.segments), customer
metrics against business results (analysis.correlation), on small content folders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from journeymap.analysis import correlation, segments
from journeymap.analysis.trends import Trend, Trends

from .contentkit import load, write_files, yaml_text

TODAY = dt.date(2026, 12, 1)

METRICS = yaml_text("""
    metrics:
      - {id: csat, title: Satisfaction, unit: "/5", min: 1, max: 5, better: higher, target: 4}
      - {id: ttv, title: Time to value, unit: " days", min: 0, better: lower}
      - {id: nps, title: NPS, min: -100, max: 100, better: higher, kind: survey}
      - {id: churn, title: Churn, unit: "%", min: 0, max: 100, better: lower, kind: business}
    """)
JOURNEY = yaml_text("""
    id: shop
    version: 1
    title: Shop
    effective: 2026-01-01
    stages:
      - {id: browse, title: Browse}
      - {id: pay, title: Pay}
    """)
HEADER = "journey,stage,metric,segment,value,responses\n"


def trends_of(tmp_path: Path, snapshots: dict[str, str]) -> Trends:
    files = {"metrics.yml": METRICS, "journeys/shop/v1.yml": JOURNEY}
    files |= {f"snapshots/{date}.csv": HEADER + rows for date, rows in snapshots.items()}
    write_files(tmp_path, files)
    return Trends(load(tmp_path, TODAY))


def stage_trends(trends: Trends) -> list[Trend]:
    journey = trends.content.journeys["shop"]
    return [t for s in journey.current.stages for t in trends.stage(journey, s.id, None)]


# --- segments --------------------------------------------------------------------------


def test_gap_from_a_tenth_of_the_range_and_the_worse_direction(tmp_path: Path) -> None:
    trends = trends_of(
        tmp_path,
        {
            "2026-11-01": (
                "shop,pay,csat,,3.5,200\n"
                "shop,pay,csat,Students,2.9,20\n"  # 0.6 below: 15% of the 1..5 range
                "shop,pay,csat,Families,3.85,90\n"  # 0.35 above: under 10%, not a gap
                "shop,browse,csat,,4.0,100\n"
                "shop,browse,csat,Students,4.4,50\n"  # exactly 0.4: a gap, a better one
            )
        },
    )
    gaps = segments.Gaps(trends).of(stage_trends(trends))
    found = [(g.trend.stage, g.segment.label, round(g.difference, 2), g.worse) for g in gaps]
    assert found == [("pay", "Students", -0.6, True), ("browse", "Students", 0.4, False)]


def test_without_bounds_the_scale_is_the_recorded_spread(tmp_path: Path) -> None:
    trends = trends_of(
        tmp_path,
        {
            "2026-10-01": "shop,pay,ttv,,10,\n",
            "2026-11-01": "shop,pay,ttv,,20,\nshop,pay,ttv,Enterprise,30,\nshop,pay,ttv,SMB,19,\n",
        },
    )
    finder = segments.Gaps(trends)
    assert finder.scale(trends.content.metrics["ttv"]) == 20  # 10 to 30
    (gap,) = finder.of(stage_trends(trends))  # SMB is 1 day (5%) off: not a gap
    assert (gap.segment.label, gap.difference, gap.worse) == ("Enterprise", 10, True)


def test_only_the_same_snapshot_is_compared_and_at_most_a_handful(tmp_path: Path) -> None:
    rows = "".join(f"shop,pay,csat,S{n},{1 + n * 0.1:.1f},\n" for n in range(8))
    trends = trends_of(
        tmp_path,
        {
            "2026-10-01": "shop,browse,csat,Old,1.0,\n",  # not measured with all customers
            "2026-11-01": "shop,browse,csat,,4.5,\nshop,pay,csat,,4.5,\n" + rows,
        },
    )
    gaps = segments.Gaps(trends).of(stage_trends(trends))
    assert len(gaps) == segments.MAX_GAPS
    assert [g.segment.label for g in gaps] == ["S0", "S1", "S2", "S3", "S4"]  # largest first


def test_table_has_all_customers_first_then_segments(tmp_path: Path) -> None:
    trends = trends_of(
        tmp_path,
        {
            "2026-10-01": "shop,pay,csat,,3.9,\nshop,pay,csat,B,3.0,\n",
            "2026-11-01": "shop,pay,csat,,4.1,\nshop,pay,csat,B,3.2,\nshop,browse,csat,A,4.5,10\n",
        },
    )
    (table,) = segments.tables(stage_trends(trends), trends.content.metrics.values())
    assert table.columns == ("All customers", "A", "B")
    browse, pay = table.rows
    assert browse.cells[0] is None and browse.cells[2] is None
    a = browse.cells[1]
    assert a is not None and a.change is None and browse.met(a) is True
    b = pay.cells[2]
    assert b is not None and round(b.change or 0, 2) == 0.2 and pay.met(b) is False


# --- correlation -----------------------------------------------------------------------


def test_pearson() -> None:
    assert correlation.pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1)
    assert correlation.pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1)
    assert correlation.pearson([1, 2, 3], [5, 5, 5]) is None  # a flat series says nothing


def months(count: int) -> list[str]:
    return [f"2026-{m:02d}-01" for m in range(1, count + 1)]


def test_headline_is_journey_nps_then_business_metrics_are_associated(tmp_path: Path) -> None:
    dates = months(9)
    snapshots = {
        d: f"shop,,nps,,{20 + i},\nshop,,churn,,{9 - i * 0.3:.1f},\nshop,pay,csat,,4,\n"
        for i, d in enumerate(dates)
    }
    trends = trends_of(tmp_path, snapshots)
    journey = trends.content.journeys["shop"]
    customer = correlation.headline(trends.journey(journey), stage_trends(trends), "csat")
    assert customer is not None and customer.metric.id == "nps"
    (churn,) = correlation.business(trends.journey(journey))
    association = correlation.associate(customer, churn)
    assert len(association.dates) == 9 and association.r == pytest.approx(-1)
    assert association.sentence() == (
        "Higher NPS went with lower Churn over the 9 snapshot dates with both "
        "(strong association, r = \u22121.00). This is an association over time, "
        "not proof that one causes the other."
    )


def test_without_a_journey_metric_satisfaction_is_averaged_over_stages(tmp_path: Path) -> None:
    snapshots = {
        "2026-01-01": "shop,browse,csat,,4,\nshop,pay,csat,,3,\nshop,pay,csat,Students,1,\n",
        "2026-02-01": "shop,pay,csat,,3.5,\n",
    }
    trends = trends_of(tmp_path, snapshots)
    journey = trends.content.journeys["shop"]
    customer = correlation.headline(trends.journey(journey), stage_trends(trends), "csat")
    assert customer is not None
    assert customer.values == {dt.date(2026, 1, 1): 3.5, dt.date(2026, 2, 1): 3.5}
    assert customer.label == "Satisfaction, mean of the stages measured"


@pytest.mark.parametrize(
    ("count", "churn", "sentence"),
    [
        pytest.param(
            7,
            lambda i: 5 + i,
            "NPS and Churn share 7 snapshot dates: at least 8 are needed before saying "
            "how they move together.",
            id="too-few-dates",
        ),
        pytest.param(
            8,
            lambda i: 5,
            "One of NPS and Churn did not change over the 8 shared snapshot dates.",
            id="flat",
        ),
        pytest.param(
            8,
            lambda i: [5, 7, 5, 7, 6, 6, 7, 5][i],
            "NPS and Churn moved largely independently over the 8 snapshot dates with both "
            "(no clear association, r = 0.06). This is an association over time, "
            "not proof that one causes the other.",
            id="independent",
        ),
    ],
)
def test_association_wording(tmp_path: Path, count: int, churn: object, sentence: str) -> None:
    assert callable(churn)
    snapshots = {
        d: f"shop,,nps,,{20 + i},\nshop,,churn,,{churn(i)},\n" for i, d in enumerate(months(count))
    }
    trends = trends_of(tmp_path, snapshots)
    journey = trends.content.journeys["shop"]
    customer = correlation.headline(trends.journey(journey), [], "csat")
    assert customer is not None
    (result,) = correlation.business(trends.journey(journey))
    assert correlation.associate(customer, result).sentence() == sentence
