"""The analysis' sentences in the site's language: changes, health items, the action plan.

Every sentence is one message of the catalogue, with the content's words in placeholders:
these tests word small histories and the example content in German and French, and find
no English sentence left among them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest

from journeymap import i18n
from journeymap.analysis import correlation
from journeymap.analysis.actions import ActionPlan
from journeymap.analysis.changes import Changes
from journeymap.analysis.evidence import Library
from journeymap.analysis.health import KINDS, Health
from journeymap.analysis.trends import Trends
from journeymap.content.loader import load_content
from journeymap.content.model import Content

from .conftest import REPO
from .test_history import entries, middle_stage_change, owned, stage, version

NBSP = "\u00a0"
LATER = dt.date(2027, 1, 15)
"""Two months after the example's last snapshot: overdue reviews and stale metrics too."""


def speaking(code: str):
    return i18n.speaking(i18n.language(code))


@pytest.mark.parametrize(
    ("code", "field", "old", "new", "sentences"),
    [
        pytest.param(
            "de",
            "pain_points",
            ["Slow", "Opaque", "Costly"],
            ["Opaque", "Confusing"],
            ("Pain Point hinzugefügt: „Confusing“.", "Pain Points entfernt: „Slow“ und „Costly“."),
            id="de-one-and-several",
        ),
        pytest.param(
            "fr",
            "pain_points",
            ["Slow", "Opaque", "Costly"],
            ["Opaque", "Confusing"],
            (
                f"Point de friction ajouté{NBSP}: «{NBSP}Confusing{NBSP}».",
                f"Points de friction retirés{NBSP}: «{NBSP}Slow{NBSP}» et «{NBSP}Costly{NBSP}».",
            ),
            id="fr-one-and-several",
        ),
        pytest.param(
            "de",
            "goals",
            [],
            ["Be live", "Pay less", "Sleep"],
            ("Ziele hinzugefügt: „Be live“, „Pay less“ und „Sleep“.",),
            id="de-three-in-a-list",
        ),
        pytest.param(
            "fr",
            "moments",
            [],
            [{"title": "First invoice", "kind": "dismay"}],
            (f"Moment de vérité ajouté{NBSP}: «{NBSP}First invoice (déception){NBSP}».",),
            id="fr-moment-kind",
        ),
        pytest.param(
            "de",
            "emotion",
            {"score": 2},
            {"score": 4},
            ("Emotion gestiegen von 2 (unzufrieden) auf 4 (zufrieden).",),
            id="de-emotion",
        ),
        pytest.param(
            "de",
            "opportunities",
            [{"title": "A", "status": "planned", "effort": 3}],
            [{"title": "A", "status": "in-progress", "effort": 2}],
            (
                "Chance „A“: geplant \u2192 in Arbeit.",
                "Chance „A“: Aufwand neu geschätzt: von 3 auf 2.",
            ),
            id="de-opportunity",
        ),
        pytest.param(
            "fr",
            "support",
            [{"title": "CRM", "kind": "system", "owner": "IT"}],
            [{"title": "CRM", "kind": "policy", "owner": "Sales"}],
            (
                f"Élément de support «{NBSP}CRM{NBSP}»{NBSP}: responsable changé, Sales au lieu "
                "de IT.",
                f"Élément de support «{NBSP}CRM{NBSP}»{NBSP}: désormais une règle "
                "(c'était un système).",
            ),
            id="fr-support-kind-and-owner",
        ),
        pytest.param(
            "de",
            "duration",
            "2 days",
            "3 days",
            ("Typische Dauer jetzt 3 days (war 2 days).",),
            id="de-duration",
        ),
    ],
)
def test_a_stages_field_changes_in_the_sites_language(code, field, old, new, sentences) -> None:
    with speaking(code):
        assert middle_stage_change({field: old}, {field: new}) == {"b": sentences}


def test_structure_changes_in_german() -> None:
    old = version(stage("b", owner="Clinic"), stage("c", owner="Lab"), stage("d", owner="Lab"))
    new = version(
        stage("x", replaces=["b"], owner="Clinic"),
        stage("y", replaces=["b"], owner="Lab"),
        stage("cd", replaces=["c", "d"], owner="Reception"),
        stage("e", owner="Billing"),
    )
    with speaking("de"):
        assert entries(old, new) == {
            "x": ("„B“ wurde aufgeteilt in „X“ und „Y“.",),
            "y": (
                "„B“ wurde aufgeteilt in „X“ und „Y“.",
                "Verantwortlich: jetzt Lab statt Clinic.",
            ),
            "cd": (
                "Zusammengeführt aus „C“ und „D“.",
                "Verantwortlich: jetzt Reception statt Lab.",
            ),
            "e": ("Hinzugefügt nach „CD“.", "Übergabe von Reception an Billing."),
        }


