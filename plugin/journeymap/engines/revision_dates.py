"""Giving mkdocs-git-revision-date-localized the content's dates for generated pages.

The plugin dates a page by the git history of its file; a generated page has none,
so it dates it with the time of the build, and two builds of the same content would
differ. It has no public way to be told another date: every version from 1.6 to
1.7 asks one method, `_get_commit(page, is_first_commit)`, for a page's commit and
its time, and journeymap answers it for its own pages (`page_dates`).

That method is private. Where a version lacks it (or takes other arguments), the
build says so in one warning that names the plugin and what is lost, rather than
publishing the build's time as the content's date.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from journeymap.engines.neighbours import lacking

PLUGIN = "git-revision-date-localized"
DISTRIBUTION = "mkdocs-git-revision-date-localized-plugin"
_HOOK = "_get_commit"
_HOOK_PARAMETERS = ["page", "is_first_commit"]


def date_generated_pages(
    plugins: Mapping[str, Any], content_dates: Callable[[], Mapping[str, int]]
) -> str | None:
    """Have the plugin (when the site uses it) date the pages of `content_dates`
    (src_uri -> seconds since 1970) by them; a warning when this version of it cannot
    be told."""
    dated = plugins.get(PLUGIN)
    if dated is None:
        return None
    asked = _hook(dated)
    if asked is None:
        return lacking(
            DISTRIBUTION,
            f"{_HOOK}(page, is_first_commit)",
            "journeymap's pages show the date of the build instead of the date of their "
            f"content (install a version from 1.6 to 1.7, or leave {PLUGIN} out of the plugins)",
        )
    dates = content_dates()

    def commit(page: Any, is_first_commit: bool = False) -> tuple[str, int]:
        when = dates.get(page.file.src_uri)
        if when is None:
            return asked(page, is_first_commit=is_first_commit)  # type: ignore[no-any-return]
        return "", when  # no commit hash: the plugin shows no tag for it

    # On the instance, anew each build: `_hook` reads the class's method, never this one.
    setattr(dated, _HOOK, commit)
    return None


def _hook(dated: Any) -> Callable[..., Any] | None:
    """The plugin's own `_get_commit`, if it takes the arguments journeymap knows."""
    method = getattr(type(dated), _HOOK, None)
    if not callable(method):
        return None
    try:
        parameters = list(inspect.signature(method).parameters)[1:]  # after self
    except (TypeError, ValueError):
        return None
    if parameters != _HOOK_PARAMETERS:
        return None
    bound: Callable[..., Any] = method.__get__(dated)
    return bound
