"""History on the built site: changelog, version maps, redirects, /changes/ and its feed."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from .conftest import BUILD_DATE_EPOCH, REPO, build_example_once, build_site, copy_example
from .test_build import article, text


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example_once(tmp_path_factory, "history")


def read(site: Path, url: str) -> BeautifulSoup:
    path = site / url / "index.html" if url.endswith("/") else site / url
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_history_lists_versions_newest_first_with_anchors(site: Path) -> None:
    page = article(read(site, "journeys/b2b-subscription/history/"))
    headings = [h.get_text(strip=True).rstrip("¶") for h in page.select("h2")]
    assert headings == [
        "Version 3: 2027-02-01 (planned)",
        "Version 2: 2026-03-02 (current)",
        "Version 1: 2025-03-03",
    ]
    assert [a["id"] for a in page.select("span[id^=v]")] == ["v3", "v2", "v1"]
    body = text(page)
    assert "Merged from 'Free trial' and 'Sales demo'." in body
    assert "Renamed from 'Setup'; its address is now onboarding (was setup)." in body
    assert "Renamed from 'Expansion'; its address is now growth (was expansion)." in body
    assert "Owner changed from Customer Success to Product-led Growth." in body
    assert "planned → in progress" in body
    links = [a["href"] for a in page.select(".jm-version-meta a")]
    assert links == ["../v3/", "../v2/", "../v1/"]


def test_version_maps_use_the_map_template_with_a_banner(site: Path) -> None:
    old = article(read(site, "journeys/b2b-subscription/v1/"))
    assert "Earlier version 1" in text(old.select_one(".jm-notice"))
    headers = [th.get_text(" ", strip=True).split(" ")[0] for th in old.select("tr.jm-stages th")]
    assert headers[:3] == ["Awareness", "Free", "Sales"]
    # Old stage ids link to their redirect pages, which exist.
    assert old.select_one("th#stage-setup a")["href"] == "../setup/"
    planned = article(read(site, "journeys/b2b-subscription/v3/"))
    assert "It takes effect on 2027-02-01" in text(planned.select_one(".jm-notice"))
    # A stage that exists only in the planned version has no page yet: no link.
    assert planned.select_one("th#stage-advocacy a") is None
    assert planned.select_one("th#stage-advocacy") is not None


def test_current_map_announces_the_planned_version_and_what_it_changes(site: Path) -> None:
    notice = article(read(site, "journeys/b2b-subscription/")).select_one(".jm-notice")
    assert notice is not None
    body = text(notice)
    assert "Changes planned: version 3 takes effect on 2027-02-01" in body
    assert "Growth: Renamed from 'Expansion'" in body
    stage_notice = text(article(read(site, "journeys/b2b-subscription/awareness/")))
    assert "It does not change this stage." in stage_notice


@pytest.mark.parametrize(
    ("old", "target"),
    [
        ("setup", "../onboarding/"),
        ("demo", "../evaluation/"),
        ("free-trial", "../evaluation/"),
    ],
)
def test_old_stage_urls_redirect(site: Path, old: str, target: str) -> None:
    page = read(site, f"journeys/b2b-subscription/{old}/")
    assert page.select_one("meta[http-equiv=refresh]")["content"] == f"0; url={target}"
    assert page.select_one("link[rel=canonical]")["href"] == target
    assert page.select_one("body a")["href"] == target


def test_stage_page_shows_its_history_and_chart_events(site: Path) -> None:
    page = article(read(site, "journeys/b2b-subscription/onboarding/"))
    history = [" ".join(li.get_text().split()) for li in page.select("h2#history + ul > li")]
    assert history[0].startswith("Version 3, 2027-02-01 (planned):")
    assert history[1].startswith("Version 2, 2026-03-02: Renamed from 'Setup'")
    assert history[2] == "Version 1, 2025-03-03: first mapped as Setup."
    events = [text(e) for e in page.select(".jm-events .jm-key-event")]
    assert "2026-03-02: Version 2 changed this stage" in events
    assert page.select_one("svg .jm-markers") is not None


def test_fixes_show_the_metric_before_and_after(site: Path) -> None:
    page = article(read(site, "journeys/b2b-subscription/onboarding/"))
    rows = page.select("h2#did-the-fixes-move-the-numbers + table tbody tr")
    assert rows, "SSO on the Business plan was marked done during the snapshots"
    first = [td.get_text(" ", strip=True) for td in rows[0].select("td")]
    assert first[1] == "SSO on the Business plan"


def test_changes_page_and_feed(site: Path) -> None:
    page = article(read(site, "changes/"))
    kinds = {tag.get_text() for tag in page.select(".jm-event > .jm-tag")}
    assert kinds == {"New version", "Done", "Alert", "Sub-journey"}
    dates = [h.get_text(strip=True).rstrip("¶") for h in page.select("h2")]
    assert dates[0] == "Coming up"
    assert dates[1:] == sorted(dates[1:], reverse=True)

    feed = feedparser.parse((site / "changes/feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "What changed in the customer journeys"
    entries = feed.entries
    assert len(entries) == len(page.select(".jm-event"))
    assert len({e.id for e in entries}) == len(entries)
    assert all(e.link.startswith("https://journeys.acme.example/") for e in entries)
    alert = entries[0]
    assert alert.title.startswith("Alert: Customer satisfaction")
    assert alert.link == "https://journeys.acme.example/journeys/grocery-app/checkout/#metric-csat"
    updated = [dt.date(*e.updated_parsed[:3]) for e in entries]
    assert updated == sorted(updated, reverse=True)


def test_feed_ids_are_stable_across_content_edits(tmp_path: Path) -> None:
    first = copy_example(tmp_path / "a")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BUILD_DATE_EPOCH)
        build_site(first)
        before = {e.title: e.id for e in feedparser.parse(first / "site/changes/feed.xml").entries}
        v2 = first / "content/journeys/grocery-app/v2.yml"
        v2.write_text(v2.read_text().replace("title: Checkout\n", "title: Pay\n", 1))
        build_site(first)
    after = feedparser.parse(first / "site/changes/feed.xml").entries
    version_2 = next(e for e in after if "grocery app version 2" in e.title)
    assert version_2.id == before[version_2.title]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).parent / "journeymap"
    return subprocess.run(
        [str(command), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={"SOURCE_DATE_EPOCH": BUILD_DATE_EPOCH, "PATH": "/usr/bin:/bin"},
    )


def test_new_version_drafts_the_next_file_and_never_overwrites(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    result = run_cli("new-version", "grocery-app", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    draft = tmp_path / "content/journeys/grocery-app/v3.yml"
    assert result.stdout.startswith("wrote content/journeys/grocery-app/v3.yml: version 3")
    lines = draft.read_text().splitlines()
    assert "version: 3" in lines and "effective: 2026-11-18" in lines
    assert 'summary: ""' in lines and not any(line.startswith("reviewed:") for line in lines)
    # The draft is the newest version otherwise: same stages, same comments in them.
    old = (tmp_path / "content/journeys/grocery-app/v2.yml").read_text()
    assert old[old.index("stages:") :] == draft.read_text()[draft.read_text().index("stages:") :]
    # Until the summary is filled in, validate says what to do.
    check = run_cli("validate", cwd=tmp_path)
    assert check.returncode == 1
    assert "content/journeys/grocery-app/v3.yml:7: summary: must not be empty" in check.stderr
    # A planned newest version pushes the date to the day after it.
    planned = run_cli("new-version", "b2b-subscription", cwd=tmp_path)
    assert "version 4, effective 2027-02-02" in planned.stdout


def test_new_version_errors_and_never_overwrites(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    unknown = run_cli("new-version", "grocery", cwd=tmp_path)
    assert unknown.returncode == 1
    assert "there is no journey 'grocery' (did you mean 'grocery-app'?)" in unknown.stderr
    assert run_cli("new-version", "grocery-app", cwd=tmp_path).returncode == 0
    v3 = tmp_path / "content/journeys/grocery-app/v3.yml"
    v3.write_text(v3.read_text().replace('summary: ""', "summary: Work in progress"))
    kept = v3.read_text()
    again = run_cli("new-version", "grocery-app", cwd=tmp_path)
    assert "wrote content/journeys/grocery-app/v4.yml" in again.stdout
    assert v3.read_text() == kept


def test_a_stage_removed_without_replacement_redirects_to_the_history_entry(
    tmp_path: Path,
) -> None:
    from journeymap.analysis.changes import Changes
    from journeymap.analysis.trends import Trends
    from journeymap.content.loader import load_content

    folder = tmp_path / "content/journeys/j"
    folder.mkdir(parents=True)
    stages = "stages:\n" + "".join(f"  - {{id: {s}, title: {s.upper()}}}\n" for s in "abc")
    (folder / "v1.yml").write_text(f"id: j\nversion: 1\ntitle: J\neffective: 2026-01-01\n{stages}")
    (folder / "v2.yml").write_text(
        "id: j\nversion: 2\ntitle: J\neffective: 2026-02-01\nsummary: B is gone\n"
        + stages.replace("  - {id: b, title: B}\n", "")
    )
    content = load_content(tmp_path / "content", display_root=tmp_path, today=dt.date(2026, 3, 1))
    (redirect,) = Changes(content, Trends(content)).redirects(content.journeys["j"])
    assert (redirect.stage, redirect.target, redirect.fragment) == (
        "b",
        "journeys/j/history.md",
        "v2",
    )
    assert redirect.reason == "'b' was removed in version 2"


@pytest.mark.parametrize(
    ("v2_stages", "reason"),
    [
        pytest.param(
            "  - {id: a, title: A}\n  - {id: queue, title: Clinic queue, replaces: [b]}\n",
            "'b' was renamed Clinic queue",
            id="rename",
        ),
        pytest.param(
            "  - {id: a, title: A, replaces: [b]}\n",
            "'b' is now part of A",
            id="merge",
        ),
    ],
)
def test_a_replaced_stage_redirects_with_a_reason_that_says_how(
    tmp_path: Path, v2_stages: str, reason: str
) -> None:
    from journeymap.analysis.changes import Changes
    from journeymap.analysis.trends import Trends
    from journeymap.content.loader import load_content

    folder = tmp_path / "content/journeys/j"
    folder.mkdir(parents=True)
    (folder / "v1.yml").write_text(
        "id: j\nversion: 1\ntitle: J\neffective: 2026-01-01\nstages:\n"
        "  - {id: a, title: A}\n  - {id: b, title: B}\n"
    )
    (folder / "v2.yml").write_text(
        "id: j\nversion: 2\ntitle: J\neffective: 2026-02-01\nsummary: S\nstages:\n" + v2_stages
    )
    content = load_content(tmp_path / "content", display_root=tmp_path, today=dt.date(2026, 3, 1))
    (redirect,) = Changes(content, Trends(content)).redirects(content.journeys["j"])
    assert redirect.reason == reason


def test_a_later_snapshot_never_rewrites_an_earlier_date_on_the_changes_page(
    tmp_path: Path,
) -> None:
    # Issue 31: an alert listed under a date stays there, worded the same, when the next
    # snapshot arrives (here one with the same values: it moves nothing).
    root = copy_example(tmp_path)

    def entry(date: str) -> str:
        page = article(build_site(root)("changes/"))
        heading = next(h for h in page.select("h2") if h.get_text(strip=True).startswith(date))
        return str(heading.find_next_sibling("ul"))

    before = entry("2026-11-16")
    assert "Alert:" in before
    snapshots = root / "content/snapshots"
    shutil.copy(snapshots / "2026-11-16.csv", snapshots / "2026-11-17.csv")
    assert entry("2026-11-16") == before
