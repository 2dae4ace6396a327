"""Journeys within journeys (spec: Journey hierarchy): `part_of`, its rules, the tree, the
roll-ups, and the pages that link a stage to its detailed journeys and back."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from journeymap.analysis.health import KINDS, Health
from journeymap.analysis.hierarchy import Hierarchy, roll_up, steps
from journeymap.analysis.trends import Trends
from journeymap.content.schema import json_schema
from journeymap.site.navigation import NavSection, navigation
from journeymap.site.options import problems
from journeymap.site.render import Renderer

from .conftest import build_example_once, build_site, copy_example, run_mkdocs
from .contentkit import load, problem_lines, shown, write_files, yaml_text
from .sitekit import small_site

TODAY = dt.date(2026, 11, 18)
IN = "\u203a"  # the single angle quote between a parent and its stage


def journey(
    journey_id: str,
    stages: str = "a b c",
    *,
    part_of: tuple[str, str] | None = None,
    version: int = 1,
    effective: str = "2026-01-05",
    extra: str = "",
) -> str:
    """A version file: `stages` are ids (a stage `new<old` replaces `old`)."""
    lines = [
        f"id: {journey_id}",
        f"version: {version}",
        f"title: Journey {journey_id.upper()}",
        f"effective: {effective}",
    ]
    if version > 1:
        lines.append("summary: Next version.")
    if part_of is not None:
        lines += ["part_of:", f"  journey: {part_of[0]}", f"  stage: {part_of[1]}"]
    lines.append("stages:")
    for stage in stages.split():
        stage_id, _, old = stage.partition("<")
        lines += [f"  - id: {stage_id}", f"    title: Stage {stage_id}"]
        if old:
            lines.append(f"    replaces: [{old}]")
    return "\n".join(lines) + "\n" + extra


def line_of(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


def test_part_of_naming_an_unknown_journey_says_which_one_was_meant(tmp_path: Path) -> None:
    sub = journey("sub", part_of=("lifecylce", "a"))
    write_files(
        tmp_path, {"journeys/lifecycle/v1.yml": journey("lifecycle"), "journeys/sub/v1.yml": sub}
    )
    assert problem_lines(tmp_path, TODAY) == [
        f"{shown('journeys/sub/v1.yml')}:{line_of(sub, '  journey: lifecylce')}: "
        "part_of.journey: 'lifecylce' is not a journey (did you mean 'lifecycle'?)"
    ]


def test_part_of_naming_an_unknown_stage_says_which_one_was_meant(tmp_path: Path) -> None:
    sub = journey("sub", part_of=("lifecycle", "biy"))
    write_files(
        tmp_path,
        {
            "journeys/lifecycle/v1.yml": journey("lifecycle", "discover buy"),
            "journeys/sub/v1.yml": sub,
        },
    )
    assert problem_lines(tmp_path, TODAY) == [
        f"{shown('journeys/sub/v1.yml')}:{line_of(sub, '  stage: biy')}: part_of.stage: "
        "'biy' is not a stage of the current version of 'lifecycle' (Journey LIFECYCLE) "
        "(did you mean 'buy'?)"
    ]


def test_a_journey_cannot_be_part_of_itself(tmp_path: Path) -> None:
    sub = journey("sub", part_of=("sub", "a"))
    write_files(tmp_path, {"journeys/sub/v1.yml": sub})
    assert problem_lines(tmp_path, TODAY) == [
        f"{shown('journeys/sub/v1.yml')}:{line_of(sub, '  journey: sub')}: part_of.journey: "
        "'sub' is this journey: a journey cannot be part of itself; name the journey whose "
        "stage this one details"
    ]


def test_part_of_may_not_loop(tmp_path: Path) -> None:
    first = journey("first", part_of=("second", "a"))
    second = journey("second", part_of=("first", "b"))
    write_files(tmp_path, {"journeys/first/v1.yml": first, "journeys/second/v1.yml": second})
    line = line_of(first, "  journey: second")
    assert problem_lines(tmp_path, TODAY) == [
        f"{shown('journeys/first/v1.yml')}:{line}: part_of.journey: journeys within journeys "
        "may not loop: 'first' is part of 'second', 'second' is part of 'first'; remove one "
        "of these part_of",
        f"{shown('journeys/second/v1.yml')}:{line}: part_of.journey: journeys within journeys "
        "may not loop: 'second' is part of 'first', 'first' is part of 'second'; remove one "
        "of these part_of",
    ]


def test_a_chain_of_part_of_is_at_most_three_deep(tmp_path: Path) -> None:
    files = {
        "journeys/one/v1.yml": journey("one"),
        "journeys/two/v1.yml": journey("two", part_of=("one", "a")),
        "journeys/three/v1.yml": journey("three", part_of=("two", "b")),
    }
    write_files(tmp_path, files)
    assert problem_lines(tmp_path, TODAY) == []  # three levels: allowed
    four = journey("four", part_of=("three", "c"))
    write_files(tmp_path, {"journeys/four/v1.yml": four})
    assert problem_lines(tmp_path, TODAY) == [
        f"{shown('journeys/four/v1.yml')}:{line_of(four, '  journey: three')}: part_of.journey: "
        "puts this journey 4 levels deep (one > two > three > four): journeys nest at most 3 "
        "levels deep; make it part of a journey higher up"
    ]


def test_a_stage_the_parent_renamed_is_followed_through_replaces(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "journeys/parent/v1.yml": journey("parent", "look buy"),
            "journeys/parent/v2.yml": journey(
                "parent", "look purchase<buy", version=2, effective="2026-06-01"
            ),
            "journeys/sub/v1.yml": journey("sub", part_of=("parent", "buy")),
        },
    )
    content = load(tmp_path, TODAY)
    place = Hierarchy(content).places["sub"]
    assert place.stage is not None and place.stage.id == "purchase"
    assert content.notices == ()


def test_a_stage_the_parent_removed_is_a_warning_and_a_health_item(tmp_path: Path) -> None:
    sub = journey("sub", part_of=("parent", "buy"))
    write_files(
        tmp_path,
        {
            "journeys/parent/v1.yml": journey("parent", "look buy"),
            "journeys/parent/v2.yml": journey("parent", "look", version=2, effective="2026-06-01"),
            "journeys/sub/v1.yml": sub,
        },
    )
    content = load(tmp_path, TODAY)  # loads: the parent moved on, nothing to fail
    assert [str(n) for n in content.notices] == [
        f"{shown('journeys/sub/v1.yml')}:{line_of(sub, '  stage: buy')}: part_of.stage: "
        "'buy' is no longer a stage of 'parent' (Journey PARENT): its current version 2 "
        "removed it; choose one of its current stages ('look')"
    ]
    health = Health(content, Trends(content), review_every_days=90, stale_after_days=60)
    (item,) = health.of_kind("orphaned_subjourneys")
    assert item.journey == "sub" and item.fix_in == shown("journeys/sub/v1.yml")
    assert "stage 'buy' of Journey PARENT" in item.text
    assert "orphaned_subjourneys" in KINDS
    assert not problems({"fail_on": ["orphaned_subjourneys"]})
    # Still under its parent (at the end), so that it is found.
    tree = Hierarchy(content)
    assert [j.id for j in tree.order] == ["parent", "sub"]
    assert [j.id for j in tree.children(content.journeys["parent"])] == ["sub"]


def test_only_current_and_planned_versions_must_name_a_real_place(tmp_path: Path) -> None:
    planned = journey("sub", part_of=("parent", "nope"), version=3, effective="2027-03-01")
    write_files(
        tmp_path,
        {
            "journeys/parent/v1.yml": journey("parent", "look buy"),
            # History: the journey it was part of is gone, which is no problem.
            "journeys/sub/v1.yml": journey("sub", part_of=("gone", "a"), effective="2025-01-06"),
            "journeys/sub/v2.yml": journey("sub", part_of=("parent", "buy"), version=2),
            "journeys/sub/v3.yml": planned,
        },
    )
    assert problem_lines(tmp_path, TODAY) == [
        f"{shown('journeys/sub/v3.yml')}:{line_of(planned, '  stage: nope')}: part_of.stage: "
        "'nope' is not a stage of journey 'parent'"
    ]


def test_the_json_schema_describes_part_of() -> None:
    schema = json_schema("journey")
    assert schema["properties"]["part_of"]["anyOf"][0] == {"$ref": "#/$defs/PartOf"}
    assert schema["$defs"]["PartOf"]["required"] == ["journey", "stage"]


METRICS = yaml_text(
    """
    metrics:
      - id: csat
        title: Satisfaction
        better: higher
        min: 1
        max: 5
        target: 4
        alert_change: 0.5
      - id: wait
        title: Waiting time
        better: lower
        target: 10
    """
)


def family(tmp_path: Path) -> Path:
    """A parent with two stages, a sub-journey of its second, with metrics and emotions."""
    sub_stages = yaml_text(
        """
        stages:
          - id: x
            title: Stage x
            emotion: {score: 2}
          - id: y
            title: Stage y
            emotion: {score: 4}
          - id: z
            title: Stage z
        """
    )
    sub = journey("sub", part_of=("parent", "buy")).split("stages:")[0] + sub_stages
    return write_files(
        tmp_path,
        {
            "metrics.yml": METRICS,
            "journeys/parent/v1.yml": journey("parent", "look buy"),
            "journeys/sub/v1.yml": sub,
            "snapshots/2026-10-01.csv": "journey,stage,metric,value\n"
            "sub,x,csat,4.5\nsub,y,csat,4.4\nsub,y,wait,12\n",
            "snapshots/2026-11-01.csv": "journey,stage,metric,value\n"
            "sub,x,csat,3.8\nsub,y,csat,4.4\nsub,y,wait,30\n",
        },
    )


def test_the_roll_up_of_a_sub_journey(tmp_path: Path) -> None:
    family(tmp_path)
    content = load(tmp_path, TODAY)
    trends = Trends(content)
    health = Health(content, trends, review_every_days=90, stale_after_days=60)
    rolled = roll_up(content.journeys["sub"], trends, health)
    assert rolled.stages == 3
    assert rolled.emotion == (2, 4)
    # csat at x misses 4 by 0.2 of a 1..5 range (0.05); wait at y misses 10 by 20 of a
    # 10..30 span (1.0): the waiting time is furthest from its target.
    assert rolled.worst is not None and rolled.worst.metric.id == "wait"
    assert rolled.worst_stage is not None and rolled.worst_stage.id == "y"
    assert rolled.targets == 3
    assert rolled.alerts == 1  # csat at x fell 0.7


def test_the_tree_of_journeys(tmp_path: Path) -> None:
    family(tmp_path)
    write_files(
        tmp_path,
        {
            "journeys/alpha/v1.yml": journey("alpha"),
            "journeys/deep/v1.yml": journey("deep", part_of=("sub", "z")),
        },
    )
    content = load(tmp_path, TODAY)
    tree = Hierarchy(content)
    assert [j.id for j in tree.order] == ["alpha", "parent", "sub", "deep"]
    deep = content.journeys["deep"]
    assert tree.depth(deep) == 3 and tree.depth(content.journeys["alpha"]) == 1
    assert [(p.parent.id, p.stage_id) for p in tree.trail(deep)] == [
        ("parent", "buy"),
        ("sub", "z"),
    ]
    parent = content.journeys["parent"]
    assert [[j.id for j in subs] for subs in tree.per_stage(parent, parent.current)] == [
        [],
        ["sub"],
    ]


def test_the_parent_hears_of_sub_journeys_added_moved_changed_and_gone(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "journeys/parent/v1.yml": journey("parent", "look buy"),
            "journeys/other/v1.yml": journey("other"),
            "journeys/sub/v1.yml": journey("sub", effective="2026-01-01"),
            "journeys/sub/v2.yml": journey(
                "sub", part_of=("parent", "look"), version=2, effective="2026-02-01"
            ),
            "journeys/sub/v3.yml": journey(
                "sub", part_of=("parent", "buy"), version=3, effective="2026-03-01"
            ),
            "journeys/sub/v4.yml": journey(
                "sub", part_of=("parent", "buy"), version=4, effective="2026-04-01"
            ),
            "journeys/sub/v5.yml": journey(
                "sub", part_of=("other", "a"), version=5, effective="2026-05-01"
            ),
        },
    )
    content = load(tmp_path, TODAY)
    told = steps(content)
    assert [(s.date.month, s.text) for s in told["parent"]] == [
        (2, "Journey SUB became a sub-journey of Stage look."),
        (3, "Journey SUB moved from Stage look to Stage buy."),
        (4, "Journey SUB (under Stage buy) changed: Next version."),
        (5, "Journey SUB is no longer a sub-journey of Stage buy."),
    ]
    assert [s.kind for s in told["other"]] == ["added"]
    renderer = Renderer(content)
    events = [e for e in renderer.changes.events if e.kind == "subjourney"]
    assert [e.title for e in events if e.date.month == 5] == [
        "Journey PARENT: Journey SUB is no longer a sub-journey of Stage buy.",
        "Journey OTHER: Journey SUB became a sub-journey of Stage a.",
    ]
    assert events[0].page == "journeys/sub/history.md" and events[0].fragment == "v5"
    # The sub-journey's own history says where it moved.
    history = renderer.changes.histories["sub"]
    assert "Moved from stage 'look' of journey 'parent' to stage 'buy' of journey 'parent'." in (
        history[2].journey
    )


def page_sources(content_root: Path) -> dict[str, str]:
    content = load(content_root.parent, TODAY)
    return {page.src_uri: page.finish(page.markdown) for page in Renderer(content).pages()}


def nav_parent_of(items: list[str | NavSection], wanted: str, parents: tuple[str, ...] = ()):
    """The titles of the sections around the section whose index page is `wanted`."""
    for item in items:
        if isinstance(item, NavSection):
            if item.index == wanted:
                return parents
            found = nav_parent_of(item.items, wanted, (*parents, item.title))
            if found is not None:
                return found
    return None


def test_a_sub_journey_moved_under_another_parent_keeps_its_url(tmp_path: Path) -> None:
    root = write_files(
        tmp_path,
        {
            "journeys/first/v1.yml": journey("first", "a b"),
            "journeys/second/v1.yml": journey("second", "c d"),
            "journeys/sub/v1.yml": journey("sub", "x y", part_of=("first", "b")),
        },
    )
    before = page_sources(root)
    content = load(tmp_path, TODAY)
    assert nav_parent_of(navigation(content), "journeys/sub/index.md") == (
        "Journeys",
        "Journey FIRST",
        "Stage b",
    )
    write_files(
        tmp_path,
        {
            "journeys/sub/v2.yml": journey(
                "sub", "x y", part_of=("second", "c"), version=2, effective="2026-06-01"
            )
        },
    )
    after = page_sources(root)
    sub_pages = {src for src in before if src.startswith("journeys/sub/")}
    assert sub_pages == {
        "journeys/sub/index.md",
        "journeys/sub/x.md",
        "journeys/sub/y.md",
        "journeys/sub/history.md",
        "journeys/sub/v1.md",
    }
    assert sub_pages < set(after)  # every address stays, v2 joins
    content = load(tmp_path, TODAY)
    assert nav_parent_of(navigation(content), "journeys/sub/index.md") == (
        "Journeys",
        "Journey SECOND",
        "Stage c",
    )
    assert "Journey SECOND" in after["journeys/sub/index.md"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example_once(tmp_path_factory, "hierarchy")


def soup(site: Path, url: str) -> BeautifulSoup:
    path = site / url / "index.html" if url.endswith("/") else site / url
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def follow(site: Path, url: str, href: str) -> str:
    """The site URL that a relative link on the page at `url` leads to."""
    return posixpath.normpath(posixpath.join(url, href.split("#")[0])) + "/"


def test_a_reader_goes_from_a_lifecycle_stage_to_its_journey_and_back(site: Path) -> None:
    stage_url = "journeys/customer-lifecycle/buy/"
    stage = soup(site, stage_url).select_one("article")
    heading = stage.find(lambda tag: tag.name == "h2" and "Detailed journeys" in tag.text)
    assert heading is not None
    links = heading.find_next("ul", class_="jm-subjourneys").select("li > a")
    assert [a.get_text() for a in links] == ["Acme Cloud for Business", "Acme Fresh grocery app"]
    down = follow(site, stage_url, links[1]["href"])
    assert down == "journeys/grocery-app/"
    part_of = soup(site, down).select_one("article .jm-part-of")
    assert " ".join(part_of.get_text().split()) == f"Part of Acme customer lifecycle {IN} Buy"
    up = follow(site, down, part_of.select("a")[-1]["href"])
    assert up == stage_url
    for page in ("journeys/grocery-app/checkout/", "journeys/grocery-app/history/"):
        assert soup(site, page).select_one("article .jm-part-of"), page


def test_the_lifecycle_map_rolls_up_its_detailed_journeys(site: Path) -> None:
    lane = soup(site, "journeys/customer-lifecycle/").select_one("tr.jm-lane-subjourneys")
    cells = lane.select("td")
    assert [len(c.select("li")) for c in cells] == [0, 2, 0, 0, 0]
    grocery = " ".join(cells[1].select("li")[1].get_text(" ").split())
    assert grocery.startswith("Acme Fresh grocery app 8 stages; felt emotion 1 to 4/5")
    assert "Furthest from target:" in grocery and "1 open alert" in grocery


def test_the_landscape_nests_sub_journeys_under_their_parent(site: Path) -> None:
    page = soup(site, "journeys/")
    rows = page.select("table.jm-landscape tbody tr")
    headers = [" ".join(r.select_one("th").get_text(" ").split()) for r in rows]
    assert headers == [
        "Acme customer lifecycle",
        f"Part of Acme customer lifecycle {IN} Buy: Acme Cloud for Business",
        f"Part of Acme customer lifecycle {IN} Buy: Acme Fresh grocery app",
    ]
    assert [r.get("class") for r in rows] == [None, *[["jm-sub", "jm-level-2"]] * 2]
    # The list below: sub-journeys' headings one level below their parent's.
    headings = [(h.name, h.get_text().strip("¶ ")) for h in page.select("article h2, article h3")]
    assert [h for h in headings if h[1].startswith("Acme")] == [
        ("h2", "Acme customer lifecycle"),
        ("h3", "Acme Cloud for Business"),
        ("h3", "Acme Fresh grocery app"),
    ]


def test_the_navigation_follows_the_tree(site: Path) -> None:
    nav = soup(site, "journeys/grocery-app/checkout/").select_one("nav.md-nav--primary")
    link = nav.find("a", href="./")  # the page itself
    assert link is not None
    sections = [
        " ".join(s.find(class_="md-nav__link").get_text(" ").split())
        for s in link.find_parents("li", class_="md-nav__item--nested")
    ]
    assert sections[1:4] == ["Buy", "Acme customer lifecycle", "Journeys"]


def test_changes_roll_up_to_the_parent(site: Path) -> None:
    history = soup(site, "journeys/customer-lifecycle/history/")
    lines = history.select("ul.jm-subjourney-changes li")
    assert [" ".join(li.get_text().split()) for li in lines] == [
        "2026-06-15: Acme Fresh grocery app became a sub-journey of Buy.",
        "2026-03-02: Acme Cloud for Business became a sub-journey of Buy.",
    ]
    assert lines[0].a["href"] == "../../grocery-app/history/#v2"
    changes = soup(site, "changes/")
    tagged = [
        li.a.get_text() for li in changes.select("li.jm-event") if "Sub-journey" in li.get_text()
    ]
    assert "Acme customer lifecycle: Acme Fresh grocery app became a sub-journey of Buy." in tagged


def test_map_json_and_mermaid_carry_the_relation(site: Path) -> None:
    grocery = json.loads((site / "journeys/grocery-app/map.json").read_text())
    assert grocery["part_of"] == {
        "journey": "customer-lifecycle",
        "stage": "buy",
        "stage_title": "Buy",
        "title": "Acme customer lifecycle",
        "url": "https://journeys.acme.example/journeys/customer-lifecycle/buy/",
    }
    lifecycle = json.loads((site / "journeys/customer-lifecycle/map.json").read_text())
    assert lifecycle["part_of"] is None
    assert [s["id"] for s in lifecycle["stages"][1]["subjourneys"]] == [
        "b2b-subscription",
        "grocery-app",
    ]
    tree = (site / "journeys/customer-lifecycle/hierarchy.mmd").read_text()
    assert tree.startswith('flowchart LR\n    subgraph journey["Acme customer lifecycle"]')
    assert '    s1 --> sub1["Acme Fresh grocery app"]' in tree
    assert '    click sub1 href "https://journeys.acme.example/journeys/grocery-app/"' in tree
    sub_tree = (site / "journeys/grocery-app/hierarchy.mmd").read_text()
    assert f'    parent["Acme customer lifecycle {IN} Buy"]' in sub_tree
    assert "    parent --> journey" in sub_tree
    assert lifecycle["urls"]["hierarchy_mermaid"].endswith("customer-lifecycle/hierarchy.mmd")


def test_materials_path_reads_parent_and_stage(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("    - navigation.prune\n", "    - navigation.path\n"))
    page = build_site(root)("journeys/grocery-app/checkout/")
    path = [" ".join(a.get_text().split()) for a in page.select("nav.md-path a")]
    assert path[1:] == ["Journeys", "Acme customer lifecycle", "Buy", "Acme Fresh grocery app"]


def orphan_site(tmp_path: Path, fail_on: str) -> tuple[Path, str]:
    """A site whose sub-journey names a stage its parent's current version removed."""
    sub = journey("sub", part_of=("parent", "buy"))
    root = small_site(tmp_path, f"plugins:\n  - journeymap:\n      fail_on: [{fail_on}]\n")
    shutil.rmtree(root / "content")
    write_files(
        root,
        {
            "journeys/parent/v1.yml": journey("parent", "look buy", effective="2025-01-06"),
            "journeys/parent/v2.yml": journey("parent", "look", version=2),
            "journeys/sub/v1.yml": sub,
        },
    )
    return root, f"content/journeys/sub/v1.yml:{line_of(sub, '  stage: buy')}: part_of.stage"


