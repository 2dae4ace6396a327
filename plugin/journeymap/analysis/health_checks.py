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
from journeymap.analysis.changes import in_sentence, in_stage, place_of
from journeymap.analysis.hierarchy import Hierarchy
from journeymap.analysis.history_wording import and_list, day, quote, status_as_written
from journeymap.analysis.trends import Trends
from journeymap.content.model import Content, Journey
from journeymap.content.schema import Stage
from journeymap.formatting import change_text
from journeymap.i18n import N_, _, ngettext


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
                    ngettext(
                        # Translators: %(field)s is "reviewed:", the field of the version file
                        # %(file)s ("v3.yml"): both stay as they are.
                        "%(journey)s: review overdue since %(due)s (%(num)d day); last "
                        "reviewed %(reviewed)s. Once reviewed, set %(field)s to the day of the "
                        "review in %(file)s (the one field a version in effect may change)",
                        "%(journey)s: review overdue since %(due)s (%(num)d days); last "
                        "reviewed %(reviewed)s. Once reviewed, set %(field)s to the day of the "
                        "review in %(file)s (the one field a version in effect may change)",
                        (today - due).days,
                        journey=version.title,
                        due=day(due),
                        reviewed=day(version.last_review),
                        field="reviewed:",
                        file=journey.current_file.path.name,
                    ),
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
            ngettext(
                "%(metric)s last measured %(date)s (%(num)d day ago)",
                "%(metric)s last measured %(date)s (%(num)d days ago)",
                (today - trend.as_of).days,
                metric=trend.metric.title,
                date=day(trend.as_of),
            ),
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
            "missing_metrics", journey, stage, _("no metric data"), fragment="", fix_in="snapshots/"
        )
        for journey, stage in _current_stages(checkup.content)
        if not checkup.trends.stage(journey, stage.id, None)
    ]


_NO_EVIDENCE = N_("no evidence (interviews, surveys, tickets, data) behind this stage")


def missing_evidence(checkup: Checkup) -> list[Item]:
    """Stages that cite no evidence."""
    return [
        _about_stage("missing_evidence", journey, stage, _(_NO_EVIDENCE), fragment="evidence")
        for journey, stage in _current_stages(checkup.content)
        if not stage.evidence
    ]


def no_target(checkup: Checkup) -> list[Item]:
    """Metrics without a target in `metrics.yml`."""
    return [
        Item(
            "no_target",
            _("%(metric)s has no target", metric=metric.title),
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
        values = {
            "place": place.where,
            "metric": alert.metric.title,
            "series": in_sentence(alert.series.label),
            "change": change_text(alert.series.change or 0),
        }
        items.append(
            Item(
                "alerts",
                _(
                    "%(place)s: %(metric)s (%(series)s) moved %(change)s since %(date)s",
                    **values,
                    date=day(previous.date),
                )
                if previous
                else _("%(place)s: %(metric)s (%(series)s) moved %(change)s", **values),
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
            _(
                "%(opportunity)s (%(status)s) has no owner",
                opportunity=quote(opportunity.title),
                status=status_as_written(opportunity.status),
            ),
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
                what = _(
                    "%(opportunity)s (%(status)s) has no %(estimates)s",
                    opportunity=quote(opportunity.title),
                    status=status_as_written(opportunity.status),
                    estimates=and_list(missing),
                )
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
            _("dismay moment %(moment)s and no open opportunity", moment=quote(moment.title)),
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
            _(
                "%(journey)s version %(version)s takes effect on %(date)s: %(summary)s",
                journey=version.title,
                version=version.version,
                date=day(version.effective),
                summary=version.summary,
            )
            if version.summary
            else _(
                "%(journey)s version %(version)s takes effect on %(date)s",
                journey=version.title,
                version=version.version,
                date=day(version.effective),
            ),
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
            _(
                "%(file)s is not named by any evidence or media entry, so it is not published",
                file="media/" + path,
            ),
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
                _(
                    # Translators: %(field)s is "part_of", a field of the journey's file: it
                    # stays as it is.
                    "%(journey)s is part of stage %(stage)s of %(parent)s, which its version "
                    "%(version)s removed: choose one of its current stages in %(field)s",
                    journey=journey.current.title,
                    stage=quote(place.stage_id),
                    parent=place.parent.current.title,
                    version=place.parent.current.version,
                    field="part_of",
                ),
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
        # Translators: a health item about a stage: "Onboarding, Sign-up: no metric data".
        _(
            "%(stage)s: %(problem)s",
            stage=in_stage(journey.current.title, stage.title),
            problem=what,
        ),
        routes.stage_page(journey.id, stage.id),
        fragment,
        stage.owner,
        fix_in or _source(journey),
        journey.id,
        stage.id,
    )


def _source(journey: Journey) -> str:
    return journey.current_file.display
