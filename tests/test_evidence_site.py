"""Evidence and media in the built example site: stage pages, /evidence/, the map,
health, search, map.json, and only the named files copied to /media/<path>."""

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

from journeymap.content.loader import load_content
from journeymap.content.problems import ContentError
from journeymap.content.schema import json_schema

from .conftest import BUILD_DATE_EPOCH, build_site, copy_example, run_mkdocs
from .test_build import article, text

CONTENT = Path(__file__).resolve().parent.parent / "content"
UNUSED = "drafts/old-board.png"
OLD_ONLY = "grocery/checkout-2025.png"
"""A screenshot that only version 1 of the grocery journey names."""
OLD_ONLY_ALT = "The 2025 checkout, with the slot picker on its own screen"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, with one more file under media/ that nothing names, and one that
    only an old version names."""
    root = copy_example(tmp_path_factory.mktemp("evidence"))
    (root / "content/media" / UNUSED).parent.mkdir(parents=True)
    (root / "content/media" / UNUSED).write_bytes(
        (CONTENT / "media/grocery/slot-picker.png").read_bytes()
    )
    (root / "content/media" / OLD_ONLY).write_bytes(
        (CONTENT / "media/grocery/checkout-delivery-step.png").read_bytes()
    )
    v1 = root / "content/journeys/grocery-app/v1.yml"
    checkout_end = "    duration: 3 minutes\n"
    assert v1.read_text(encoding="utf-8").count(checkout_end) == 1
    v1.write_text(
        v1.read_text(encoding="utf-8").replace(
            checkout_end,
            f"{checkout_end}    media:\n      - file: {OLD_ONLY}\n        alt: {OLD_ONLY_ALT}\n",
        ),
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BUILD_DATE_EPOCH)
        build_site(root)
    return root / "site"


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def resolve(url: str, href: str) -> str:
    """A relative link on the page at `url`, as a path in the site."""
    return posixpath.normpath(posixpath.join(url, href))


def test_only_the_files_content_names_are_published_unchanged(site: Path) -> None:
    published = {
        p.relative_to(site / "media").as_posix() for p in (site / "media").rglob("*") if p.is_file()
    }
    named = {
        p.relative_to(CONTENT / "media").as_posix()
        for p in (CONTENT / "media").rglob("*")
        if p.is_file()
    }
    assert UNUSED not in published
    # every example file is named by some entry; a file only an old version names is too
    assert published == named | {OLD_ONLY}
    media = site.parent / "content/media"
    for name in published:
        assert (site / "media" / name).read_bytes() == (media / name).read_bytes()


def test_stage_page_shows_evidence_cards_and_a_gallery(site: Path) -> None:
    url = "journeys/grocery-app/delivery/"
    body = article(page(site, url))
    cards = body.select("h2#evidence ~ .jm-evidence-cards article")
    assert [text(c.select_one(".jm-evidence-title")) for c in cards] == [
        "Post-delivery survey, May 2026 (n=3,418)",
        "Twelve household interviews, summer 2025",
    ]
    shared = cards[1]
    assert text(shared.select_one(".jm-kind")) == "Interview"
    assert shared.select_one("time")["datetime"] == "2025-07-15"
    assert text(shared.select_one("blockquote")) == "I took a day off and nobody came."
    document = shared.select_one(".jm-evidence-source a")
    assert (site / resolve(url, document["href"])).is_file()
    assert text(shared.select_one(".jm-evidence-source")) == (
        "household-interviews-2025.pdf (PDF, 1.2 KB)"
    )
    backlinks = {text(a): resolve(url, a["href"]) for a in shared.select(".jm-cited-by a")}
    assert backlinks == {
        "In the research library": "evidence/#household-interviews-2025",
        "Checkout": "journeys/grocery-app/checkout",
    }

    image = body.select_one(".jm-gallery figure.jm-media-image img")
    assert (image["width"], image["height"], image["loading"]) == ("240", "290", "lazy")
    assert image["alt"].startswith("The slot picker on a phone")
    assert (site / resolve(url, image["src"])).is_file()
    audio = body.select_one(".jm-gallery figure.jm-media-audio audio")
    assert audio.has_attr("controls") and audio["preload"] == "none"
    assert (site / resolve(url, audio["src"])).is_file()
    assert "(WAV, 65.8 KB)" in text(audio.find_parent("figure").figcaption)


def stage_headings(body: BeautifulSoup) -> list[str]:
    """The stage titles under a version page's Media heading (without their permalink)."""
    return [text(h).removesuffix(" ¶") for h in body.select("h2#media ~ h3")]


