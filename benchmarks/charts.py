"""Chart benchmark: journeymap's trend charts against pygal's defaults, in one run.

    python benchmarks/charts.py [--charts 200] [--json results.json]

Renders a realistic set of trend charts (104 weekly snapshots, 2 or 3 segments,
a target line) twice: with pygal's default settings (the baseline) and with
journeymap's chart renderer. Prints per-chart median time and size for both, and
their ratios; times from one run are comparable, absolute times vary by machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import time
from collections.abc import Callable

import pygal

from journeymap.site.charts import ChartRenderer, ChartSpec, draw

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

    baseline = measure(pygal_default, specs)
    ours = measure(draw, specs)
    cache = ChartRenderer()
    for spec in specs:
        cache.render(spec)
    cached = measure(cache.render, specs)

    rows = [
        ("pygal defaults (baseline)", baseline),
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
    print("targets: median <= 3 ms and <= 8 KB per chart")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(
                {
                    "charts": args.charts,
                    "points": WEEKS,
                    "baseline": baseline,
                    "journeymap": ours,
                    "cached": cached,
                },
                out,
                indent=2,
            )


if __name__ == "__main__":
    main()
