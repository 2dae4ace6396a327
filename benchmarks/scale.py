"""Company-scale benchmark: journeymap against a plain Material site of the same shape.

    python benchmarks/scale.py [--size large|medium|small] [--json results.json] [--keep DIR]

Generates synthetic content (default "large": 50 journeys x 20 stages, 5 versions
each, 8 metrics with 4 featured per stage, 104 weekly snapshots, 3 segments), and
in the same run measures:

- a plain mkdocs-material build of as many pages, in the same folders, with static
  Markdown of comparable length and no plugin (the baseline);
- a cold journeymap build (empty chart cache);
- a warm build after one journey's YAML was edited (chart cache on disk kept);
- peak memory of each build, page sizes, the search index size.

Figures are ratios against the baseline measured in the same run: absolute times
vary between machines and runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

SIZES = {
    "small": dict(journeys=5, stages=10, versions=3, snapshots=26, segments=3),
    "medium": dict(journeys=20, stages=20, versions=5, snapshots=52, segments=3),
    "large": dict(journeys=50, stages=20, versions=5, snapshots=104, segments=3),
}
METRICS = ["csat", "nps", "ces", "sentiment", "time-to-value", "churn", "activation", "tickets"]
FEATURED = 4
SEGMENTS = ["", "smb", "enterprise", "public-sector"]

# Runs one build in a child process and reports its time and peak memory.
RUNNER = """
import json, resource, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1])
started = time.perf_counter()
build(config)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

SITE = """\
site_name: Benchmark
docs_dir: docs
site_dir: site
theme:
  name: material
  font: false
  features: [navigation.instant, navigation.prune, navigation.indexes]
plugins:
  - search
{plugin}
"""


@dataclass(frozen=True)
class Shape:
    journeys: int
    stages: int
    versions: int
    snapshots: int
    segments: int


def stage_ids(journey: int, version: int, shape: Shape) -> list[str]:
    """Stage ids of a version: from version 2 on, one stage per version is renamed."""
    ids = [f"stage-{s:02d}" for s in range(shape.stages)]
    for v in range(2, version + 1):
        ids[(v * 3) % shape.stages] = f"stage-{(v * 3) % shape.stages:02d}-v{v}"
    return ids


def journey_yaml(journey: int, version: int, shape: Shape, rng: random.Random) -> str:
    previous = stage_ids(journey, version - 1, shape) if version > 1 else []
    lines = [
        f"id: journey-{journey:02d}",
        f"version: {version}",
        f"title: Journey {journey:02d}",
        f"effective: {dt.date(2024, 1, 1) + dt.timedelta(days=60 * version)}",
        f"owner: Team {journey % 7}",
    ]
    if version > 1:
        lines.append(f"summary: Review {version} of journey {journey}")
    lines += [
        "phases:",
        "  - {id: before, title: Before}",
        "  - {id: after, title: After}",
        "stages:",
    ]
    for index, stage in enumerate(stage_ids(journey, version, shape)):
        metrics = ", ".join(METRICS[(index + k) % len(METRICS)] for k in range(FEATURED))
        lines += [
            f"  - id: {stage}",
            f"    title: Stage {index + 1} of journey {journey}",
            f"    phase: {'before' if index < shape.stages // 2 else 'after'}",
            f"    owner: Team {(index // 4) % 5}",
            f"    description: Customers at stage {index + 1} compare options and decide.",
            "    goals: [Get the job done, Understand the price]",
            "    actions: [Reads the docs, Asks a colleague, Tries the product]",
            "    pain_points: [Too many steps, Unclear pricing]",
            "    touchpoints:",
            "      - {title: Website, channel: web}",
            "      - {title: Support chat, channel: chat}",
            f"    emotion: {{score: {rng.randint(1, 5)}, note: Mixed feelings}}",
            "    moments: [{title: First success, kind: delight}]",
            f"    opportunities: [{{title: Fix step {index}, status: planned, owner: Team 1}}]",
            f"    metrics: [{metrics}]",
        ]
        if previous and stage not in previous:
            lines.append(f"    replaces: [{previous[index]}]")
    return "\n".join(lines) + "\n"


