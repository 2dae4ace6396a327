"""Paths, loops, handoffs, URLs and the emotion curve of a journey version."""

from __future__ import annotations

import datetime as dt

import pytest

from journeymap import routes
from journeymap.analysis.flow import Flow, Handoff
from journeymap.content.model import build_date
from journeymap.content.schema import JourneyVersion
from journeymap.site import views
from journeymap.site.views import curve, emotion_scores


def version(*stages: dict[str, object]) -> JourneyVersion:
    return JourneyVersion.model_validate(
        {"id": "j", "version": 1, "title": "J", "effective": "2026-01-01", "stages": stages}
    )


def titles(stages) -> list[str]:
    return [s.id for s in stages]


def test_next_defaults_to_the_following_stage_and_ends_at_the_last() -> None:
    v = version({"id": "a", "title": "A"}, {"id": "b", "title": "B"}, {"id": "c", "title": "C"})
    flow = Flow(v)
    assert [titles(flow.following(s)) for s in v.stages] == [["b"], ["c"], []]
    assert [titles(flow.preceding(s)) for s in v.stages] == [[], ["a"], ["b"]]


def test_branches_loops_and_explicit_ends() -> None:
    v = version(
        {"id": "basket", "title": "Basket"},
        {"id": "checkout", "title": "Checkout", "next": ["delivery", "payment-issue"]},
        {"id": "payment-issue", "title": "Payment issue", "next": ["checkout"]},
        {"id": "delivery", "title": "Delivery", "next": []},
    )
    flow = Flow(v)
    _, checkout, issue, delivery = v.stages
    assert titles(flow.following(checkout)) == ["delivery", "payment-issue"]
    assert titles(flow.preceding(checkout)) == ["basket", "payment-issue"]
    assert flow.following(delivery) == []
    assert flow.is_loop(issue, checkout)
    assert not flow.is_loop(checkout, issue)
    assert flow.is_loop(checkout, checkout)


def test_handoffs_are_owner_changes_between_named_owners() -> None:
    v = version(
        {"id": "a", "title": "A", "owner": "Marketing"},
        {"id": "b", "title": "B", "owner": "Sales"},
        {"id": "c", "title": "C", "owner": "Sales"},
        {"id": "d", "title": "D"},
        {"id": "e", "title": "E", "owner": "Support"},
    )
    flow = Flow(v)
    assert [flow.handoff_into(s) for s in v.stages] == [
        None,
        Handoff("Marketing", "Sales"),
        None,
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("src", "directory_urls", "url"),
    [
        ("journeys/index.md", True, "journeys/"),
        ("journeys/onboarding/index.md", True, "journeys/onboarding/"),
        ("journeys/onboarding/kickoff.md", True, "journeys/onboarding/kickoff/"),
        ("index.md", True, ""),
        ("journeys/onboarding/kickoff.md", False, "journeys/onboarding/kickoff.html"),
        ("journeys/index.md", False, "journeys/index.html"),
    ],
)
def test_urls_follow_mkdocs(src: str, directory_urls: bool, url: str) -> None:
    assert routes.url_of(src, use_directory_urls=directory_urls) == url


@pytest.mark.parametrize(
    ("src", "directory_urls", "written"),
    [
        ("index.md", True, "index.html"),  # the root's URL is empty: its file is index.html
        ("index.md", False, "index.html"),
        ("journeys/index.md", True, "journeys/index.html"),
        ("journeys/onboarding/kickoff.md", True, "journeys/onboarding/kickoff/index.html"),
        ("journeys/onboarding/kickoff.md", False, "journeys/onboarding/kickoff.html"),
        ("journeys/onboarding/map.json", True, "journeys/onboarding/map.json"),
    ],
)
def test_the_file_a_url_is_written_to(src: str, directory_urls: bool, written: str) -> None:
    assert routes.file_of(src, use_directory_urls=directory_urls) == written


