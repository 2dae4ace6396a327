"""Company-scale benchmark: journeymap against two plain Material sites of the same shape.

    python benchmarks/scale.py [--size large|medium|small] [--journeys N]
                               [--json results.json] [--keep DIR]

Generates synthetic content (default "large": 50 journeys x 20 stages, 5 versions
each, 8 metrics with 4 featured per stage, 104 weekly snapshots, 3 segments;
`--journeys` changes the number of journeys), and in the same run measures:

- baseline "hand-written": a plain mkdocs-material site with the journeys' map and
  stage pages at the same paths, holding the stage text as Markdown (no charts, no
  tables): what the same site would cost written by hand;
- baseline "same pages": a plain mkdocs-material build of as many pages as
  journeymap builds, in the same folders, with static Markdown of comparable length;
- a cold journeymap build (empty cache);
- a warm build after one journey's YAML was edited (`cache_dir` kept), as in CI;
- a `mkdocs serve` rebuild after one journey's YAML was edited (same process);

and for each: time, peak memory, the search index, the median stage page and the
time per phase (see `buildrun.py`). Figures are ratios against the baselines
measured in the same run: absolute times vary between machines and runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SIZES = {
    "small": dict(journeys=5, stages=10, versions=3, snapshots=26, segments=3),
    "medium": dict(journeys=20, stages=20, versions=5, snapshots=52, segments=3),
    "large": dict(journeys=50, stages=20, versions=5, snapshots=104, segments=3),
}
PHASES = [
    "load",
    "analysis",
    "charts",
    "page rendering",
    "Markdown",
    "theme templates",
    "search",
    "writing",
    "other",
]
METRICS = ["csat", "nps", "ces", "sentiment", "time-to-value", "churn", "activation", "tickets"]
FEATURED = 4
SEGMENTS = ["", "smb", "enterprise", "public-sector"]

RUNNER = Path(__file__).with_name("buildrun.py")

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


def build(root: Path, *edit: str) -> dict[str, Any]:
    """One build of `root` in a child process; with `edit` (FILE OLD NEW), a serve rebuild too."""
    args = [sys.executable, str(RUNNER), str(root / "mkdocs.yml")]
    if edit:
        args += ["--edit", *edit]
    result = subprocess.run(
        args,
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={
            "SOURCE_DATE_EPOCH": "1795000000",
            "NO_MKDOCS_2_WARNING": "1",
            "PATH": "/usr/bin:/bin",
            # The journeymap under test: without it, the child would build with the one
            # installed in the environment, whatever PYTHONPATH said.
            **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
        },
    )
    if result.returncode != 0:
        sys.exit(f"build in {root} failed:\n{result.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def write_handwritten_site(root: Path, plugin_root: Path, shape: Shape) -> None:
    """The maps and stages at the plugin's paths, their text as Markdown, nothing else."""
    docs = root / "docs"
    (docs / "journeys").mkdir(parents=True)
    (docs / "index.md").write_text("# Benchmark\n\nJourney maps at company scale.\n")
    journeys = []
    for journey in range(shape.journeys):
        jid = f"journey-{journey:02d}"
        newest = plugin_root / f"content/journeys/{jid}/v{shape.versions}.yml"
        data = yaml.safe_load(newest.read_text())
        journeys.append(f"- [{data['title']}]({jid}/index.md)")
        folder = docs / "journeys" / jid
        folder.mkdir()
        stages = [f"- [{stage['title']}]({stage['id']}.md)" for stage in data["stages"]]
        (folder / "index.md").write_text(
            f"# {data['title']}\n\nOwner: {data['owner']}\n\n" + "\n".join(stages) + "\n"
        )
        for stage in data["stages"]:
            (folder / f"{stage['id']}.md").write_text(stage_markdown(stage))
    (docs / "journeys/index.md").write_text("# Journeys\n\n" + "\n".join(journeys) + "\n")
    (root / "mkdocs.yml").write_text(SITE.format(plugin=""))


