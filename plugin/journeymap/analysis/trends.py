"""Metric series and what they say: latest values, changes, targets and alerts.

A series is one metric for one segment of one stage (or of the whole journey),
over snapshot dates. A stage's series include the rows recorded under the ids it
`replaces`, in any version: after a rename they continue its own series; after a
split or a merge they are history before the change, kept apart (`Trend.earlier`)
and never taken as the stage's latest value, its change or its staleness.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import repeat
from typing import NamedTuple

from journeymap.content.model import Content, Journey
from journeymap.content.schema import Metric
from journeymap.content.series import Measurement, Recorded
from journeymap.i18n import _

ALL_CUSTOMERS = "All customers"
TOLERANCE = 1e-9  # float noise must not hide or raise an alert exactly at the threshold


class Run(NamedTuple):
    """Values `start` to `stop` (excluded) of one recorded series."""

    recorded: Recorded
    start: int
    stop: int


@dataclass(frozen=True)
class Series:
    """One segment's values of one metric, oldest first.

    Read from the snapshots' arrays: a row (`Measurement`) is made when one is asked
    for, and not kept, so that a large site's millions of values stay arrays.
    """

    label: str
    runs: tuple[Run, ...]
    """Where the values are: one run, or the runs of a stage and the ids it renamed."""

    @cached_property
    def _order(self) -> list[tuple[Recorded, int]]:
        """Every value's place, oldest first: the runs' values merged by date."""
        places = [(run.recorded, i) for run in self.runs for i in range(run.start, run.stop)]
        if len(self.runs) > 1:  # stable: on one date, the stage's own value first
            places.sort(key=lambda place: place[0].days[place[1]])
        return places

    @cached_property
    def _count(self) -> int:
        return sum(run.stop - run.start for run in self.runs)

    def _place(self, index: int) -> tuple[Recorded, int]:
        if len(self.runs) == 1:
            run = self.runs[0]
            return run.recorded, (run.start if index >= 0 else run.stop) + index
        return self._order[index]

    def __len__(self) -> int:
        return self._count

    def point(self, index: int) -> Measurement:
        """The value at `index` (negative: from the newest), as a row."""
        recorded, at = self._place(index)
        return recorded.row(at)

    def value(self, index: int) -> float:
        recorded, at = self._place(index)
        return recorded.values[at]

    def date(self, index: int) -> dt.date:
        recorded, at = self._place(index)
        return recorded.date(at)

    def places(self) -> Iterable[tuple[Recorded, int]]:
        """Where each value is, oldest first: for pages that show many values (a row of
        `Measurement` per value would cost more than the page)."""
        if len(self.runs) == 1:
            recorded, start, stop = self.runs[0]
            return zip(repeat(recorded), range(start, stop))
        return self._order

    @property
    def points(self) -> tuple[Measurement, ...]:
        """Every value as a row, made now: for a page that shows them all."""
        return tuple(recorded.row(at) for recorded, at in self.places())

    def days(self) -> Sequence[int]:
        """Each value's date as `date.toordinal()`."""
        if len(self.runs) == 1:
            recorded, start, stop = self.runs[0]
            return recorded.days[start:stop]
        return [recorded.days[at] for recorded, at in self._order]

    def dates(self) -> list[dt.date]:
        if len(self.runs) == 1:
            return self.runs[0].recorded.dates(self.runs[0].start, self.runs[0].stop)
        return [recorded.date(at) for recorded, at in self._order]

    def values(self) -> list[float]:
        if len(self.runs) == 1:
            recorded, start, stop = self.runs[0]
            return recorded.values[start:stop].tolist()
        return [recorded.values[at] for recorded, at in self._order]

    def noted(self) -> list[Measurement]:
        """The values recorded with a note, oldest first."""
        return [recorded.row(at) for recorded, at in self.places() if at in recorded.notes]

    @property
    def latest(self) -> Measurement:
        return self.point(-1)

    @property
    def previous(self) -> Measurement | None:
        return self.point(-2) if len(self) > 1 else None

    @property
    def change(self) -> float | None:
        """The move between the two latest values."""
        return self.value(-1) - self.value(-2) if len(self) > 1 else None


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
    """The stage's own values: all customers first (when measured), then segments by name.
    Empty when the stage has only `earlier` values so far."""
    earlier: tuple[Series, ...] = ()
    """Values recorded before a split or merge under an id the stage replaces: shown,
    marked, on its charts and tables, never its latest value, change or staleness."""

    @property
    def shown(self) -> tuple[Series, ...]:
        """What charts and value tables show: the own series, then the earlier ones."""
        return (*self.series, *self.earlier)

    @property
    def headline(self) -> Series:
        return self.series[0]

    @property
    def as_of(self) -> dt.date:
        return max(s.date(-1) for s in self.series)

    @cached_property  # a page asks several times (chart, caption, values table)
    def dates(self) -> list[dt.date]:
        days: set[int] = set()
        for series in self.shown:
            days.update(series.days())
        return [dt.date.fromordinal(day) for day in sorted(days)]

    @property
    def notes(self) -> list[Measurement]:
        """Values recorded with a note, newest first."""
        noted = [p for s in self.shown for p in s.noted()]
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
            and abs(series.change) + TOLERANCE >= threshold
        )


