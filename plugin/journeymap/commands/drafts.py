"""Starting the next version of a journey from its newest one.

The new file is the newest version's text with `version`, `effective` and
`summary` replaced, so the author's comments, order and formatting survive. It
is written only if no file of that name exists yet.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from journeymap.content.access import LINK_REFUSED, is_link
from journeymap.content.documents import parse_yaml, read_text
from journeymap.content.journey_files import VERSION_FILE
from journeymap.content.limits import MAX_DATE
from journeymap.content.problems import ContentError, Problems, did_you_mean, one_line
from journeymap.content.schema import SLUG_PATTERN


class DraftError(Exception):
    """The next version cannot be drafted; the message says why."""


@dataclass(frozen=True)
class Draft:
    path: Path
    version: int
    effective: dt.date
    moved_date: bool
    """True when `effective` is later than asked, to stay after the newest version."""


def draft_next_version(content_dir: Path, journey: str, today: dt.date) -> Draft:
    if not re.fullmatch(SLUG_PATTERN, journey):
        raise DraftError(
            f"{one_line(journey)!r} is not a journey id: use lowercase letters, digits and "
            "single hyphens (the name of the journey's folder)"
        )
    if not content_dir.is_dir():
        raise DraftError(
            f"{content_dir}: content folder not found: name it with --content (the "
            "content_dir of your mkdocs.yml)"
        )
    folder = content_dir / "journeys" / journey
    for path in (content_dir / "journeys", folder):
        if is_link(path):
            raise DraftError(f"{path}: {LINK_REFUSED}")
    if not folder.is_dir():
        known = [p.name for p in (content_dir / "journeys").glob("*") if p.is_dir()]
        raise DraftError(
            f"{folder}: there is no journey '{journey}'" + did_you_mean(journey, known)
        )
    numbers = sorted(int(m[1]) for p in folder.iterdir() if (m := VERSION_FILE.match(p.name)))
    if not numbers:
        raise DraftError(f"{folder}: has no version files to start from")
    newest = folder / f"v{numbers[-1]}.yml"
    problems = Problems()
    text = read_text(newest, str(newest), problems)
    document = parse_yaml(text, str(newest), problems) if text is not None else None
    if problems or document is None or text is None:
        raise DraftError(f"{ContentError(list(problems))}\nrun `journeymap validate`")
    latest = document.data.get("effective") if isinstance(document.data, dict) else None
    if not isinstance(latest, dt.date):
        raise DraftError(f"{newest}: has no valid `effective` date; run `journeymap validate`")
    if latest >= MAX_DATE:
        raise DraftError(f"{newest}: `effective` {latest} leaves no later date for a new version")
    effective = max(today, latest + dt.timedelta(days=1))
    number = numbers[-1] + 1
    path = folder / f"v{number}.yml"
    try:
        with path.open("x", encoding="utf-8") as out:  # "x": never overwrite
            out.write(next_version_text(text, journey, number, effective))
    except FileExistsError:
        raise DraftError(f"{path}: already exists; nothing was written") from None
    return Draft(path, number, effective, moved_date=effective != today)


_HEADER = re.compile(r"\A(?:#[^\n]*\n|\s*\n)*")


def next_version_text(text: str, journey: str, number: int, effective: dt.date) -> str:
    """The newest version's text, renumbered, dated and with an empty summary."""
    body = _HEADER.sub("", text)
    body = _set_top_level(body, "version", str(number))
    body = _set_top_level(body, "effective", effective.isoformat())
    body = _drop_top_level(body, "reviewed")  # a new version is reviewed when it is written
    if re.search(r"^summary:", body, flags=re.M):
        body = _set_top_level(body, "summary", '""')
    else:
        body = re.sub(r"^(effective:.*\n)", r'\1summary: ""\n', body, count=1, flags=re.M)
    header = (
        f"# {journey}, version {number} (effective {effective}).\n"
        "# Say why the map changes in `summary`, then edit the journey below.\n"
    )
    return header + body


def _top_level(key: str) -> re.Pattern[str]:
    # The key's line and any indented continuation lines (block scalars, lists).
    return re.compile(rf"^{key}:[^\n]*\n(?:[ \t]+[^\n]*\n|[ \t]*\n(?=[ \t]))*", re.M)


def _set_top_level(text: str, key: str, value: str) -> str:
    return _top_level(key).sub(f"{key}: {value}\n", text, count=1)


def _drop_top_level(text: str, key: str) -> str:
    return _top_level(key).sub("", text, count=1)
