"""Real `mkdocs build`s of the example site and of small variations of it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from journeymap.content.loader import load_content

from .conftest import REPO, Page, build_site, run_mkdocs


def text(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


def article(soup: BeautifulSoup) -> BeautifulSoup:
    found = soup.select_one("article.md-content__inner")
    assert found is not None
    return found


def example_content():
    return load_content(REPO / "content", display_root=REPO, today=dt.date(2026, 11, 18))


def test_journeys_index_lists_every_journey(built: Page) -> None:
    page = article(built("journeys/"))
    headings = [h.get_text(strip=True).rstrip("¶") for h in page.select("h2, h3")]
    glance = ["At a glance", "Moments that matter"]  # the landscape, then each journey
    # Sub-journeys one level below the journey whose stage they detail.
    journeys = ["Acme customer lifecycle", "Acme Cloud for Business", "Acme Fresh grocery app"]
    assert headings == [*glance, *journeys]
    link = page.select_one("h3 a[href]:not(.headerlink)")
    assert link is not None and link["href"] == "b2b-subscription/"
    body = text(page)
    assert "Owner: Customer Experience" in body
    assert "Stages: 7" in body and "Stages: 8" in body
    assert "our team workspace subscription" in body  # description, rendered as Markdown
    assert page.select_one("strong") is not None


def test_map_page_has_stages_across_and_lanes_down(built: Page) -> None:
    page = article(built("journeys/b2b-subscription/"))
    table = page.select_one("table.jm-map")
    assert table is not None
    stages = [th.get_text(" ", strip=True) for th in table.select("tr.jm-stages th")]
    assert [s.split(" ")[0] for s in stages] == [
        "Awareness",
        "Evaluation",
        "Purchase",
        "Onboarding",
        "Adoption",
        "Renewal",
        "Expansion",
    ]
    assert "1-4 weeks" in stages[0]  # typical duration
    phases = [(th.get_text(strip=True), th["colspan"]) for th in table.select("tr.jm-phases th")]
    assert phases == [("Pre-sale", "3"), ("Post-sale", "4")]
    lanes = [th.contents[0].get_text(strip=True) for th in table.select("tbody th[scope=row]")]
    assert lanes == [
        # The story first: how it feels, the featured metric, where it hurts.
        "Emotion",
        "Featured metric",
        "Pain points",
        "Moments of truth",
        # Then what describes each stage.
        "Owner",
        "Goals",
        "Actions",
        "Touchpoints",
        "Opportunities",
        # Metric lanes: every metric with data on a current stage, in catalog order.
        "Customer satisfaction",
        "Customer effort score",
        "Comment sentiment",
        "Time to value",
        "Churn rate",
        "Activation rate",
        "Support tickets per 100 customers",
    ]
    owner_cells = table.select("tr.jm-lane-owner td")
    assert owner_cells[0].select_one(".jm-handoff") is None
    assert text(owner_cells[1]) == "Handoff from Marketing Sales"
    emotion = table.select("tr.jm-lane-emotion td")
    assert "3/5 Neutral" in text(emotion[0])
    assert all(cell.select_one("svg") for cell in emotion)
    moments = table.select(".jm-moment .jm-tag")
    assert {m.get_text() for m in moments} == {"Delight", "Hygiene", "Dismay"}
    statuses = {t.get_text() for t in table.select("tr.jm-lane-opportunities .jm-tag")}
    assert statuses == {"Idea", "Planned", "In progress", "Done", "Dropped"}
    region = page.select_one(".jm-map-scroll")
    # Named for screen readers; no tab stop: it no longer scrolls on its own.
    assert region is not None and region["role"] == "region" and not region.get("tabindex")


def test_map_page_flags_an_overdue_review(built: Page) -> None:
    # grocery-app: reviewed 2026-06-15 every 120 days, so due on 2026-10-13.
    overdue = article(built("journeys/grocery-app/")).select_one(".jm-overdue")
    assert overdue is not None
    assert text(overdue) == "Review overdue since 2026-10-13"


def test_map_page_shows_journey_facts_and_planned_version(built: Page) -> None:
    page = article(built("journeys/b2b-subscription/"))
    body = text(page)
    assert "Owner: Customer Experience" in body
    assert "Last review: 2026-09-14" in body
    assert "Next review: 2026-12-13" in body  # 90 days after the last review
    assert "Changes planned: version 3 takes effect on 2027-02-01" in body
    personas = [a.get_text() for a in page.select(".jm-meta a[href^='#persona-']")]
    assert personas == [
        "Bernd, VP Operations",
        "Chloe, team lead and champion",
        "Ines, IT admin",
    ]
    assert page.select_one("h3#persona-it-admin") is not None


def test_stage_pages_show_every_field_the_content_sets(built: Page, example: Path) -> None:
    content = example_content()
    checked = 0
    for journey in content.journeys.values():
        phases = {p.id: p.title for p in journey.current.phases}
        for stage in journey.current.stages:
            body = text(article(built(f"journeys/{journey.id}/{stage.id}/")))
            expected = [stage.title, stage.owner, stage.duration, phases.get(stage.phase or "")]
            expected += stage.goals + stage.expectations + stage.actions + stage.pain_points
            for t in stage.touchpoints:
                expected += [t.title, t.channel, t.owner]
            for m in stage.moments:
                expected += [m.title, m.kind.capitalize(), m.note]
            for o in stage.opportunities:
                expected += [o.title, o.owner, o.done_on and str(o.done_on)]
            for e in content.evidence_of(stage.evidence):
                expected += [e.title, e.kind.capitalize(), e.quote, e.date and str(e.date)]
            expected += [m.caption for m in stage.media]
            if stage.emotion:
                expected += [f"{stage.emotion.score}/5", stage.emotion.note]
            expected += [content.metrics[m].title for m in stage.metrics or []]
            for value in filter(None, expected):
                assert " ".join(str(value).split()) in body, (stage.id, value)
            # The ids it replaces: on the values recorded under them, in its values.csv.
            if stage.replaces:
                values = example / f"site/journeys/{journey.id}/{stage.id}/values.csv"
                recorded_as = {row.split(",")[-1] for row in values.read_text().splitlines()}
                assert set(stage.replaces) <= recorded_as, stage.id
            checked += 1
    assert checked == 20


def test_stage_page_links_and_markdown(built: Page) -> None:
    soup = built("journeys/b2b-subscription/evaluation/")
    page = article(soup)
    links = {a.get_text(): a["href"] for a in page.select("a[href]")}
    assert links["Acme Cloud for Business"] == "../"
    for opportunity in (
        example_content().journeys["b2b-subscription"].current.stages[1].opportunities
    ):
        if opportunity.link:
            assert links[opportunity.title] == opportunity.link
    assert page.select_one(".jm-path") is not None
    # The description is Markdown, rendered with the site's extensions.
    assert page.select("p strong") or page.select("li")
    assert soup.select_one("title") is not None
    assert soup.select_one("title").get_text().startswith("Evaluation")


@pytest.mark.parametrize(
    ("stage", "comes_from", "goes_to"),
    [
        ("checkout", ["Basket", "Payment issue Loop back"], ["Delivery", "Payment issue"]),
        ("payment-issue", ["Checkout"], ["Checkout Loop back"]),
        ("discover", ["The start of the journey"], ["Sign up"]),
    ],
)
def test_stage_page_place_in_journey(built: Page, stage: str, comes_from, goes_to) -> None:
    path = article(built(f"journeys/grocery-app/{stage}/")).select_one("dl.jm-path")
    assert path is not None
    groups: dict[str, list[str]] = {}
    current = ""
    for element in path.find_all(["dt", "dd"]):
        if element.name == "dt":
            current = element.get_text(strip=True)
            groups[current] = []
        else:
            groups[current].append(text(element))
    assert groups["Customers come from"] == comes_from
    assert list(groups.values())[1] == goes_to


def test_every_local_link_of_generated_pages_resolves(example: Path) -> None:
    build_site(example)
    site = example / "site"
    for html in site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        # Generated pages, and the redirect pages of old stages (no article, one link).
        body = soup.select_one("article.md-content__inner") or soup.body
        assert body is not None
        for a in body.select("a[href]"):
            href = a["href"].split("#")[0]
            if not href or href.startswith(("http://", "https://", "mailto:")):
                continue
            target = (html.parent / href).resolve()
            if href.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), f"{html.relative_to(site)}: {a['href']}"


def test_links_work_without_directory_urls(example: Path) -> None:
    page = build_site(example, use_directory_urls=False)
    soup = page("journeys/b2b-subscription/index.html")
    header = article(soup).select_one("tr.jm-stages a")
    assert header is not None and header["href"] == "awareness.html"
    assert (example / "site/journeys/b2b-subscription/awareness.html").is_file()


def test_navigation_has_a_journeys_section_in_journey_order(example: Path) -> None:
    page = build_site(example)
    nav = page("journeys/grocery-app/checkout/").select_one("nav.md-nav--primary")
    assert nav is not None
    labels = [
        " ".join(a.get_text().split())
        for a in nav.select("a.md-nav__link")
        if not a.find_parent("nav", class_="md-nav--secondary")  # the page's own TOC
    ]
    grocery = labels.index("Discover Acme Fresh")
    assert labels[grocery : grocery + 8] == [
        "Discover Acme Fresh",
        "Sign up",
        "Browse products",
        "Basket",
        "Checkout",
        "Payment issue",
        "Delivery",
        "Reorder",
    ]
    # navigation.prune: the other journey's stages are not in this page's nav.
    assert "Onboarding" not in labels


def test_edit_link_points_at_the_yaml_source(example: Path) -> None:
    page = build_site(
        example, repo_url="https://git.acme.example/cx/journeys", edit_uri="edit/main/docs/"
    )
    edit = page("journeys/b2b-subscription/purchase/").select_one("a[title='Edit this page']")
    assert edit is not None
    assert edit["href"] == (
        "https://git.acme.example/cx/journeys/edit/main/content/journeys/b2b-subscription/v2.yml"
    )


def test_build_writes_nothing_into_docs_or_content(example: Path) -> None:
    before = sorted(p.relative_to(example) for p in example.rglob("*"))
    build_site(example)
    after = sorted(p.relative_to(example) for p in example.rglob("*"))
    assert [p for p in after if p.parts[0] != "site"] == before


def test_content_strings_are_escaped(example: Path) -> None:
    v1 = example / "content/journeys/grocery-app/v2.yml"
    v1.write_text(
        v1.read_text().replace(
            "title: Checkout\n", 'title: "<script>alert(1)</script> & *Stars* [x](y)"\n', 1
        )
    )
    page = build_site(example)
    for url in ("journeys/grocery-app/", "journeys/grocery-app/checkout/"):
        body = article(page(url))
        assert body.select_one("script") is None
        assert "<script>alert(1)</script> & *Stars* [x](y)" in text(body)


def test_templates_can_be_overridden_by_name(example: Path) -> None:
    override = example / "theme/journeymap/stage.md"
    override.parent.mkdir(parents=True)
    override.write_text("# {{ stage.title|md }}\n\nOverridden for {{ journey.id }}.\n")
    page = build_site(example)
    assert "Overridden for grocery-app." in text(article(page("journeys/grocery-app/basket/")))


def test_a_docs_page_in_the_way_of_a_generated_one_is_an_error(example: Path) -> None:
    (example / "docs/journeys").mkdir()
    (example / "docs/journeys/index.md").write_text("# Mine\n")
    result = run_mkdocs(example)
    assert result.returncode == 1
    assert "docs/journeys/index.md: journeymap generates this page" in result.stderr


def test_bad_content_fails_the_build_precisely_and_keeps_the_old_site(example: Path) -> None:
    assert run_mkdocs(example).returncode == 0
    old_site = {p: p.read_bytes() for p in (example / "site").rglob("*") if p.is_file()}
    v2 = example / "content/journeys/grocery-app/v2.yml"
    lines = v2.read_text().splitlines()
    score = next(i for i, line in enumerate(lines) if "score:" in line)
    lines[score] = lines[score].split("score:")[0] + "score: 7"
    kind = next(i for i, line in enumerate(lines) if "kind: delight" in line)
    lines[kind] = lines[kind].replace("delight", "delite")
    v2.write_text("\n".join(lines) + "\n")

    result = run_mkdocs(example)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"content/journeys/grocery-app/v2.yml:{score + 1}: stage 'discover' (1st): emotion.score: "
        "7 is above the maximum 5" in result.stderr
    )
    assert f"content/journeys/grocery-app/v2.yml:{kind + 1}: " in result.stderr
    assert "(did you mean 'delight'?)" in result.stderr
    assert {p: p.read_bytes() for p in (example / "site").rglob("*") if p.is_file()} == old_site


def test_serve_watches_the_content_folder(example: Path) -> None:
    config = load_config(str(example / "mkdocs.yml"))
    plugin = config.plugins["journeymap"]
    config = plugin.on_config(config)

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Server()
    plugin.on_serve(server, config=config, builder=lambda: None)
    assert server.watched == [str(example / "content")]


def test_a_broken_template_override_is_a_precise_error(example: Path) -> None:
    override = example / "theme/journeymap/stage.md"
    override.parent.mkdir(parents=True)
    override.write_text("# {{ stage.title }\n")
    result = run_mkdocs(example)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "theme/journeymap/stage.md:1: template error: unexpected '}'" in result.stderr


def test_a_snapshot_dated_after_the_build_date_is_a_warning_naming_it(example: Path) -> None:
    # Issue 16: pages said "as of" a day to come without a word. The build date is 2026-11-18.
    snapshots = example / "content/snapshots"
    shutil.copy(snapshots / "2026-11-16.csv", snapshots / "2026-12-01.csv")

    result = run_mkdocs(example)

    assert result.returncode == 1  # --strict
    warnings = [line for line in result.stderr.splitlines() if "2026-12-01.csv" in line]
    assert len(warnings) == 1
    assert warnings[0].endswith(
        "content/snapshots/2026-12-01.csv: dated 2026-12-01, after the build date 2026-11-18: "
        "pages would give metrics as of a day to come; name the file for the day its data is from"
    )


def test_a_site_without_site_url_or_home_page_is_warned_once_with_the_fix(
    example: Path,
) -> None:
    config = example / "mkdocs.yml"
    config.write_text(
        "\n".join(line for line in config.read_text().splitlines() if "site_url" not in line)
    )
    (example / "docs/index.md").unlink()

    result = run_mkdocs(example)

    assert result.returncode == 1
    assert result.stderr.count("site_url is not set") == 1
    assert (
        "site_url is not set in the MkDocs config: the feed (changes/feed.xml), map.json and "
        "badges can only link relatively, which feed readers and other sites cannot follow; "
        "set it to the site's address, like site_url: https://journeys.example.com/"
    ) in result.stderr
    assert result.stderr.count("index.md not found") == 1
    assert (
        "docs/index.md not found: the site has no home page (its address shows '404 - Not "
        "found'); add docs/index.md, for example '# Customer journeys' and a link to "
        "[every journey](journeys/index.md)"
    ) in result.stderr


def test_the_audience_word_names_them_in_every_label(example: Path) -> None:
    # Issue 16: "customers" was fixed in every label, even for patients or students.
    config = example / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      content_dir: content", "      content_dir: content\n      audience: patients"
        )
    )
    page = build_site(example)

    checkout = text(article(page("journeys/grocery-app/checkout/")))
    assert "Patients come from" in checkout and "Patients go on to one of" in checkout
    assert "3.5/5 All patients, 2026-11-16" in checkout
    history = text(article(page("journeys/grocery-app/history/")))
    assert "Patients now go on to" in history
    feed = (example / "site/changes/feed.xml").read_text(encoding="utf-8")
    assert "<title>What changed in the patient journeys</title>" in feed
    for html in (example / "site").rglob("*.html"):
        body = html.read_text(encoding="utf-8")
        for label in (
            "Customers come from",
            "Customers go on to",
            "All customers",
            "all customers",
        ):
            assert label not in body, f"{html}: {label}"
