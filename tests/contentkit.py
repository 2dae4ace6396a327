"""Helpers for tests that write small content folders and read the problems they cause."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from journeymap.content.loader import load_content
from journeymap.content.model import Content
from journeymap.content.problems import ContentError


def yaml_text(text: str) -> str:
    """A dedented YAML file; the first line of `text` (after the opening quotes) is line 1."""
    return textwrap.dedent(text).lstrip("\n")


def shown(name: str) -> str:
    """The path of a content file as problems show it (relative to display_root)."""
    return f"content/{name}"


def write_files(tmp_path: Path, files: dict[str, str]) -> Path:
    """Write `files` (content-relative name -> text) into tmp_path/content."""
    root = tmp_path / "content"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def load(tmp_path: Path, today: dt.date) -> Content:
    return load_content(tmp_path / "content", display_root=tmp_path, today=today)


def problem_lines(tmp_path: Path, today: dt.date) -> list[str]:
    """The problem lines of loading tmp_path/content, as printed; [] when it loads."""
    try:
        load(tmp_path, today)
    except ContentError as error:
        header, *lines = str(error).splitlines()
        noun = "problem" if len(lines) == 1 else "problems"
        assert header == f"{len(lines)} content {noun} found:"
        assert lines == [str(p) for p in error.problems]
        return lines
    return []