@pytest.mark.parametrize(
    ("target", "base", "relative"),
    [
        ("journeys/a/kickoff/", "journeys/a/", "kickoff/"),
        ("journeys/a/", "journeys/a/kickoff/", "../"),
        ("journeys/a/", "journeys/a/", "./"),
        ("journeys/b/x/", "journeys/a/y/", "../../b/x/"),
        ("journeys/a/kickoff.html", "journeys/a/index.html", "kickoff.html"),
        ("journeys/index.html", "journeys/a/kickoff.html", "../index.html"),
    ],
)
def test_relative_urls(target: str, base: str, relative: str) -> None:
    assert routes.relative_url(target, base) == relative


def test_emotion_curve_pieces_meet_halfway_and_break_where_unknown() -> None:
    v = version(
        {"id": "a", "title": "A", "emotion": {"score": 1}},
        {"id": "b", "title": "B", "emotion": {"score": 5}},
        {"id": "c", "title": "C"},
        {"id": "d", "title": "D", "emotion": {"score": 3}},
    )
    a, b, c, d = curve(emotion_scores(v))
    assert c is None
    assert a is not None and b is not None and d is not None
    assert (a.y, b.y, d.y) == (85, 15, 50)  # 1 is low, 5 is high
    assert a.left is None and a.right == b.left == 50  # both pieces end at the same height
    assert b.right is None and d.left is None and d.right is None


def test_build_date_comes_from_source_date_epoch() -> None:
    assert build_date({"SOURCE_DATE_EPOCH": "1795000000"}) == dt.date(2026, 11, 18)
    # Without it, the clock's date (a fixed one here, so the test never meets midnight).
    late = dt.datetime(2026, 11, 18, 23, 59, tzinfo=dt.UTC)
    assert build_date({}, now=lambda: late) == dt.date(2026, 11, 18)
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH='soon' is not a number of seconds"):
        build_date({"SOURCE_DATE_EPOCH": "soon"})


def test_detours_are_every_path_off_the_main_line_with_an_arc_each() -> None:
    v = version(
        {"id": "a", "title": "A", "next": ["b", "c"]},  # on to b, and skipping b to c
        {"id": "b", "title": "B", "next": []},  # ends before the last stage
        {"id": "c", "title": "C", "next": ["a", "d"]},  # loops back to a
        {"id": "d", "title": "D"},  # the last stage: its end is the journey's
    )
    flow = Flow(v)
    found = [(d.source.id, d.target.id if d.target else None, d.kind) for d in flow.detours()]
    assert found == [("a", "c", "skip"), ("b", None, "end"), ("c", "a", "loop")]
    assert [s.id for s in flow.detours()[0].skipped] == ["b"]
    arcs = views.arcs(flow)
    assert [a.detour for a in arcs] == flow.detours()
    # A skip leaves a stage's right half for the next one's left half; a loop the other way.
    assert arcs[0].path.startswith("M60 50C") and arcs[0].head.endswith("L240 50Z")
    assert arcs[2].path.startswith("M240 50C") and arcs[2].head.endswith("L60 50Z")
    assert arcs[1].head == "" and arcs[1].path.startswith("M150 50V")


def test_a_persona_score_is_a_point_even_without_neighbours() -> None:
    v = version(
        {"id": "a", "title": "A", "emotion": {"score": 3, "personas": {"p": 2}}},
        {"id": "b", "title": "B", "emotion": {"score": 3}},
        {"id": "c", "title": "C", "emotion": {"score": 3, "personas": {"p": 4}}},
    )
    v = v.model_copy(update={"personas": ["p"]})
    (found,) = views.persona_emotions(v, {})
    assert found.id == "p" and found.scores == (2, None, 4)
    # Each score has its point; the stage between has none, and no piece joins them.
    assert [p is not None for p in found.points] == [True, False, True]
    assert found.points[0].right is None and found.points[2].left is None
