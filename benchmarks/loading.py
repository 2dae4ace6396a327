"""Loading benchmark: journeymap's cold `load_content` against the `csv` module merely
reading the same snapshot files, in one run.

    python benchmarks/loading.py [--size large|medium|small] [--repeat 3] [--json FILE]

Generates the content of the company-scale benchmark (`scale.py`: by default 50
journeys x 20 stages, 5 versions, 104 weekly snapshots, 3 segments, 8 metrics with 4
featured per stage, 1.25 million values), then times, each in a fresh process and
`--repeat` times, alternating:

- the baseline "csv": every snapshot file read and decoded, its records read by
  `csv.reader` into lists, with no check at all (the floor of any reader built on the
  csv module);
- the baseline "row by row": journeymap's `load_content` reading the snapshots the way
  it did before the column-wise reading, record by record (`SnapshotReader.rows`, as
  `pull` and `import-snapshot` still read), and filling the series a value at a time;
- journeymap's `load_content` of the folder with no cache (cold);

and for both loads, the snapshots apart (`load_snapshots`: parsing, checking and
filling the series) and, within them, the filling (`Snapshots.add_files`).

Prints the fastest run of each, in wall-clock and CPU seconds, their ratios to both
baselines, and the peak memory of each load (the process's, and its worker processes'
if any). Ratios are what to compare: absolute times vary between machines and runs. To
compare with an earlier journeymap, run this same script with that one first on
PYTHONPATH.
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


def load(content: Path, row_by_row: bool = False) -> dict[str, Any]:
    """journeymap's cold load of the content folder, the snapshots' share timed apart;
    `row_by_row`: their files read record by record and the series filled value by value."""
    from buildrun import WorkerMemory  # imports MkDocs: only here, not in the baseline

    from journeymap.content import loader, series, snapshots

    if row_by_row:
        snapshots.SnapshotReader.read = lambda self, text: series.FileValues.of(  # type: ignore[method-assign]
            self.rows(snapshots.records(text))
        )
        series.BLOCK_FILES = 1  # type: ignore[misc]
    workers = WorkerMemory()
    workers.start()
    spent = {"snapshots": [0.0, 0.0], "filling": [0.0, 0.0]}

    def timed(function: Any, into: list[float]) -> Any:
        def measured(*args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                into[0] += time.perf_counter() - started
                into[1] += time.process_time() - cpu

        return measured

    loader.load_snapshots = timed(loader.load_snapshots, spent["snapshots"])  # type: ignore[assignment]
    fill = series.Snapshots.add_files
    series.Snapshots.add_files = timed(fill, spent["filling"])  # type: ignore[method-assign]
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    loaded = loader.load_content(content, display_root=content.parent, today=TODAY)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "snapshots_seconds": spent["snapshots"][0],
        "snapshots_cpu_seconds": spent["snapshots"][1],
        "filling_seconds": spent["filling"][0],
        "filling_cpu_seconds": spent["filling"][1],
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
        measured = baseline(Path(folder)) if kind == "csv" else load(Path(folder), kind == "rows")
        print(json.dumps(measured))
        return
    work = Path(tempfile.mkdtemp(prefix="journeymap-loading-"))
    try:
        write_content(work, Shape(**SIZES[args.size]))
        measure(work / "content", args.size, args.repeat, args.json)
    finally:
        shutil.rmtree(work, ignore_errors=True)


KINDS = {
    "csv": "csv module reading the snapshots (baseline)",
    "rows": "load_content, snapshots row by row (baseline)",
    "load": "load_content, cold",
}


def measure(content: Path, size: str, repeat: int, json_path: str | None) -> None:
    """Alternate the three, `repeat` times; print the fastest of each and their ratios."""
    runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for _ in range(repeat):
        for kind, found in runs.items():
            found.append(run(kind, content))
    counts = {kind: found[0]["values"] for kind, found in runs.items()}
    if len(set(counts.values())) != 1:
        sys.exit(f"the values found differ: {counts}")
    # The fastest of each: what the machine can do; CPU seconds beside wall-clock ones,
    # since a machine shared with other jobs stretches the latter most.
    fastest = {
        f"{kind}_{part}{field}": min(r[f"{part}{field}"] for r in found)
        for kind, found in runs.items()
        for part in ("", "snapshots_", "filling_")
        if part == "" or kind != "csv"
        for field in ("seconds", "cpu_seconds")
    }
    results: dict[str, Any] = {"size": size, "values": counts["load"]}
    results |= {name: round(seconds, 2) for name, seconds in fastest.items()}
    print(f"'{size}' content, {results['values']:,} values; fastest of {repeat} runs each")
    print(f"{'':47} {'wall':>9} {'CPU':>9} {'CPU vs csv':>11} {'faster than rows (CPU)':>23}")
    lines = [("csv", "", KINDS["csv"])]
    for kind in ("rows", "load"):
        lines += [
            (kind, "", KINDS[kind]),
            (kind, "snapshots_", "  of which snapshots (load_snapshots)"),
            (kind, "filling_", "    of which filling the series"),
        ]
    for kind, part, name in lines:
        wall, cpu = fastest[f"{kind}_{part}seconds"], fastest[f"{kind}_{part}cpu_seconds"]
        vs_csv = cpu / fastest["csv_cpu_seconds"]
        results[f"{kind}_{part}cpu_vs_csv"] = round(vs_csv, 2)
        faster = ""
        if kind == "load":
            rows_cpu = fastest[f"rows_{part}cpu_seconds"]
            faster = f"{rows_cpu / cpu:.2f}x"
            results[f"{kind}_{part}faster_than_rows"] = round(rows_cpu / cpu, 2)
        print(f"{name:47} {wall:7.2f} s {cpu:7.2f} s {vs_csv:10.2f}x {faster:>23}")
    # Parsing and checking alone: the snapshots without the filling of the series.
    parsing = {
        kind: fastest[f"{kind}_snapshots_cpu_seconds"] - fastest[f"{kind}_filling_cpu_seconds"]
        for kind in ("rows", "load")
    }
    results |= {f"{kind}_parsing_cpu_seconds": round(cpu, 2) for kind, cpu in parsing.items()}
    results["parsing_faster_than_rows"] = round(parsing["rows"] / parsing["load"], 2)
    print(
        f"{'parsing and checking (snapshots less filling)':47} {'':9} {parsing['load']:7.2f} s "
        f"{parsing['load'] / fastest['csv_cpu_seconds']:10.2f}x "
        f"{results['parsing_faster_than_rows']:>22.2f}x"
    )
    print(f"{'  the same, row by row':47} {'':9} {parsing['rows']:7.2f} s")
    for kind in ("rows", "load"):
        peak = min(runs[kind], key=lambda r: r["seconds"])
        results[f"{kind}_peak_mb"] = round(peak["peak_mb"])
        results[f"{kind}_load_mb"] = round(peak["load_mb"])
        results[f"{kind}_workers_peak_mb"] = round(peak["workers_peak_mb"])
        print(
            f"{'peak memory, ' + KINDS[kind].split(',')[1].strip():47} {peak['peak_mb']:7.0f} MB "
            f"({peak['load_mb']:.0f} MB more than after the imports; "
            f"worker processes {peak['workers_peak_mb']:.0f} MB)"
        )
    results["runs"] = runs
    if json_path:
        Path(json_path).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
