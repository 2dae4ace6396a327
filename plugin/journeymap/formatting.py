"""Numbers as readers expect them in pages and messages."""

from __future__ import annotations


def number(value: float) -> str:
    """A number as the author wrote it: `5`, not `5.0`."""
    return f"{value:g}"


def change_text(change: float) -> str:
    """A signed change: `+0.2`, or -0.4 written with a real minus sign (U+2212)."""
    rounded = round(change, 2)
    return ("+" if rounded > 0 else "\u2212" if rounded < 0 else "±") + number(abs(rounded))


def plural(count: int, noun: str) -> str:
    """`1 journey`, `2 journeys`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
