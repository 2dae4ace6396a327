"""Markdown fields as safe HTML: what Markdown produces, less anything that could run.

A `description` is written by any content author and shown to everyone in the
company, so its Markdown is rendered here (with the site's Markdown extensions,
when the engine passes them) and the HTML is cleaned by ammonia (through nh3), a
maintained allowlist sanitiser: no script, style, frame, object or form, no event
handler attribute, and links only to http(s), mailto and the site's own `journey:`
and `metric:` targets. The result goes into the page as a raw HTML block, which
the engine's Markdown leaves alone.
"""

from __future__ import annotations

from collections.abc import Callable

import markdown
import nh3
from markupsafe import Markup

MarkdownRenderer = Callable[[str], str]
"""Markdown text -> HTML, with the extensions of the site being built."""

# `journey:` and `metric:` links are resolved to pages later (site/links.py).
URL_SCHEMES = {"http", "https", "mailto", "journey", "metric"}
_CLEANER = nh3.Cleaner(
    tags=nh3.ALLOWED_TAGS,
    # Extensions mark up with classes (admonitions, highlighting); tables align cells.
    attributes={**nh3.ALLOWED_ATTRIBUTES, "*": {"class", "title", "lang", "dir", "style"}},
    filter_style_properties={"text-align"},
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
)


def plain_markdown() -> MarkdownRenderer:
    """A renderer with Python-Markdown's common extensions, for engines that give none."""
    md = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"])
    return lambda text: md.reset().convert(text)


def sanitised_markdown(text: str | None, render: MarkdownRenderer) -> Markup:
    """A Markdown field as a block of sanitised HTML, to place in a page as its own block."""
    if not text or not text.strip():
        return Markup("")
    html = _CLEANER.clean(render(text.strip()))
    # Blank lines around: Markdown takes the block as raw HTML and leaves it alone.
    return Markup(f'\n<div class="jm-markdown">\n{html}\n</div>\n')
