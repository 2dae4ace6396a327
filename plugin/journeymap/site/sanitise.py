"""Content in a Markdown page: text that stays text, and Markdown fields as safe HTML.

Pages are Markdown (see `pages`), and a site's Markdown extensions read a page's
whole source before anything else: a fence (`~~~`) at the start of a line or a
`{% include %}` anywhere would turn what follows into their syntax, whatever HTML
surrounds it. So content reaches a page only in forms no extension reads:

- Text fields (titles, notes, pain points...) through `inert_text`: HTML-escaped, and
  every character that starts Markdown syntax in the core or a common extension,
  line breaks included, written as a numeric character reference (`&#126;` for `~`).
  The browser shows the same characters; Markdown sees none of its syntax.
- Markdown fields (`description`) through `sanitised_markdown`: rendered here with
  journeymap's own extensions (`markdown_renderer`), cleaned by ammonia (through
  nh3), a maintained allowlist sanitiser: no script, style, frame, object or form, no
  event handler attribute, links only to http(s), mailto and the site's own
  `journey:` and `metric:` targets, and no image from outside the site. The HTML then
  goes into the page as a raw HTML block in which no line starts with punctuation
  (`inert_html`).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

import markdown
import nh3
from markupsafe import Markup

MarkdownRenderer = Callable[[str], str]
"""Markdown text -> HTML."""

# `journey:` and `metric:` links are resolved to pages later (site/links.py).
SITE_SCHEMES = {"journey", "metric"}
URL_SCHEMES = {"http", "https", "mailto", *SITE_SCHEMES}

# Line breaks besides `\n` (Python's str.splitlines() splits at them too), and `{...}`,
# which extensions read anywhere in a page's source, inside HTML blocks too
# (mkdocs-macros, include-markdown, markdown-include, critic markup).
_ANYWHERE = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029{}"
# In text, a line break and what starts syntax in running text or at a line's start:
# fences, emphasis, links and images, attribute lists, headings, tables, emoji, keys,
# mark, caret, tilde, math, mentions. Text therefore holds no line break.
_TEXT_SYNTAX = _ANYWHERE + "\n`~\\*_[]#+|:=^$@!"
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
_TEXT_REFERENCES = {**{c: f"&#{ord(c)};" for c in _TEXT_SYNTAX}, **_HTML}
# A regular expression rather than str.translate: most text holds none of them.
_TEXT_SPECIAL = re.compile(f"[{re.escape(''.join(_TEXT_REFERENCES))}]")
_INERT_HTML = str.maketrans({c: f"&#{ord(c)};" for c in _ANYWHERE})
# The first character of a line, after spaces, when it may start Markdown syntax: not
# a letter or digit, a tag, a character reference, or what ends a tag or a value.
_LINE_START = re.compile(r"""^([ \t]*)([^\w\s<>&"']|_)""", re.M)


def inert_text(value: Any) -> Markup:
    """Text as HTML that no Markdown extension reads as syntax, wherever a page puts it.

    Markup (already HTML: a sanitised description, a chart's marker) passes unchanged.
    """
    if isinstance(value, Markup):
        return value
    return Markup(_TEXT_SPECIAL.sub(_reference, str(value)))


def _reference(special: re.Match[str]) -> str:
    return _TEXT_REFERENCES[special[0]]


def inert_html(html: str) -> str:
    """HTML (without `<script>` or `<style>`) as a Markdown page may hold it.

    Braces and line breaks other than `\n` become character references, and so does
    punctuation that starts a line: no line starts a fence, a snippet or any block of
    Markdown. References read the same in text and attribute values, and these
    characters cannot occur in tag or attribute names.
    """
    html = html.translate(_INERT_HTML)
    return _LINE_START.sub(lambda line: f"{line[1]}&#{ord(line[2])};", html)


SAFE_EXTENSIONS = frozenset(
    {
        "abbr",
        "admonition",
        "codehilite",
        "def_list",
        "fenced_code",
        "legacy_em",
        "nl2br",
        "sane_lists",
        "smarty",
        "tables",
        "pymdownx.betterem",
        "pymdownx.caret",
        "pymdownx.details",
        "pymdownx.highlight",
        "pymdownx.inlinehilite",
        "pymdownx.keys",
        "pymdownx.mark",
        "pymdownx.saneheaders",
        "pymdownx.smartsymbols",
        "pymdownx.superfences",
        "pymdownx.tasklist",
        "pymdownx.tilde",
    }
)
"""The Markdown extensions a Markdown field may use, when the site uses them.

Each only formats text. Left out whatever the site enables: extensions that read
files (`pymdownx.snippets`, include extensions), set attributes or raw HTML
(`attr_list`, `md_in_html`, `pymdownx.blocks.html`), run code or templates (macros,
custom fences), or fetch from elsewhere (`pymdownx.emoji`'s images).
"""
_ALWAYS = ("tables", "fenced_code", "sane_lists")


def safe_extensions(site_extensions: Iterable[object] = ()) -> list[str]:
    """The extensions Markdown fields use: common ones, and the site's safe ones.

    Under their own settings, not the site's: settings can name code to run (a custom
    fence's formatter).
    """
    names = [str(e).removeprefix("markdown.extensions.") for e in site_extensions]
    chosen = [*_ALWAYS, *(n for n in names if n in SAFE_EXTENSIONS and n not in _ALWAYS)]
    if "pymdownx.superfences" in chosen:  # it replaces fenced_code, which must not also run
        chosen.remove("fenced_code")
    return chosen


def markdown_renderer(extensions: Iterable[str] | None = None) -> MarkdownRenderer:
    """A renderer of Markdown fields with `extensions` (default: the common ones)."""
    md = markdown.Markdown(extensions=list(extensions or safe_extensions()))
    return lambda text: md.reset().convert(text)


def _inside_the_site(element: str, attribute: str, value: str) -> str | None:
    """An image's address, unless it is outside the site (every reader would request it)."""
    if (element, attribute) != ("img", "src"):
        return value
    # As a browser reads it: spaces trimmed, `\` a `/` (`/\host` is `//host`).
    url = urllib.parse.urlsplit(value.strip().replace("\\", "/"))
    if url.scheme in SITE_SCHEMES or not (url.scheme or url.netloc):
        return value
    return None


_CLEANER = nh3.Cleaner(
    tags=nh3.ALLOWED_TAGS,
    # Extensions mark up with classes (admonitions, highlighting); tables align cells.
    attributes={**nh3.ALLOWED_ATTRIBUTES, "*": {"class", "title", "lang", "dir", "style"}},
    attribute_filter=_inside_the_site,
    filter_style_properties={"text-align"},
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
)


# An image as ammonia writes it: attributes double-quoted (`>` may occur inside).
_IMAGE = re.compile(r'<img((?:\s+[\w:-]+="[^"]*")*)\s*/?>')
_ALT = re.compile(r'\salt="([^"]*)"')


def _alt_text_of_sourceless(image: re.Match[str]) -> str:
    """An image left without an address (from outside the site): its text instead."""
    if ' src="' in image[1]:
        return image[0]
    alt = _ALT.search(image[1])
    return alt[1] if alt else ""


def sanitised_markdown(text: str | None, render: MarkdownRenderer) -> Markup:
    """A Markdown field as a block of sanitised HTML, to place in a page as its own block."""
    if not text or not text.strip():
        return Markup("")
    html = inert_html(_IMAGE.sub(_alt_text_of_sourceless, _CLEANER.clean(render(text.strip()))))
    # Blank lines around: Markdown takes the block as raw HTML and leaves it alone.
    return Markup(f'\n<div class="jm-markdown">\n{html}\n</div>\n')
