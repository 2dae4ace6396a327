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
from journeymap.i18n import _, ngettext
from journeymap.site.pages import PageSource

log = get_plugin_logger(__name__)


def stand_ins(error: ContentError, served: list[str]) -> dict[str, PageSource]:
    """Pages at the URLs of the last good build (`served`), for the problems to show on;
    the problems in the build log."""
    log.error(f"{error}\n(every page of the site being served lists these problems)")
    title = _("Content problems")
    stand_in = f"# {title}\n"
    uris = served or [routes.JOURNEYS_INDEX]
    return {uri: PageSource(uri, stand_in, meta={"title": title}) for uri in uris}


def problems_html(error: ContentError) -> str:
    """The problems, escaped, as a block at the top of a page."""
    items = "".join(f"<li><code>{escape(str(p))}</code></li>" for p in error.problems)
    said = ngettext(
        "journeymap: %(num)d content problem. Fix and save: this page reloads.",
        "journeymap: %(num)d content problems. Fix and save: this page reloads.",
        len(error.problems),
    )
    return (
        '<div class="admonition failure jm-problems" role="alert">'
        f'<p class="admonition-title">{escape(said)}</p><ul>{items}</ul></div>'
    )
