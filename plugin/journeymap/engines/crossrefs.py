"""journeymap's pages by name, for the other plugins of a MkDocs site.

With mkdocs-autorefs, a page can link `[Kickoff][journeys/onboarding/kickoff]`: the names are
those of `objects.inv`, so a name means the same page in this site and in another
site's inventory. Autorefs takes names and site-relative URLs through its public
`register_url` (how mkdocstrings hands it the names of loaded inventories).
mkdocstrings writes its own `objects.inv` (its API's names) where journeymap's goes:
the site's one holds both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from journeymap import routes
from journeymap.content.model import Content
from journeymap.engines.neighbours import lacking
from journeymap.site import inventory
from journeymap.site.inventory import Entry

log = get_plugin_logger(__name__)


class UrlRegistry(Protocol):
    def register_url(self, identifier: str, url: str) -> None: ...


def name_pages(config: MkDocsConfig, content: Content) -> None:
    """Names of journeymap's pages for autorefs (when the site uses it), before it
    applies them."""
    autorefs = config.plugins.get("autorefs")
    if autorefs is None:
        return
    if hasattr(autorefs, "register_url"):
        register_names(autorefs, _entries(config, content))
    else:
        log.warning(
            lacking(
                "mkdocs-autorefs",
                "register_url",
                "links to journeymap's pages by name ([Checkout][journeys/…]) do not resolve",
            )
        )


def register_names(autorefs: UrlRegistry, entries: list[Entry]) -> None:
    """Make every inventory name of the site a link target for autorefs."""
    for entry in entries:
        autorefs.register_url(entry.name, entry.uri)


def merge_inventory(config: MkDocsConfig, files: Files, content: Content) -> None:
    """One objects.inv: another plugin's entries (mkdocstrings' API) and journeymap's,
    when another plugin wrote one during this build."""
    written = Path(config.site_dir) / routes.INVENTORY
    file = files.get_file_from_path(routes.INVENTORY)
    # The site folder was emptied at the start of the build: an inventory in it now
    # was written during this build, by another plugin.
    if file is None or not written.is_file():
        return
    try:
        file.content_bytes = inventory.objects_inv(
            _entries(config, content), project=config.site_name, others=written.read_bytes()
        )
    except ValueError as error:
        log.warning(f"{written}: {error}; journeymap's objects.inv replaces it")


def _entries(config: MkDocsConfig, content: Content) -> list[Entry]:
    return inventory.entries(content, use_directory_urls=config.use_directory_urls)
