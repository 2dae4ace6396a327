"""The sections journeymap adds to the site's navigation, in reading order."""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.analysis.hierarchy import Hierarchy
from journeymap.analysis.teams import Teams
from journeymap.content.model import Content, Journey
from journeymap.i18n import _
from journeymap.routes import (
    ACTIONS,
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
    """What journeymap adds to the nav: Journeys (a folder per journey), Metrics, the
    action plan, Teams, the research library, Changes, Health.

    Version maps are left out: the history page lists them. `grouped` puts the others
    inside Journeys: with Material's `navigation.tabs`, every top-level entry is a
    tab, and journeymap's pages then make one.
    """
    tree = Hierarchy(content)
    journeys: list[str | NavSection] = [
        _journey_section(journey, tree)
        for journey in content.journeys_by_title()
        if journey.id not in tree.places
    ]
    others: list[str | NavSection] = []
    if content.metrics:
        metrics: list[str | NavSection] = [metric_page(m) for m in content.metrics]
        others.append(NavSection(_("Metrics"), METRICS_INDEX, metrics))
    others.append(ACTIONS)
    teams: list[str | NavSection] = [team_page(t.name) for t in Teams(content)]
    others.append(NavSection(_("Teams"), TEAMS_INDEX, teams))
    others += [EVIDENCE, CHANGES, HEALTH]
    if grouped:
        return [NavSection(_("Journeys"), JOURNEYS_INDEX, [*journeys, *others])]
    return [NavSection(_("Journeys"), JOURNEYS_INDEX, journeys), *others]


def _journey_section(journey: Journey, tree: Hierarchy) -> NavSection:
    """A journey's folder: its stages (a stage that sub-journeys detail holds them, so that
    the nav and Material's path read parent > stage > sub-journey), then its history."""
    items: list[str | NavSection] = []
    for stage in journey.current.stages:
        page = stage_page(journey.id, stage.id)
        subs = [_journey_section(sub, tree) for sub in tree.of_stage(journey, stage)]
        items.append(NavSection(stage.title, page, list(subs)) if subs else page)
    items += [_journey_section(sub, tree) for sub in tree.orphans(journey)]
    items.append(history_page(journey.id))
    return NavSection(journey.current.title, map_page(journey.id), items)