def test_renames_handoffs_and_paths_in_french() -> None:
    renamed = version("a", stage("setup", title="Setup"))
    onboarding = version("a", stage("onboarding", title="Onboarding", replaces=["setup"]))
    handoffs = (owned("Sales", "Support"), owned("Marketing", "Support"))
    with speaking("fr"):
        assert entries(renamed, onboarding) == {
            "onboarding": (
                f"Renommée (anciennement «{NBSP}Setup{NBSP}»){NBSP}; son adresse est désormais "
                "onboarding (c'était setup).",
            )
        }
        assert entries(*handoffs)["b"] == (
            "Passage de relais désormais de Marketing à Support (c'était de Sales à Support).",
        )
        assert entries(version("a", "b", "c"), version("a", "c", "b")) == {
            # The audience word is the author's, and the sentence starts with a capital.
            "a": (f"Les customers passent désormais à «{NBSP}C{NBSP}».",),
            "c": (f"Les customers passent désormais à «{NBSP}B{NBSP}».",),
            "b": (
                f"Déplacée{NBSP}: désormais après «{NBSP}C{NBSP}».",
                "Termine désormais le parcours.",
            ),
        }


@pytest.fixture(scope="module")
def example() -> Content:
    return load_content(REPO / "content", display_root=REPO, today=LATER)


def sentences(content: Content) -> Iterator[str]:
    """Every sentence the analysis words for readers about `content`, in a fixed order."""
    trends = Trends(content)
    changes = Changes(content, trends)
    yield from KINDS.values()
    yield from (
        i.text for i in Health(content, trends, review_every_days=90, stale_after_days=45).items
    )
    for event in changes.events:
        yield event.title
        yield from event.lines
    for history in changes.histories.values():
        for version_changes in history:
            yield from version_changes.journey
            yield from (s for e in version_changes.stages for s in e.sentences)
    for journey in content.journeys.values():
        yield from (r.reason for r in changes.redirects(journey))
    yield from (m.text for m in ActionPlan(content, trends).movements.values() if m.causes)
    yield from (", ".join(a.missing()) for a in ActionPlan(content, trends).now.unscored)


@pytest.mark.parametrize("code", ["de", "fr"])
def test_no_english_sentence_is_left_on_the_example(example: Content, code: str) -> None:
    english = list(sentences(example))
    with speaking(code):
        translated = list(sentences(example))
    assert len(translated) == len(english) > 100
    left = [e for e, t in zip(english, translated, strict=True) if e == t]
    assert left == []


def test_health_items_of_the_example_in_german(example: Content) -> None:
    with speaking("de"):
        trends = Trends(example)
        items = Health(example, trends, review_every_days=90, stale_after_days=45).items
        texts = [i.text for i in items]
        assert KINDS["overdue_review"] == "Überfällige Überprüfungen"
    assert texts[1] == (
        "Acme Fresh grocery app: Überprüfung überfällig seit 13.10.2026 (94 Tage); zuletzt "
        "überprüft am 15.06.2026. Nach der Überprüfung reviewed: in v2.yml auf den Tag der "
        "Überprüfung setzen (das einzige Feld, das eine gültige Version ändern darf)"
    )
    assert (
        "Acme Cloud for Business, Evaluation: Customer satisfaction zuletzt gemessen am "
        "16.11.2026 (vor 60 Tagen)"
    ) in texts
    assert "Acme Fresh grocery app, Basket: keine Kennzahlendaten" in texts


def test_one_day_is_singular(example: Content) -> None:
    with speaking("fr"):
        trends = Trends(example)
        one_day = dataclasses.replace(example, today=dt.date(2026, 10, 14))
        texts = [
            i.text for i in Health(one_day, trends, review_every_days=90, stale_after_days=45).items
        ]
    assert any("revue en retard depuis le 13 oct. 2026 (1 jour)" in t for t in texts), texts


def test_the_action_plans_reasons_in_french_with_a_decimal_comma(example: Content) -> None:
    with speaking("fr"):
        plan = ActionPlan(example, Trends(example))
        texts = [m.text for m in plan.movements.values() if m.causes]
    assert "↑1: Customer effort score est passé de 2,84/7 à 2,91/7 (en hausse)" in texts


def test_an_association_in_german_with_a_decimal_comma(example: Content) -> None:
    satisfaction, churn = example.metrics["csat"], example.metrics["churn"]
    dates = tuple(dt.date(2026, month, 1) for month in range(1, 10))
    association = correlation.Association(
        correlation.Measure(satisfaction, satisfaction.title, {}),
        correlation.Measure(churn, churn.title, {}),
        dates,
        -0.5,
    )
    with speaking("de"):
        assert association.sentence() == (
            "Höhere Werte von Customer satisfaction gingen mit niedrigeren Werten von Churn "
            "rate einher, über die 9 Messtermine mit beiden Werten (mäßiger Zusammenhang, "
            "r = \u22120,50). Das ist ein Zusammenhang über die Zeit, kein Beweis, dass das "
            "eine das andere verursacht."
        )


def test_the_research_librarys_headings_in_spanish_and_dutch(example: Content) -> None:
    library = Library(example)
    with speaking("es"):
        assert [title for title, _entries in library.by_kind()][:2] == [
            "Entrevistas",
            "Encuestas",
        ]
    with speaking("nl"):
        assert [title for title, _entries in library.by_kind()][-1] == "Intern onderzoek"
