"""The site as readers see it, in a real browser: Debian's Chromium driven by Playwright.

The example site is built, served on 127.0.0.1, and every kind of generated page is
checked: no console error, no failed request, no request to any other host, charts
drawn in both palettes, instant navigation, search, a phone-sized screen, print,
and axe-core's accessibility rules. `tests/setup` installs what this needs.

    JOURNEYMAP_SCREENSHOTS=screenshots pytest tests/test_browser.py -k screenshots

regenerates the README's screenshots.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, Playwright, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import BUILD_DATE_EPOCH, REPO, build_site, copy_example

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = REPO / "tests/browser/node_modules/axe-core/axe.min.js"
# Chromium's own background traffic (updates, sync) would be requests to other hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

PAGES = {
    "home": "",
    "journeys index": "journeys/",
    "map": "journeys/b2b-subscription/",
    "stage": "journeys/grocery-app/checkout/",
    "history": "journeys/b2b-subscription/history/",
    "version": "journeys/b2b-subscription/v3/",
    "metric": "metrics/csat/",
    "metrics index": "metrics/",
    "changes": "changes/",
    "health": "health/",
    "research library": "evidence/",
    "stage with media": "journeys/grocery-app/delivery/",
    "teams": "teams/",
    "team": "teams/customer-care/",
}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the test output clean


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site, served on 127.0.0.1 for the module's tests."""
    yield from serve_example(copy_example(tmp_path_factory.mktemp("browser")))


def serve(site: Path) -> Iterator[str]:
    """A built site served on 127.0.0.1 while the generator runs: yields its address."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def serve_example(root: Path) -> Iterator[str]:
    """The site of `root` (a copy of the example) built once, with its site_url the
    address it is served at on 127.0.0.1 while the generator runs: yields that address.

    Material's instant navigation only takes over links to the site_url's host and port
    (it reads them from sitemap.xml); with any other site_url every click loads anew.
    """
    server = serve(root / "site")
    address = next(server)  # the OS picks a free port: known only once serving
    with pytest.MonkeyPatch.context() as patch:  # module fixtures precede conftest's
        patch.setenv("SOURCE_DATE_EPOCH", BUILD_DATE_EPOCH)
        build_site(root, site_url=address)
    yield address
    next(server, None)  # stops the server


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: run tests/setup"
    assert AXE.exists(), "axe-core is needed: run tests/setup"
    with sync_playwright() as playwright:
        yield _launch(playwright)


def _launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@dataclass
class Traffic:
    """Everything a page did on the network and in its console."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, Traffic]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    traffic = Traffic()
    tab.on("request", lambda r: traffic.requests.append(r.url))
    tab.on("requestfailed", lambda r: traffic.failed.append(f"{r.url} {r.failure}"))
    tab.on("console", lambda m: traffic.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: traffic.errors.append(str(e)))
    yield tab, traffic
    context.close()


def visit(tab: Page, origin: str, path: str) -> None:
    response = tab.goto(origin + path, wait_until="networkidle")
    assert response is not None and response.ok, path


def outside(traffic: Traffic, origin: str) -> list[str]:
    return [url for url in traffic.requests if not url.startswith((origin, "data:", "blob:"))]


def serious_violations(tab: Page) -> list[str]:
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def chart_sizes(tab: Page) -> list[tuple[float, float]]:
    boxes = tab.eval_on_selector_all(
        "figure.jm-chart svg",
        "svgs => svgs.map(s => [s.getBoundingClientRect().width, "
        "s.getBoundingClientRect().height])",
    )
    return [(w, h) for w, h in boxes]


def switch_palette(tab: Page, scheme: str) -> None:
    """Click Material's palette toggle until the page shows `scheme`."""
    for _ in range(2):
        if tab.get_attribute("body", "data-md-color-scheme") == scheme:
            return
        tab.locator("form[data-md-component=palette] label:visible").first.click()
    assert tab.get_attribute("body", "data-md-color-scheme") == scheme


@pytest.mark.parametrize("kind", list(PAGES))
def test_page_loads_cleanly_offline_and_accessibly(
    page: tuple[Page, Traffic], origin: str, kind: str
) -> None:
    tab, traffic = page
    visit(tab, origin, PAGES[kind])
    assert traffic.errors == []
    assert traffic.failed == []
    assert outside(traffic, origin) == []
    assert len(traffic.requests) > 3  # the log really records: page, CSS, scripts...
    assert serious_violations(tab) == []
    for width, height in chart_sizes(tab):
        assert width > 200 and height > 50


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


