"""mkdocs-redirects pointed at a journeymap page: an error, not a silent replacement.

mkdocs-redirects writes its redirect pages after the site is built, over whatever is
at the old path, so a redirect from a URL journeymap publishes (a stage, an old
stage's own redirect) would replace that page without a word. journeymap already
redirects the URLs of stages that were replaced; a site redirect there is a mistake.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from journeymap import routes


def colliding_redirects(
    redirect_maps: Mapping[str, object],
    pages: Iterable[str],
    files: Iterable[str],
    *,
    use_directory_urls: bool,
) -> list[str]:
    """A message per redirect whose old path is a page or file journeymap writes."""
    ours = {routes.file_of(src, use_directory_urls=use_directory_urls): src for src in pages}
    ours.update({path: path for path in files})
    problems = []
    for old, new in redirect_maps.items():
        written = routes.file_of(str(old), use_directory_urls=use_directory_urls)
        if written in ours:
            what = ours[written]
            problems.append(
                f"redirect_maps: '{old}' -> '{new}': /{written} is journeymap's "
                f"({what}); a redirect would replace it. Remove the redirect: journeymap "
                "keeps the URLs of replaced stages working itself"
            )
    return problems
