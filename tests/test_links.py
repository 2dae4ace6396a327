"""Linking in: journey:/metric: links, objects.inv (checked by Sphinx), map.json, badges."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from journeymap.site.inventory import Entry, objects_inv

from .conftest import REPO, build_example_once, copy_example, run_mkdocs


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example_once(tmp_path_factory, "links")


def hrefs(site: Path, url: str) -> dict[str, str]:
    page = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = page.select_one("article")
    assert article is not None
    return {" ".join(a.get_text().split()): a["href"] for a in article.select("a[href]")}


def test_journey_and_metric_links_resolve_to_relative_urls(site: Path) -> None:
    links = hrefs(site, "onboarding-guide")
    assert links["Acme Cloud for Business map"] == "../journeys/b2b-subscription/"
    assert links["Onboarding"] == "../journeys/b2b-subscription/onboarding/"
    assert links["Adoption"] == "../journeys/b2b-subscription/adoption/#touchpoints"
    assert links["the map changed last time"] == "../journeys/b2b-subscription/history/"
    assert links["satisfaction score"] == "../metrics/csat/"
    # An id that a stage replaces resolves to that stage.
    assert links["Setup stage"] == "../journeys/b2b-subscription/onboarding/"


def test_a_broken_link_fails_strict_naming_page_and_target(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    (root / "docs/playbook.md").write_text(
        "# Playbook\n\nSee [kickoff](journey:b2b-subscription/onbording) and [x](metric:nsp).\n\n"
        "```\n[not a link](journey:nowhere)\n```\n"
    )
    result = run_mkdocs(root)
    assert result.returncode == 1
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == [
        "WARNING -  journeymap: docs/playbook.md: unknown link target "
        "'journey:b2b-subscription/onbording': no such page of journey 'b2b-subscription' "
        "(did you mean 'onboarding'?)",
        "WARNING -  journeymap: docs/playbook.md: unknown link target 'metric:nsp': "
        "no such metric (did you mean 'nps'?)",
    ]


def read_inventory(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    header_end = 0
    for _ in range(4):
        header_end = data.index(b"\n", header_end) + 1
    assert data[:header_end].decode().startswith("# Sphinx inventory version 2\n")
    return [line.split(" ", 4) for line in zlib.decompress(data[header_end:]).decode().splitlines()]


def test_inventory_names_every_journey_stage_history_and_metric_page(site: Path) -> None:
    entries = {name: (role, uri) for name, role, _, uri, _ in read_inventory(site / "objects.inv")}
    for name in (
        "journeys/b2b-subscription",
        "journeys/b2b-subscription/onboarding",
        "journeys/b2b-subscription/history",
        "journeys/grocery-app/payment-issue",
        "metrics/csat",
    ):
        assert entries[name] == ("std:doc", name + "/")
        assert (site / name / "index.html").is_file()
    assert entries["journeys/b2b-subscription/onboarding/touchpoints"] == (
        "std:label",
        "journeys/b2b-subscription/onboarding/#touchpoints",
    )
    pages = [n for n, (role, _) in entries.items() if role == "std:doc" and n.count("/") == 2]
    assert len(pages) == 20 + 3  # every current stage of the three journeys, their histories


SPHINX_CONF = """\
project = "Onboarding handbook"
extensions = ["sphinx.ext.intersphinx"]
intersphinx_mapping = {{"journeys": ("https://journeys.acme.example/", {inventory!r})}}
intersphinx_disabled_reftypes = []
"""


def sphinx_build(
    root: Path, target: str, inventory: Path, role: str = "doc"
) -> subprocess.CompletedProcess[str]:
    root.mkdir()
    (root / "conf.py").write_text(SPHINX_CONF.format(inventory=str(inventory)))
    (root / "index.rst").write_text(
        f"Handbook\n========\n\nStart with :external+journeys:{role}:`{target}`.\n"
    )
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(root), str(root / "_build")],
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_sphinx_site_links_in_and_fails_on_a_missing_target(site: Path, tmp_path: Path) -> None:
    good = sphinx_build(
        tmp_path / "good", "journeys/b2b-subscription/onboarding", site / "objects.inv"
    )
    assert good.returncode == 0, good.stderr
    html = (tmp_path / "good/_build/index.html").read_text(encoding="utf-8")
    assert 'href="https://journeys.acme.example/journeys/b2b-subscription/onboarding/"' in html
    bad = sphinx_build(tmp_path / "bad", "journeys/b2b-subscription/kickoff", site / "objects.inv")
    assert bad.returncode != 0
    assert "journeys/b2b-subscription/kickoff" in bad.stderr


def test_inventory_names_the_research_library_and_its_shared_entries(site: Path) -> None:
    entries = {
        name: (role, uri, title)
        for name, role, _, uri, title in read_inventory(site / "objects.inv")
    }
    assert entries["evidence"] == ("std:doc", "evidence/", "Research library")
    shared = yaml.safe_load((REPO / "content/evidence.yml").read_text())["evidence"]
    library = BeautifulSoup((site / "evidence/index.html").read_text(), "html.parser")
    for entry in shared:
        name = f"evidence/{entry['id']}"
        assert entries[name] == ("std:label", f"evidence/#{entry['id']}", entry["title"])
        assert library.find(id=entry["id"]) is not None  # the anchor is on the page
    # Entries written in a stage are anchored by their place in its list: not a name.
    assert sorted(n for n in entries if n.startswith("evidence/")) == sorted(
        f"evidence/{entry['id']}" for entry in shared
    )
    assert library.select("[id*='--']"), "the example has entries written in stages"


def test_an_inventory_entry_is_one_line_whatever_its_title(tmp_path: Path) -> None:
    found = [Entry("evidence/visits", "std:label", "evidence/#visits", "Twelve\nhome  visits\r")]
    (tmp_path / "objects.inv").write_bytes(objects_inv(found, project="Journeys"))
    assert read_inventory(tmp_path / "objects.inv") == [
        ["evidence/visits", "std:label", "-1", "evidence/#visits", "Twelve home visits"]
    ]


def test_a_sphinx_site_links_to_an_evidence_entry(site: Path, tmp_path: Path) -> None:
    result = sphinx_build(
        tmp_path / "handbook", "evidence/household-interviews-2025", site / "objects.inv", "ref"
    )
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "handbook/_build/index.html").read_text(encoding="utf-8")
    assert 'href="https://journeys.acme.example/evidence/#household-interviews-2025"' in html
    assert "Twelve household interviews" in html  # the entry's title is the link text


def test_map_json_has_the_map_values_urls_and_versions(site: Path) -> None:
    data = json.loads((site / "journeys/grocery-app/map.json").read_text(encoding="utf-8"))
    assert data["id"] == "grocery-app" and data["version"] == 2
    checkout = next(s for s in data["stages"] if s["id"] == "checkout")
    assert checkout["next"] == ["delivery", "payment-issue"]
    assert checkout["url"] == "https://journeys.acme.example/journeys/grocery-app/checkout/"
    csat = next(m for m in checkout["metrics_latest"] if m["metric"] == "csat")
    assert (csat["value"], csat["date"], csat["target_met"], csat["alert"]) == (
        3.5,
        "2026-11-16",
        False,
        True,
    )
    assert [v["version"] for v in data["versions"]] == [1, 2]
    assert data["urls"]["history"].endswith("/journeys/grocery-app/history/")
    assert {m["metric"] for m in data["journey_metrics"]} == {"nps", "churn"}


def test_the_map_offers_its_mermaid_diagram(site: Path) -> None:
    page = BeautifulSoup(
        (site / "journeys/grocery-app/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    block = page.select_one("details.jm-reuse pre.jm-mermaid code")
    assert block is not None
    text = (site / "journeys/grocery-app/journey.mmd").read_text(encoding="utf-8")
    assert block.get_text() == text
    assert text.startswith("journey\n    title Acme Fresh grocery app\n    section Discover\n")


def test_badges_are_accessible_svg_that_link_to_the_stage(site: Path) -> None:
    svg = (site / "journeys/grocery-app/checkout/badge.svg").read_text(encoding="utf-8")
    root = ET.fromstring(svg)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    title = root.find("svg:title", ns)
    assert title is not None
    assert title.text == "Checkout: Customer effort score: 3.35/7 misses its target"
    assert root.get("aria-label") == title.text
    link = root.find("svg:a", ns)
    assert link is not None
    assert link.get("href") == "https://journeys.acme.example/journeys/grocery-app/checkout/"
    empty = (site / "journeys/grocery-app/discover/badge.svg").read_text(encoding="utf-8")
    assert "no data" in empty


def test_schema_command_prints_the_content_schema(tmp_path: Path) -> None:
    command = Path(sys.executable).parent / "journeymap"
    result = subprocess.run([str(command), "schema"], capture_output=True, text=True, check=True)
    schema = json.loads(result.stdout)
    assert schema["title"] == "JourneyVersion"
    assert set(schema["required"]) == {"id", "version", "title", "effective", "stages"}
    stage = schema["$defs"]["Stage"]["properties"]
    assert {"touchpoints", "emotion", "replaces", "next"} <= set(stage)
    assert schema["$defs"]["Emotion"]["properties"]["score"]["maximum"] == 5
    metrics = subprocess.run(
        [str(command), "schema", "metrics"], capture_output=True, text=True, check=True
    )
    assert json.loads(metrics.stdout)["title"] == "MetricsFile"
