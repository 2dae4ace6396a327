"""Comparing customers in a real browser (see test_browser.py for the set-up): persona
curves, segment tables and business results' charts in both palettes, with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from . import test_browser as shared
from .test_browser import Traffic, contrast, outside, serious_violations, switch_palette, visit

# The example site served, the browser and a tab, as for test_browser.py's tests.
origin = shared.origin
browser = shared.browser
page = shared.page

COLOURS = """() => {
  const background = getComputedStyle(document.querySelector('.md-main')).backgroundColor;
  const page = getComputedStyle(document.body).backgroundColor;
  const stroke = selector => [...document.querySelectorAll(selector)]
      .map(e => getComputedStyle(e).stroke);
  const keys = [...document.querySelectorAll('th .jm-key-persona')]
      .map(e => getComputedStyle(e, '::before').borderTopColor);
  return {
    background: background === 'rgba(0, 0, 0, 0)' ? page : background,
    personas: stroke('.jm-curve line.jm-persona'),
    keys,
    cells: [...document.querySelectorAll('table.jm-segments td')]
        .map(e => [getComputedStyle(e).color, getComputedStyle(e).boxShadow]),
  };
}"""

SMALL_CHARTS = """() => [...document.querySelectorAll('figure.jm-chart-small svg')].map(svg => {
  const box = svg.getBoundingClientRect();
  const plot = svg.querySelector('.axis.x path').getBoundingClientRect();  // spans the plot
  return {width: box.width, height: box.height, left: plot.left, right: plot.right};
})"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_personas_segments_and_business_results_in_both_palettes(
    page: tuple[Page, Traffic], origin: str, scheme: str
) -> None:
    tab, traffic = page
    visit(tab, origin, "journeys/grocery-app/")
    switch_palette(tab, scheme)
    colours = tab.evaluate(COLOURS)
    background = colours["background"]
    # Two personas' lines, each told apart from the page (WCAG non-text contrast)...
    assert len(set(colours["personas"])) == 2
    for stroke in colours["personas"] + colours["keys"]:
        assert contrast(stroke, background) >= 3, stroke
    # ...and segment values readable, with the target bar where a target is set.
    assert colours["cells"]
    for colour, _ in colours["cells"]:
        assert contrast(colour, background) >= 4.5
    assert any("inset" in shadow for _, shadow in colours["cells"])
    charts = tab.evaluate(SMALL_CHARTS)
    assert len(charts) == 2
    for chart in charts:
        assert chart["width"] > 200 and chart["height"] > 50
    # Stacked on one time axis: their plots start and end at the same place.
    assert abs(charts[0]["left"] - charts[1]["left"]) < 1
    assert abs(charts[0]["right"] - charts[1]["right"]) < 1
    assert serious_violations(tab) == []
    assert traffic.errors == [] and traffic.failed == [] and outside(traffic, origin) == []


@pytest.mark.parametrize("path", ["metrics/csat/", "journeys/grocery-app/checkout/"])
def test_segment_tables_and_persona_scores_pass_axe(
    page: tuple[Page, Traffic], origin: str, path: str
) -> None:
    tab, traffic = page
    visit(tab, origin, path)
    assert tab.locator("table.jm-segments, ul.jm-persona-scores").count() > 0
    for scheme in ("default", "slate"):
        switch_palette(tab, scheme)
        assert serious_violations(tab) == []
    assert traffic.errors == []


def test_segment_tables_scroll_inside_the_page_on_a_phone(browser: Browser, origin: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = context.new_page()
    visit(tab, origin, "journeys/b2b-subscription/")
    widths = tab.evaluate("""() => ({page: document.documentElement.scrollWidth,
        viewport: innerWidth,
        tables: [...document.querySelectorAll('.jm-table-scroll')].length})""")
    context.close()
    assert widths["tables"] > 0
    assert widths["page"] <= widths["viewport"]
