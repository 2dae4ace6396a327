"""The action plan: scored opportunities, the ranking, why ranks moved, and bad estimates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from journeymap.analysis.actions import ActionPlan, rank_actions
from journeymap.analysis.trends import Trends
from journeymap.content.loader import load_content

from .conftest import REPO
from .contentkit import load, problem_lines, shown, write_files, yaml_text

TODAY = dt.date(2026, 8, 20)  # v2 (2026-07-20) in effect; the previous snapshot is 2026-07-01

METRICS = yaml_text(
    """
    metrics:
      - id: csat
        title: Customer satisfaction
        unit: /5
        min: 1
        max: 5
        better: higher
        target: 4
      - id: tickets
        title: Tickets
        better: lower
        target: 8
    """
)

V1 = yaml_text(
    """
    id: shop
    version: 1
    title: Shop
    effective: 2026-01-01
    stages:
      - id: browse
        title: Browse
        opportunities:
          - title: Better search
            status: idea
            customer_value: 3
            business_value: 3
            effort: 3
      - id: pay
        title: Pay
        opportunities:
          - title: Faster checkout
            id: fast-checkout
            status: planned
            customer_value: 4
            business_value: 2
            effort: 3
    """
)

V2 = yaml_text(
    """
    id: shop
    version: 2
    title: Shop
    effective: 2026-07-20
    summary: Re-estimated after the summer research.
    stages:
      - id: browse
        title: Browse
        moments:
          - title: Nothing found
            kind: dismay
        opportunities:
          - title: Better search
            status: idea
            customer_value: 3
            business_value: 3
            effort: 2
          - title: Saved lists
            status: idea
            customer_value: 2
      - id: pay
        title: Pay
        opportunities:
          - title: Quicker checkout
            id: fast-checkout
            status: planned
            customer_value: 4
            business_value: 2
            effort: 3
          - title: Gift cards
            status: done
            done_on: 2026-07-10
    """
)

SNAPSHOTS = {
    "snapshots/2026-06-01.csv": "journey,stage,metric,value\n"
    "shop,pay,csat,4.2\nshop,browse,tickets,6\nshop,pay,tickets,12\n",
    "snapshots/2026-07-01.csv": "journey,stage,metric,value\n"
    "shop,pay,csat,3.8\nshop,browse,tickets,7\n",
    "snapshots/2026-08-01.csv": "journey,stage,metric,value,segment\n"
    "shop,pay,csat,3.0,\nshop,pay,csat,1.0,new customers\nshop,browse,tickets,9,\n",
}


def write_shop(tmp_path: Path, v2: str = V2) -> None:
    write_files(
        tmp_path,
        {
            "metrics.yml": METRICS,
            "journeys/shop/v1.yml": V1,
            "journeys/shop/v2.yml": v2,
            **SNAPSHOTS,
        },
    )


def plan(tmp_path: Path, v2: str = V2) -> ActionPlan:
    write_shop(tmp_path, v2)
    content = load(tmp_path, TODAY)
    return ActionPlan(content, Trends(content))


# --- bad estimates stop the build -----------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "effort: 2\n",
            "effort: 7\n",
            "17: stage 'browse' (1st): opportunities[0].effort: 7 is above the maximum 5",
            id="above-5",
        ),
        pytest.param(
            "effort: 2\n",
            "effort: 0\n",
            "17: stage 'browse' (1st): opportunities[0].effort: 0 is below the minimum 1",
            id="below-1",
        ),
        pytest.param(
            "business_value: 3\n        effort: 2",
            "business_value: high\n        effort: 2",
            "16: stage 'browse' (1st): opportunities[0].business_value: expected a whole "
            "number, got 'high'",
            id="text",
        ),
        pytest.param(
            "customer_value: 3\n        business_value: 3\n        effort: 2",
            "customer_value: 3.5\n        business_value: 3\n        effort: 2",
            "15: stage 'browse' (1st): opportunities[0].customer_value: expected a whole "
            "number, got 3.5",
            id="fraction",
        ),
        pytest.param(
            "id: fast-checkout",
            "id: Fast Checkout",
            "25: stage 'pay' (2nd): opportunities[0].id: 'Fast Checkout' is not a valid id: "
            "use lowercase letters, digits and single hyphens (like 'free-trial')",
            id="not-a-slug",
        ),
        pytest.param(
            "      - title: Saved lists\n",
            "      - title: Saved lists\n        id: fast-checkout\n",
            "26: stage 'pay' (2nd): opportunities[0].id: 'fast-checkout' is already the id of "
            "the 2nd opportunity of stage 'browse': an opportunity's id is unique in the journey",
            id="duplicate-id",
        ),
    ],
)
def test_bad_estimates_and_ids_are_reported_at_their_line(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in V2
    write_shop(tmp_path, V2.replace(old, new, 1))
    assert problem_lines(tmp_path, TODAY) == [f"{shown('journeys/shop/v2.yml')}:{expected}"]


# --- scoring and ranking --------------------------------------------------------------


def test_every_factor_follows_the_formula(tmp_path: Path) -> None:
    now = plan(tmp_path).now
    by_title = {r.action.title: r for r in now.ranked}
    search = by_title["Better search"].score
    # tickets: 9 against a target of 8 (lower is better), in the recorded span 6..12;
    # one dismay moment.
    assert (search.value, search.effort, search.dismay) == (3, 2, 1)
    assert search.shortfall == pytest.approx(1 / 6)
    assert search.urgency == pytest.approx(1 + 1 / 6 + 0.25)
    assert search.priority == pytest.approx(3 * (1 + 1 / 6 + 0.25) / 2)
    # csat: all customers at 3.0 against 4 on a 1..5 scale (the segment's 1.0 is not
    # "all"); tickets on this stage were last recorded at 12, missing by 4 of 6.
    checkout = by_title["Quicker checkout"].score
    assert checkout.shortfall == pytest.approx(4 / 6)
    assert checkout.priority == pytest.approx(3 * (1 + 4 / 6) / 3)
    assert [r.action.title for r in now.ranked] == ["Better search", "Quicker checkout"]
    assert [(a.title, a.missing()) for a in now.unscored] == [
        ("Saved lists", ["business value", "effort"])
    ]
    assert [a.title for a in now.done] == ["Gift cards"]


def test_ties_go_by_journey_then_stage_then_title(tmp_path: Path) -> None:
    tied = V2.replace("Nothing found\n        kind: dismay", "Nothing found\n        kind: hygiene")
    write_shop(tmp_path, tied)
    (tmp_path / "content/snapshots").joinpath("2026-08-01.csv").unlink()
    (tmp_path / "content/snapshots").joinpath("2026-07-01.csv").unlink()
    (tmp_path / "content/snapshots").joinpath("2026-06-01.csv").unlink()
    even = tied.replace("effort: 2", "effort: 3").replace(
        "      - title: Saved lists\n        status: idea\n        customer_value: 2",
        "      - title: Another search\n        status: idea\n        customer_value: 3\n"
        "        business_value: 3\n        effort: 3",
    )
    write_files(tmp_path, {"journeys/shop/v2.yml": even})
    content = load(tmp_path, TODAY)
    ranked = rank_actions(content, Trends(content)).ranked
    # All priorities 1 x 3 / 3 = 1: Browse's two by title, then Pay's.
    assert [r.action.title for r in ranked] == [
        "Another search",
        "Better search",
        "Quicker checkout",
    ]


def test_rank_as_of_the_previous_snapshot_uses_the_version_and_values_of_then(
    tmp_path: Path,
) -> None:
    actions = plan(tmp_path)
    assert actions.previous_date == dt.date(2026, 7, 1)
    before = actions.before
    assert before is not None
    # On 2026-07-01, v1 was in effect: effort 3, no dismay; csat 3.8 and tickets 7 then.
    assert [r.action.title for r in before.ranked] == ["Faster checkout", "Better search"]
    search = before.ranked[1].score
    assert (search.effort, search.dismay, search.shortfall) == (3, 0, 0)


def test_rank_changes_say_why(tmp_path: Path) -> None:
    moves = {
        r.action.title: plan_moves.text
        for plan_ in [plan(tmp_path)]
        for r in plan_.now.ranked
        if (plan_moves := plan_.movements[r.action.anchor])
    }
    assert moves == {
        "Better search": "\u21911: effort re-estimated from 3 to 2; new dismay moment "
        "'Nothing found'; Tickets rose from 7 to 9",
        # Renamed, same id: the same opportunity. Its csat fell, but tickets set its
        # shortfall then and now: its priority held, and it was passed.
        "Quicker checkout": "\u21931: 'Better search' moved above it",
    }


def test_a_rank_that_moved_only_because_others_did_says_which(tmp_path: Path) -> None:
    v2 = V2.replace("Nothing found\n        kind: dismay", "Nothing found\n        kind: hygiene")
    v2 = v2.replace("effort: 2", "effort: 1", 1)
    write_shop(tmp_path, v2)
    write_files(
        tmp_path,
        {
            "snapshots/2026-08-01.csv": "journey,stage,metric,value\n"
            "shop,pay,csat,3.8\nshop,browse,tickets,7\n",
        },
    )
    content = load(tmp_path, TODAY)
    actions = ActionPlan(content, Trends(content))
    texts = [actions.movements[r.action.anchor].text for r in actions.now.ranked]
    assert texts == [
        "\u21911: effort re-estimated from 3 to 1",
        "\u21931: 'Better search' moved above it",
    ]


def test_new_and_newly_scored_opportunities(tmp_path: Path) -> None:
    v2 = V2.replace(
        "        customer_value: 2\n",
        "        customer_value: 2\n        business_value: 2\n        effort: 1\n",
    ).replace("Better search", "Smarter search")
    actions = plan(tmp_path, v2)
    marks = {r.action.title: actions.movements[r.action.anchor].text for r in actions.now.ranked}
    assert marks["Saved lists"] == "new: new opportunity"
    assert marks["Smarter search"] == "new: new opportunity"


def test_example_ranks_exactly_as_the_formula_computed_by_hand() -> None:
    """The example's ranking, recomputed here from the content files alone."""
    content = load_content(REPO / "content", display_root=REPO, today=dt.date(2026, 11, 18))
    computed = [
        (r.action.journey.id, r.action.title, round(r.score.priority, 6))
        for r in rank_actions(content, Trends(content)).ranked
    ]
    assert computed == by_hand(REPO / "content", dt.date(2026, 11, 18))
    assert len(computed) >= 10


