"""How the history words a change: lists of items, owners, media.

Shared by the journey-level sentences (`history`) and the stage-level ones
(`history_stages`, `history_fields`), so that both say a change the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from journeymap.content.schema import Media
from journeymap.formatting import plural_noun


def quoted(values: Iterable[str]) -> str:
    """`'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`."""
    return and_list([f"'{v}'" for v in values])


def and_list(items: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def owned_by(owner: str | None) -> str:
    """` (owner: Team)` after a new item, or nothing when it has no owner."""
    return f" (owner: {owner})" if owner else ""


def owner_sentence(what: str, old: str | None, new: str | None) -> str:
    """`Owner changed from A to B.`, `Owner is now B.` or `Owner removed (was A).`."""
    if old and new:
        return f"{what} changed from {old} to {new}."
    return f"{what} is now {new}." if new else f"{what} removed (was {old})."


def added_removed(
    what: str,
    old: Sequence[str],
    new: Sequence[str],
    *,
    from_lists: bool = True,
    owners: Mapping[str, str | None] | None = None,
) -> list[str]:
    """`Pain point added: 'x'.` / `... removed: ...` for items that appear on one side only.

    With `from_lists=False`, `old` and `new` already hold only the removed and added items.
    `owners` names who owns each added item that has an owner: `'x' (owner: Team)`.
    """
    added = [v for v in new if v not in old] if from_lists else list(new)
    gone = [v for v in old if v not in new] if from_lists else list(old)
    said = []
    if added:
        named = [f"'{v}'" + owned_by(owners.get(v) if owners else None) for v in added]
        said.append(f"{plural_noun(len(added), what)} added: {and_list(named)}.")
    if gone:
        said.append(f"{plural_noun(len(gone), what)} removed: {quoted(gone)}.")
    return said


def media_changes(old: Sequence[Media], new: Sequence[Media]) -> list[str]:
    """`Media added: 'a.png'.` / `Media removed: ...`, of a journey or of a stage."""
    return added_removed("Media", [m.file for m in old], [m.file for m in new])
