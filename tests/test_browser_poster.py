"""The printed map in a real browser (see test_browser.py for the set-up): a map of any
height prints on exactly one sheet, with journeymap.js and, fitted to the width only,
without it.

The site is the example site plus one journey whose stages are very tall (long entries
in every lane), far taller than a sheet once the map fits the sheet's width.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from . import test_browser as shared
from .conftest import copy_example
from .test_browser import Traffic, pdf_pages, visit

# The browser and a tab recording its traffic, as for test_browser.py's tests.
browser = shared.browser
page = shared.page

TALL = "journeys/tall-stages/"
TITLE = "A journey with very tall stages"
# Sheets in PDF points (landscape), and their printable height in CSS px: the sheet
# less the poster's 8 mm margins (journeymap.css), at 96 px to the inch.
SHEETS = {"A3": ((1191, 842), (297 - 16) / 25.4 * 96), "A4": ((842, 595), (210 - 16) / 25.4 * 96)}

# The zoom journeymap.js chose, read by a listener that runs after the script's own.
RECORD_FIT = """() => addEventListener('beforeprint', () => {
  window.fit = document.querySelector('.jm-poster').style.getPropertyValue('--jm-fit');
})"""
# The poster at that zoom in print media, as Chromium printed it (pdf_pages leaves the
# tab in print media); its <details> open, as Material's script opens them to print.
AT_FIT = """(fit) => {
  const poster = document.querySelector('.jm-poster');
  poster.style.setProperty('--jm-fit', fit);
  poster.querySelectorAll('details').forEach((details) => { details.open = true; });
  return {
    height: poster.getBoundingClientRect().height,
    width: poster.getBoundingClientRect().width,
    map: poster.querySelector('table').getBoundingClientRect().width,
    extra: [...poster.querySelectorAll('details.jm-more > ul')]
      .some((list) => list.getBoundingClientRect().height > 0),
  };
}"""


def tall_journey() -> str:
    """A journey version of nine stages (more than a map shows whole on screen) whose
    every lane holds long entries, and more of them than a cell shows."""
    words = "customers wait on hold for a reply that never comes and call again " * 6
    lines = ["id: tall-stages", "version: 1", f"title: {TITLE}", "effective: 2026-01-05"]
    lines.append("stages:")
    for number in range(1, 10):
        lines += [f"  - id: stage-{number}", f"    title: Stage {number}"]
        lines.append(f"    owner: Team {number % 3}")
        for lane in ("goals", "actions", "pain_points"):
            lines.append(f"    {lane}:")
            lines += [f"      - {lane} {entry} {words}" for entry in range(5)]
        lines.append("    touchpoints:")
        for entry in range(5):
            lines += [f"      - title: Touchpoint {entry} {words}", "        channel: phone"]
        lines += ["    emotion:", "      score: 2", f"      note: {words}"]
        lines.append("    moments:")
        for entry in range(4):
            lines += [f"      - title: Moment {entry} {words}", "        kind: dismay"]
        lines.append("    opportunities:")
        for entry in range(4):
            lines += [f"      - title: Opportunity {entry} {words}", "        status: idea"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site with the tall journey added, served on 127.0.0.1."""
    root = copy_example(tmp_path_factory.mktemp("poster"))
    version = root / "content/journeys/tall-stages/v1.yml"
    version.parent.mkdir()
    version.write_text(tall_journey(), encoding="utf-8")
    yield from shared.serve_example(root)


@pytest.mark.parametrize("size", ["A3", "A4"])
def test_a_map_of_any_height_prints_on_one_sheet_as_large_as_fits(
    page: tuple[Page, Traffic], origin: str, size: str
) -> None:
    tab, traffic = page
    # Reached by Material's instant navigation: the script's listeners still answer.
    visit(tab, origin, TALL + "stage-2/")
    tab.evaluate("() => { window.sameDocument = true; }")
    tab.locator("nav.md-nav--primary a", has_text=TITLE).first.click()
    tab.wait_for_url("**/" + TALL)
    tab.wait_for_selector(".jm-poster")
    assert tab.evaluate("window.sameDocument")  # not reloaded
    if size == "A4":  # what `poster_size: A4` writes (test_glance.py checks the option)
        swap = "(poster, to) => poster.classList.replace('jm-poster-a3', to)"
        tab.eval_on_selector(".jm-poster", swap, "jm-poster-a4")
    tab.evaluate(RECORD_FIT)
    sheet, room = SHEETS[size]
    assert [(round(w), round(h)) for w, h in pdf_pages(tab)] == [sheet]
    assert traffic.errors == []
    # Printing is over: the poster is as it was on screen.
    assert tab.eval_on_selector(".jm-poster", "p => p.style.getPropertyValue('--jm-fit')") == ""
    fit = tab.evaluate("window.fit")
    # Scaled down to fit the height (the width alone would take several sheets)...
    assert float(fit) < 0.8
    # ...to the largest zoom that fits: the poster fills the sheet's height, and its
    # width (the map no wider than the poster, so Chromium does not shrink the page).
    printed = tab.evaluate(AT_FIT, fit)
    assert 0.9 * room <= printed["height"] <= room
    assert printed["map"] <= printed["width"] + 1
    # A cell prints what it shows at a glance; "Show all 5" counts the rest.
    assert printed["extra"] is False and "Show all 5" in tab.inner_text(".jm-poster")
    # The stylesheets' print rules are for print again.
    tab.emulate_media(media="screen")
    assert tab.locator(".md-header").is_visible()
    assert not tab.locator(".jm-poster-head").is_visible()


def test_without_the_script_a_map_still_prints_on_one_sheet(browser: Browser, origin: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    visit(tab, origin, "journeys/grocery-app/")
    pages = pdf_pages(tab)
    context.close()
    assert [(round(w), round(h)) for w, h in pages] == [SHEETS["A3"][0]]
