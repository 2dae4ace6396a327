"""Owners as teams, in a small hospital's site built in a temporary folder: the service
blueprint of a stage, and a page per team (`/teams/<team>/`) with everything the team owns
across every current journey, linked from every owner on the maps and stage pages."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from journeymap.analysis.health import Health
from journeymap.analysis.teams import Teams
from journeymap.analysis.trends import Trends
from journeymap.content.schema import json_schema
from journeymap.routes import team_slug

from .conftest import BUILD_DATE_EPOCH, REPO, build_site
from .contentkit import load, write_files, yaml_text
from .test_build import article, text
from .test_cli import run

HOSTILE = "<script>alert(1)</script> & Co"

CONTENT = {
    "metrics.yml": yaml_text("""
        metrics:
          - id: wait-days
            title: Days to an appointment
            better: lower
            unit: " days"
            target: 14
        """),
    "snapshots/2026-11-02.csv": "journey,stage,metric,value\nreferral,booking,wait-days,21\n",
    "journeys/referral/v1.yml": yaml_text("""
        id: referral
        version: 1
        title: Referral to surgery
        effective: 2026-01-05
        owner: Patient Services
        stages:
          - id: referral
            title: Referral
            owner: GP practice
            goals: [Get seen by a specialist]
          - id: booking
            title: Booking
            owner: Patient Services
            goals: [Get a date that fits my work]
            business_goals: [No theatre slot left empty]
            touchpoints:
              - title: Appointment letter
                channel: post
              - title: Booking line
                channel: phone
                owner: Call Centre
            backstage:
              - Nurse triages the referral
              - Clerk books theatre time
            support:
              - title: Scheduling system
                kind: system
                owner: Hospital IT
              - title: Compensation policy
                kind: policy
                owner: Finance
            opportunities:
              - title: Text message reminders
                status: planned
              - title: Letters in plain language
                status: done
                owner: Patient Services
            metrics: [wait-days]
          - id: surgery
            title: Surgery
            owner: Surgery
        """),
    "journeys/discharge/v1.yml": yaml_text("""
        id: discharge
        version: 1
        title: Discharge and follow-up
        effective: 2026-02-02
        owner: patient services
        stages:
          - id: ward
            title: Ward
            owner: Surgery
          - id: follow-up
            title: Follow-up call
            owner: Patient services
            support:
              - title: Transport partner
                kind: partner
                owner: "<script>alert(1)</script> & Co"
        """),
}

TEAM = "teams/patient-services/"
TODAY = dt.date(2026, 11, 18)  # BUILD_DATE_EPOCH


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hospital_site(tmp_path_factory.mktemp("hospital"))


def hospital_site(root: Path, **overrides: object) -> Path:
    """The hospital's site built in `root` (with mkdocs.yml settings `overrides`)."""
    write_files(root, CONTENT)
    shutil.copytree(REPO / "theme", root / "theme")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Hospital\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Hospital\nsite_url: https://care.example/\n"
        # The example site's theme: Material's own footer text is too faint for axe-core.
        "theme: {name: material, font: false, custom_dir: theme}\n"
        "extra_css: [stylesheets/acme.css]\n"
        "plugins: [search, journeymap]\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BUILD_DATE_EPOCH)
        build_site(root, **overrides)
    return root / "site"


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def lanes(soup: BeautifulSoup) -> list[str]:
    return [str(row["data-lane"]) for row in soup.select("table.jm-map tr[data-lane]")]


def test_the_stage_shows_its_blueprint_below_the_line_of_visibility(site: Path) -> None:
    body = article(page(site, "journeys/referral/booking/"))
    marked = [str(e["data-lane"]) for e in body.select("[data-lane]")]
    assert marked == ["goals", "business_goals", "line_of_visibility", "backstage", "support"]
    line = body.select_one("[data-lane=line_of_visibility]")
    assert line is not None and "Line of visibility" in text(line)
    backstage = body.select_one("[data-lane=backstage]")
    assert backstage is not None
    assert [text(li) for li in backstage.select("li")] == [
        "Nurse triages the referral",
        "Clerk books theatre time",
    ]
    support = body.select_one("[data-lane=support]")
    assert support is not None
    assert [[text(td) for td in tr.select("td")] for tr in support.select("tbody tr")] == [
        ["Scheduling system", "System", "Hospital IT"],
        ["Compensation policy", "Policy", "Finance"],
    ]
    # Touchpoints, what customers see, come before the line.
    headings = [text(h) for h in body.select("h2")]
    assert headings.index("Touchpoints") < headings.index("Backstage") < headings.index("Support")


