"""The changelog between consecutive journey versions: the exact sentences of each change.

Every test builds a purpose-made pair of versions. Stages are written as bare ids
(`"a"`, titled `A`) or as `stage("b", owner=...)`; `entries(old, new)` gives the
sentences of every stage entry of `compare(old, new)`, so an assertion on the whole
dict also checks that the unaffected stages produce no entry.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from journeymap.analysis.changes import Changes
from journeymap.analysis.history import StageChanges, VersionChanges, compare, history
from journeymap.analysis.trends import Trends
from journeymap.content.schema import JourneyVersion

from . import contentkit

StageDict = dict[str, object]
Sentences = tuple[str, ...]

PHASES = [{"id": "pre-sale", "title": "Pre-sale"}, {"id": "post-sale", "title": "Post-sale"}]


def stage(stage_id: str, **fields: object) -> StageDict:
    """A stage titled after its id in capitals (`b2` is `B2`) unless `title` is given."""
    return {"id": stage_id, "title": stage_id.upper(), **fields}


def version(*stages: StageDict | str, number: int = 1, **journey: object) -> JourneyVersion:
    """Version `number` of the `onboarding` journey; a bare id stands for `stage(id)`."""
    return JourneyVersion.model_validate(
        {
            "id": "onboarding",
            "version": number,
            "title": "Onboarding",
            "effective": f"2026-{number:02d}-01",
            "summary": f"Version {number}",
            **journey,
            "stages": [stage(s) if isinstance(s, str) else s for s in stages],
        }
    )


def by_stage(changes: VersionChanges) -> dict[str, Sentences]:
    """The sentences of every stage entry, by stage id, in the changelog's order."""
    return {entry.id: entry.sentences for entry in changes.stages}


def entries(old: JourneyVersion, new: JourneyVersion) -> dict[str, Sentences]:
    return by_stage(compare(old, new))


def middle_stage_change(old: StageDict, new: StageDict) -> dict[str, Sentences]:
    """The entries when only the fields of stage `b`, between `a` and `c`, change."""
    return entries(version("a", stage("b", **old), "c"), version("a", stage("b", **new), "c"))


def owned(*owners: str | None) -> JourneyVersion:
    """Stages a, b, ... in order, owned by `owners` (None: no owner)."""
    return version(*(stage(chr(ord("a") + i), owner=o) for i, o in enumerate(owners)))


# Structure: added, removed, renamed, merged, split


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("bc", "abc", {"a": ("Added at the start of the journey.",)}, id="at-start"),
        pytest.param(
            "ac",
            "abc",
            # A now leads to B by default: the inserted stage changes A's path.
            {"a": ("Customers now go on to 'B'.",), "b": ("Added after 'A'.",)},
            id="in-middle",
        ),
        pytest.param(
            "ab",
            "abc",
            {"b": ("Customers now go on to 'C'.",), "c": ("Added after 'B'.",)},
            id="at-end",
        ),
    ],
)
def test_stage_added(old: str, new: str, expected: dict[str, Sentences]) -> None:
    assert entries(version(*old), version(*new)) == expected


def test_added_stage_entry_holds_its_own_id_only() -> None:
    (entry,) = compare(version("b"), version("a", "b")).stages
    assert entry == StageChanges(
        "a", "A", ("Added at the start of the journey.",), frozenset({"a"}), removed=False
    )


def test_removed_stage_is_an_entry_marked_removed() -> None:
    (entry,) = compare(version("a", "b"), version("a")).stages
    assert entry == StageChanges("b", "B", ("Removed.",), frozenset({"b"}), removed=True)


def test_removed_stages_come_after_the_new_versions_stages_in_old_order() -> None:
    changes = compare(version("a", "b", "c", "d"), version("b", "d", "e"))
    assert [(e.id, e.sentences, e.removed) for e in changes.stages] == [
        ("b", ("Customers now go on to 'D'.",), False),
        ("d", ("Customers now go on to 'E'.",), False),
        ("e", ("Added after 'D'.",), False),
        ("a", ("Removed.",), True),
        ("c", ("Removed.",), True),
    ]


def test_renamed_through_one_replaced_id() -> None:
    old = version("a", "b", "c")
    new = version("a", stage("kickoff", title="Kickoff", replaces=["b"]), "c")
    assert compare(old, new).stages == (
        StageChanges(
            "kickoff",
            "Kickoff",
            ("Renamed from 'B'; its address is now kickoff (was b).",),
            frozenset({"b", "kickoff"}),
        ),
    )


