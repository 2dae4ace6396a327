"""Customer metrics beside business results: the journey's headline customer metric and
its business metrics (`kind: business`) over the same snapshot dates, and how they
moved together.

How two series moved together is an *association* over time (Pearson's r over the
dates both were measured), never evidence that one causes the other; it is only
stated from `MIN_SHARED_DATES` shared dates on, as fewer say next to nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from journeymap.analysis.trends import Trend
from journeymap.content.schema import Metric

MIN_SHARED_DATES = 8


@dataclass(frozen=True)
class Measure:
    """One metric over time, for the whole journey: a value per snapshot date."""

    metric: Metric
    label: str
    values: dict[dt.date, float]


def headline(
    journey_trends: Sequence[Trend], stage_trends: Sequence[Trend], satisfaction: str
) -> Measure | None:
    """The journey's headline customer metric, or None without one.

    A journey-level customer metric (any kind but business, e.g. NPS) comes first: it
    is measured on the same customers as the journey's business results. Otherwise the
    satisfaction metric, averaged over the stages measured on each date.
    """
    for trend in journey_trends:
        if trend.metric.kind != "business" and trend.headline.latest.segment is None:
            return Measure(trend.metric, trend.metric.title, _values(trend))
    by_date: dict[dt.date, list[float]] = defaultdict(list)
    metric = None
    for trend in stage_trends:
        if trend.metric.id == satisfaction and trend.headline.latest.segment is None:
            metric = trend.metric
            for date, value in _values(trend).items():
                by_date[date].append(value)
    if metric is None:
        return None
    means = {date: sum(values) / len(values) for date, values in sorted(by_date.items())}
    return Measure(metric, f"{metric.title}, mean of the stages measured", means)


def business(journey_trends: Sequence[Trend]) -> list[Measure]:
    """The journey's business metrics (journey-level rows of `kind: business` metrics)."""
    return [
        Measure(t.metric, t.metric.title, _values(t))
        for t in journey_trends
        if t.metric.kind == "business" and t.headline.latest.segment is None
    ]


def _values(trend: Trend) -> dict[dt.date, float]:
    return dict(zip(trend.headline.dates(), trend.headline.values(), strict=True))


@dataclass(frozen=True)
class Association:
    """How a customer metric and a business metric moved together over their shared dates."""

    customer: Measure
    result: Measure
    dates: tuple[dt.date, ...]
    r: float | None
    """Pearson's correlation coefficient; None with too few dates or a flat series."""

    @property
    def strength(self) -> str:
        size = abs(self.r or 0)
        if size >= 0.7:
            return "strong"
        if size >= 0.5:
            return "moderate"
        if size >= 0.3:
            return "weak"
        return "no clear"

    def sentence(self) -> str:
        """The association in plain words, never as a cause."""
        customer, result = self.customer.metric.title, self.result.metric.title
        count = len(self.dates)
        if count < MIN_SHARED_DATES:
            return (
                f"{customer} and {result} share {count} snapshot "
                f"{'date' if count == 1 else 'dates'}: at least {MIN_SHARED_DATES} are "
                "needed before saying how they move together."
            )
        if self.r is None:
            return (
                f"One of {customer} and {result} did not change "
                f"over the {count} shared snapshot dates."
            )
        shown = f"{self.r:.2f}".replace("-", "\u2212")
        if self.strength == "no clear":
            said = f"{customer} and {result} moved largely independently"
        else:
            direction = "higher" if self.r > 0 else "lower"
            said = f"Higher {customer} went with {direction} {result}"
        return (
            f"{said} over the {count} snapshot dates with both "
            f"({self.strength} association, r = {shown}). This is an association "
            "over time, not proof that one causes the other."
        )


def associate(customer: Measure, result: Measure) -> Association:
    dates = tuple(sorted(customer.values.keys() & result.values.keys()))
    r = None
    if len(dates) >= MIN_SHARED_DATES:
        r = pearson([customer.values[d] for d in dates], [result.values[d] for d in dates])
    return Association(customer, result, dates, r)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r of two equally long sequences; None when either does not vary."""
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    spread = math.sqrt(sum(d * d for d in dx) * sum(d * d for d in dy))
    if spread < 1e-12:
        return None
    return sum(a * b for a, b in zip(dx, dy, strict=True)) / spread
