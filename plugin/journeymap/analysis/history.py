"""What changed between two consecutive versions of a journey, in plain sentences.

Stages are matched across versions by id, or through `replaces` (only ids of the
version just before count: a `replaces` carried over from older versions is not
news). From the matching follow the structural changes (added, removed, renamed,
merged, split); for matched stages, field by field comparisons follow.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from journeymap.analysis.flow import Flow
from journeymap.content.schema import Evidence, JourneyVersion, Media, Stage

STATUS_WORDS = {
    "idea": "idea",
    "planned": "planned",
    "in-progress": "in progress",
    "done": "done",
    "dropped": "dropped",
}
EMOTION_WORDS = {1: "frustrated", 2: "unhappy", 3: "neutral", 4: "pleased", 5: "delighted"}


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

    def about(self, stage_ids: Iterable[str]) -> list[StageChanges]:
        """The entries about any of `stage_ids` (a stage and the ids it took over)."""
        wanted = set(stage_ids)
        return [entry for entry in self.stages if entry.lineage & wanted]


def quoted(values: Iterable[str]) -> str:
    """`'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`."""
    return _and([f"'{v}'" for v in values])


def history(
    versions: Sequence[JourneyVersion],
    evidence_titles: Mapping[str, str] | None = None,
    persona_names: Mapping[str, str] | None = None,
    audience: str = "customers",
) -> list[VersionChanges]:
    """The changes of every version against the one before, oldest first.

    `evidence_titles` names the `evidence.yml` entries that stages cite by id;
    `persona_names` (persona id -> name) words personas as readers know them;
    `audience` is who goes through the journey ("patients").
    """
    changes = [VersionChanges(versions[0], None)] if versions else []
    changes += [
        compare(old, new, evidence_titles, persona_names, audience)
        for old, new in itertools.pairwise(versions)
    ]
    return changes


def compare(
    old: JourneyVersion,
    new: JourneyVersion,
    evidence_titles: Mapping[str, str] | None = None,
    persona_names: Mapping[str, str] | None = None,
    audience: str = "customers",
) -> VersionChanges:
    return _Comparison(old, new, evidence_titles or {}, persona_names or {}, audience).changes()


@dataclass
class _Comparison:
    old: JourneyVersion
    new: JourneyVersion
    evidence_titles: Mapping[str, str]
    persona_names: Mapping[str, str] = field(default_factory=dict)
    audience: str = "customers"
    _by_old: dict[str, Stage] = field(init=False)
    _by_new: dict[str, Stage] = field(init=False)

    def __post_init__(self) -> None:
        self._by_old = {s.id: s for s in self.old.stages}
        self._by_new = {s.id: s for s in self.new.stages}
        self._moved = self._find_moved()

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

    def sources(self, stage: Stage) -> list[str]:
        """The old ids a new stage continues: its own id, and ids it replaces now."""
        own = [stage.id] if stage.id in self._by_old else []
        return own + [o for o in stage.replaces if o in self._by_old and o != stage.id]

    def successors(self, old_id: str) -> list[Stage]:
        """The new stages that continue an old id."""
        return [s for s in self.new.stages if old_id in self.sources(s)]

    def changes(self) -> VersionChanges:
        entries = [self._stage_entry(stage) for stage in self.new.stages]
        removed = [
            StageChanges(s.id, s.title, ("Removed.",), frozenset({s.id}), removed=True)
            for s in self.old.stages
            if not self.successors(s.id)
        ]
        return VersionChanges(
            self.new,
            self.old,
            tuple(self._journey()),
            tuple(e for e in [*entries, *removed] if e.sentences),
        )

    def _journey(self) -> list[str]:
        old, new = self.old, self.new
        said: list[str] = []
        if old.title != new.title:
            said.append(f"Retitled from '{old.title}' to '{new.title}'.")
        if old.owner != new.owner:
            said.append(_owner_sentence("Map owner", old.owner, new.owner))
        said += _added_removed(
            "Persona",
            [self.persona_names.get(p, p) for p in old.personas],
            [self.persona_names.get(p, p) for p in new.personas],
        )
        old_phases = {p.id: p.title for p in old.phases}
        new_phases = {p.id: p.title for p in new.phases}
        said += _added_removed(
            "Phase",
            [old_phases[p] for p in old_phases if p not in new_phases],
            [new_phases[p] for p in new_phases if p not in old_phases],
            from_lists=False,
        )
        for pid in old_phases.keys() & new_phases.keys():
            if old_phases[pid] != new_phases[pid]:
                said.append(f"Phase '{old_phases[pid]}' retitled to '{new_phases[pid]}'.")
        said += _added_removed("Media", _files(old.media), _files(new.media))
        return said

    def _stage_entry(self, stage: Stage) -> StageChanges:
        sources = self.sources(stage)
        lineage = frozenset({stage.id, *sources})
        if not sources:
            said = [f"Added {_position(self.new.stages, stage)}."]
            handoff = Flow(self.new).handoff_into(stage)
            if handoff:
                said.append(f"Handoff from {handoff.source} to {handoff.target}.")
            return StageChanges(stage.id, stage.title, tuple(said), lineage)
        said = self._structure(stage, sources)
        # Field changes are only meaningful against a single predecessor.
        if len(sources) == 1 and len(self.successors(sources[0])) == 1:
            said += self._fields(self._by_old[sources[0]], stage)
        else:  # a split or merge: who owns the part is still news
            owners = sorted({self._by_old[o].owner or "" for o in sources})
            if len(owners) == 1 and owners[0] != (stage.owner or ""):
                said.append(_owner_sentence("Owner", owners[0] or None, stage.owner))
            elif len(owners) > 1:
                was = _and([o or "no one" for o in owners])
                said.append(f"Owner: {stage.owner or 'no one'} (was {was}).")
        return StageChanges(stage.id, stage.title, tuple(said), lineage)

    def _structure(self, stage: Stage, sources: list[str]) -> list[str]:
        said = []
        if len(sources) > 1:
            said.append(f"Merged from {quoted(self._by_old[o].title for o in sources)}.")
        for old_id in sources:
            parts = self.successors(old_id)
            if len(parts) > 1:
                said.append(
                    f"'{self._by_old[old_id].title}' was split into "
                    f"{quoted(s.title for s in parts)}."
                )
        if not said and sources[0] != stage.id:
            old = self._by_old[sources[0]]
            if old.title == stage.title:
                said.append(f"New address: {stage.id} (was {old.id}).")
            else:
                said.append(
                    f"Renamed from '{old.title}'; its address is now {stage.id} (was {old.id})."
                )
        return said

    def _fields(self, old: Stage, new: Stage) -> list[str]:
        said: list[str] = []
        if old.title != new.title and old.id == new.id:
            said.append(f"Retitled from '{old.title}' to '{new.title}'.")
        said += self._moves(old, new)
        if old.owner != new.owner:
            said.append(_owner_sentence("Owner", old.owner, new.owner))
        said += self._handoff(old, new)
        if old.emotion != new.emotion:
            said += _emotion(old, new, self.persona_names)
        said += _added_removed("Goal", old.goals, new.goals)
        said += _added_removed("Expectation", old.expectations, new.expectations)
        said += _added_removed("Action", old.actions, new.actions)
        said += _added_removed("Pain point", old.pain_points, new.pain_points)
        said += _added_removed(
            "Touchpoint",
            [f"{t.title} ({t.channel})" for t in old.touchpoints],
            [f"{t.title} ({t.channel})" for t in new.touchpoints],
        )
        said += _kept_changed(
            "Touchpoint",
            {f"{t.title} ({t.channel})": t.owner for t in old.touchpoints},
            {f"{t.title} ({t.channel})": t.owner for t in new.touchpoints},
            lambda was, now: _owner_sentence("owner", was, now),
        )
        said += _added_removed(
            "Moment of truth",
            [f"{m.title} ({m.kind})" for m in old.moments],
            [f"{m.title} ({m.kind})" for m in new.moments],
        )
        said += _kept_changed(
            "Moment of truth",
            {f"{m.title} ({m.kind})": m.note for m in old.moments},
            {f"{m.title} ({m.kind})": m.note for m in new.moments},
            lambda was, now: "note updated." if now else f"note removed (was '{was}').",
        )
        said += _opportunities(old, new)
        said += self._paths(old, new)
        if old.duration != new.duration:
            if new.duration:
                was = f" (was {old.duration})" if old.duration else ""
                said.append(f"Typical duration now {new.duration}{was}.")
            else:
                said.append(f"Typical duration no longer given (was {old.duration}).")
        if old.description != new.description:
            said.append("Description updated." if new.description else "Description removed.")
        said += _added_removed("Evidence", self._evidence(old), self._evidence(new))
        said += _added_removed("Media", _files(old.media), _files(new.media))
        if old.metrics != new.metrics:
            featured = [m for m in new.metrics or []]
            said.append(
                f"Now features {quoted(featured)}."
                if featured
                else "Now features every metric with data."
            )
        return said

    def _moves(self, old: Stage, new: Stage) -> list[str]:
        said = []
        old_phase = _phase_title(self.old, old.phase)
        new_phase = _phase_title(self.new, new.phase)
        if old.phase != new.phase:  # ids: a phase retitled is not a stage moved
            if new_phase and old_phase:
                said.append(f"Moved to phase '{new_phase}' (was '{old_phase}').")
            elif new_phase:
                said.append(f"Now in phase '{new_phase}'.")
            else:
                said.append(f"No longer in a phase (was '{old_phase}').")
        if new.id in self._moved:
            said.append(f"Moved: now {_position(self.new.stages, new)}.")
        return said

    def _handoff(self, old: Stage, new: Stage) -> list[str]:
        index = self.new.stages.index(new)
        if index and not self.sources(self.new.stages[index - 1]):
            return []  # the stage before is new: its own entry tells its handoff
        before = Flow(self.old).handoff_into(old)
        after = Flow(self.new).handoff_into(new)
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
        before = {
            s.id for old_next in Flow(self.old).following(old) for s in self.successors(old_next.id)
        }
        after = {s.id for s in Flow(self.new).following(new)}
        if before == after:
            return []
        titles = [f"'{self._by_new[i].title}'" for i in sorted(after, key=self._order)]
        who = self.audience[:1].upper() + self.audience[1:]
        return [f"{who} now go on to {_and(titles)}." if titles else "Now ends the journey."]

    def _evidence(self, stage: Stage) -> list[str]:
        """Titles of a stage's evidence; a cited entry by its title in evidence.yml."""
        return [_evidence_title(e, self.evidence_titles) for e in stage.evidence]

    def _order(self, stage_id: str) -> int:
        return [s.id for s in self.new.stages].index(stage_id)


