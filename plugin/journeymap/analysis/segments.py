"""Customer segments side by side: each segment's latest value per stage, and the gaps
between a segment and all customers that are large enough to act on.

A gap counts when it is at least `GAP_SHARE` of the metric's scale: its range
(`max` - `min`) when the catalog gives both bounds, else the spread of every value
recorded for it on the site. Only values of the same snapshot are compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from journeymap.analysis.trends import ALL_CUSTOMERS, Series, Trend, Trends, meets
from journeymap.content.schema import Metric

GAP_SHARE = 0.1
"""A gap is written out from a tenth of the metric's scale (0.4 on a 1-5 scale)."""
MAX_GAPS = 5
"""At most this many gaps per journey: the few that need attention, not a list."""


@dataclass(frozen=True)
class Cell:
    """One segment's latest value of a metric on one stage."""

    series: Series

    @property
    def change(self) -> float | None:
        return self.series.change


@dataclass(frozen=True)
class Row:
    """One stage (or the whole journey, `stage` None): a cell per column, None when unmeasured."""

    trend: Trend
    cells: tuple[Cell | None, ...]

    def met(self, cell: Cell) -> bool | None:
        """Whether the cell's latest value meets the metric's target; None without one."""
        return meets(self.trend.metric, cell.series.latest.value)


@dataclass(frozen=True)
class Table:
    """One metric: stages down, all customers and then each segment across."""

    metric: Metric
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    @property
    def has_segments(self) -> bool:
        return len(self.columns) > 1


@dataclass(frozen=True)
class Gap:
    """A segment's latest value set against all customers' on the same snapshot."""

    trend: Trend
    segment: Series
    reference: Series
    scale: float

    @property
    def difference(self) -> float:
        return self.segment.latest.value - self.reference.latest.value

    @property
    def size(self) -> float:
        """The gap as a share of the metric's scale, to rank gaps across metrics."""
        return abs(self.difference) / self.scale

    @property
    def worse(self) -> bool:
        """True when the segment fares worse than all customers."""
        return self.trend.is_bad(self.difference)


def segment_series(trend: Trend) -> dict[str, Series]:
    """The trend's series by label: all customers (or the site's audience), then segments.

    Values from before a merge or split are history (`Trend.earlier`), not a segment's
    current value, and are left out.
    """
    return {s.label: s for s in trend.series}


def _everyone(series: Iterable[Series]) -> str | None:
    """The label of the series of every customer (rows without a segment), if any."""
    return next((s.label for s in series if s.latest.segment is None), None)


def table(metric: Metric, trends: Sequence[Trend]) -> Table:
    """The trends of one metric as a table: all customers first, then segments by name."""
    by_trend = [segment_series(t) for t in trends]
    everyone = _everyone(s for found in by_trend for s in found.values()) or ALL_CUSTOMERS
    segments = sorted({label for found in by_trend for label in found} - {everyone})
    columns = (everyone, *segments)
    rows = tuple(
        Row(trend, tuple(Cell(found[c]) if c in found else None for c in columns))
        for trend, found in zip(trends, by_trend, strict=True)
    )
    return Table(metric, columns, rows)


def tables(trends: Iterable[Trend], metrics: Iterable[Metric]) -> list[Table]:
    """One table per metric (in the order of `metrics`) that any of `trends` measures."""
    trends = list(trends)
    found = ((m, [t for t in trends if t.metric.id == m.id]) for m in metrics)
    return [table(metric, of_metric) for metric, of_metric in found if of_metric]


class Gaps:
    """The gaps between segments and all customers, with each metric's scale computed once."""

    def __init__(self, trends: Trends) -> None:
        self.trends = trends
        self._scales: dict[str, float | None] = {}

    def scale(self, metric: Metric) -> float | None:
        """The metric's range, or the spread of its recorded values; None when that is 0."""
        if metric.id not in self._scales:
            if metric.min is not None and metric.max is not None:
                spread = metric.max - metric.min
            else:
                values = [
                    v for t in self.trends.metric(metric) for s in t.series for v in s.values()
                ]
                spread = max(values) - min(values) if values else 0
            self._scales[metric.id] = spread or None
        return self._scales[metric.id]

    def of(self, trends: Iterable[Trend], limit: int = MAX_GAPS) -> list[Gap]:
        """The largest gaps among `trends`, largest first, at most `limit`."""
        found: list[Gap] = []
        for trend in trends:
            scale = self.scale(trend.metric)
            found.extend(_gaps(trend, scale) if scale else [])
        found.sort(key=lambda g: (-g.size, g.trend.journey, g.trend.stage or "", g.segment.label))
        return found[:limit]


def _gaps(trend: Trend, scale: float) -> list[Gap]:
    series = segment_series(trend)
    everyone = _everyone(series.values())
    if everyone is None:
        return []
    reference = series.pop(everyone)
    gaps = [
        Gap(trend, s, reference, scale)
        for s in series.values()
        if s.latest.date == reference.latest.date
    ]
    # A tolerance, so that float noise does not drop a gap exactly at the threshold.
    return [g for g in gaps if g.size + 1e-9 >= GAP_SHARE]
