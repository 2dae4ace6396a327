"""How the analysis words a change: names, lists, days, owners, items added or removed.

Shared by the journey-level sentences (`history`), the stage-level ones
(`history_stages`, `history_fields`), the health items and the action plan, so that
all say a change the same way, in the site's language: every sentence is one whole
message of the catalogue (`journeymap.i18n`), with the names in placeholders, so that a
translator can reorder it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from journeymap import i18n
from journeymap.content.schema import Media
from journeymap.i18n import N_, _, ngettext, pgettext


def quote(value: str) -> str:
    """`'x'`: a name (a stage's, a pain point's...) inside a sentence."""
    # Translators: a name quoted inside a sentence, as your language quotes it: „%(name)s“
    # in German, « %(name)s » in French.
    return pgettext("quoted name", "'%(name)s'", name=value)


def quoted(values: Iterable[str]) -> str:
    """`'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`."""
    return and_list([quote(v) for v in values])


def and_list(items: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`, as the site's language writes a list."""
    return i18n.current().and_list(items)


def day(date: dt.date) -> str:
    """A day in a sentence: `18.11.2026` in German; in English the ISO date the sentences
    have always shown (`2026-11-18`), as authors write it in their files."""
    language = i18n.current()
    return date.isoformat() if language.code == i18n.SOURCE else language.date(date)


STATUS_WORDS = {
    "idea": N_("idea"),
    "planned": N_("planned"),
    "in-progress": N_("in progress"),
    "done": N_("done"),
    "dropped": N_("dropped"),
}
"""An opportunity's status in a sentence (`_` translates it)."""


def status_word(status: str) -> str:
    """`in progress`: an opportunity's status, as the history says it."""
    return _(STATUS_WORDS[status])


def status_as_written(status: str) -> str:
    """An opportunity's status as the health items and the action plan name it: in English
    the word of the content files (`in-progress`)."""
    if status == "in-progress":
        # Translators: an opportunity's status; in English as the content files write it.
        return pgettext("status as written", "in-progress")
    return status_word(status)


def re_estimated(estimate: str, before: object, after: object) -> str:
    """`effort re-estimated from 3 to 2`, as the history and the action plan say it."""
    return _(
        "%(estimate)s re-estimated from %(old)s to %(new)s",
        estimate=estimate,
        old=before,
        new=after,
    )


OWNER: dict[str, tuple[str, str, str]] = {
    "map": (
        N_("Map owner changed from %(old)s to %(new)s."),
        N_("Map owner is now %(new)s."),
        N_("Map owner removed (was %(old)s)."),
    ),
    "stage": (
        N_("Owner changed from %(old)s to %(new)s."),
        N_("Owner is now %(new)s."),
        N_("Owner removed (was %(old)s)."),
    ),
    "touchpoint": (
        N_("Touchpoint %(item)s: owner changed from %(old)s to %(new)s."),
        N_("Touchpoint %(item)s: owner is now %(new)s."),
        N_("Touchpoint %(item)s: owner removed (was %(old)s)."),
    ),
    "support": (
        N_("Support item %(item)s: owner changed from %(old)s to %(new)s."),
        N_("Support item %(item)s: owner is now %(new)s."),
        N_("Support item %(item)s: owner removed (was %(old)s)."),
    ),
    "opportunity": (
        N_("Opportunity %(item)s: owner changed from %(old)s to %(new)s."),
        N_("Opportunity %(item)s: owner is now %(new)s."),
        N_("Opportunity %(item)s: owner removed (was %(old)s)."),
    ),
}
"""Whose owner changed: the sentences for an owner changed, given, removed."""


def owner_sentence(whose: str, old: str | None, new: str | None, item: str = "") -> str:
    """`Owner changed from A to B.`, `Owner is now B.` or `Owner removed (was A).`, of
    `whose` (a key of `OWNER`); `item` names the touchpoint, support item or opportunity."""
    changed, given, removed = OWNER[whose]
    message = changed if old and new else given if new else removed
    return _(message, old=old, new=new, item=quote(item))


Counted = Callable[[int, str], str]
"""A sentence for `n` items, the items (a list) filled in."""

