"""The analysis every page of a site reads, made once per build."""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.analysis import segments
from journeymap.analysis.actions import ActionPlan
from journeymap.analysis.changes import Changes
from journeymap.analysis.evidence import Library
from journeymap.analysis.health import Health
from journeymap.analysis.hierarchy import Hierarchy, Step, steps
from journeymap.analysis.teams import Teams
from journeymap.analysis.trends import Trends
from journeymap.content.model import Content
from journeymap.i18n import _
from journeymap.site.settings import Settings


@dataclass(frozen=True)
class SiteAnalysis:
    """What the content says across journeys: trends, changes, health, the action plan…"""

    trends: Trends
    changes: Changes
    health: Health
    gaps: segments.Gaps
    actions: ActionPlan
    hierarchy: Hierarchy
    steps: dict[str, list[Step]]
    teams: Teams
    library: Library


def analyse(content: Content, settings: Settings) -> SiteAnalysis:
    """The analysis of `content`, with the audience and review periods `settings` give."""
    audience = settings.audience
    # Translators: the series of every respondent, in charts' legends: "All customers".
    trends = Trends(content, everyone=_("All %(audience)s", audience=audience))
    changes = Changes(content, trends, audience=audience, audience_one=settings.audience_one)
    health = Health(
        content,
        trends,
        review_every_days=settings.review_every_days,
        stale_after_days=settings.stale_after_days,
        audience_one=settings.audience_one,
    )
    return SiteAnalysis(
        trends=trends,
        changes=changes,
        health=health,
        gaps=segments.Gaps(trends),
        actions=ActionPlan(content, trends, settings.audience_one),
        hierarchy=Hierarchy(content),
        steps=steps(content),
        teams=Teams(content, health.items),
        library=Library(content),
    )
