"""Which stages of a new version continue which stages of the version before.

A new stage continues an old one with the same id, and the old ones it `replaces`
now (only ids of the version just before count: a `replaces` carried over from
older versions is not news). Every change sentence starts from this matching.

The matching is indexed once: merges and splits make every stage ask about many
others, and asking by scanning the versions again made a history of a few hundred
`replaces` take minutes.
"""

from __future__ import annotations

from journeymap.content.schema import JourneyVersion, Stage


class StageMatching:
    """The stages of `new` matched to those of `old`, and the ones whose order changed."""

    def __init__(self, old: JourneyVersion, new: JourneyVersion) -> None:
        self.old = old
        self.new = new
        self.by_old = {s.id: s for s in old.stages}
        self.by_new = {s.id: s for s in new.stages}
        self._order = {s.id: index for index, s in enumerate(new.stages)}
        self._sources = {s.id: self._find_sources(s) for s in new.stages}
        self._successors: dict[str, list[Stage]] = {}
        for stage in new.stages:  # in the new version's order
            for old_id in self._sources[stage.id]:
                self._successors.setdefault(old_id, []).append(stage)
        self.moved = self._find_moved()
        """Ids of continuing stages that are no longer where they were."""

    def _find_sources(self, stage: Stage) -> list[str]:
        own = [stage.id] if stage.id in self.by_old else []
        return own + [o for o in stage.replaces if o in self.by_old and o != stage.id]

    def sources(self, stage: Stage) -> list[str]:
        """The old ids a new stage continues: its own id, and ids it replaces now."""
        return self._sources[stage.id]

    def successors(self, old_id: str) -> list[Stage]:
        """The new stages that continue an old id."""
        return self._successors.get(old_id, [])

    def removed(self) -> list[Stage]:
        """The old stages no new stage continues."""
        return [s for s in self.old.stages if s.id not in self._successors]

    def order(self, stage_id: str) -> int:
        """Where a stage of the new version stands in it."""
        return self._order[stage_id]

    def _find_moved(self) -> set[str]:
        """Continuing stages whose order changed: those outside the longest run kept in order."""
        old_rank: dict[str, int] = {}
        for stage in self.old.stages:
            for successor in self.successors(stage.id):
                old_rank.setdefault(successor.id, len(old_rank))
        new_order = [s.id for s in self.new.stages if s.id in old_rank]
        return set(new_order) - _longest_increasing(new_order, old_rank)


def _longest_increasing(ids: list[str], rank: dict[str, int]) -> set[str]:
    """The ids of the longest run of `ids` whose ranks increase (the first such run).

    Quadratic in plain numbers: a journey has at most MAX_STAGES stages.
    """
    length: list[int] = []  # per index, the length of the longest run ending there
    before: list[int] = []  # per index, the index before it in that run (-1: none)
    for index, stage_id in enumerate(ids):
        best = -1
        for earlier in range(index):
            if rank[ids[earlier]] < rank[stage_id] and (
                best == -1 or length[earlier] > length[best]
            ):
                best = earlier
        length.append(length[best] + 1 if best != -1 else 1)
        before.append(best)
    kept: set[str] = set()
    at = length.index(max(length)) if length else -1
    while at != -1:
        kept.add(ids[at])
        at = before[at]
    return kept
