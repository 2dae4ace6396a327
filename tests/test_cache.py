"""The on-disk cache (`cache_dir`): reused across builds, never changing the site."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

from journeymap.content import snapshots
from journeymap.content.loader import load_content

from .conftest import BUILD_DATE_EPOCH, REPO, copy_example

TODAY = dt.date(2026, 11, 18)


def test_snapshots_are_parsed_once_and_reread_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    cache = tmp_path / "cache"
    first = load_content(tmp_path / "content", display_root=tmp_path, today=TODAY, cache=cache)
    assert len(list(cache.glob("*.pickle"))) == 10  # one per snapshot file

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cached snapshot was parsed again")

    monkeypatch.setattr(snapshots.SnapshotReader, "rows", no_parsing)
    again = load_content(tmp_path / "content", display_root=tmp_path, today=TODAY, cache=cache)
    assert again.measurements == first.measurements


def test_a_changed_snapshot_or_catalog_is_read_again(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    cache = tmp_path / "cache"
    load_content(tmp_path / "content", display_root=tmp_path, today=TODAY, cache=cache)
    latest = tmp_path / "content/snapshots/2026-11-16.csv"
    latest.write_text(latest.read_text().replace(",3.50,", ",3.55,", 1))
    changed = load_content(tmp_path / "content", display_root=tmp_path, today=TODAY, cache=cache)
    assert any(m.text == "3.55" for m in changed.measurements)
    metrics = tmp_path / "content/metrics.yml"
    metrics.write_text(metrics.read_text().replace("max: 5\n", "max: 3\n", 1))
    try:
        load_content(tmp_path / "content", display_root=tmp_path, today=TODAY, cache=cache)
    except Exception as error:  # the rows are checked again against the new bound
        assert "is above the maximum 3 of metric 'csat'" in str(error)
    else:
        raise AssertionError("cached rows escaped a tighter bound")


def build(root: Path, site: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", site],
        cwd=root,
        check=True,
        capture_output=True,
        env={
            "SOURCE_DATE_EPOCH": BUILD_DATE_EPOCH,
            "NO_MKDOCS_2_WARNING": "1",
            "PATH": "/usr/bin:/bin",
        },
    )


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_the_site_is_byte_identical_with_and_without_the_cache(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    build(root, "plain")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      content_dir: content\n", "      content_dir: content\n      cache_dir: .cache\n"
        )
    )
    build(root, "cold")  # fills the cache
    build(root, "warm")  # reads everything from it, in a new process
    assert (root / ".cache/charts").is_dir() and (root / ".cache/snapshots").is_dir()
    plain = files(root / "plain")
    assert files(root / "cold") == plain
    assert files(root / "warm") == plain
