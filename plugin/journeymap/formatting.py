"""Numbers, words and paths as readers expect them in pages and messages."""

from __future__ import annotations

import os
from pathlib import Path


def number(value: float) -> str:
    """A number as the author wrote it: `5`, not `5.0`."""
    return f"{value:g}"


def change_text(change: float) -> str:
    """A signed change: `+0.2`, or -0.4 written with a real minus sign (U+2212)."""
    rounded = round(change, 2)
    return ("+" if rounded > 0 else "\u2212" if rounded < 0 else "±") + number(abs(rounded))


def change_unit(unit: str | None) -> str:
    """The unit of a move between two values of a metric whose values carry `unit`: the
    same (` min`), none on a scale (`/5`), percentage ` points` between percentages."""
    unit = unit or ""
    if unit.startswith("/"):
        return ""
    return " points" if unit.strip() == "%" else unit


def plural(count: int, noun: str) -> str:
    """`1 journey`, `2 journeys`."""
    return f"{count} {plural_noun(count, noun)}"


_IRREGULAR = {
    "moment of truth": "moments of truth",
    "opportunity": "opportunities",
    "evidence": "evidence",
    "media": "media",
}
"""The nouns of journey maps whose plural is not the noun and an `s`."""


def plural_noun(count: int, noun: str) -> str:
    """`noun` as `count` of it is written: `Pain point`, `Pain points`, `Opportunities`
    (a capital stays: the noun may begin a sentence)."""
    if count == 1:
        return noun
    irregular = _IRREGULAR.get(noun.lower())
    if irregular is None:
        return noun + "s"
    return irregular[:1].upper() + irregular[1:] if noun[:1].isupper() else irregular


def file_size(size: int) -> str:
    """`820 bytes`, `14 KB`, `2.3 MB`: a file's size as download links show it (1 KB = 1000)."""
    if size < 1000:
        return plural(size, "byte")
    value, unit = size / 1000, "KB"
    for bigger in ("MB", "GB"):
        if value < 1000:
            break
        value, unit = value / 1000, bigger
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


def shown_path(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> str:
    """A path as the user sees it in a message: relative to `root` (the working folder by
    default), with `/` on every system, so that messages read the same everywhere."""
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:  # another drive (Windows): no relative path leads there
        return str(path)
