"""The pages' own words in the site's language (issue 30): lanes, headings, labels.

The example content is rendered in English, German and French as a build renders it
(`i18n.speaking`), each page through Python-Markdown with the example site's extensions
and a few more that read text as syntax, and read back with BeautifulSoup.
"""

from __future__ import annotations

import datetime as dt
import shutil

import markdown
import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from journeymap import i18n
from journeymap.content.loader import load_content
from journeymap.content.model import Content
from journeymap.site.render import Renderer
from journeymap.site.settings import Settings

from .conftest import REPO

TODAY = dt.date(2026, 11, 18)
PAGES = {
    "map": "journeys/b2b-subscription/index.md",
    "stage": "journeys/b2b-subscription/onboarding.md",
    "landscape": "journeys/index.md",
    "changes": "changes/index.md",
    "health": "health/index.md",
    "actions": "actions/index.md",
    "teams": "teams/index.md",
    "history": "journeys/b2b-subscription/history.md",
    "planned": "journeys/b2b-subscription/v3.md",
}
EXTENSIONS = [
    # The example site's, and what else reads text as syntax: emphasis, emoji, tables.
    "admonition",
    "attr_list",
    "md_in_html",
    "toc",
    "tables",
    "def_list",
    "pymdownx.betterem",
    "pymdownx.emoji",
]
LANES = {
    "en": {
        "pain_points": "Pain points",
        "moments": "Moments of truth",
        "owner": "Owner",
        "goals": "Goals",
        "actions": "Actions",
        "touchpoints": "Touchpoints",
        "line_of_visibility": "Line of visibility",
        "backstage": "Backstage",
        "support": "Support",
        "opportunities": "Opportunities",
        "metric": "Featured metric",
    },
    "de": {
        "pain_points": "Pain Points",
        "moments": "Momente der Wahrheit",
        "owner": "Verantwortlich",
        "goals": "Ziele",
        "actions": "Handlungen",
        "touchpoints": "Touchpoints",
        "line_of_visibility": "Sichtbarkeitslinie",
        "backstage": "Hinter den Kulissen",
        "support": "Unterstützende Prozesse",
        "opportunities": "Chancen",
        "metric": "Hervorgehobene Kennzahl",
    },
    "fr": {
        "pain_points": "Points de friction",
        "moments": "Moments de vérité",
        "owner": "Responsable",
        "goals": "Objectifs",
        "actions": "Actions",
        "touchpoints": "Points de contact",
        "line_of_visibility": "Ligne de visibilité",
        "backstage": "En coulisses",
        "support": "Processus de support",
        "opportunities": "Opportunités",
        "metric": "Indicateur mis en avant",
    },
}
HEADINGS = {
    # A page's headings (h1, h2) that its template words, in each language.
    "en": {
        "map": ["Journey metrics", "Personas"],
        "stage": ["Place in the journey", "Emotion", "Pain points", "Evidence", "Metrics"],
        "landscape": ["Journeys", "At a glance", "Moments that matter"],
        "changes": ["What changed", "Coming up"],
        "health": ["Map health"],
        "actions": ["Action plan", "Value and effort", "Not scored yet (1)", "Done (7)"],
        "teams": ["Teams"],
        "history": ["History of Acme Cloud for Business", "Version 3: 2027-02-01 (planned)"],
        "planned": ["Acme Cloud for Business, version 3"],
    },
    "de": {
        "map": ["Kennzahlen der Journey", "Personas"],
        "stage": ["Platz in der Journey", "Emotion", "Pain Points", "Belege", "Kennzahlen"],
        "landscape": ["Journeys", "Auf einen Blick", "Momente, auf die es ankommt"],
        "changes": ["Was sich geändert hat", "Demnächst"],
        "health": ["Zustand der Karten"],
        "actions": ["Maßnahmenplan", "Nutzen und Aufwand", "Noch nicht bewertet (1)"],
        "teams": ["Teams"],
        "history": ["Verlauf von Acme Cloud for Business", "Version 3: 2027-02-01 (geplant)"],
        "planned": ["Acme Cloud for Business, Version 3"],
    },
    "fr": {
        "map": ["Indicateurs du parcours", "Personas"],
        "stage": ["Place dans le parcours", "Émotion", "Points de friction", "Preuves"],
        "landscape": ["Parcours", "En un coup d'œil", "Les moments qui comptent"],
        "changes": ["Ce qui a changé", "À venir"],
        "health": ["Santé des cartes"],
        "actions": ["Plan d'action", "Valeur et effort", "Réalisées (7)"],
        "teams": ["Équipes"],
        "history": ["Historique de Acme Cloud for Business"],
        "planned": ["Acme Cloud for Business, version 3"],
    },
}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(REPO / "content", display_root=REPO, today=TODAY)


