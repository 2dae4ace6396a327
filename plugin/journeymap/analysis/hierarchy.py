"""Journeys within journeys: which stage of which journey each sub-journey details.

The tree comes from the current versions' `part_of` (checked by `content.rules`: no
loop, at most `MAX_HIERARCHY_DEPTH` deep). A sub-journey's roll-up is what its
parent's pages show of it: its stages, its worst featured metric against target, its
emotion range and its open alerts, read from the same trends and health items the
landscape and the maps show. `steps` is what the parent's history and `/changes/` say
of its sub-journeys over time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from journeymap.analysis.trends import Trend, Trends
from journeymap.content.model import Content, Journey
from journeymap.content.schema import JourneyVersion, Stage
from journeymap.i18n import _

if TYPE_CHECKING:  # health checks ask this module for orphans: no import at run time
    from journeymap.analysis.health import Health


@dataclass(frozen=True)
class Place:
    """Where a sub-journey sits: its parent, and the parent's stage it details."""

    parent: Journey
    stage: Stage | None
    """The parent's current stage (the heir of a replaced id); None when the parent's
    current version removed it (an orphan: a health item)."""
    stage_id: str
    """The stage as `part_of` names it."""


class Hierarchy:
    """The tree of journeys of a content folder, as of its build date."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.places: dict[str, Place] = {}
        """Sub-journey id -> where it sits."""
        self._children: dict[tuple[str, str | None], list[Journey]] = defaultdict(list)
        for journey in content.journeys_by_title():
            part_of = journey.current.part_of
            parent = content.journeys.get(part_of.journey) if part_of else None
            if part_of is None or parent is None or parent.id == journey.id:
                continue
            stage = parent.current_stage(part_of.stage)
            self.places[journey.id] = Place(parent, stage, part_of.stage)
            self._children[(parent.id, stage.id if stage else None)].append(journey)

    def of_stage(self, journey: Journey, stage: Stage) -> list[Journey]:
        """The sub-journeys that detail a stage of the journey's current map, by title."""
        return self._children.get((journey.id, stage.id), [])

    def per_stage(self, journey: Journey, version: JourneyVersion) -> list[list[Journey]]:
        """The sub-journeys of each stage of a version's map: only the current map has any."""
        if version.version != journey.current.version:
            return [[] for _stage in version.stages]
        return [self.of_stage(journey, stage) for stage in version.stages]

    def orphans(self, journey: Journey) -> list[Journey]:
        """Sub-journeys of the journey whose stage its current version removed."""
        return self._children.get((journey.id, None), [])

    def children(self, journey: Journey) -> list[Journey]:
        """Every sub-journey of the journey: in the order of its stages, then orphans."""
        found = [j for stage in journey.current.stages for j in self.of_stage(journey, stage)]
        return found + self.orphans(journey)

    def trail(self, journey: Journey) -> list[Place]:
        """Where the journey sits, from the top of the tree down to its own place."""
        found: list[Place] = []
        place = self.places.get(journey.id)
        while place is not None and place not in found:
            found.insert(0, place)
            place = self.places.get(place.parent.id)
        return found

    def depth(self, journey: Journey) -> int:
        """1 for a journey that is part of none, 2 for its sub-journeys, and so on."""
        return len(self.trail(journey)) + 1

    @cached_property
    def order(self) -> list[Journey]:
        """Every journey, each followed by its sub-journeys (depth first): top-level
        journeys by title, sub-journeys in their parent's stage order."""
        found: list[Journey] = []

        def visit(journey: Journey) -> None:
            if journey in found:
                return
            found.append(journey)
            for child in self.children(journey):
                visit(child)

        for journey in self.content.journeys_by_title():
            if journey.id not in self.places:
                visit(journey)
        return found


@dataclass(frozen=True)
class RollUp:
    """A sub-journey at a glance, as its parent's map and stage page show it."""

    journey: Journey
    stages: int
    worst: Trend | None
    """The featured metric that misses its target by most (as a share of its range)."""
    worst_stage: Stage | None
    targets: int
    """Featured metrics with data and a target, across the current stages."""
    emotion: tuple[int, int] | None
    """The lowest and highest felt emotion (1..5) of its stages; None when none is mapped."""
    alerts: int


