"""What changed between two consecutive versions of a journey, in plain sentences.

Stages are matched across versions by id, or through `replaces` (only ids of the
version just before count: a `replaces` carried over from older versions is not
news). From the matching follow the structural changes (added, removed, renamed,
merged, split); for matched stages, field by field comparisons follow.

This module holds the journey-level changes and puts the whole together;
`history_matching` matches the stages, `history_stages` words what changed about
each (with `history_fields` for its own fields), `history_wording` is how both
levels say a change.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from journeymap.analysis.history_matching import StageMatching
from journeymap.analysis.history_stages import StageComparison
from journeymap.analysis.history_wording import (
    added_removed,
    media_changes,
    owner_sentence,
    quote,
)
from journeymap.content.schema import JourneyVersion
from journeymap.i18n import _


@dataclass(frozen=True)
class StageChanges:
    """What changed about one stage (of the new version, or removed from the old one)."""

    id: str
    title: str
    sentences: tuple[str, ...]
    lineage: frozenset[str]
    """The ids this entry is about: the stage's id and the old ids it took over."""
    removed: bool = False


@dataclass(frozen=True)
class VersionChanges:
    """Everything that changed from `previous` to `version`."""

    version: JourneyVersion
    previous: JourneyVersion | None
    journey: tuple[str, ...] = ()
    """Changes to the journey as a whole (title, owner, phases, personas)."""
    stages: tuple[StageChanges, ...] = ()
    """Per stage, in the new version's order; removed stages last."""

    @property
    def is_empty(self) -> bool:
        return not self.journey and not self.stages

    def about(self, lineage: Sequence[str]) -> list[StageChanges]:
        """The entries about a stage, given its lineage (its id first, then the ids it took
        over): its own and those of the ids it took over, and those taking it over.

        Not the other parts of a stage it was split from, nor the other stages merged
        from its parts: their entries repeat what its own says, and when many stages
        share their parts, every page repeated the whole version.
        """
        stage_id, ids = lineage[0], set(lineage)
        return [e for e in self.stages if e.id in ids or stage_id in e.lineage]


def history(
    versions: Sequence[JourneyVersion],
    evidence_titles: Mapping[str, str] | None = None,
    persona_names: Mapping[str, str] | None = None,
    audience: str = "customers",
    audience_one: str = "customer",
) -> list[VersionChanges]:
    """The changes of every version against the one before, oldest first.

    `evidence_titles` names the `evidence.yml` entries that stages cite by id;
    `persona_names` (persona id -> name) words personas as readers know them;
    `audience` is who goes through the journey ("patients"), `audience_one` the same
    in the singular.
    """
    changes = [VersionChanges(versions[0], None)] if versions else []
    changes += [
        compare(old, new, evidence_titles, persona_names, audience, audience_one)
        for old, new in itertools.pairwise(versions)
    ]
    return changes


def compare(
    old: JourneyVersion,
    new: JourneyVersion,
    evidence_titles: Mapping[str, str] | None = None,
    persona_names: Mapping[str, str] | None = None,
    audience: str = "customers",
    audience_one: str = "customer",
) -> VersionChanges:
    """What changed from `old` to `new` (the arguments as for `history`)."""
    names = persona_names or {}
    matching = StageMatching(old, new)
    stages = StageComparison(matching, evidence_titles or {}, names, audience, audience_one)
    entries = [
        StageChanges(
            stage.id,
            stage.title,
            tuple(stages.sentences(stage)),
            frozenset({stage.id, *matching.sources(stage)}),
        )
        for stage in new.stages
    ]
    removed = [
        StageChanges(s.id, s.title, (_("Removed."),), frozenset({s.id}), removed=True)
        for s in matching.removed()
    ]
    return VersionChanges(
        new,
        old,
        tuple(_journey(old, new, names)),
        tuple(e for e in [*entries, *removed] if e.sentences),
    )


def _journey(
    old: JourneyVersion, new: JourneyVersion, persona_names: Mapping[str, str]
) -> list[str]:
    """What changed about the journey as a whole: title, owner, personas, phases, media."""
    said: list[str] = []
    if old.title != new.title:
        said.append(
            _("Retitled from %(old)s to %(new)s.", old=quote(old.title), new=quote(new.title))
        )
    if old.owner != new.owner:
        said.append(owner_sentence("map", old.owner, new.owner))
    said += added_removed(
        "persona",
        [persona_names.get(p, p) for p in old.personas],
        [persona_names.get(p, p) for p in new.personas],
    )
    said += _phases(old, new)
    said += media_changes(old.media, new.media)
    if old.part_of != new.part_of:
        said.append(_part_of(old, new))
    return said


def _part_of(old: JourneyVersion, new: JourneyVersion) -> str:
    """Where the journey sits, when that changed (journeys are named by id: titles live in
    the other journey's files)."""
    before, now = old.part_of, new.part_of
    if now is None:
        assert before is not None  # the caller compared them
        return _(
            "No longer part of stage %(stage)s of journey %(journey)s.",
            stage=quote(before.stage),
            journey=quote(before.journey),
        )
    if before is None:
        return _(
            "Now part of stage %(stage)s of journey %(journey)s.",
            stage=quote(now.stage),
            journey=quote(now.journey),
        )
    return _(
        "Moved from stage %(old_stage)s of journey %(old_journey)s "
        "to stage %(stage)s of journey %(journey)s.",
        old_stage=quote(before.stage),
        old_journey=quote(before.journey),
        stage=quote(now.stage),
        journey=quote(now.journey),
    )


def _phases(old: JourneyVersion, new: JourneyVersion) -> list[str]:
    """Phases added, removed or retitled (a phase is known by its id)."""
    old_phases = {p.id: p.title for p in old.phases}
    new_phases = {p.id: p.title for p in new.phases}
    said = added_removed(
        "phase",
        [old_phases[p] for p in old_phases if p not in new_phases],
        [new_phases[p] for p in new_phases if p not in old_phases],
        from_lists=False,
    )
    for pid in new_phases:  # in the map's order: a set's order changes between runs
        if pid in old_phases and old_phases[pid] != new_phases[pid]:
            said.append(
                _(
                    "Phase %(old)s retitled to %(new)s.",
                    old=quote(old_phases[pid]),
                    new=quote(new_phases[pid]),
                )
            )
    return said
