"""The site's language: its words from message catalogues, its dates and numbers by Babel.

Messages are written in English in the code (`_("Pain points")`) and in the templates
(`{{ _("Pain points") }}`). Each shipped language has its catalogues in
`journeymap/locales/<language>/<layer>.po`, one per layer of the package (`site.po`,
`analysis.po`, ..., and `templates.po` for the pages' templates), read at run time by
Babel: a translator edits `.po` files and nothing else, with no compile step.
`tools/messages.py` extracts the messages into `locales/<layer>.pot` and brings every
catalogue up to date; `tests/test_translations.py` fails when a catalogue misses a
message or a translation drops a placeholder.

The language is chosen once per build (`use`), before any sentence is worded: the
analysis words changes and health items, the site its labels, all through the module's
functions (`_`, `ngettext`, `pgettext`, and `current()` for dates and numbers). Values
for machines (CSV, `map.json`, `objects.inv`) are never formatted here.
"""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import TypeVar

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, get_decimal_symbol
from babel.support import Translations

LOCALES = Path(__file__).parent / "locales"
"""`<language>/<layer>.po` for every shipped language, and `<layer>.pot`, the templates."""

SOURCE = "en"
"""The language of the messages in the code: it needs no catalogue."""

SHIPPED = tuple(sorted({SOURCE, *(p.name for p in LOCALES.iterdir() if p.is_dir())}))
"""The languages journeymap speaks (English, and each that has a folder of catalogues:
adding one needs no Python); a site in another one gets English labels."""

_RECORDED_NUMBER = re.compile(r"[-+]?\d*\.?\d+")
"""A value as a snapshot file records it."""

_REGION = {"en": "en_GB"}
"""Whose dates and lists a language's pages follow: journeymap's English is British
(`18 Nov 2026`, `a, b and c`), as its words are."""


@dataclass(frozen=True)
class Language:
    """One language's words, dates and numbers."""

    code: str
    """The shipped language in use (`de`), English when the site's is not shipped."""
    requested: str
    """The language the site asked for, as it wrote it (`de-CH`, `pt-BR`, `en`)."""
    translations: gettext_module.NullTranslations
    locale: Locale

    @property
    def shipped(self) -> bool:
        """Whether journeymap speaks the language the site asked for."""
        return _shipped_code(self.requested) is not None

    def number(self, value: float) -> str:
        """A value as the author wrote it, with the language's decimal sign: `4,2`, not
        `4.20` (up to six decimals, no grouping, as `f"{value:g}"` writes `4.2`)."""
        return _formatted_number(self.locale, value + 0.0)  # -0.0 is 0

    def recorded(self, text: str) -> str:
        """A value as recorded (`3.90`: its digits kept, trailing zeros included), with
        the language's decimal sign (`3,90`); any other text as it is."""
        if self._decimal_sign == "." or not _RECORDED_NUMBER.fullmatch(text):
            return text
        return text.replace(".", self._decimal_sign)

    @cached_property
    def _decimal_sign(self) -> str:
        return get_decimal_symbol(self.locale)

    def month_year(self, day: dt.date) -> str:
        """`Apr 2026`, `Apr. 2026`, `avr. 2026`: a chart axis' month."""
        return _formatted_date(self.locale, day, "MMM y")

    def date(self, day: dt.date) -> str:
        """`18 Nov 2026`, `18.11.2026`, `18 nov. 2026`: a day in a sentence."""
        return _formatted_date(self.locale, day, "medium")

    def and_list(self, items: Sequence[str]) -> str:
        """`a, b and c`, `a, b und c`, `a, b et c`."""
        return format_list(list(items), locale=self.locale) if items else ""


# Babel formats a number in about 30 µs, and a large site shows the same few thousand
# values and dates hundreds of thousands of times.
@lru_cache(maxsize=1 << 16)
def _formatted_number(locale: Locale, value: float) -> str:
    return format_decimal(value, format="0.######", locale=locale, decimal_quantization=False)


@lru_cache(maxsize=1 << 12)
def _formatted_date(locale: Locale, day: dt.date, pattern: str) -> str:
    return format_date(day, pattern, locale=locale)


def _shipped_code(requested: str) -> str | None:
    """The shipped language of a code as sites write it (`de`, `de_DE`, `de-CH`)."""
    try:
        language = Locale.parse(requested.replace("-", "_")).language
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    return language if language in SHIPPED else None


@cache
def language(requested: str | None = None) -> Language:
    """The language a site asks for (`theme.language`, or journeymap's `language`
    option), or English when journeymap does not ship it (`Language.shipped` says so:
    the build says it once in its log)."""
    requested = (requested or SOURCE).strip() or SOURCE
    code = _shipped_code(requested) or SOURCE
    translations = (
        gettext_module.NullTranslations() if code == SOURCE else _catalogues(LOCALES / code)
    )
    return Language(code, requested, translations, Locale.parse(_REGION.get(code, code)))


def _catalogues(folder: Path) -> Translations:
    """Every `.po` file of a language's folder, as one set of translations. Untranslated
    and fuzzy messages fall back to English (the tests keep the shipped ones complete)."""
    merged = Catalog(locale=folder.name)
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as file:
            for message in read_po(file, locale=folder.name):
                if message.id and message.string and not message.fuzzy:
                    merged[message.id] = message
    compiled = io.BytesIO()
    write_mo(compiled, merged)
    compiled.seek(0)
    return Translations(compiled)


_ACTIVE: ContextVar[Language] = ContextVar("journeymap_language")


def use(chosen: Language) -> None:
    """Speak `chosen` from now on (a build chooses its language before it words anything)."""
    _ACTIVE.set(chosen)


@contextmanager
def speaking(chosen: Language) -> Iterator[Language]:
    """Speak `chosen` inside the block, and what was spoken before after it."""
    token = _ACTIVE.set(chosen)
    try:
        yield chosen
    finally:
        _ACTIVE.reset(token)


def current() -> Language:
    """The language in use: English until a build chooses one."""
    return _ACTIVE.get(None) or language(SOURCE)


def _(message: str, **values: object) -> str:
    """`message` in the language in use, with `%(name)s` placeholders filled from
    `values` (a message with values writes a literal percent sign as `%%`)."""
    translated = current().translations.gettext(message)
    return translated % values if values else translated


def ngettext(singular: str, plural: str, count: int, **values: object) -> str:
    """The form of a message for `count`, as the language's plural rules choose it (some
    languages have more than two), with `%(num)d` the count and `values` filled in."""
    return current().translations.ngettext(singular, plural, count) % {"num": count, **values}


def pgettext(context: str, message: str, **values: object) -> str:
    """`message` as meant in `context`, for an English word that translates two ways
    (`pgettext("lane", "Emotion")`)."""
    translated = current().translations.pgettext(context, message)
    return translated % values if values else translated


def N_(message: str) -> str:
    """`message` as it is, marked for the catalogues: a label kept in a table made once
    (`Labels`), translated when it is read, in the language in use then."""
    return message


_Key = TypeVar("_Key")


class Labels(Mapping[_Key, str]):
    """A table of labels marked with `N_` (`{1: N_("Frustrated")}`), each read in the
    language in use: a module's table is made once, before any build chooses one."""

    def __init__(self, labels: Mapping[_Key, str]) -> None:
        self._labels = dict(labels)

    def __getitem__(self, key: _Key) -> str:
        return _(self._labels[key])

    def __iter__(self) -> Iterator[_Key]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)