def pages(content: Content, code: str, settings: Settings | None = None) -> dict[str, str]:
    """The HTML of `PAGES` in language `code`, as a build in that language writes them."""
    with i18n.speaking(i18n.language(code)):
        made = {p.src_uri: p for p in Renderer(content, settings).pages()}
        return {
            name: made[uri].finish(markdown.markdown(made[uri].markdown, extensions=EXTENSIONS))
            for name, uri in PAGES.items()
        }


@pytest.fixture(scope="module")
def html(content: Content) -> dict[str, dict[str, str]]:
    return {code: pages(content, code) for code in ("en", "de", "fr")}


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


def headings(text: str) -> list[str]:
    return [h.get_text("", strip=True) for h in soup(text).select("h1, h2")]


@pytest.mark.parametrize("code", ["en", "de", "fr"])
def test_the_map_names_its_lanes_in_the_sites_language(html, code):
    page = soup(html[code]["map"])
    lanes = {row["data-lane"]: row.th.get_text("", strip=True) for row in page.select("tr.jm-lane")}
    # The planned version's map adds the service blueprint's lanes.
    planned = soup(html[code]["planned"]).select("tr.jm-lane")
    lanes |= {row["data-lane"]: row.th.get_text("", strip=True) for row in planned}
    assert {lane: lanes.get(lane) for lane in LANES[code]} == LANES[code]
    # A cell names its lane for the stage-by-stage story on a phone (`data-title`).
    cell = page.select_one('tr[data-lane="goals"] td')
    assert cell["data-title"] == LANES[code]["goals"]
    emotion = page.select_one('tr[data-lane="emotion"] th').get_text("", strip=True)
    assert emotion.startswith({"en": "Emotion", "de": "Emotion", "fr": "Émotion"}[code])