def test_renamed_stage_is_compared_field_by_field_with_the_stage_it_replaces() -> None:
    old = version("a", stage("b", goals=["Be live"]), "c")
    new = version("a", stage("b2", replaces=["b"], owner="Sales"), "c")
    assert entries(old, new) == {
        "b2": (
            "Renamed from 'B'; its address is now b2 (was b).",
            "Owner is now Sales.",
            "Goal removed: 'Be live'.",
        )
    }


def test_merged_from_two_old_stages() -> None:
    old = version("a", "b", "c", "d")
    new = version("a", stage("bc", title="Setup", replaces=["b", "c"]), "d")
    assert compare(old, new).stages == (
        StageChanges("bc", "Setup", ("Merged from 'B' and 'C'.",), frozenset({"b", "c", "bc"})),
    )


def test_merge_into_a_stage_keeping_one_of_the_ids() -> None:
    old = version("a", "b", "c")
    new = version("a", stage("b", replaces=["c"]))
    assert compare(old, new).stages == (
        StageChanges("b", "B", ("Merged from 'B' and 'C'.",), frozenset({"b", "c"})),
    )


def test_split_into_two_new_stages() -> None:
    old = version("b", "c")
    new = version(stage("x", replaces=["b"]), stage("y", replaces=["b"]), "c")
    assert compare(old, new).stages == (
        StageChanges("x", "X", ("'B' was split into 'X' and 'Y'.",), frozenset({"b", "x"})),
        StageChanges("y", "Y", ("'B' was split into 'X' and 'Y'.",), frozenset({"b", "y"})),
    )


def test_stage_taking_over_one_whole_stage_and_part_of_another_reports_both() -> None:
    # X takes over all of A and part of B; Y takes the rest of B. A is neither
    # removed nor renamed, so the entry of X is the only place its fate can be told.
    old = version("a", "b", "c")
    new = version(stage("x", replaces=["a", "b"]), stage("y", replaces=["b"]), "c")
    (x_entry, _) = compare(old, new).stages
    assert "'A'" in " ".join(x_entry.sentences), x_entry.sentences


def test_replaces_carried_over_from_an_older_version_is_not_news() -> None:
    v1 = version("a", "b", number=1)
    v2 = version("a", stage("b2", replaces=["b"]), number=2)
    v3 = version("a", stage("b2", replaces=["b"]), "c", number=3)
    first, second, third = history([v1, v2, v3])
    assert (first.previous, second.previous, third.previous) == (None, v1, v2)
    assert by_stage(second) == {"b2": ("Renamed from 'B'; its address is now b2 (was b).",)}
    assert third.stages == (
        StageChanges("b2", "B2", ("Customers now go on to 'C'.",), frozenset({"b2"})),
        StageChanges("c", "C", ("Added after 'B2'.",), frozenset({"c"})),
    )


# Order and phases


def moves(old: str, new: str) -> dict[str, str]:
    """The "Moved: ..." sentences of `compare`, by stage id."""
    return {
        stage_id: sentence
        for stage_id, sentences in entries(version(*old), version(*new)).items()
        for sentence in sentences
        if sentence.startswith("Moved:")
    }


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("abcd", "acdb", {"b": "Moved: now after 'D'."}, id="one-to-the-end"),
        pytest.param("ab", "ba", {"a": "Moved: now after 'B'."}, id="swap"),
        pytest.param(
            "abc", "cab", {"c": "Moved: now at the start of the journey."}, id="one-to-the-start"
        ),
        pytest.param("abc", "abc", {}, id="unchanged"),
        pytest.param("abc", "axbc", {}, id="insertion-moves-nothing"),
        pytest.param("abc", "ac", {}, id="removal-moves-nothing"),
    ],
)
def test_only_the_stage_that_moved_is_reported_as_moved(
    old: str, new: str, expected: dict[str, str]
) -> None:
    assert moves(old, new) == expected


def test_moving_a_stage_also_reports_the_paths_it_changes() -> None:
    # With the default `next`, moving B to the end changes where A, B and D lead.
    assert entries(version(*"abcd"), version(*"acdb")) == {
        "a": ("Customers now go on to 'C'.",),
        "d": ("Customers now go on to 'B'.",),
        "b": ("Moved: now after 'D'.", "Now ends the journey."),
    }


def test_moving_a_stage_with_explicit_paths_reports_only_that_stage() -> None:
    def ordered(*ids: str) -> JourneyVersion:
        paths = {"a": ["b"], "b": ["c"], "c": ["d"], "d": []}
        return version(*(stage(i, next=paths[i]) for i in ids))

    assert entries(ordered(*"abcd"), ordered(*"acdb")) == {"b": ("Moved: now after 'D'.",)}