def stage_markdown(stage: dict[str, Any]) -> str:
    """A stage page as a CX team would write it by hand."""
    lines = [f"# {stage['title']}", "", stage.get("description", ""), ""]
    lines += [f"Owner: {stage.get('owner', '')}", ""]
    for field, title in [
        ("goals", "Goals"),
        ("actions", "Actions"),
        ("pain_points", "Pain points"),
    ]:
        lines += [f"## {title}", "", *(f"- {item}" for item in stage.get(field, [])), ""]
    lines += ["## Touchpoints", ""]
    lines += [f"- {t['title']} ({t['channel']})" for t in stage.get("touchpoints", [])]
    emotion = stage.get("emotion", {})
    lines += ["", "## Emotion", "", f"{emotion.get('score')}/5: {emotion.get('note', '')}", ""]
    lines += ["## Moments", "", *(f"- {m['title']} ({m['kind']})" for m in stage["moments"])]
    lines += ["", "## Opportunities", ""]
    lines += [f"- {o['title']} ({o['status']})" for o in stage.get("opportunities", [])]
    return "\n".join(lines) + "\n"


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
    parser.add_argument("--journeys", type=int, help="number of journeys (default: the size's)")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--keep", help="generate into this folder and keep it")
    args = parser.parse_args()
    sizes = dict(SIZES[args.size])
    if args.journeys:
        sizes["journeys"] = args.journeys
    shape = Shape(**sizes)
    work = Path(args.keep or tempfile.mkdtemp(prefix="journeymap-bench-"))
    try:
        measure(work, shape, args.size, args.json)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def site_figures(root: Path, shape: Shape, run: dict[str, Any]) -> dict[str, Any]:
    """What one build cost and produced."""
    site = root / "site"
    sizes = stage_pages(site, shape)
    return {
        "seconds": round(run["seconds"], 2),
        "peak_mb": round(run["peak_mb"]),
        "workers_peak_mb": round(run["workers_peak_mb"]),
        "search_index_kb": round((site / "search/search_index.json").stat().st_size / 1024),
        "stage_page_median_kb": round(statistics.median(sizes) / 1024, 1),
        "pages": len(list(site.rglob("index.html"))),
        "phases": run["phases"],
        "phase_peak_mb": run.get("phase_peak_mb", {}),
    }


def measure(work: Path, shape: Shape, size: str, json_path: str | None) -> None:
    """Generate, build the five ways, print the table (and write it as JSON)."""
    plugin_root = work / "plugin"
    plugin_root.mkdir(parents=True)
    write_content(plugin_root, shape)
    write_plugin_site(plugin_root, work / "cache")
    print(f"generated '{size}' content ({shape.journeys} journeys) in {work}", flush=True)

    def edit(journey: int) -> tuple[str, str, str]:
        path = plugin_root / f"content/journeys/journey-{journey:02d}/v{shape.versions}.yml"
        return str(path), f"Stage 1 of journey {journey}", "Stage one"

    print("journeymap: cold build (empty cache) ...", flush=True)
    cold = build(plugin_root)
    results: dict[str, Any] = {"size": size, "shape": shape.__dict__}
    results["journeymap"] = site_figures(plugin_root, shape, cold)

    print("baseline 'same pages': plain Material, as many pages in the same folders ...")
    same_root = work / "same-pages"
    write_baseline_site(same_root, plugin_root)
    results["same_pages"] = site_figures(same_root, shape, build(same_root))

    print("baseline 'hand-written': the maps and stages as plain Markdown ...", flush=True)
    hand_root = work / "hand-written"
    write_handwritten_site(hand_root, plugin_root, shape)
    results["hand_written"] = site_figures(hand_root, shape, build(hand_root))

    print("journeymap: warm build (cache_dir kept) after one journey was edited ...")
    file, old, new = edit(0)
    Path(file).write_text(Path(file).read_text().replace(old, new, 1))
    warm = build(plugin_root)
    results["journeymap"]["warm_seconds"] = round(warm["seconds"], 2)
    results["journeymap"]["warm_phases"] = warm["phases"]
    results["journeymap"]["warm_peak_mb"] = round(warm["peak_mb"])

    print("journeymap: `mkdocs serve` rebuild after one journey was edited ...", flush=True)
    shutil.rmtree(work / "cache")
    serve = build(plugin_root, *edit(1))
    results["journeymap"]["serve_rebuild_seconds"] = round(serve["rebuild_seconds"], 2)
    results["journeymap"]["serve_first_seconds"] = round(serve["seconds"], 2)
    results["journeymap"]["serve_rebuild_phases"] = serve["rebuild_phases"]
    results["journeymap"]["serve_peak_mb"] = round(serve["peak_mb"])
    report(results)
    if json_path:
        Path(json_path).write_text(json.dumps(results, indent=2) + "\n")