def metrics_yaml() -> str:
    entries = [
        f"  - {{id: {m}, title: Metric {m}, better: higher, min: 0, max: 100, target: 60, "
        f"alert_change: 15, unit: '%'}}"
        for m in METRICS
    ]
    return "metrics:\n" + "\n".join(entries) + "\n"


def write_content(root: Path, shape: Shape) -> None:
    rng = random.Random(1)
    content = root / "content"
    for journey in range(shape.journeys):
        folder = content / "journeys" / f"journey-{journey:02d}"
        folder.mkdir(parents=True)
        for version in range(1, shape.versions + 1):
            (folder / f"v{version}.yml").write_text(journey_yaml(journey, version, shape, rng))
    (content / "metrics.yml").write_text(metrics_yaml())
    snapshots = content / "snapshots"
    snapshots.mkdir()
    start = dt.date(2026, 11, 16) - dt.timedelta(weeks=shape.snapshots - 1)
    segments = SEGMENTS[: shape.segments]
    levels = {}
    for week in range(shape.snapshots):
        rows = ["journey,stage,metric,segment,value,responses"]
        for journey in range(shape.journeys):
            for index, stage in enumerate(stage_ids(journey, shape.versions, shape)):
                for k in range(FEATURED):
                    metric = METRICS[(index + k) % len(METRICS)]
                    for segment in segments:
                        key = (journey, stage, metric, segment)
                        value = levels.get(key, rng.uniform(40, 80)) + rng.gauss(0, 1)
                        levels[key] = min(100.0, max(0.0, value))
                        rows.append(
                            f"journey-{journey:02d},{stage},{metric},{segment},"
                            f"{levels[key]:.1f},{rng.randint(20, 400)}"
                        )
        date = start + dt.timedelta(weeks=week)
        (snapshots / f"{date}.csv").write_text("\n".join(rows) + "\n")


def write_plugin_site(root: Path, cache: Path) -> None:
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Benchmark\n\nJourney maps at company scale.\n")
    plugin = f"  - journeymap:\n      cache_dir: {cache}"
    (root / "mkdocs.yml").write_text(SITE.format(plugin=plugin))


PARAGRAPH = (
    "Customers at this stage compare options, read the documentation, ask a "
    "colleague and try the product before they decide. "
)