@pytest.mark.parametrize(
    ("old_phase", "sentence"),
    [
        ("pre-sale", "Moved to phase 'Post-sale' (was 'Pre-sale')."),
        (None, "Now in phase 'Post-sale'."),
    ],
)
def test_moved_to_another_phase(old_phase: str | None, sentence: str) -> None:
    old = version("a", stage("b", phase=old_phase), phases=PHASES)
    new = version("a", stage("b", phase="post-sale"), phases=PHASES)
    assert entries(old, new) == {"b": (sentence,)}


def test_retitling_a_phase_does_not_move_its_stages() -> None:
    old = version("a", stage("b", phase="pre-sale"), phases=PHASES)
    retitled = [{"id": "pre-sale", "title": "Before the sale"}, PHASES[1]]
    new = version("a", stage("b", phase="pre-sale"), phases=retitled)
    changes = compare(old, new)
    assert changes.journey == ("Phase 'Pre-sale' retitled to 'Before the sale'.",)
    assert entries(old, new) == {}


def test_retitled_phases_are_told_in_the_map_order() -> None:
    """Not in a set's order, which changes from run to run: the site would too."""
    ids = [f"p{n}" for n in range(8)]
    old = version("a", phases=[{"id": p, "title": p.upper()} for p in ids])
    new = version("a", phases=[{"id": p, "title": f"{p.upper()}!"} for p in reversed(ids)])
    assert compare(old, new).journey == tuple(
        f"Phase '{p.upper()}' retitled to '{p.upper()}!'." for p in reversed(ids)
    )


# Fields of a continuing stage


def test_retitled_stage_keeps_its_id() -> None:
    assert middle_stage_change({}, {"title": "Kickoff"}) == {
        "b": ("Retitled from 'B' to 'Kickoff'.",)
    }


@pytest.mark.parametrize(
    ("old_owner", "new_owner", "sentence"),
    [
        ("Sales", "Support", "Owner changed from Sales to Support."),
        (None, "Support", "Owner is now Support."),
        ("Sales", None, "Owner removed (was Sales)."),
    ],
    ids=["changed", "added", "removed"],
)
def test_owner(old_owner: str | None, new_owner: str | None, sentence: str) -> None:
    # The neighbours have no owner: no handoff is involved.
    assert middle_stage_change({"owner": old_owner}, {"owner": new_owner}) == {"b": (sentence,)}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            owned("Sales", "Sales"),
            owned("Sales", "Support"),
            {"b": ("Owner changed from Sales to Support.", "New handoff from Sales to Support.")},
            id="new",
        ),
        pytest.param(
            owned("Sales", "Support"),
            owned("Sales", "Sales"),
            {
                "b": (
                    "Owner changed from Support to Sales.",
                    "No longer a handoff from Sales to Support.",
                )
            },
            id="removed",
        ),
        pytest.param(
            owned("Sales", "Support"),
            owned("Marketing", "Support"),
            {
                "a": ("Owner changed from Sales to Marketing.",),
                "b": ("Handoff now from Marketing to Support (was from Sales to Support).",),
            },
            id="changed-by-the-previous-stage",
        ),
        pytest.param(
            owned("Sales", "Support"),
            owned("Sales", None),
            {"b": ("Owner removed (was Support).", "No longer a handoff from Sales to Support.")},
            id="gone-with-the-owner",
        ),
        pytest.param(
            owned("Sales", "Support", "Support"),
            owned("Sales", "Support", "Billing"),
            {
                "c": (
                    "Owner changed from Support to Billing.",
                    "New handoff from Support to Billing.",
                )
            },
            id="later-in-the-journey",
        ),
    ],
)
def test_handoffs(old: JourneyVersion, new: JourneyVersion, expected: dict[str, Sentences]) -> None:
    assert entries(old, new) == expected


def touchpoint(title: str, channel: str) -> dict[str, str]:
    return {"title": title, "channel": channel}


def moment(title: str, kind: str) -> dict[str, str]:
    return {"title": title, "kind": kind}


