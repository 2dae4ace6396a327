"""The site-wide record of change: versions, finished opportunities, alerts, redirects."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from functools import cached_property

from journeymap import i18n, routes
from journeymap.analysis.hierarchy import steps
from journeymap.analysis.history import VersionChanges, history
from journeymap.analysis.history_wording import day, quote
from journeymap.analysis.trends import TOLERANCE, Alert, Trends, lineage
from journeymap.content.model import Content, Journey
from journeymap.content.schema import Stage
from journeymap.content.series import Measurement
from journeymap.formatting import change_text, change_unit
from journeymap.i18n import _, ngettext

_NAMESPACE = uuid.UUID("6f1c7c2e-2b1e-4f0f-9a57-3d3c0c6a8e11")
"""Feed entry ids are uuid5 names in this namespace: stable whatever the site's address."""


@dataclass(frozen=True)
class Event:
    """One thing that happened, for `/changes/` and its feed."""

    date: dt.date
    kind: str
    """`version`, `opportunity`, `alert` or `subjourney`."""
    journey: Journey
    title: str
    lines: tuple[str, ...]
    page: str
    """Source path of the page that tells more."""
    fragment: str
    key: str

    @property
    def id(self) -> str:
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, self.key)}"


@dataclass(frozen=True)
class Place:
    """Where an alert happened, for readers: the stage (if any), in words, and its page."""

    stage: Stage | None
    where: str
    page: str
    owner: str | None


def place_of(content: Content, alert: Alert) -> Place:
    journey = content.journeys[alert.journey]
    stage = next((s for s in journey.current.stages if s.id == alert.stage), None)
    if stage is None:
        return Place(
            None, journey.current.title, routes.map_page(journey.id), journey.current.owner
        )
    return Place(
        stage,
        in_stage(journey.current.title, stage.title),
        routes.stage_page(journey.id, stage.id),
        stage.owner or journey.current.owner,
    )


def in_stage(journey: str, stage: str) -> str:
    """`Onboarding, Sign-up`: a stage of a journey, named in a sentence."""
    # Translators: a stage of a journey, as an alert or a health item names it.
    return _("%(journey)s, %(stage)s", journey=journey, stage=stage)


def in_sentence(label: str) -> str:
    """A label inside a sentence (a series', a health kind's): English writes it in small
    letters (`all customers`); other languages keep the capitals (German nouns)."""
    return label.lower() if i18n.current().code == i18n.SOURCE else label


@dataclass(frozen=True)
class Redirect:
    """An old stage URL and where it now leads."""

    stage: str
    """The old stage id."""
    old: str
    """Source path the old stage page had."""
    target: str
    fragment: str
    reason: str


