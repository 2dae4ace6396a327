"""Which stages of a new version continue which stages of the version before.

A new stage continues an old one with the same id, and the old ones it `replaces`
now (only ids of the version just before count: a `replaces` carried over from
older versions is not news). Every change sentence starts from this matching.
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
        self.moved = self._find_moved()
        """Ids of continuing stages that are no longer where they were."""

    def sources(self, stage: Stage) -> list[str]:
        """The old ids a new stage continues: its own id, and ids it replaces now."""
        own = [stage.id] if stage.id in self.by_old else []
        return own + [o for o in stage.replaces if o in self.by_old and o != stage.id]

    def successors(self, old_id: str) -> list[Stage]:
        """The new stages that continue an old id."""
        return [s for s in self.new.stages if old_id in self.sources(s)]

    def removed(self) -> list[Stage]:
        """The old stages no new stage continues."""
        return [s for s in self.old.stages if not self.successors(s.id)]

    def order(self, stage_id: str) -> int:
        """Where a stage of the new version stands in it."""
        return [s.id for s in self.new.stages].index(stage_id)

    def _find_moved(self) -> set[str]:
        """Continuing stages whose order changed: those outside the longest run kept in order."""
        old_order: list[str] = []
        for stage in self.old.stages:
            old_order += [s.id for s in self.successors(stage.id) if s.id not in old_order]
        new_order = [s.id for s in self.new.stages if s.id in old_order]
        ranks = [old_order.index(i) for i in new_order]
        # Longest increasing subsequence of old ranks, quadratic: journeys are short.
        best: list[list[int]] = []
        for index, rank in enumerate(ranks):
            runs = [run for run in best[:index] if ranks[run[-1]] < rank]
            best.append([*max(runs, key=len, default=[]), index])
        kept = {new_order[i] for i in max(best, key=len, default=[])}
        return set(new_order) - kept