def test_version_pages_show_the_media_of_the_map_and_of_its_stages(site: Path) -> None:
    # An old version's stages have no page: its map page shows what they rested on.
    url = "journeys/grocery-app/v1/"
    body = article(page(site, url))
    assert stage_headings(body) == ["Checkout and payment"]
    image = body.select_one("h2#media ~ h3 + .jm-gallery img")
    assert image["alt"] == OLD_ONLY_ALT
    assert (image["width"], image["height"]) == ("240", "300")
    assert (site / resolve(url, image["src"])).read_bytes() == (
        site.parent / "content/media" / OLD_ONLY
    ).read_bytes()

    url = "journeys/grocery-app/v2/"
    body = article(page(site, url))
    assert stage_headings(body) == ["Checkout", "Delivery"]
    first = body.select_one("h2#media + .jm-gallery img")  # the map's own, before the stages'
    assert first["src"].endswith("media/grocery/journey-workshop.svg")
    sources = [resolve(url, m["src"]) for m in body.select("h2#media ~ .jm-gallery [src]")]
    assert sources == [
        "media/grocery/journey-workshop.svg",
        "media/grocery/checkout-delivery-step.png",
        "media/grocery/slot-picker.png",
        "media/recordings/missed-delivery-voice-note.wav",
    ]
    assert all((site / source).is_file() for source in sources)


def test_stage_without_evidence_says_so(site: Path) -> None:
    body = article(page(site, "journeys/grocery-app/sign-up/"))
    assert text(body.select_one("h2#evidence").find_next_sibling("p")).startswith(
        "No evidence recorded for this stage yet"
    )


def test_research_library_lists_every_entry_by_kind_with_backlinks(site: Path) -> None:
    url = "evidence/"
    body = article(page(site, url))
    assert [h["id"] for h in body.select("h2")] == [
        "interviews",
        "surveys",
        "telemetry",
        "support",
        "internal-research",
    ]
    entries = body.select("article.jm-evidence-card")
    assert len(entries) == 21  # 3 shared, 18 written in stages of the current versions

    def cited_by(anchor: str) -> list[str]:
        entry = body.select_one(f"article#{anchor}")
        return [resolve(url, a["href"]) for a in entry.select(".jm-cited-by a")]

    assert cited_by("household-interviews-2025") == [
        "journeys/grocery-app/checkout",
        "journeys/grocery-app/delivery",
    ]
    assert cited_by("admin-interviews-2026") == [
        "journeys/b2b-subscription/onboarding",
        "journeys/b2b-subscription/adoption",
    ]
    assert cited_by("grocery-app--reorder--1") == ["journeys/grocery-app/reorder"]
    for anchor in ("household-interviews-2025", "admin-interviews-2026"):
        link = body.select_one(f"article#{anchor} .jm-evidence-source a")
        assert (site / resolve(url, link["href"])).is_file()


def test_map_shows_evidence_counts_media_and_links_the_library(site: Path) -> None:
    url = "journeys/grocery-app/"
    body = article(page(site, url))
    counts = [text(th.select_one(".jm-evidence-count")) for th in body.select("th[id^=stage-]")]
    assert counts == [
        "No evidence",
        "No evidence",
        "No evidence",
        "No evidence",
        "2 evidence entries",
        "2 evidence entries",
        "2 evidence entries",
        "1 evidence entry",
    ]
    library = body.select_one(".jm-map-evidence a")
    assert resolve(url, library["href"]) == "evidence"
    board = body.select_one(".jm-gallery img")
    assert board["src"].endswith("media/grocery/journey-workshop.svg")
    assert not board.has_attr("width")  # an SVG has no pixel size to read


def test_health_lists_stages_without_evidence_and_unnamed_media(site: Path) -> None:
    body = article(page(site, "health/"))
    unused = body.select_one("#unused_media").find_next("table")  # not OLD_ONLY: it is named
    assert [text(td) for td in unused.select("tbody td")] == [
        f"media/{UNUSED} is not named by any evidence or media entry, so it is not published",
        "",
        f"media/{UNUSED}",
    ]
    missing = body.select_one("#missing_evidence").find_next("table").select("tbody tr")
    assert text(missing[0].td) == (
        "Acme Cloud for Business, Expansion: no evidence (interviews, surveys, tickets, data) "
        "behind this stage"
    )
    assert missing[0].td.a["href"].endswith("journeys/b2b-subscription/expansion/#evidence")


def test_search_indexes_evidence_titles_and_quotes(site: Path) -> None:
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    found = {
        doc["location"]
        for doc in index["docs"]
        if "I took a day off and nobody came." in doc["text"]
        or "Twelve household interviews" in doc["title"]
    }
    assert {"journeys/grocery-app/delivery/", "evidence/"} <= {
        location.split("#")[0] for location in found
    }


def test_map_json_resolves_evidence_and_gives_file_urls(site: Path) -> None:
    data = json.loads((site / "journeys/grocery-app/map.json").read_text(encoding="utf-8"))
    checkout = next(s for s in data["stages"] if s["id"] == "checkout")
    survey = checkout["evidence"][1]
    assert survey["id"] == "checkout-survey-2026" and survey["kind"] == "survey"
    assert survey["file_url"] == (
        "https://journeys.acme.example/media/research/checkout-survey-verbatims.csv"
    )
    (shot,) = checkout["media"]
    assert (shot["width"], shot["height"], shot["file_kind"]) == (240, 300, "image")
    assert data["media"][0]["file"] == "grocery/journey-workshop.svg"
    assert data["urls"]["evidence"] == "https://journeys.acme.example/evidence/"


