"""Where every generated page lives: source paths and the URLs MkDocs gives them.

The public URLs are a contract (spec: "Public URLs"), so they are defined once,
here. Links inside generated HTML are computed from these, relative to the page
that holds them, exactly as MkDocs would compute them.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata

JOURNEYS_INDEX = "journeys/index.md"
METRICS_INDEX = "metrics/index.md"


def map_page(journey: str) -> str:
    return f"journeys/{journey}/index.md"


def stage_page(journey: str, stage: str) -> str:
    return f"journeys/{journey}/{stage}.md"


def history_page(journey: str) -> str:
    return f"journeys/{journey}/history.md"


def version_page(journey: str, version: int) -> str:
    return f"journeys/{journey}/v{version}.md"


INVENTORY = "objects.inv"
CHANGES = "changes/index.md"
HEALTH = "health/index.md"
FEED = "changes/feed.xml"
EVIDENCE = "evidence/index.md"
TEAMS_INDEX = "teams/index.md"


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
    return f"teams/{team_slug(owner)}.md"


def media_file(path: str) -> str:
    """Where a file under the content's `media/` is published: `media/<same path>`."""
    return f"media/{path}"


def map_json(journey: str) -> str:
    return f"journeys/{journey}/map.json"


def mermaid_file(journey: str) -> str:
    return f"journeys/{journey}/journey.mmd"


def badge(journey: str, stage: str) -> str:
    return f"journeys/{journey}/{stage}/badge.svg"


def metric_page(metric: str) -> str:
    return f"metrics/{metric}.md"


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


def relative_url(target: str, base: str) -> str:
    """`target` as seen from the page at `base` (both site-relative URLs)."""
    base_dir = base if base.endswith("/") or not base else posixpath.dirname(base)
    relative = posixpath.relpath("/" + target, "/" + base_dir)
    if target.endswith("/") or not target:  # a directory URL keeps its trailing slash
        return relative + "/"
    return relative
