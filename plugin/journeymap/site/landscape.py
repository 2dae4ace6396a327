"""The journey landscape: every journey's stages at a glance, and the moments that matter.

What the journeys index shows above its list: per journey, a row of stage cells in
journey order, each with its featured metric's status against target, the felt
emotion across the row, and the counts that call for attention; beneath it, every
dismay and delight moment with its stage's latest satisfaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.analysis.health import Health
from journeymap.analysis.hierarchy import Hierarchy, Place
from journeymap.analysis.trends import Trend, Trends
from journeymap.content.model import Content, Journey
from journeymap.content.schema import Moment, Stage
from journeymap.i18n import N_, Labels, _
from journeymap.site.views import featured, value_text

STATUS_TEXT = Labels(
    {
        "met": N_("Meets target"),
        "missed": N_("Misses target"),
        "alert": N_("Dropped sharply"),
        "no-target": N_("No target"),
        "no-data": N_("No data"),
    }
)
"""A cell's status in words: the text cue beside its colour and pattern."""


@dataclass(frozen=True)
class Cell:
    """One stage of a landscape row."""

    stage: Stage
    status: str
    """A key of STATUS_TEXT."""
    trend: Trend | None
    """The metric the cell shows: the first of the stage's featured metrics with an alert,
    else its first featured metric; None without data."""

    @property
    def status_text(self) -> str:
        """The status in words; a sharp drop also says where the target stands."""
        met = self.trend.target_met() if self.trend else None
        if self.status == "alert" and met is not None:
            return (
                _("Dropped sharply, meets target") if met else _("Dropped sharply, misses target")
            )
        return STATUS_TEXT[self.status]

    @property
    def value(self) -> str:
        """The featured metric's latest value, e.g. `3.5/5`; empty without data."""
        if self.trend is None:
            return ""
        return value_text(self.trend.headline.latest.value, self.trend.metric)


@dataclass(frozen=True)
class Row:
    """One journey of the landscape."""

    journey: Journey
    cells: list[Cell]
    emotion_path: str
    """SVG path data of the felt emotion across the row, in a `len(cells)*100 x 40` box."""
    dismay: int
    alerts: int
    overdue: bool
    level: int = 1
    """1 for a journey that is part of none, 2 for its sub-journeys, and so on."""
    place: Place | None = None
    """Where a sub-journey sits (its row follows its parent's)."""


@dataclass(frozen=True)
class MomentEntry:
    """A moment of truth, with the satisfaction measured at its stage."""

    journey: Journey
    stage: Stage
    moment: Moment
    satisfaction: Trend | None


def status(trend: Trend | None) -> str:
    if trend is None:
        return "no-data"
    if trend.alerts:
        return "alert"
    met = trend.target_met()
    return "no-target" if met is None else "met" if met else "missed"


def emotion_path(stages: list[Stage]) -> str:
    """The felt emotion (1..5) as path data: a point per stage centre, broken where unknown."""
    path, joined = [], False
    for index, stage in enumerate(stages):
        if stage.emotion is None:
            joined = False
            continue
        y = 36 - (stage.emotion.score - 1) * 8  # 1 (frustrated) low, 5 (delighted) high
        path.append(f"{'L' if joined else 'M'}{index * 100 + 50} {y}")
        joined = True
    return "".join(path)


def rows(content: Content, trends: Trends, health: Health) -> list[Row]:
    """Every journey's current map: by title, each followed by its sub-journeys."""
    found = []
    hierarchy = Hierarchy(content)
    for journey in hierarchy.order:
        stages = list(journey.current.stages)
        cells = []
        for stage in stages:
            trend = featured(trends.stage(journey, stage.id, stage.metrics))
            cells.append(Cell(stage, status(trend), trend))
        items = health.of_journey(journey.id)
        found.append(
            Row(
                journey=journey,
                cells=cells,
                emotion_path=emotion_path(stages),
                dismay=sum(m.kind == "dismay" for s in stages for m in s.moments),
                alerts=sum(i.kind == "alerts" for i in items),
                overdue=any(i.kind == "overdue_review" for i in items),
                level=hierarchy.depth(journey),
                place=hierarchy.places.get(journey.id),
            )
        )
    return found


def moments(content: Content, trends: Trends, satisfaction_metric: str) -> list[MomentEntry]:
    """Dismay and delight moments of every current map: dismay first, and within a kind
    the least satisfied stages first, so that where customers hurt most comes first."""
    entries = []
    for journey in content.journeys_by_title():
        for stage in journey.current.stages:
            measured = [
                t
                for t in trends.stage(journey, stage.id, None)
                if t.metric.id == satisfaction_metric
            ]
            for moment in stage.moments:
                if moment.kind in ("dismay", "delight"):
                    entries.append(MomentEntry(journey, stage, moment, next(iter(measured), None)))

    def order(entry: MomentEntry) -> tuple[bool, bool, float]:
        trend = entry.satisfaction
        value = trend.headline.latest.value if trend else 0.0
        if trend is not None and trend.metric.better == "lower":
            value = -value
        return (entry.moment.kind != "dismay", trend is None, value)

    return sorted(entries, key=order)
