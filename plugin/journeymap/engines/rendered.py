"""journeymap's pages as MkDocs converted them: not converted again while unchanged.

MkDocs converts every page from Markdown on every build, `mkdocs serve` rebuilds
included, and on a large site that is a third of a rebuild; most generated pages are
the same as last time. A page's conversion depends on its final Markdown (after every
plugin's `on_page_markdown`), where it is, the site's Markdown extensions and link
validation settings, and the site's files (links are checked against them): with all
of these unchanged, what the conversion set on the page is set again from the last
build, kept by the build cache (its `pages`).

A page whose conversion logged anything (a broken link) is converted every time, so
that the message is repeated. Only the engines whose `Page.render` is known are served
this way (MkDocs and ProperDocs 1.6): it sets private attributes of the page. With any
other, pages are converted as usual and `unknown_engine` says so, for one line in the
build log (nothing is wrong then, only slower).
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import markdown

from journeymap.content.build_cache import BuildCache
from journeymap.engines.neighbours import lacking

_ENGINES = {"mkdocs.structure.pages": "1.6.", "properdocs.structure.pages": "1.6."}
"""The engines whose `Page.render` sets exactly what `_Converted` holds, and their versions."""


@dataclass(frozen=True)
class _Converted:
    """What `Page.render` sets on a page."""

    content: str
    toc: list[dict[str, Any]]
    """As the tokens of Python-Markdown's toc extension, which the engine's `get_toc` reads."""
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]]
    """By the target file's src_uri (File objects are made anew each build)."""


class _ConvertedCodec:
    """A conversion as JSON data, for the build cache (its `pages`): never code."""

    name = "converted-page"

    def encode(self, kept: _Converted) -> Any:
        return {
            "content": kept.content,
            "toc": kept.toc,
            "title": kept.title,
            "anchors": sorted(kept.anchors),
            "links_to_anchors": kept.links_to_anchors,
        }

    def decode(self, data: Any) -> _Converted:
        content, title, anchors = data["content"], data["title"], data["anchors"]
        links = data["links_to_anchors"]
        if not (
            isinstance(content, str)
            and (title is None or isinstance(title, str))
            and all(isinstance(anchor, str) for anchor in anchors)
            and all(
                isinstance(target, str) and isinstance(anchor, str)
                for by_file in links.values()
                for target, anchor in by_file.items()
            )
        ):
            raise TypeError("a conversion's parts are texts")
        return _Converted(content, _checked_toc(data["toc"]), title, frozenset(anchors), links)


def _checked_toc(tokens: Any) -> list[dict[str, Any]]:
    """The toc tokens, checked to be of the shape the toc extension makes."""
    for token in tokens:
        if not (
            isinstance(token["name"], str)
            and isinstance(token["id"], str)
            and type(token["level"]) is int
        ):
            raise TypeError("a toc entry has a name, an id and a level")
        _checked_toc(token["children"])
    return list(tokens)


class PageConverter:
    """Converts pages of one build, or sets what the last build's conversion set, kept by
    everything a conversion depends on."""

    def __init__(self, cache: BuildCache | None = None) -> None:
        self._converted = (cache or BuildCache()).section("pages", _ConvertedCodec())
        self._context = ""
        self._files: Any = None
        """The files `_context` was made for: one build may have several (mkdocs-static-i18n
        builds each language with its own)."""
        self.unknown_engine: str | None = None
        """The build log's line when the engine is not one whose `Page.render` is known."""

    @property
    def converted(self) -> int:
        """Pages converted from Markdown in this build."""
        return self._converted.made

    @property
    def reused(self) -> int:
        """Pages given the last build's conversion in this build."""
        return self._converted.reused

    @property
    def ignored(self) -> int:
        """Files of the build cache's `pages` that this build could not use."""
        return self._converted.ignored

    def serve(self, page: Any) -> None:
        """Have the page converted through the build cache, if its engine is a known one."""
        render = type(page).render
        version = _ENGINES.get(render.__module__)
        installed = getattr(sys.modules[_engine(page)], "__version__", "")
        if version is not None and installed.startswith(version):
            page.render = lambda config, files: self._render(page, render, config, files)
        else:
            self.unknown_engine = lacking(
                _engine(page),
                "Page.render of a version journeymap knows (1.6)",
                "unchanged pages are converted from Markdown again in every build (slower; "
                "nothing else is lost)",
            )

    def _render(self, page: Any, render: Callable[..., None], config: Any, files: Any) -> None:
        if files is not self._files:
            self._context, self._files = _context(config, files), files
        key = hashlib.sha256(
            "\0".join((self._context, page.file.src_uri, page.file.url, page.markdown)).encode()
        ).hexdigest()
        kept = self._converted.get(key)
        if kept is not None and _restore(page, kept, files):
            self._converted.reused += 1
            return
        with _logged(_engine(page)) as records:
            render(page, config, files)
        self._converted.made += 1
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
        [_token(anchor) for anchor in page.toc],
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
    # Made anew from the tokens: plugins may change a page's toc, never the kept one.
    page.toc = sys.modules[f"{_engine(page)}.structure.toc"].get_toc(kept.toc)
    page._title_from_render = kept.title
    page.present_anchor_ids = set(kept.anchors)
    page.links_to_anchors = links
    return True


def _token(anchor: Any) -> dict[str, Any]:
    """An entry of the engine's toc as the toc extension's token it was made from."""
    children = [_token(child) for child in anchor.children]
    return {"name": anchor.title, "id": anchor.id, "level": anchor.level, "children": children}


def _engine(page: Any) -> str:
    """The engine's package (mkdocs, properdocs) whose Page class made `page`."""
    module: str = type(page).render.__module__
    return module.partition(".")[0]


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
