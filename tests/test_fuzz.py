"""Fuzzing: mutated content folders never make journeymap crash, hang or misplace a line.

Each example takes a small, valid content folder and applies a few mutations
(byte flips, deleted and duplicated lines, swapped value types, Unicode line
separators, deep nesting, aliases, huge and non-finite numbers, CSV quoting, other
encodings), then loads it. It must either load, or report problems that are each
one line `path:line: where: what` with the line inside that file; when it loads,
every page and file of the site must render.

A few hundred examples run with the suite; set JOURNEYMAP_FUZZ_EXAMPLES for more
(CONTRIBUTING.md says how).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import textwrap
from pathlib import Path

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


@st.composite
def mutation(draw: st.DrawFn, files: dict[str, bytes]) -> tuple[str, bytes]:
    """One file of the folder and its mutated bytes."""
    name = draw(st.sampled_from(sorted(files)))
    data = files[name]
    lines = data.split(b"\n")
    kind = draw(
        st.sampled_from(
            ["flip", "delete", "duplicate", "swap", "separator", "nest", "alias", "csv", "encode"]
        )
    )
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
    for _ in renderer.files():
        pass


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
        check(root)