def _evidence_title(entry: Evidence | str, titles: Mapping[str, str]) -> str:
    return titles.get(entry, entry) if isinstance(entry, str) else entry.title


def _files(media: Sequence[Media]) -> list[str]:
    return [m.file for m in media]


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _position(stages: Sequence[Stage], stage: Stage) -> str:
    index = list(stages).index(stage)
    if index == 0:
        return "at the start of the journey"
    return f"after '{stages[index - 1].title}'"


def _phase_title(version: JourneyVersion, phase: str | None) -> str | None:
    return next((p.title for p in version.phases if p.id == phase), None)


def _owner_sentence(what: str, old: str | None, new: str | None) -> str:
    if old and new:
        return f"{what} changed from {old} to {new}."
    return f"{what} is now {new}." if new else f"{what} removed (was {old})."


def _added_removed(
    what: str, old: Sequence[str], new: Sequence[str], *, from_lists: bool = True
) -> list[str]:
    """`Pain point added: 'x'.` / `... removed: ...` for items that appear on one side only.

    With `from_lists=False`, `old` and `new` already hold only the removed and added items.
    """
    added = [v for v in new if v not in old] if from_lists else list(new)
    gone = [v for v in old if v not in new] if from_lists else list(old)
    said = []
    if added:
        said.append(f"{_plural(what, len(added))} added: {quoted(added)}.")
    if gone:
        said.append(f"{_plural(what, len(gone))} removed: {quoted(gone)}.")
    return said