CHART_COLOURS = """() => {
  const svg = document.querySelector('figure.jm-chart svg');
  const text = getComputedStyle(svg.querySelector('text')).fill;
  const lines = [...svg.querySelectorAll('.series .line')].map(l => getComputedStyle(l).stroke);
  const background = getComputedStyle(document.querySelector('.md-main')).backgroundColor;
  const page = getComputedStyle(document.body).backgroundColor;
  return {text, lines, background: background === 'rgba(0, 0, 0, 0)' ? page : background};
}"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_charts_are_drawn_and_readable_in_both_palettes(
    page: tuple[Page, Traffic], origin: str, scheme: str
) -> None:
    tab, traffic = page
    visit(tab, origin, PAGES["stage"])
    switch_palette(tab, scheme)
    assert [w > 200 and h > 50 for w, h in chart_sizes(tab)] == [True, True]
    colours = tab.evaluate(CHART_COLOURS)
    assert contrast(colours["text"], colours["background"]) >= 4.5
    for stroke in colours["lines"]:  # WCAG non-text contrast for lines and the target
        assert contrast(stroke, colours["background"]) >= 3, stroke
    assert serious_violations(tab) == []
    assert traffic.errors == []


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_action_plan_filters_in_place_and_is_accessible_in_both_palettes(
    page: tuple[Page, Traffic], origin: str, scheme: str
) -> None:
    tab, traffic = page
    visit(tab, origin, "actions/")
    switch_palette(tab, scheme)
    assert serious_violations(tab) == []
    rows = "table.jm-actions tbody tr"
    points = "svg.jm-matrix-svg a.jm-point"
    every = tab.locator(rows).count()
    assert tab.locator(points).count() == 13
    tab.select_option(".jm-filter select[name=owner]", "Product")
    shown = tab.locator(f"{rows}:visible")
    owners = {shown.nth(n).get_attribute("data-owner") for n in range(shown.count())}
    assert owners == {"Product"}
    assert shown.count() < every
    assert tab.locator(f"{points}:visible").count() == 5
    assert tab.inner_text(".jm-filter output") == f"{shown.count()} of {every} shown"
    tab.select_option(".jm-filter select[name=owner]", "")
    assert tab.locator(f"{rows}:visible").count() == every
    assert tab.url == origin + "actions/"  # the page never reloaded or moved
    # A point is a link to its row.
    tab.locator(points).first.click()
    assert tab.url.startswith(origin + "actions/#o-")
    assert traffic.errors == []


def test_instant_navigation_keeps_charts_working(page: tuple[Page, Traffic], origin: str) -> None:
    tab, traffic = page
    visit(tab, origin, "journeys/grocery-app/basket/")
    # A full page load would start a new window, without this mark.
    tab.evaluate("() => { window.jmSameDocument = true; }")
    tab.locator("nav.md-nav--primary a", has_text="Checkout").first.click()
    tab.wait_for_url("**/journeys/grocery-app/checkout/")
    expect(tab.locator("h1")).to_have_text(
        re.compile("^Checkout")
    )  # Material swapped the content in
    assert tab.evaluate("window.jmSameDocument")  # Material's instant navigation did it
    assert len(chart_sizes(tab)) == 2 and all(w > 200 for w, _ in chart_sizes(tab))
    step_through(tab, tab.locator("figure.jm-chart").first)  # journeymap.js still answers
    tab.locator("a.md-footer__link--next").click()  # on to the next stage, still instant
    tab.wait_for_url("**/journeys/grocery-app/payment-issue/")
    expect(tab.locator("h1")).to_have_text(re.compile("^Payment issue"))
    assert tab.evaluate("window.jmSameDocument")
    assert chart_sizes(tab) and all(w > 200 for w, _ in chart_sizes(tab))
    step_through(tab, tab.locator("figure.jm-chart").last)
    assert traffic.errors == [] and outside(traffic, origin) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Payment issue", "journeys/grocery-app/payment-issue/"),  # a stage's title
        ("Slot picker", "journeys/grocery-app/checkout/"),  # one of its touchpoints
    ],
)
def test_search_finds_stages(
    page: tuple[Page, Traffic], origin: str, query: str, expected: str
) -> None:
    tab, _ = page
    visit(tab, origin, "")
    tab.locator("input.md-search__input").click()
    tab.keyboard.type(query)  # Material searches as keys are pressed
    # Material re-renders the results as each key arrives: read them in one step, and
    # wait (up to a bound) for the list that answers the whole query.
    hrefs_now = """() => [...document.querySelectorAll('ol.md-search-result__list a')]
                        .map(a => a.getAttribute('href') || '')"""
    found = f"() => ({hrefs_now})().some(href => href.includes({expected!r}))"
    with contextlib.suppress(PlaywrightTimeout):  # the assertion says what was found instead
        tab.wait_for_function(found, timeout=15_000)
    hrefs = tab.evaluate(hrefs_now)
    assert any(expected in href for href in hrefs), hrefs


def pdf_pages(tab: Page) -> list[tuple[float, float]]:
    """The (width, height) of every sheet of the page printed to PDF, as Chromium prints it."""
    tab.emulate_media(media="print")
    pdf = tab.pdf(prefer_css_page_size=True)
    count = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert count and len(sizes) == count
    return [(float(w), float(h)) for w, h in sizes]


@pytest.mark.parametrize("journey", ["grocery-app", "b2b-subscription"])
def test_the_map_prints_as_one_landscape_a3_poster(
    page: tuple[Page, Traffic], origin: str, journey: str
) -> None:
    tab, _ = page
    visit(tab, origin, f"journeys/{journey}/")
    assert [(round(w), round(h)) for w, h in pdf_pages(tab)] == [
        (1191, 842)
    ]  # A3 landscape, in points
    # The poster says what it is: title, version and date, and a legend.
    head = tab.inner_text(".jm-poster-head")
    assert "Version" in head and "effective" in head
    assert tab.locator(".jm-map-legend").is_visible()


def test_stage_pages_print_on_portrait_sheets(page: tuple[Page, Traffic], origin: str) -> None:
    tab, _ = page
    visit(tab, origin, PAGES["stage"])
    assert all(width < height for width, height in pdf_pages(tab))


def test_a_map_of_eight_stages_is_seen_whole_at_1440(browser: Browser, origin: str) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    tab = context.new_page()
    visit(tab, origin, "journeys/grocery-app/")  # 8 stages
    found = tab.evaluate("""() => ({
      columns: [...document.querySelectorAll('.jm-map .jm-stages th')].map(th => {
        const box = th.getBoundingClientRect(); return [box.left, box.right]; }),
      page: document.documentElement.scrollWidth,
      box: (m => [m.scrollWidth, m.clientWidth])(document.querySelector('.jm-map-scroll')),
      navigation: getComputedStyle(document.querySelector('.md-sidebar--primary')).display,
    })""")
    context.close()
    assert len(found["columns"]) == 8
    assert all(left >= 0 and right <= 1440 for left, right in found["columns"])
    assert found["page"] <= 1440 and found["box"][0] <= found["box"][1]  # no sideways scroll
    assert found["navigation"] == "none"  # the map has the window to itself


def test_long_lists_on_the_map_are_clamped_behind_show_all(
    page: tuple[Page, Traffic], origin: str
) -> None:
    tab, _ = page
    visit(tab, origin, PAGES["map"])
    for cell in tab.locator(".jm-map td").all():
        assert cell.locator(":scope > ul > li").count() <= 3
    more = tab.locator("details.jm-more").first
    hidden = more.locator("li").first
    assert not hidden.is_visible()
    more.locator("summary").click()
    expect(hidden).to_be_visible()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_media_gallery_shows_pictures_and_plays_recordings(
    page: tuple[Page, Traffic], origin: str, scheme: str
) -> None:
    tab, traffic = page
    visit(tab, origin, PAGES["stage with media"])
    switch_palette(tab, scheme)
    image = tab.locator(".jm-gallery img").first
    image.scroll_into_view_if_needed()  # it loads lazily
    tab.wait_for_function("() => document.querySelector('.jm-gallery img').complete")
    shown = image.evaluate(
        "i => [i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width]"
    )
    assert shown[:2] == [240, 290] and shown[2] > 100
    # The browser's own player reads the recording: it knows how long it is.
    duration = tab.locator(".jm-gallery audio").evaluate(
        "a => new Promise(done => { a.onloadedmetadata = () => done(a.duration); a.load(); })"
    )
    assert 2 < duration < 10
    assert serious_violations(tab) == []
    assert traffic.errors == [] and traffic.failed == []
    assert outside(traffic, origin) == []


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_landscape_links_every_current_stage_with_a_status_in_words(
    page: tuple[Page, Traffic], origin: str, scheme: str
) -> None:
    tab, traffic = page
    visit(tab, origin, PAGES["journeys index"])
    switch_palette(tab, scheme)
    rows = tab.locator(".jm-landscape tbody tr")
    assert rows.count() == 3
    links = tab.eval_on_selector_all(".jm-cell a", "as => as.map(a => a.href)")
    for journey, count in (("grocery-app", 8), ("b2b-subscription", 7), ("customer-lifecycle", 5)):
        mine = [link for link in links if f"/journeys/{journey}/" in link]
        assert len(mine) == count
        for link in mine:  # every cell leads to a stage page that exists
            assert tab.request.get(link).ok, link
    statuses = tab.eval_on_selector_all(".jm-cell-status", "s => s.map(e => e.innerText)")
    assert all(
        s.split(":")[0].split(",")[0]
        in {"Meets target", "Misses target", "Dropped sharply", "No target", "No data"}
        for s in statuses
    )
    assert tab.locator(".jm-landscape-curve").count() == 3
    assert tab.locator(".jm-moments tbody tr").first.inner_text().startswith("Dismay")
    assert serious_violations(tab) == []
    assert traffic.errors == []


def test_the_landscape_fits_a_phone(browser: Browser, origin: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = context.new_page()
    visit(tab, origin, PAGES["journeys index"])
    width = tab.evaluate("document.documentElement.scrollWidth")
    violations = serious_violations(tab)
    context.close()
    assert width <= 390 and violations == []


def step_through(tab: Page, chart: Locator, values: str = ".+") -> None:
    """The chart's snapshots, reached by keyboard and pointer (journeymap.js): the chart is
    one tab stop showing the latest snapshot's date and `values` (a pattern) first, then
    Home and the arrows reach every snapshot in order, one per key; the pointer over the
    first shows its date."""
    svg = chart.locator("svg")
    dates = (svg.get_attribute("data-dates") or "").split()
    assert len(dates) > 1
    svg.focus()
    tip = chart.locator(".jm-tip")
    expect(tip).to_have_text(re.compile(rf"^{re.escape(dates[-1])}: {values}$"))
    tab.keyboard.press("Home")
    seen = [tip.inner_text().split(":")[0]]
    for _ in dates[1:]:
        tab.keyboard.press("ArrowRight")
        seen.append(tip.inner_text().split(":")[0])
    assert seen == dates  # every snapshot reached, in order
    tab.keyboard.press("Tab")  # focus leaves the chart: the tip goes
    expect(tip).to_be_hidden()
    # The first snapshot's x, as a share of the chart's width.
    first = svg.evaluate("s => s.dataset.plot.split(' ')[0] / s.viewBox.baseVal.width")
    box = svg.bounding_box()
    assert box
    tab.mouse.move(box["x"] + box["width"] * first + 1, box["y"] + box["height"] / 2, steps=4)
    # The tip follows pointer events, which arrive after the move returns: wait for it.
    expect(tip).to_be_visible(timeout=10_000)
    expect(tip).to_have_text(re.compile(rf"^{re.escape(dates[0])}: "), timeout=10_000)


def test_charts_have_a_time_axis_a_unit_and_points_to_reach(
    page: tuple[Page, Traffic], origin: str
) -> None:
    tab, traffic = page
    visit(tab, origin, PAGES["stage"])
    chart = tab.locator("figure.jm-chart").last  # customer satisfaction, in /5
    dates = chart.locator(".axis.x text")
    labels = dates.all_text_contents()
    assert labels and all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}|\d{4}", t) for t in labels)
    boxes = [dates.nth(i).bounding_box() for i in range(dates.count())]
    for left, right in itertools.pairwise(boxes):
        assert left and right and left["x"] + left["width"] < right["x"]  # no overlap
    assert all(t.endswith("/5") for t in chart.locator(".axis.y text").all_text_contents())
    assert (chart.locator(".jm-latest-label").text_content() or "").endswith("/5")
    step_through(tab, chart, values=r"All customers [\d.]+/5(, \w+ [\d.]+/5)*")
    assert traffic.errors == [] and outside(traffic, origin) == []
    assert tab.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_authoring_material_is_one_collapsed_block_at_the_bottom(
    page: tuple[Page, Traffic], origin: str
) -> None:
    tab, _ = page
    visit(tab, origin, PAGES["map"])
    block = tab.locator("details.jm-reuse")
    assert block.count() == 1 and block.get_attribute("open") is None
    assert not tab.locator("details.jm-reuse code").first.is_visible()
    last = tab.evaluate("document.querySelector('.md-content__inner').lastElementChild.className")
    assert "jm-reuse" in last


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("kind", ["map", "stage", "landscape"])
def test_screenshots(
    page: tuple[Page, Traffic], origin: str, tmp_path: Path, kind: str, scheme: str
) -> None:
    tab, _ = page
    tab.set_viewport_size({"width": 1440, "height": 900})
    visit(tab, origin, PAGES["journeys index" if kind == "landscape" else kind])
    switch_palette(tab, scheme)
    # Show what the page is for: the map itself, the landscape, or the stage's first metric.
    where = {"map": ".jm-map-scroll", "stage": ".jm-trend", "landscape": ".jm-landscape-scroll"}
    tab.eval_on_selector(where[kind], "e => e.scrollIntoView()")
    tab.evaluate("scrollBy(0, -90)")  # below Material's fixed header
    folder = Path(os.environ.get("JOURNEYMAP_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{kind}-{'light' if scheme == 'default' else 'dark'}.png"
    tab.screenshot(path=str(folder / name), full_page=False)
    assert (folder / name).stat().st_size > 20_000  # a real page, not a blank one