@pytest.mark.parametrize(
    ("field", "old", "new", "sentences"),
    [
        pytest.param(
            "touchpoints",
            [],
            [touchpoint("A", "web"), touchpoint("B", "email")],
            ("Touchpoints added: 'A (web)' and 'B (email)'.",),
            id="touchpoints-added",
        ),
        pytest.param(
            "touchpoints",
            [touchpoint("A", "web"), touchpoint("B", "email")],
            [touchpoint("B", "email")],
            ("Touchpoint removed: 'A (web)'.",),
            id="touchpoint-removed",
        ),
        pytest.param(
            "touchpoints",
            [touchpoint("A", "web")],
            [touchpoint("A", "phone")],
            ("Touchpoint added: 'A (phone)'.", "Touchpoint removed: 'A (web)'."),
            id="touchpoint-channel-changed",
        ),
        pytest.param(
            "moments",
            [],
            [moment("First invoice", "dismay")],
            ("Moment of truth added: 'First invoice (dismay)'.",),
            id="moment-added",
        ),
        pytest.param(
            "moments",
            [moment("First invoice", "dismay"), moment("Go-live", "delight")],
            [],
            ("Moments of truth removed: 'First invoice (dismay)' and 'Go-live (delight)'.",),
            id="moments-removed",
        ),
        pytest.param(
            "pain_points",
            ["Slow", "Opaque", "Costly"],
            ["Opaque", "Confusing"],
            ("Pain point added: 'Confusing'.", "Pain points removed: 'Slow' and 'Costly'."),
            id="pain-points-added-and-removed",
        ),
        pytest.param(
            "pain_points",
            [],
            ["Slow", "Opaque", "Costly"],
            ("Pain points added: 'Slow', 'Opaque' and 'Costly'.",),
            id="three-pain-points-added",
        ),
        pytest.param("goals", [], ["Be live"], ("Goal added: 'Be live'.",), id="goal-added"),
        pytest.param(
            "goals",
            ["Be live", "Pay less"],
            [],
            ("Goals removed: 'Be live' and 'Pay less'.",),
            id="goals-removed",
        ),
        pytest.param(
            "expectations",
            [],
            ["Answers", "Speed"],
            ("Expectations added: 'Answers' and 'Speed'.",),
            id="expectations-added",
        ),
        pytest.param(
            "expectations",
            ["Answers"],
            [],
            ("Expectation removed: 'Answers'.",),
            id="expectation-removed",
        ),
        pytest.param("actions", [], ["Sign"], ("Action added: 'Sign'.",), id="action-added"),
        pytest.param(
            "actions",
            ["Sign", "Pay"],
            [],
            ("Actions removed: 'Sign' and 'Pay'.",),
            id="actions-removed",
        ),
        pytest.param("goals", ["A", "B"], ["B", "A"], None, id="reordering-is-not-news"),
    ],
)
def test_lists_added_and_removed(
    field: str, old: list[object], new: list[object], sentences: Sentences | None
) -> None:
    expected = {"b": sentences} if sentences else {}
    assert middle_stage_change({field: old}, {field: new}) == expected


def opportunity(title: str, status: str) -> dict[str, str]:
    return {"title": title, "status": status}


@pytest.mark.parametrize(
    ("old", "new", "sentences"),
    [
        pytest.param(
            [],
            [opportunity("Self-serve setup", "idea")],
            ("Opportunity added: 'Self-serve setup' (idea).",),
            id="added",
        ),
        pytest.param(
            [opportunity("Self-serve setup", "in-progress")],
            [],
            ("Opportunity removed: 'Self-serve setup'.",),
            id="removed",
        ),
        pytest.param(
            [opportunity("A", "idea"), opportunity("B", "done")],
            [],
            ("Opportunities removed: 'A' and 'B'.",),
            id="two-removed",
        ),
        pytest.param(
            [opportunity("A", "planned")],
            [opportunity("A", "dropped"), opportunity("B", "in-progress")],
            ("Opportunity 'A': planned \u2192 dropped.", "Opportunity added: 'B' (in progress)."),
            id="dropped-and-added",
        ),
    ],
)
def test_opportunities(old: list[object], new: list[object], sentences: Sentences) -> None:
    assert middle_stage_change({"opportunities": old}, {"opportunities": new}) == {"b": sentences}


def test_opportunity_status_through_its_life() -> None:
    statuses = ["idea", "planned", "in-progress", "done"]
    versions = [
        version("a", stage("b", opportunities=[opportunity("Self-serve setup", status)]), number=n)
        for n, status in enumerate(statuses, start=1)
    ]
    assert [[e.sentences for e in c.stages] for c in history(versions)[1:]] == [
        [("Opportunity 'Self-serve setup': idea \u2192 planned.",)],
        [("Opportunity 'Self-serve setup': planned \u2192 in progress.",)],
        [("Opportunity 'Self-serve setup': in progress \u2192 done.",)],
    ]


