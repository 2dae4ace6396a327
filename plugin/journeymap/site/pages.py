"""Page sources and the Jinja2 environment every page is rendered with.

Pages are Markdown so that MkDocs and Material treat them like any other page
(title, table of contents, search, link checking); the structured parts are
HTML blocks, which Markdown leaves alone. Every content string a template writes
becomes text that no Markdown extension reads as syntax (`sanitise.inert_text`, the
environment's `finalize`); Markdown fields (`description`) are rendered and sanitised
(`sanitise`) and placed as HTML blocks.

Only the headings go through the engine's Markdown, which makes the page's title,
table of contents and anchors from them as on any page (the site's toc settings,
permalinks and slugs included). The HTML blocks between them do not: Python-Markdown
parses raw HTML tag by tag only to pass it on unchanged, which on a large site took
longer than rendering it. A page holds a marker where each goes: the blocks are put
back right after Markdown has run (`PageSource.with_html`), for search and link
checks to see them; charts and large fragments (the map, metric trends) only once
the page is written (`PageSource.finish`).
"""

from __future__ import annotations

import functools
import posixpath
import re
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    pass_context,
)
from jinja2.bccache import Bucket
from jinja2.filters import make_attrgetter
from jinja2.runtime import Context
from markdown.util import BLOCK_LEVEL_ELEMENTS
from markupsafe import Markup, escape

from journeymap import i18n, routes
from journeymap.analysis.changes import in_sentence
from journeymap.content.problems import ContentError, Problem
from journeymap.formatting import change_text, shown_path
from journeymap.site import views
from journeymap.site.charts import ChartRenderer, ChartSpec
from journeymap.site.packed import PACKED_FROM, Packed
from journeymap.site.sanitise import (
    MarkdownRenderer,
    inert_html,
    inert_text,
    markdown_renderer,
    sanitised_markdown,
)

TEMPLATE_FOLDER = "journeymap"
"""A site overrides a template with a file of the same name in `<custom_dir>/journeymap/`."""

UNSEARCHED = "<!-- journeymap-unsearched -->"
"""Put by a template on its own line under a heading: that section stays out of search.

For sections that repeat what search finds elsewhere (a stage's history, which its
journey's history page holds) or hold values rather than words (metric tables):
every reader's browser downloads the index, so what it holds twice costs everyone.
"""
UNSEARCHED_PAGE: dict[str, Any] = {"search": {"exclude": True}}
"""The metadata of a page that stays out of search altogether."""
_UNSEARCHED_HEADING = re.compile(
    # The heading's text holds no other heading: a match must not start at an earlier one.
    r"<(h[1-6])([^>]*)>((?:(?!<h[1-6]).)*?)</\1>\s*" + re.escape(UNSEARCHED),
    re.DOTALL,
)
_MARKED_HEADING = re.compile(r"(<h[1-6][^>]*) data-search-exclude>")


def unsearched_sections(html: str) -> str:
    """The page's HTML with the headings `UNSEARCHED` follows marked `data-search-exclude`.

    Material's search leaves out a section whose heading has that attribute, text and
    all; the heading stays in the page and its table of contents.
    """
    return _UNSEARCHED_HEADING.sub(r"<\1\2 data-search-exclude>\3</\1>", html)


def after_search(html: str) -> str:
    """The page's HTML once search has indexed it: without the mark `unsearched_sections`
    put on headings (Material removes its other data-search attributes the same way)."""
    return _MARKED_HEADING.sub(r"\1>", html)


def without_search_marks(markdown: str) -> str:
    """A page's Markdown for an engine that does not honour `UNSEARCHED` (Zensical)."""
    return markdown.replace(UNSEARCHED + "\n", "")


_SHOWN_WHITESPACE = re.compile(r"<(pre|textarea|script|style|code|kbd)\b.*?</\1\s*>", re.S)
"""Elements whose whitespace shows (or is code): `unindented` leaves them as they are.
Lowercase, as the theme, Markdown and nh3 write them (ignoring case took 2.5x as long)."""
_INDENTATION = re.compile(r"\n[ \t\n\r\f]+")
"""HTML's whitespace only: a no-break space (`\\s` in Python) shows."""


