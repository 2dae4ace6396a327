"""journeymap's own options (`plugins: - journeymap:` in mkdocs.yml), each declared once.

`Options` is the one declaration: every option's name, type, default, what it allows
and its help. The rest is derived from it: the MkDocs/ProperDocs config class
(engines/mkdocs.py), what `journeymap generate` reads for Zensical (engines/zensical.py),
the settings the pages read (`site.settings.Settings` extends it), and the check of
every value (`problems`). Adding an option is one field here, plus its use.

MkDocs checks little more than an option's type, and lets `true` pass for a number: a
negative `stale_after_days` would make every metric stale, a huge one crash the build
computing a date. Both engines ask `problems()`, so both refuse the same values in the
same words, types included (a lax check would take the text 'yes' for true). The
numeric bounds are in `content/limits.py`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import Field, dataclass, field, fields
from typing import Any, Protocol

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


class Allows(Protocol):
    """What an option allows: `problem` says why a value is not allowed, or None."""

    def problem(self, value: object) -> str | None: ...


def _option(default: Any, allows: Allows, help: str) -> Any:
    """A field of `Options`: its default, what it allows and its help (one sentence)."""
    return field(default=default, metadata={"allows": allows, "help": help})


@dataclass(frozen=True)
class Options:
    """Every option of the plugin, as one mkdocs.yml gives it to either engine."""

    content_dir: str = _option(
        "content", _folder("content"), "The content folder, relative to the config file."
    )
    min_responses: int = _option(
        30,
        _Numbers(0, limits.MAX_RESPONSES, "responses"),
        "Survey values with fewer responses are shown as low confidence.",
    )
    satisfaction_metric: str = _option(
        "csat",
        _Id("a metric", "csat"),
        "The metric drawn beside the researched emotion curve on each map.",
    )
    review_every_days: int = _option(
        90,
        _Numbers(1, limits.MAX_REVIEW_EVERY_DAYS, "days"),
        "Review cadence of maps that do not set `review_every_days`.",
    )
    stale_after_days: int = _option(
        45,
        _Numbers(1, limits.MAX_STALE_AFTER_DAYS, "days"),
        "Metrics whose latest snapshot is older than this many days are stale.",
    )
    cache_dir: str | None = _option(
        None,
        _folder(".cache/journeymap"),
        "A folder (relative to the config file) for the build cache: what a build made for "
        "the next one (charts, parsed files, pages). Keep it between CI runs.",
    )
    max_media_mb: float = _option(
        limits.DEFAULT_MAX_MEDIA_MB,
        _Numbers(0, limits.MAX_MEDIA_MB, "megabytes", whole=False, above_low=True),
        "The size limit of one file under the content's media/ folder, in megabytes.",
    )
    fail_on: tuple[str, ...] = _option(
        (),
        _Choices(tuple(HEALTH_KINDS), many=True),
        "Health kinds reported as warnings (which fail a strict build), not info.",
    )
    map_hide: tuple[str, ...] = _option(
        ("navigation", "toc"),
        _Choices(MAP_HIDE, many=True),
        "What Material hides beside a map (its `hide` page metadata), so the map gets the width.",
    )
    poster_size: str = _option(
        "A3", _Choices(POSTER_SIZES), "The paper a printed map fits on, landscape."
    )
    one_tab: bool | None = _option(
        None,
        _Switch("then on when Material's navigation.tabs is on"),
        "Metrics, Research library, What changed and Map health inside the Journeys "
        "section, so that Material's navigation.tabs shows one tab for journeymap "
        "(MkDocs only: Zensical's navigation follows the folders).",
    )
    audience: str = _option(
        "customers",
        _word("patients"),
        "Who goes through the journeys, in the plural (`patients`), in every label naming them "
        "(left out: customers, in the site's language).",
    )
    audience_singular: str | None = _option(
        None,
        _word("patient"),
        "The singular, when it is not the plural without its final s (`person`).",
    )
    language: str | None = _option(
        None,
        _Text("a language code", "de"),
        "The language of journeymap's labels, dates and numbers (`de`), when it is not "
        "the theme's `language` (Material's setting; `en` when absent).",
    )

    @classmethod
    def of(cls, given: Mapping[str, Any]) -> Options:
        """The options from what mkdocs.yml gives, checked before (`problems`); nothing
        (null) means the default, as in MkDocs, and lists become tuples."""
        values: dict[str, Any] = {
            option.name: tuple(value) if isinstance(value, list) else value
            for option in OPTIONS
            if (value := given.get(option.name)) is not None
        }
        return cls(**values)


OPTIONS: tuple[Field[Any], ...] = fields(Options)
"""Every option, in the order declared."""


def problem(name: str, value: object) -> str | None:
    """Why `value` is not allowed for the option `name` (with what is), or None."""
    allows: Allows = next(o for o in OPTIONS if o.name == name).metadata["allows"]
    return allows.problem(value)


def problems(given: Mapping[str, object]) -> list[tuple[str, str]]:
    """(option, why) for each option given a value it does not allow.

    An option left out, or set to nothing where that means its default, is not checked.
    """
    found = []
    for option in OPTIONS:
        value = given.get(option.name)
        why = None if value is None else option.metadata["allows"].problem(value)
        if why:
            found.append((option.name, why))
    return found
