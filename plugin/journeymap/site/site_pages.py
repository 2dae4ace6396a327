"""The site-wide pages: landscape, metrics, action plan, evidence, changes, health, teams."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap import routes
from journeymap.analysis import segments
from journeymap.analysis.teams import OwnedOpportunity
from journeymap.content.evidence import LIBRARY_FILE
from journeymap.content.model import Content
from journeymap.content.schema import Metric
from journeymap.i18n import _
from journeymap.site import landscape, matrix
from journeymap.site.journey_pages import map_meta
from journeymap.site.pages import UNSEARCHED_PAGE, PageSource, Templates
from journeymap.site.settings import Settings
from journeymap.site.site_analysis import SiteAnalysis


class SitePages:
    """Renders the pages about every journey at once."""

    def __init__(
        self, content: Content, settings: Settings, analysis: SiteAnalysis, templates: Templates
    ) -> None:
        self.content = content
        self.settings = settings
        self.analysis = analysis
        self.templates = templates

    def landscape_page(self) -> PageSource:
        """`/journeys/`: every journey, where it stands and its moments that matter."""
        trends = self.analysis.trends
        return self.templates.page(
            routes.JOURNEYS_INDEX,
            "journeys.md",
            meta=map_meta(self.settings),  # the landscape needs the width as much as a map
            journeys=self.analysis.hierarchy.order,
            landscape=landscape.rows(self.content, trends, self.analysis.health),
            moments=landscape.moments(self.content, trends, self.settings.satisfaction_metric),
        )

    def after_journeys(self) -> Iterator[PageSource]:
        """The site-wide pages listed after the journeys' own, in a stable order."""
        if self.content.metrics:
            yield self.templates.page(routes.METRICS_INDEX, "metrics.md")
            for metric in self.content.metrics.values():
                yield self.metric_page(metric)
        library_file = self.content.root / LIBRARY_FILE
        yield self.templates.page(
            routes.ACTIONS,
            "actions.md",
            meta=map_meta(self.settings),  # a wide table: the width of a map
            matrix=matrix,
            quadrants=matrix.by_quadrant,
        )
        yield self.templates.page(
            routes.EVIDENCE, "evidence.md", source=library_file if library_file.exists() else None
        )
        # Every change is indexed once, on its journey's history page (see UNSEARCHED).
        yield self.templates.page(
            routes.CHANGES, "changes.md", meta=UNSEARCHED_PAGE, events=self.analysis.changes.events
        )
        yield self.templates.page(routes.HEALTH, "health.md")
        yield from self.team_pages()

    def team_pages(self) -> Iterator[PageSource]:
        """`/teams/` and a page per team: what each owns across the current journeys."""
        teams = self.analysis.teams
        yield self.templates.page(routes.TEAMS_INDEX, "teams.md", teams=teams)
        for team in teams:
            yield self.templates.page(
                routes.team_page(team.name),
                "team.md",
                team=team,
                teams=teams,
                opportunities=self._in_rank_order(team.opportunities),
            )

    def _in_rank_order(self, owned: list[OwnedOpportunity]) -> list[OwnedOpportunity]:
        """Open opportunities first, the ranked ones by their rank on the action plan,
        then the others in journey order (as the team's list has them)."""
        ranks = {id(item): self.analysis.actions.rank_of(item.opportunity) for item in owned}
        return sorted(
            owned,
            key=lambda item: (
                not item.is_open,
                (ranked := ranks[id(item)]) is None,
                ranked.rank if ranked else 0,
            ),
        )

    def metric_page(self, metric: Metric) -> PageSource:
        trends = self.analysis.trends.metric(metric)
        better = metric.better == "higher"
        ranked = sorted(
            (t for t in trends if t.stage is not None),
            key=lambda t: -t.headline.latest.value if better else t.headline.latest.value,
        )
        by_journey = []
        by_segment = []
        for journey in self.content.journeys_by_title():
            of_journey = [t for t in trends if t.journey == journey.id and t.stage is not None]
            table = segments.table(metric, of_journey)
            if table.has_segments:
                by_segment.append((journey, table, self.analysis.gaps.of(of_journey)))
            titles = {s.id: s.title for s in journey.current.stages}
            lines = [
                (titles[t.stage] if t.stage else _("Whole journey"), t.headline)
                for t in trends
                if t.journey == journey.id
            ]
            if lines:
                by_journey.append((journey, lines))
        return self.templates.page(
            routes.metric_page(metric.id),
            "metric.md",
            source=self.content.root / "metrics.yml",
            metric=metric,
            metric_trends=trends,
            ranked=ranked,
            by_journey=by_journey,
            by_segment=by_segment,
        )