def test_a_removed_stage_is_said_in_the_build_log_and_fails_only_through_fail_on(
    tmp_path: Path,
) -> None:
    root, where = orphan_site(tmp_path / "a", "alerts")
    result = run_mkdocs(root)
    assert result.returncode == 0, result.stderr
    assert f"INFO    -  journeymap: warning: {where}: 'buy' is no longer a stage" in result.stderr
    assert "sub-journeys whose stage is gone: 1" in result.stderr  # the health line
    root, _ = orphan_site(tmp_path / "b", "orphaned_subjourneys")
    result = run_mkdocs(root)
    assert result.returncode == 1
    assert (
        "WARNING -  journeymap: content/journeys/sub/v1.yml: Sub-journeys whose stage is gone: "
        "Journey SUB is part of stage 'buy' of Journey PARENT, which its version 2 removed"
    ) in result.stderr


def test_validate_and_generate_say_a_removed_stage_and_succeed(tmp_path: Path) -> None:
    _, where = orphan_site(tmp_path / "small", "alerts")
    root = copy_example(tmp_path / "example")  # a site set up for Zensical
    shutil.rmtree(root / "content")
    shutil.copytree(tmp_path / "small/content", root / "content")
    (root / "docs/onboarding-guide.md").unlink()  # it links to the example's journeys
    journeymap = str(Path(sys.executable).parent / "journeymap")
    for command in (["validate"], ["generate", "--config", "mkdocs.yml"]):
        result = subprocess.run(
            [journeymap, *command], cwd=root, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        assert f"warning: {where}: 'buy' is no longer a stage of 'parent'" in result.stderr
