"""Chart benchmark: journeymap's trend charts against pygal's defaults, in one run.

    python benchmarks/charts.py [--charts 200] [--json results.json]

Renders a realistic set of trend charts (104 weekly snapshots, 2 or 3 segments,
a target line) with pygal's default settings (the baseline), with journeymap's
previous renderer (pygal's Line, tuned and post-processed: evenly spaced points, no
dates, no dots), and with journeymap's renderer (a time axis, a dot and data for
every value). Prints per-chart median time and size for each, and the ratios; times
from one run are comparable, absolute times vary by machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import statistics
import time
from collections.abc import Callable

import pygal

from journeymap.site.charts import ChartRenderer, ChartSpec, draw, ticks

WEEKS = 104


def chart_set(count: int) -> list[ChartSpec]:
    """Random walks around a target, as CSAT-like metrics per stage and segment."""
    rng = random.Random(7)
    start = dt.date(2024, 12, 2)
    dates = tuple(start + dt.timedelta(weeks=w) for w in range(WEEKS))
    specs = []
    for index in range(count):
        series = []
        for label in ("All customers", "SMB", "Enterprise")[: 2 + index % 2]:
            value, values = rng.uniform(3.2, 4.4), []
            for _ in dates:
                value = min(5.0, max(1.0, value + rng.gauss(0, 0.05)))
                values.append(round(value, 2))
            series.append((label, tuple(values)))
        specs.append(
            ChartSpec(
                f"bench/{index}",
                "Customer satisfaction",
                dates,
                tuple(series),
                target=4.2,
                low=1,
                high=5,
            )
        )
    return specs


def pygal_default(spec: ChartSpec) -> str:
    chart = pygal.Line()
    chart.x_labels = [d.isoformat() for d in spec.dates]
    for label, values in spec.series:
        chart.add(label, list(values))
    chart.add("Target", [spec.target] * len(spec.dates))
    return str(chart.render(is_unicode=True))


_PREVIOUS = pygal.Config(
    js=[],
    css=[],
    show_dots=False,
    show_legend=False,
    show_x_guides=False,
    explicit_size=False,
    width=800,
    height=260,
    margin=12,
    disable_xml_declaration=True,
    pretty_print=False,
    strict=True,
)
_NOISE = re.compile(
    r"<!--.*?-->|<script\b.*?</script>|<style\b.*?</style>|<title>[^<]*</title>", re.S
)


def previous(spec: ChartSpec) -> str:
    """journeymap's renderer before the time axis (2026-11), as it drew these charts."""
    chart = pygal.Line(_PREVIOUS)
    chart.uuid = "bench"
    values = [v for _, series in spec.series for v in series if v is not None]
    chart.y_labels = ticks(min(values), max(values), spec.low, spec.high)
    for label, series in spec.series:
        chart.add(label, list(series))
    count = len(spec.dates)
    chart.add("Target", [spec.target] + [None] * (count - 2) + [spec.target])
    return _NOISE.sub("", chart.render(is_unicode=True))


def measure(render: Callable[[ChartSpec], str], specs: list[ChartSpec]) -> dict[str, float]:
    times, sizes = [], []
    for spec in specs:
        began = time.perf_counter()
        svg = render(spec)
        times.append((time.perf_counter() - began) * 1000)
        sizes.append(len(svg.encode()))
    return {
        "median_ms": round(statistics.median(times), 2),
        "p90_ms": round(statistics.quantiles(times, n=10)[-1], 2),
        "median_kb": round(statistics.median(sizes) / 1024, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--charts", type=int, default=200, help="charts per run (default 200)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    specs = chart_set(args.charts)
    measure(draw, specs[:10])  # warm up imports and caches of both libraries' code paths
    measure(pygal_default, specs[:10])
    measure(previous, specs[:10])

    baseline = measure(pygal_default, specs)
    before = measure(previous, specs)
    ours = measure(draw, specs)
    cache = ChartRenderer()
    for spec in specs:
        cache.render(spec)
    cached = measure(cache.render, specs)

    rows = [
        ("pygal defaults (baseline)", baseline),
        ("journeymap before (no dates)", before),
        ("journeymap", ours),
        ("journeymap, cached", cached),
    ]
    print(f"{args.charts} trend charts, {WEEKS} weekly points, 2-3 segments and a target\n")
    print(f"{'':28} {'median ms':>10} {'p90 ms':>8} {'median KB':>10}")
    for name, row in rows:
        print(f"{name:28} {row['median_ms']:>10} {row['p90_ms']:>8} {row['median_kb']:>10}")
    speed = baseline["median_ms"] / ours["median_ms"]
    size = baseline["median_kb"] / ours["median_kb"]
    print(f"\njourneymap vs pygal defaults: {speed:.1f}x faster, {size:.1f}x smaller per chart")
    time_ratio = ours["median_ms"] / before["median_ms"]
    size_ratio = ours["median_kb"] / before["median_kb"]
    print(f"journeymap vs before: {time_ratio:.2f}x the time, {size_ratio:.2f}x the size")
    print("targets: median <= 3 ms and <= 8 KB per chart; <= 1.3x the time of before")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(
                {
                    "charts": args.charts,
                    "points": WEEKS,
                    "baseline": baseline,
                    "before": before,
                    "journeymap": ours,
                    "cached": cached,
                },
                out,
                indent=2,
            )


if __name__ == "__main__":
    main()
