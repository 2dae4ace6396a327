"""Where every generated page lives: source paths and the URLs MkDocs gives them.

The public URLs are a contract (spec: "Public URLs"), so they are defined once,
here. Links inside generated HTML are computed from these, relative to the page
that holds them, exactly as MkDocs would compute them.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
import string
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    """One kind of generated page or file: its source path, with slots, and what it is."""

    template: str
    """The path in `docs_dir` (or in the site, for a file that is not a page), with slots
    `{journey}`, `{stage}`, `{metric}` (ids), `{version}` (a number), `{path}` (a media path)."""
    what: str
    """What stands there, for the message refusing an id that would take its place; may
    name the slots (`version {version}`)."""

    def path(self, **slots: object) -> str:
        return self.template.format(**slots)


JOURNEYS = Route("journeys/index.md", "the address of the list of journeys")
MAP = Route("journeys/{journey}/index.md", "the address of the journey's map")
STAGE = Route("journeys/{journey}/{stage}.md", "the address of the stage '{stage}'")
HISTORY = Route("journeys/{journey}/history.md", "the address of the journey's history")
VERSION = Route(
    "journeys/{journey}/v{version}.md", "the address of the journey's map as of version {version}"
)
MAP_JSON = Route("journeys/{journey}/map.json", "the journey's map.json export")
MERMAID = Route("journeys/{journey}/journey.mmd", "the journey's Mermaid export")
BADGE = Route("journeys/{journey}/{stage}/badge.svg", "the badge of the stage '{stage}'")
STAGE_VALUES = Route(
    "journeys/{journey}/{stage}/values.csv", "every value of the stage '{stage}' as CSV"
)
JOURNEY_VALUES = Route("journeys/{journey}/values.csv", "every value of the journey's metrics")
METRICS = Route("metrics/index.md", "the address of the metrics overview")
METRIC = Route("metrics/{metric}.md", "the address of the metric '{metric}'")
INVENTORY_FILE = Route("objects.inv", "the site's inventory")
CHANGES_PAGE = Route("changes/index.md", "the address of the changes page")
FEED_FILE = Route("changes/feed.xml", "the address of the changes feed")
HEALTH_PAGE = Route("health/index.md", "the address of the health page")
EVIDENCE_PAGE = Route("evidence/index.md", "the address of the research library")
ACTIONS_PAGE = Route("actions/index.md", "the address of the action plan")
ACTIONS_CSV_FILE = Route("actions/actions.csv", "the action plan's CSV export")
TEAMS_PAGE = Route("teams/index.md", "the address of the list of teams")
TEAM = Route("teams/{team}.md", "the page of the team '{team}'")
HIERARCHY_MERMAID = Route(
    "journeys/{journey}/hierarchy.mmd", "the journey's Mermaid diagram of where it sits"
)
MEDIA = Route("media/{path}", "a published media file")

ROUTES = (
    JOURNEYS,
    MAP,
    STAGE,
    HISTORY,
    VERSION,
    MAP_JSON,
    MERMAID,
    BADGE,
    STAGE_VALUES,
    JOURNEY_VALUES,
    METRICS,
    METRIC,
    INVENTORY_FILE,
    CHANGES_PAGE,
    FEED_FILE,
    HEALTH_PAGE,
    EVIDENCE_PAGE,
    ACTIONS_PAGE,
    ACTIONS_CSV_FILE,
    TEAMS_PAGE,
    TEAM,
    HIERARCHY_MERMAID,
    MEDIA,
)
"""Everything the site writes: an id is refused where it would take one's place."""

JOURNEYS_INDEX = JOURNEYS.template
METRICS_INDEX = METRICS.template
INVENTORY = INVENTORY_FILE.template
CHANGES = CHANGES_PAGE.template
HEALTH = HEALTH_PAGE.template
FEED = FEED_FILE.template
EVIDENCE = EVIDENCE_PAGE.template
ACTIONS = ACTIONS_PAGE.template
ACTIONS_CSV = ACTIONS_CSV_FILE.template
TEAMS_INDEX = TEAMS_PAGE.template


def map_page(journey: str) -> str:
    return MAP.path(journey=journey)


def stage_page(journey: str, stage: str) -> str:
    return STAGE.path(journey=journey, stage=stage)


def history_page(journey: str) -> str:
    return HISTORY.path(journey=journey)


def version_page(journey: str, version: int) -> str:
    return VERSION.path(journey=journey, version=version)


_OTHER = re.compile(r"[^a-z0-9]+")
RESERVED_SLUGS = frozenset({"index"})
"""Slugs that name the teams index's own file (`teams/index.md`): a team gets another."""
MAX_TEAM_SLUG = 80
"""A longer team slug is cut, and ends in a digest of the whole so that it stays its own."""


