"""What changed about each stage of a new version, against the stages it continues.

A stage is added, takes over others (merged, split, renamed), or continues exactly
one: then its fields are compared one by one (`history_fields`), with the changes
that only the two whole versions tell (phase, position, handoff, paths) in their
place among them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from journeymap.analysis import history_fields as fields
from journeymap.analysis.actions import estimates
from journeymap.analysis.flow import Flow
from journeymap.analysis.history_matching import StageMatching
from journeymap.analysis.history_wording import and_list, media_changes, owner_sentence, quoted
from journeymap.content.schema import JourneyVersion, Stage


@dataclass(frozen=True)
class StageComparison:
    """The change sentences of the stages of `matching.new`."""

    matching: StageMatching
    evidence_titles: Mapping[str, str]
    persona_names: Mapping[str, str]
    audience: str
    """Who goes through the journey ("patients"), as the paths' sentence names them."""
    audience_one: str = "customer"
    """The same in the singular, as an estimate's name says it (`patient value`)."""

    def sentences(self, stage: Stage) -> list[str]:
        """What changed about `stage` of the new version."""
        sources = self.matching.sources(stage)
        if not sources:
            return self._added(stage)
        said = self._structure(stage, sources)
        # Field changes are only meaningful against a single predecessor.
        if len(sources) == 1 and len(self.matching.successors(sources[0])) == 1:
            said += self._fields(self.matching.by_old[sources[0]], stage)
        else:  # a split or merge: who owns the part, and what is new in it, is still news
            said += self._owners_of_parts(stage, sources)
            said += self._contents_of_parts(stage, sources)
        return said

    def _contents_of_parts(self, stage: Stage, sources: list[str]) -> list[str]:
        """The items (pain points, moments, evidence...) a split or merged stage gained or
        lost, against the stages it came from; an item carried into another part of the
        split is not lost, and one lost by every part is said on the first part only."""
        by_old = self.matching.by_old
        parts = [
            s for s in self.matching.new.stages if set(self.matching.sources(s)) & set(sources)
        ]
        first = parts[0] is stage
        titles = self.evidence_titles
        update: dict[str, list[object]] = {}
        moved: list[str] = []
        kept = next((o for o in sources if self.matching.by_new.get(o) is not None), None)
        for name, (what, key) in _ITEMS.items():
            here = {key(item, titles) for item in getattr(stage, name)}
            elsewhere = {key(item, titles) for part in parts for item in getattr(part, name)}
            pool: dict[str, object] = {}
            for old_id in sources:
                for item in getattr(by_old[old_id], name):
                    pool.setdefault(key(item, titles), item)
            update[name] = [
                item
                for label, item in pool.items()
                if label in here or (first and label not in elsewhere)
            ]
            if kept is not None and kept != stage.id:  # split off a stage that keeps its id
                moved += [f"{what.lower()} '{label}'" for label in pool if label in here]
        old = by_old[sources[0]].model_copy(update=update)
        said = []
        if kept is not None and moved:
            said.append(f"Moved here from '{by_old[kept].title}': {and_list(moved)}.")
        return [
            *said,
            *fields.customer_side_changes(old, stage),
            *fields.touchpoint_changes(old, stage),
            *fields.moment_changes(old, stage),
            *fields.opportunity_changes(old, stage),
            *fields.evidence_changes(old, stage, titles),
            *media_changes(old.media, stage.media),
        ]

    def _added(self, stage: Stage) -> list[str]:
        new = self.matching.new
        said = [f"Added {_position(new.stages, self.matching.order(stage.id))}."]
        handoff = Flow(new).handoff_into(stage)
        if handoff:
            said.append(f"Handoff from {handoff.source} to {handoff.target}.")
        return said

    def _structure(self, stage: Stage, sources: list[str]) -> list[str]:
        """Merged, split, renamed or given a new address."""
        by_old = self.matching.by_old
        said = []
        if len(sources) > 1:
            said.append(f"Merged from {quoted(by_old[o].title for o in sources)}.")
        for old_id in sources:
            parts = self.matching.successors(old_id)
            if len(parts) > 1:
                said.append(
                    f"'{by_old[old_id].title}' was split into {quoted(s.title for s in parts)}."
                )
        if not said and sources[0] != stage.id:
            old = by_old[sources[0]]
            if old.title == stage.title:
                said.append(f"New address: {stage.id} (was {old.id}).")
            else:
                said.append(
                    f"Renamed from '{old.title}'; its address is now {stage.id} (was {old.id})."
                )
        return said

    def _owners_of_parts(self, stage: Stage, sources: list[str]) -> list[str]:
        """The owner of a merged or split stage, against its parts' owners."""
        owners = sorted({self.matching.by_old[o].owner or "" for o in sources})
        if len(owners) == 1 and owners[0] != (stage.owner or ""):
            return [owner_sentence("Owner", owners[0] or None, stage.owner)]
        if len(owners) > 1:
            was = and_list([o or "no one" for o in owners])
            return [f"Owner: {stage.owner or 'no one'} (was {was})."]
        return []

    def _fields(self, old: Stage, new: Stage) -> list[str]:
        """Field by field, in the order a reader of the stage meets them."""
        return [
            *fields.title_change(old, new),
            *self._moves(old, new),
            *fields.owner_change(old, new),
            *self._handoff(old, new),
            *fields.emotion_changes(old, new, self.persona_names),
            *fields.customer_side_changes(old, new),
            *fields.touchpoint_changes(old, new),
            *fields.moment_changes(old, new),
            *fields.blueprint_changes(old, new),
            *fields.opportunity_changes(old, new, estimates(self.audience_one)),
            *self._paths(old, new),
            *fields.duration_change(old, new),
            *fields.description_change(old, new),
            *fields.evidence_changes(old, new, self.evidence_titles),
            *media_changes(old.media, new.media),
            *fields.metrics_change(old, new),
        ]

    def _moves(self, old: Stage, new: Stage) -> list[str]:
        """To another phase, or to another place in the journey."""
        said = []
        old_phase = _phase_title(self.matching.old, old.phase)
        new_phase = _phase_title(self.matching.new, new.phase)
        if old.phase != new.phase:  # ids: a phase retitled is not a stage moved
            if new_phase and old_phase:
                said.append(f"Moved to phase '{new_phase}' (was '{old_phase}').")
            elif new_phase:
                said.append(f"Now in phase '{new_phase}'.")
            else:
                said.append(f"No longer in a phase (was '{old_phase}').")
        if new.id in self.matching.moved:
            said.append(
                f"Moved: now {_position(self.matching.new.stages, self.matching.order(new.id))}."
            )
        return said

    def _handoff(self, old: Stage, new: Stage) -> list[str]:
        stages = self.matching.new.stages
        index = self.matching.order(new.id)
        if index and not self.matching.sources(stages[index - 1]):
            return []  # the stage before is new: its own entry tells its handoff
        before = Flow(self.matching.old).handoff_into(old)
        after = Flow(self.matching.new).handoff_into(new)
        if before == after:
            return []
        if after is None:
            return (
                [f"No longer a handoff from {before.source} to {before.target}."] if before else []
            )
        now = f"from {after.source} to {after.target}"
        if before is None:
            return [f"New handoff {now}."]
        return [f"Handoff now {now} (was from {before.source} to {before.target})."]

    def _paths(self, old: Stage, new: Stage) -> list[str]:
        """Where customers go on to, when those stages changed."""
        matching = self.matching
        before = {
            s.id
            for old_next in Flow(matching.old).following(old)
            for s in matching.successors(old_next.id)
        }
        after = {s.id for s in Flow(matching.new).following(new)}
        if before == after:
            return []
        titles = [f"'{matching.by_new[i].title}'" for i in sorted(after, key=matching.order)]
        who = self.audience[:1].upper() + self.audience[1:]
        return [f"{who} now go on to {and_list(titles)}." if titles else "Now ends the journey."]


def _text(item: Any, titles: Mapping[str, str]) -> str:
    return str(item)


_ITEMS: dict[str, tuple[str, Callable[[Any, Mapping[str, str]], str]]] = {
    "goals": ("Goal", _text),
    "expectations": ("Expectation", _text),
    "actions": ("Action", _text),
    "pain_points": ("Pain point", _text),
    "touchpoints": ("Touchpoint", lambda t, _: f"{t.title} ({t.channel})"),
    "moments": ("Moment of truth", lambda m, _: f"{m.title} ({m.kind})"),
    "opportunities": ("Opportunity", lambda o, _: o.title),
    "evidence": ("Evidence", lambda e, titles: fields.evidence_title(e, titles)),
    "media": ("Media", lambda m, _: m.file),
}
"""The list fields of a stage, the word for one item, and what tells an item from another
(as the field comparisons tell them apart)."""


def _position(stages: Sequence[Stage], index: int) -> str:
    """`at the start of the journey` or `after 'Previous stage'` for the stage at `index`."""
    if index == 0:
        return "at the start of the journey"
    return f"after '{stages[index - 1].title}'"


def _phase_title(version: JourneyVersion, phase: str | None) -> str | None:
    return next((p.title for p in version.phases if p.id == phase), None)
