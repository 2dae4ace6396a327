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

Prints the fastest run of each, in wall-clock and CPU seconds, their ratios, and the
peak memory of the load (the process's, and its worker processes' if any). Ratios are
what to compare: absolute times vary between machines and runs. To compare with an
earlier journeymap, run this same script with that one first on PYTHONPATH.
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
    started, cpu = time.perf_counter(), time.process_time()
    count = 0
    for path in sorted((content / "snapshots").glob("*.csv")):
        text = path.read_bytes().decode("utf-8")
        count += len(list(csv.reader(io.StringIO(text, newline="")))) - 1
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "values": count,
    }


def load(content: Path) -> dict[str, Any]:
    """journeymap's cold load of the content folder, the snapshots' share timed apart."""
    from buildrun import WorkerMemory  # imports MkDocs: only here, not in the baseline

    from journeymap.content import loader

    workers = WorkerMemory()
    workers.start()
    spent = [0.0, 0.0]
    load_snapshots = loader.load_snapshots

    def timed(*args: Any, **kwargs: Any) -> Any:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return load_snapshots(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started
            spent[1] += time.process_time() - cpu

    loader.load_snapshots = timed  # type: ignore[assignment]
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    loaded = loader.load_content(content, display_root=content.parent, today=TODAY)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "snapshots_seconds": spent[0],
        "snapshots_cpu_seconds": spent[1],
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
    base, load = runs["baseline"], runs["load"]
    if base[0]["values"] != load[0]["values"]:
        sys.exit(f"the load found {load[0]['values']} values, the csv module {base[0]['values']}")
    # The fastest of each: what the machine can do; CPU seconds beside wall-clock ones,
    # since a machine shared with other jobs stretches the latter most.
    fastest = {
        name: round(min(r[field] for r in found), 2)
        for name, found, field in [
            ("baseline_seconds", base, "seconds"),
            ("baseline_cpu_seconds", base, "cpu_seconds"),
            ("load_seconds", load, "seconds"),
            ("load_cpu_seconds", load, "cpu_seconds"),
            ("snapshots_seconds", load, "snapshots_seconds"),
            ("snapshots_cpu_seconds", load, "snapshots_cpu_seconds"),
        ]
    }
    peak = min(load, key=lambda r: r["seconds"])
    results: dict[str, Any] = {"size": size, "values": load[0]["values"], **fastest}
    print(f"'{size}' content, {results['values']:,} values; fastest of {repeat} runs each")
    print(f"{'':45} {'wall':>9} {'ratio':>7} {'CPU':>9} {'ratio':>7}")
    for name, key in [
        ("csv module reading the snapshots (baseline)", "baseline"),
        ("load_content, cold", "load"),
        ("  of which snapshots (load_snapshots)", "snapshots"),
    ]:
        wall, cpu = fastest[f"{key}_seconds"], fastest[f"{key}_cpu_seconds"]
        ratio = wall / fastest["baseline_seconds"]
        cpu_ratio = cpu / fastest["baseline_cpu_seconds"]
        results[f"{key}_vs_baseline"] = round(ratio, 2)
        results[f"{key}_cpu_vs_baseline"] = round(cpu_ratio, 2)
        print(f"{name:45} {wall:7.2f} s {ratio:6.2f}x {cpu:7.2f} s {cpu_ratio:6.2f}x")
    results |= {
        "peak_mb": round(peak["peak_mb"]),
        "load_mb": round(peak["load_mb"]),
        "workers_peak_mb": round(peak["workers_peak_mb"]),
        "runs": runs,
    }
    print(
        f"{'peak memory of the load':45} {peak['peak_mb']:7.0f} MB "
        f"({peak['load_mb']:.0f} MB more than after the imports; "
        f"worker processes {peak['workers_peak_mb']:.0f} MB)"
    )
    if json_path:
        Path(json_path).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
