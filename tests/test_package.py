"""The other-repository case: a site that only has a built wheel of journeymap."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

SITE_CONFIG = """\
site_name: Team handbook
site_url: https://handbook.example.com/
theme:
  name: material
plugins:
  - journeymap
"""

JOURNEY = """\
id: welcome
version: 1
title: New customer welcome
effective: 2026-01-05
stages:
  - id: sign-up
    title: Sign up
    owner: Growth
  - id: first-order
    title: First order
    owner: Fulfilment
"""


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_a_site_elsewhere_builds_with_the_installed_wheel(tmp_path: Path) -> None:
    # Build the wheel from a copy, so the build leaves nothing in the repository.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(
        REPO / "plugin",
        source / "plugin",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-q",
        "-w",
        str(tmp_path / "dist"),
        str(source),
        cwd=tmp_path,
    )
    wheel = next((tmp_path / "dist").glob("journeymap-*.whl"))

    # A plain (non-editable) install, first on the path: templates and assets must ship in it.
    target = tmp_path / "installed"
    run(
        sys.executable,
        "-m",
        "pip",
        "install",
        "--no-deps",
        "-q",
        "--target",
        str(target),
        str(wheel),
        cwd=tmp_path,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "NO_MKDOCS_2_WARNING": "1"}
    imported = run(
        sys.executable, "-c", "import journeymap; print(journeymap.__file__)", cwd=tmp_path, env=env
    )
    assert Path(imported.strip()).is_relative_to(target)

    site = tmp_path / "handbook"
    (site / "docs").mkdir(parents=True)
    (site / "docs/index.md").write_text("# Handbook\n")
    (site / "content/journeys/welcome").mkdir(parents=True)
    (site / "content/journeys/welcome/v1.yml").write_text(JOURNEY)
    (site / "mkdocs.yml").write_text(SITE_CONFIG)
    run(sys.executable, "-m", "mkdocs", "build", "--strict", cwd=site, env=env)

    built = site / "site"
    map_page = (built / "journeys/welcome/index.html").read_text(encoding="utf-8")
    assert 'Handoff from <a class="jm-owner" href="../../teams/growth/">Growth</a>' in map_page
    assert (built / "journeys/welcome/first-order/index.html").is_file()
    stylesheet = (built / "assets/journeymap/journeymap.css").read_text(encoding="utf-8")
    assert stylesheet == (REPO / "plugin/journeymap/site/assets/journeymap.css").read_text()
    assert 'href="../../assets/journeymap/journeymap.css"' in map_page
    assert not (site / "docs/journeys").exists()
    assert (site / "content/journeys/welcome/v1.yml").read_text() == JOURNEY
