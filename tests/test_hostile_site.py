"""A site built from content with script payloads in every text field carries none of them.

Every text a content author writes (titles, names, owners, notes, Markdown
descriptions, units, CSV segments and notes) gets a payload of markup, event
handlers and script URLs; the built site must show them as text, or (Markdown
fields) keep only what the sanitiser allows.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import build_example_once, copy_example, run_mkdocs

MARK = "pwn"
PAYLOAD = (
    f' <img src=x onerror=alert("{MARK}")> <script>alert("{MARK}")</script>'
    f' <a href="javascript:alert(1)">{MARK}</a> [{MARK}](javascript:alert(2))'
    f" <iframe src=//evil.example></iframe> <svg onload=alert(3)> </title><b>{MARK}</b>"
)
"""Text that would run script if a page placed it as markup, or as a live link."""

TEXT_KEYS = {
    "title",
    "name",
    "summary",
    "description",
    "owner",
    "note",
    "channel",
    "duration",
    "quote",
    "unit",
}
TEXT_LISTS = {"goals", "expectations", "actions", "pain_points"}
# Extra markup only a Markdown field can carry: raw HTML blocks, links and images.
MARKDOWN_PAYLOAD = (
    '\n\n<div onclick="alert(4)"><style>body{display:none}</style>block</div>\n\n'
    "![img](javascript:alert(5)) [data](data:text/html;base64,PHNjcmlwdD4=) "
    '[vb](vbscript:msgbox(6)) <object data="x"></object> <form action="https://e.example">'
    "<input></form>\n"
)


def _poison(
    value: Any, key: str | None = None, payload: str = PAYLOAD, markdown: str = MARKDOWN_PAYLOAD
) -> Any:
    """Every text field of a parsed YAML file with the payload appended."""
    if isinstance(value, dict):
        return {k: _poison(v, k, payload, markdown) for k, v in value.items()}
    if isinstance(value, list):
        if key in TEXT_LISTS:
            return [f"{item}{payload}" for item in value]
        return [_poison(item, None, payload, markdown) for item in value]
    if key in TEXT_KEYS and isinstance(value, str):
        return value + payload + (markdown if key == "description" else "")
    return value


def poison_content(content: Path) -> None:
    """Put the payload into every text field of every YAML and CSV file of `content`."""
    for path in content.rglob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(_poison(data), sort_keys=False), encoding="utf-8")
    for path in content.glob("snapshots/*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        header = rows[0]
        for row in rows[1:]:
            for column in ("segment", "note"):
                if column in header and row[header.index(column)]:
                    row[header.index(column)] += PAYLOAD
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("hostile"))
    poison_content(root / "content")
    # Every descriptions is also given a Markdown heading and a list: what Markdown
    # produces must survive the sanitiser.
    result = run_mkdocs(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


UNSAFE_TAGS = {"script", "iframe", "object", "embed", "style", "form", "input", "base", "meta"}
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")


def _unsafe(soup: BeautifulSoup, page: str) -> list[str]:
    """Every element of a page that came from the payload and would run or load something."""
    found = []
    for element in soup.find_all(True):
        text = element.get_text() + str(element.attrs)
        from_content = MARK in text or "alert(" in text or "evil.example" in text
        if element.name in UNSAFE_TAGS and from_content:
            found.append(f"{page}: <{element.name}> {str(element)[:120]}")
        for name, value in element.attrs.items():
            values = value if isinstance(value, list) else [value]
            if name.lower().startswith("on"):
                found.append(f"{page}: {name}= on <{element.name}>")
            for item in values:
                url = "".join(str(item).split()).lower()
                if name in ("href", "src", "action", "data", "xlink:href", "formaction") and (
                    url.startswith(UNSAFE_SCHEMES)
                ):
                    found.append(f"{page}: {name}={item!r} on <{element.name}>")
        if element.name == "img" and element.get("src") == "x":
            found.append(f"{page}: the payload's <img> is markup")
    return found


def test_no_built_page_carries_markup_from_content(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 20
    problems = []
    for path in pages:
        html = path.read_text(encoding="utf-8")
        page = str(path.relative_to(hostile_site))
        problems += _unsafe(BeautifulSoup(html, "html.parser"), page)
        # Raw text too: a payload inside a <script> (JSON) or a comment must be inert.
        assert "<script>alert(" not in html, page
        assert "<img src=x" not in html, page
    assert problems == []


def test_titles_are_text_in_navigation_title_and_search(hostile_site: Path) -> None:
    soup = BeautifulSoup(
        (hostile_site / "journeys/b2b-subscription/index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    title = soup.select_one("title")
    assert title is not None and '<img src=x onerror=alert("pwn")>' in title.get_text()
    nav = soup.select(".md-nav__link")
    assert any('<img src=x onerror=alert("pwn")>' in link.get_text() for link in nav)
    index = (hostile_site / "search/search_index.json").read_text(encoding="utf-8")
    assert "<img src=x" not in index and "<script>" not in index
    feed = (hostile_site / "changes/feed.xml").read_text(encoding="utf-8")
    assert "<img" not in feed and "<script>" not in feed


def test_markdown_fields_keep_what_markdown_produces(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    metrics = root / "content/metrics.yml"
    data = yaml.safe_load(metrics.read_text(encoding="utf-8"))
    data["metrics"][0]["description"] = (
        "Read **this** and [the guide](https://docs.example/guide).\n\n"
        "- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "<abbr title='customer satisfaction'>CSAT</abbr> <b onmouseover=alert(1)>bold</b>"
    )
    metrics.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = run_mkdocs(root)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup(
        (root / "site/metrics/csat/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    body = page.select_one("article")
    assert body is not None
    assert body.select_one("strong") is not None and body.select_one("strong").text == "this"
    link = body.select_one('a[href="https://docs.example/guide"]')
    assert link is not None and "noopener" in link.get("rel", [])
    assert [li.text for li in body.select("ul li")][:2] == ["one", "two"]
    assert body.select_one("table td") is not None  # the site's `tables` extension ran
    assert body.select_one("abbr[title]") is not None
    bold = body.select_one("b")
    assert bold is not None and bold.text == "bold" and not bold.attrs


def test_the_example_site_still_builds_the_same_markdown(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    site = build_example_once(tmp_path_factory, "plain")
    page = BeautifulSoup(
        (site / "metrics/nps/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    strong = page.select("article strong")
    assert "journey as a whole" in [s.text for s in strong]
