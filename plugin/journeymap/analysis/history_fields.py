"""What changed in one stage's own fields, from the stage it continues to the new one.

Each function compares one field (or a few that read alike) of two stages and needs
nothing else of the versions; what does (phase, position, handoff, paths) is in
`history_stages`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from journeymap.analysis.actions import ESTIMATES
from journeymap.analysis.history_wording import (
    added_removed,
    and_list,
    owner_sentence,
    quoted,
)
from journeymap.content.schema import Evidence, Opportunity, Stage
from journeymap.formatting import plural_noun

STATUS_WORDS = {
    "idea": "idea",
    "planned": "planned",
    "in-progress": "in progress",
    "done": "done",
    "dropped": "dropped",
}
EMOTION_WORDS = {1: "frustrated", 2: "unhappy", 3: "neutral", 4: "pleased", 5: "delighted"}


def title_change(old: Stage, new: Stage) -> list[str]:
    """`Retitled from 'a' to 'b'.`"""
    # A stage that took over another id says so in its structure sentence instead.
    if old.title != new.title and old.id == new.id:
        return [f"Retitled from '{old.title}' to '{new.title}'."]
    return []


def owner_change(old: Stage, new: Stage) -> list[str]:
    """`Owner changed from A to B.` (or is now, or removed)."""
    return [owner_sentence("Owner", old.owner, new.owner)] if old.owner != new.owner else []


def emotion_changes(old: Stage, new: Stage, persona_names: Mapping[str, str]) -> list[str]:
    """The stage's emotion score and note, then each persona's score."""
    if old.emotion == new.emotion:
        return []
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


def customer_side_changes(old: Stage, new: Stage) -> list[str]:
    """Goals, expectations, actions and pain points added or removed."""
    return [
        *added_removed("Goal", old.goals, new.goals),
        *added_removed("Expectation", old.expectations, new.expectations),
        *added_removed("Action", old.actions, new.actions),
        *added_removed("Pain point", old.pain_points, new.pain_points),
    ]


def touchpoint_changes(old: Stage, new: Stage) -> list[str]:
    """Touchpoints added (with their owner) or removed, then the owners of those kept."""
    before = [(f"{t.title} ({t.channel})", t.owner) for t in old.touchpoints]
    after = [(f"{t.title} ({t.channel})", t.owner) for t in new.touchpoints]
    return _owned_item_changes("Touchpoint", before, after, {})


def blueprint_changes(old: Stage, new: Stage) -> list[str]:
    """The organisation's side: business goals and backstage work added or removed, then
    support items added (with their kind and owner), removed, or changed in kind or owner."""
    before = [(s.title, s.owner) for s in old.support]
    after = [(s.title, s.owner) for s in new.support]
    kinds = {s.title: s.kind for s in new.support}
    was = {s.title: s.kind for s in old.support}
    return [
        *added_removed("Business goal", old.business_goals, new.business_goals),
        *added_removed("Backstage step", old.backstage, new.backstage),
        *_owned_item_changes("Support item", before, after, kinds),
        *(
            f"Support item '{title}': {_kind_change(was[title], kind)}"
            for title, kind in kinds.items()
            if title in was and was[title] != kind
        ),
    ]


def _kind_change(was: str | None, now: str | None) -> str:
    """`now a policy (was a system).`, `now a policy.` or `kind removed (was a system).`"""
    if now is None:
        return f"kind removed (was a {was})."
    return f"now a {now} (was a {was})." if was else f"now a {now}."


def _owned_item_changes(
    what: str,
    before: list[tuple[str, str | None]],
    after: list[tuple[str, str | None]],
    kinds: Mapping[str, str | None],
) -> list[str]:
    """Owned items added, each with its kind (`kinds`, by label) and owner, then those
    removed, then the owners of those kept."""
    old = [label for label, _ in before]
    added = [
        f"'{label}'" + _in_brackets(kinds.get(label), f"owned by {owner}" if owner else None)
        for label, owner in after
        if label not in old
    ]
    said = [f"{plural_noun(len(added), what)} added: {and_list(added)}."] if added else []
    kept = [label for label, _ in after if label in old]
    kept_after = [item for item in after if item[0] in kept]
    return said + _item_changes(what, before, kept_after, partial(owner_sentence, "owner"))


def _in_brackets(*parts: str | None) -> str:
    """` (system, owned by IT)`: the parts given, or nothing."""
    given = [p for p in parts if p]
    return f" ({', '.join(given)})" if given else ""


def moment_changes(old: Stage, new: Stage) -> list[str]:
    """Moments of truth added or removed, then the notes of those kept."""
    before = [(f"{m.title} ({m.kind})", m.note) for m in old.moments]
    after = [(f"{m.title} ({m.kind})", m.note) for m in new.moments]
    return _item_changes(
        "Moment of truth",
        before,
        after,
        lambda was, now: "note updated." if now else f"note removed (was '{was}').",
    )


def _item_changes(
    what: str,
    before: list[tuple[str, str | None]],
    after: list[tuple[str, str | None]],
    sentence: Callable[[str | None, str | None], str],
    owners: Mapping[str, str | None] | None = None,
) -> list[str]:
    """Items added or removed, by label, then for each kept item whose one detail changed:
    `Touchpoint 'x': ` and what `sentence(was, now)` says of it. `owners`: as for
    `added_removed`."""
    details = dict(before)
    return [
        *added_removed(
            what, [label for label, _ in before], [label for label, _ in after], owners=owners
        ),
        *(
            f"{what} '{label}': {sentence(details[label], detail)}"
            for label, detail in dict(after).items()
            if label in details and details[label] != detail
        ),
    ]


def opportunity_changes(old: Stage, new: Stage, names: Mapping[str, str] = ESTIMATES) -> list[str]:
    """Opportunities added (with their status), changed (status, owner, link), removed."""
    before = {o.title: o for o in old.opportunities}
    after = {o.title: o for o in new.opportunities}
    said = []
    for title, opportunity in after.items():
        if title not in before:
            owner = f", owned by {opportunity.owner}" if opportunity.owner else ""
            said.append(
                f"Opportunity added: '{title}' ({STATUS_WORDS[opportunity.status]}{owner})."
            )
            continue
        was = before[title]
        if was.status != opportunity.status:
            said.append(
                f"Opportunity '{title}': {STATUS_WORDS[was.status]} "
                f"\u2192 {STATUS_WORDS[opportunity.status]}."
            )
        if was.owner != opportunity.owner:
            said.append(
                f"Opportunity '{title}': {owner_sentence('owner', was.owner, opportunity.owner)}"
            )
        if was.link != opportunity.link:
            said.append(
                f"Opportunity '{title}': link now {opportunity.link}."
                if opportunity.link
                else f"Opportunity '{title}': link removed (was {was.link})."
            )
        said += _estimate_changes(title, was, opportunity, names)
    gone = [t for t in before if t not in after]
    if gone:
        said.append(f"{plural_noun(len(gone), 'Opportunity')} removed: {quoted(gone)}.")
    return said


def _estimate_changes(
    title: str, was: Opportunity, now: Opportunity, names: Mapping[str, str]
) -> list[str]:
    """`Opportunity 'x': effort re-estimated from 3 to 2.`; estimates given for the first
    time, or no longer given, in one sentence each."""
    given, changed, dropped = [], [], []
    for name, words in names.items():
        before, after = getattr(was, name), getattr(now, name)
        if before == after:
            continue
        if before is None:
            given.append(f"{words} {after}")
        elif after is None:
            dropped.append(f"{words} (was {before})")
        else:
            changed.append(f"{words} re-estimated from {before} to {after}")
    said = [f"Opportunity '{title}': {and_list(changed)}."] if changed else []
    if given:
        said.append(f"Opportunity '{title}': estimated: {and_list(given)}.")
    if dropped:
        said.append(f"Opportunity '{title}': no longer estimated: {and_list(dropped)}.")
    return said


def duration_change(old: Stage, new: Stage) -> list[str]:
    """The typical duration now given, changed or no longer given."""
    if old.duration == new.duration:
        return []
    if new.duration:
        was = f" (was {old.duration})" if old.duration else ""
        return [f"Typical duration now {new.duration}{was}."]
    return [f"Typical duration no longer given (was {old.duration})."]


def description_change(old: Stage, new: Stage) -> list[str]:
    """`Description updated.` or `Description removed.`, without the text itself."""
    if old.description == new.description:
        return []
    return ["Description updated." if new.description else "Description removed."]


def evidence_changes(old: Stage, new: Stage, titles: Mapping[str, str]) -> list[str]:
    """Evidence added or removed; a cited entry by its title in `evidence.yml` (`titles`)."""
    return added_removed(
        "Evidence",
        [evidence_title(e, titles) for e in old.evidence],
        [evidence_title(e, titles) for e in new.evidence],
    )


def evidence_title(entry: Evidence | str, titles: Mapping[str, str]) -> str:
    return titles.get(entry, entry) if isinstance(entry, str) else entry.title


def metrics_change(old: Stage, new: Stage) -> list[str]:
    """The metrics the stage features, when its list changed."""
    if old.metrics == new.metrics:
        return []
    featured = [m for m in new.metrics or []]
    return [
        f"Now features {quoted(featured)}." if featured else "Now features every metric with data."
    ]
