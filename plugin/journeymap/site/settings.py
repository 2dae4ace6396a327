"""Presentation choices: what the site's configuration tells the pages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """Presentation choices, from the plugin's options."""

    use_directory_urls: bool = True
    min_responses: int = 30
    """Below this many survey responses, a value is shown as low confidence."""
    satisfaction_metric: str = "csat"
    """The metric drawn beside the researched emotion curve on the map."""
    review_every_days: int = 90
    """Review cadence of maps that do not set their own."""
    stale_after_days: int = 45
    """Metrics whose latest snapshot is older than this are stale."""
    site_url: str | None = None
    """The site's public address, for absolute links in the feed, map.json and badges."""
    map_hide: tuple[str, ...] = ("navigation", "toc")
    """What Material hides beside a map (its `hide` page metadata), so the map gets the width."""
    poster_size: str = "A3"
    """The paper a printed map fits on, landscape: `A3` or `A4`."""
    site_name: str = "journeymap"
    """The project name in objects.inv."""
    source_links: bool = False
    """Links in the pages' HTML name the target's source file (`../kickoff.md`), for an
    engine that resolves every link of a page from its source file, raw HTML included
    (Zensical); else they are URLs relative to the page (MkDocs leaves raw HTML alone)."""
    audience: str = "customers"
    """Who goes through the journeys, in the plural ("patients"), for every label naming them."""
    audience_singular: str | None = None
    """The singular ("patient"); by default the plural without its final s."""

    @property
    def audience_one(self) -> str:
        """The audience word in the singular: `patient journeys`."""
        if self.audience_singular:
            return self.audience_singular
        return self.audience[:-1] if self.audience.endswith("s") else self.audience

    @property
    def audience_starts(self) -> str:
        """The plural at the start of a sentence: `Patients come from`."""
        return self.audience[:1].upper() + self.audience[1:]