def unindented(html: str) -> str:
    """A written page without the blank lines and indentation between its tags.

    Material's templates indent the navigation deeply: on a stage page of a large site
    (the navigation lists every journey and the journey's stages) that whitespace was
    40 KB, more than the navigation's text and links, downloaded by every reader on
    every page. A browser shows the page the same: whitespace holding a newline is one
    newline, and the elements whose whitespace shows keep theirs.
    """
    parts = []
    start = 0
    for kept in _SHOWN_WHITESPACE.finditer(html):
        parts += [_INDENTATION.sub("\n", html[start : kept.start()]), kept[0]]
        start = kept.end()
    parts.append(_INDENTATION.sub("\n", html[start:]))
    return "".join(parts)


FRAGMENT_MARKER = "<!-- journeymap-fragment {} -->"
"""Where a fragment of a page goes (`PageSource.fragments`), numbered in the page."""
HTML_MARKER = "<!-- journeymap-html {} -->"
"""Where an HTML block of a page goes, numbered with the fragments."""
_HTML = re.compile(r"<!-- journeymap-html \d+ -->")
_FRAGMENT = re.compile(r"<!-- journeymap-(?:fragment|html) \d+ -->")
"""Either marker: a fragment, or an HTML block that `with_html` has not yet placed."""


@dataclass(frozen=True)
class PageSource:
    """A generated page: where it goes, its Markdown, and what it was made from."""

    src_uri: str
    markdown: str
    source: Path | None = None
    """The content file that "edit this page" should open."""
    fragments: dict[str, str | Callable[[], str]] = field(default_factory=dict)
    """Marker -> HTML (or a function giving it: charts, `Packed` HTML), swapped in by
    `finish`."""
    meta: dict[str, Any] = field(default_factory=dict)
    """The page's metadata, as front matter would set it (e.g. Material's `hide`): each
    engine applies it its own way, so templates stay free of engine-specific headers."""

    def with_html(self, html: str) -> str:
        """The page's HTML as Markdown made it, with its HTML blocks in place."""
        return _HTML.sub(lambda marker: self._fragment(marker[0]), html)

    def finish(self, html: str, *, into_markdown: bool = False) -> str:
        """The page's HTML with its fragments (and HTML blocks) in place, each where its
        marker first is.

        `into_markdown`: `html` is the page's Markdown, for an engine that converts it
        with the fragments in place (Zensical): each is made `inert_html`; the HTML
        blocks are Markdown's raw HTML as they were.
        """
        placed: set[str] = set()

        def place(marker: re.Match[str]) -> str:
            if marker[0] not in self.fragments or marker[0] in placed:
                return marker[0]
            placed.add(marker[0])
            # A fragment (a trend) holds the markers of those inside it (its chart), and
            # an HTML block those of its fragments.
            done = _FRAGMENT.sub(place, self._fragment(marker[0]))
            return inert_html(done) if into_markdown and not _HTML.match(marker[0]) else done

        # One pass over the page: it is the whole written page (theme and navigation
        # around it, 150 KB on a large site), which a replace per fragment copied each time.
        return _FRAGMENT.sub(place, html)

    def _fragment(self, marker: str) -> str:
        fragment = self.fragments.get(marker, marker)
        return fragment() if callable(fragment) else fragment


_HTML_BLOCK = re.compile(r"<(?:!--|/?(?:{})[\s/>])".format("|".join(BLOCK_LEVEL_ELEMENTS)))
"""The start of a paragraph that Python-Markdown passes on as raw HTML: a comment or a
block-level tag (a paragraph that starts with `<span>` is wrapped in `<p>`)."""


_PARAGRAPHS = re.compile(r"(^#{1,6}(?:[ \t][^\n]*)?$|\n{2,})", re.MULTILINE)
"""What separates Markdown's paragraphs: a heading line, or blank lines."""
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)"
    r"""(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*\s*(/?)>"""
)
"""A start or end tag, its attributes' quoted values skipped (they may hold `<` or `>`)."""
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())  # noqa: SIM905
"""Elements without an end tag."""


def _left_open(html: str) -> int:
    """How many elements `html` opens and does not close."""
    depth = 0
    for closing, name, self_closing in _TAG.findall(html):
        if not self_closing and name.lower() not in _VOID:
            depth += -1 if closing else 1
    return depth


