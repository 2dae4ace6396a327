"""Map health: what has gone stale, what is missing, and who can fix it.

This module holds the kinds (in the order the health page shows them) and the
collection of items; `health_checks` finds the items, one function per kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from journeymap.analysis import health_checks as checks
from journeymap.analysis.actions import estimates
from journeymap.analysis.health_checks import Checkup, Item
from journeymap.analysis.trends import Trends
from journeymap.content.model import Content
from journeymap.i18n import N_, Labels

KINDS: Mapping[str, str] = Labels(
    {
        "overdue_review": N_("Reviews overdue"),
        "stale_metrics": N_("Stale metrics"),
        "missing_metrics": N_("Stages without metric data"),
        "missing_evidence": N_("Stages without evidence"),
        "no_target": N_("Metrics without a target"),
        "alerts": N_("Alerts"),
        "unowned_opportunities": N_("Opportunities without an owner"),
        "unscored_opportunities": N_("Opportunities not scored for the action plan"),
        "dismay_without_opportunity": N_("Dismay moments without an open opportunity"),
        "planned_versions": N_("Planned versions coming up"),
        "unused_media": N_("Media files nothing names"),
        "orphaned_subjourneys": N_("Sub-journeys whose stage is gone"),
    }
)
"""Kinds of health item, in the order the health page shows them (and `fail_on` names),
and their titles."""


_CHECKS: dict[str, Callable[[Checkup], list[Item]]] = {
    "overdue_review": checks.overdue_reviews,
    "stale_metrics": checks.stale_metrics,
    "missing_metrics": checks.missing_metrics,
    "missing_evidence": checks.missing_evidence,
    "no_target": checks.no_target,
    "alerts": checks.alerts,
    "unowned_opportunities": checks.unowned_opportunities,
    "unscored_opportunities": checks.unscored_opportunities,
    "dismay_without_opportunity": checks.dismay_without_opportunity,
    "planned_versions": checks.planned_versions,
    "unused_media": checks.unused_media,
    "orphaned_subjourneys": checks.orphaned_subjourneys,
}
"""The check that finds each kind's items."""


class Health:
    """Every health item of a content folder, as of its build date."""

    def __init__(
        self,
        content: Content,
        trends: Trends,
        *,
        review_every_days: int,
        stale_after_days: int,
        audience_one: str = "customer",
    ) -> None:
        self.content = content
        self.trends = trends
        self.review_every_days = review_every_days
        self.stale_after_days = stale_after_days
        checkup = Checkup(
            content, trends, review_every_days, self.stale_before(), estimates(audience_one)
        )
        self.items = [item for kind in KINDS for item in _CHECKS[kind](checkup)]

    def of_kind(self, kind: str) -> list[Item]:
        return [item for item in self.items if item.kind == kind]

    def of_journey(self, journey: str) -> list[Item]:
        return [item for item in self.items if item.journey == journey]

    def stale_before(self) -> dt.date:
        """Snapshots older than this date are stale."""
        return self.content.today - dt.timedelta(days=self.stale_after_days)