def report(results: dict[str, Any]) -> None:
    """The figures as a table, with the targets of the hand-written baseline."""
    jm, hand, same = results["journeymap"], results["hand_written"], results["same_pages"]

    def ratio(value: float, base: float) -> str:
        return f"{value / base:.2f}x"

    results["ratios"] = {
        "cold_vs_hand_written": round(jm["seconds"] / hand["seconds"], 2),
        "warm_vs_hand_written": round(jm["warm_seconds"] / hand["seconds"], 2),
        "cold_vs_same_pages": round(jm["seconds"] / same["seconds"], 2),
        "search_index_vs_hand_written": round(jm["search_index_kb"] / hand["search_index_kb"], 2),
        "serve_rebuild_vs_cold": round(jm["serve_rebuild_seconds"] / jm["serve_first_seconds"], 2),
    }
    columns = ("", "journeymap", "hand-written", "same pages")
    rows = [
        ("pages", jm["pages"], hand["pages"], same["pages"]),
        ("cold build (s)", jm["seconds"], hand["seconds"], same["seconds"]),
        ("warm build, one journey edited (s)", jm["warm_seconds"], "-", "-"),
        ("serve: first build (s)", jm["serve_first_seconds"], "-", "-"),
        ("serve rebuild, one journey edited (s)", jm["serve_rebuild_seconds"], "-", "-"),
        ("peak memory, cold build (MB)", jm["peak_mb"], hand["peak_mb"], same["peak_mb"]),
        ("  chart workers' peak memory (MB)", jm["workers_peak_mb"], "-", "-"),
        ("peak memory, warm build (MB)", jm["warm_peak_mb"], "-", "-"),
        ("peak memory, serve: both builds (MB)", jm["serve_peak_mb"], "-", "-"),
        (
            "search index (KB)",
            jm["search_index_kb"],
            hand["search_index_kb"],
            same["search_index_kb"],
        ),
        (
            "stage page, median (KB)",
            jm["stage_page_median_kb"],
            hand["stage_page_median_kb"],
            same["stage_page_median_kb"],
        ),
    ]
    rows += [
        (
            f"  cold phase: {phase} (s)",
            jm["phases"].get(phase, 0),
            hand["phases"].get(phase, 0),
            same["phases"].get(phase, 0),
        )
        for phase in PHASES
    ]
    rows += [
        (
            f"  cold, peak memory in {phase} (MB)",
            jm["phase_peak_mb"].get(phase, "-"),
            hand["phase_peak_mb"].get(phase, "-"),
            same["phase_peak_mb"].get(phase, "-"),
        )
        for phase in PHASES
    ]
    print()
    print(f"{columns[0]:40} {columns[1]:>12} {columns[2]:>13} {columns[3]:>11}")
    for name, *values in rows:
        print(f"{name:40} " + " ".join(f"{v!s:>12}" for v in values))
    print()
    print(f"{'journeymap, seconds by phase':40} {'cold':>12} {'warm':>12} {'serve rebuild':>13}")
    for phase in PHASES:
        times = (jm[key].get(phase, 0) for key in ("phases", "warm_phases", "serve_rebuild_phases"))
        print(f"  {phase:38} " + " ".join(f"{t!s:>12}" for t in times))
    print()
    journeys = results["shape"]["journeys"]
    targets = [
        ("cold build vs hand-written", ratio(jm["seconds"], hand["seconds"]), "<= 4x"),
        ("warm build vs hand-written", ratio(jm["warm_seconds"], hand["seconds"]), "<= 2x"),
        (
            "serve rebuild vs cold build",
            ratio(jm["serve_rebuild_seconds"], jm["serve_first_seconds"]),
            "<= 0.25x",
        ),
        (
            "search index vs hand-written",
            ratio(jm["search_index_kb"], hand["search_index_kb"]),
            "<= 1.5x",
        ),
        ("stage page, median", f"{jm['stage_page_median_kb']} KB", "<= 80 KB"),
        (
            f"peak memory at {journeys} journeys",
            f"{jm['peak_mb']} MB",
            "<= 800 MB at 50 journeys, <= 1,200 MB at 200",
        ),
        ("cold build vs same pages", ratio(jm["seconds"], same["seconds"]), "(for reference)"),
    ]
    for name, value, target in targets:
        print(f"{name:40} {value:>12}   target {target}")


if __name__ == "__main__":
    main()
