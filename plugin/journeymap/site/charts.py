"""Trend charts as inline SVG, drawn here: on a real time axis, self-contained, styled by the site.

The drawing is a few paths and circles written directly: x is proportional to time
(snapshots 28 or 42 days apart are drawn that far apart), dates label the axis in
months, quarters or years so that labels never overlap, values carry their unit,
the latest point is marked and labelled, and every point has a `<title>` with its
date and value (hover; `journeymap.js` adds keyboard focus). Month names and values
are written in the chart's language (`ChartSpec.language`), the data attributes
`journeymap.js` reads in the machine form (ISO dates, `.` decimals). No script, style or
reference outside the chart: every chart is styled once by the site's stylesheet,
with CSS variables, so charts follow Material's light and dark palettes. The same
spec gives the same bytes (ids follow the chart's key), so unchanged sites stay
byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import math
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import babel

from journeymap import formatting, i18n
from journeymap.content.build_cache import BuildCache, TextCodec, code_digest
from journeymap.formatting import number
from journeymap.site.packed import Packed

PARALLEL_FROM = 200
"""Fewer new charts than this are drawn in-process: starting workers costs about a second."""

_CODE = code_digest(sys.modules[__name__], formatting, i18n) + babel.__version__
"""The code that draws a chart, in its key: charts drawn by another journeymap are
drawn again, with no version to remember to bump (and by another Babel: its month
names and number formats are in the chart)."""

WIDTH, HEIGHT = 800, 260
"""The viewBox: charts scale with the page, these are proportions and text sizes."""
LEFT, RIGHT, TOP, BOTTOM = 78, 72, 22, 30
"""Margins around the plot: value labels, the latest value, event dots, date labels."""
CHAR = 8.2
"""Width of a label character at the stylesheet's 14px chart text, generously rounded up."""
MONTH_STEPS = (1, 3, 6, 12, 24, 60)
"""Months between date labels, tried in order until labels no longer crowd each other."""


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
    unit: str = ""
    """The metric's unit, written after values on the axis and in point titles."""
    language: str = field(default_factory=lambda: i18n.current().code)
    """The language of its month names and numbers: the build's, when the spec is made
    (a chart may be drawn in another process, and is kept under its digest)."""

    def digest(self) -> str:
        # repr() of a frozen dataclass of strings, numbers, dates and tuples is exact and
        # stable, and far cheaper than a JSON dump: this runs for every chart of a build.
        payload = f"{_CODE}:{self!r}"
        return hashlib.sha256(payload.encode()).hexdigest()


class ChartRenderer:
    """Renders charts, remembering each by content hash from one build to the next in the
    build cache (its `charts`): a CI job that keeps `cache_dir` between runs only draws
    the charts whose data changed."""

    def __init__(self, cache: BuildCache | None = None) -> None:
        self._drawn = (cache or BuildCache()).section("charts", _PackedCodec())
        self._pending: dict[str, ChartSpec] = {}

    @property
    def rendered(self) -> int:
        """Charts drawn in this build."""
        return self._drawn.made

    @property
    def reused(self) -> int:
        """Charts asked for in this build and found drawn."""
        return self._drawn.reused

    def keep_using(self, digests: Iterable[str]) -> None:
        """Keep charts for the next build that this one shows without asking for them
        (in the pages of a journey kept from the last build)."""
        for digest in digests:
            self._drawn.touch(digest)

    def request(self, spec: ChartSpec) -> Chart:
        """Ask for a chart: calling what is returned gives its SVG once `draw_pending` ran.

        Charts are drawn in one batch, so that a build with many new charts (a new
        snapshot touches them all) can draw them on every core.
        """
        digest = spec.digest()
        if self._drawn.get(digest) is not None:
            self._drawn.reused += 1
        else:
            self._pending[digest] = spec
        return Chart(digest, self)

    def draw_pending(self) -> None:
        """Draw every chart asked for and not found: in parallel when there are many."""
        digests, specs = list(self._pending), list(self._pending.values())
        workers = min(os.cpu_count() or 1, 4)
        if len(specs) >= PARALLEL_FROM and workers > 1:
            # spawn, not fork: `mkdocs serve` runs threads, which fork does not mix with.
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                self._keep(digests, pool.map(draw, specs, chunksize=64))
        else:
            self._keep(digests, map(draw, specs))
        self._pending.clear()

    def _keep(self, digests: list[str], drawn: Iterable[str]) -> None:
        """Keep each chart as it comes, `Packed`: they are held until their pages are
        written, and as text a large site's were a tenth of its build's memory."""

        for digest, svg in zip(digests, drawn, strict=True):
            self._drawn.keep(digest, Packed(svg))
            self._drawn.made += 1

    def render(self, spec: ChartSpec) -> str:
        """One chart, now."""
        svg = self.request(spec)
        self.draw_pending()
        return svg()

    def svg(self, digest: str) -> str:
        """A chart asked for in this build, once drawn."""
        return self.packed(digest)()

    def packed(self, digest: str) -> Callable[[], str]:
        """A chart asked for in this build, once drawn, as held: `Packed`."""
        packed = self._drawn.get(digest)
        assert packed is not None, "a chart is asked for before draw_pending() ran"
        return packed


