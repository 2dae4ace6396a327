"""What changed in one stage's own fields, from the stage it continues to the new one.

Each function compares one field (or a few that read alike) of two stages and needs
nothing else of the versions; what does (phase, position, handoff, paths) is in
`history_stages`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from journeymap.analysis.actions import estimates
from journeymap.analysis.history_wording import (
    ADDED,
    REMOVED,
    added_removed,
    and_list,
    owner_sentence,
    quote,
    quoted,
    re_estimated,
    status_word,
)
from journeymap.content.schema import Evidence, Opportunity, Stage
from journeymap.i18n import N_, _

EMOTION_WORDS = {
    1: N_("frustrated"),
    2: N_("unhappy"),
    3: N_("neutral"),
    4: N_("pleased"),
    5: N_("delighted"),
}
"""An emotion score's word in a sentence (`_` translates it)."""


def title_change(old: Stage, new: Stage) -> list[str]:
    """`Retitled from 'a' to 'b'.`"""
    # A stage that took over another id says so in its structure sentence instead.
    if old.title != new.title and old.id == new.id:
        return [_("Retitled from %(old)s to %(new)s.", old=quote(old.title), new=quote(new.title))]
    return []


def owner_change(old: Stage, new: Stage) -> list[str]:
    """`Owner changed from A to B.` (or is now, or removed)."""
    return [owner_sentence("stage", old.owner, new.owner)] if old.owner != new.owner else []


def emotion_changes(old: Stage, new: Stage, persona_names: Mapping[str, str]) -> list[str]:
    """The stage's emotion score and note, then each persona's score."""
    if old.emotion == new.emotion:
        return []
    before = old.emotion.score if old.emotion else None
    after = new.emotion.score if new.emotion else None
    old_personas = old.emotion.personas if old.emotion else {}
    new_personas = new.emotion.personas if new.emotion else {}
    said = _score_change(None, before, after)
    if before == after and old.emotion and new.emotion and old.emotion.note != new.emotion.note:
        said.append(_("Emotion note updated."))
    for persona in [*new_personas, *(p for p in old_personas if p not in new_personas)]:
        said += _score_change(
            quote(persona_names.get(persona, persona)),
            old_personas.get(persona),
            new_personas.get(persona),
        )
    return said


def _score(score: int) -> str:
    """`4 (pleased)`."""
    # Translators: an emotion score (1 to 5) and its word: "4 (pleased)".
    return _("%(score)s (%(feeling)s)", score=score, feeling=_(EMOTION_WORDS[score]))


def _score_change(persona: str | None, before: int | None, after: int | None) -> list[str]:
    """`Emotion up from 3 (neutral) to 4 (pleased).`, of the stage (`persona` None) or of
    a persona (its name, quoted), or nothing when the score is the same."""
    if before == after:
        return []
    if after is None:
        if persona is None:
            return [_("Emotion no longer recorded.")]
        return [_("Emotion of persona %(persona)s no longer recorded.", persona=persona)]
    now = _score(after)
    if before is None:
        if persona is None:
            return [_("Emotion now recorded: %(new)s.", new=now)]
        return [
            _("Emotion of persona %(persona)s now recorded: %(new)s.", persona=persona, new=now)
        ]
    was = _score(before)
    if after > before:
        if persona is None:
            return [_("Emotion up from %(old)s to %(new)s.", old=was, new=now)]
        return [
            _(
                "Emotion of persona %(persona)s up from %(old)s to %(new)s.",
                persona=persona,
                old=was,
                new=now,
            )
        ]
    if persona is None:
        return [_("Emotion down from %(old)s to %(new)s.", old=was, new=now)]
    return [
        _(
            "Emotion of persona %(persona)s down from %(old)s to %(new)s.",
            persona=persona,
            old=was,
            new=now,
        )
    ]


def customer_side_changes(old: Stage, new: Stage) -> list[str]:
    """Goals, expectations, actions and pain points added or removed."""
    return [
        *added_removed("goal", old.goals, new.goals),
        *added_removed("expectation", old.expectations, new.expectations),
        *added_removed("action", old.actions, new.actions),
        *added_removed("pain_point", old.pain_points, new.pain_points),
    ]


def touchpoint_changes(old: Stage, new: Stage) -> list[str]:
    """Touchpoints added (with their owner) or removed, then the owners of those kept."""
    before = [(f"{t.title} ({t.channel})", t.owner) for t in old.touchpoints]
    after = [(f"{t.title} ({t.channel})", t.owner) for t in new.touchpoints]
    return _owned_item_changes("touchpoint", before, after, {})