def _html_aside(markdown: str, fragments: dict[str, str | Callable[[], str]]) -> str:
    """A page's Markdown with each run of raw HTML paragraphs set aside in `fragments`,
    an `HTML_MARKER` in its place: what is left is the headings (and the Markdown a
    site's own template may hold).

    As in Python-Markdown, an HTML block goes on until the elements it opens are closed:
    across blank lines (a code block in a description holds some) and whatever the
    lines in between start with.
    """
    kept: list[str] = []
    run: list[str] = []
    open_elements = 0

    def set_aside() -> None:
        blank = run.pop() if run and not run[-1].strip() else ""
        if run:
            html = "".join(run)
            marker = HTML_MARKER.format(len(fragments))
            fragments[marker] = Packed(html) if len(html) >= PACKED_FROM else html
            kept.append(f"\n\n{marker}\n\n")
            run.clear()
        kept.append(blank)

    # Split at the separators (kept, at odd indexes): paragraphs between them.
    for index, part in enumerate(_PARAGRAPHS.split(markdown)):
        paragraph = index % 2 == 0
        if open_elements > 0 or (paragraph and _HTML_BLOCK.match(part.lstrip("\n"))):
            run.append(part)
            if paragraph:
                open_elements = max(0, open_elements + _left_open(part))
        elif not paragraph and run and not part.startswith("#"):
            run.append(part)  # blank lines between HTML paragraphs
        else:
            set_aside()
            kept.append(part)
    set_aside()
    return "".join(kept)


NOT_MARKDOWN = ("feed.xml", "redirect.html")
"""Templates whose output is no Markdown page: their text is only HTML-escaped."""


def _as_text(context: Context, value: Any) -> Markup:
    """`value` as text of what `context` renders: in a Markdown page, `inert_text`."""
    return escape(value) if context.name in NOT_MARKDOWN else inert_text(value)


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    """Every value a template writes: strings as text; numbers, dates and HTML as they are."""
    return _as_text(context, value) if isinstance(value, str) else value


@pass_context
def _join(
    context: Context, items: Iterable[Any], separator: str = "", attribute: Any = None
) -> Markup:
    if attribute is not None:
        items = map(make_attrgetter(context.environment, attribute), items)
    return _as_text(context, separator).join(_as_text(context, item) for item in items)


@pass_context
def _replace(context: Context, value: Any, old: str, new: str, count: int | None = None) -> Markup:
    if isinstance(value, Markup):  # escapes `old` and `new`, as Jinja's does
        return value.replace(old, new, -1 if count is None else count)
    replaced = str(value).replace(str(old), str(new), -1 if count is None else count)
    return _as_text(context, replaced)


def _values(context: Context, values: dict[str, Any]) -> dict[str, Any]:
    """A message's values as text of what `context` renders (`_as_text`): a stage's title
    or the audience word is content, inert in a Markdown heading as anywhere else; numbers
    stay numbers for `%(num)d`."""
    return {
        name: value if isinstance(value, int | float) else _as_text(context, value)
        for name, value in values.items()
    }


# A translation is journeymap's own text, as trusted as the template it replaces (the
# catalogue tests keep HTML and Markdown syntax out of it): only its values are escaped.
@pass_context
def _gettext(context: Context, message: str, **values: Any) -> Markup:
    return Markup(i18n._(message, **_values(context, values)))


@pass_context
def _ngettext(context: Context, singular: str, plural: str, num: int, **values: Any) -> Markup:
    return Markup(i18n.ngettext(singular, plural, num, **_values(context, values)))


