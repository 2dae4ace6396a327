"""How customers move through one journey version: paths, branches, loops, handoffs."""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.content.schema import JourneyVersion, Stage
from journeymap.routes import team_slug


@dataclass(frozen=True)
class Detour:
    """A path that is not "on to the following stage": a skip, a loop back, or an end."""

    source: Stage
    target: Stage | None
    """None: the journey ends at `source` before its last stage."""
    skipped: tuple[Stage, ...]
    """The stages a forward path jumps over."""

    @property
    def kind(self) -> str:
        """`skip`, `loop` or `end`."""
        if self.target is None:
            return "end"
        return "skip" if self.skipped else "loop"


@dataclass(frozen=True)
class Handoff:
    """Ownership changes between two consecutive stages."""

    source: str
    target: str


class Flow:
    """The paths of one journey version, from `next` (or journey order by default)."""

    def __init__(self, version: JourneyVersion) -> None:
        self.stages = version.stages
        self.position = {stage.id: index for index, stage in enumerate(self.stages)}
        self._by_id = {stage.id: stage for stage in self.stages}

    def following(self, stage: Stage) -> list[Stage]:
        """Stages customers go to from `stage`."""
        if stage.next is not None:
            return [self._by_id[target] for target in stage.next]
        index = self.position[stage.id]
        return list(self.stages[index + 1 : index + 2])

    def preceding(self, stage: Stage) -> list[Stage]:
        """Stages customers come to `stage` from, in journey order."""
        return [other for other in self.stages if stage in self.following(other)]

    def is_loop(self, source: Stage, target: Stage) -> bool:
        """True when the path goes back to an earlier stage (or the same one)."""
        return self.position[target.id] <= self.position[source.id]

    def detours(self) -> list[Detour]:
        """Every path off the main line, in journey order of where it starts: to a stage
        other than the following one, or nowhere before the journey's last stage."""
        found = []
        for index, stage in enumerate(self.stages):
            following = self.following(stage)
            for target in following:
                at = self.position[target.id]
                if at != index + 1:
                    skipped = tuple(self.stages[index + 1 : at]) if at > index else ()
                    found.append(Detour(stage, target, skipped))
            if not following and index + 1 < len(self.stages):
                found.append(Detour(stage, None, ()))
        return found

    def handoff_into(self, stage: Stage) -> Handoff | None:
        """The ownership change from the previous stage in journey order, if any.

        Only a change between two named owners is a handoff: a stage without an
        owner says nothing about who holds the customer. Two spellings of one team
        ("Patient services", "Patient Services") are no handoff.
        """
        index = self.position[stage.id]
        if index == 0:
            return None
        before = self.stages[index - 1].owner
        if before and stage.owner and team_slug(before) != team_slug(stage.owner):
            return Handoff(before, stage.owner)
        return None
