"""The helpers every layer shares: shown paths, plural words, atomic writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from journeymap import atomic
from journeymap.atomic import write_atomically
from journeymap.formatting import plural, shown_path


def test_a_path_is_shown_relative_to_its_root_with_forward_slashes(tmp_path: Path) -> None:
    assert shown_path(tmp_path / "content" / "personas.yml", tmp_path) == "content/personas.yml"
    assert shown_path(tmp_path, tmp_path / "content") == ".."


def test_a_path_is_shown_relative_to_the_working_folder_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert shown_path(tmp_path / "docs" / "index.md") == "docs/index.md"


def test_a_path_on_another_drive_is_shown_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    def other_drive(path: object, start: object = None) -> str:
        raise ValueError("path is on mount 'D:', start on mount 'C:'")  # as Windows says

    monkeypatch.setattr(os.path, "relpath", other_drive)
    assert shown_path(Path("/elsewhere/mkdocs.yml")) == str(Path("/elsewhere/mkdocs.yml"))


@pytest.mark.parametrize(
    ("count", "noun", "counted"),
    [(1, "journey", "1 journey"), (0, "journey", "0 journeys"), (2, "row", "2 rows")],
)
def test_plural_words(count: int, noun: str, counted: str) -> None:
    assert plural(count, noun) == counted


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_a_file_written_atomically_has_the_umask_s_mode(
    tmp_path: Path, umask: int, mode: int
) -> None:
    before = os.umask(umask)
    try:
        assert write_atomically(tmp_path / "a" / "b.txt", b"text")
    finally:
        os.umask(before)
    assert (tmp_path / "a/b.txt").read_bytes() == b"text"
    assert stat.S_IMODE((tmp_path / "a/b.txt").stat().st_mode) == mode


def test_without_replace_an_existing_file_is_kept(tmp_path: Path) -> None:
    (tmp_path / "kept.txt").write_bytes(b"first")
    assert write_atomically(tmp_path / "kept.txt", b"second", replace=False) is False
    assert (tmp_path / "kept.txt").read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.txt"]


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "page.md").write_bytes(b"old")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "page.md", b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]
    assert (tmp_path / "page.md").read_bytes() == b"old"