HOSPITAL_MAP_LANES = [
    # The story first (issue 26): here the featured metric; then the descriptive lanes.
    "metric",
    "owner",
    "goals",
    "business_goals",
    "touchpoints",
    "line_of_visibility",
    "backstage",
    "support",
    "opportunities",
    "metrics",
]
"""The hospital map's lanes, top to bottom: in the page, and as the browser draws them."""


def test_the_map_keeps_the_customers_side_above_the_line(site: Path) -> None:
    map_page = page(site, "journeys/referral/")
    assert lanes(map_page) == HOSPITAL_MAP_LANES
    line = map_page.select_one("table.jm-map tr[data-lane=line_of_visibility]")
    assert line is not None and line.get("aria-label") == "Line of visibility"
    header = line.select_one("th[scope=row]")
    assert header is not None and text(header) == "Line of visibility"
    support = map_page.select_one("table.jm-map tr[data-lane=support]")
    assert support is not None
    cells = [text(td) for td in support.select("td")]
    assert cells[1] == (
        "System Scheduling system ( Hospital IT ) Policy Compensation policy ( Finance )"
    )


def test_lanes_nobody_filled_are_not_drawn(site: Path) -> None:
    # The discharge journey has support items but no backstage work or business goals.
    assert lanes(page(site, "journeys/discharge/")) == ["owner", "line_of_visibility", "support"]


def section(soup: BeautifulSoup, name: str) -> list[list[str]]:
    table = soup.select_one(f"[data-team-section={name}]")
    assert isinstance(table, Tag), name
    return [[text(td) for td in tr.select("td")] for tr in table.select("tbody tr")]


def test_the_team_page_lists_what_the_team_owns_across_journeys(site: Path) -> None:
    team = article(page(site, TEAM))
    assert text(team.select_one("h1") or team).startswith("Patient Services")
    assert "Also written as: Patient services, patient services" in text(team)
    assert section(team, "stages") == [
        ["Follow-up call", "Discharge and follow-up", ""],
        ["Booking", "Referral to surgery", "No theatre slot left empty"],
    ]
    assert section(team, "handoffs") == [
        ["In, from", "Surgery", "Ward", "Follow-up call", "Discharge and follow-up"],
        ["In, from", "GP practice", "Referral", "Booking", "Referral to surgery"],
        ["Out, to", "Surgery", "Booking", "Surgery", "Referral to surgery"],
    ]
    assert section(team, "touchpoints") == [
        ["Appointment letter", "post", "Booking", "Referral to surgery", "Patient Services"],
        ["Booking line", "phone", "Booking", "Referral to surgery", "Call Centre"],
    ]
    backstage = team.select_one("[data-team-section=backstage]")
    assert backstage is not None
    assert [text(dd) for dd in backstage.select("dd")] == [
        "Nurse triages the referral",
        "Clerk books theatre time",
    ]
    assert [row[0] for row in section(team, "support")] == [
        "Transport partner",
        "Scheduling system",
        "Compensation policy",
    ]
    # Open ones first: the one nobody owns falls to the stage's team.
    assert section(team, "opportunities") == [
        [
            "Text message reminders",
            "Planned",
            "Booking",
            "Referral to surgery",
            "No one yet",
            "not scored",
        ],
        [
            "Letters in plain language",
            "Done",
            "Booking",
            "Referral to surgery",
            "Patient Services",
            "",
        ],
    ]
    assert section(team, "metrics") == [
        [
            "Booking (Referral to surgery)",
            "Days to an appointment",
            "21 days",
            "Misses 14 days",
            "2026-11-02",
        ]
    ]
    # Health items of its maps (in both spellings) and its stages, none of other teams'.
    assert [row[0].split(":")[0] for row in section(team, "health")] == [
        "Discharge and follow-up",
        "Referral to surgery",
        "Discharge and follow-up, Follow-up call",
        "Discharge and follow-up, Follow-up call",
        "Referral to surgery, Booking",
        "Referral to surgery, Booking",
        "Referral to surgery, Booking",  # its open opportunity has no estimates yet
    ]