_PLURALS = {
    "Moment of truth": "Moments of truth",
    "Opportunity": "Opportunities",
    "Evidence": "Evidence",
    "Media": "Media",
}


def _kept_changed(
    what: str,
    old: Mapping[str, str | None],
    new: Mapping[str, str | None],
    sentence: Callable[[str | None, str | None], str],
) -> list[str]:
    """`Touchpoint 'x': owner changed ...` for items on both sides whose detail changed."""
    return [
        f"{what} '{key}': {sentence(old[key], value)}"
        for key, value in new.items()
        if key in old and old[key] != value
    ]


def _plural(noun: str, count: int) -> str:
    return noun if count == 1 else _PLURALS.get(noun, noun + "s")


def _emotion(old: Stage, new: Stage, persona_names: Mapping[str, str]) -> list[str]:
    before = old.emotion.score if old.emotion else None
    after = new.emotion.score if new.emotion else None
    old_personas = old.emotion.personas if old.emotion else {}
    new_personas = new.emotion.personas if new.emotion else {}
    said = _score_change("Emotion", before, after)
    if before == after and old.emotion and new.emotion and old.emotion.note != new.emotion.note:
        said.append("Emotion note updated.")
    for persona in [*new_personas, *(p for p in old_personas if p not in new_personas)]:
        said += _score_change(
            f"Emotion of persona '{persona_names.get(persona, persona)}'",
            old_personas.get(persona),
            new_personas.get(persona),
        )
    return said


def _score_change(what: str, before: int | None, after: int | None) -> list[str]:
    """`Emotion up from 3 (neutral) to 4 (pleased).`, or nothing when the score is the same."""
    if before == after:
        return []
    if after is None:
        return [f"{what} no longer recorded."]
    now = f"{after} ({EMOTION_WORDS[after]})"
    if before is None:
        return [f"{what} now recorded: {now}."]
    direction = "up" if after > before else "down"
    return [f"{what} {direction} from {before} ({EMOTION_WORDS[before]}) to {now}."]


def _opportunities(old: Stage, new: Stage) -> list[str]:
    before = {o.title: o for o in old.opportunities}
    after = {o.title: o for o in new.opportunities}
    said = []
    for title, opportunity in after.items():
        if title not in before:
            said.append(f"Opportunity added: '{title}' ({STATUS_WORDS[opportunity.status]}).")
            continue
        was = before[title]
        if was.status != opportunity.status:
            said.append(
                f"Opportunity '{title}': {STATUS_WORDS[was.status]} "
                f"\u2192 {STATUS_WORDS[opportunity.status]}."
            )
        if was.owner != opportunity.owner:
            said.append(
                f"Opportunity '{title}': {_owner_sentence('owner', was.owner, opportunity.owner)}"
            )
        if was.link != opportunity.link:
            said.append(
                f"Opportunity '{title}': link now {opportunity.link}."
                if opportunity.link
                else f"Opportunity '{title}': link removed (was {was.link})."
            )
    gone = [t for t in before if t not in after]
    if gone:
        said.append(f"{_plural('Opportunity', len(gone))} removed: {quoted(gone)}.")
    return said
