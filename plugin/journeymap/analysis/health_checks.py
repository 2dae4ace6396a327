"""The health checks: one function per kind of health item, each finding all of its kind.

`health.Health` runs them in the order of `health.KINDS`; a new kind is a function
here, a title there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from journeymap import routes
from journeymap.analysis.actions import OPEN, estimates
from journeymap.analysis.changes import place_of
from journeymap.analysis.hierarchy import Hierarchy
from journeymap.analysis.history_wording import and_list
from journeymap.analysis.trends import Trends
from journeymap.content.model import Content, Journey
from journeymap.content.schema import Stage
from journeymap.formatting import change_text


@dataclass(frozen=True)
class Item:
    """One thing to look at."""

    kind: str
    text: str
    page: str
    """Source path of the page where it shows."""
    fragment: str
    owner: str | None
    fix_in: str
    """The content file to edit (or the data feed to refresh)."""
    journey: str | None = None
    stage: str | None = None


@dataclass(frozen=True)
class Checkup:
    """What the checks look at: the content and its trends, as of the build date."""

    content: Content
    trends: Trends
    review_every_days: int
    """Review cadence of maps that do not set their own."""
    stale_before: dt.date
    """Snapshots older than this date are stale."""
    estimates: Mapping[str, str] = field(default_factory=estimates)
    """The opportunity estimates' names (`actions.estimates`)."""


def overdue_reviews(checkup: Checkup) -> list[Item]:
    """Journeys whose current version is past its review date."""
    today = checkup.content.today
    items = []
    for journey in checkup.content.journeys_by_title():
        version = journey.current
        due = version.review_due(checkup.review_every_days)
        if due < today:
            items.append(
                Item(
                    "overdue_review",
                    f"{version.title}: review overdue since {due} ({(today - due).days} days); "
                    f"last reviewed {version.last_review}. Once reviewed, set reviewed: to the "
                    f"day of the review in {journey.current_file.path.name} (the one field a "
                    "version in effect may change)",
                    routes.map_page(journey.id),
                    "",
                    version.owner,
                    _source(journey),
                    journey.id,
                )
            )
    return items


def stale_metrics(checkup: Checkup) -> list[Item]:
    """Metrics of a stage whose latest snapshot is older than `stale_before`."""
    today = checkup.content.today
    return [
        _about_stage(
            "stale_metrics",
            journey,
            stage,
            f"{trend.metric.title} last measured {trend.as_of} "
            f"({(today - trend.as_of).days} days ago)",
            fragment=f"metric-{trend.metric.id}",
            fix_in="snapshots/",
        )
        for journey, stage in _current_stages(checkup.content)
        for trend in checkup.trends.stage(journey, stage.id, stage.metrics)
        if trend.as_of < checkup.stale_before
    ]


def missing_metrics(checkup: Checkup) -> list[Item]:
    """Stages with no metric data at all."""
    return [
        _about_stage(
            "missing_metrics", journey, stage, "no metric data", fragment="", fix_in="snapshots/"
        )
        for journey, stage in _current_stages(checkup.content)
        if not checkup.trends.stage(journey, stage.id, None)
    ]


_NO_EVIDENCE = "no evidence (interviews, surveys, tickets, data) behind this stage"


def missing_evidence(checkup: Checkup) -> list[Item]:
    """Stages that cite no evidence."""
    return [
        _about_stage("missing_evidence", journey, stage, _NO_EVIDENCE, fragment="evidence")
        for journey, stage in _current_stages(checkup.content)
        if not stage.evidence
    ]


def no_target(checkup: Checkup) -> list[Item]:
    """Metrics without a target in `metrics.yml`."""
    return [
        Item(
            "no_target",
            f"{metric.title} has no target",
            routes.metric_page(metric.id),
            "",
            None,
            "metrics.yml",
        )
        for metric in checkup.content.metrics.values()
        if metric.target is None
    ]


def alerts(checkup: Checkup) -> list[Item]:
    """Metrics that moved the wrong way by at least their `alert_change`."""
    items = []
    for alert in checkup.trends.alerts():
        journey = checkup.content.journeys[alert.journey]
        place = place_of(checkup.content, alert)
        previous = alert.series.previous
        since = f" since {previous.date}" if previous else ""
        items.append(
            Item(
                "alerts",
                f"{place.where}: {alert.metric.title} ({alert.series.label.lower()}) moved "
                f"{change_text(alert.series.change or 0)}{since}",
                place.page,
                f"metric-{alert.metric.id}",
                place.owner,
                "snapshots/",
                journey.id,
                alert.stage,
            )
        )
    return items


