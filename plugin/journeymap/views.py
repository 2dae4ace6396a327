"""What templates show, computed in Python: map geometry, numbers with units, chart specs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .charts import ChartSpec
from .model import Measurement
from .problems import number
from .schema import JourneyVersion, Metric, Stage
from .trends import Series, Trend

EMOTIONS = {1: "Frustrated", 2: "Unhappy", 3: "Neutral", 4: "Pleased", 5: "Delighted"}


def phase_groups(version: JourneyVersion) -> list[tuple[str | None, list[Stage]]]:
    """Consecutive stages grouped by phase title (None for stages without a phase)."""
    titles = {phase.id: phase.title for phase in version.phases}
    groups: list[tuple[str | None, list[Stage]]] = []
    for stage in version.stages:
        title = titles.get(stage.phase) if stage.phase else None
        if groups and groups[-1][0] == title:
            groups[-1][1].append(stage)
        else:
            groups.append((title, [stage]))
    return groups


@dataclass(frozen=True)
class CurvePoint:
    """One stage's piece of a curve across the map, in a 100x100 box stretched over its cell.

    Each cell draws from its left edge (halfway from the previous stage's height) to
    its centre and on to its right edge, so the pieces join into one curve across
    the map whatever the column widths.
    """

    score: float
    y: float
    left: float | None
    right: float | None


def _height(score: float) -> float:
    return 85 - (score - 1) * 17.5  # 1 (frustrated) low in the box, 5 (delighted) high


def curve(scores: Sequence[float | None]) -> list[CurvePoint | None]:
    """Curve pieces for scores on the 1..5 emotion scale; None breaks the curve."""
    points: list[CurvePoint | None] = []
    for index, score in enumerate(scores):
        if score is None:
            points.append(None)
            continue
        y = _height(score)
        before = scores[index - 1] if index > 0 else None
        after = scores[index + 1] if index + 1 < len(scores) else None
        left = (y + _height(before)) / 2 if before is not None else None
        right = (y + _height(after)) / 2 if after is not None else None
        points.append(CurvePoint(score, round(y, 2), _round(left), _round(right)))
    return points


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def emotion_scores(version: JourneyVersion) -> list[float | None]:
    return [stage.emotion.score if stage.emotion else None for stage in version.stages]


def on_emotion_scale(metric: Metric, value: float) -> float | None:
    """A metric value placed on the 1..5 emotion scale, when the metric has bounds."""
    if metric.min is None or metric.max is None or metric.max == metric.min:
        return None
    share = (value - metric.min) / (metric.max - metric.min)
    if metric.better == "lower":
        share = 1 - share
    return 1 + 4 * share


def value_text(value: float, metric: Metric) -> str:
    """A value with the metric's unit: `4.1/5`, `12%`."""
    return f"{number(round(value, 2))}{metric.unit or ''}"


def change_text(change: float) -> str:
    """A signed change: `+0.2`, or -0.4 written with a real minus sign (U+2212)."""
    rounded = round(change, 2)
    return ("+" if rounded > 0 else "\u2212" if rounded < 0 else "±") + number(abs(rounded))


def by_date(series: Series) -> dict[dt.date, Measurement]:
    return {point.date: point for point in series.points}


def trend_of(stage_id: str, stage_trends: dict[str, list[Trend]], metric_id: str) -> Trend | None:
    """The stage's trend of one metric, if it has one."""
    return next((t for t in stage_trends[stage_id] if t.metric.id == metric_id), None)


def change_class(trend: Trend, change: float) -> str:
    """`jm-bad`, `jm-good` or `jm-flat`: the direction of a move, for colour."""
    if round(change, 9) == 0:
        return "jm-flat"
    return "jm-bad" if trend.is_bad(change) else "jm-good"


def low_confidence(series: Series, minimum: int) -> bool:
    responses = series.latest.responses
    return responses is not None and responses < minimum


def trend_chart(trend: Trend, key: str) -> ChartSpec:
    """A stage's or journey's chart of one metric: one line per segment, and the target."""
    title = f"{trend.metric.title}, by segment, over time"
    return chart_spec(trend.metric, key, title, [(s.label, s) for s in trend.series])


def chart_spec(metric: Metric, key: str, title: str, lines: list[tuple[str, Series]]) -> ChartSpec:
    """A chart of labelled series of one metric, on the dates any of them has."""
    dates = sorted({p.date for _, s in lines for p in s.points})
    series = []
    for label, s in lines:
        by_date = {p.date: p.value for p in s.points}
        series.append((label, tuple(by_date.get(d) for d in dates)))
    return ChartSpec(
        key=key,
        title=title,
        dates=tuple(dates),
        series=tuple(series),
        target=metric.target,
        low=metric.min,
        high=metric.max,
    )
