"""Metric series and what they say: latest values, changes, targets and alerts.

A series is one metric for one segment of one stage (or of the whole journey),
over snapshot dates. A stage's series include the rows recorded under the ids it
`replaces`, in any version, so a renamed or merged stage keeps its history.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from journeymap.content.model import Content, Journey, Measurement
from journeymap.content.schema import Metric

ALL_CUSTOMERS = "All customers"
_TOLERANCE = 1e-9  # float noise must not hide or raise an alert exactly at the threshold


@dataclass(frozen=True)
class Series:
    """One segment's values of one metric, oldest first."""

    label: str
    points: tuple[Measurement, ...]

    @property
    def latest(self) -> Measurement:
        return self.points[-1]

    @property
    def previous(self) -> Measurement | None:
        return self.points[-2] if len(self.points) > 1 else None

    @property
    def change(self) -> float | None:
        """The move between the two latest values."""
        return self.latest.value - self.previous.value if self.previous else None


@dataclass(frozen=True)
class Alert:
    """A series that moved in the bad direction by at least the metric's `alert_change`."""

    journey: str
    stage: str | None
    metric: Metric
    series: Series


@dataclass(frozen=True)
class Trend:
    """One metric on one stage (or journey-level): every segment's series."""

    journey: str
    stage: str | None
    metric: Metric
    series: tuple[Series, ...]
    """All customers first (when measured), then segments by name."""

    @property
    def headline(self) -> Series:
        return self.series[0]

    @property
    def as_of(self) -> dt.date:
        return max(s.latest.date for s in self.series)

    @property
    def dates(self) -> list[dt.date]:
        return sorted({p.date for s in self.series for p in s.points})

    @property
    def notes(self) -> list[Measurement]:
        """Values recorded with a note, newest first."""
        noted = [p for s in self.series for p in s.points if p.note]
        return sorted(noted, key=lambda p: p.date, reverse=True)

    def target_met(self) -> bool | None:
        """Whether the headline's latest value meets the target; None without a target."""
        return meets(self.metric, self.headline.latest.value)

    def is_bad(self, change: float | None) -> bool:
        """True for a move in the metric's bad direction."""
        if not change:
            return False
        return change < 0 if self.metric.better == "higher" else change > 0

    @cached_property
    def alerts(self) -> tuple[Alert, ...]:
        threshold = self.metric.alert_change
        if threshold is None:
            return ()
        return tuple(
            Alert(self.journey, self.stage, self.metric, series)
            for series in self.series
            if series.change is not None
            and self.is_bad(series.change)
            and abs(series.change) + _TOLERANCE >= threshold
        )


def meets(metric: Metric, value: float) -> bool | None:
    if metric.target is None:
        return None
    return value >= metric.target if metric.better == "higher" else value <= metric.target


def lineage(journey: Journey, stage_id: str) -> list[str]:
    """The stage id and every id it took over, directly or through earlier replacements."""
    replaced: dict[str, set[str]] = defaultdict(set)
    for version in journey.versions:
        for stage in version.stages:
            replaced[stage.id].update(stage.replaces)
    found = [stage_id]
    for current in found:
        found.extend(sorted(old for old in replaced[current] if old not in found))
    return found


class Trends:
    """Every trend of a content folder, computed once per build."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._by_metric: dict[str, list[Trend]] = {}
        self._by_stage: dict[tuple[str, str, tuple[str, ...] | None], list[Trend]] = {}
        self._rows: dict[tuple[str, str | None, str], list[Measurement]] = defaultdict(list)
        for row in content.measurements:
            self._rows[(row.journey, row.stage, row.metric)].append(row)

    @cached_property
    def as_of(self) -> dt.date | None:
        """The date of the newest snapshot."""
        return max((row.date for row in self.content.measurements), default=None)

    def stage(self, journey: Journey, stage_id: str, featured: list[str] | None) -> list[Trend]:
        """The stage's featured metrics (default: every metric with data), catalog order."""
        key = (journey.id, stage_id, tuple(featured) if featured is not None else None)
        if key not in self._by_stage:  # pages, health and exports all ask for the same
            self._by_stage[key] = self._stage(journey, stage_id, featured)
        return self._by_stage[key]

    def _stage(self, journey: Journey, stage_id: str, featured: list[str] | None) -> list[Trend]:
        ids = lineage(journey, stage_id)
        trends = [self._trend(journey.id, stage_id, metric, ids) for metric in self._metrics()]
        found = [t for t in trends if t is not None]
        if featured is None:
            return found
        by_id = {t.metric.id: t for t in found}
        return [by_id[m] for m in featured if m in by_id]

    def journey(self, journey: Journey) -> list[Trend]:
        """Journey-level metrics (rows with an empty stage)."""
        trends = (self._trend(journey.id, None, metric, [None]) for metric in self._metrics())
        return [t for t in trends if t is not None]

    def metric(self, metric: Metric) -> list[Trend]:
        """Every current stage's trend of one metric, across journeys, then journey-level."""
        if metric.id not in self._by_metric:
            self._by_metric[metric.id] = self._metric(metric)
        return self._by_metric[metric.id]

    def _metric(self, metric: Metric) -> list[Trend]:
        trends: list[Trend | None] = []
        for journey in self.content.journeys_by_title():
            for stage in journey.current.stages:
                trends.append(self._trend(journey.id, stage.id, metric, lineage(journey, stage.id)))
            trends.append(self._trend(journey.id, None, metric, [None]))
        return [t for t in trends if t is not None]

    def alerts(self) -> list[Alert]:
        """Every alert on a current stage or journey, site-wide."""
        found: list[Alert] = []
        for metric in self._metrics():
            for trend in self.metric(metric):
                found.extend(trend.alerts)
        return found

    def _metrics(self) -> Iterable[Metric]:
        return self.content.metrics.values()

    def _trend(
        self, journey: str, stage: str | None, metric: Metric, ids: list[str] | list[None]
    ) -> Trend | None:
        parts = {recorded: self._rows.get((journey, recorded, metric.id), []) for recorded in ids}
        segments = sorted(
            {row.segment for rows in parts.values() for row in rows},
            key=lambda s: (s is not None, s or ""),
        )
        joined: list[Series] = []
        separate: list[Series] = []
        for segment in segments:
            main, apart = _segment_series(segment, parts, ids[0])
            joined.extend(main)
            separate.extend(apart)
        series = (*joined, *separate)
        return Trend(journey, stage, metric, series) if series else None


def _segment_series(
    segment: str | None, parts: dict[str | None, list[Measurement]], own: str | None
) -> tuple[list[Series], list[Series]]:
    """One segment's series: the stage's own rows joined with those of the ids it replaced,
    and apart from it, the series that could not be joined.

    A replaced id whose dates overlap another id's (two stages merged into one) keeps
    a series of its own, labelled with that id, rather than mixing two stages' values.
    """
    label = segment or ALL_CUSTOMERS
    rows = {
        recorded: [row for row in found if row.segment == segment]
        for recorded, found in parts.items()
    }
    dates = {recorded: {row.date for row in found} for recorded, found in rows.items()}
    joined: list[Measurement] = []
    separate: list[Series] = []
    for recorded, found in rows.items():
        if not found:
            continue
        others = set().union(*(d for r, d in dates.items() if r != recorded))
        if recorded == own or not dates[recorded] & others:
            joined.extend(found)
        else:
            separate.append(Series(f"{label} (as {recorded})", tuple(found)))
    main = [Series(label, tuple(sorted(joined, key=lambda row: row.date)))] if joined else []
    return main, separate
