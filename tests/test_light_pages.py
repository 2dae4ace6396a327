"""Light pages at company scale: years of snapshots stay off the stage page (its table
shows the latest, values.csv holds every value), search indexes words rather than values
and boilerplate, only headings go through Markdown, and pages are written without the
theme's indentation."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import posixpath
import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from journeymap import i18n
from journeymap.content.loader import load_content
from journeymap.site.charts import ChartRenderer
from journeymap.site.pages import TEMPLATE_FOLDER, Templates, unindented
from journeymap.site.render import Renderer
from journeymap.site.views import VALUES_SHOWN

from .conftest import REPO, Page, build_site

WEEKS = 104
SEGMENTS = ("", "smb")
FIRST = dt.date(2024, 11, 25)  # the last of 104 weekly snapshots is 2026-11-16
STAGES = ("browse", "order")
NOTE = '=HYPERLINK("x", 1)'  # a formula, were a spreadsheet to read it as one

JOURNEY = """\
id: shop
version: 1
title: Online shop
effective: 2024-01-01
owner: Web team
stages:
  - id: browse
    title: Browse the catalogue
    description: |
      Customers look around.

          layout:
              two columns
    pain_points: [Filters forget the size]
    moments: [{title: Finds the right size at once, kind: delight}]
    opportunities: [{title: Remember the size filter, status: planned}]
    metrics: [csat]
  - id: order
    title: Place the order
    metrics: [csat]
"""
METRICS = """\
metrics:
  - {id: csat, title: Satisfaction, better: higher, min: 0, max: 100, target: 60}
  - {id: churn, title: Churn, better: lower, min: 0, max: 100}
"""
SITE = """\
site_name: Scale
theme:
  name: material
  font: false
  features: [navigation.indexes, navigation.prune]
plugins:
  - search
  - journeymap