def meets(metric: Metric, value: float) -> bool | None:
    if metric.target is None:
        return None
    return value >= metric.target if metric.better == "higher" else value <= metric.target


def lineage(journey: Journey, stage_id: str) -> list[str]:
    """The stage id and every id it took over, directly or through earlier replacements."""
    found = [stage_id]
    seen = {stage_id}
    for current in found:  # grows while it is walked
        taken = sorted(journey.replaced.get(current, frozenset()) - seen)
        found.extend(taken)
        seen.update(taken)
    return found


@dataclass(frozen=True)
class Source:
    """Rows recorded under one id that count for a stage's numbers."""

    id: str
    own: bool
    """True for the stage's own id and ids it renamed; False for split or merged ones."""
    until: dt.date | None = None
    """Only rows before this date count (an id that is still a stage after a split)."""
    title: str = ""
    """The title the id had before the change, to mark its rows on charts."""
    since: dt.date | None = None
    """Only rows from this date on count (a stage's own id after a split that kept it)."""


def sources(journey: Journey, stage_id: str, edges: Mapping[str, list[_Edge]]) -> list[Source]:
    """Where a stage's numbers come from: its own id, then every id it took over.

    `edges` are the journey's `_replacements`, found once for all its stages.
    """
    # A stage that kept its id through a split: what it recorded before is the whole
    # old stage's, history before the change like it is for the other parts.
    split = max(
        (e.until for es in edges.values() for e in es if e.old == stage_id and e.until),
        default=None,
    )
    found = [Source(stage_id, True, since=split)]
    if split is not None:
        found.append(Source(stage_id, False, split, _title_before(journey, stage_id, split)))
    seen = {stage_id}
    for source in found:  # grows while it is walked: replacements of replacements
        if source.since is not None:
            continue  # its replacements are walked from its part before the split
        for edge in edges.get(source.id, []):
            if edge.old in seen:
                continue
            seen.add(edge.old)
            ends = [d for d in (source.until, edge.until) if d is not None]
            own = source.own and edge.renamed
            found.append(Source(edge.old, own, min(ends, default=None), edge.title))
    return found


class _Edge(NamedTuple):
    old: str
    renamed: bool
    until: dt.date | None
    """The day of the split, when `old` is still a stage after it."""
    title: str
    """The old stage's title in the version before."""


def _replacements(journey: Journey) -> dict[str, list[_Edge]]:
    """new id -> the ids it took over.

    Each replacement is judged in the first version that lists it: a rename is one old
    id taken over whole by one new stage; anything else is a split or a merge.
    """
    edges: dict[str, list[_Edge]] = defaultdict(list)
    judged: dict[str, set[str]] = defaultdict(set)  # new id -> the old ids of its edges
    for previous, version in zip(journey.versions, journey.versions[1:], strict=False):
        before = {s.id: s.title for s in previous.stages}
        now = {s.id for s in version.stages}
        takers: dict[str, int] = defaultdict(int)  # old id -> the stages that replace it
        for stage in version.stages:
            for old in stage.replaces:
                if old != stage.id:
                    takers[old] += 1
        for stage in version.stages:
            taken = [old for old in stage.replaces if old != stage.id]
            for old in taken:
                if old in judged[stage.id]:
                    continue  # carried over from an older version: judged there
                judged[stage.id].add(old)
                kept = old in now  # split off from a stage that keeps its id
                merged = len(taken) > 1 or stage.id in before
                renamed = not kept and not merged and takers[old] == 1
                until = version.effective if kept else None
                edges[stage.id].append(_Edge(old, renamed, until, before.get(old, old)))
    return edges


def _title_before(journey: Journey, stage_id: str, day: dt.date) -> str:
    titles = [
        s.title for v in journey.versions if v.effective < day for s in v.stages if s.id == stage_id
    ]
    return titles[-1] if titles else stage_id


