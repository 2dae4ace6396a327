"""Trend charts as inline SVG, drawn by pygal, made fit for an intranet page.

pygal's output needs four fixes before it can go into a page (see design notes):
it points at a tooltip script on a public CDN, writes a dated comment and a random
id into every chart, and inlines a stylesheet per chart. We render without
scripts, strip comments, styles and per-guide tooltips, derive the id from the
chart's identity, and style every chart once in the site's stylesheet (with CSS
variables, so charts follow Material's light and dark palettes).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import math
import multiprocessing
import os
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pygal

PARALLEL_FROM = 200
"""Fewer new charts than this are drawn in-process: starting workers costs about a second."""

RENDERER_VERSION = "1"
"""Bump when the output for the same spec changes, so cached charts are redrawn."""

_CONFIG = pygal.Config(
    js=[],  # no tooltip script from a CDN: the page must not reach outside the site
    css=[],
    show_dots=False,
    show_legend=False,  # the legend is HTML next to the chart: themeable and readable
    show_x_guides=False,
    explicit_size=False,  # viewBox only: the chart scales with the page
    width=800,
    height=260,
    margin=12,
    disable_xml_declaration=True,
    pretty_print=False,
    strict=True,  # values are plain floats already; skips pygal's per-value adapters
)

# pygal writes these into every chart; the site stylesheet replaces the styles.
_NOISE = re.compile(
    r"<!--.*?-->|<script\b.*?</script>|<style\b.*?</style>|<title>[^<]*</title>", re.S
)


@dataclass(frozen=True)
class ChartSpec:
    """Everything a trend chart shows; equal specs give byte-identical SVG."""

    key: str
    """Identity of the chart on the site, e.g. `b2b-subscription/evaluation/csat`."""
    title: str
    dates: tuple[dt.date, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    """(label, one value or None per date), in legend order."""
    target: float | None = None
    low: float | None = None
    high: float | None = None
    """The metric's bounds, to keep the axis within what the metric can be."""
    markers: tuple[dt.date, ...] = ()
    """Dates of events (a new version, a finished opportunity), dotted along the top."""
    label_width: int = 0
    """Pad the value axis' labels to this many characters: charts stacked on one time
    axis then give their plots the same width, so that their dates line up."""

    def digest(self) -> str:
        # repr() of a frozen dataclass of strings, numbers, dates and tuples is exact and
        # stable, and far cheaper than a JSON dump: this runs for every chart of a build.
        payload = f"{RENDERER_VERSION}:{pygal.__version__}:{self!r}"
        return hashlib.sha256(payload.encode()).hexdigest()


class ChartRenderer:
    """Renders charts, remembering each by content hash from one build to the next.

    With a `cache_dir`, charts are also kept on disk, so a CI job that keeps that
    folder between runs only draws the charts whose data changed.
    """

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self._cache: dict[str, str] = {}
        self._previous: dict[str, str] = {}
        self._pending: dict[str, ChartSpec] = {}
        self.rendered = 0
        self.reused = 0

    def new_build(self) -> None:
        """Start a build: charts of the last build stay at hand, older ones are dropped."""
        self._previous, self._cache = self._cache, {}
        self.rendered = self.reused = 0

    def request(self, spec: ChartSpec) -> Callable[[], str]:
        """Ask for a chart: the returned function gives its SVG once `draw_pending` has run.

        Charts are drawn in one batch, so that a build with many new charts (a new
        snapshot touches them all) can draw them on every core.
        """
        digest = spec.digest()
        svg = self._cache.get(digest) or self._previous.get(digest) or self._read(digest)
        if svg is not None:
            self._cache[digest] = svg
            self.reused += 1
        else:
            self._pending[digest] = spec
        return functools.partial(self._cache.__getitem__, digest)

    def draw_pending(self) -> None:
        """Draw every chart asked for and not found: in parallel when there are many."""
        digests, specs = list(self._pending), list(self._pending.values())
        workers = min(os.cpu_count() or 1, 4)
        if len(specs) >= PARALLEL_FROM and workers > 1:
            # spawn, not fork: `mkdocs serve` runs threads, which fork does not mix with.
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                drawn = list(pool.map(draw, specs, chunksize=64))
        else:
            drawn = [draw(spec) for spec in specs]
        for digest, svg in zip(digests, drawn, strict=True):
            self._cache[digest] = svg
            self._write(digest, svg)
        self.rendered += len(drawn)
        self._pending.clear()

    def render(self, spec: ChartSpec) -> str:
        """One chart, now."""
        svg = self.request(spec)
        self.draw_pending()
        return svg()

    def _path(self, digest: str) -> Path | None:
        return self.cache_dir / digest[:2] / f"{digest}.svg" if self.cache_dir else None

    def _read(self, digest: str) -> str | None:
        path = self._path(digest)
        if path is None or not path.is_file():
            return None
        return path.read_text(encoding="utf-8")

    def _write(self, digest: str, svg: str) -> None:
        path = self._path(digest)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")  # never a half-written chart under its name
        temporary.write_text(svg, encoding="utf-8")
        temporary.replace(path)