def test_json_schemas_describe_evidence_and_media() -> None:
    library = json_schema("evidence")
    entry = library["$defs"]["SharedEvidence"]
    assert {"id", "kind", "title", "file"} <= set(entry["properties"])
    journey = json_schema("journey")
    stage = journey["$defs"]["Stage"]["properties"]
    forms = stage["evidence"]["items"]["oneOf"]
    assert {"$ref": "#/$defs/Evidence"} in forms and any("pattern" in f for f in forms)
    assert stage["media"]["items"] == {"$ref": "#/$defs/Media"}
    assert "media" in journey["properties"]


def _configure(root: Path, options: str) -> None:
    """The example's config with more options for the plugin."""
    base = (CONTENT.parent / "site_config.yml").read_text(encoding="utf-8")
    line = "      content_dir: content\n"
    assert base.count(line) == 1
    (root / "mkdocs.yml").write_text(base.replace(line, line + options), encoding="utf-8")


def _line_of(path: Path, text: str) -> int:
    """The 1-based line of `text` in a content file (example content keeps growing)."""
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


RECORDING_LINE = _line_of(
    CONTENT / "journeys/grocery-app/v2.yml",
    "      - file: recordings/missed-delivery-voice-note.wav",
)
OVERSIZED_RECORDING = (
    f"content/journeys/grocery-app/v2.yml:{RECORDING_LINE}"
    ": stage 'delivery' (7th): media[1].file: 'recordings/missed-delivery-voice-note.wav' is "
    "65.8 KB, over the "
    "50 KB limit for media files: make it smaller, or raise the site's max_media_mb option"
)


def test_fail_on_stages_without_evidence_fails_a_strict_build(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    _configure(root, "      fail_on: [missing_evidence]\n")
    result = run_mkdocs(root)
    assert result.returncode == 1
    warnings = [line for line in result.stderr.splitlines() if "Stages without evidence" in line]
    assert len(warnings) == 5
    assert (
        "WARNING -  journeymap: content/journeys/grocery-app/v2.yml: Stages without evidence: "
        "Acme Fresh grocery app, Discover Acme Fresh: no evidence" in warnings[-4]
    )


def test_size_limit_option_and_a_docs_file_in_the_way(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    _configure(root, "      max_media_mb: 0.05\n")
    result = run_mkdocs(root)
    assert result.returncode == 1
    assert (OVERSIZED_RECORDING) in result.stderr
    assert "Traceback" not in result.stderr

    _configure(root, "      max_media_mb: 1\n")
    (root / "docs/media/grocery").mkdir(parents=True)
    (root / "docs/media/grocery/slot-picker.png").write_bytes(b"another picture")
    result = run_mkdocs(root)
    assert result.returncode == 1
    assert "media/grocery/slot-picker.png: journeymap generates this file" in result.stderr


def test_readme_media_errors_are_what_the_loader_says(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    journey = root / "content/journeys/grocery-app/v2.yml"
    text_ = journey.read_text(encoding="utf-8")
    delivery = text_.index("  - id: delivery")
    head, tail = text_[:delivery], text_[delivery:]
    for old, new in [
        ("      - household-interviews-2025\n", "      - houshold-interviews-2025\n"),
        ("file: recordings/missed-delivery-voice-note.wav", "file: ../metrics.yml"),
        (
            "        alt: The slot picker on a phone, with eleven of fifteen delivery slots "
            "greyed out as full\n",
            "",
        ),
    ]:
        assert tail.count(old) == 1
        tail = tail.replace(old, new)
    journey.write_text(head + tail, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_content(root / "content", display_root=root, today=dt.date(2026, 11, 18))
    readme = (CONTENT.parent / "guide/content-format.md").read_text(encoding="utf-8")
    block = readme[readme.index("These are refused, with the line") :]
    documented = block.split("```\n")[1].splitlines()
    assert [str(p) for p in raised.value.problems] == documented


def test_validate_checks_media_with_the_sites_size_limit(tmp_path: Path) -> None:
    journeymap = Path(sys.executable).parent / "journeymap"
    shutil.copytree(CONTENT, tmp_path / "content")
    args = [str(journeymap), "validate", "--max-media-mb", "0.05"]
    result = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stderr.splitlines()[1:] == [OVERSIZED_RECORDING]
    result = subprocess.run(
        [*args[:-1], "zero"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "'zero' is not a size in megabytes" in result.stderr


def test_example_media_files_are_small() -> None:
    sizes = [p.stat().st_size for p in (CONTENT / "media").rglob("*") if p.is_file()]
    assert len(sizes) >= 5 and sum(sizes) < 1_000_000
