"""journeymap's pages as MkDocs converted them: not converted again while unchanged.

MkDocs converts every page from Markdown on every build, `mkdocs serve` rebuilds
included, and on a large site that is a third of a rebuild; most generated pages are
the same as last time. A page's conversion depends on its final Markdown (after every
plugin's `on_page_markdown`), where it is, the site's Markdown extensions and link
validation settings, and the site's files (links are checked against them): with all
of these unchanged, what the conversion set on the page is set again from the last
build (in memory for `mkdocs serve`, in `cache_dir` for CI).

A page whose conversion logged anything (a broken link) is converted every time, so
that the message is repeated. Only the engines whose `Page.render` is known are served
this way (MkDocs and ProperDocs 1.6); with any other, pages are converted as usual.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import markdown

from journeymap.content.reuse import KeptByBuild, Stored

_ENGINES = {"mkdocs.structure.pages": "1.6.", "properdocs.structure.pages": "1.6."}
"""The engines whose `Page.render` sets exactly what `_Converted` holds, and their versions."""


@dataclass(frozen=True)
class _Converted:
    """What `Page.render` sets on a page."""

    content: str
    toc: Any
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]]
    """By the target file's src_uri (File objects are made anew each build)."""


class ConvertedPages(KeptByBuild):
    """Conversions of the last build, by everything a conversion depends on."""

    def __init__(self) -> None:
        self._converted: Stored[_Converted] = Stored()
        super().__init__(self._converted)
        self._context = ""
        self._files: Any = None
        """The files `_context` was made for: one build may have several (mkdocs-static-i18n
        builds each language with its own)."""
        self.reused = 0
        self.converted = 0

    def new_build(self) -> None:
        super().new_build()
        self._context, self._files = "", None
        self.reused = self.converted = 0

    def serve(self, page: Any) -> None:
        """Have the page converted through this memo, if its engine is a known one."""
        render = type(page).render
        version = _ENGINES.get(render.__module__)
        engine = sys.modules[render.__module__.partition(".")[0]]
        known = version is not None and getattr(engine, "__version__", "").startswith(version)
        if known:
            page.render = lambda config, files: self._render(page, render, config, files)

    def _render(self, page: Any, render: Callable[..., None], config: Any, files: Any) -> None:
        if files is not self._files:
            self._context, self._files = _context(config, files), files
        key = hashlib.sha256(
            "\0".join((self._context, page.file.src_uri, page.file.url, page.markdown)).encode()
        ).hexdigest()
        kept = self._converted.get(key)
        if kept is not None and _restore(page, kept, files):
            self.reused += 1
            return
        with _logged(render.__module__.partition(".")[0]) as records:
            render(page, config, files)
        self.converted += 1
        if not records:
            self._converted.keep(key, _converted(page))


def _context(config: Any, files: Any) -> str:
    """What every page's conversion depends on besides its own Markdown and place."""
    digest = hashlib.sha256()
    for part in (
        sys.modules[type(config).__module__.partition(".")[0]].__dict__.get("__version__"),
        markdown.__version__,
        # repr: extension objects a plugin adds show their address, which differs
        # between processes; such a site is then served from memory only (serve).
        repr(config["markdown_extensions"]),
        repr(config["mdx_configs"]),
        repr(config.get("validation")),
        repr(sorted((f.src_uri, f.url) for f in files)),
    ):
        digest.update(f"{part}\0".encode())
    return digest.hexdigest()


def _converted(page: Any) -> _Converted:
    return _Converted(
        page.content,
        page.toc,
        page._title_from_render,
        frozenset(page.present_anchor_ids),
        {file.src_uri: dict(links) for file, links in page.links_to_anchors.items()},
    )


def _restore(page: Any, kept: _Converted, files: Any) -> bool:
    """Set on `page` what its conversion set; False if a linked file is gone."""
    links = {}
    for src_uri, anchors in kept.links_to_anchors.items():
        target = files.get_file_from_path(src_uri)
        if target is None:
            return False
        links[target] = dict(anchors)
    page.content = kept.content
    page.toc = copy.deepcopy(kept.toc)  # plugins may change a page's toc: not the kept one
    page._title_from_render = kept.title
    page.present_anchor_ids = set(kept.anchors)
    page.links_to_anchors = links
    return True


@contextmanager
def _logged(logger_name: str) -> Iterator[list[logging.LogRecord]]:
    """The records the engine logs meanwhile (its loggers propagate to this one)."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(logging.INFO)
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
