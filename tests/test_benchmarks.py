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
    data = run("scale.py", "--size", "small", "--journeys", "2", cwd=tmp_path)
    for build in ("journeymap", "hand_written", "same_pages"):
        figures = data[build]
        assert isinstance(figures, dict)
        for key in ("seconds", "peak_mb", "search_index_kb", "stage_page_median_kb", "pages"):
            assert figures[key] > 0, (build, key)
        assert sum(figures["phases"].values()) > 0, build
    journeymap = data["journeymap"]
    assert isinstance(journeymap, dict)
    for key in ("warm_seconds", "serve_rebuild_seconds"):
        assert journeymap[key] > 0, key
    # journeymap's own work shows in its phases; a plain site has none of it
    assert journeymap["phases"]["load"] > 0 and journeymap["phases"]["charts"] > 0
    assert data["hand_written"]["phases"].get("load", 0) == 0  # type: ignore[index]
    assert data["same_pages"]["pages"] == journeymap["pages"]  # type: ignore[index]
    assert set(data["ratios"]) >= {"cold_vs_hand_written", "search_index_vs_hand_written"}  # type: ignore[arg-type]


def test_chart_benchmark_compares_with_pygal_defaults(tmp_path: Path) -> None:
    data = run("charts.py", "--charts", "20", cwd=tmp_path)
    assert set(data) >= {"baseline", "before", "journeymap", "cached"}


def test_pull_benchmark_compares_with_import_snapshot(tmp_path: Path) -> None:
    data = run("pull.py", "--rows", "500", cwd=tmp_path)
    assert data["rows"] == 500
    assert all(isinstance(data[k], float) and data[k] > 0 for k in ("import_s", "pull_s", "ratio"))