@pytest.mark.parametrize(
    ("old", "new", "sentence"),
    [
        pytest.param(
            {"score": 2},
            {"score": 4},
            "Emotion up from 2 (unhappy) to 4 (pleased).",
            id="up",
        ),
        pytest.param(
            {"score": 5, "note": "Fast"},
            {"score": 1, "note": "Fast"},
            "Emotion down from 5 (delighted) to 1 (frustrated).",
            id="down",
        ),
        pytest.param(None, {"score": 3}, "Emotion now recorded: 3 (neutral).", id="first-recorded"),
        pytest.param({"score": 3}, None, "Emotion no longer recorded.", id="no-longer-recorded"),
        pytest.param(
            {"score": 2, "note": "Slow"},
            {"score": 2, "note": "Slow and opaque"},
            "Emotion note updated.",
            id="note-only",
        ),
    ],
)
def test_emotion(old: object, new: object, sentence: str) -> None:
    assert middle_stage_change({"emotion": old}, {"emotion": new}) == {"b": (sentence,)}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            version("a", "b", "c"),
            version("a", stage("b", next=["a", "c"]), "c"),
            {"b": ("Customers now go on to 'A' and 'C'.",)},
            id="new-branch",
        ),
        pytest.param(
            version("a", "b", "c"),
            version("a", stage("b", next=[]), "c"),
            {"b": ("Now ends the journey.",)},
            id="now-ends-the-journey",
        ),
        pytest.param(
            version("a", "b"),
            version("a", stage("b", next=[])),
            {},
            id="explicit-end-of-the-last-stage-is-no-change",
        ),
        pytest.param(
            version("a", "b", "c"),
            version("a", stage("b", next=["c"]), "c"),
            {},
            id="explicit-default-is-no-change",
        ),
        pytest.param(
            version("a", "c"),
            version("a", "b", "c"),
            {"a": ("Customers now go on to 'B'.",), "b": ("Added after 'A'.",)},
            id="default-next-changed-by-an-insertion",
        ),
        pytest.param(
            version("a", stage("b", next=["a", "c"]), "c"),
            version("a", stage("b2", next=["a", "c"], replaces=["b"]), "c"),
            {"b2": ("Renamed from 'B'; its address is now b2 (was b).",)},
            id="renamed-stage-keeps-its-paths",
        ),
    ],
)
def test_paths(old: JourneyVersion, new: JourneyVersion, expected: dict[str, Sentences]) -> None:
    assert entries(old, new) == expected


@pytest.mark.parametrize(
    ("old", "new", "sentence"),
    [
        ({}, {"duration": "2 weeks"}, "Typical duration now 2 weeks."),
        (
            {"duration": "1 week"},
            {"duration": "2-4 weeks"},
            "Typical duration now 2-4 weeks (was 1 week).",
        ),
        ({}, {"description": "Signing *the* contract."}, "Description updated."),
        ({"description": "Old."}, {"description": "New."}, "Description updated."),
    ],
    ids=["duration-set", "duration-changed", "description-added", "description-changed"],
)
def test_duration_and_description(old: StageDict, new: StageDict, sentence: str) -> None:
    assert middle_stage_change(old, new) == {"b": (sentence,)}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ({"duration": "2 weeks"}, {}),
        ({"description": "Signing the contract."}, {}),
        ({"phase": "pre-sale"}, {}),
    ],
    ids=["duration-dropped", "description-dropped", "phase-dropped"],
)
def test_a_field_cleared_is_reported(old: StageDict, new: StageDict) -> None:
    changes = compare(
        version("a", stage("b", **old), phases=PHASES),
        version("a", stage("b", **new), phases=PHASES),
    )
    assert list(by_stage(changes)) == ["b"], "the history page would say: No change to the map"


def test_several_changes_to_one_stage_come_in_a_fixed_order() -> None:
    old = stage("b", owner="Sales", goals=["Be live"], duration="1 week")
    new = stage(
        "b",
        title="Kickoff",
        owner="Support",
        emotion={"score": 4},
        goals=["Go live"],
        duration="2 weeks",
        description="New.",
    )
    assert middle_stage_change(old, new) == {
        "b": (
            "Retitled from 'B' to 'Kickoff'.",
            "Owner changed from Sales to Support.",
            "Emotion now recorded: 4 (pleased).",
            "Goal added: 'Go live'.",
            "Goal removed: 'Be live'.",
            "Typical duration now 2 weeks (was 1 week).",
            "Description updated.",
        )
    }


# The journey as a whole


