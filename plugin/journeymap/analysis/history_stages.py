"""What changed about each stage of a new version, against the stages it continues.

A stage is added, takes over others (merged, split, renamed), or continues exactly
one: then its fields are compared one by one (`history_fields`), with the changes
that only the two whole versions tell (phase, position, handoff, paths) in their
place among them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from journeymap.analysis import history_fields as fields
from journeymap.analysis.actions import estimates
from journeymap.analysis.flow import Flow
from journeymap.analysis.history_matching import StageMatching
from journeymap.analysis.history_wording import (
    and_list,
    media_changes,
    owner_sentence,
    quote,
    quoted,
)
from journeymap.content.schema import JourneyVersion, Stage
from journeymap.i18n import _, pgettext


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
        for name, (moved_item, key) in _ITEMS.items():
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
                moved += [moved_item(quote(label)) for label in pool if label in here]
        old = by_old[sources[0]].model_copy(update=update)
        said = []
        if kept is not None and moved:
            said.append(
                _(
                    "Moved here from %(stage)s: %(items)s.",
                    stage=quote(by_old[kept].title),
                    items=and_list(moved),
                )
            )
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
        index = self.matching.order(stage.id)
        said = [
            _("Added after %(stage)s.", stage=quote(new.stages[index - 1].title))
            if index
            else _("Added at the start of the journey.")
        ]
        handoff = Flow(new).handoff_into(stage)
        if handoff:
            said.append(
                _(
                    "Handoff from %(source)s to %(target)s.",
                    source=handoff.source,
                    target=handoff.target,
                )
            )
        return said

    def _structure(self, stage: Stage, sources: list[str]) -> list[str]:
        """Merged, split, renamed or given a new address."""
        by_old = self.matching.by_old
        said = []
        if len(sources) > 1:
            said.append(
                _("Merged from %(stages)s.", stages=quoted(by_old[o].title for o in sources))
            )
        for old_id in sources:
            parts = self.matching.successors(old_id)
            if len(parts) > 1:
                said.append(
                    _(
                        "%(stage)s was split into %(stages)s.",
                        stage=quote(by_old[old_id].title),
                        stages=quoted(s.title for s in parts),
                    )
                )
        if not said and sources[0] != stage.id:
            old = by_old[sources[0]]
            if old.title == stage.title:
                said.append(_("New address: %(id)s (was %(old_id)s).", id=stage.id, old_id=old.id))
            else:
                said.append(
                    _(
                        "Renamed from %(old)s; its address is now %(id)s (was %(old_id)s).",
                        old=quote(old.title),
                        id=stage.id,
                        old_id=old.id,
                    )
                )
        return said

    def _owners_of_parts(self, stage: Stage, sources: list[str]) -> list[str]:
        """The owner of a merged or split stage, against its parts' owners."""
        owners = sorted({self.matching.by_old[o].owner or "" for o in sources})
        if len(owners) == 1 and owners[0] != (stage.owner or ""):
            return [owner_sentence("stage", owners[0] or None, stage.owner)]
        if len(owners) > 1:
            # Translators: where a stage (or one it was merged from) has no owner.
            nobody = _("no one")
            was = and_list([o or nobody for o in owners])
            return [
                _("Owner: %(owner)s (was %(owners)s).", owner=stage.owner or nobody, owners=was)
            ]
        return []

    def _fields(self, old: Stage, new: Stage) -> list[str]:
        """Field by field, in the order a reader of the stage meets them."""
        return [
            *fields.title_change(old, new),
            *_moves(self.matching, old, new),
            *fields.owner_change(old, new),
            *_handoff(self.matching, old, new),
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
        if not after:
            return [_("Now ends the journey.")]
        titles = quoted(matching.by_new[i].title for i in sorted(after, key=matching.order))
        # Translators: %(audience)s is the site's word for who goes through the journeys
        # ("customers", "patients"), as the author wrote it; the sentence's first letter
        # is made a capital.
        said = _("%(audience)s now go on to %(stages)s.", audience=self.audience, stages=titles)
        return [said[:1].upper() + said[1:]]


def _moves(matching: StageMatching, old: Stage, new: Stage) -> list[str]:
    """To another phase, or to another place in the journey."""
    said = []
    old_phase = _phase_title(matching.old, old.phase)
    new_phase = _phase_title(matching.new, new.phase)
    if old.phase != new.phase:  # ids: a phase retitled is not a stage moved
        if new_phase and old_phase:
            said.append(
                _(
                    "Moved to phase %(phase)s (was %(old)s).",
                    phase=quote(new_phase),
                    old=quote(old_phase),
                )
            )
        elif new_phase:
            said.append(_("Now in phase %(phase)s.", phase=quote(new_phase)))
        else:
            said.append(_("No longer in a phase (was %(old)s).", old=quote(old_phase or "")))
    if new.id in matching.moved:
        index = matching.order(new.id)
        said.append(
            _(
                "Moved: now after %(stage)s.",
                stage=quote(matching.new.stages[index - 1].title),
            )
            if index
            else _("Moved: now at the start of the journey.")
        )
    return said


def _handoff(matching: StageMatching, old: Stage, new: Stage) -> list[str]:
    """A handoff into the stage that began, ended or changed hands."""
    stages = matching.new.stages
    index = matching.order(new.id)
    if index and not matching.sources(stages[index - 1]):
        return []  # the stage before is new: its own entry tells its handoff
    before = Flow(matching.old).handoff_into(old)
    after = Flow(matching.new).handoff_into(new)
    if before == after:
        return []
    if after is None:
        if before is None:
            return []
        return [
            _(
                "No longer a handoff from %(source)s to %(target)s.",
                source=before.source,
                target=before.target,
            )
        ]
    if before is None:
        return [
            _(
                "New handoff from %(source)s to %(target)s.",
                source=after.source,
                target=after.target,
            )
        ]
    return [
        _(
            "Handoff now from %(source)s to %(target)s "
            "(was from %(old_source)s to %(old_target)s).",
            source=after.source,
            target=after.target,
            old_source=before.source,
            old_target=before.target,
        )
    ]


def _text(item: Any, titles: Mapping[str, str]) -> str:
    return str(item)


_ITEMS: dict[str, tuple[Callable[[str], str], Callable[[Any, Mapping[str, str]], str]]] = {
    "goals": (lambda item: pgettext("moved here", "goal %(item)s", item=item), _text),
    "expectations": (
        lambda item: pgettext("moved here", "expectation %(item)s", item=item),
        _text,
    ),
    "actions": (lambda item: pgettext("moved here", "action %(item)s", item=item), _text),
    "pain_points": (
        lambda item: pgettext("moved here", "pain point %(item)s", item=item),
        _text,
    ),
    "touchpoints": (
        lambda item: pgettext("moved here", "touchpoint %(item)s", item=item),
        lambda t, _titles: f"{t.title} ({t.channel})",
    ),
    "moments": (
        lambda item: pgettext("moved here", "moment of truth %(item)s", item=item),
        lambda m, _titles: fields.moment_label(m.title, m.kind),
    ),
    "opportunities": (
        lambda item: pgettext("moved here", "opportunity %(item)s", item=item),
        lambda o, _titles: o.title,
    ),
    "evidence": (
        lambda item: pgettext("moved here", "evidence %(item)s", item=item),
        lambda e, titles: fields.evidence_title(e, titles),
    ),
    "media": (
        lambda item: pgettext("moved here", "media %(item)s", item=item),
        lambda m, _titles: m.file,
    ),
}
"""The list fields of a stage, how an item of it moved here from another stage is named
(`pain point 'x'`), and what tells an item from another (as the field comparisons tell
them apart)."""


def _phase_title(version: JourneyVersion, phase: str | None) -> str | None:
    return next((p.title for p in version.phases if p.id == phase), None)
