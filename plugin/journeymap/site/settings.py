"""What the pages are told: the plugin's options and what the engine says of the site."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from journeymap.i18n import pgettext
from journeymap.site.options import Options


@dataclass(frozen=True)
class Settings(Options):
    """The plugin's options (`Options`), and what the engine's configuration says."""

    use_directory_urls: bool = True
    site_url: str | None = None
    """The site's public address, for absolute links in the feed, map.json and badges."""
    site_name: str = "journeymap"
    """The project name in objects.inv."""
    source_links: bool = False
    """Links in the pages' HTML name the target's source file (`../kickoff.md`), for an
    engine that resolves every link of a page from its source file, raw HTML included
    (Zensical); else they are URLs relative to the page (MkDocs leaves raw HTML alone)."""

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

    @property
    def audience_one_starts(self) -> str:
        """The singular at the start of a heading: `Patient segments`."""
        return self.audience_one[:1].upper() + self.audience_one[1:]


def in_language(settings: Settings, language: str) -> Settings:
    """The settings of a build in `language` (a code journeymap speaks): the cache keys
    that cover the settings change with it, and the audience word the author left out
    is the language's word for customers (`Kunden`), not the English default."""
    default = next(f.default for f in fields(Options) if f.name == "audience")
    if settings.audience == default and settings.audience_singular is None:
        settings = replace(
            settings,
            # Translators: who goes through the journeys when the site does not say.
            audience=pgettext("audience", "customers"),
            audience_singular=pgettext("audience", "customer"),
        )
    return replace(settings, language=language)
