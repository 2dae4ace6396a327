"""The organisation's side of a stage (service blueprint): business goals, backstage work
and support items, as content (checked like every field), on the map and the stage page,
in the changelog and in map.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.analysis.flow import Flow, Handoff

from .contentkit import shown
from .test_history import middle_stage_change, owned
from .test_validation import V1, Edit, insert_after, load, problems, write_content

BLUEPRINT = [
    "    business_goals: [Fewer support calls]",
    "    backstage:",
    "      - Nurse checks the referral",
    "      - Clerk books the room",
    "    support:",
    "      - title: Scheduling system",
    "        kind: system",
    "        owner: Hospital IT",
    "      - title: Compensation policy",
    "        kind: policy",
]


def with_blueprint(*lines: str) -> Edit:
    """The 3rd stage of the base content (first-use) given `lines` after its title."""
    return insert_after(V1, "    title: First use", "\n".join(lines))


def test_a_stage_holds_business_goals_backstage_work_and_support_items(tmp_path: Path) -> None:
    write_content(tmp_path, with_blueprint(*BLUEPRINT))
    stage = load(tmp_path).journeys["onboarding"].current.stages[2]
    assert stage.business_goals == ["Fewer support calls"]
    assert stage.backstage == ["Nurse checks the referral", "Clerk books the room"]
    assert [(s.title, s.kind, s.owner) for s in stage.support] == [
        ("Scheduling system", "system", "Hospital IT"),
        ("Compensation policy", "policy", None),
    ]


# The 3rd stage's title is on line 19 of v1: inserted lines start on line 20.
@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            ["    support:", "      - title: Scheduling system", "        kind: sytem"],
            "22: stage 'first-use' (3rd): support[0].kind: 'sytem' is not allowed: use "
            "'system', 'policy', 'partner' or 'process' (did you mean 'system'?)",
            id="unknown-kind",
        ),
        pytest.param(
            ["    backstage: Nurse checks the referral"],
            "20: stage 'first-use' (3rd): backstage: expected a list, got 'Nurse checks the "
            "referral': write it in brackets, like backstage: [Nurse checks the referral]",
            id="backstage-as-text",
        ),
        pytest.param(
            ["    business_goals: Fewer calls"],
            "20: stage 'first-use' (3rd): business_goals: expected a list, got 'Fewer calls': "
            "write it in brackets, like business_goals: [Fewer calls]",
            id="business-goals-as-text",
        ),
        pytest.param(
            ["    support: Scheduling system"],
            "20: stage 'first-use' (3rd): support: expected a list, got 'Scheduling system': "
            "write it as a list item, like support: [{title: Scheduling system}]",
            id="support-as-text",
        ),
        pytest.param(
            ["    support:", "      - title: ''", "        kind: system"],
            "21: stage 'first-use' (3rd): support[0].title: must not be empty",
            id="empty-title",
        ),
        pytest.param(
            ["    backstage: ['']"],
            "20: stage 'first-use' (3rd): backstage[0]: must not be empty",
            id="empty-backstage-step",
        ),
        pytest.param(
            ["    support:", "      - kind: system"],
            "21: stage 'first-use' (3rd): support[0].title: is required",
            id="missing-title",
        ),
        pytest.param(
            ["    support:", "      - title: Rota", "        owners: Wards"],
            "22: stage 'first-use' (3rd): support[0].owners: 'owners' is not a known field "
            "(did you mean 'owner'?)",
            id="unknown-field",
        ),
    ],
)
def test_bad_blueprint_input_is_reported_where_it_is(
    tmp_path: Path, lines: list[str], expected: str
) -> None:
    write_content(tmp_path, with_blueprint(*lines))
    assert problems(tmp_path) == [f"{shown(V1)}:{expected}"]


# --- history -----------------------------------------------------------------------------

SCHEDULING = {"title": "Scheduling system", "kind": "system", "owner": "Hospital IT"}


@pytest.mark.parametrize(
    ("old", "new", "sentences"),
    [
        pytest.param(
            {},
            {"business_goals": ["Fewer calls"], "backstage": ["Nurse checks", "Clerk books"]},
            (
                "Business goal added: 'Fewer calls'.",
                "Backstage steps added: 'Nurse checks' and 'Clerk books'.",
            ),
            id="added",
        ),
        pytest.param(
            {"business_goals": ["Fewer calls"], "backstage": ["Nurse checks", "Clerk books"]},
            {"backstage": ["Clerk books"]},
            ("Business goal removed: 'Fewer calls'.", "Backstage step removed: 'Nurse checks'."),
            id="removed",
        ),
        pytest.param(
            {},
            {"support": [SCHEDULING, {"title": "Compensation policy", "kind": "policy"}]},
            (
                "Support items added: 'Scheduling system' (system, owned by Hospital IT) and "
                "'Compensation policy' (policy).",
            ),
            id="support-added-with-its-owner",
        ),
        pytest.param(
            {"support": [SCHEDULING]},
            {"support": [{**SCHEDULING, "owner": "Patient Services"}]},
            (
                "Support item 'Scheduling system': owner changed from Hospital IT "
                "to Patient Services.",
            ),
            id="support-re-owned",
        ),
        pytest.param(
            {"support": [SCHEDULING, {"title": "Rota"}]},
            {"support": [{**SCHEDULING, "kind": "partner"}, {"title": "Rota", "kind": "process"}]},
            (
                "Support item 'Scheduling system': now a partner (was a system).",
                "Support item 'Rota': now a process.",
            ),
            id="support-of-another-kind",
        ),
        pytest.param(
            {"support": [SCHEDULING]},
            {},
            ("Support item removed: 'Scheduling system'.",),
            id="support-removed",
        ),
        pytest.param(
            {},
            {"touchpoints": [{"title": "Letter", "channel": "post", "owner": "Clinic office"}]},
            ("Touchpoint added: 'Letter (post)' (owned by Clinic office).",),
            id="new-touchpoint-names-its-owner",
        ),
        pytest.param(
            {},
            {"opportunities": [{"title": "Texts", "status": "idea", "owner": "Clinic office"}]},
            ("Opportunity added: 'Texts' (idea, owned by Clinic office).",),
            id="new-opportunity-names-its-owner",
        ),
    ],
)
def test_the_changelog_reports_the_organisations_side(
    old: dict[str, object], new: dict[str, object], sentences: tuple[str, ...]
) -> None:
    assert middle_stage_change(old, new) == {"b": sentences}


def test_two_spellings_of_one_team_are_no_handoff() -> None:
    flow = Flow(owned("Patient Services", "patient services", "Surgery"))
    _, b, c = flow.stages
    assert flow.handoff_into(b) is None
    assert flow.handoff_into(c) == Handoff("patient services", "Surgery")
