"""The record `journeymap generate` keeps in docs_dir of the files it wrote there.

It is what lets the generator replace and remove its own files and nothing else, the
Markdown extension find the content the pages were made from, and the MkDocs plugin
leave the generated files alone. A dotfile: neither MkDocs nor Zensical publishes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

MANIFEST = ".journeymap-generated.json"


@dataclass(frozen=True)
class Manifest:
    """What one run of the generator wrote, and the settings its pages were made with."""

    files: tuple[str, ...] = ()
    """Paths relative to docs_dir, POSIX style, sorted."""
    content_dir: str = "content"
    """The content folder, relative to the config file's folder."""
    use_directory_urls: bool = True
    today: str = ""
    """The build date the pages were made for (YYYY-MM-DD)."""

    def dumps(self) -> str:
        return (
            json.dumps(
                {
                    "generator": "journeymap generate: do not edit; its files are rewritten",
                    "content_dir": self.content_dir,
                    "use_directory_urls": self.use_directory_urls,
                    "today": self.today,
                    "files": list(self.files),
                },
                indent=1,
            )
            + "\n"
        )


def _entries(docs_dir: Path) -> tuple[dict[str, Any], list[Any]] | None:
    """The manifest's data and its list of files, or None without a readable one."""
    try:
        data = json.loads((docs_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        return None
    return data, data["files"]


def read_manifest(docs_dir: Path) -> Manifest | None:
    """The manifest in `docs_dir`, or None; entries that would leave docs_dir are dropped
    (`journeymap generate` refuses them first: see `outside_entries`)."""
    found = _entries(docs_dir)
    if found is None:
        return None
    data, files = found
    return Manifest(
        files=tuple(sorted(f for f in files if isinstance(f, str) and is_inside(f))),
        content_dir=str(data.get("content_dir", "content")),
        use_directory_urls=bool(data.get("use_directory_urls", True)),
        today=str(data.get("today", "")),
    )


def outside_entries(docs_dir: Path) -> list[str]:
    """The manifest's entries that do not name a file inside docs_dir: absolute, with
    `..`, or not a path at all. The generator never writes them; a manifest that has
    them was edited, and a removal through them would delete a file elsewhere."""
    found = _entries(docs_dir)
    files = found[1] if found else []
    return [str(f) for f in files if not (isinstance(f, str) and is_inside(f))]


def is_inside(path: str) -> bool:
    """A relative path that stays inside its folder (no `..`, not absolute, not the manifest)."""
    pure = PurePosixPath(path)
    return (
        bool(pure.parts)
        and path == pure.as_posix()  # not `a/./b`, `a//b` or `./`: one name per file
        and not pure.is_absolute()
        and ".." not in pure.parts
        and "\\" not in path
        and path != MANIFEST
    )


def generated_by_zensical(docs_dir: Path) -> list[str]:
    """The files `journeymap generate` left in `docs_dir` (none without a manifest)."""
    manifest = read_manifest(docs_dir)
    return list(manifest.files) if manifest else []
