"""Series, changes, targets and alerts computed from snapshots."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from journeymap.analysis.trends import Trends, lineage
from journeymap.content.loader import load_content

from .conftest import REPO

TODAY = dt.date(2026, 11, 18)


@pytest.fixture(scope="module")
def trends() -> Trends:
    return Trends(load_content(REPO / "content", display_root=REPO, today=TODAY))


def test_lineage_follows_replacements_across_versions(trends: Trends) -> None:
    b2b = trends.content.journeys["b2b-subscription"]
    assert lineage(b2b, "evaluation") == ["evaluation", "demo", "free-trial"]
    assert lineage(b2b, "onboarding") == ["onboarding", "setup"]
    assert lineage(b2b, "awareness") == ["awareness"]


def test_a_renamed_stage_shows_the_old_rows_as_its_own_history(trends: Trends) -> None:
    b2b = trends.content.journeys["b2b-subscription"]
    csat = next(t for t in trends.stage(b2b, "onboarding", None) if t.metric.id == "csat")
    headline = csat.headline
    assert headline.label == "All customers"
    assert [p.stage for p in headline.points[:2]] == ["setup", "setup"]
    assert {p.stage for p in headline.points[2:]} == {"onboarding"}
    assert [p.date for p in headline.points] == sorted(p.date for p in headline.points)


def test_a_merged_stage_keeps_each_old_stage_apart(trends: Trends) -> None:
    b2b = trends.content.journeys["b2b-subscription"]
    csat = next(t for t in trends.stage(b2b, "evaluation", None) if t.metric.id == "csat")
    assert [s.label for s in csat.series] == ["All customers", "Enterprise", "SMB"]
    earlier = [s.label for s in csat.earlier]
    assert "All customers, before the change (as Sales demo)" in earlier
    assert "All customers, before the change (as Free trial)" in earlier
    assert {p.stage for p in csat.headline.points} == {"evaluation"}


def test_featured_metrics_follow_the_stage_list(trends: Trends) -> None:
    grocery = trends.content.journeys["grocery-app"]
    checkout = grocery.current.stages[4]
    assert checkout.id == "checkout"
    featured = [t.metric.id for t in trends.stage(grocery, "checkout", checkout.metrics)]
    assert featured == list(checkout.metrics or [])


def test_the_example_has_exactly_one_alert(trends: Trends) -> None:
    alerts = trends.alerts()
    assert [(a.journey, a.stage, a.metric.id, a.series.label) for a in alerts] == [
        ("grocery-app", "checkout", "csat", "All customers")
    ]
    assert round(alerts[0].series.change or 0, 2) == -0.4


def test_journey_level_metrics(trends: Trends) -> None:
    grocery = trends.content.journeys["grocery-app"]
    found = {t.metric.id: t for t in trends.journey(grocery)}
    assert set(found) == {"nps", "churn"}
    assert found["nps"].stage is None
    assert [s.label for s in found["nps"].series] == ["All customers", "Families", "Students"]


def write(folder: Path, snapshots: dict[str, str]) -> None:
    """A one-stage journey, a two-metric catalog and the given snapshot files."""
    (folder / "content/journeys/j").mkdir(parents=True)
    (folder / "content/snapshots").mkdir()
    (folder / "content/journeys/j/v1.yml").write_text(
        "id: j\nversion: 1\ntitle: J\neffective: 2026-01-01\nstages:\n  - {id: s, title: S}\n"
    )
    (folder / "content/metrics.yml").write_text(
        "metrics:\n"
        "  - {id: csat, title: CSAT, better: higher, target: 4, alert_change: 0.3}\n"
        "  - {id: effort, title: Effort, better: lower, alert_change: 0.5}\n"
    )
    for name, text in snapshots.items():
        (folder / "content/snapshots" / name).write_text(text)


@pytest.mark.parametrize(
    ("metric", "before", "after", "alert", "met"),
    [
        ("csat", "4.2", "3.9", True, False),  # down 0.3: exactly the threshold
        ("csat", "4.2", "3.95", False, False),  # down less than the threshold
        ("csat", "3.5", "4.5", False, True),  # a big move the good way
        ("effort", "2.0", "2.5", True, None),  # lower is better: up 0.5 is bad
        ("effort", "2.5", "2.0", False, None),
    ],
)
def test_alerts_and_targets(tmp_path: Path, metric, before, after, alert, met) -> None:
    header = "journey,stage,metric,value\n"
    write(
        tmp_path,
        {
            "2026-01-05.csv": f"{header}j,s,{metric},{before}\n",
            "2026-02-02.csv": f"{header}j,s,{metric},{after}\n",
        },
    )
    content = load_content(tmp_path / "content", display_root=tmp_path, today=TODAY)
    (trend,) = Trends(content).stage(content.journeys["j"], "s", None)
    assert bool(trend.alerts) is alert
    assert trend.target_met() is met
    assert trend.as_of == dt.date(2026, 2, 2)


def restructured(folder: Path, v2_stages: str, rows: list[str]) -> Trends:
    """Journey `clinic`: v1 has `tests` and `waiting`; v2 (2026-10-05) has `v2_stages`."""
    journey = folder / "content/journeys/clinic"
    journey.mkdir(parents=True)
    (folder / "content/snapshots").mkdir()
    (journey / "v1.yml").write_text(
        "id: clinic\nversion: 1\ntitle: Clinic\neffective: 2026-01-01\nstages:\n"
        "  - {id: waiting, title: Waiting room}\n  - {id: tests, title: Tests}\n"
    )
    (journey / "v2.yml").write_text(
        "id: clinic\nversion: 2\ntitle: Clinic\neffective: 2026-10-05\nsummary: Split\n"
        "stages:\n" + v2_stages
    )
    (folder / "content/metrics.yml").write_text(
        "metrics:\n  - {id: csat, title: CSAT, better: higher, min: 1, max: 5, alert_change: 0.3}\n"
    )
    header = "journey,stage,metric,value\n"
    by_date: dict[str, list[str]] = {}
    for row in rows:
        date, rest = row.split(" ", 1)
        by_date.setdefault(date, []).append(rest)
    for date, lines in by_date.items():
        (folder / f"content/snapshots/{date}.csv").write_text(header + "\n".join(lines) + "\n")
    return Trends(load_content(folder / "content", display_root=folder, today=TODAY))


SPLIT = (
    "  - {id: waiting, title: Waiting room}\n"
    "  - {id: blood-tests, title: Blood tests, replaces: [tests]}\n"
    "  - {id: results, title: Results, replaces: [tests]}\n"
)


def test_split_parts_show_the_old_values_as_earlier_never_as_their_own(tmp_path: Path) -> None:
    trends = restructured(
        tmp_path,
        SPLIT,
        [
            "2026-09-07 clinic,tests,csat,2.9",
            "2026-10-05 clinic,tests,csat,2.4",
            "2026-11-02 clinic,results,csat,3.4",
        ],
    )
    clinic = trends.content.journeys["clinic"]
    # Blood tests has no value of its own: no latest value, no change, nothing stale.
    assert trends.stage(clinic, "blood-tests", None) == []
    (before,) = trends.earlier_only(clinic, "blood-tests", None)
    assert [s.label for s in before.earlier] == ["All customers, before the change (as Tests)"]
    assert [p.value for p in before.earlier[0].points] == [2.9, 2.4]
    # Results' latest is its own; no change "since" a value of the old stage, no alert.
    (results,) = trends.stage(clinic, "results", None)
    assert results.headline.latest.value == 3.4
    assert results.headline.change is None and results.alerts == ()
    assert results.as_of == dt.date(2026, 11, 2)
    assert [p.value for p in results.earlier[0].points] == [2.9, 2.4]
    assert results.dates == [dt.date(2026, 9, 7), dt.date(2026, 10, 5), dt.date(2026, 11, 2)]


def test_a_rename_continues_the_series(tmp_path: Path) -> None:
    renamed = (
        "  - {id: queue, title: Clinic queue, replaces: [waiting]}\n  - {id: tests, title: Tests}\n"
    )
    trends = restructured(
        tmp_path,
        renamed,
        ["2026-09-07 clinic,waiting,csat,3.5", "2026-11-02 clinic,queue,csat,3.0"],
    )
    (queue,) = trends.stage(trends.content.journeys["clinic"], "queue", None)
    assert [p.value for p in queue.headline.points] == [3.5, 3.0]
    assert queue.earlier == () and len(queue.alerts) == 1


def test_a_split_that_keeps_an_id_shows_the_old_values_as_earlier_on_both_parts(
    tmp_path: Path,
) -> None:
    kept = (
        "  - {id: waiting, title: Waiting room}\n  - {id: tests, title: Blood tests}\n"
        "  - {id: results, title: Results, replaces: [tests]}\n"
    )
    trends = restructured(
        tmp_path,
        kept,
        ["2026-09-07 clinic,tests,csat,2.9", "2026-11-02 clinic,tests,csat,3.8"],
    )
    clinic = trends.content.journeys["clinic"]
    (tests,) = trends.stage(clinic, "tests", None)
    # The part that kept the id: its own values start at the split; those before are
    # the whole old stage's, marked with its title then.
    assert [p.value for p in tests.headline.points] == [3.8]
    assert [s.label for s in tests.earlier] == ["All customers, before the change (as Tests)"]
    assert [p.value for p in tests.earlier[0].points] == [2.9]
    assert trends.stage(clinic, "results", None) == []
    (results,) = trends.earlier_only(clinic, "results", None)
    assert [s.label for s in results.earlier] == ["All customers, before the change (as Tests)"]
    assert [p.value for p in results.earlier[0].points] == [2.9]  # not Blood tests' 3.8