def write_baseline_site(root: Path, plugin_site: Path) -> None:
    """As many pages as the plugin builds, in the same folders, of comparable text length."""
    docs = root / "docs"
    built = sorted((plugin_site / "site").rglob("index.html"))
    for page in built:
        relative = page.parent.relative_to(plugin_site / "site")
        target = docs / relative / "index.md" if relative.parts else docs / "index.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        words = len(_visible_text(page).split())
        sections = max(1, words // 120)
        body = "\n\n".join(
            f"## Section {n}\n\n{PARAGRAPH * 6}\n\n| Lane | Value |\n|---|---|\n| Goal | Done |"
            for n in range(sections)
        )
        target.write_text(f"# {relative.as_posix() or 'Home'}\n\n{body}\n")
    (root / "mkdocs.yml").write_text(SITE.format(plugin=""))


def _visible_text(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    start = html.find('<article class="md-content__inner')
    end = html.find("</article>", start)
    article = html[start:end]
    for tag in ("<svg", "<script"):
        while tag in article:
            a = article.index(tag)
            b = article.find("</" + tag[1:] + ">", a)
            article = article[:a] + article[b:] if b > a else article[:a]
    return " ".join(part.split(">")[-1] for part in article.split("<"))


def build(root: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, str(root / "mkdocs.yml")],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={
            "SOURCE_DATE_EPOCH": "1795000000",
            "NO_MKDOCS_2_WARNING": "1",
            "PATH": "/usr/bin:/bin",
        },
    )
    if result.returncode != 0:
        sys.exit(f"build in {root} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def stage_pages(site: Path, shape: Shape) -> list[int]:
    sizes = []
    for journey in range(shape.journeys):
        for stage in stage_ids(journey, shape.versions, shape):
            sizes.append(
                (site / f"journeys/journey-{journey:02d}/{stage}/index.html").stat().st_size
            )
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=SIZES, default="large")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--keep", help="generate into this folder and keep it")
    args = parser.parse_args()
    shape = Shape(**SIZES[args.size])
    work = Path(args.keep or tempfile.mkdtemp(prefix="journeymap-bench-"))
    try:
        measure(work, shape, args.size, args.json)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def measure(work: Path, shape: Shape, size: str, json_path: str | None) -> None:
    """Generate, build the three ways, print the table (and write it as JSON)."""
    plugin_root, baseline_root = work / "plugin", work / "baseline"
    plugin_root.mkdir(parents=True)
    baseline_root.mkdir(parents=True)
    cache = work / "cache"

    print(f"generating '{size}' content in {work} ...", flush=True)
    write_content(plugin_root, shape)
    write_plugin_site(plugin_root, cache)
    print("cold build with journeymap (empty chart cache) ...", flush=True)
    cold = build(plugin_root)
    print("baseline: plain Material, same pages and folders ...", flush=True)
    write_baseline_site(baseline_root, plugin_root)
    baseline = build(baseline_root)
    print("warm build after editing one journey's YAML ...", flush=True)
    newest = plugin_root / f"content/journeys/journey-00/v{shape.versions}.yml"
    newest.write_text(newest.read_text().replace("Stage 1 of journey 0", "Stage one", 1))
    warm = build(plugin_root)

    sizes = stage_pages(plugin_root / "site", shape)
    index = (plugin_root / "site/search/search_index.json").stat().st_size
    base_index = (baseline_root / "site/search/search_index.json").stat().st_size
    pages = len(list((plugin_root / "site").rglob("index.html")))
    results = {
        "size": size,
        "shape": shape.__dict__,
        "pages": pages,
        "baseline_s": round(baseline["seconds"], 2),
        "cold_s": round(cold["seconds"], 2),
        "warm_s": round(warm["seconds"], 2),
        "cold_ratio": round(cold["seconds"] / baseline["seconds"], 2),
        "warm_ratio": round(warm["seconds"] / baseline["seconds"], 2),
        "peak_mb": round(max(cold["peak_mb"], warm["peak_mb"])),
        "baseline_peak_mb": round(baseline["peak_mb"]),
        "stage_page_median_kb": round(statistics.median(sizes) / 1024, 1),
        "stage_page_max_kb": round(max(sizes) / 1024, 1),
        "search_index_kb": round(index / 1024),
        "baseline_search_index_kb": round(base_index / 1024),
        "search_index_ratio": round(index / base_index, 2),
    }
    rows = [
        ("pages built", f"{pages}", ""),
        ("baseline build (plain Material)", f"{results['baseline_s']} s", "1.00x"),
        (
            "cold build with journeymap",
            f"{results['cold_s']} s",
            f"{results['cold_ratio']}x  (target <= 2x)",
        ),
        (
            "warm build, one journey edited",
            f"{results['warm_s']} s",
            f"{results['warm_ratio']}x  (target <= 1.25x)",
        ),
        ("peak memory", f"{results['peak_mb']} MB", "target <= 1536 MB"),
        (
            "stage page, median / largest",
            f"{results['stage_page_median_kb']} / {results['stage_page_max_kb']} KB",
            "target median <= 150 KB",
        ),
        (
            "search index",
            f"{results['search_index_kb']} KB",
            f"{results['search_index_ratio']}x baseline (target <= 2x)",
        ),
    ]
    print()
    for name, value, note in rows:
        print(f"{name:34} {value:>16}   {note}")
    if json_path:
        Path(json_path).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