SUPPORT_KINDS = {
    "system": N_("system"),
    "policy": N_("policy"),
    "partner": N_("partner"),
    "process": N_("process"),
}
"""A support item's kind, after its name: `'CRM' (system, owned by IT)`."""
SUPPORT_KINDS_WITH_ARTICLE = {
    "system": N_("a system"),
    "policy": N_("a policy"),
    "partner": N_("a partner"),
    "process": N_("a process"),
}
"""A support item's kind as a sentence says what it now is: `now a policy`."""


def blueprint_changes(old: Stage, new: Stage) -> list[str]:
    """The organisation's side: business goals and backstage work added or removed, then
    support items added (with their kind and owner), removed, or changed in kind or owner."""
    before = [(s.title, s.owner) for s in old.support]
    after = [(s.title, s.owner) for s in new.support]
    kinds = {s.title: s.kind for s in new.support}
    was = {s.title: s.kind for s in old.support}
    return [
        *added_removed("business_goal", old.business_goals, new.business_goals),
        *added_removed("backstage", old.backstage, new.backstage),
        *_owned_item_changes("support", before, after, kinds),
        *(
            _kind_change(title, was[title], kind)
            for title, kind in kinds.items()
            if title in was and was[title] != kind
        ),
    ]


def _kind_change(title: str, was: str | None, now: str | None) -> str:
    """`Support item 'x': now a policy (was a system).`, `...: now a policy.` or
    `...: kind removed (was a system).`"""
    item = quote(title)
    was_a = _(SUPPORT_KINDS_WITH_ARTICLE[was]) if was else None
    if now is None:
        return _("Support item %(item)s: kind removed (was %(old)s).", item=item, old=was_a)
    now_a = _(SUPPORT_KINDS_WITH_ARTICLE[now])
    if was_a:
        return _(
            "Support item %(item)s: now %(new)s (was %(old)s).", item=item, new=now_a, old=was_a
        )
    return _("Support item %(item)s: now %(new)s.", item=item, new=now_a)


def _owned_item_changes(
    kind: str,
    before: list[tuple[str, str | None]],
    after: list[tuple[str, str | None]],
    kinds: Mapping[str, str | None],
) -> list[str]:
    """Owned items (`kind`: `touchpoint` or `support`) added, each with its kind (`kinds`,
    by label) and owner, then those removed, then the owners of those kept."""
    old = [label for label, _owner in before]
    added = [
        _described(label, kinds.get(label), owner) for label, owner in after if label not in old
    ]
    said = [ADDED[kind](len(added), and_list(added))] if added else []
    kept = [label for label, _owner in after if label in old]
    kept_after = [item for item in after if item[0] in kept]
    return said + _item_changes(kind, before, kept_after, partial(owner_sentence, kind))


def _described(label: str, kind: str | None, owner: str | None) -> str:
    """`'CRM' (system, owned by IT)`: a new item, with its kind and owner when it has them."""
    item = quote(label)
    if kind and owner:
        return _(
            "%(item)s (%(kind)s, owned by %(owner)s)",
            item=item,
            kind=_(SUPPORT_KINDS[kind]),
            owner=owner,
        )
    if kind:
        return _("%(item)s (%(kind)s)", item=item, kind=_(SUPPORT_KINDS[kind]))
    if owner:
        return _("%(item)s (owned by %(owner)s)", item=item, owner=owner)
    return item


MOMENT_KINDS = {"delight": N_("delight"), "hygiene": N_("hygiene"), "dismay": N_("dismay")}
"""A moment of truth's kind, after its title: `'First invoice (dismay)'`."""


def moment_label(title: str, kind: str) -> str:
    """`First invoice (dismay)`: how the changes tell a moment of truth from another."""
    return f"{title} ({_(MOMENT_KINDS[kind])})"


def moment_changes(old: Stage, new: Stage) -> list[str]:
    """Moments of truth added or removed, then the notes of those kept."""
    before = [(moment_label(m.title, m.kind), m.note) for m in old.moments]
    after = [(moment_label(m.title, m.kind), m.note) for m in new.moments]
    return _item_changes("moment", before, after, _note_change)


def _note_change(was: str | None, now: str | None, item: str) -> str:
    if now:
        return _("Moment of truth %(item)s: note updated.", item=quote(item))
    return _(
        "Moment of truth %(item)s: note removed (was %(old)s).",
        item=quote(item),
        old=quote(was or ""),
    )


