"""Names of journeymap's pages for mkdocs-autorefs, in the same site.

With autorefs, a page can link `[Kickoff][journeys/onboarding/kickoff]`: the names are
those of `objects.inv`, so a name means the same page in this site and in another
site's inventory. Autorefs takes names and site-relative URLs through its public
`register_url` (how mkdocstrings hands it the names of loaded inventories).
"""

from __future__ import annotations

from typing import Protocol

from journeymap.site.inventory import Entry


class UrlRegistry(Protocol):
    def register_url(self, identifier: str, url: str) -> None: ...


def register_names(autorefs: UrlRegistry, entries: list[Entry]) -> None:
    """Make every inventory name of the site a link target for autorefs."""
    for entry in entries:
        autorefs.register_url(entry.name, entry.uri)