def unowned_opportunities(checkup: Checkup) -> list[Item]:
    """Opportunities still open (not done or dropped) that nobody owns."""
    return [
        _about_stage(
            "unowned_opportunities",
            journey,
            stage,
            f"'{opportunity.title}' ({opportunity.status}) has no owner",
            fragment="opportunities",
        )
        for journey, stage in _current_stages(checkup.content)
        for opportunity in stage.opportunities
        if opportunity.owner is None and opportunity.status not in ("done", "dropped")
    ]


def unscored_opportunities(checkup: Checkup) -> list[Item]:
    """Open opportunities the action plan cannot rank: an estimate is missing."""
    items = []
    for journey, stage in _current_stages(checkup.content):
        for opportunity in stage.opportunities:
            missing = [
                words
                for name, words in checkup.estimates.items()
                if getattr(opportunity, name) is None
            ]
            if missing and opportunity.status in OPEN:
                what = f"'{opportunity.title}' ({opportunity.status}) has no {and_list(missing)}"
                items.append(
                    _about_stage(
                        "unscored_opportunities", journey, stage, what, fragment="opportunities"
                    )
                )
    return items


def dismay_without_opportunity(checkup: Checkup) -> list[Item]:
    """Dismay moments on a stage with no open opportunity: nothing planned to fix them."""
    return [
        _about_stage(
            "dismay_without_opportunity",
            journey,
            stage,
            f"dismay moment '{moment.title}' and no open opportunity",
            fragment="moments-of-truth",
        )
        for journey, stage in _current_stages(checkup.content)
        if not any(o.status in OPEN for o in stage.opportunities)
        for moment in stage.moments
        if moment.kind == "dismay"
    ]


def planned_versions(checkup: Checkup) -> list[Item]:
    """Versions whose effective date is still to come."""
    return [
        Item(
            "planned_versions",
            f"{version.title} version {version.version} takes effect on {version.effective}"
            + (f": {version.summary}" if version.summary else ""),
            routes.version_page(journey.id, version.version),
            "",
            version.owner,
            journey.files[version.version - 1].display,
            journey.id,
        )
        for journey in checkup.content.journeys_by_title()
        for version in journey.planned
    ]


def unused_media(checkup: Checkup) -> list[Item]:
    """Files under `media/` that no evidence or media entry names."""
    # Not published (only named files are): either name them, or delete them.
    return [
        Item(
            "unused_media",
            f"media/{path} is not named by any evidence or media entry, so it is not published",
            routes.EVIDENCE,
            "",
            None,
            f"media/{path}",
        )
        for path in checkup.content.unused_media
    ]


def orphaned_subjourneys(checkup: Checkup) -> list[Item]:
    """Sub-journeys whose `part_of` stage the parent's current version removed."""
    items = []
    for journey_id, place in Hierarchy(checkup.content).places.items():
        if place.stage is not None:
            continue
        journey = checkup.content.journeys[journey_id]
        items.append(
            Item(
                "orphaned_subjourneys",
                f"{journey.current.title} is part of stage '{place.stage_id}' of "
                f"{place.parent.current.title}, which its version {place.parent.current.version} "
                "removed: choose one of its current stages in part_of",
                routes.map_page(journey.id),
                "",
                journey.current.owner,
                _source(journey),
                journey.id,
            )
        )
    return items


def _current_stages(content: Content) -> Iterator[tuple[Journey, Stage]]:
    """Every stage of every journey's current version, journeys by title."""
    for journey in content.journeys_by_title():
        for stage in journey.current.stages:
            yield journey, stage


def _about_stage(
    kind: str, journey: Journey, stage: Stage, what: str, *, fragment: str, fix_in: str = ""
) -> Item:
    """An item shown on a stage's page, for the stage's owner to fix in `fix_in` (by
    default the journey's current version file)."""
    return Item(
        kind,
        f"{journey.current.title}, {stage.title}: {what}",
        routes.stage_page(journey.id, stage.id),
        fragment,
        stage.owner,
        fix_in or _source(journey),
        journey.id,
        stage.id,
    )


def _source(journey: Journey) -> str:
    return journey.current_file.display
