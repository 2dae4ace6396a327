"""The validated content: journeys with their versions, personas and metrics."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from journeymap.content.media import MediaFile
from journeymap.content.problems import Problem
from journeymap.content.schema import (
    Evidence,
    JourneyVersion,
    Metric,
    Persona,
    SharedEvidence,
    Stage,
)
from journeymap.content.series import Snapshots


def build_date(
    environ: dict[str, str] | os._Environ[str] = os.environ,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> dt.date:
    """The date the site is built for, in UTC: `SOURCE_DATE_EPOCH` when set, else today.

    UTC in both cases, so that a build near midnight gives the same date on every
    machine, whatever its time zone (`now` is the clock, for tests).
    """
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return now().date()
    if not epoch.isdigit():
        raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970")
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()


@dataclass(frozen=True)
class VersionFile:
    """A journey version and the file it was read from."""

    version: JourneyVersion
    path: Path
    display: str
    """The path as shown in messages and edit links' targets."""


@dataclass(frozen=True)
class Journey:
    """Every version of one journey, oldest first, seen from the build date."""

    id: str
    files: tuple[VersionFile, ...]
    today: dt.date

    @cached_property
    def versions(self) -> tuple[JourneyVersion, ...]:
        return tuple(f.version for f in self.files)

    @cached_property
    def current_file(self) -> VersionFile:
        """The newest version in effect on the build date.

        A journey whose versions all lie in the future has no current version yet;
        its first planned version stands in (pages say it is planned).
        """
        effective = [f for f in self.files if f.version.effective <= self.today]
        return effective[-1] if effective else self.files[0]

    @property
    def current(self) -> JourneyVersion:
        return self.current_file.version

    @property
    def is_planned(self) -> bool:
        """True when not even the first version has taken effect yet."""
        return self.current.effective > self.today

    @property
    def planned(self) -> tuple[JourneyVersion, ...]:
        """Versions that take effect after the build date, soonest first."""
        return tuple(v for v in self.versions if v.effective > self.today)

    @cached_property
    def stage_ids_ever(self) -> frozenset[str]:
        """Every stage id any version defines (valid in snapshots and history)."""
        return frozenset(s.id for v in self.versions for s in v.stages)

    @cached_property
    def replaced(self) -> dict[str, frozenset[str]]:
        """Stage id -> every id it `replaces` in any version (a lineage walks it often)."""
        found: dict[str, set[str]] = {}
        for version in self.versions:
            for stage in version.stages:
                found.setdefault(stage.id, set()).update(stage.replaces)
        return {stage_id: frozenset(ids) for stage_id, ids in found.items()}

    def current_stage(self, stage_id: str) -> Stage | None:
        """The current stage with this id, or the first (in journey order) that took it
        over through `replaces`, directly or through older replacements; None if gone."""
        replaced = self.replaced
        stages = self.current.stages
        for stage in stages:
            if stage.id == stage_id:
                return stage
        for stage in stages:
            found, seen = [stage.id], {stage.id}
            for old_id in found:  # grows while it is walked
                for older in sorted(replaced.get(old_id, ())):
                    if older == stage_id:
                        return stage
                    if older not in seen:
                        seen.add(older)
                        found.append(older)
        return None


@dataclass(frozen=True)
class SourceQuery:
    """A checked entry of `sources.yml`: where `journeymap pull` reads rows, and how."""

    id: str
    url_env: str
    """The environment variable holding the database URL (the URL itself is never kept)."""
    sql: str
    """The query, from `query` or read from `query_file`."""
    columns: dict[str, str]
    """Snapshot column -> result column."""
    timeout_s: float


@dataclass(frozen=True)
class Content:
    """Everything loaded from a content folder."""

    root: Path
    today: dt.date
    journeys: dict[str, Journey] = field(default_factory=dict)
    personas: dict[str, Persona] = field(default_factory=dict)
    metrics: dict[str, Metric] = field(default_factory=dict)
    snapshots: Snapshots = field(default_factory=Snapshots)
    """Every value of every snapshot, by series."""
    sources: dict[str, SourceQuery] = field(default_factory=dict)
    """The databases of `sources.yml`, by id, in file order."""
    evidence: dict[str, SharedEvidence] = field(default_factory=dict)
    """The entries of `evidence.yml`, by id."""
    media: dict[str, MediaFile] = field(default_factory=dict)
    """Every file under `media/` that content names, by its path there: the ones published."""
    unused_media: tuple[str, ...] = ()
    """Files under `media/` that nothing names (not published)."""
    notices: tuple[Problem, ...] = ()
    """What the build should warn about without failing (a sub-journey whose stage its
    parent removed), each `path:line: where: what`."""
    ignored: tuple[str, ...] = ()
    """Files of the content folder left alone, each with why: for one INFO line each."""

    def evidence_of(self, entries: Sequence[Evidence | str]) -> list[Evidence]:
        """A stage's evidence with cited ids replaced by their `evidence.yml` entries."""
        return [self.evidence[e] if isinstance(e, str) else e for e in entries]

    def journeys_by_title(self) -> list[Journey]:
        """Journeys in the order readers look for them: by current title."""
        return sorted(self.journeys.values(), key=lambda j: (j.current.title.lower(), j.id))
