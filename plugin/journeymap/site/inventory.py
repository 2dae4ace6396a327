"""`objects.inv`: a Sphinx inventory (version 2) of the site's journey and research pages.

Other documentation links in by name through it (Sphinx intersphinx, mkdocstrings
inventories), and fails its own build when a name it uses is no longer here.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from journeymap import routes
from journeymap.analysis.evidence import Library
from journeymap.analysis.teams import Teams
from journeymap.content.model import Content

SECTIONS = {
    "touchpoints": "Touchpoints",
    "metrics": "Metrics",
    "opportunities": "Opportunities",
    "history": "History",
}
"""Stage page sections worth linking to, as `std:label` entries: anchor -> title."""


@dataclass(frozen=True, order=True)
class Entry:
    name: str
    role: str
    """`std:doc` or `std:label`."""
    uri: str
    title: str


def entries(content: Content, *, use_directory_urls: bool) -> list[Entry]:
    """A `std:doc` per journey, stage, history, metric and team page, the action plan and
    the research library; labels for stage sections and for the library's shared evidence
    entries."""

    def url(src: str, anchor: str = "") -> str:
        return routes.url_of(src, use_directory_urls=use_directory_urls) + anchor

    def doc(src: str, title: str) -> Entry:
        name = routes.url_of(src, use_directory_urls=True).strip("/")
        return Entry(name, "std:doc", url(src), title)

    found = [doc(routes.JOURNEYS_INDEX, "Journeys")]
    for journey in content.journeys_by_title():
        version = journey.current
        found.append(doc(routes.map_page(journey.id), version.title))
        found.append(doc(routes.history_page(journey.id), f"History of {version.title}"))
        for stage in version.stages:
            page = doc(routes.stage_page(journey.id, stage.id), stage.title)
            found.append(page)
            present = {
                "touchpoints": bool(stage.touchpoints),
                "opportunities": bool(stage.opportunities),
                "metrics": True,  # every stage lists its metrics, or says it has none yet
                "history": True,
            }
            for anchor, title in SECTIONS.items():
                if present[anchor]:
                    found.append(
                        Entry(
                            f"{page.name}/{anchor}",
                            "std:label",
                            url(routes.stage_page(journey.id, stage.id), f"#{anchor}"),
                            f"{stage.title}: {title}",
                        )
                    )
    for metric in content.metrics.values():
        found.append(doc(routes.metric_page(metric.id), metric.title))
    found.append(doc(routes.ACTIONS, "Action plan"))
    found.append(doc(routes.TEAMS_INDEX, "Teams"))
    found += [doc(routes.team_page(team.name), team.name) for team in Teams(content)]
    library = doc(routes.EVIDENCE, "Research library")
    found.append(library)
    # Shared entries only: their anchor is their id in evidence.yml. An entry written in a
    # stage is anchored by its place in the stage's list, which is no name to link by.
    found += [
        Entry(
            f"{library.name}/{item.anchor}",
            "std:label",
            url(routes.EVIDENCE, f"#{item.anchor}"),
            item.entry.title,
        )
        for item in Library(content).entries
        if item.shared
    ]
    return sorted(found)


def objects_inv(
    found: list[Entry], *, project: str, version: str = "", others: bytes | None = None
) -> bytes:
    """The inventory file: a plain header, then the entries zlib-compressed.

    `others` is an inventory another tool wrote for the same site (mkdocstrings writes
    its API entries to `objects.inv` too): its entries are kept, except those with a
    name and role of ours, so one file serves both.
    """
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        f"# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    ours = {(e.name, e.role) for e in found}
    kept = [line for line in _entry_lines(others) if _key(line) not in ours] if others else []
    lines = sorted([_entry_line(e) for e in found] + kept)
    body = "".join(f"{line}\n" for line in lines)
    return header.encode() + zlib.compress(body.encode(), 9)


def _entry_line(entry: Entry) -> str:
    # An entry is one line: a title holding a line break (YAML allows "a\nb") would end
    # it there, and Sphinx would read the rest as a broken entry or skip it.
    title = " ".join(entry.title.split())
    return f"{entry.name} {entry.role} -1 {entry.uri} {'-' if title == entry.name else title}"


# A name may hold spaces; the role and priority may not (Sphinx reads lines the same way).
_ENTRY = re.compile(r"(.+?)\s+(\S+:\S+)\s+-?\d+\s")


def _key(line: str) -> tuple[str, str] | None:
    """An entry line's (name, role)."""
    match = _ENTRY.match(line)
    return (match.group(1), match.group(2)) if match else None


def _entry_lines(inventory: bytes) -> list[str]:
    """The entry lines of a Sphinx inventory (version 2); ValueError if it is not one."""
    parts = inventory.split(b"\n", 4)
    if len(parts) < 5 or parts[0].rstrip() != b"# Sphinx inventory version 2":
        raise ValueError("not a Sphinx inventory (version 2)")
    try:
        body = zlib.decompress(parts[4]).decode("utf-8")
    except (zlib.error, UnicodeDecodeError) as error:
        raise ValueError(f"unreadable Sphinx inventory: {error}") from None
    return [line for line in body.splitlines() if line.strip()]
