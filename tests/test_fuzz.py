"""Fuzzing: mutated content folders never make journeymap crash, hang or misplace a line.

Each example takes a small, valid content folder and applies a few mutations
(byte flips, deleted and duplicated lines, swapped value types, Unicode line
separators, deep nesting, aliases, huge and non-finite numbers, CSV quoting, other
encodings, SVG pictures with namespaced and hostile markup), then loads it. It must
either load, or report problems that are each one line `path:line: where: what`
with the line inside that file; when it loads, every page and file of the site
must render, and every SVG it publishes can neither run script nor call another
host (checked here on its own parse, not by the code under test).

A few hundred examples run with the suite; set JOURNEYMAP_FUZZ_EXAMPLES for more
(CONTRIBUTING.md says how).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.content.loader import load_content
from journeymap.content.problems import ContentError
from journeymap.site.render import Renderer

EXAMPLES = int(os.environ.get("JOURNEYMAP_FUZZ_EXAMPLES", "200"))
TODAY = dt.date(2026, 11, 18)

JOURNEY = """\
id: shop
version: {version}
title: Shop *online*
effective: {effective}
{summary}description: |
  How people **shop**:

  - find
  - buy
owner: CX
reviewed: 2026-01-10
review_every_days: 90
personas: [parent]
phases:
  - {{id: before, title: Before}}
stages:
  - id: find
    title: Find it
    phase: before
    goals: [Find a product]
    media:
      - {{file: board.svg, alt: The workshop board}}
    touchpoints:
      - {{title: Search, channel: web}}
    emotion: {{score: 3, note: Unsure}}
    opportunities:
      - {{title: Better search, status: done, done_on: 2026-03-01, link: "https://x.example"}}
  - id: pay
    title: Pay
    metrics: [csat]
    moments:
      - {{title: Card declined, kind: dismay}}
