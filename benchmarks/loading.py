"""Loading benchmark: journeymap's cold `load_content` against the `csv` module merely
reading the same snapshot files, in one run.

    python benchmarks/loading.py [--size large|medium|small] [--repeat 3] [--json FILE]

Generates the content of the company-scale benchmark (`scale.py`: by default 50
journeys x 20 stages, 5 versions, 104 weekly snapshots, 3 segments, 8 metrics with 4
featured per stage, 1.25 million values), then times, each in a fresh process and
`--repeat` times, alternating:

- the baseline: every snapshot file read and decoded, its records read by `csv.reader`
  into lists, with no check at all (the floor of any reader built on the csv module);
- journeymap's `load_content` of the folder with no cache (cold), and within it the
  snapshots (`load_snapshots`: parsing, checking and filling the series).

Prints the fastest run of each, their ratio, and the peak memory of the load (the
process's, and its worker processes' if any). Ratios are what to compare: absolute
times vary between machines and runs.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scale import SIZES, Shape, write_content

TODAY = dt.date(2026, 11, 18)


def baseline(content: Path) -> dict[str, Any]:
    """The csv module reading every snapshot file, nothing checked."""
    started = time.perf_counter()
    count = 0
    for path in sorted((content / "snapshots").glob("*.csv")):
        text = path.read_bytes().decode("utf-8")
        count += len(list(csv.reader(io.StringIO(text, newline="")))) - 1
    return {"seconds": time.perf_counter() - started, "values": count}


def load(content: Path) -> dict[str, Any]:
    """journeymap's cold load of the content folder, the snapshots' share timed apart."""
    from buildrun import WorkerMemory  # imports MkDocs: only here, not in the baseline

    from journeymap.content import loader

    workers = WorkerMemory()
    workers.start()
    spent = [0.0]
    load_snapshots = loader.load_snapshots

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return load_snapshots(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    loader.load_snapshots = timed  # type: ignore[assignment]
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    loaded = loader.load_content(content, display_root=content.parent, today=TODAY)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "snapshots_seconds": spent[0],
        "values": len(loaded.snapshots),
        "peak_mb": peak_kb / 1024,
        "load_mb": (peak_kb - before_kb) / 1024,
        "workers_peak_mb": workers.stop(),
    }


def run(kind: str, content: Path) -> dict[str, Any]:
    """One measurement in a fresh process (no warm state, its own peak memory)."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(content)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"{kind} failed:\n{result.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=SIZES, default="large")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, folder = args.child
        print(json.dumps((baseline if kind == "baseline" else load)(Path(folder))))
        return
    work = Path(tempfile.mkdtemp(prefix="journeymap-loading-"))
    try:
        write_content(work, Shape(**SIZES[args.size]))
        measure(work / "content", args.size, args.repeat, args.json)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(content: Path, size: str, repeat: int, json_path: str | None) -> None:
    """Alternate the two, `repeat` times; print the fastest of each and their ratios."""
    runs: dict[str, list[dict[str, Any]]] = {"baseline": [], "load": []}
    for _ in range(repeat):
        for kind, found in runs.items():
            found.append(run(kind, content))
    base = min(runs["baseline"], key=lambda r: r["seconds"])
    cold = min(runs["load"], key=lambda r: r["seconds"])
    if base["values"] != cold["values"]:
        sys.exit(f"the load found {cold['values']} values, the csv module {base['values']}")
    snapshots = min(r["snapshots_seconds"] for r in runs["load"])
    results = {
        "size": size,
        "values": cold["values"],
        "baseline_seconds": round(base["seconds"], 2),
        "load_seconds": round(cold["seconds"], 2),
        "snapshots_seconds": round(snapshots, 2),
        "load_vs_baseline": round(cold["seconds"] / base["seconds"], 2),
        "snapshots_vs_baseline": round(snapshots / base["seconds"], 2),
        "peak_mb": round(cold["peak_mb"]),
        "load_mb": round(cold["load_mb"]),
        "workers_peak_mb": round(cold["workers_peak_mb"]),
        "runs": runs,
    }
    print(f"'{size}' content, {cold['values']:,} values; fastest of {repeat} runs each")
    rows = [
        ("csv module reading the snapshots (baseline)", base["seconds"], 1.0),
        ("load_content, cold", cold["seconds"], results["load_vs_baseline"]),
        ("  of which snapshots (load_snapshots)", snapshots, results["snapshots_vs_baseline"]),
    ]
    for name, seconds, ratio in rows:
        print(f"{name:45} {seconds:8.2f} s {ratio:8.2f}x")
    print(
        f"{'peak memory of the load':45} {cold['peak_mb']:8.0f} MB "
        f"({cold['load_mb']:.0f} MB more than after the imports; "
        f"workers {cold['workers_peak_mb']:.0f} MB)"
    )
    if json_path:
        Path(json_path).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
