"""The benchmarks keep working (their figures are read by people, not asserted here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import REPO


def run(script: str, *args: str, cwd: Path) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / script), *args, "--json", "out.json"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads((cwd / "out.json").read_text())
    return data


def test_scale_benchmark_measures_every_figure(tmp_path: Path) -> None:
    data = run("scale.py", "--size", "small", cwd=tmp_path)
    for key in (
        "baseline_s",
        "cold_s",
        "warm_s",
        "cold_ratio",
        "warm_ratio",
        "peak_mb",
        "stage_page_median_kb",
        "search_index_ratio",
    ):
        assert isinstance(data[key], (int, float)) and data[key] > 0, key
    assert data["pages"] == 99  # with the research library (/evidence/)


def test_chart_benchmark_compares_with_pygal_defaults(tmp_path: Path) -> None:
    data = run("charts.py", "--charts", "20", cwd=tmp_path)
    assert set(data) >= {"baseline", "before", "journeymap", "cached"}


def test_pull_benchmark_compares_with_import_snapshot(tmp_path: Path) -> None:
    data = run("pull.py", "--rows", "500", cwd=tmp_path)
    assert data["rows"] == 500
    assert all(isinstance(data[k], float) and data[k] > 0 for k in ("import_s", "pull_s", "ratio"))