"""


def value(week: int, stage: str, segment: str) -> str:
    """A value text no other text of the site holds (three decimals)."""
    return f"{40 + week % 50 + STAGES.index(stage) * 0.125 + len(segment) * 0.001:.3f}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scale")
    content = root / "content"
    (content / "journeys/shop").mkdir(parents=True)
    (content / "journeys/shop/v1.yml").write_text(JOURNEY, encoding="utf-8")
    (content / "metrics.yml").write_text(METRICS, encoding="utf-8")
    (content / "snapshots").mkdir()
    for week in range(WEEKS):
        rows = ["journey,stage,metric,segment,value,responses,note"]
        rows += [
            f"shop,{stage},csat,{segment},{value(week, stage, segment)},{100 + week},"
            for stage in STAGES
            for segment in SEGMENTS
        ]
        note = '"' + NOTE.replace('"', '""') + '"' if week == 0 else ""
        rows.append(f"shop,,churn,,{week % 7}.5,,{note}")
        date = FIRST + dt.timedelta(weeks=week)
        (content / f"snapshots/{date}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Scale\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(SITE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1795000000")  # 2026-11-18
        build_site(root, site_url="https://journeys.example.com/")
    return root / "site"


def read(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def linked_csv(site: Path, url: str, link: str) -> list[dict[str, str]]:
    """The rows of the CSV file a page at `url` links to with `link`."""
    path = site / posixpath.normpath(posixpath.join(url, link))
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_a_stage_page_shows_the_latest_values_and_links_to_every_value(site: Path) -> None:
    page = read(site, "journeys/shop/browse/")
    (trend,) = page.select(".jm-trend")
    rows = trend.select("details.jm-values tbody tr")
    newest = [FIRST + dt.timedelta(weeks=week) for week in reversed(range(WEEKS))]
    assert [r.th.get_text() for r in rows] == [str(d) for d in newest[:VALUES_SHOWN]]
    assert [td.get_text() for td in rows[0].select("td")] == [
        f"{value(WEEKS - 1, 'browse', segment)} (n={100 + WEEKS - 1})" for segment in SEGMENTS
    ]
    more = trend.select_one(".jm-values-all")
    assert more is not None
    assert more.get_text().startswith(f"The latest {VALUES_SHOWN} of {WEEKS} snapshots.")
    link = more.select_one("a[download]")
    assert link is not None and link["href"] == "values.csv"
    # Every value, complete and exactly as recorded: 104 snapshots x 2 segments.
    found = linked_csv(site, "journeys/shop/browse/", str(link["href"]))
    assert [(r["date"], r["metric"], r["segment"], r["value"], r["responses"]) for r in found] == [
        (
            str(FIRST + dt.timedelta(weeks=week)),
            "csat",
            segment,
            value(week, "browse", segment),
            str(100 + week),
        )
        for segment in SEGMENTS
        for week in range(WEEKS)
    ]
    assert {(r["note"], r["recorded_as"]) for r in found} == {("", "")}


def test_the_maps_journey_metrics_link_to_their_values(site: Path) -> None:
    trend = read(site, "journeys/shop/").select_one(".jm-trend")
    assert trend is not None and len(trend.select("details.jm-values tbody tr")) == VALUES_SHOWN
    link = trend.select_one(".jm-values-all a")
    assert link is not None
    found = linked_csv(site, "journeys/shop/", str(link["href"]))
    assert [(r["metric"], r["value"]) for r in found] == [
        ("churn", f"{week % 7}.5") for week in range(WEEKS)
    ]
    # A note is text to a spreadsheet, never a formula.
    assert [r["note"] for r in found if r["note"]] == ["'" + NOTE]


def test_search_indexes_words_not_values_or_boilerplate(site: Path) -> None:
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    words = " ".join(d["title"] + " " + d["text"] for d in docs)
    # What readers search for.
    for wanted in (
        "Browse the catalogue",
        "Customers look around.",
        "Filters forget the size",
        "Finds the right size at once",
        "Remember the size filter",
        "Stages without evidence",  # the health page's sections, by their headings
    ):
        assert wanted in words, wanted
    # No value, and no value table, chart or repeated boilerplate.
    recorded = {value(w, s, g) for w in range(WEEKS) for s in STAGES for g in SEGMENTS}
    assert not [v for v in recorded if v in words]
    for unwanted in (
        "(n=",
        "Values as recorded",
        "Every value as CSV",
        "No evidence recorded for this stage yet",  # on every stage without evidence
        "no evidence (interviews",  # a health item per stage: its stage page is indexed
        "OpportunityStatusOwner",  # table headings
        "Use this map elsewhere",  # for authors: how to link and embed the map
    ):
        assert unwanted not in words, unwanted
    # The opportunity is found once, on its stage page, not again on the action plan.
    holding = [d["location"] for d in docs if "Remember the size filter" in d["text"]]
    assert holding == ["journeys/shop/browse/#opportunities"]


def test_pages_are_written_without_the_themes_indentation(site: Path) -> None:
    written = (site / "journeys/shop/browse/index.html").read_text(encoding="utf-8")
    nav = written[written.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    assert "\n " not in nav and "\n\n" not in nav
    # Code keeps its indentation.
    code = read(site, "journeys/shop/browse/").select_one("article pre code")
    assert code is not None and code.get_text() == "layout:\n    two columns\n"


def test_unindented_keeps_the_whitespace_that_shows() -> None:
    page = (
        "<body>\n    <nav>\n\n      <a>One</a>\n      <a>Two</a>\n\u00a0 </nav>\n"
        "  <pre><code>a\n    b\n</code></pre>\n  <p>x <code>c\n   d</code></p>\n"
        "  <textarea>\n  t\n</textarea>\n  <script>\n  let s = `\n  x`;\n</script>\n</body>\n"
    )
    assert unindented(page) == (
        "<body>\n<nav>\n<a>One</a>\n<a>Two</a>\n\u00a0 </nav>\n"
        "<pre><code>a\n    b\n</code></pre>\n<p>x <code>c\n   d</code></p>\n"
        "<textarea>\n  t\n</textarea>\n<script>\n  let s = `\n  x`;\n</script>\n</body>\n"
    )
    assert unindented(unindented(page)) == unindented(page)
    # What a browser shows is the same: every run of whitespace outside those is one space.
    assert shown(unindented(page)) == shown(page)


def shown(html: str) -> str:
    """`html` without the elements whose whitespace shows, each run of whitespace a space."""
    return re.sub(r"\s+", " ", re.sub(r"<(pre|textarea|script)>.*?</\1>", "", html, flags=re.S))


def test_only_a_pages_headings_go_through_markdown(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """journeymap's pages hand their HTML to MkDocs as it is: Markdown makes the title,
    table of contents and anchors from the headings; the rest is put back after it,
    for search and readers alike."""
    converted: list[str] = []
    convert = markdown.Markdown.convert

    def spy(self: markdown.Markdown, source: str) -> str:
        converted.append(source)
        return convert(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", spy)
    page: Page = build_site(example)
    pain = "Evening slots are sold out by Tuesday"
    [source] = [s for s in converted if s.startswith("# Checkout\n")]
    assert "## Pain points" in source and "## Touchpoints" in source
    assert pain not in source and "<ul" not in source and "<table" not in source
    # The page: the list under its heading, anchors and table of contents as MkDocs makes them.
    stage = page("journeys/grocery-app/checkout/")
    heading = stage.select_one("article h2#pain-points")
    assert heading is not None and heading.find_next("li").get_text() == pain
    toc = [a["href"] for a in stage.select("nav.md-nav--secondary a")]
    assert "#pain-points" in toc and "#touchpoints" in toc
    index = json.loads((example / "site/search/search_index.json").read_text(encoding="utf-8"))
    [found] = [d for d in index["docs"] if d["location"].endswith("checkout/#pain-points")]
    assert pain in found["text"]
    # No page is left with a marker where its HTML goes.
    written = (example / "site").rglob("*.html")
    assert not [p for p in written if "journeymap-html" in p.read_text(encoding="utf-8")]


def test_a_sites_own_template_keeps_its_markdown(tmp_path: Path) -> None:
    """Only raw HTML paragraphs are set aside: Markdown a site's template writes (a list,
    emphasis, a paragraph after an HTML block) is still converted."""
    (tmp_path / TEMPLATE_FOLDER).mkdir()
    (tmp_path / TEMPLATE_FOLDER / "own.md").write_text(
        '# Title\n\n<div class="a">\n<p>{{ text }}</p>\n\n</div>\n## Next\n'
        "<table><tr><td>1</td></tr></table>\n\nSome *words*\n\n- one\n- two\n\n<p>End</p>\n"
    )
    templates = Templates([tmp_path / TEMPLATE_FOLDER], ChartRenderer(), use_directory_urls=True)
    page = templates.page("own.md", "own.md", text="Hello")
    assert "<div" not in page.markdown and "<table" not in page.markdown
    assert "Some *words*\n\n- one\n- two" in page.markdown
    html = page.with_html(markdown.markdown(page.markdown))
    soup = BeautifulSoup(html, "html.parser")
    assert [h.get_text() for h in soup.select("h1, h2")] == ["Title", "Next"]
    assert soup.select_one("div.a p").get_text() == "Hello"
    assert soup.select_one("h2 + table td").get_text() == "1"
    assert soup.select_one("em").get_text() == "words"
    assert [li.get_text() for li in soup.select("ul li")] == ["one", "two"]
    assert soup.find_all("p")[-1].get_text() == "End"


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_html_set_aside_converts_as_the_whole_page_would(language: str) -> None:
    """A page's headings converted with its HTML put back after are the page Zensical
    makes from the whole Markdown, on every page of the example (in German, headings
    carry the English anchors before them)."""
    content = load_content(REPO / "content", display_root=REPO, today=dt.date(2026, 11, 18))
    md = markdown.Markdown(extensions=["admonition", "attr_list", "md_in_html", "toc", "tables"])
    with i18n.speaking(i18n.language(language)):
        pages = list(Renderer(content).pages())
    assert len(pages) > 60
    for page in pages:
        whole = md.reset().convert(page.with_html(page.markdown))
        aside = page.with_html(md.reset().convert(page.markdown))
        assert _between_tags(aside) == _between_tags(whole), page.src_uri


def _between_tags(html: str) -> str:
    """The HTML without the whitespace between tags, which no reader sees."""
    return re.sub(r">\s+<", "><", html.strip())


def test_an_html_block_goes_on_until_its_elements_are_closed(tmp_path: Path) -> None:
    """A description's code block holds blank lines and lines that would be Markdown
    on their own: it stays one block, as Python-Markdown takes it in the whole page."""
    (tmp_path / TEMPLATE_FOLDER).mkdir()
    (tmp_path / TEMPLATE_FOLDER / "own.md").write_text(
        "# Title\n\n{{ text|markdown }}\n\n## Next\n\n<p>End</p>\n"
    )
    templates = Templates([tmp_path / TEMPLATE_FOLDER], ChartRenderer(), use_directory_urls=True)
    text = "Intro\n\n    # not a heading\n\n    *not emphasis*\n\n[A link](https://e.org 'a<b')"
    page = templates.page("own.md", "own.md", text=text)
    md = markdown.Markdown(extensions=["toc"])
    aside = page.with_html(md.reset().convert(page.markdown))
    assert _between_tags(aside) == _between_tags(md.reset().convert(page.with_html(page.markdown)))
    soup = BeautifulSoup(aside, "html.parser")
    assert [h.get_text() for h in soup.select("h1, h2")] == ["Title", "Next"]
    code = soup.select_one("pre code")
    assert code is not None and "heading" in code.get_text() and "emphasis" in code.get_text()
    assert soup.select_one("pre p, pre em") is None
