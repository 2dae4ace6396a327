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

from babel.numbers import get_decimal_symbol

from journeymap import i18n
from journeymap.analysis.trends import Trend
from journeymap.content.schema import Metric
from journeymap.i18n import N_, _, ngettext

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
    # Translators: a chart's line: the metric averaged over the stages of a journey.
    label = _("%(metric)s, mean of the stages measured", metric=metric.title)
    return Measure(metric, label, means)


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
        values: dict[str, object] = {
            "customer": self.customer.metric.title,
            "result": self.result.metric.title,
        }
        count = len(self.dates)
        if count < MIN_SHARED_DATES:
            return ngettext(
                "%(customer)s and %(result)s share %(num)d snapshot date: at least "
                "%(needed)d are needed before saying how they move together.",
                "%(customer)s and %(result)s share %(num)d snapshot dates: at least "
                "%(needed)d are needed before saying how they move together.",
                count,
                needed=MIN_SHARED_DATES,
                **values,
            )
        if self.r is None:
            return ngettext(
                "One of %(customer)s and %(result)s did not change over the %(num)d shared "
                "snapshot date.",
                "One of %(customer)s and %(result)s did not change over the %(num)d shared "
                "snapshot dates.",
                count,
                **values,
            )
        values["association"] = _(_STRENGTHS[self.strength])
        values["r"] = f"{self.r:.2f}".replace("-", "\u2212").replace(
            ".", get_decimal_symbol(i18n.current().locale)
        )
        if self.strength == "no clear":
            said = ngettext(
                "%(customer)s and %(result)s moved largely independently over the %(num)d "
                "snapshot date with both (%(association)s, r = %(r)s).",
                "%(customer)s and %(result)s moved largely independently over the %(num)d "
                "snapshot dates with both (%(association)s, r = %(r)s).",
                count,
                **values,
            )
        elif self.r > 0:
            said = ngettext(
                "Higher %(customer)s went with higher %(result)s over the %(num)d snapshot "
                "date with both (%(association)s, r = %(r)s).",
                "Higher %(customer)s went with higher %(result)s over the %(num)d snapshot "
                "dates with both (%(association)s, r = %(r)s).",
                count,
                **values,
            )
        else:
            said = ngettext(
                "Higher %(customer)s went with lower %(result)s over the %(num)d snapshot "
                "date with both (%(association)s, r = %(r)s).",
                "Higher %(customer)s went with lower %(result)s over the %(num)d snapshot "
                "dates with both (%(association)s, r = %(r)s).",
                count,
                **values,
            )
        caution = _("This is an association over time, not proof that one causes the other.")
        return f"{said} {caution}"


_STRENGTHS = {
    "strong": N_("strong association"),
    "moderate": N_("moderate association"),
    "weak": N_("weak association"),
    "no clear": N_("no clear association"),
}
"""How `Association.strength` is said inside the sentence (`_` translates it)."""


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
