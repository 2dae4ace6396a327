"""The map tells the story (issue 26), in a real browser (see test_browser.py for the
set-up): where it hurts on the first screen, the journey's real shape, personas on the
curve, the site's own words, colour that means what it says, and a phone.

The site is built from content of its own: a clinic's journey of 11 stages with a loop
back, a skip and two personas, for `audience: patients`, whose text never says
"customer" (so that any "customer" in the built site is one of journeymap's labels).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from . import test_browser as shared
from .test_browser import serious_violations, switch_palette, visit

browser = shared.browser

JOURNEY = "clinic"
MAP = f"journeys/{JOURNEY}/"
WIDE = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}

# (id, title, owner, felt score, {persona: score}, next)
STAGES = [
    ("referral", "Referral", "General practice", 3, {"frail": 3, "parent": 4}, None),
    ("booking", "Booking", "Scheduling", 2, {"frail": 1, "parent": 3}, None),
    ("reminder", "Reminder", "Scheduling", 3, {"frail": 2}, None),
    ("arrival", "Arrival", "Front desk", 2, {"frail": 2, "parent": 2}, ["triage", "no-show"]),
    ("no-show", "Missed visit", "Front desk", 1, {"parent": 1}, ["booking"]),
    ("triage", "Triage", "Nursing", 3, {}, None),
    ("consultation", "Consultation", "Doctors", 4, {"frail": 4}, ["tests", "treatment"]),
    ("tests", "Tests", "Laboratory", 2, {"frail": 1, "parent": 2}, None),
    ("treatment", "Treatment", "Doctors", 4, {"frail": 3, "parent": 5}, None),
    ("discharge", "Discharge", "Nursing", 3, {"frail": 2, "parent": 3}, None),
    ("follow-up", "Follow-up", "General practice", 4, {"frail": 4, "parent": 4}, []),
]
PERSONAS = {"frail": "Frida, frail elderly patient", "parent": "Paul, parent of a young child"}
# Latest two snapshots of the stage's satisfaction: triage meets its target but dropped
# sharply; booking and tests miss it; the rest meet it.
SATISFACTION = {
    "booking": (3.1, 3.0),
    "tests": (3.6, 3.4),
    "triage": (4.9, 4.5),
}


def journey_yaml() -> str:
    lines = [
        f"id: {JOURNEY}",
        "version: 1",
        "title: Outpatient visit",
        "effective: 2026-01-05",
        "owner: Outpatient care",
        "personas: [frail, parent]",
        "stages:",
    ]
    for number, (sid, title, owner, score, by_persona, following) in enumerate(STAGES):
        lines += [f"  - id: {sid}", f"    title: {title}", f"    owner: {owner}"]
        lines += ["    goals:", f"      - Get through {title.lower()} without waiting"]
        lines += ["    actions:", f"      - Goes through {title.lower()}"]
        lines += ["    touchpoints:", f"      - title: {title} desk", "        channel: in person"]
        lines += ["    pain_points:", f"      - Long wait at {title.lower()}"]
        if number % 2:
            lines.append(f"      - Nobody explains the next step after {title.lower()}")
        lines += ["    emotion:", f"      score: {score}", f"      note: Felt at {title.lower()}"]
        if by_persona:
            lines.append("      personas:")
            lines += [f"        {p}: {s}" for p, s in by_persona.items()]
        lines += ["    moments:", f"      - title: Lost at {title.lower()}", "        kind: dismay"]
        lines += ["    opportunities:", f"      - title: Shorter {title.lower()}"]
        lines.append("        status: idea")
        if sid == "tests":
            lines += ["    evidence:", "      - kind: interview", "        title: Ward interviews"]
            lines.append("        link: https://research.example/ward")
        if following is not None:
            lines.append(f"    next: [{', '.join(following)}]")
    return "\n".join(lines) + "\n"


def snapshot(latest: bool) -> str:
    rows = ["journey,stage,metric,value,responses,segment"]
    for sid, *_ in STAGES:
        before, now = SATISFACTION.get(sid, (4.4, 4.5))
        rows.append(f"{JOURNEY},{sid},satisfaction,{now if latest else before},80,")
        rows.append(f"{JOURNEY},{sid},wait,{12 if latest else 14},80,")
        rows.append(f"{JOURNEY},{sid},satisfaction,{4.0 if latest else 4.1},20,Over 75")
    rows.append(f"{JOURNEY},,visits,{1200 if latest else 1100},,")
    return "\n".join(rows) + "\n"


METRICS = """\
metrics:
  - id: satisfaction
    title: Patient satisfaction
    unit: "/5"
    min: 1
    max: 5
    better: higher
    target: 4.2
    alert_change: 0.3
    kind: survey
  - id: wait
    title: Waiting time
    unit: " min"
    min: 0
    max: 240
    better: lower
    target: 15
    kind: operational
  - id: visits
    title: Visits a month
    better: higher
    kind: business