def team_slug(owner: str) -> str:
    """The team's part of its URL: lowercase, every run of other characters one `-`.

    Accents are dropped first ("Qualität" -> `qualitat`, not `qualit-t`). A name with no
    letter or digit of the Latin alphabet at all (営業) gets a slug from its digest, so
    that every team still has an address of its own.
    """
    plain = unicodedata.normalize("NFKD", owner)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    slug = _OTHER.sub("-", plain.lower()).strip("-")
    if not slug:
        return "team-" + _digest(owner.strip())
    if len(slug) > MAX_TEAM_SLUG:  # a file name has at most 255 bytes
        slug = slug[: MAX_TEAM_SLUG - 9].rstrip("-") + "-" + _digest(slug)
    return f"team-{slug}" if slug in RESERVED_SLUGS else slug


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def team_page(owner: str) -> str:
    """The page of the team an owner text names."""
    return TEAM.path(team=team_slug(owner))


def media_file(path: str) -> str:
    """Where a file under the content's `media/` is published: `media/<same path>`."""
    return MEDIA.path(path=path)


def map_json(journey: str) -> str:
    return MAP_JSON.path(journey=journey)


def mermaid_file(journey: str) -> str:
    return MERMAID.path(journey=journey)


def mermaid_tree(journey: str) -> str:
    """Where a journey sits among journeys (parent > stage, its stages' sub-journeys)."""
    return HIERARCHY_MERMAID.path(journey=journey)


def badge(journey: str, stage: str) -> str:
    return BADGE.path(journey=journey, stage=stage)


def stage_values(journey: str, stage: str) -> str:
    """Every value of the stage's metrics as CSV: its pages show only the latest."""
    return STAGE_VALUES.path(journey=journey, stage=stage)


def journey_values(journey: str) -> str:
    """Every value of the journey's own (journey-level) metrics as CSV."""
    return JOURNEY_VALUES.path(journey=journey)


def metric_page(metric: str) -> str:
    return METRIC.path(metric=metric)


@functools.lru_cache(maxsize=4096)  # versions ask again about the same ids
def reserved(route: Route, slot: str, value: str, **known: str) -> str | None:
    """What an id would replace if the `route` page for `slot=value` were written, or None.

    `known` fills the other slots (the journey of a stage). Two paths collide when they
    are the same source or the same file of the site (with either kind of URL), or when
    one is a file where the other needs a folder. Routes that have the slot themselves
    (a stage's badge) belong to the id and are not in its way.
    """
    mine = _written(route.path(**known, **{slot: value}))
    my_folders = {folder for path in mine for folder in _folders(path)}
    for other in ROUTES:
        if other is route or "{" + slot + "}" in other.template:
            continue
        files, folders = _shapes(other.template)
        for found in (
            *(file.fullmatch(path) for file in files for path in mine | my_folders),
            *(folder.fullmatch(path) for folder in folders for path in mine),
        ):
            slots = found.groupdict() if found else {}
            if found and all(slots[k] == v for k, v in known.items() if k in slots):
                return other.what.format(**slots)
    return None


def _written(src: str) -> set[str]:
    """A source path and the files it becomes in the site, with either kind of URL."""
    return {src} | {file_of(src, use_directory_urls=d) for d in (True, False)}


def _folders(path: str) -> list[str]:
    """The folders a path lies in: `a/b/c` -> `a/b`, `a`."""
    parts = path.split("/")
    return ["/".join(parts[:end]) for end in range(len(parts) - 1, 0, -1)]


@functools.cache
def _shapes(template: str) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    """Patterns of the paths a route's page or file takes, and of the folders they need
    (compiled once: validation asks about every stage of every version)."""
    written = sorted(_written(template))
    folders = sorted({folder for path in written for folder in _folders(path)})
    return [re.compile(_pattern(p)) for p in written], [re.compile(_pattern(f)) for f in folders]


_SLOT_PATTERNS = {"version": r"\d+", "path": r".+"}
"""What a slot matches; an id slot matches one path segment."""


def _pattern(template: str) -> str:
    """A regular expression of the paths a template stands for, its slots named groups."""
    regex = ""
    for literal, slot, _, _ in string.Formatter().parse(template):
        regex += re.escape(literal)
        if slot is not None:
            regex += f"(?P<{slot}>{_SLOT_PATTERNS.get(slot, '[^/]+')})"
    return regex


def url_of(src_uri: str, *, use_directory_urls: bool) -> str:
    """The URL MkDocs gives a source file (see mkdocs.structure.files.File.url)."""
    if not src_uri.endswith(".md"):
        return src_uri  # a static file keeps its path
    stem = src_uri.removesuffix(".md")
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def file_of(src_uri: str, *, use_directory_urls: bool) -> str:
    """The file of the site a source file is written to: its URL, with `index.html`
    where the URL names a folder (the root's empty URL included)."""
    if not src_uri.endswith(".md"):
        return src_uri  # a static file keeps its path
    url = url_of(src_uri, use_directory_urls=use_directory_urls)
    return url + "index.html" if url.endswith("/") or not url else url


def relative_url(target: str, base: str) -> str:
    """`target` as seen from the page at `base` (both site-relative URLs)."""
    base_dir = base if base.endswith("/") or not base else posixpath.dirname(base)
    relative = posixpath.relpath("/" + target, "/" + base_dir)
    if target.endswith("/") or not target:  # a directory URL keeps its trailing slash
        return relative + "/"
    return relative