"""

BASE = {
    "journeys/shop/v1.yml": JOURNEY.format(version=1, effective="2026-01-05", summary=""),
    "journeys/shop/v2.yml": JOURNEY.format(
        version=2, effective="2026-06-01", summary="summary: Payment got its own stage.\n"
    ),
    "metrics.yml": textwrap.dedent(
        """\
        metrics:
          - id: csat
            title: Satisfaction
            unit: "/5"
            min: 1
            max: 5
            better: higher
            target: 4.2
            alert_change: 0.3
            description: Average *answer*.
          - id: nps
            title: NPS
            better: higher
        """
    ),
    "personas.yml": "personas:\n  - {id: parent, name: Pat, description: Busy.}\n",
    "snapshots/2026-10-01.csv": (
        "journey,stage,metric,segment,value,responses,note\n"
        "shop,pay,csat,,4.1,120,\nshop,pay,csat,SMB,3.9,40,small\nshop,,nps,,31,300,\n"
    ),
    "snapshots/2026-11-01.csv": (
        "journey,stage,metric,segment,value,responses,note\n"
        'shop,pay,csat,,3.7,130,"a, quoted note"\nshop,,nps,,35,310,\n'
    ),
    "media/board.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs>'
        '<linearGradient id="g"/></defs><rect width="9" height="9" fill="url(#g)"/></svg>\n'
    ),
}

SWAPS = [
    "[]", "{}", "null", "~", "yes", "1e999", ".inf", "-.nan", "9" * 5000, "'x'",
    "!!bool maybe", "!!int ''", "!!float ''", "!!timestamp foo", "!!binary x",
    "!!python/object/apply:os.system [ls]", "2026-13-45", "9999-12-31", "0001-01-01",
    "*undefined", "&a x", "<<: 5", "<<:", '"\\u2028"', "|", ">-", "'unclosed", "[unclosed",
    "3000000", "-1", "0", "1.7976931348623157e308", "x" * 30_000, "javascript:alert(1)",
    # What a site's Markdown extensions read: fences, snippets, templates, namespaced markup.
    '"x\\n~~~\\n[o](javascript:alert(1)){: autofocus onfocus=alert(1) }\\n```"',
    '"--8<-- \\".env\\""', "'{% include-markdown \".env\" %} {++x++} :smile:'",
    '"<svg:script xmlns:svg=\\"http://www.w3.org/2000/svg\\">alert(1)</svg:script>"',
    '"<h:img xmlns:h=\\"http://www.w3.org/1999/xhtml\\" src=\\"http://x.example/p.gif\\"/>"',
    '"![p](http://tracker.example/p.gif)"', '"' + "a\\n=\\n" * 300 + '"',
]  # fmt: skip
"""Values put in place of a value: other types, core tags, limits, YAML syntax, markup."""

CSV_VALUES = ["1e999", "nan", "inf", "9" * 400, "-0", '"', '"unclosed', "4,2", "x" * 200_000]


SVG_NAMESPACES = {
    "svg": "http://www.w3.org/2000/svg",
    "h": "http://www.w3.org/1999/xhtml",
    "xlink": "http://www.w3.org/1999/xlink",
    "m": "http://www.w3.org/1998/Math/MathML",
    "ev": "http://www.w3.org/2001/xml-events",
}
# Each list: what a drawing holds, then what could run script or call another host.
# Drawing comes eight times as often, so that many pictures pass and are checked too.
SVG_ELEMENTS = (
    ["g", "rect", "text", "style", "defs", "linearGradient", "use", "path", "filter"],
    ["script", "foreignObject", "a", "image", "set", "animate", "iframe", "img", "feImage", "math"],
)  # fmt: skip
SVG_PREFIXES = (["", "svg:"], ["h:", "m:", "ev:"])
SVG_ATTRIBUTES = (
    ["fill", "style", "href", "xlink:href", "data-n", "width", "height", "viewBox", "mask"],
    ["onload", "h:onclick", "ev:event", "src", "srcdoc", "attributeName", "xml:base", "h:style"],
)  # fmt: skip
SVG_VALUES = (
    ["url(#g)", "#g", " #g", "fill:url( '#g' )", "red", "1", "0 0 10 10", "URL( '#g' )"],
    [
        "url(http://x.example/a)", "URL( '//x.example/a' )", "http://x.example/a",
        "javascript:alert(1)", "data:image/png;base64,AA", "fill:\\75rl(//x.example/a)",
        "image-set('//x.example/a' 1x)", "200000000", "0 0 1 99999", "1e999",
        "<script>alert(1)</script>", "url(#g) url(//x.example)",
    ],
)  # fmt: skip
SVG_TEXTS = (
    ["", "x", "&amp;", ".a { fill: url(#g) }", "@media print { .a { fill: red } }"],
    [
        "<![CDATA[<script>alert(1)</script>]]>", "@import 'http://x.example/s.css';",
        "@font-face { src: url(//x.example/f.woff) }", "@IMPORT url(#g);", "&e;",
        "svg { background: -webkit-image-set('//x.example/a' 1x) }",
    ],
)  # fmt: skip
SVG_PROLOGS = (
    ["", "<?xml version='1.0' encoding='UTF-8'?>\n"],
    [
        "<!DOCTYPE svg [<!ENTITY e 'x'>]>\n", "<?xml-stylesheet href='//x.example/s.css'?>\n",
        "<!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' 'http://x.example/svg11.dtd'>\n",
    ],
)  # fmt: skip


def mostly_drawing(choices: tuple[list[str], list[str]]) -> st.SearchStrategy[str]:
    drawing, hostile = choices
    return st.sampled_from(drawing * 8 * len(hostile) + hostile * len(drawing))


@st.composite
def svg_element(draw: st.DrawFn, depth: int = 0) -> str:
    """One element with a namespace prefix (or none), attributes, text and children."""
    name = draw(mostly_drawing(SVG_PREFIXES)) + draw(mostly_drawing(SVG_ELEMENTS))
    attributes = draw(
        st.dictionaries(mostly_drawing(SVG_ATTRIBUTES), mostly_drawing(SVG_VALUES), max_size=3)
    )
    marked = "".join(f" {key}={quoteattr(value)}" for key, value in attributes.items())
    text = draw(mostly_drawing(SVG_TEXTS))
    children = "".join(draw(st.lists(svg_element(depth + 1), max_size=3 if depth < 3 else 0)))
    return f"<{name}{marked}>{text}{children}</{name}>"


@st.composite
def svg_document(draw: st.DrawFn) -> bytes:
    """An SVG picture mixing drawing with namespaced and hostile markup."""
    declared = "".join(
        f" xmlns:{prefix}={quoteattr(uri)}" for prefix, uri in SVG_NAMESPACES.items()
    )
    default = draw(mostly_drawing(([' xmlns="http://www.w3.org/2000/svg"'], [""])))
    body = "".join(draw(st.lists(svg_element(), max_size=4)))
    prolog = draw(mostly_drawing(SVG_PROLOGS))
    return f'{prolog}<svg{default}{declared} viewBox="0 0 10 10">{body}</svg>'.encode()


@st.composite
def mutation(draw: st.DrawFn, files: dict[str, bytes]) -> tuple[str, bytes]:
    """One file of the folder and its mutated bytes."""
    name = draw(st.sampled_from(sorted(files)))
    data = files[name]
    lines = data.split(b"\n")
    kind = draw(
        st.sampled_from(
            [
                "flip", "delete", "duplicate", "swap", "separator", "nest", "alias", "csv",
                "encode", "svg",
            ]
        )
    )  # fmt: skip
    at = draw(st.integers(0, max(len(lines) - 1, 0)))
    if kind == "flip" and data:
        index = draw(st.integers(0, len(data) - 1))
        data = data[:index] + bytes([draw(st.integers(0, 255))]) + data[index + 1 :]
    elif kind == "delete":
        data = b"\n".join(lines[:at] + lines[at + 1 :])
    elif kind == "duplicate":
        data = b"\n".join(lines[: at + 1] + lines[at:])
    elif kind == "swap":
        swap = draw(st.sampled_from(CSV_VALUES if name.endswith(".csv") else SWAPS)).encode()
        line = lines[at]
        head, sep, _ = line.partition(b"," if name.endswith(".csv") else b": ")
        lines[at] = head + sep + swap if sep else swap
        data = b"\n".join(lines)
    elif kind == "separator":
        char = draw(st.sampled_from(["\u2028", "\u2029", "\x85", "\x00", "\x1b", "\ufeff"]))
        index = draw(st.integers(0, len(data)))
        data = data[:index] + char.encode() + data[index:]
    elif kind == "nest":
        depth = draw(st.sampled_from([10, 40, 500, 5000, 40_000]))
        lines[at] = lines[at] + b" " + b"[" * depth + b"]" * depth
        data = b"\n".join(lines)
    elif kind == "alias":
        width = draw(st.integers(2, 12))
        bomb = "a: &a [x]\n" + "".join(
            f"{n}: &{n} [{', '.join(['*' + p] * width)}]\n"
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        )
        data = data + b"\n" + bomb.encode()
    elif kind == "csv":
        value = draw(st.sampled_from(CSV_VALUES)).encode()
        data = data + b"shop,pay,csat,," + value + b",1,\n"
    elif kind == "svg":
        name, data = "media/board.svg", draw(svg_document())
    elif kind == "encode":
        encoding = draw(st.sampled_from(["utf-16", "latin-1", "utf-8-sig", "cp1252"]))
        data = (
            data.decode("utf-8", errors="replace")
            .replace("Pat", "Zoë ✓")
            .encode(encoding, errors="replace")
        )
    return name, data


PROBLEM = re.compile(r"^(?P<path>content/[^:\n]+?)(?::(?P<line>\d+))?: (?P<rest>.+)$")


def check(root: Path) -> None:
    """Load the folder: no exception but ContentError, and every problem well placed."""
    try:
        content = load_content(root / "content", display_root=root, today=TODAY)
    except ContentError as error:
        assert error.problems
        for problem in error.problems:
            text = str(problem)
            assert "\n" not in text and "\r" not in text, text
            match = PROBLEM.match(text)
            assert match is not None, text
            path = root / match["path"]
            if match["line"] is not None and path.is_file():
                line_count = path.read_bytes().count(b"\n") + 1
                assert 1 <= int(match["line"]) <= line_count, text
        return
    renderer = Renderer(content)
    for page in list(renderer.pages()):  # charts are drawn once every page is rendered
        page.finish(page.markdown)
    for _, make in renderer.files():
        make()
    for published, source in renderer.media_files():
        if published.endswith(".svg"):
            assert_only_draws(source.read_bytes())


SVG = "{http://www.w3.org/2000/svg}"
ACTIVE = {"script", "foreignObject", "a", "image", "feImage", "set", "animate", "iframe"}
OUTSIDE_URL = re.compile(r"url\((?!\s*['\"]?#)", re.IGNORECASE)
FETCHING_CSS = re.compile(r"@import|@font-face|image-set|\\", re.IGNORECASE)


def assert_only_draws(svg: bytes) -> None:
    """A published SVG runs no script and calls no other host (an oracle of its own)."""
    assert b"<!ENTITY" not in svg and b"<?xml-stylesheet" not in svg, svg
    for element in ET.fromstring(svg).iter():
        namespace_and_name = element.tag
        assert namespace_and_name.startswith(SVG), svg
        assert namespace_and_name.removeprefix(SVG) not in ACTIVE, svg
        for key, value in element.attrib.items():
            name = key.rsplit("}", 1)[-1]
            assert key.startswith(("{http://www.w3.org/1999/xlink}", "{http://www.w3.org/XML")) or (
                not key.startswith("{")
            ), svg
            assert not name.lower().startswith("on"), svg
            assert name != "href" or value.strip().startswith("#"), svg
            assert not OUTSIDE_URL.search(value) and not FETCHING_CSS.search(value), svg
        if namespace_and_name == SVG + "style":
            css = "".join(element.itertext())
            assert not OUTSIDE_URL.search(css) and not FETCHING_CSS.search(css), svg


@settings(
    max_examples=EXAMPLES,
    deadline=dt.timedelta(seconds=20),  # a hang, not a slow machine
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_mutated_content_never_crashes(data: st.DataObject) -> None:
    files = {name: text.encode() for name, text in BASE.items()}
    for _ in range(data.draw(st.integers(1, 3))):
        name, mutated = data.draw(mutation(files))
        files[name] = mutated
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, raw in files.items():
            path = root / "content" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(raw)
        check(root)


def test_the_base_folder_loads_and_renders() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, text in BASE.items():
            path = root / "content" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        content = load_content(root / "content", display_root=root, today=TODAY)
        assert len(content.snapshots) == 5
        assert list(content.media) == ["board.svg"]  # published, so the oracle checks it
        check(root)