class Changes:
    """Histories of every journey, and the events and redirects that follow from them."""

    def __init__(
        self,
        content: Content,
        trends: Trends,
        *,
        audience: str = "customers",
        audience_one: str = "customer",
    ) -> None:
        self.content = content
        self.trends = trends
        titles = {id: entry.title for id, entry in content.evidence.items()}
        names = {p.id: p.name for p in content.personas.values()}
        self.histories = {
            j.id: history(j.versions, titles, names, audience, audience_one)
            for j in content.journeys.values()
        }
        self._redirects: dict[str, list[Redirect]] = {}

    def of(self, journey: Journey, version: int) -> VersionChanges:
        return self.histories[journey.id][version - 1]

    @cached_property
    def events(self) -> list[Event]:
        """Everything that happened up to the build date, newest first."""
        found: list[Event] = []
        for journey in self.content.journeys_by_title():
            found += self._versions(journey)
            found += self._opportunities(journey)
        found += _alert_events(self.content, self.trends)
        found += self._subjourneys()
        return sorted(found, key=lambda e: (e.date, e.journey.id, e.kind, e.key), reverse=True)

    def _versions(self, journey: Journey) -> list[Event]:
        events = []
        for changes in self.histories[journey.id]:
            version = changes.version
            if version.effective > self.content.today:
                continue
            if changes.previous is None:
                title = ngettext(
                    "%(journey)s: first map, %(num)d stage",
                    "%(journey)s: first map, %(num)d stages",
                    len(version.stages),
                    journey=version.title,
                )
                lines: tuple[str, ...] = ()
            else:
                title = _(
                    "%(journey)s version %(version)s: %(summary)s",
                    journey=version.title,
                    version=version.version,
                    summary=version.summary,
                )
                lines = changes.journey + tuple(
                    # Translators: a stage's changes in a version, on /changes/ and its feed.
                    _(
                        "%(stage)s: %(changes)s",
                        stage=entry.title,
                        changes=" ".join(entry.sentences),
                    )
                    for entry in changes.stages
                )
            events.append(
                Event(
                    version.effective,
                    "version",
                    journey,
                    title,
                    lines,
                    routes.history_page(journey.id),
                    f"v{version.version}",
                    f"{journey.id}/v{version.version}",
                )
            )
        return events

    def _opportunities(self, journey: Journey) -> list[Event]:
        """Opportunities marked done (with a date), once each, on their current stage."""
        seen: dict[tuple[str, dt.date], Event] = {}
        by_id = {s.id: s for s in journey.current.stages}
        heirs = _heirs(journey)
        for version in journey.versions:
            if version.effective > self.content.today:
                continue
            for stage in version.stages:
                for opportunity in stage.opportunities:
                    done = opportunity.done_on
                    if opportunity.status != "done" or done is None or done > self.content.today:
                        continue
                    # Its own stage first: after a split that kept the id, the other
                    # part's lineage names it too.
                    home = by_id.get(stage.id) or heirs.get(stage.id)
                    page = (
                        routes.stage_page(journey.id, home.id)
                        if home
                        else routes.map_page(journey.id)
                    )
                    key = (opportunity.title, done)
                    seen[key] = Event(
                        done,
                        "opportunity",
                        journey,
                        _("Done: %(opportunity)s", opportunity=opportunity.title),
                        (_done_where(journey, home or stage, opportunity.owner),),
                        page,
                        "opportunities",
                        f"{journey.id}/opportunity/{opportunity.title}/{done}",
                    )
        return list(seen.values())

    def _subjourneys(self) -> list[Event]:
        """A sub-journey added under a journey, moved within it, gone, or changed: a line
        on the parent's side, linking to the sub-journey's history."""
        return [
            Event(
                step.date,
                "subjourney",
                step.parent,
                _("%(journey)s: %(change)s", journey=step.parent.current.title, change=step.text),
                (),
                routes.history_page(step.journey.id),
                f"v{step.version.version}",
                f"{step.parent.id}/subjourney/{step.journey.id}/v{step.version.version}",
            )
            for of_parent in steps(self.content).values()
            for step in of_parent
        ]

    def redirects(self, journey: Journey) -> list[Redirect]:
        """Every stage id of an earlier version that the current version no longer has."""
        if journey.id not in self._redirects:  # asked for by the version maps and the files
            self._redirects[journey.id] = self._find_redirects(journey)
        return self._redirects[journey.id]

    def _find_redirects(self, journey: Journey) -> list[Redirect]:
        current = journey.current
        current_ids = {s.id for s in current.stages}
        earlier = [v for v in journey.versions if v.version < current.version]
        old_ids = sorted({s.id for v in earlier for s in v.stages} - current_ids)
        heirs = _heirs(journey)
        found = []
        for old in old_ids:
            heir = heirs.get(old)
            if heir is not None:
                renamed = any(s.id == old and s.own for s in self.trends.sources(journey, heir.id))
                found.append(
                    Redirect(
                        old,
                        routes.stage_page(journey.id, old),
                        routes.stage_page(journey.id, heir.id),
                        "",
                        _("%(old)s was renamed %(title)s", old=quote(old), title=heir.title)
                        if renamed
                        else _(
                            "%(old)s is now part of %(title)s", old=quote(old), title=heir.title
                        ),
                    )
                )
                continue
            last = max(v.version for v in earlier if old in {s.id for s in v.stages})
            found.append(
                Redirect(
                    old,
                    routes.stage_page(journey.id, old),
                    routes.history_page(journey.id),
                    f"v{last + 1}",
                    _(
                        "%(old)s was removed in version %(version)s",
                        old=quote(old),
                        version=last + 1,
                    ),
                )
            )
        return found


def _alert_events(content: Content, trends: Trends) -> list[Event]:
    """Every move between two snapshots that was an alert when the later one came.

    Each is worked out from the values up to its own date: a later snapshot adds
    entries, and never changes or removes what an earlier date's entry says.
    """
    events = []
    for metric in content.metrics.values():
        if metric.alert_change is None:
            continue
        for trend in trends.metric(metric):
            for series in trend.series:
                values = series.values()
                for at in range(1, len(values)):
                    change = values[at] - values[at - 1]
                    if trend.is_bad(change) and abs(change) + TOLERANCE >= metric.alert_change:
                        alert = Alert(trend.journey, trend.stage, metric, series)
                        events.append(
                            _alert_event(content, alert, series.point(at - 1), series.point(at))
                        )
    return events


def _alert_event(
    content: Content, alert: Alert, previous: Measurement, latest: Measurement
) -> Event:
    journey = content.journeys[alert.journey]
    place = place_of(content, alert)
    unit = alert.metric.unit or ""
    return Event(
        latest.date,
        "alert",
        journey,
        _(
            "Alert: %(metric)s %(series)s moved %(change)s at %(place)s",
            metric=alert.metric.title,
            series=in_sentence(alert.series.label),
            change=change_text(latest.value - previous.value) + change_unit(unit),
            place=place.where,
        ),
        (
            _(
                "From %(old)s on %(old_date)s to %(new)s on %(new_date)s.",
                old=i18n.current().recorded(previous.text) + unit,
                old_date=day(previous.date),
                new=i18n.current().recorded(latest.text) + unit,
                new_date=day(latest.date),
            ),
        ),
        place.page,
        f"metric-{alert.metric.id}",
        f"alert/{journey.id}/{alert.stage}/{alert.metric.id}/{alert.series.label}/{latest.date}",
    )


def _done_where(journey: Journey, stage: Stage, owner: str | None) -> str:
    """`Onboarding, Sign-up, owned by Sales`: where a finished opportunity was, and whose."""
    if owner:
        return _(
            "%(journey)s, %(stage)s, owned by %(owner)s",
            journey=journey.current.title,
            stage=stage.title,
            owner=owner,
        )
    return in_stage(journey.current.title, stage.title)


def _heirs(journey: Journey) -> dict[str, Stage]:
    """Old stage id -> the first current stage whose lineage names it (its own id too)."""
    found: dict[str, Stage] = {}
    for stage in journey.current.stages:
        for old in lineage(journey, stage.id):
            found.setdefault(old, stage)
    return found