"""

CONFIG = """\
site_name: Clinic journeys
site_url: https://clinic.example/
theme:
  name: material
  font: false
  features: [navigation.instant, navigation.indexes]
  palette:
    - scheme: default
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - scheme: slate
      toggle: {icon: material/weather-sunny, name: Switch to light mode}
extra_css: [stylesheets/site.css]
plugins:
  - search
  - journeymap:
      content_dir: content
      audience: patients
      satisfaction_metric: satisfaction
"""


def clinic_site(root: Path) -> Path:
    """The clinic's content and a site config in `root`."""
    files = {
        "content/metrics.yml": METRICS,
        "content/personas.yml": "personas:\n"
        + "".join(f"  - id: {p}\n    name: {n}\n" for p, n in PERSONAS.items()),
        f"content/journeys/{JOURNEY}/v1.yml": journey_yaml(),
        "content/snapshots/2026-10-12.csv": snapshot(latest=False),
        "content/snapshots/2026-11-16.csv": snapshot(latest=True),
        "docs/index.md": "# Clinic journeys\n\nHow patients move through the clinic.\n",
        # Material's footer text is too faint on its footer for axe (as the example's
        # acme.css says): not journeymap's to check here.
        "docs/stylesheets/site.css": ".md-footer-meta .md-copyright "
        "{ color: var(--md-footer-fg-color--light); }\n",
        "mkdocs.yml": CONFIG,
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The clinic's site built and served: its address and its folder."""
    root = clinic_site(tmp_path_factory.mktemp("story"))
    for address in shared.serve_example(root):
        yield address, root / "site"


@pytest.fixture(scope="module")
def origin(site: tuple[str, Path]) -> str:
    return site[0]


def tab_at(browser: Browser, size: dict[str, int], **options: object) -> Page:
    return browser.new_context(viewport=size, **options).new_page()  # type: ignore[arg-type]


def stage_ids() -> list[str]:
    return [s[0] for s in STAGES]


# --- 1. Story first --------------------------------------------------------------

FIRST_SCREEN = """() => {
  const map = document.querySelector('.jm-map');
  scrollTo(0, map.getBoundingClientRect().top + scrollY - 60);
  const bottom = innerHeight;
  const lane = (name) => [...map.querySelectorAll(`tr[data-lane="${name}"] > td`)];
  const seen = (cells) => cells.map(c => { const b = c.getBoundingClientRect();
    return b.bottom <= bottom + 1 && b.top >= 0 && b.right <= innerWidth + 1 && b.width > 0; });
  const heads = [...map.querySelectorAll('thead th[data-stage]')];
  return {
    stages: heads.map(h => h.dataset.stage),
    heads: seen(heads),
    lanes: Object.fromEntries(['emotion', 'metric', 'pain_points', 'moments']
      .map(n => [n, seen(lane(n))])),
    order: [...map.querySelectorAll('tbody tr[data-lane]')].map(r => r.dataset.lane),
    boxes: [...document.querySelectorAll('.jm-map-scroll, .jm-map-scroll *')].filter(e => {
      const s = getComputedStyle(e);
      return (e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(s.overflowX))
          || (e.scrollHeight > e.clientHeight + 1 && ['auto', 'scroll'].includes(s.overflowY));
    }).map(e => e.className),
  };
}"""


def test_the_first_screen_shows_where_it_hurts_at_every_stage(
    browser: Browser, origin: str
) -> None:
    tab = tab_at(browser, WIDE)
    visit(tab, origin, MAP)
    found = tab.evaluate(FIRST_SCREEN)
    persona_text = tab.locator('tr[data-lane="emotion"] td').nth(1).inner_text()
    tab.context.close()
    assert found["stages"] == stage_ids()
    assert all(found["heads"])
    for lane, seen in found["lanes"].items():
        assert seen and all(seen), lane
    # The story lanes first, the descriptive ones after.
    story = found["order"][:4]
    assert sorted(story) == ["emotion", "metric", "moments", "pain_points"]
    assert found["order"].index("owner") > 3 and found["order"].index("touchpoints") > 3
    assert found["boxes"] == []  # nothing scrolls inside the page
    assert PERSONAS["frail"] in persona_text and PERSONAS["parent"] in persona_text


STICKY = """() => {
  const map = document.querySelector('.jm-map');
  const row = map.querySelector('tr[data-lane="opportunities"]');
  scrollTo(0, row.getBoundingClientRect().top + scrollY - innerHeight / 2);
  const top = map.querySelector('thead').getBoundingClientRect().top;
  const head = map.querySelector('thead th[data-stage]').getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect();
  const lane = row.querySelector('th').getBoundingClientRect();
  const x = head.left + head.width / 2, y = head.top + head.height / 2;
  const atHead = document.elementFromPoint(x, y);
  const bg = getComputedStyle(map.querySelector('thead th[data-stage]')).backgroundColor;
  const laneBg = getComputedStyle(row.querySelector('th')).backgroundColor;
  return {inView: top >= header.bottom - 1 && top < header.bottom + 2,
          laneLeft: lane.left >= 0, head: !!atHead.closest('thead'),
          opaque: [bg, laneBg].every(c => c.startsWith('rgb(') || c.endsWith(', 1)'))};
}"""


def test_a_long_journey_scrolls_the_page_with_stages_kept_in_view(
    browser: Browser, origin: str
) -> None:
    tab = tab_at(browser, {"width": 1440, "height": 500})
    visit(tab, origin, MAP)
    found = tab.evaluate(STICKY)
    tab.context.close()
    assert found == {"inView": True, "laneLeft": True, "head": True, "opaque": True}


SIDEWAYS = """() => {
  const text = [...document.querySelectorAll('.md-content__inner > :not(.jm-poster)')];
  const widest = Math.max(...text.map(e => e.getBoundingClientRect().right));
  scrollTo(10000, document.querySelector('tr[data-lane="opportunities"]').offsetTop);
  const lane = document.querySelector('.jm-map tr[data-lane="pain_points"] th');
  return {scrolled: scrollX, lane: lane.getBoundingClientRect().left, text: widest};
}"""


def test_a_map_wider_than_the_window_scrolls_the_page_sideways(
    browser: Browser, origin: str
) -> None:
    tab = tab_at(browser, {"width": 1000, "height": 700})
    visit(tab, origin, MAP)
    found = tab.evaluate(SIDEWAYS)
    tab.context.close()
    assert found["scrolled"] > 300  # the page, not a box, scrolls...
    assert abs(found["lane"]) < 1  # ...with the lane names kept in view
    assert found["text"] <= 1000  # the text around the map wraps at the window's width


def test_descriptive_lanes_collapse_without_script(browser: Browser, origin: str) -> None:
    context = browser.new_context(viewport=WIDE, java_script_enabled=False)
    tab = context.new_page()
    visit(tab, origin, MAP)
    owner = tab.locator('tr[data-lane="owner"]')
    assert owner.is_visible()
    tab.get_by_label(re.compile("descriptive lanes", re.I)).first.uncheck()
    assert not owner.is_visible()
    assert tab.locator('tr[data-lane="emotion"]').is_visible()
    assert tab.locator("thead th[data-stage]").first.is_visible()
    context.close()


# --- 2. The shape on the map --------------------------------------------------------

# Paths that are not "on to the following stage": arrival branches to triage (a skip over
# no-show), no-show loops back to booking, consultation skips tests, follow-up ends.
OFF_PATHS = {
    ("arrival", "triage"),
    ("no-show", "booking"),
    ("consultation", "treatment"),
    ("no-show", ""),
    ("follow-up", ""),
}


def test_branches_skips_loops_and_ends_are_drawn_and_said(browser: Browser, origin: str) -> None:
    tab = tab_at(browser, WIDE)
    visit(tab, origin, MAP)
    drawn = tab.eval_on_selector_all(
        ".jm-map [data-from]",
        "ps => ps.map(p => [p.dataset.from, p.dataset.to || '', p.getBoundingClientRect().width])",
    )
    words = tab.inner_text(".jm-shape")
    tab.context.close()
    assert {(f, t) for f, t, _ in drawn} >= {p for p in OFF_PATHS if p[1]}
    assert all(width > 0 for *_, width in drawn)
    assert "Missed visit" in words and "back to Booking" in words
    assert "Consultation" in words and "skipping Tests" in words


# --- 3. Personas on the curve -------------------------------------------------------


def test_every_persona_score_is_a_drawn_point_and_gaps_stay_gaps(
    browser: Browser, origin: str
) -> None:
    tab = tab_at(browser, WIDE)
    visit(tab, origin, MAP)
    points = tab.eval_on_selector_all(
        ".jm-map [data-persona][data-stage]",
        "ps => ps.map(p => [p.dataset.persona, p.dataset.stage, p.getBoundingClientRect().width])",
    )
    legend = tab.inner_text('tr[data-lane="emotion"] th')
    # No piece of a persona's line reaches into a stage where it has no score.
    joined = tab.eval_on_selector_all(
        'tr[data-lane="emotion"] td',
        "tds => tds.map(td => [...td.querySelectorAll('line.jm-persona')]"
        ".map(l => l.getAttribute('class')))",
    )
    tab.context.close()
    given = {(p, sid) for sid, *_, scores, _ in STAGES for p in scores}
    assert {(p, s) for p, s, _ in points} == given
    assert all(width > 0 for *_, width in points)
    assert PERSONAS["frail"] in legend and PERSONAS["parent"] in legend
    for (sid, *_, scores, _), lines in zip(STAGES, joined, strict=True):
        for persona in PERSONAS:
            if persona not in scores:
                index = list(PERSONAS).index(persona)
                assert not any(f"jm-persona-{index}" in line for line in lines), sid


# --- 4. The site's words ------------------------------------------------------------


def test_no_label_says_customer_for_patients(site: tuple[str, Path]) -> None:
    _, folder = site
    # `customer_value` is a field of the content format, named as authors write it.
    label = re.compile(r".{0,30}customer(?!_value|&#95;value).{0,30}", re.I)
    found = []
    for file in sorted(folder.rglob("*")):
        if file.suffix in {".html", ".json", ".xml", ".csv", ".mmd", ".svg", ".txt"}:
            text = file.read_text(encoding="utf-8", errors="replace")
            found += [f"{file.relative_to(folder)}: {m}" for m in label.findall(text)]
    assert found == []


# --- 5. Colour that means what it says ----------------------------------------------

METRIC_CELLS = """() => [...document.querySelectorAll('tr[data-lane="metric"] td')].map(td => ({
  stage: td.dataset.stage, text: td.innerText.replace(/\\s+/g, ' '),
  state: td.dataset.state,
  bar: getComputedStyle(td).boxShadow + ' ' + getComputedStyle(td).borderLeftStyle,
}))"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_three_states_in_words_and_handoffs_without_alarm(
    browser: Browser, origin: str, scheme: str
) -> None:
    tab = tab_at(browser, WIDE)
    visit(tab, origin, MAP)
    switch_palette(tab, scheme)
    cells = {c["stage"]: c for c in tab.evaluate(METRIC_CELLS)}
    legend = tab.inner_text(".jm-map-legend")
    handoff = tab.eval_on_selector(
        'tr[data-lane="owner"] .jm-handoff', "h => getComputedStyle(h).color"
    )
    alarm = tab.eval_on_selector(
        ".jm-map-legend .jm-legend-missed", "h => getComputedStyle(h, '::before').backgroundColor"
    )
    tab.context.close()
    assert (
        cells["triage"]["state"] == "alert" and "meets target, down 0.4" in cells["triage"]["text"]
    )
    assert cells["booking"]["state"] == "missed" and "misses target" in cells["booking"]["text"]
    assert cells["referral"]["state"] == "met" and "meets target" in cells["referral"]["text"]
    bars = {cells[s]["bar"] for s in ("triage", "booking", "referral")}
    assert len(bars) == 3  # three distinct marks
    for words in ("Meets target", "Misses target", "Dropped sharply"):
        assert words in legend
    assert handoff != alarm


def test_the_landscape_wraps_words_and_fits_1440(browser: Browser, origin: str) -> None:
    tab = tab_at(browser, WIDE)
    visit(tab, origin, "journeys/")
    found = tab.evaluate("""() => ({
      page: document.documentElement.scrollWidth,
      heads: [...document.querySelectorAll('.jm-landscape thead th')].map(th => {
        const b = th.getBoundingClientRect();
        return b.right <= innerWidth && th.scrollWidth <= th.clientWidth + 1; }),
      broken: [...document.querySelectorAll('.jm-cell a')].filter(a => {
        const range = document.createRange(); range.selectNodeContents(a);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        return a.textContent.trim().split(/\\s+/).length < lines.size; }).map(a => a.textContent),
      triage: document.querySelector('.jm-cell a[href*="/triage/"]').parentElement.innerText,
    })""")
    violations = serious_violations(tab)
    tab.context.close()
    assert found["page"] <= 1440
    assert all(found["heads"])
    assert found["broken"] == []  # no word broken over two lines
    assert "Dropped sharply, meets target" in found["triage"]
    assert violations == []


# --- 6. Phone -----------------------------------------------------------------------


# Each shown chart label's size on screen, in CSS px: its font size in the chart's units,
# scaled as the chart is.
CHART_TEXT_PX = """ts => ts.filter(t => t.getBoundingClientRect().height > 0).map(t => {
  const svg = t.ownerSVGElement;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return parseFloat(getComputedStyle(t).fontSize) * scale;
})"""


def test_on_a_phone_the_map_is_a_vertical_story(browser: Browser, origin: str) -> None:
    tab = tab_at(browser, PHONE, is_mobile=True)
    visit(tab, origin, MAP)
    found = tab.evaluate("""() => {
      const stages = [...document.querySelectorAll('.jm-map tbody tr[data-lane="emotion"] td')];
      const tops = stages.map(td => td.getBoundingClientRect().top);
      return {page: document.documentElement.scrollWidth, tops,
              widths: stages.map(td => td.getBoundingClientRect().width),
              scrolls: [...document.querySelectorAll('.jm-map-scroll, .jm-map-scroll *')]
                .filter(e =>
                 e.scrollWidth > e.clientWidth + 1
                 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)).length};
    }""")
    story = tab.locator(".jm-map").inner_text()
    tab.goto(origin + f"{MAP}triage/")
    fonts = tab.eval_on_selector_all("figure.jm-chart svg text", CHART_TEXT_PX)
    tab.context.close()
    assert found["page"] <= 390 and found["scrolls"] == 0
    assert len(found["tops"]) == 11 and found["tops"] == sorted(found["tops"])
    assert all(w > 300 for w in found["widths"])
    assert "Long wait at triage" in story
    assert fonts and min(fonts) >= 10


# --- 7. The markup names what it shows ----------------------------------------------


def test_lanes_paths_and_points_are_named(browser: Browser, origin: str) -> None:
    tab = tab_at(browser, WIDE)
    visit(tab, origin, MAP)
    lanes = tab.eval_on_selector_all("tr[data-lane]", "rs => rs.map(r => r.dataset.lane)")
    tab.context.close()
    for lane in (
        "emotion",
        "pain_points",
        "moments",
        "metric",
        "owner",
        "goals",
        "actions",
        "touchpoints",
        "opportunities",
    ):
        assert lane in lanes


# --- 8. axe -------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("path", [MAP, "journeys/", f"{MAP}tests/"])
def test_no_serious_violation(browser: Browser, origin: str, path: str, scheme: str) -> None:
    tab = tab_at(browser, WIDE)
    visit(tab, origin, path)
    switch_palette(tab, scheme)
    violations = serious_violations(tab)
    tab.context.close()
    assert violations == []


def test_no_serious_violation_on_a_phone(browser: Browser, origin: str) -> None:
    tab = tab_at(browser, PHONE, is_mobile=True)
    visit(tab, origin, MAP)
    violations = serious_violations(tab)
    tab.context.close()
    assert violations == []
