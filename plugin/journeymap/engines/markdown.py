"""`journey:` and `metric:` links in a Zensical site's own pages: a Python-Markdown extension.

List it in `markdown_extensions` (`- journeymap.engines.markdown`). Under Zensical it
rewrites the links of each page, after Markdown has run, with the plugin's own
resolution (`site.links`), to the target's source file; Zensical then turns that into
the page's URL as for any other link. The content is the one `journeymap generate`
made the pages from (its manifest names the folder), loaded once per build.

Under MkDocs it does nothing: the plugin resolves the links there.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from journeymap.content.loader import load_content
from journeymap.engines.manifest import read_manifest
from journeymap.site.links import Links


class UnknownLinkTarget(Exception):
    """A page links to a journey, stage or metric that does not exist."""


_links: dict[tuple[Path, str], Links] = {}
_lock = threading.Lock()


def _links_for(config: dict[str, Any]) -> Links | None:
    """The site's resolver, from the manifest `journeymap generate` left in docs_dir."""
    root = Path(str(config.get("root_dir") or "."))
    docs_dir = root / str(config.get("docs_dir") or "docs")
    manifest = read_manifest(docs_dir)
    if manifest is None:
        return None
    key = (docs_dir.resolve(), manifest.today)
    with _lock:
        if key not in _links:
            content = load_content(
                root / manifest.content_dir,
                display_root=root,
                today=dt.date.fromisoformat(manifest.today),
            )
            _links[key] = Links(
                content, use_directory_urls=manifest.use_directory_urls, source_links=True
            )
        return _links[key]


def config_page(context: Any) -> str:
    """The page's source as the author knows it: `docs/guide.md`."""
    return f"{context.config.get('docs_dir') or 'docs'}/{context.page.path}"


class _JourneyLinks(Postprocessor):
    def run(self, text: str) -> str:
        if "journey:" not in text and "metric:" not in text:
            return text
        try:
            from zensical.extensions.context import ContextPreprocessor
        except ImportError:  # not Zensical: the MkDocs plugin resolves these links itself
            return text
        context = ContextPreprocessor.from_markdown(self.md)
        if context is None:
            return text
        links = _links_for(context.config)
        if links is None:
            raise UnknownLinkTarget(
                f"{config_page(context)}: journey: and metric: links need the pages of "
                "`journeymap generate`: run it before `zensical build`"
            )
        html, unresolved = links.rewrite(text, context.page.path)
        if unresolved:
            # Zensical stops the build on an exception; `journeymap generate` reports the
            # same links beforehand, without a traceback.
            raise UnknownLinkTarget(
                "\n".join(
                    f"{config_page(context)}: unknown link target '{u.target}': {u.reason}"
                    for u in unresolved
                )
            )
        return html


class JourneyLinksExtension(Extension):
    """Resolves `journey:` and `metric:` links in a Zensical build."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After the raw HTML is put back (priority 30), so links in HTML blocks count too.
        md.postprocessors.register(_JourneyLinks(md), "journeymap_links", 5)


def makeExtension(**kwargs: Any) -> JourneyLinksExtension:
    """The entry point Python-Markdown calls for `journeymap.engines.markdown`."""
    return JourneyLinksExtension(**kwargs)