class Trends:
    """Every trend of a content folder, computed once per build."""

    def __init__(self, content: Content, everyone: str = ALL_CUSTOMERS) -> None:
        """`everyone` labels the series of rows without a segment ("All patients")."""
        self.content = content
        self.everyone = everyone
        self._by_metric: dict[str, list[Trend]] = {}
        self._by_stage: dict[tuple[str, str, tuple[str, ...] | None], list[Trend]] = {}
        self._found: dict[tuple[str, str], list[Source]] = {}
        self._edges: dict[str, dict[str, list[_Edge]]] = {}
        self._of_stage: dict[tuple[str, str], list[Trend]] = {}

    def sources(self, journey: Journey, stage_id: str) -> list[Source]:
        """`sources()`, once per stage: every metric of every page asks for them."""
        key = (journey.id, stage_id)
        if key not in self._found:
            if journey.id not in self._edges:
                self._edges[journey.id] = _replacements(journey)
            self._found[key] = sources(journey, stage_id, self._edges[journey.id])
        return self._found[key]

    @cached_property
    def as_of(self) -> dt.date | None:
        """The date of the newest snapshot."""
        dates = self.content.snapshots.dates
        return dates[-1] if dates else None

    def stage(self, journey: Journey, stage_id: str, featured: list[str] | None) -> list[Trend]:
        """The stage's featured metrics (default: every metric with data), catalog order."""
        key = (journey.id, stage_id, tuple(featured) if featured is not None else None)
        if key not in self._by_stage:  # pages, health and exports all ask for the same
            self._by_stage[key] = self._stage(journey, stage_id, featured)
        return self._by_stage[key]

    def _stage(self, journey: Journey, stage_id: str, featured: list[str] | None) -> list[Trend]:
        return [t for t in self._all_of_stage(journey, stage_id, featured) if t.series]

    def earlier_only(
        self, journey: Journey, stage_id: str, featured: list[str] | None
    ) -> list[Trend]:
        """The stage's metrics that have values only from before a split or merge."""
        return [t for t in self._all_of_stage(journey, stage_id, featured) if not t.series]

    def _all_of_stage(
        self, journey: Journey, stage_id: str, featured: list[str] | None
    ) -> list[Trend]:
        key = (journey.id, stage_id)
        if key not in self._of_stage:  # featured or not, own or earlier: computed once
            found = self.sources(journey, stage_id)
            trends = (self._trend(journey.id, stage_id, m, found) for m in self._metrics())
            self._of_stage[key] = [t for t in trends if t is not None]
        kept = self._of_stage[key]
        if featured is None:
            return kept
        by_id = {t.metric.id: t for t in kept}
        return [by_id[m] for m in featured if m in by_id]

    def journey(self, journey: Journey) -> list[Trend]:
        """Journey-level metrics (rows with an empty stage)."""
        trends = (self._trend(journey.id, None, metric, None) for metric in self._metrics())
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
                of_stage = self._all_of_stage(journey, stage.id, [metric.id])
                trends.append(of_stage[0] if of_stage else None)
            trends.append(self._trend(journey.id, None, metric, None))
        return [t for t in trends if t is not None and t.series]

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
        self, journey: str, stage: str | None, metric: Metric, found: list[Source] | None
    ) -> Trend | None:
        """`found` None: the journey-level values."""
        own: list[Runs] = []
        earlier: list[tuple[Source, Runs]] = []
        for source in found or [Source("", True)]:
            recorded = self.content.snapshots.of(journey, source.id if found else None, metric.id)
            runs = {}
            for segment, values in recorded.items():
                start, stop = values.span(source.since, source.until)
                if start < stop:
                    runs[segment] = Run(values, start, stop)
            # A renamed id recorded on the same dates as the stage (an export that sends
            # both) would put two values on one date: those values are kept apart.
            overlaps = own and _days(runs) & _days(own[0])
            if runs and source.own and not overlaps:
                own.append(runs)
            elif runs:
                earlier.append((source, runs))
        series = _own_series(own, self.everyone)
        before = [
            s for source, runs in earlier for s in _earlier_series(source, runs, self.everyone)
        ]
        return Trend(journey, stage, metric, series, tuple(before)) if series or before else None


Runs = dict[str | None, Run]
"""One source's values of a metric, by segment."""


def _days(runs: Runs) -> set[int]:
    return {day for run in runs.values() for day in run.recorded.days[run.start : run.stop]}


def _segments(segments: Iterable[str | None]) -> list[str | None]:
    """Segments in the order series are shown: all customers first, then by name."""
    return sorted(set(segments), key=lambda segment: (segment is not None, segment or ""))


def _own_series(parts: list[Runs], everyone: str) -> tuple[Series, ...]:
    """Per segment, the stage's values and those of the ids it renamed, as one series."""
    return tuple(
        Series(segment or everyone, tuple(part[segment] for part in parts if segment in part))
        for segment in _segments(segment for part in parts for segment in part)
    )


def _earlier_series(source: Source, runs: Runs, everyone: str) -> list[Series]:
    """Per segment, the values of a split or merged id, labelled as before the change."""
    return [
        Series(
            # Translators: a chart's line of values a stage had before a split or merge.
            _(
                "%(series)s, before the change (as %(stage)s)",
                series=segment or everyone,
                stage=source.title,
            ),
            (runs[segment],),
        )
        for segment in _segments(runs)
    ]