def _item_changes(
    kind: str,
    before: list[tuple[str, str | None]],
    after: list[tuple[str, str | None]],
    sentence: Callable[[str | None, str | None, str], str],
) -> list[str]:
    """Items added or removed, by label, then for each kept item whose one detail changed,
    what `sentence(was, now, label)` says of it (`Touchpoint 'x': owner changed...`)."""
    details = dict(before)
    return [
        *added_removed(kind, [label for label, _d in before], [label for label, _d in after]),
        *(
            sentence(details[label], detail, label)
            for label, detail in dict(after).items()
            if label in details and details[label] != detail
        ),
    ]


def opportunity_changes(
    old: Stage, new: Stage, names: Mapping[str, str] | None = None
) -> list[str]:
    """Opportunities added (with their status), changed (status, owner, link), removed;
    `names`: the estimates' names (`actions.estimates`)."""
    names = estimates() if names is None else names
    before = {o.title: o for o in old.opportunities}
    after = {o.title: o for o in new.opportunities}
    said = []
    for title, opportunity in after.items():
        item = quote(title)
        if title not in before:
            status = status_word(opportunity.status)
            said.append(
                _(
                    "Opportunity added: %(item)s (%(status)s, owned by %(owner)s).",
                    item=item,
                    status=status,
                    owner=opportunity.owner,
                )
                if opportunity.owner
                else _("Opportunity added: %(item)s (%(status)s).", item=item, status=status)
            )
            continue
        was = before[title]
        if was.status != opportunity.status:
            said.append(
                _(
                    "Opportunity %(item)s: %(old)s \u2192 %(new)s.",
                    item=item,
                    old=status_word(was.status),
                    new=status_word(opportunity.status),
                )
            )
        if was.owner != opportunity.owner:
            said.append(owner_sentence("opportunity", was.owner, opportunity.owner, title))
        if was.link != opportunity.link:
            said.append(
                _("Opportunity %(item)s: link now %(link)s.", item=item, link=opportunity.link)
                if opportunity.link
                else _(
                    "Opportunity %(item)s: link removed (was %(link)s).", item=item, link=was.link
                )
            )
        said += _estimate_changes(item, was, opportunity, names)
    gone = [t for t in before if t not in after]
    if gone:
        said.append(REMOVED["opportunity"](len(gone), quoted(gone)))
    return said


def _estimate_changes(
    item: str, was: Opportunity, now: Opportunity, names: Mapping[str, str]
) -> list[str]:
    """`Opportunity 'x': effort re-estimated from 3 to 2.`; estimates given for the first
    time, or no longer given, in one sentence each (`item`: the opportunity, quoted)."""
    given, changed, dropped = [], [], []
    for name, words in names.items():
        before, after = getattr(was, name), getattr(now, name)
        if before == after:
            continue
        if before is None:
            # Translators: an estimate given for the first time: "effort 2".
            given.append(_("%(estimate)s %(value)s", estimate=words, value=after))
        elif after is None:
            dropped.append(_("%(estimate)s (was %(value)s)", estimate=words, value=before))
        else:
            changed.append(re_estimated(words, before, after))
    said = []
    if changed:
        # Translators: "Opportunity 'x': effort re-estimated from 3 to 2."
        said.append(_("Opportunity %(item)s: %(changes)s.", item=item, changes=and_list(changed)))
    if given:
        said.append(
            _(
                "Opportunity %(item)s: estimated: %(estimates)s.",
                item=item,
                estimates=and_list(given),
            )
        )
    if dropped:
        said.append(
            _(
                "Opportunity %(item)s: no longer estimated: %(estimates)s.",
                item=item,
                estimates=and_list(dropped),
            )
        )
    return said


def duration_change(old: Stage, new: Stage) -> list[str]:
    """The typical duration now given, changed or no longer given."""
    if old.duration == new.duration:
        return []
    if new.duration and old.duration:
        return [
            _(
                "Typical duration now %(duration)s (was %(old)s).",
                duration=new.duration,
                old=old.duration,
            )
        ]
    if new.duration:
        return [_("Typical duration now %(duration)s.", duration=new.duration)]
    return [_("Typical duration no longer given (was %(old)s).", old=old.duration)]


def description_change(old: Stage, new: Stage) -> list[str]:
    """`Description updated.` or `Description removed.`, without the text itself."""
    if old.description == new.description:
        return []
    return [_("Description updated.") if new.description else _("Description removed.")]


def evidence_changes(old: Stage, new: Stage, titles: Mapping[str, str]) -> list[str]:
    """Evidence added or removed; a cited entry by its title in `evidence.yml` (`titles`)."""
    return added_removed(
        "evidence",
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
    if featured:
        return [_("Now features %(metrics)s.", metrics=quoted(featured))]
    return [_("Now features every metric with data.")]
