"""Content problems under `mkdocs serve`: listed on every page, not fatal.

The build goes on, and every page, the last good build's journeymap pages among them,
lists the problems; the browser reloads to show them, and again once they are fixed
(a build stopped instead would leave it waiting).
"""

from __future__ import annotations

from markupsafe import escape
from mkdocs.plugins import get_plugin_logger

from journeymap import routes
from journeymap.content.problems import ContentError
from journeymap.formatting import plural
from journeymap.site.pages import PageSource

log = get_plugin_logger(__name__)


def stand_ins(error: ContentError, served: list[str]) -> dict[str, PageSource]:
    """Pages at the URLs of the last good build (`served`), for the problems to show on;
    the problems in the build log."""
    log.error(f"{error}\n(every page of the site being served lists these problems)")
    stand_in = "# Content problems\n"
    uris = served or [routes.JOURNEYS_INDEX]
    return {uri: PageSource(uri, stand_in, meta={"title": "Content problems"}) for uri in uris}


def problems_html(error: ContentError) -> str:
    """The problems, escaped, as a block at the top of a page."""
    items = "".join(f"<li><code>{escape(str(p))}</code></li>" for p in error.problems)
    count = plural(len(error.problems), "content problem")
    return (
        '<div class="admonition failure jm-problems" role="alert">'
        f'<p class="admonition-title">journeymap: {count}. Fix and save: this '
        f"page reloads.</p><ul>{items}</ul></div>"
    )
