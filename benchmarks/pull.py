"""Pull benchmark: `journeymap pull` from a SQLite file against `import-snapshot` of the
same rows as a CSV export, in one run.

    python benchmarks/pull.py [--rows 50000] [--json results.json]

Both check every row against the example content and write the same snapshot; the
difference is the database round trip (connect, read-only setup, query, fetch). Prints
the median of three runs of each and their ratio; absolute times vary by machine.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from journeymap.commands.imports import import_snapshot
from journeymap.commands.pull import pull
from journeymap.content.loader import load_content

REPO = Path(__file__).resolve().parent.parent
DATE = dt.date(2026, 11, 23)
TODAY = dt.date(2026, 11, 22)


def rows(root: Path, count: int) -> list[tuple[str, str, str, str, float, int]]:
    """`count` valid snapshot rows: every stage of every journey, csat, many segments."""
    content = load_content(root, display_root=root, today=TODAY)
    keys = [(j.id, s.id) for j in content.journeys.values() for s in j.current.stages]
    return [
        (journey, stage, "csat", f"segment-{n // len(keys)}", 3 + (n % 200) / 100, 100)
        for n, (journey, stage) in ((n, keys[n % len(keys)]) for n in range(count))
    ]


def median_seconds(run: Callable[[], object], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        content = work / "content"
        shutil.copytree(REPO / "content", content)
        data = rows(content, args.rows)
        export = work / "export.csv"
        with export.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["journey", "stage", "metric", "segment", "value", "responses"])
            writer.writerows(data)
        database = work / "warehouse.db"
        with sqlite3.connect(database) as db:
            db.execute("create table m (journey, stage, metric, segment, value, responses)")
            db.executemany("insert into m values (?, ?, ?, ?, ?, ?)", data)
        (content / "sources.yml").write_text(
            "sources:\n  - id: warehouse\n    url_env: BENCH_URL\n"
            "    query: select journey, stage, metric, segment, value, responses from m\n"
        )

        def imported() -> object:
            return import_snapshot(
                export, DATE, content, mapping={}, replace=True, display_root=work, today=TODAY
            )

        def pulled() -> object:
            return pull(
                content,
                DATE,
                names=(),
                replace=True,
                dry_run=False,
                display_root=work,
                today=TODAY,
                environ={"BENCH_URL": f"sqlite:///{database}"},
                say=lambda line: None,
            )

        baseline = median_seconds(imported)
        measured = median_seconds(pulled)
    figures = {
        "rows": args.rows,
        "import_s": round(baseline, 3),
        "pull_s": round(measured, 3),
        "ratio": round(measured / baseline, 2),
    }
    print(f"{args.rows:,} rows, median of 3 runs each")
    print(f"  import-snapshot (baseline)  {baseline:7.2f} s")
    print(f"  pull from SQLite            {measured:7.2f} s   {measured / baseline:.2f}x")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