def chart_id(key: str) -> str:
    """A stable, page-unique element id for a chart."""
    return "jm-" + hashlib.sha1(key.encode()).hexdigest()[:12]


def draw(spec: ChartSpec) -> str:
    # A lone point draws no line: show dots when there is too little to join.
    chart = pygal.Line(_CONFIG, show_dots=len(spec.dates) < 2)
    chart.uuid = chart_id(spec.key).removeprefix("jm-")
    values = [v for _, series in spec.series for v in series if v is not None]
    if spec.target is not None:
        values.append(spec.target)
    labels = ticks(min(values), max(values), spec.low, spec.high)
    chart.y_labels = labels
    if spec.label_width:
        # pygal sizes the axis by characters; figure spaces are as wide as digits.
        chart.y_labels = [
            {"value": v, "label": pygal.formatters.default(v).rjust(spec.label_width, "\u2007")}
            for v in labels
        ]
    for label, series in spec.series:
        chart.add(label, list(series))
    extra = []  # series that are not data, restyled below by their position
    if spec.target is not None:
        # Two points are enough for a straight line; pygal joins across the gaps.
        count = len(spec.dates)
        chart.add(
            "Target",
            [spec.target] + [None] * (count - 2) + [spec.target] if count > 1 else [spec.target],
        )
        extra.append("jm-target")
    marks = _marker_values(spec, max(labels))
    if marks:
        chart.add("Events", marks, stroke=False, show_dots=True, dots_size=5)
        extra.append("jm-markers")
    svg = _NOISE.sub("", chart.render(is_unicode=True))
    for offset, css in enumerate(extra):
        index = len(spec.series) + offset
        svg = svg.replace(f'class="series serie-{index} color-{index}"', f'class="series {css}"')
    # The figure's caption and value table are the text alternative: screen readers skip
    # the drawing (and its axis labels), which would only repeat them as noise.
    opening = svg.index(">") + 1
    head = svg[: opening - 1] + ' aria-hidden="true" focusable="false">'
    return f"{head}<title>{html.escape(spec.title)}</title>{svg[opening:]}"


def _marker_values(spec: ChartSpec, top: float) -> list[float | None]:
    """A dot at the top of the chart on the first snapshot on or after each event."""
    values: list[float | None] = [None] * len(spec.dates)
    for date in spec.markers:
        index = next((i for i, d in enumerate(spec.dates) if d >= date), None)
        if index is not None and spec.dates[0] <= date:
            values[index] = top
    return values if any(v is not None for v in values) else []


def ticks(low: float, high: float, floor: float | None, ceiling: float | None) -> list[float]:
    """About five round axis values spanning low..high, kept within the metric's bounds."""
    if high == low:
        low, high = low - 1, high + 1
    raw_step = (high - low) / 4
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step)
    start = math.floor(low / step) * step
    stop = math.ceil(high / step) * step
    if floor is not None:
        start = max(start, floor)
    if ceiling is not None:
        stop = min(stop, ceiling)
    count = round((stop - start) / step)
    return [round(start + i * step, 10) for i in range(count + 1)]
