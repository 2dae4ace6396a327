"""The allowed values of journeymap's own options (`plugins: - journeymap:` in mkdocs.yml).

MkDocs checks little more than an option's type, and lets `true` pass for a number: a
negative `stale_after_days` would make every metric stale, a huge one crash the build
computing a date. Both engines ask `problems()` (the MkDocs plugin when MkDocs validates
its config, `journeymap generate` when it reads the config for Zensical), so both refuse
the same values in the same words. Every option is here, types included: generate has no
other check (a lax one would take the text 'yes' for true). The numeric bounds are in
`content/limits.py`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from journeymap.analysis.health import KINDS as HEALTH_KINDS
from journeymap.content import limits
from journeymap.content.problems import did_you_mean, quote_list
from journeymap.content.schema import SLUG_PATTERN
from journeymap.content.validation import describe


@dataclass(frozen=True)
class _Numbers:
    """A number from `low` to `high`; more than `low` when `low` itself is not allowed."""

    low: float
    high: float
    unit: str
    whole: bool = True
    above_low: bool = False

    def problem(self, value: object) -> str | None:
        kind = "a whole number" if self.whole else "a number"
        span = (
            f"above {self.low:,} and at most {self.high:,}"
            if self.above_low
            else f"from {self.low:,} to {self.high:,}"
        )
        allowed = f"use {kind} of {self.unit} {span}"
        # bool is an int to Python, and YAML reads `yes` as true: not a number of days.
        if isinstance(value, bool) or not isinstance(value, int if self.whole else (int, float)):
            return f"expected {kind}, got {describe(value)}: {allowed}"
        below = value <= self.low if self.above_low else value < self.low
        if below or not value <= self.high or math.isnan(value):
            shown = f"{int(value):,}" if float(value).is_integer() else f"{value:,}"  # not 2.0
            return f"{shown} is not allowed: {allowed}"
        return None


@dataclass(frozen=True)
class _Text:
    """One line of text: a word that pages show (`patients`), or a folder's path."""

    what: str
    example: str
    most: int = limits.MAX_OPTION_TEXT_CHARS

    def problem(self, value: object) -> str | None:
        allowed = (
            f"use {self.what}, on one line, of at most {self.most} characters, "
            f"like '{self.example}'"
        )
        if not isinstance(value, str):
            return f"expected text, got {describe(value)}: {allowed}"
        if not value.strip():
            return f"{describe(value)} is empty: {allowed}"
        if len(value) > self.most:
            return f"is {len(value):,} characters long: {allowed}"
        if not value.isprintable():
            return f"{value!r} holds a line break or a control character: {allowed}"
        return None


def _word(example: str) -> _Text:
    return _Text("a word or a few", example)


def _folder(example: str) -> _Text:
    return _Text("a folder relative to the config file", example, limits.MAX_OPTION_PATH_CHARS)


@dataclass(frozen=True)
class _Switch:
    """On or off; left out, the option's default decides."""

    default: str

    def problem(self, value: object) -> str | None:
        if isinstance(value, bool):
            return None
        return (
            f"expected true or false, got {describe(value)}: use true or false, or leave it "
            f"out ({self.default})"
        )


@dataclass(frozen=True)
class _Id:
    """The id of something in the content, like a metric's."""

    of: str
    example: str

    def problem(self, value: object) -> str | None:
        if isinstance(value, str) and re.fullmatch(SLUG_PATTERN, value):
            return None
        return (
            f"{describe(value)} is not {self.of} id: use lowercase letters, digits and single "
            f"hyphens, like '{self.example}'"
        )


@dataclass(frozen=True)
class _Choices:
    """One of a few words, or (`many`) a list of them."""

    allowed: tuple[str, ...]
    many: bool = False

    def problem(self, value: object) -> str | None:
        allowed = ("a list of " if self.many else "") + quote_list(self.allowed)
        if self.many and not isinstance(value, list):
            return f"expected a list, got {describe(value)}: use {allowed}"
        items = value if isinstance(value, list) else [value]
        wrong = [item for item in items if item not in self.allowed]
        if not wrong:
            return None
        return (
            ", ".join(describe(item) for item in wrong)
            + (" is" if len(wrong) == 1 else " are")
            + f" not allowed: use {allowed}"
            + did_you_mean(str(wrong[0]), self.allowed)
        )


POSTER_SIZES = ("A3", "A4")
"""The sheets a printed map is fitted to."""
MAP_HIDE = ("navigation", "toc", "path", "footer", "feedback", "tags")
"""What Material can hide beside a map (its `hide` page metadata)."""

OPTIONS: dict[str, _Numbers | _Text | _Switch | _Id | _Choices] = {
    "content_dir": _folder("content"),
    "min_responses": _Numbers(0, limits.MAX_RESPONSES, "responses"),
    "review_every_days": _Numbers(1, limits.MAX_REVIEW_EVERY_DAYS, "days"),
    "stale_after_days": _Numbers(1, limits.MAX_STALE_AFTER_DAYS, "days"),
    "max_media_mb": _Numbers(0, limits.MAX_MEDIA_MB, "megabytes", whole=False, above_low=True),
    "satisfaction_metric": _Id("a metric", "csat"),
    "cache_dir": _folder(".cache/journeymap"),
    "audience": _word("patients"),
    "audience_singular": _word("patient"),
    "poster_size": _Choices(POSTER_SIZES),
    "map_hide": _Choices(MAP_HIDE, many=True),
    "fail_on": _Choices(tuple(HEALTH_KINDS), many=True),
    "one_tab": _Switch("then on when Material's navigation.tabs is on"),
}
"""Every option, each with what it allows: generate reads no option that is not here."""


def problem(name: str, value: object) -> str | None:
    """Why `value` is not allowed for the option `name` (with what is), or None."""
    check = OPTIONS.get(name)
    return check.problem(value) if check else None


def problems(options: Mapping[str, object]) -> list[tuple[str, str]]:
    """(option, why) for each bounded option given a value it does not allow.

    An option left out, or set to nothing where that means its default, is not checked.
    """
    return [
        (name, found)
        for name in OPTIONS
        if options.get(name) is not None and (found := problem(name, options[name]))
    ]