class _PackedCodec:
    """Drawn charts: in `cache_dir` as text (as `TextCodec` writes them), in memory
    `Packed`."""

    name = TextCodec.name

    def encode(self, value: Callable[[], str]) -> Any:
        return value()

    def decode(self, data: Any) -> Callable[[], str]:

        return Packed(TextCodec().decode(data))


@dataclass(frozen=True)
class Chart:
    """A chart asked for: its SVG, by calling it once `draw_pending` has run."""

    digest: str
    renderer: ChartRenderer

    def __call__(self) -> str:
        return self.renderer.svg(self.digest)


def chart_id(key: str) -> str:
    """A stable, page-unique element id for a chart."""
    return "jm-" + hashlib.sha1(key.encode()).hexdigest()[:12]


def draw(spec: ChartSpec) -> str:
    """The chart's SVG: axes, one line of dots per series, the target dashed, events on top."""
    with i18n.speaking(i18n.language(spec.language)):
        return _drawn(spec)


def _drawn(spec: ChartSpec) -> str:
    values = [v for _, series in spec.series for v in series if v is not None]
    if spec.target is not None:
        values.append(spec.target)
    levels = ticks(min(values), max(values), spec.low, spec.high)
    plot = _Plot(spec.dates, levels[0], levels[-1])
    uid = chart_id(spec.key).removeprefix("jm-")
    # What journeymap.js needs to show any point's date and values (on hover and by
    # keyboard), once per chart and a few bytes per value: a title and a circle per
    # point would triple the size of a chart of two years of weekly snapshots.
    dates = " ".join(d.isoformat() for d in spec.dates)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'id="chart-{uid}" class="jm-svg" role="img" tabindex="0" data-dates="{dates}" '
        f'data-plot="{LEFT} {plot.width}" data-unit="{html.escape(spec.unit)}">'
        f"<title>{html.escape(spec.title)}</title>",
        _value_axis(plot, levels, spec.unit),
        _date_axis(plot),
    ]
    if spec.target is not None:
        y = plot.y(spec.target)
        parts.append(
            f'<g class="series jm-target"><path class="line" d="M{LEFT} {y}H{WIDTH - RIGHT}"/></g>'
        )
    for index, (label, series) in enumerate(spec.series):
        parts.append(_series(plot, f"{uid}-{index}", index, label, series, spec.unit))
    markers = [d for d in spec.markers if spec.dates[0] <= d <= spec.dates[-1]]
    if markers:
        dots = "".join(
            f'<circle class="dot" cx="{plot.x(d)}" cy="{TOP - 12}" r="5"/>' for d in markers
        )
        parts.append(f'<g class="series jm-markers">{dots}</g>')
    parts.append("</svg>")
    return "".join(parts)


class _Plot:
    """Where dates and values go in the viewBox."""

    def __init__(self, dates: tuple[dt.date, ...], low: float, high: float) -> None:
        self.dates = dates
        self.first, self.last = dates[0], dates[-1]
        self.days = (self.last - self.first).days
        self.low, self.high = low, high
        self.width = WIDTH - LEFT - RIGHT
        self.height = HEIGHT - TOP - BOTTOM

    @cached_property
    def xs(self) -> tuple[float, ...]:
        """Where each of the chart's dates goes: the same for every series."""
        return tuple(self.x(date) for date in self.dates)

    def x(self, date: dt.date) -> float:
        if not self.days:  # one snapshot: in the middle
            return _short(LEFT + self.width / 2)
        return _short(LEFT + (date - self.first).days / self.days * self.width)

    def y(self, value: float) -> float:
        share = (value - self.low) / (self.high - self.low) if self.high > self.low else 0.5
        return _short(TOP + (1 - share) * self.height)


def _short(coordinate: float) -> float:
    """A tenth of a viewBox unit is finer than any screen shows; `230`, not `230.0`."""
    rounded = round(coordinate, 1)
    return int(rounded) if rounded.is_integer() else rounded