def test_a_team_owning_only_a_support_item_has_its_page(site: Path) -> None:
    support_only = article(page(site, "teams/hospital-it/"))
    assert section(support_only, "support") == [
        ["Scheduling system", "System", "Booking", "Referral to surgery", "Hospital IT"]
    ]
    assert "Owns no stage." in text(support_only)


def owner_links(soup: BeautifulSoup) -> list[tuple[str, str]]:
    return [(text(a), str(a["href"])) for a in article(soup).select("a.jm-owner")]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "journeys/",
            {
                "patient services": "../teams/patient-services/",
                "Patient Services": "../teams/patient-services/",
            },
        ),
        (
            "journeys/referral/",
            {
                "Patient Services": "../../teams/patient-services/",
                "GP practice": "../../teams/gp-practice/",
                "Surgery": "../../teams/surgery/",
                "Hospital IT": "../../teams/hospital-it/",
                "Finance": "../../teams/finance/",
            },
        ),
        (
            "journeys/referral/booking/",
            {
                "Patient Services": "../../../teams/patient-services/",
                "GP practice": "../../../teams/gp-practice/",
                "Call Centre": "../../../teams/call-centre/",
                "Hospital IT": "../../../teams/hospital-it/",
                "Finance": "../../../teams/finance/",
            },
        ),
    ],
)
def test_every_owner_links_to_its_team_page(site: Path, url: str, expected: dict[str, str]) -> None:
    links = owner_links(page(site, url))
    assert dict(links) == expected
    for _, href in links:
        assert (site / url / href / "index.html").resolve().is_file()


def test_a_version_map_names_owners_without_links(site: Path) -> None:
    # Team pages are the current journeys' owners': an old or planned version may name
    # others. The map of version 1 shows its blueprint all the same.
    version = page(site, "journeys/referral/v1/")
    assert not version.select("a.jm-owner")
    assert lanes(version)[-4:] == ["line_of_visibility", "backstage", "support", "opportunities"]


def test_the_teams_index_is_in_the_nav_the_inventory_and_search(site: Path) -> None:
    index = page(site, "teams/")
    rows = [[text(td) for td in tr.select("td")] for tr in article(index).select("tbody tr")]
    assert [row[0] for row in rows] == [
        HOSTILE,
        "Call Centre",
        "Finance",
        "GP practice",
        "Hospital IT",
        "Patient Services",
        "Surgery",
    ]
    journeys = "Discharge and follow-up , Referral to surgery"
    # Health: 7 items, one of them the action plan's unscored open opportunity.
    assert rows[5][1:] == [journeys, "2", "2", "3", "1", "7"]
    nav = [text(a) for a in index.select("nav.md-nav--primary a.md-nav__link")]
    assert "Teams" in nav and "Patient Services" in nav
    inventory = (site / "objects.inv").read_bytes().split(b"\n", 4)[4]
    entries = zlib.decompress(inventory).decode().splitlines()
    assert "teams std:doc -1 teams/ Teams" in entries
    assert "teams/patient-services std:doc -1 teams/patient-services/ Patient Services" in entries
    # Search finds a team by its name and journeys; what it owns is found on the stage
    # pages, which hold it first (every reader's browser downloads the index).
    search = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    team = [d for d in search["docs"] if d["location"].startswith(TEAM)]
    assert [d["title"] for d in team] == ["Patient Services"]
    assert "Referral to surgery" in team[0]["text"]
    stage = " ".join(d["text"] for d in search["docs"] if "referral/booking/" in d["location"])
    assert "Nurse triages the referral" in stage and "Scheduling system" in stage


def test_owner_text_is_escaped_on_every_page(site: Path) -> None:
    for html in site.rglob("*.html"):
        assert "<script>alert(1)" not in html.read_text(encoding="utf-8"), html
    hostile = article(page(site, "teams/script-alert-1-script-co/"))
    assert text(hostile.select_one("h1") or hostile).startswith(HOSTILE)


def test_map_json_and_the_json_schema_carry_the_blueprint(site: Path) -> None:
    data = json.loads((site / "journeys/referral/map.json").read_text(encoding="utf-8"))
    booking = data["stages"][1]
    assert booking["business_goals"] == ["No theatre slot left empty"]
    assert booking["backstage"] == ["Nurse triages the referral", "Clerk books theatre time"]
    assert booking["support"][0] == {
        "title": "Scheduling system",
        "kind": "system",
        "owner": "Hospital IT",
    }
    schema = json_schema("journey")
    stage = schema["$defs"]["Stage"]["properties"]  # type: ignore[index]
    assert {"business_goals", "backstage", "support"} <= set(stage)
    support = schema["$defs"]["Support"]["properties"]  # type: ignore[index]
    kinds = support["kind"]["anyOf"][0]["enum"]
    assert kinds == ["system", "policy", "partner", "process"]