@pytest.mark.parametrize(
    ("old", "new", "sentence"),
    [
        pytest.param(
            {},
            {"title": "Getting started"},
            "Retitled from 'Onboarding' to 'Getting started'.",
            id="title",
        ),
        pytest.param(
            {"owner": "CX"}, {"owner": "Sales"}, "Map owner changed from CX to Sales.", id="owner"
        ),
        pytest.param({}, {"owner": "CX"}, "Map owner is now CX.", id="owner-added"),
        pytest.param({"owner": "CX"}, {}, "Map owner removed (was CX).", id="owner-removed"),
        pytest.param(
            {}, {"personas": ["it-admin"]}, "Persona added: 'it-admin'.", id="persona-added"
        ),
        pytest.param(
            {"personas": ["it-admin", "buyer", "user"]},
            {"personas": ["user"]},
            "Personas removed: 'it-admin' and 'buyer'.",
            id="personas-removed",
        ),
        pytest.param(
            {"phases": PHASES[:1]},
            {"phases": PHASES},
            "Phase added: 'Post-sale'.",
            id="phase-added",
        ),
        pytest.param(
            {"phases": PHASES},
            {},
            "Phases removed: 'Pre-sale' and 'Post-sale'.",
            id="phases-removed",
        ),
        pytest.param(
            {"phases": PHASES},
            {"phases": [PHASES[0], {"id": "post-sale", "title": "After the sale"}]},
            "Phase 'Post-sale' retitled to 'After the sale'.",
            id="phase-retitled",
        ),
    ],
)
def test_journey_level_changes(
    old: dict[str, object], new: dict[str, object], sentence: str
) -> None:
    changes = compare(version("a", "b", **old), version("a", "b", **new))
    assert changes.journey == (sentence,)
    assert changes.stages == ()


def test_journey_level_changes_come_in_a_fixed_order() -> None:
    old = version("a", title="Onboarding", owner="CX", personas=["buyer"], phases=PHASES)
    new = version("a", title="Getting started", personas=["it-admin"], phases=PHASES[:1])
    assert compare(old, new).journey == (
        "Retitled from 'Onboarding' to 'Getting started'.",
        "Map owner removed (was CX).",
        "Persona added: 'it-admin'.",
        "Persona removed: 'buyer'.",
        "Phase removed: 'Post-sale'.",
    )


# Empty changes, history() and about()


def test_identical_content_is_empty_whatever_the_version_number_date_and_summary() -> None:
    content = [stage("a", owner="Sales", goals=["Be live"]), stage("b", owner="Support")]
    changes = compare(version(*content, number=1), version(*content, number=2))
    assert changes.is_empty
    assert (changes.journey, changes.stages) == ((), ())


def test_history_of_one_version_is_one_entry_without_previous() -> None:
    only = version("a", "b")
    assert history([only]) == [VersionChanges(only, None)]
    assert history([only])[0].is_empty
    assert history([]) == []


def test_history_compares_each_version_with_the_one_before() -> None:
    versions = [version("a", number=1), version("a", "b", number=2), version("b", number=3)]
    assert [
        (c.version.version, c.previous and c.previous.version, by_stage(c))
        for c in history(versions)
    ] == [
        (1, None, {}),
        (2, 1, {"a": ("Customers now go on to 'B'.",), "b": ("Added after 'A'.",)}),
        (3, 2, {"a": ("Removed.",)}),
    ]


@pytest.fixture
def restructured() -> VersionChanges:
    """B renamed to B2, C and D merged into CD, E removed, F added; A unchanged."""
    old = version("a", "b", "c", "d", "e")
    new = version("a", stage("b2", replaces=["b"]), stage("cd", replaces=["c", "d"]), "f")
    return compare(old, new)


@pytest.mark.parametrize(
    ("lineage", "found"),
    [
        (["b"], ["b2"]),  # seen from b, before it is renamed
        (["b2", "b"], ["b2"]),
        (["d"], ["cd"]),
        (["cd", "c", "d"], ["cd"]),
        (["e"], ["e"]),
        (["f"], ["f"]),
        (["a"], []),
        (["nowhere"], []),
    ],
)
def test_about_finds_entries_by_old_or_new_ids(
    restructured: VersionChanges, lineage: list[str], found: list[str]
) -> None:
    assert [entry.id for entry in restructured.about(lineage)] == found


@pytest.mark.parametrize(
    ("new", "lineage", "found"),
    [
        pytest.param(
            version(stage("x", replaces=["b"]), stage("y", replaces=["b"])),
            ["x", "b"],
            ["x"],
            id="other-part-of-a-split",
        ),
        pytest.param(
            version(stage("p", replaces=["a", "b"]), stage("q", replaces=["b", "c"])),
            ["p", "a", "b"],
            ["p"],
            id="other-stage-merged-from-a-shared-part",
        ),
        pytest.param(
            version("b", stage("x", replaces=["b"])),
            ["x", "b"],
            ["b", "x"],
            id="the-part-that-kept-the-id-tells-the-split",
        ),
    ],
)
def test_about_leaves_out_the_entries_of_stages_that_only_share_a_part(
    new: JourneyVersion, lineage: list[str], found: list[str]
) -> None:
    """A stage's page shows its own entry, not every stage cut from the same parts."""
    assert [e.id for e in compare(version("a", "b", "c"), new).about(lineage)] == found


