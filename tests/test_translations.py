"""The shipped catalogues: complete, in step with the code, and read as a translator wrote them."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from journeymap import i18n

ROOT = Path(__file__).parent.parent


def _load_tool():
    spec = importlib.util.spec_from_file_location("messages_tool", ROOT / "tools" / "messages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


messages_tool = _load_tool()
TRANSLATED = [code for code in i18n.SHIPPED if code != i18n.SOURCE]
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%%|\{(\w+)\}")


def _placeholders(text: str) -> set[str]:
    """`%(name)s` and `{name}` (a script fills those), by name."""
    return {m[1] or m[2] for m in _PLACEHOLDER.finditer(text) if m[1] or m[2]}


def _catalogue_files(code: str) -> list[Path]:
    return sorted((i18n.LOCALES / code).glob("*.po"))


def test_the_templates_and_every_catalogue_hold_the_codes_messages():
    assert messages_tool.out_of_date() == [], "run: python tools/messages.py"


def test_every_shipped_language_has_catalogues_and_no_other_folder_is_there():
    assert messages_tool.languages() == TRANSLATED
    for code in TRANSLATED:
        assert _catalogue_files(code), code


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_with_the_same_placeholders(code):
    plural_forms = Locale.parse(code).plural_form
    problems = []
    for path in _catalogue_files(code):
        with path.open("rb") as file:
            catalog = read_po(file, locale=code)
        for message in catalog:
            if not message.id:
                continue
            where = f"{path.relative_to(ROOT)}: {message.id!r}"
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                problems.append(f"{where}: not translated")
                continue
            if isinstance(message.id, tuple) and len(strings) != catalog.num_plurals:
                problems.append(f"{where}: {len(strings)} plural forms, not {catalog.num_plurals}")
            wanted = _placeholders(ids[-1])
            for string in strings:
                # A plural form for one may say "one" instead of the number.
                have = _placeholders(string)
                if have - wanted or (wanted - have) - {"num"}:
                    problems.append(f"{where}: placeholders {sorted(have)} for {sorted(wanted)}")
    assert plural_forms  # Babel knows the language's plural rules
    assert problems == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_build_speaks_what_the_catalogue_says(code):
    with i18n.speaking(i18n.language(code)):
        for path in _catalogue_files(code):
            with path.open("rb") as file:
                catalog = read_po(file, locale=code)
            for message in catalog:
                if message.id and not isinstance(message.id, tuple) and not message.context:
                    assert i18n.current().translations.gettext(message.id) == message.string
    assert i18n.current().code == i18n.SOURCE


@pytest.mark.parametrize(
    ("requested", "code", "shipped"),
    [
        ("de", "de", True),
        ("de-CH", "de", True),
        ("fr_CA", "fr", True),
        ("nl", "nl", True),
        ("en", "en", True),
        ("pt-BR", "en", False),
        ("zh-Hant", "en", False),
        ("not a language", "en", False),
        ("", "en", True),
    ],
)
def test_a_site_language_is_spoken_when_shipped_and_english_otherwise(requested, code, shipped):
    chosen = i18n.language(requested)
    assert (chosen.code, chosen.shipped) == (code, shipped)


def test_numbers_and_dates_follow_the_language():
    german, english, french = i18n.language("de"), i18n.language("en"), i18n.language("fr")
    assert (german.number(4.2), english.number(4.2), german.number(12500)) == (
        "4,2",
        "4.2",
        "12500",
    )
    assert german.number(-0.25) == "-0,25"
    assert (german.recorded("3.90"), english.recorded("3.90")) == ("3,90", "3.90")
    assert (german.recorded("-2"), german.recorded("4.1.2")) == ("-2", "4.1.2")
    assert german.month_year(dt.date(2026, 3, 1)) == "März 2026"
    assert english.month_year(dt.date(2026, 4, 1)) == "Apr 2026"
    assert french.and_list(["a", "b", "c"]) == "a, b et c"
    assert english.and_list(["a", "b", "c"]) == "a, b and c"


def test_messages_fill_their_placeholders():
    assert i18n._("%(count)s of %(total)s", count=2, total=5) == "2 of 5"
    assert i18n.ngettext("%(num)d stage", "%(num)d stages", 1) == "1 stage"
    assert i18n.ngettext("%(num)d stage", "%(num)d stages", 3) == "3 stages"