@pytest.mark.parametrize(
    ("owner", "slug"),
    [
        ("Patient Services", "patient-services"),
        ("  patient   services!! ", "patient-services"),
        ("Qualität & Sicherheit", "qualitat-sicherheit"),
        ("IT (Tier 2)", "it-tier-2"),
        ("Index", "team-index"),  # teams/index.md is the list of teams
    ],
)
def test_team_slugs(owner: str, slug: str) -> None:
    assert team_slug(owner) == slug


def test_every_owner_has_a_slug_of_its_own_within_a_file_name() -> None:
    assert team_slug("営業").startswith("team-") and team_slug("営業") != team_slug("経理")
    long = team_slug("A very long team name " * 40)
    assert len(long) <= 80 and long != team_slug("A very long team name " * 41)


def test_one_team_is_shown_under_its_most_used_spelling(tmp_path: Path) -> None:
    write_files(tmp_path, CONTENT)
    teams = Teams(load(tmp_path, TODAY))
    team = teams.of("PATIENT SERVICES")
    assert (team.name, team.spellings) == (
        "Patient Services",
        ("Patient Services", "Patient services", "patient services"),
    )
    assert [t.name for t in teams.merged()] == ["Patient Services"]


def test_ties_between_spellings_go_to_the_first_in_alphabetical_order(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "journeys/ward/v1.yml": yaml_text("""
                id: ward
                version: 1
                title: Ward
                effective: 2026-01-05
                stages:
                  - {id: a, title: A, owner: ward team}
                  - {id: b, title: B, owner: Ward Team}
                """)
        },
    )
    team = Teams(load(tmp_path, TODAY)).of("WARD TEAM")
    assert (team.name, team.spellings) == ("Ward Team", ("Ward Team", "ward team"))
    assert team.handoffs_in == []  # one team in two spellings hands nothing over


def test_a_planned_versions_new_owner_is_no_team_yet(tmp_path: Path) -> None:
    files = dict(CONTENT)
    files["journeys/discharge/v2.yml"] = yaml_text("""
        id: discharge
        version: 2
        title: Discharge and follow-up
        effective: 2027-06-01
        summary: The discharge office takes the journey over
        owner: Discharge Office
        stages:
          - {id: ward, title: Ward, owner: Discharge Office}
        """)
    write_files(tmp_path, files)
    content = load(tmp_path, TODAY)
    trends = Trends(content, everyone="All")
    health = Health(content, trends, review_every_days=90, stale_after_days=60)
    assert any(item.owner == "Discharge Office" for item in health.items)
    teams = Teams(content, health.items)
    assert "discharge-office" not in teams.by_slug
    assert teams.of("Patient Services").health


def test_validate_says_which_spellings_were_merged(tmp_path: Path) -> None:
    write_files(tmp_path, CONTENT)
    result = run("validate", "--content", "content", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        "info: owners 'Patient Services', 'Patient services' and 'patient services' are one "
        "team, shown as 'Patient Services' on teams/patient-services/"
    ) in result.stdout.splitlines()


def test_a_teams_open_opportunities_follow_the_action_plan(tmp_path_factory) -> None:
    """Ranked ones first, in the action plan's order, each with its rank; then the rest."""
    from .conftest import build_example_once

    site = build_example_once(tmp_path_factory, "teams-ranked")
    teams = list((site / "teams").glob("*/index.html"))
    checked = 0
    for page in teams:
        rows = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(
            "[data-team-section=opportunities] tbody tr"
        )
        ranks = [
            int(link.get_text().split("#", 1)[1].split()[0])
            for row in rows
            if (link := row.select_one("a.jm-rank:not(.jm-unscored)")) is not None
        ]
        checked += len(ranks)
        assert ranks == sorted(ranks), page
        is_ranked = [row.select_one("a.jm-rank:not(.jm-unscored)") is not None for row in rows]
        assert is_ranked == sorted(is_ranked, reverse=True), page  # ranked ones first
    assert checked >= 5  # the example scores its opportunities
