"""Map health: what has gone stale, what is missing, and who can fix it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from journeymap import routes
from journeymap.analysis.changes import place_of
from journeymap.analysis.trends import Trends
from journeymap.content.model import Content, Journey
from journeymap.formatting import change_text

KINDS = {
    "overdue_review": "Reviews overdue",
    "stale_metrics": "Stale metrics",
    "missing_metrics": "Stages without metric data",
    "missing_evidence": "Stages without evidence",
    "no_target": "Metrics without a target",
    "alerts": "Alerts",
    "unowned_opportunities": "Opportunities without an owner",
    "planned_versions": "Planned versions coming up",
    "unused_media": "Media files nothing names",
}
"""Kinds of health item, in the order the health page shows them (and `fail_on` names)."""


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


class Health:
    """Every health item of a content folder, as of its build date."""

    def __init__(
        self, content: Content, trends: Trends, *, review_every_days: int, stale_after_days: int
    ) -> None:
        self.content = content
        self.trends = trends
        self.review_every_days = review_every_days
        self.stale_after_days = stale_after_days
        self.items = [
            *self._reviews(),
            *self._stale(),
            *self._missing(),
            *self._no_evidence(),
            *self._no_target(),
            *self._alerts(),
            *self._unowned(),
            *self._planned(),
            *self._unused_media(),
        ]

    def of_kind(self, kind: str) -> list[Item]:
        return [item for item in self.items if item.kind == kind]

    def of_journey(self, journey: str) -> list[Item]:
        return [item for item in self.items if item.journey == journey]

    def stale_before(self) -> dt.date:
        """Snapshots older than this date are stale."""
        return self.content.today - dt.timedelta(days=self.stale_after_days)

    def _source(self, journey: Journey) -> str:
        return journey.current_file.display

    def _reviews(self) -> list[Item]:
        items = []
        for journey in self.content.journeys_by_title():
            version = journey.current
            due = version.review_due(self.review_every_days)
            if due < self.content.today:
                days = (self.content.today - due).days
                items.append(
                    Item(
                        "overdue_review",
                        f"{version.title}: review overdue since {due} ({days} days); "
                        f"last reviewed {version.last_review}",
                        routes.map_page(journey.id),
                        "",
                        version.owner,
                        self._source(journey),
                        journey.id,
                    )
                )
        return items

    def _stale(self) -> list[Item]:
        items = []
        limit = self.stale_before()
        for journey in self.content.journeys_by_title():
            for stage in journey.current.stages:
                for trend in self.trends.stage(journey, stage.id, stage.metrics):
                    if trend.as_of < limit:
                        items.append(
                            Item(
                                "stale_metrics",
                                f"{journey.current.title}, {stage.title}: {trend.metric.title} "
                                f"last measured {trend.as_of} "
                                f"({(self.content.today - trend.as_of).days} days ago)",
                                routes.stage_page(journey.id, stage.id),
                                f"metric-{trend.metric.id}",
                                stage.owner,
                                "snapshots/",
                                journey.id,
                                stage.id,
                            )
                        )
        return items

    def _missing(self) -> list[Item]:
        items = []
        for journey in self.content.journeys_by_title():
            for stage in journey.current.stages:
                if not self.trends.stage(journey, stage.id, None):
                    items.append(
                        Item(
                            "missing_metrics",
                            f"{journey.current.title}, {stage.title}: no metric data",
                            routes.stage_page(journey.id, stage.id),
                            "",
                            stage.owner,
                            "snapshots/",
                            journey.id,
                            stage.id,
                        )
                    )
        return items

    def _no_evidence(self) -> list[Item]:
        return [
            Item(
                "missing_evidence",
                f"{journey.current.title}, {stage.title}: no evidence (interviews, surveys, "
                "tickets, data) behind this stage",
                routes.stage_page(journey.id, stage.id),
                "evidence",
                stage.owner,
                self._source(journey),
                journey.id,
                stage.id,
            )
            for journey in self.content.journeys_by_title()
            for stage in journey.current.stages
            if not stage.evidence
        ]

    def _unused_media(self) -> list[Item]:
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
            for path in self.content.unused_media
        ]

    def _no_target(self) -> list[Item]:
        return [
            Item(
                "no_target",
                f"{metric.title} has no target",
                routes.metric_page(metric.id),
                "",
                None,
                "metrics.yml",
            )
            for metric in self.content.metrics.values()
            if metric.target is None
        ]

    def _alerts(self) -> list[Item]:
        items = []
        for alert in self.trends.alerts():
            journey = self.content.journeys[alert.journey]
            place = place_of(self.content, alert)
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

    def _unowned(self) -> list[Item]:
        items = []
        for journey in self.content.journeys_by_title():
            for stage in journey.current.stages:
                for opportunity in stage.opportunities:
                    if opportunity.owner is None and opportunity.status not in ("done", "dropped"):
                        items.append(
                            Item(
                                "unowned_opportunities",
                                f"{journey.current.title}, {stage.title}: '{opportunity.title}' "
                                f"({opportunity.status}) has no owner",
                                routes.stage_page(journey.id, stage.id),
                                "opportunities",
                                stage.owner,
                                self._source(journey),
                                journey.id,
                                stage.id,
                            )
                        )
        return items

    def _planned(self) -> list[Item]:
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
            for journey in self.content.journeys_by_title()
            for version in journey.planned
        ]