# Issue 16: splits that keep an id, owners across restructures, details of kept items


def test_split_that_keeps_an_id_is_worded_as_a_split() -> None:
    old = version("a", stage("tests", title="Tests"))
    new = version(
        "a",
        stage("tests", title="Blood tests"),
        stage("results", title="Results", replaces=["tests"]),
    )
    assert entries(old, new) == {
        "a": ("Customers now go on to 'Blood tests'.",),
        "tests": ("'Tests' was split into 'Blood tests' and 'Results'.",),
        "results": ("'Tests' was split into 'Blood tests' and 'Results'.",),
    }


def test_owners_across_a_split_and_a_merge() -> None:
    old = version(stage("b", owner="Clinic"), stage("c", owner="Lab"), stage("d", owner="Lab"))
    new = version(
        stage("x", replaces=["b"], owner="Clinic"),
        stage("y", replaces=["b"], owner="Lab"),
        stage("cd", replaces=["c", "d"], owner="Reception"),
    )
    assert entries(old, new) == {
        "x": ("'B' was split into 'X' and 'Y'.",),
        "y": ("'B' was split into 'X' and 'Y'.", "Owner changed from Clinic to Lab."),
        "cd": ("Merged from 'C' and 'D'.", "Owner changed from Lab to Reception."),
    }


def test_owner_of_a_merge_from_stages_of_different_owners() -> None:
    old = version(stage("c", owner="Lab"), stage("d", owner="Clinic"))
    new = version(stage("cd", replaces=["c", "d"], owner="Lab"))
    assert entries(old, new) == {
        "cd": ("Merged from 'C' and 'D'.", "Owner: Lab (was Clinic and Lab).")
    }


@pytest.mark.parametrize(
    ("old", "new", "sentence"),
    [
        pytest.param(
            {"touchpoints": [{"title": "Letter", "channel": "post", "owner": "Admin"}]},
            {"touchpoints": [{"title": "Letter", "channel": "post", "owner": "Booking"}]},
            "Touchpoint 'Letter (post)': owner changed from Admin to Booking.",
            id="touchpoint-owner",
        ),
        pytest.param(
            {"touchpoints": [{"title": "Letter", "channel": "post"}]},
            {"touchpoints": [{"title": "Letter", "channel": "post", "owner": "Booking"}]},
            "Touchpoint 'Letter (post)': owner is now Booking.",
            id="touchpoint-owner-added",
        ),
        pytest.param(
            {"moments": [{"title": "Called in", "kind": "hygiene", "note": "On time"}]},
            {"moments": [{"title": "Called in", "kind": "hygiene", "note": "Often late"}]},
            "Moment of truth 'Called in (hygiene)': note updated.",
            id="moment-note",
        ),
        pytest.param(
            {"moments": [{"title": "Called in", "kind": "hygiene", "note": "On time"}]},
            {"moments": [{"title": "Called in", "kind": "hygiene"}]},
            "Moment of truth 'Called in (hygiene)': note removed (was 'On time').",
            id="moment-note-removed",
        ),
        pytest.param(
            {"opportunities": [opportunity("SMS", "idea")]},
            {"opportunities": [{**opportunity("SMS", "idea"), "owner": "Digital"}]},
            "Opportunity 'SMS': owner is now Digital.",
            id="opportunity-owner",
        ),
        pytest.param(
            {"opportunities": [opportunity("SMS", "idea")]},
            {"opportunities": [{**opportunity("SMS", "idea"), "link": "https://x.example/1"}]},
            "Opportunity 'SMS': link now https://x.example/1.",
            id="opportunity-link",
        ),
    ],
)
def test_details_of_kept_items(old: StageDict, new: StageDict, sentence: str) -> None:
    assert middle_stage_change(old, new) == {"b": (sentence,)}


def test_personas_are_named_when_names_are_known() -> None:
    old = version("a", personas=["buyer"])
    new = version("a", personas=["it-admin"])
    names = {"it-admin": "Ines, IT admin", "buyer": "Bob, buyer"}
    assert compare(old, new, persona_names=names).journey == (
        "Persona added: 'Ines, IT admin'.",
        "Persona removed: 'Bob, buyer'.",
    )


