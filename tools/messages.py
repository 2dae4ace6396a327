"""Keeps journeymap's message catalogues in step with the code.

    python tools/messages.py           # extract the messages, then update every catalogue
    python tools/messages.py --check   # say what is out of date; exit 1 if anything is
    python tools/messages.py --add xx  # start the catalogues of a new language `xx`

Extracting reads every `_()`, `ngettext()` and `pgettext()` of the package's Python
modules and templates into `plugin/journeymap/locales/<layer>.pot`, one template per
layer of the package (`site`, `analysis`, ...; the package root's modules are `common`,
the pages' templates `templates`): a message belongs to the layer of the first file that
uses it. Updating gives each language's `<language>/<layer>.po` the new messages
(untranslated) and drops the ones the code no longer uses. Translating needs no Python:
a `.po` file is edited by hand or with a PO editor (Poedit, Lokalize, Weblate), and
journeymap reads it as it is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parent.parent / "plugin" / "journeymap"
LOCALES = PACKAGE / "locales"

_TEMPLATES = "**/templates/**"
_METHODS = [(_TEMPLATES, "jinja2.ext:babel_extract"), ("**.py", "python")]
_OPTIONS = {
    # As site/pages.py makes its environment: the same whitespace, newstyle gettext.
    _TEMPLATES: {
        "extensions": "jinja2.ext.i18n",
        "newstyle_gettext": "true",
        "trim_blocks": "true",
        "lstrip_blocks": "true",
        "keep_trailing_newline": "true",
        "silent": "false",
    }
}
# Fixed dates: the files change only when their messages do.
_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def layer_of(path: str) -> str:
    """`site` for `site/charts.py`, `common` for the root's modules, and `templates` for
    the pages' templates (the most words: a catalogue of their own)."""
    parts = Path(path).parts
    if "templates" in parts[:-1]:
        return "templates"
    return parts[0] if len(parts) > 1 else "common"


def extracted() -> dict[str, Catalog]:
    """The package's messages, as one template catalogue per layer."""
    found: dict[tuple[str | tuple[str, ...], str | None], list[tuple[str, int, list[str]]]] = (
        defaultdict(list)
    )
    for path, line, message, comments, context in _extract():
        found[(message, context)].append((path, line, comments))
    templates: dict[str, Catalog] = {}
    for (message, context), places in sorted(found.items(), key=lambda item: sorted(item[1])):
        first = min(places)[0]
        layer = layer_of(first)
        catalog = templates.setdefault(layer, _catalog(None))
        catalog.add(
            message,
            locations=sorted({(path, line) for path, line, _ in places}),
            auto_comments=[c for _, _, comments in places for c in comments],
            context=context,
        )
    return templates


def _extract() -> Iterator[tuple[str, int, str | tuple[str, ...], list[str], str | None]]:
    keywords = dict(DEFAULT_KEYWORDS)
    yield from extract_from_dir(
        PACKAGE,
        method_map=_METHODS,
        options_map=_OPTIONS,
        keywords=keywords,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )


def _catalog(locale: str | None) -> Catalog:
    return Catalog(
        locale=locale,
        project="journeymap",
        creation_date=_DATE,
        revision_date=_DATE,
        charset="utf-8",
        copyright_holder="the journeymap authors",
    )


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=88, include_lineno=False, ignore_obsolete=True)


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=locale)


def languages() -> list[str]:
    """The languages that have catalogues."""
    return sorted(p.name for p in LOCALES.iterdir() if p.is_dir()) if LOCALES.is_dir() else []


def updated(template: Catalog, path: Path, locale: str) -> Catalog:
    """A language's catalogue of one layer, with `template`'s messages and no others."""
    catalog = _read(path, locale) if path.exists() else _catalog(locale)
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    catalog.revision_date = _DATE
    return catalog


def _ids(catalog: Catalog) -> set[tuple[object, str | None]]:
    return {(m.id, m.context) for m in catalog if m.id}


def out_of_date() -> list[str]:
    """What `python tools/messages.py` would change, one line each."""
    said = []
    templates = extracted()
    on_disk = {p.stem: _read(p) for p in LOCALES.glob("*.pot")}
    for layer in sorted(set(templates) | set(on_disk)):
        wanted = _ids(templates.get(layer, _catalog(None)))
        have = _ids(on_disk.get(layer, _catalog(None)))
        for message, _context in sorted(wanted - have, key=str):
            said.append(f"locales/{layer}.pot: missing {message!r}")
        for message, _context in sorted(have - wanted, key=str):
            said.append(f"locales/{layer}.pot: no longer used {message!r}")
    for language in languages():
        for layer, template in sorted(templates.items()):
            path = LOCALES / language / f"{layer}.po"
            have = _ids(_read(path, language)) if path.exists() else set()
            for message, _context in sorted(_ids(template) - have, key=str):
                said.append(f"locales/{language}/{layer}.po: missing {message!r}")
    return said


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if out of date"
    )
    parser.add_argument("--add", metavar="LANGUAGE", help="start a new language's catalogues")
    args = parser.parse_args(argv)
    if args.check:
        said = out_of_date()
        print("\n".join(said) or "Every catalogue is up to date.")
        return 1 if said else 0
    templates = extracted()
    for stale in LOCALES.glob("*.pot"):
        if stale.stem not in templates:
            stale.unlink()
    for layer, template in templates.items():
        _write(LOCALES / f"{layer}.pot", template)
    for language in sorted({*languages(), *([args.add] if args.add else [])}):
        for layer, template in templates.items():
            path = LOCALES / language / f"{layer}.po"
            _write(path, updated(template, path, language))
    print(f"{sum(len(t) for t in templates.values())} messages in {len(templates)} templates.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
