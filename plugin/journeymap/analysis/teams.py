"""Owners as teams: everything each team owns across the current journeys.

Every distinct `owner` (of a journey, a stage, a touchpoint, an opportunity or a support
item) is a team. Owner texts that make the same slug ("Patient Services", "patient
services") are one team, shown under the spelling used most often, so that a team finds
all of its work on one page however authors typed its name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from journeymap.analysis.flow import Flow
from journeymap.analysis.health_checks import Item
from journeymap.content.model import Content, Journey
from journeymap.content.schema import Opportunity, Stage, Support, Touchpoint
from journeymap.routes import team_slug

OPEN_STATUSES = ("idea", "planned", "in-progress")


@dataclass(frozen=True)
class InStage:
    """Something of a stage of a journey's current version: a touchpoint, an opportunity."""

    journey: Journey
    stage: Stage


@dataclass(frozen=True)
class OwnedTouchpoint(InStage):
    touchpoint: Touchpoint


@dataclass(frozen=True)
class OwnedSupport(InStage):
    support: Support


@dataclass(frozen=True)
class OwnedOpportunity(InStage):
    opportunity: Opportunity

    @property
    def is_open(self) -> bool:
        return self.opportunity.status in OPEN_STATUSES


@dataclass(frozen=True)
class TeamHandoff(InStage):
    """Customers passing between this team and another: `stage` is where they arrive,
    `before` the stage they come from, `other` the other team's slug."""

    before: Stage
    other: str


@dataclass
class Team:
    """One team and what it owns, in journey order (journeys by title)."""

    slug: str
    name: str
    """The spelling of its name used most often."""
    spellings: tuple[str, ...]
    """Every spelling authors used, most used first."""
    maps: list[Journey] = field(default_factory=list)
    """Journeys whose map it owns."""
    stages: list[InStage] = field(default_factory=list)
    handoffs_in: list[TeamHandoff] = field(default_factory=list)
    handoffs_out: list[TeamHandoff] = field(default_factory=list)
    touchpoints: list[OwnedTouchpoint] = field(default_factory=list)
    """The touchpoints of its stages and those it owns in other teams' stages."""
    support: list[OwnedSupport] = field(default_factory=list)
    """The support items of its stages and those it owns in other teams' stages."""
    opportunities: list[OwnedOpportunity] = field(default_factory=list)
    """The opportunities it owns, and those of its stages that nobody owns, in journey
    order. The action plan's rank (`analysis/actions.py`, where scored) goes beside them
    on the team page (`team.md`)."""
    health: list[Item] = field(default_factory=list)
    """Health items for it to fix."""

    @property
    def journeys(self) -> list[Journey]:
        """Every journey it has a part in, in the order they are listed."""
        found: dict[str, Journey] = {j.id: j for j in self.maps}
        for item in [*self.stages, *self.touchpoints, *self.support, *self.opportunities]:
            found.setdefault(item.journey.id, item.journey)
        return sorted(found.values(), key=lambda j: (j.current.title.lower(), j.id))

    @property
    def open_opportunities(self) -> list[OwnedOpportunity]:
        return [o for o in self.opportunities if o.is_open]

    @property
    def backstage_steps(self) -> int:
        return sum(len(s.stage.backstage) for s in self.stages)


def owners(content: Content) -> Iterator[str]:
    """Every owner text of the current journeys, once per place it is written."""
    for journey in content.journeys_by_title():
        version = journey.current
        if version.owner:
            yield version.owner
        for stage in version.stages:
            if stage.owner:
                yield stage.owner
            items: list[Touchpoint | Opportunity | Support] = [
                *stage.touchpoints,
                *stage.opportunities,
                *stage.support,
            ]
            yield from (item.owner for item in items if item.owner)


class Teams:
    """Every team of a content folder's current journeys, by slug, sorted by name."""

    def __init__(self, content: Content, health: Iterable[Item] = ()) -> None:
        uses: dict[str, Counter[str]] = {}
        for owner in owners(content):
            uses.setdefault(team_slug(owner), Counter())[owner] += 1
        teams = []
        for slug, counts in uses.items():
            # Most used first; ties go to the spelling first in alphabetical order.
            spellings = tuple(sorted(counts, key=lambda s: (-counts[s], s)))
            teams.append(Team(slug, spellings[0], spellings))
        teams.sort(key=lambda t: (t.name.lower(), t.slug))
        self.by_slug: dict[str, Team] = {t.slug: t for t in teams}
        for journey in content.journeys_by_title():
            self._add_journey(journey)
        for item in health:
            # A planned version's owner may be no team yet: its item waits on /health/.
            team = self.by_slug.get(team_slug(item.owner)) if item.owner else None
            if team is not None:
                team.health.append(item)

    def __iter__(self) -> Iterator[Team]:
        return iter(self.by_slug.values())

    def __len__(self) -> int:
        return len(self.by_slug)

    def of(self, owner: str) -> Team:
        """The team an owner text names."""
        return self.by_slug[team_slug(owner)]

    def merged(self) -> list[Team]:
        """Teams whose name was written in more than one way."""
        return [t for t in self if len(t.spellings) > 1]

    def _add_journey(self, journey: Journey) -> None:
        version = journey.current
        if version.owner:
            self.of(version.owner).maps.append(journey)
        flow = Flow(version)
        for index, stage in enumerate(version.stages):
            place = InStage(journey, stage)
            team = self.of(stage.owner) if stage.owner else None
            if team is not None:
                team.stages.append(place)
            handoff = flow.handoff_into(stage)
            if handoff is not None:
                before = version.stages[index - 1]
                source, target = team_slug(handoff.source), team_slug(handoff.target)
                self.by_slug[target].handoffs_in.append(TeamHandoff(journey, stage, before, source))
                self.by_slug[source].handoffs_out.append(
                    TeamHandoff(journey, stage, before, target)
                )
            self._add_items(place, team)

    def _add_items(self, place: InStage, team: Team | None) -> None:
        """A stage's touchpoints, support items and opportunities, to the teams they are
        for: their own owner's, and the stage owner's when that is another team."""
        stage, journey = place.stage, place.journey

        def teams_of(owner: str | None, *, stage_team_takes_owned: bool) -> list[Team]:
            found = [self.of(owner)] if owner else []
            if team is not None and team not in found and (stage_team_takes_owned or not owner):
                found.append(team)
            return found

        for touchpoint in stage.touchpoints:
            for owner_team in teams_of(touchpoint.owner, stage_team_takes_owned=True):
                owner_team.touchpoints.append(OwnedTouchpoint(journey, stage, touchpoint))
        for support in stage.support:
            for owner_team in teams_of(support.owner, stage_team_takes_owned=True):
                owner_team.support.append(OwnedSupport(journey, stage, support))
        # An opportunity someone else owns is theirs to drive: only one nobody owns falls to
        # the stage's team (the health page asks for an owner).
        for opportunity in stage.opportunities:
            for owner_team in teams_of(opportunity.owner, stage_team_takes_owned=False):
                owner_team.opportunities.append(OwnedOpportunity(journey, stage, opportunity))
