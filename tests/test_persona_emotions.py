"""Persona emotions (`emotion.personas`): validation, history, map.json, schema, Mermaid.

The validation tests start from test_validation's small valid folder (`BASE`): v1 has
the persona `it-admin`, and its stage `first-use` (line 21) has an emotion.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journeymap.analysis.history import compare
from journeymap.analysis.trends import Trends
from journeymap.content.schema import JourneyVersion, json_schema
from journeymap.site.exports import map_json, mermaid_journey

from .contentkit import shown
from .test_validation import V1, V2, Edit, insert_after, load, problems, replace, write_content

PERSONA_SCORES = "      personas: {it-admin: 2}"


def test_persona_scores_are_loaded(tmp_path: Path) -> None:
    write_content(tmp_path, insert_after(V1, "      score: 4", PERSONA_SCORES))
    version = load(tmp_path).journeys["onboarding"].versions[0]
    emotion = version.stages[2].emotion
    assert emotion is not None and emotion.score == 4 and emotion.personas == {"it-admin": 2}


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        pytest.param(
            [insert_after(V1, "      score: 4", "      personas: {it-admn: 2}")],
            f"{shown(V1)}:23: stage 'first-use' (3rd): emotion.personas.it-admn: 'it-admn' is not "
            "a persona "
            "of this journey (did you mean 'it-admin'?)",
            id="did-you-mean",
        ),
        pytest.param(
            # `buyer` is in personas.yml, but not one of this journey's personas.
            [insert_after(V1, "      score: 4", "      personas: {buyer: 2}")],
            f"{shown(V1)}:23: stage 'first-use' (3rd): emotion.personas.buyer: 'buyer' is not a "
            "persona "
            "of this journey",
            id="not-the-journeys",
        ),
        pytest.param(
            [
                replace(V1, "personas: [it-admin]", "# no personas listed"),
                insert_after(V1, "      score: 4", PERSONA_SCORES),
            ],
            None,  # checked below: depends on the shortened file
            id="journey-without-personas",
        ),
        pytest.param(
            [insert_after(V1, "      score: 4", "      personas: {it-admin: 6}")],
            f"{shown(V1)}:23: stage 'first-use' (3rd): emotion.personas.it-admin: 6 is above the "
            "maximum 5",
            id="above-5",
        ),
        pytest.param(
            [insert_after(V1, "      score: 4", "      personas: {it-admin: 0}")],
            f"{shown(V1)}:23: stage 'first-use' (3rd): emotion.personas.it-admin: 0 is below the "
            "minimum 1",
            id="below-1",
        ),
        pytest.param(
            [insert_after(V1, "      score: 4", "      personas: {it-admin: loved it}")],
            f"{shown(V1)}:23: stage 'first-use' (3rd): emotion.personas.it-admin: "
            "expected a whole number from 1 to 5, got 'loved it'",
            id="not-a-number",
        ),
    ],
)
def test_persona_scores_are_checked(
    tmp_path: Path, edits: list[Edit], expected: str | None
) -> None:
    write_content(tmp_path, *edits)
    found = problems(tmp_path)
    if expected is None:
        # No `personas` list: the id is reported, and the author told what to add.
        assert found == [
            f"{shown(V1)}:23: stage 'first-use' (3rd): emotion.personas.it-admin: 'it-admin' is "
            "not a persona "
            "of this journey: list the journey's personas in `personas` first"
        ]
    else:
        assert found == [expected]


def _version(**emotion: object) -> JourneyVersion:
    return JourneyVersion.model_validate(
        {
            "id": "j",
            "version": 1,
            "title": "J",
            "effective": "2026-01-01",
            "personas": ["it-admin", "buyer"],
            "stages": [{"id": "a", "title": "A", "emotion": emotion}],
        }
    )


@pytest.mark.parametrize(
    ("old", "new", "sentences"),
    [
        pytest.param(
            {"score": 3, "personas": {"it-admin": 2}},
            {"score": 3, "personas": {"it-admin": 4}},
            ("Emotion of persona 'it-admin' up from 2 (unhappy) to 4 (pleased).",),
            id="up",
        ),
        pytest.param(
            {"score": 3},
            {"score": 3, "personas": {"buyer": 1}},
            ("Emotion of persona 'buyer' now recorded: 1 (frustrated).",),
            id="added",
        ),
        pytest.param(
            {"score": 3, "personas": {"buyer": 1, "it-admin": 5}},
            {"score": 4, "personas": {"it-admin": 5}},
            (
                "Emotion up from 3 (neutral) to 4 (pleased).",
                "Emotion of persona 'buyer' no longer recorded.",
            ),
            id="overall-and-removed",
        ),
    ],
)
def test_history_reports_persona_emotion_changes(
    old: dict[str, object], new: dict[str, object], sentences: tuple[str, ...]
) -> None:
    changes = compare(_version(**old), _version(**new))
    assert [entry.sentences for entry in changes.stages] == [sentences]


def test_map_json_schema_and_mermaid_carry_persona_emotions(tmp_path: Path) -> None:
    write_content(
        tmp_path,
        insert_after(V1, "      score: 4", PERSONA_SCORES),
        replace(V2, "effective: 2026-06-01", "effective: 2027-06-01"),
    )
    content = load(tmp_path)
    journey = content.journeys["onboarding"]
    data = json.loads(map_json(content, journey, Trends(content), lambda src: src))
    assert data["stages"][2]["emotion"] == {"score": 4, "personas": {"it-admin": 2}}
    # The JSON Schema that editors use knows the field and its range.
    schema = json_schema("journey")
    personas = schema["$defs"]["Emotion"]["properties"]["personas"]  # type: ignore[index]
    assert personas["additionalProperties"] == {"maximum": 5, "minimum": 1, "type": "integer"}
    # Mermaid has one score per task: the overall one.
    assert "First use: 4: Ines IT admin" in mermaid_journey(content, journey)
