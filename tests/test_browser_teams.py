"""The service blueprint and the team pages in a real browser (see test_browser.py for the
set-up), on the hospital site of test_teams.py: the line of visibility is drawn where it
belongs, the lanes keep the customer's side first, and the pages pass axe-core at desktop
and phone sizes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from . import test_browser as shared
from .test_browser import Traffic, outside, serious_violations, serve, visit
from .test_teams import HOSPITAL_MAP_LANES, TEAM, hospital_site

browser = shared.browser
page = shared.page

MAP = "journeys/referral/"
STAGE = "journeys/referral/booking/"

# Each lane row of the map: its data-lane, its name as a screen reader announces the row
# header, and where it is drawn.
LANES = """() => [...document.querySelectorAll('table.jm-map tr[data-lane]')].map(row => {
  const box = row.getBoundingClientRect();
  const head = row.querySelector('th[scope=row]');
  return {lane: row.dataset.lane, top: box.top, bottom: box.bottom, height: box.height,
          name: head.innerText.trim(), label: row.getAttribute('aria-label'),
          visible: getComputedStyle(row).visibility === 'visible' && box.height > 0,
          rule: getComputedStyle(head).borderTopStyle};
})"""


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hospital-browser")
    server = serve(root / "site")
    address = next(server)
    hospital_site(root, site_url=address)
    yield address
    next(server, None)


def test_the_line_of_visibility_divides_the_map_below_touchpoints(
    page: tuple[Page, Traffic], origin: str
) -> None:
    tab, traffic = page
    visit(tab, origin, MAP)
    lanes = tab.evaluate(LANES)
    order = [lane["lane"] for lane in lanes]
    assert order == HOSPITAL_MAP_LANES
    tops = [lane["top"] for lane in lanes]
    assert tops == sorted(tops)  # drawn top to bottom in that order
    line = lanes[order.index("line_of_visibility")]
    assert line["visible"] and line["name"] == "Line of visibility"
    assert line["label"] == "Line of visibility" and line["rule"] == "dashed"
    by_lane = {lane["lane"]: lane for lane in lanes}
    assert by_lane["touchpoints"]["bottom"] <= line["top"] + 1
    assert line["bottom"] <= by_lane["backstage"]["top"] + 1
    # Business goals sit right under the customer's goals.
    assert abs(by_lane["goals"]["bottom"] - by_lane["business_goals"]["top"]) <= 1
    # Screen readers find the divider by its name.
    assert tab.get_by_role("row", name="Line of visibility").count() == 1
    assert serious_violations(tab) == []
    assert traffic.errors == [] and outside(traffic, origin) == []


@pytest.mark.parametrize("size", [(1440, 900), (390, 844)], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", [MAP, STAGE, TEAM, "teams/"])
def test_blueprint_and_team_pages_read_well_at_every_size(
    browser: Browser, origin: str, path: str, size: tuple[int, int]
) -> None:
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    visit(tab, origin, path)
    found = tab.evaluate("""() => ({
      page: document.documentElement.scrollWidth,
      line: [...document.querySelectorAll('[data-lane=line_of_visibility]')]
        .map(e => e.getBoundingClientRect().height > 0),
    })""")
    violations = serious_violations(tab)
    context.close()
    assert found["page"] <= width  # the page itself never scrolls sideways
    if path != "teams/":
        assert found["line"] == [True]  # one line of visibility, drawn
    assert violations == [] and errors == []
