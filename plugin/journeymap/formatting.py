"""Numbers, words and paths as readers expect them in pages and messages.

`number` writes a value for machines (CSV, `map.json`, data attributes) and for the
authors' messages, always with a `.`; what readers see is in the site's language
(`i18n.current().number`: `4,2` in German), as `change_text` and `file_size` write it.
"""

from __future__ import annotations

import os
from pathlib import Path

from journeymap import i18n
from journeymap.i18n import _, ngettext, pgettext


def number(value: float) -> str:
    """A number as the author wrote it, for machines: `5`, not `5.0`; `4.2`, whatever the
    site's language."""
    return f"{value:g}"


def change_text(change: float) -> str:
    """A signed change for readers: `+0.2` (`+0,2`), or -0.4 written with a real minus
    sign (U+2212)."""
    rounded = round(change, 2)
    sign = "+" if rounded > 0 else "\u2212" if rounded < 0 else "±"
    return sign + i18n.current().number(abs(rounded))


def change_unit(unit: str | None) -> str:
    """The unit of a move between two values of a metric whose values carry `unit`: the
    same (` min`), none on a scale (`/5`), percentage ` points` between percentages."""
    unit = unit or ""
    if unit.startswith("/"):
        return ""
    # Translators: the unit of a move between two percentages ("+2 points"): percentage points.
    return " " + pgettext("percentage points", "points") if unit.strip() == "%" else unit


def plural(count: int, noun: str) -> str:
    """`1 journey`, `2 journeys`: a count in the English messages for authors and CI (the
    command line's, the problems'); what readers see is worded by `i18n.ngettext`."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def file_size(size: int) -> str:
    """`820 bytes`, `14 KB`, `2.3 MB` (`2,3 MB`): a file's size as download links show it
    (1 KB = 1000)."""
    if size < 1000:
        return ngettext("%(num)d byte", "%(num)d bytes", size)
    kilobytes = size / 1000
    if kilobytes < 1000:
        return _("%(size)s KB", size=_one_decimal(kilobytes))
    if kilobytes < 1000 * 1000:
        return _("%(size)s MB", size=_one_decimal(kilobytes / 1000))
    return _("%(size)s GB", size=_one_decimal(kilobytes / 1000 / 1000))


def _one_decimal(value: float) -> str:
    return i18n.current().number(round(value, 1))


def shown_path(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> str:
    """A path as the user sees it in a message: relative to `root` (the working folder by
    default), with `/` on every system, so that messages read the same everywhere."""
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:  # another drive (Windows): no relative path leads there
        return str(path)
