"""The site in its readers' language (issue #30): the example site built in English,
German and French, compared word by word.

A word of a German or French page is an English label left over when the English build
shows it as a label (it is not the content's own: the YAML and CSV files' words, the
audience word) and the language's catalogues never use it. Machine outputs
(`actions.csv`, `map.json`) stay as they are whatever the language.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from journeymap import i18n
from journeymap.engines.languages import site_language
from journeymap.engines.zensical import generate
from journeymap.site.charts import ChartRenderer
from journeymap.site.pages import Templates

from .conftest import REPO, build_site, copy_example, run_mkdocs
from .sitekit import nav_titles

PLUGIN_ENTRY = "  - journeymap:\n      content_dir: content\n"
PAGES = {
    "map": "journeys/b2b-subscription/",
    "stage": "journeys/b2b-subscription/onboarding/",
    "landscape": "journeys/",
    "changes": "changes/",
    "health": "health/",
    "actions": "actions/",
    "teams": "teams/",
}
_FILE_NAME = re.compile(r"\b[\w-]+\.(?:csv|inv|json|mmd|svg|xml)\b")
_WORD = re.compile(r"[^\W\d_]+")


def configured(root: Path, *, option: str | None = None, theme: str | None = None) -> Path:
    """The example site in `root`, its language set by journeymap's option or the theme's."""
    copy_example(root)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert PLUGIN_ENTRY in text and "\ntheme:\n" in text
    if option:
        text = text.replace(PLUGIN_ENTRY, f"{PLUGIN_ENTRY}      language: {option}\n")
    if theme:
        text = text.replace("\ntheme:\n", f"\ntheme:\n  language: {theme}\n")
    config.write_text(text, encoding="utf-8")
    return root


def built(root: Path) -> Path:
    """The site built in-process (the language it chose is not left to the next test)."""
    with i18n.speaking(i18n.current()):
        build_site(root)
    return root / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example site in English, in German (the plugin's option) and in French
    (Material's theme.language)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1795000000")
        return {
            "en": built(configured(tmp_path_factory.mktemp("en"))),
            "de": built(configured(tmp_path_factory.mktemp("de"), option="de")),
            "fr": built(configured(tmp_path_factory.mktemp("fr"), theme="fr")),
        }


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def visible_text(site: Path, url: str) -> str:
    """What journeymap writes on a page for readers: the article's text, SVG titles
    included, and its text alternatives (aria-label, title). Code (a Mermaid diagram or
    an embed snippet to copy, a file's path) is for machines, and the headings' permanent
    links are Python-Markdown's."""
    article = page(site, url).select_one("article")
    assert article is not None, url
    for machine in article.select("pre, code, a.headerlink"):
        machine.decompose()
    alternatives = [
        str(tag[name]) for name in ("aria-label", "title") for tag in article.select(f"[{name}]")
    ]
    text = " ".join([article.get_text(" "), *alternatives])
    # A file's name (hierarchy.mmd, map.json) is its name in every language.
    return _FILE_NAME.sub(" ", text)


def words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text)}


def content_words() -> set[str]:
    """Every word of the content's files (the example leaves the audience word out: the
    language's own is used)."""
    found: set[str] = set()
    for path in (REPO / "content").rglob("*"):
        if path.suffix in (".yml", ".yaml", ".csv"):
            found |= words(path.read_text(encoding="utf-8"))
    return found


def language_words(code: str) -> set[str]:
    """The words a language's build may use: its catalogues' and its calendar's."""
    found: set[str] = set()
    for path in sorted((i18n.LOCALES / code).glob("*.po")):
        with path.open("rb") as file:
            for message in read_po(file, locale=code):
                strings = message.string if isinstance(message.string, tuple) else [message.string]
                found |= words(" ".join(strings))
    locale = Locale.parse(code)
    for names in (*locale.months["format"].values(), *locale.days["format"].values()):
        found |= words(" ".join(names.values()))
    return found