def by_hand(root: Path, today: dt.date) -> list[tuple[str, str, float]]:
    """The spec's formula, from the YAML and CSV files, sharing no code with journeymap."""
    import csv

    metrics = {m["id"]: m for m in yaml.safe_load((root / "metrics.yml").read_text())["metrics"]}
    rows = []
    for path in sorted((root / "snapshots").glob("*.csv")):
        with path.open(encoding="utf-8-sig") as file:
            rows += [dict(row, date=path.stem) for row in csv.DictReader(file)]
    journeys = []
    for folder in (root / "journeys").iterdir():
        versions = [yaml.safe_load(p.read_text()) for p in folder.glob("v*.yml")]
        current = max((v for v in versions if v["effective"] <= today), key=lambda v: v["version"])
        journeys.append(current)
    journeys.sort(key=lambda v: (v["title"].lower(), v["id"]))
    found = []
    for j, version in enumerate(journeys):
        for s, stage in enumerate(version["stages"]):
            featured = stage.get("metrics") or sorted(
                {
                    r["metric"]
                    for r in rows
                    if r["journey"] == version["id"] and r["stage"] == stage["id"]
                }
            )
            misses = [0.0]
            for metric_id in featured:
                metric = metrics[metric_id]
                if metric.get("target") is None:
                    continue
                mine = [
                    r
                    for r in rows
                    if (r["journey"], r["stage"], r["metric"])
                    == (version["id"], stage["id"], metric_id)
                    and not r.get("segment")
                ]
                if not mine:
                    continue
                latest = float(max(mine, key=lambda r: r["date"])["value"])
                every = [float(r["value"]) for r in rows if r["metric"] == metric_id]
                low = metric.get("min", min(every))
                high = metric.get("max", max(every))
                gap = (
                    metric["target"] - latest
                    if metric["better"] == "higher"
                    else latest - metric["target"]
                )
                misses.append(min(1.0, max(0.0, gap) / (high - low)))
            dismay = sum(1 for m in stage.get("moments", []) if m["kind"] == "dismay")
            urgency = 1 + max(misses) + 0.25 * min(dismay, 2)
            for o in stage.get("opportunities", []):
                if o["status"] not in ("idea", "planned", "in-progress"):
                    continue
                if any(o.get(k) is None for k in ("customer_value", "business_value", "effort")):
                    continue
                value = (o["customer_value"] + o["business_value"]) / 2
                priority = value * urgency / o["effort"]
                found.append((-round(priority, 9), j, s, o["title"], version["id"], priority))
    return [(f[4], f[3], round(f[5], 6)) for f in sorted(found)]


def test_the_changelog_words_estimates_given_changed_and_dropped() -> None:
    from journeymap.analysis.history_fields import opportunity_changes
    from journeymap.content.schema import Stage

    def stage(**estimates: int) -> Stage:
        opportunity = {"title": "Faster checkout", "status": "idea", **estimates}
        return Stage.model_validate({"id": "pay", "title": "Pay", "opportunities": [opportunity]})

    assert opportunity_changes(stage(), stage(customer_value=4, effort=2)) == [
        "Opportunity 'Faster checkout': estimated: customer value 4 and effort 2."
    ]
    assert opportunity_changes(
        stage(customer_value=4, business_value=3, effort=3),
        stage(customer_value=5, business_value=3),
    ) == [
        "Opportunity 'Faster checkout': customer value re-estimated from 4 to 5.",
        "Opportunity 'Faster checkout': no longer estimated: effort (was 3).",
    ]
