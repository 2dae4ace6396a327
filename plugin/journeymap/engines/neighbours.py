"""What journeymap says when a neighbour (another plugin, the engine) lacks something
of its internals that journeymap relies on: the package, its version, what is missing
and what the site loses — one line in the build log, never a silent wrong result."""

from __future__ import annotations

from importlib import metadata


def lacking(distribution: str, internal: str, lost: str) -> str:
    """The build log's line for a `distribution` without `internal`: `lost` says what
    the site loses (and what to do, when there is something)."""
    try:
        version = metadata.version(distribution)
    except metadata.PackageNotFoundError:
        version = "(version unknown)"
    return f"{distribution} {version} has no {internal}, which journeymap uses: {lost}"