def test_many_overlapping_merges_each_say_their_parts() -> None:
    """100 stages regrouped into 98 overlapping threes: the matching is indexed, not rescanned.

    New stage n<k> takes over o<k>, o<k+1> and o<k+2>, so old stage o<j> is split into
    the (up to) three new stages before and at j. Each entry names its parts and, for
    each part, the stages it went to; none names a stage it has no part in.
    """
    size = 100
    old = version(*(f"o{j}" for j in range(size)))
    groups = {k: [k, k + 1, k + 2] for k in range(size - 2)}
    new = version(
        *(stage(f"n{k}", replaces=[f"o{j}" for j in parts]) for k, parts in groups.items()),
        number=2,
    )

    def splits(parts: list[int]) -> list[str]:
        said = []
        for j in parts:
            takers = [f"'N{k}'" for k in groups if j in groups[k]]
            if len(takers) > 1:  # o0 and o99 went whole to one stage
                said.append(f"'O{j}' was split into {', '.join(takers[:-1])} and {takers[-1]}.")
        return said

    expected = {
        f"n{k}": (f"Merged from 'O{k}', 'O{k + 1}' and 'O{k + 2}'.", *splits(parts))
        for k, parts in groups.items()
    }
    changes = compare(old, new)
    assert by_stage(changes) == expected
    assert [e.id for e in changes.about(["n50", "o50", "o51", "o52"])] == ["n50"]


# Issue 31: what changed inside the parts of a split; who owns what is new


def test_changes_inside_a_split_are_reported() -> None:
    old = version(
        "a",
        stage(
            "tests",
            title="Tests",
            pain_points=["Slow"],
            moments=[{"title": "Called in", "kind": "hygiene"}],
            evidence=[{"kind": "survey", "title": "Patient survey"}],
        ),
    )
    new = version(
        "a",
        stage("tests", title="Blood tests", pain_points=["Slow", "Samples lost"]),
        stage(
            "results",
            title="Results",
            replaces=["tests"],
            moments=[{"title": "Called in", "kind": "hygiene"}],
        ),
    )
    assert entries(old, new) == {
        "a": ("Customers now go on to 'Blood tests'.",),
        "tests": (
            "'Tests' was split into 'Blood tests' and 'Results'.",
            "Pain point added: 'Samples lost'.",
            "Evidence removed: 'Patient survey'.",
        ),
        "results": (
            "'Tests' was split into 'Blood tests' and 'Results'.",
            "Moved here from 'Tests': moment of truth 'Called in (hygiene)'.",
        ),
    }


def test_changes_inside_a_merge_are_reported_and_what_both_had_is_not_news() -> None:
    old = version(stage("c", pain_points=["Queue"]), stage("d", pain_points=["Queue", "Cold"]))
    new = version(stage("cd", replaces=["c", "d"], pain_points=["Queue", "No seats"]))
    assert entries(old, new) == {
        "cd": (
            "Merged from 'C' and 'D'.",
            "Pain point added: 'No seats'.",
            "Pain point removed: 'Cold'.",
        )
    }


def test_the_owner_of_a_new_touchpoint_or_opportunity_is_named() -> None:
    assert middle_stage_change(
        {},
        {
            "touchpoints": [
                {"title": "Courier app", "channel": "app", "owner": "Delivery"},
                {"title": "Hotline", "channel": "phone"},
            ],
            "opportunities": [{"title": "Live tracking", "status": "planned", "owner": "Apps"}],
        },
    ) == {
        "b": (
            "Touchpoints added: 'Courier app (app)' (owned by Delivery) and 'Hotline (phone)'.",
            "Opportunity added: 'Live tracking' (planned, owned by Apps).",
        )
    }


def test_an_alert_on_the_changes_page_gives_the_metric_s_unit(tmp_path: Path) -> None:
    # Issue 31: "moved +14 ... From 19 to 33" said nothing of minutes.
    header = "journey,stage,metric,value\n"
    contentkit.write_files(
        tmp_path,
        {
            "metrics.yml": "metrics:\n  - id: wait\n    title: Waiting time\n    unit: ' min'\n"
            "    better: lower\n    alert_change: 5\n",
            "journeys/clinic/v1.yml": "id: clinic\nversion: 1\ntitle: Clinic\n"
            "effective: 2026-01-01\nstages:\n  - id: waiting\n    title: Waiting room\n",
            "snapshots/2026-02-01.csv": header + "clinic,waiting,wait,19\n",
            "snapshots/2026-03-01.csv": header + "clinic,waiting,wait,33\n",
        },
    )
    content = contentkit.load(tmp_path, dt.date(2026, 3, 2))
    [alert] = [e for e in Changes(content, Trends(content)).events if e.kind == "alert"]
    assert alert.title == "Alert: Waiting time all customers moved +14 min at Clinic, Waiting room"
    assert alert.lines == ("From 19 min on 2026-02-01 to 33 min on 2026-03-01.",)