@pass_context
def _pgettext(context: Context, meaning: str, message: str, **values: Any) -> Markup:
    return Markup(i18n.pgettext(meaning, message, **_values(context, values)))


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept for the life of the process, keyed by name and source.

    Compiling the templates takes about a second; `mkdocs serve` rebuilds and the
    fuzz test make a new environment many times with the same templates.
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class Templates:
    """The templates (the package's, or a site's overrides by name), made into pages."""

    def __init__(
        self,
        override_dirs: Iterable[Path],
        charts: ChartRenderer,
        *,
        use_directory_urls: bool,
        source_links: bool = False,
        moved: dict[str, str] | None = None,
        markdown: MarkdownRenderer | None = None,
        **globals: Any,
    ) -> None:
        self.charts = charts
        render_markdown = markdown or markdown_renderer()
        rendered: dict[str, Markup] = {}

        def markdown_field(text: str | None) -> Markup:
            # Versions and stages often share a description (YAML aliases, unchanged
            # stages): each is rendered once per build.
            key = text or ""
            if key not in rendered:
                rendered[key] = sanitised_markdown(text, render_markdown)
            return rendered[key]

        self.use_directory_urls = use_directory_urls
        self.source_links = source_links
        self.moved = moved or {}
        """Former pages' sources -> their redirect files (what a source link names)."""
        loaders = [FileSystemLoader(str(d)) for d in override_dirs if d.is_dir()]
        self.env = Environment(
            loader=ChoiceLoader([*loaders, PackageLoader("journeymap.site", "templates")]),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_COMPILED,
            # Every value a template writes, as text Markdown cannot read as syntax.
            finalize=_finalize,
        )
        # `{{ _("Pain points") }}`, `{{ ngettext("%(num)d stage", "%(num)d stages", n) }}`:
        # the labels in the language of the build (`journeymap.i18n`), as Jinja's
        # newstyle gettext calls them (`{% trans %}` too), placeholders filled (`_worded`).
        self.env.add_extension("jinja2.ext.i18n")
        self.env.newstyle_gettext = True  # type: ignore[attr-defined]
        self.env.globals.update(gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext)
        self.env.filters.update(
            # Text in a Markdown line (a heading, a link's text): the same form.
            md=inert_text,
            markdown=markdown_field,
            # Jinja's own, which escape what they join or replace into HTML themselves.
            join=_join,
            replace=_replace,
            e=pass_context(_as_text),
            escape=pass_context(_as_text),
            forceescape=pass_context(_as_text),
            value=views.value_text,
            # A sentence that starts with a value (the audience word): upper case first.
            sentence=lambda text: text[:1].upper() + text[1:],
            change=change_text,
            # A number or a day for readers, in the language of the build (`4,2`,
            # `18.11.2026`); machines' values (data attributes, `<time datetime>`) as they
            # are. Read when rendered: Jinja folds a constant's filter at compile time, in
            # whichever language compiled the template first, unless it reads the context.
            number=pass_context(lambda context, value: i18n.current().number(value)),
            date=pass_context(lambda context, day: i18n.current().date(day)),
            # A series' label inside a sentence (`all customers`; German keeps capitals).
            in_sentence=in_sentence,
            trend_of=views.trend_of,
            # A path made into a URL: media files are named by authors (spaces, accents).
            quote_url=lambda path: Markup(urllib.parse.quote(path, safe="/")),
            # `{% filter aside %}`: the page being rendered sets the function that keeps it.
            aside=pass_context(lambda context, html: context["aside"](html)),
        )
        self.env.globals.update(globals, UNSEARCHED=Markup(UNSEARCHED))

    def page(
        self,
        src_uri: str,
        template: str,
        source: Path | None = None,
        meta: dict[str, Any] | None = None,
        **context: Any,
    ) -> PageSource:
        here = routes.url_of(src_uri, use_directory_urls=self.use_directory_urls)
        fragments: dict[str, str | Callable[[], str]] = {}

        @functools.cache  # a team's page links the same few pages hundreds of times
        def url(target_src: str) -> str:
            """For HTML: the target page's URL relative to this page (or its source path)."""
            if self.source_links:
                return src(self.moved.get(target_src, target_src))
            target = routes.url_of(target_src, use_directory_urls=self.use_directory_urls)
            return routes.relative_url(target, here)

        def src(target_src: str) -> str:
            """For Markdown links: the target's source path, which MkDocs checks and converts."""
            return posixpath.relpath(target_src, posixpath.dirname(src_uri) or ".")

        def aside(html: str) -> Markup:
            """A marker where `html` goes once Markdown has run (see `PageSource.finish`)."""
            marker = FRAGMENT_MARKER.format(len(fragments))
            fragments[marker] = Packed(html) if len(html) >= PACKED_FROM else html
            return Markup(marker)

        def chart(spec: ChartSpec) -> Markup:
            marker = FRAGMENT_MARKER.format(len(fragments))
            fragments[marker] = self.charts.request(spec)  # drawn after all pages render
            return Markup(marker)

        markdown = self.render(
            template,
            url=url,
            src=src,
            chart=chart,
            aside=aside,
            **context,
        )
        return PageSource(src_uri, _html_aside(markdown, fragments), source, fragments, meta or {})

    def render(self, template: str, **context: Any) -> str:
        """A template rendered; a broken (site-overridden) template is a precise problem."""
        try:
            return self.env.get_template(template).render(**context)
        except TemplateSyntaxError as error:
            where = error.filename or error.name or template
            if Path(where).is_absolute():
                where = shown_path(where)
            raise ContentError(
                [Problem(where, error.lineno, "", f"template error: {error.message}")]
            ) from None
        except TemplateError as error:
            raise ContentError([Problem(template, 0, "", f"template error: {error}")]) from None