@pytest.mark.parametrize("code", ["en", "de", "fr"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_words_its_headings_in_the_sites_language(html, code, name):
    found = headings(html[code][name])
    for heading in HEADINGS[code][name]:
        assert heading in found, (heading, found)


@pytest.mark.parametrize("code", ["en", "de", "fr"])
def test_a_stage_keeps_the_english_anchors_that_links_name(html, code):
    # Health items, the action plan, objects.inv and authors' links name these.
    page = soup(html[code]["stage"])
    for anchor in ("touchpoints", "moments-of-truth", "opportunities", "evidence", "metrics"):
        assert len(page.select(f'[id="{anchor}"]')) == 1, anchor


def test_labels_and_sentences_the_templates_write_are_translated(html):
    de, fr = html["de"], html["fr"]
    assert "Phase 4 von 7 in" in soup(de["stage"]).select_one(".jm-meta").get_text(" ")
    assert soup(de["stage"]).find("dt", string="Customers kommen von")
    assert soup(fr["stage"]).find("dt", string="Les customers viennent de")
    assert soup(de["map"]).find("strong", string="Verantwortlich:")
    assert soup(fr["map"]).find("strong", string="Responsable\u00a0:")  # French spacing
    assert "Die Forschung hinter dieser Karte (11 Belege)" in de["map"]
    assert (
        soup(de["landscape"])
        .select_one(".jm-landscape caption")
        .get_text()
        .startswith("Die Phasen jeder Journey")
    )
    assert soup(de["actions"]).find("option", string="Alle Verantwortlichen")
    assert soup(fr["teams"]).find("th", string="Éléments de support")
    assert "Abonnieren" not in de["changes"] and "Diese Seite abonnieren" in de["changes"]
    # An opportunity's status and a moment's kind are words of the language too.
    assert soup(de["stage"]).find("span", class_="jm-status-done", string="Erledigt")
    assert soup(fr["map"]).find("span", class_="jm-tag-dismay", string="Déception")
    scores = [p.get_text(" ", strip=True) for p in soup(de["map"]).select("p.jm-score")]
    assert "2/5 Unzufrieden" in scores and "4/5 Zufrieden" in scores


def test_an_apostrophe_of_a_translation_is_written_once_escaped(html):
    fr = html["fr"]
    assert headings(fr["actions"])[0] == "Plan d'action"
    assert "En un coup d'œil" in headings(fr["landscape"])
    for name, text in fr.items():
        assert "&amp;#" not in text and "&amp;amp;" not in text, name


def test_english_pages_keep_their_words(html, content):
    english = html["en"]
    # The English of a build that chose no language at all: the same pages.
    made = {p.src_uri: p for p in Renderer(content).pages()}
    for name, uri in PAGES.items():
        plain = made[uri].finish(markdown.markdown(made[uri].markdown, extensions=EXTENSIONS))
        assert plain == english[name], name
    assert "Stage 4 of 7 in" in soup(english["stage"]).select_one(".jm-meta").get_text(" ")
    assert soup(english["stage"]).find("dt", string="Customers come from")
    assert "The research behind this map (11 evidence entries)" in english["map"]
    assert soup(english["map"]).find("span", class_="jm-tag-dismay", string="Dismay")


def test_the_audience_word_begins_a_sentence_wherever_a_translator_puts_it(content):
    settings = Settings(audience="patients")
    stage = {code: soup(pages(content, code, settings)["stage"]) for code in ("en", "fr")}
    assert stage["en"].find("dt", string="Patients come from")
    assert stage["fr"].find("dt", string="Les patients viennent de")


HOSTILE_TITLE = "Acme *Cloud* _for_ [Business](x) {{ x }} :smile: | <b>"


def test_content_in_a_translated_sentence_stays_text(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    version = tmp_path / "content" / "journeys" / "b2b-subscription" / "v2.yml"
    yaml = version.read_text(encoding="utf-8")
    version.write_text(
        yaml.replace("title: Acme Cloud for Business", f"title: '{HOSTILE_TITLE}'", 1),
        encoding="utf-8",
    )
    content = load_content(tmp_path / "content", display_root=tmp_path, today=TODAY)
    german = pages(content, "de")
    assert headings(german["history"])[0] == f"Verlauf von {HOSTILE_TITLE}"
    meta = soup(german["stage"]).select_one(".jm-meta a")
    assert meta.get_text() == HOSTILE_TITLE
    assert "<b>" not in german["stage"].split('class="jm-meta"')[1].split("</p>")[0]


_MARKUP = set('`*_[]#|{}~\\<>&"^$@!=+')
"""Characters that HTML or a Markdown extension reads as syntax, where a translation may
stand (a heading, a table cell, an attribute): a translation writes them only where the
English does (`Priority = value + ...`)."""


@pytest.mark.parametrize("code", [c for c in i18n.SHIPPED if c != i18n.SOURCE])
def test_translations_of_the_templates_hold_no_markup(code):
    with (i18n.LOCALES / code / "templates.po").open("rb") as file:
        catalog = read_po(file, locale=code)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        allowed = set("".join(ids))
        for string in strings:
            syntax = (set(string) & _MARKUP) - allowed
            if syntax or "\n" in string:
                problems.append(f"{ids[0]!r}: {sorted(syntax)} in {string!r}")
    assert problems == []


def test_the_feed_title_is_translated_and_escaped_once(content):
    settings = Settings(audience="clients", audience_singular="client")
    with i18n.speaking(i18n.language("fr")):
        make_feed = dict(Renderer(content, settings).files())["changes/feed.xml"]
    # Made as the engine writes it, in the language of the build that asked for it.
    assert "<title>Ce qui a changé dans les parcours client</title>" in str(make_feed())


def test_a_redirect_page_speaks_the_sites_language(content):
    with i18n.speaking(i18n.language("de")):
        files = dict(Renderer(content).files())
    moved = str(files["journeys/b2b-subscription/setup/index.html"]())
    assert '<html lang="de">' in moved
    assert "<title>Diese Phase ist umgezogen</title>" in moved
    assert '<html lang="en">' in str(
        dict(Renderer(content).files())["journeys/b2b-subscription/setup/index.html"]()
    )


def test_a_sentence_starting_with_a_value_keeps_the_rest_as_written(content):
    # Jinja's `capitalize` lowers the rest: German nouns, a segment's "SMB".
    env = Renderer(content).templates.env
    assert env.from_string('{{ "neue Chance; SMB"|sentence }}').render() == "Neue Chance; SMB"