def roll_up(journey: Journey, trends: Trends, health: Health) -> RollUp:
    """The sub-journey's roll-up, from the trends and health items the site shows."""
    stages = journey.current.stages
    worst: tuple[float, Trend, Stage] | None = None
    targets = 0
    for stage in stages:
        for trend in trends.stage(journey, stage.id, stage.metrics):
            met = trend.target_met()
            targets += met is not None
            if met is False:
                miss = _shortfall(trend)
                if worst is None or miss > worst[0]:
                    worst = (miss, trend, stage)
    scores = [s.emotion.score for s in stages if s.emotion is not None]
    return RollUp(
        journey,
        len(stages),
        worst[1] if worst else None,
        worst[2] if worst else None,
        targets,
        (min(scores), max(scores)) if scores else None,
        sum(item.kind == "alerts" for item in health.of_journey(journey.id)),
    )


def _shortfall(trend: Trend) -> float:
    """How far the latest value misses the target, as a share of the metric's range
    (its bounds, else the span of its recorded values), so that metrics compare."""
    metric, values = trend.metric, trend.headline.values()
    target = metric.target or 0.0
    if metric.min is not None and metric.max is not None and metric.max > metric.min:
        span = metric.max - metric.min
    else:
        span = max([*values, target]) - min([*values, target]) or 1.0
    return abs(values[-1] - target) / span


@dataclass(frozen=True)
class Step:
    """A version of a sub-journey, as its parent's history tells it."""

    date: dt.date
    parent: Journey
    journey: Journey
    version: JourneyVersion
    kind: str
    """`added` (now under this parent), `moved` (to another of its stages), `left` (now
    elsewhere, or nowhere) or `changed`."""
    stage: str
    """The parent's stage, by its title when it still has it (the old one for `left`)."""
    before: str = ""
    """For `moved`: the stage it was under."""

    @property
    def text(self) -> str:
        title = self.version.title
        if self.kind == "added":
            return _(
                "%(journey)s became a sub-journey of %(stage)s.", journey=title, stage=self.stage
            )
        if self.kind == "moved":
            return _(
                "%(journey)s moved from %(old)s to %(stage)s.",
                journey=title,
                old=self.before,
                stage=self.stage,
            )
        if self.kind == "left":
            return _(
                "%(journey)s is no longer a sub-journey of %(stage)s.",
                journey=title,
                stage=self.stage,
            )
        return _(
            "%(journey)s (under %(stage)s) changed: %(summary)s",
            journey=title,
            stage=self.stage,
            # Translators: a sub-journey's version that has no summary.
            summary=self.version.summary or _("new version"),
        )


def steps(content: Content) -> dict[str, list[Step]]:
    """Per parent journey id, what happened to its sub-journeys, oldest first: every
    version in effect of a journey whose `part_of` names it, before or after the version."""
    found: dict[str, list[Step]] = defaultdict(list)
    for journey in content.journeys_by_title():
        before: JourneyVersion | None = None
        for version in journey.versions:
            if version.effective > content.today:
                break
            now, then = version.part_of, before.part_of if before else None
            if now and now.journey in content.journeys:
                parent = content.journeys[now.journey]
                stage = _stage_title(parent, now.stage)
                if then is None or then.journey != now.journey:
                    kind, was = "added", ""
                elif then.stage != now.stage:
                    kind, was = "moved", _stage_title(parent, then.stage)
                else:
                    kind, was = "changed", ""
                found[parent.id].append(
                    Step(version.effective, parent, journey, version, kind, stage, was)
                )
            left = then is not None and (now is None or now.journey != then.journey)
            if then and left and then.journey in content.journeys:
                parent = content.journeys[then.journey]
                found[parent.id].append(
                    Step(
                        version.effective,
                        parent,
                        journey,
                        version,
                        "left",
                        _stage_title(parent, then.stage),
                    )
                )
            before = version
    return dict(found)


def _stage_title(parent: Journey, stage_id: str) -> str:
    stage = parent.current_stage(stage_id)
    return stage.title if stage else stage_id
