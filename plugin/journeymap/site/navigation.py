"""The sections journeymap adds to the site's navigation, in reading order."""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.analysis.teams import Teams
from journeymap.content.model import Content
from journeymap.routes import (
    CHANGES,
    EVIDENCE,
    HEALTH,
    JOURNEYS_INDEX,
    METRICS_INDEX,
    TEAMS_INDEX,
    history_page,
    map_page,
    metric_page,
    stage_page,
    team_page,
)


@dataclass(frozen=True)
class NavSection:
    """A section of the site's navigation."""

    title: str
    index: str
    """The section's own page (Material's `navigation.indexes` opens it from the title)."""
    items: list[str | NavSection]
    """Page sources and subsections, in reading order."""


def navigation(content: Content, *, grouped: bool = False) -> list[str | NavSection]:
    """What journeymap adds to the nav: Journeys (a folder per journey), Metrics, Teams,
    the research library, Changes, Health.

    Version maps are left out: the history page lists them. `grouped` puts the others
    inside Journeys: with Material's `navigation.tabs`, every top-level entry is a
    tab, and journeymap's pages then make one.
    """
    journeys: list[str | NavSection] = [
        NavSection(
            journey.current.title,
            map_page(journey.id),
            [
                *(stage_page(journey.id, s.id) for s in journey.current.stages),
                history_page(journey.id),
            ],
        )
        for journey in content.journeys_by_title()
    ]
    others: list[str | NavSection] = []
    if content.metrics:
        metrics: list[str | NavSection] = [metric_page(m) for m in content.metrics]
        others.append(NavSection("Metrics", METRICS_INDEX, metrics))
    others.append(NavSection("Teams", TEAMS_INDEX, [team_page(t.name) for t in Teams(content)]))
    others += [EVIDENCE, CHANGES, HEALTH]
    if grouped:
        return [NavSection("Journeys", JOURNEYS_INDEX, [*journeys, *others])]
    return [NavSection("Journeys", JOURNEYS_INDEX, journeys), *others]