def value_label(value: float, unit: str) -> str:
    """`4.2/5`, `4,2/5`: a value as readers of the chart's language write it."""
    return f"{i18n.current().number(round(value, 2))}{unit}"


def _value_axis(plot: _Plot, levels: list[float], unit: str) -> str:
    guides = "".join(f"M{LEFT} {plot.y(v)}H{WIDTH - RIGHT}" for v in levels)
    labels = "".join(
        f'<text x="{LEFT - 8}" y="{plot.y(v) + 5}">{html.escape(value_label(v, unit))}</text>'
        for v in levels
    )
    return (
        f'<g class="axis y" aria-hidden="true"><path class="guide line" d="{guides}"/>{labels}</g>'
    )


def _date_axis(plot: _Plot) -> str:
    bottom = TOP + plot.height
    labels = "".join(
        f'<text x="{plot.x(date)}" y="{bottom + 22}">{html.escape(text)}</text>'
        for date, text in date_labels(plot.first, plot.last, plot.width)
    )
    return (
        f'<g class="axis x" aria-hidden="true">'
        f'<path class="line" d="M{LEFT} {bottom}H{WIDTH - RIGHT}"/>{labels}</g>'
    )


def date_labels(first: dt.date, last: dt.date, width: float) -> list[tuple[dt.date, str]]:
    """Dates to label along an axis `width` wide: month starts every 1, 3, 6... months
    (the fewest months apart whose labels do not crowd each other), else the ends."""
    days = (last - first).days
    for step in MONTH_STEPS:
        starts = list(_month_starts(first, last, step))
        if len(starts) < 2:
            break
        longest = max(len(_month_label(d, step)) for d in starts) * CHAR
        # The shortest gap between two labels: `step` months of 28 days each.
        if days and width * step * 28 / days >= longest + 2 * CHAR:
            return [(d, _month_label(d, step)) for d in starts]
    ends = [(first, _day(first)), (last, _day(last))]
    # Too short for month labels: the ends, if both fit.
    if days and width >= (len(ends[0][1]) + len(ends[1][1]) + 2) * CHAR:
        return ends
    return [(first, _day(first))]


def _month_label(date: dt.date, step: int) -> str:
    """`Jan 2026`, `Jan. 2026`; just the year when labels are a year or more apart."""
    return str(date.year) if step >= 12 else i18n.current().month_year(date)


def _day(date: dt.date) -> str:
    """`18 Nov 2026`, `18.11.2026`."""
    return i18n.current().date(date)


def _month_starts(first: dt.date, last: dt.date, step: int) -> Iterator[dt.date]:
    """First days of months in first..last whose month count is a multiple of `step`
    (quarters start in January, April, July and October; years in January)."""
    month = first.year * 12 + first.month - 1 + (first.day > 1)
    month += -month % step
    while (date := dt.date(month // 12, month % 12 + 1, 1)) <= last:
        yield date
        month += step


def _series(
    plot: _Plot, marker: str, index: int, label: str, values: tuple[float | None, ...], unit: str
) -> str:
    """One segment: its line (broken where it has no value) with a dot at every value, and
    its latest value marked; the first series' latest value is labelled."""
    path, previous, y = [], None, plot.y
    for x, value in zip(plot.xs, values, strict=True):
        if value is not None:
            path.append(f"{'L' if previous is not None else 'M'}{x} {y(value)}")
        elif previous is not None and path[-1][0] == "M":
            path.append("h0")  # a lone value: a vertex of its own, so that it gets a dot
        previous = value
    if path and path[-1][0] == "M":
        path.append("h0")
    shown = " ".join("-" if v is None else number(round(v, 2)) for v in values)
    # The dots are markers at the line's vertices: drawn by the browser, no markup per value.
    out = [
        f'<g class="series serie-{index} color-{index}" data-label="{html.escape(label)}" '
        f'data-values="{shown}"><marker id="m{marker}" class="jm-dot-marker" '
        f'markerUnits="userSpaceOnUse" viewBox="-4 -4 8 8" markerWidth="8" markerHeight="8">'
        f'<circle r="3"/></marker><path class="line" d="{"".join(path)}" '
        f'style="marker: url(#m{marker})"/>'
    ]
    x, value = next(
        (x, v) for x, v in zip(reversed(plot.xs), reversed(values), strict=True) if v is not None
    )
    out.append(f'<circle class="jm-latest" cx="{x}" cy="{y(value)}" r="5.5"/>')
    if index == 0:
        out.append(
            f'<text class="jm-latest-label" x="{x + 9}" y="{y(value) + 5}">'
            f"{html.escape(value_label(value, unit))}</text>"
        )
    out.append("</g>")
    return "".join(out)


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