ADDED: dict[str, Counted] = {
    "persona": lambda n, items: ngettext(
        "Persona added: %(items)s.", "Personas added: %(items)s.", n, items=items
    ),
    "phase": lambda n, items: ngettext(
        "Phase added: %(items)s.", "Phases added: %(items)s.", n, items=items
    ),
    "media": lambda n, items: ngettext(
        "Media added: %(items)s.", "Media added: %(items)s.", n, items=items
    ),
    "goal": lambda n, items: ngettext(
        "Goal added: %(items)s.", "Goals added: %(items)s.", n, items=items
    ),
    "expectation": lambda n, items: ngettext(
        "Expectation added: %(items)s.", "Expectations added: %(items)s.", n, items=items
    ),
    "action": lambda n, items: ngettext(
        "Action added: %(items)s.", "Actions added: %(items)s.", n, items=items
    ),
    "pain_point": lambda n, items: ngettext(
        "Pain point added: %(items)s.", "Pain points added: %(items)s.", n, items=items
    ),
    "touchpoint": lambda n, items: ngettext(
        "Touchpoint added: %(items)s.", "Touchpoints added: %(items)s.", n, items=items
    ),
    "moment": lambda n, items: ngettext(
        "Moment of truth added: %(items)s.", "Moments of truth added: %(items)s.", n, items=items
    ),
    "business_goal": lambda n, items: ngettext(
        "Business goal added: %(items)s.", "Business goals added: %(items)s.", n, items=items
    ),
    "backstage": lambda n, items: ngettext(
        "Backstage step added: %(items)s.", "Backstage steps added: %(items)s.", n, items=items
    ),
    "support": lambda n, items: ngettext(
        "Support item added: %(items)s.", "Support items added: %(items)s.", n, items=items
    ),
    "evidence": lambda n, items: ngettext(
        "Evidence added: %(items)s.", "Evidence added: %(items)s.", n, items=items
    ),
}
"""`Pain points added: 'a' and 'b'.`, per kind of item."""

REMOVED: dict[str, Counted] = {
    "persona": lambda n, items: ngettext(
        "Persona removed: %(items)s.", "Personas removed: %(items)s.", n, items=items
    ),
    "phase": lambda n, items: ngettext(
        "Phase removed: %(items)s.", "Phases removed: %(items)s.", n, items=items
    ),
    "media": lambda n, items: ngettext(
        "Media removed: %(items)s.", "Media removed: %(items)s.", n, items=items
    ),
    "goal": lambda n, items: ngettext(
        "Goal removed: %(items)s.", "Goals removed: %(items)s.", n, items=items
    ),
    "expectation": lambda n, items: ngettext(
        "Expectation removed: %(items)s.", "Expectations removed: %(items)s.", n, items=items
    ),
    "action": lambda n, items: ngettext(
        "Action removed: %(items)s.", "Actions removed: %(items)s.", n, items=items
    ),
    "pain_point": lambda n, items: ngettext(
        "Pain point removed: %(items)s.", "Pain points removed: %(items)s.", n, items=items
    ),
    "touchpoint": lambda n, items: ngettext(
        "Touchpoint removed: %(items)s.", "Touchpoints removed: %(items)s.", n, items=items
    ),
    "moment": lambda n, items: ngettext(
        "Moment of truth removed: %(items)s.",
        "Moments of truth removed: %(items)s.",
        n,
        items=items,
    ),
    "business_goal": lambda n, items: ngettext(
        "Business goal removed: %(items)s.", "Business goals removed: %(items)s.", n, items=items
    ),
    "backstage": lambda n, items: ngettext(
        "Backstage step removed: %(items)s.",
        "Backstage steps removed: %(items)s.",
        n,
        items=items,
    ),
    "support": lambda n, items: ngettext(
        "Support item removed: %(items)s.", "Support items removed: %(items)s.", n, items=items
    ),
    "opportunity": lambda n, items: ngettext(
        "Opportunity removed: %(items)s.", "Opportunities removed: %(items)s.", n, items=items
    ),
    "evidence": lambda n, items: ngettext(
        "Evidence removed: %(items)s.", "Evidence removed: %(items)s.", n, items=items
    ),
}
"""`Pain points removed: 'a' and 'b'.`, per kind of item."""


def added_removed(
    kind: str,
    old: Sequence[str],
    new: Sequence[str],
    *,
    from_lists: bool = True,
) -> list[str]:
    """`Pain point added: 'x'.` / `... removed: ...` for items that appear on one side only;
    `kind` is a key of `ADDED` (and `REMOVED`).

    With `from_lists=False`, `old` and `new` already hold only the removed and added items.
    """
    added = [v for v in new if v not in old] if from_lists else list(new)
    gone = [v for v in old if v not in new] if from_lists else list(old)
    said = []
    if added:
        said.append(ADDED[kind](len(added), quoted(added)))
    if gone:
        said.append(REMOVED[kind](len(gone), quoted(gone)))
    return said


def media_changes(old: Sequence[Media], new: Sequence[Media]) -> list[str]:
    """`Media added: 'a.png'.` / `Media removed: ...`, of a journey or of a stage."""
    return added_removed("media", [m.file for m in old], [m.file for m in new])
