"""Content problems: what went wrong, where, in the `path:line: where: what` form.

Every check in journeymap reports into a `Problems` collection instead of raising,
so one run tells the author about *every* mistake, not just the first one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from journeymap.formatting import number


@dataclass(frozen=True, order=True)
class Problem:
    """One content problem, located in a file."""

    path: str
    """Path of the file, as the author should see it (relative to the config folder)."""
    line: int
    """1-based line number in that file; 0 when the problem is about the path itself."""
    where: str
    """The field in the file, e.g. `stages[3].emotion.score`; empty when `what` says it."""
    what: str
    """What is wrong, in plain words."""

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else self.path
        return (
            f"{location}: {self.where}: {self.what}" if self.where else f"{location}: {self.what}"
        )


@dataclass
class Problems:
    """An ordered, de-duplicated collection of problems found in one load."""

    _items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, where: str, what: str) -> None:
        problem = Problem(one_line(path), line, one_line(where), one_line(what))
        if problem not in self._items:
            self._items.append(problem)

    def reword(self, path: str, line: int, what: str, new_what: str) -> None:
        """Say more in a problem already added (where it was, so that order is kept)."""
        old = Problem(one_line(path), line, "", one_line(what))
        if old in self._items:
            self._items[self._items.index(old)] = Problem(old.path, line, "", one_line(new_what))

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self._items, key=lambda p: (p.path, p.line, p.where)))

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def raise_if_any(self) -> None:
        if self._items:
            raise ContentError(list(self))


class ContentError(Exception):
    """The content has problems; the message lists every one of them, one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{count} content {noun} found:\n{lines}")


_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` with line breaks and control characters shown as escapes (`\\n`).

    A problem is one line of output: a value quoted in it (a file name, a key, a
    value) must not break it into several, nor move the terminal's cursor.
    """
    return _BREAKS.sub(lambda m: repr(m[0])[1:-1], text)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` suffix for an unknown id, or an empty string."""
    choices = list(choices)
    same = [choice for choice in choices if choice.lower() == value.lower()]  # `CSAT`, `Journey`
    matches = same or difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def quote_list(values: Iterable[str]) -> str:
    """`'a', 'b', 'c'` for messages that list the allowed values."""
    return ", ".join(f"'{v}'" for v in values)


def out_of_range(
    value: float, *, minimum: float | None = None, maximum: float | None = None
) -> str:
    """`7 is above the maximum 5` / `0 is below the minimum 1`, for one broken bound."""
    if maximum is not None:
        return f"{number(value)} is above the maximum {number(maximum)}"
    return f"{number(value)} is below the minimum {number(minimum or 0)}"