@pytest.mark.parametrize("code", ["de", "fr"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_english_label_is_left(sites: dict[str, Path], code: str, name: str) -> None:
    url = PAGES[name]
    english_labels = words(visible_text(sites["en"], url)) - content_words()
    left = words(visible_text(sites[code], url)) & english_labels
    assert sorted(left - language_words(code)) == []


def axis_months(site: Path, url: str) -> list[str]:
    """The month labels of a page's chart axes (years alone are left out)."""
    labels = [text.get_text() for text in page(site, url).select("g.axis.x text")]
    return [label for label in labels if not label.isdigit()]


def test_chart_axes_have_the_languages_month_names(sites: dict[str, Path]) -> None:
    for code in ("de", "fr"):
        months = axis_months(sites[code], PAGES["stage"])
        names = set(Locale.parse(code).months["format"]["abbreviated"].values())
        assert months, code
        assert all(m.rsplit(" ", 1)[0] in names and m[-4:].isdigit() for m in months), months
    assert "Juli 2026" in axis_months(sites["de"], PAGES["stage"])
    assert "Jul 2026" in axis_months(sites["en"], PAGES["stage"])


_VALUE = re.compile(r"\d+([.,])\d+/5")


def test_values_have_the_languages_decimal_sign(sites: dict[str, Path]) -> None:
    """Values with a unit (`3.6/5`) as the landscape and a map show them: a decimal comma
    in German and French."""
    for url in (PAGES["landscape"], PAGES["map"]):
        signs = {code: set(_VALUE.findall(visible_text(sites[code], url))) for code in sites}
        assert signs == {"en": {"."}, "de": {","}, "fr": {","}}, url


def test_machine_outputs_are_the_same_in_every_language(sites: dict[str, Path]) -> None:
    machine = [
        "actions/actions.csv",
        "journeys/b2b-subscription/map.json",
        "journeys/grocery-app/map.json",
        "objects.inv",
    ]
    for path in machine:
        english = (sites["en"] / path).read_bytes()
        assert (sites["de"] / path).read_bytes() == english, path
        assert (sites["fr"] / path).read_bytes() == english, path


def test_the_option_wins_over_the_theme(tmp_path: Path) -> None:
    site = built(configured(tmp_path, option="de", theme="fr"))
    assert "Kennzahlen" in nav_titles(page(site, "metrics/"))


def test_another_language_builds_in_english_and_says_so_once(tmp_path: Path) -> None:
    root = configured(tmp_path, theme="ja")
    result = run_mkdocs(root)
    assert result.returncode == 0, result.stderr  # --strict: information, not a warning
    said = [line for line in result.stderr.splitlines() if "'ja'" in line]
    assert said == [
        "INFO    -  journeymap: the site's language is 'ja', which journeymap does not speak "
        "(it speaks de, en, es, fr, nl): its labels, dates and numbers are in English"
    ]
    assert "Metrics" in nav_titles(page(root / "site", "metrics/"))
    shipped = run_mkdocs(configured(tmp_path / "de", theme="de-CH"))
    assert "does not speak" not in shipped.stderr


def test_pages_kept_in_cache_dir_are_not_shown_in_another_language(tmp_path: Path) -> None:
    """English, then German with the same cache_dir: nothing English is reused; German
    again reuses every journey's pages and charts."""
    root = configured(tmp_path)
    config = root / "mkdocs.yml"
    cached = config.read_text().replace(PLUGIN_ENTRY, PLUGIN_ENTRY + "      cache_dir: .cache\n")
    config.write_text(cached)
    assert "reused from the last build: the pages of 0 journeys" in run_mkdocs(root).stderr
    config.write_text(
        cached.replace("cache_dir: .cache\n", "cache_dir: .cache\n      language: de\n")
    )
    german = run_mkdocs(root)
    assert "aus dem letzten Build wiederverwendet: die Seiten von 0 Journeys und 0 Diagramme" in (
        german.stderr
    )
    assert "Juli 2026" in axis_months(root / "site", PAGES["stage"])
    again = run_mkdocs(root)
    assert "0 Diagramme gezeichnet" in again.stderr
    assert "wiederverwendet: die Seiten von 3 Journeys" in again.stderr


def test_zensical_generate_follows_the_theme_language(tmp_path: Path) -> None:
    root = configured(tmp_path, theme="nl")
    with i18n.speaking(i18n.current()):
        done = generate(root / "mkdocs.yml")
    assert done.summary.startswith("geladen: 3 journeys (20 huidige fasen)")
    assert done.language_note == ""
    stage = (root / "docs" / "journeys" / "b2b-subscription" / "onboarding.md").read_text()
    assert ">jul 2026</text>" in stage


class _I18nPlugin:
    """What mkdocs-static-i18n says of the language it builds."""

    def __init__(self, current: str | None, default: str) -> None:
        self.current_language = current
        self.default_language = default


@pytest.mark.parametrize(
    ("theme", "plugins", "language"),
    [
        ({"language": "de"}, {}, "de"),
        ({"locale": "fr"}, {}, "fr"),  # MkDocs' own themes
        ({}, {}, None),
        # mkdocs-static-i18n: the first build (before its on_config) is the default one.
        ({"language": "en"}, {"i18n": _I18nPlugin(None, "nl")}, "nl"),
        ({"language": "nl"}, {"i18n": _I18nPlugin("fr", "nl")}, "fr"),
    ],
)
def test_the_site_language_is_the_one_being_built(
    theme: dict[str, str], plugins: dict[str, object], language: str | None
) -> None:
    assert site_language(theme, plugins) == language


def test_adding_a_language_is_extracting_and_editing_po_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guide's procedure, on a copy of the catalogues: `tools/messages.py --add pt`
    starts them, a translator edits a .po file as text, and journeymap reads it as it is
    (no compile step)."""
    from .test_translations import messages_tool

    locales = tmp_path / "locales"
    shutil.copytree(i18n.LOCALES, locales)
    monkeypatch.setattr(messages_tool, "LOCALES", locales)
    assert messages_tool.main(["--add", "pt"]) == 0
    site = locales / "pt" / "site.po"
    text = site.read_text(encoding="utf-8")
    assert 'msgid "Metrics"\nmsgstr ""\n' in text
    site.write_text(
        text.replace('msgid "Metrics"\nmsgstr ""\n', 'msgid "Metrics"\nmsgstr "Métricas"\n'),
        encoding="utf-8",
    )
    with i18n.speaking(i18n.language("pt")) as english:  # not shipped: this copy is not
        assert english.code == "en"
    translations = i18n._catalogues(locales / "pt")
    assert translations.gettext("Metrics") == "Métricas"
    assert translations.gettext("Teams") == "Teams"  # not translated yet: English


def test_a_translator_without_python_copies_the_templates(tmp_path: Path) -> None:
    """The guide's other way to start a language: each `locales/<layer>.pot` copied as
    `locales/<language>/<layer>.po` (a PO editor does it too) is read as it is."""
    folder = tmp_path / "pt"
    folder.mkdir()
    for template in i18n.LOCALES.glob("*.pot"):
        shutil.copy(template, folder / f"{template.stem}.po")
    site = folder / "site.po"
    text = site.read_text(encoding="utf-8")
    site.write_text(
        text.replace('msgid "Metrics"\nmsgstr ""\n', 'msgid "Metrics"\nmsgstr "Métricas"\n'),
        encoding="utf-8",
    )
    translations = i18n._catalogues(folder)
    assert translations.gettext("Metrics") == "Métricas"
    assert translations.ngettext("%(num)d stage", "%(num)d stages", 2) == "%(num)d stages"


def test_templates_write_numbers_and_days_for_readers_in_the_language() -> None:
    templates = Templates([], ChartRenderer(), use_directory_urls=True)
    shown = templates.env.from_string("{{ value|number }} {{ 4.25|number }} {{ day|date }}")
    day = dt.date(2026, 11, 18)
    assert shown.render(value=4.25, day=day) == "4.25 4.25 18 Nov 2026"
    with i18n.speaking(i18n.language("de")):
        assert shown.render(value=4.25, day=day) == "4,25 4,25 18.11.2026"


def test_the_action_plan_speaks_german_numbers_and_its_filter_words(sites: dict[str, Path]) -> None:
    german = page(sites["de"], "actions/")
    output = german.select_one(".jm-filter output")
    assert output is not None and output["data-words"] == "{shown} von {total} angezeigt"
    priorities = [a.get_text() for a in page(sites["de"], PAGES["stage"]).select("a.jm-rank")]
    english = [a.get_text() for a in page(sites["en"], PAGES["stage"]).select("a.jm-rank")]
    decimals = re.compile(r"\d+[.,]\d+")
    german_numbers = [n for p in priorities for n in decimals.findall(p)]
    english_numbers = [n for p in english for n in decimals.findall(p)]
    assert english_numbers and all("." in n for n in english_numbers)
    assert german_numbers == [n.replace(".", ",") for n in english_numbers]


def test_values_as_recorded_keep_their_digits_with_the_languages_decimal_sign(
    sites: dict[str, Path],
) -> None:
    def cells(code: str) -> list[str]:
        table = page(sites[code], PAGES["stage"]).select(".jm-values-table tbody td")
        return [cell.get_text() for cell in table]

    english, german = cells("en"), cells("de")
    assert any(re.search(r"\d\.\d", cell) for cell in english)
    assert [re.sub(r"(\d),(\d)", r"\1.\2", cell) for cell in german] != german
    assert not any(re.search(r"\d\.\d", cell) for cell in german)
