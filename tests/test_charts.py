"""Trend charts: self-contained, deterministic, accessible SVG."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re

import pytest

from journeymap.content.build_cache import BuildCache
from journeymap.site.charts import ChartRenderer, ChartSpec, chart_id, date_labels, draw, ticks

DATES = tuple(dt.date(2026, 1, 5) + dt.timedelta(weeks=i) for i in range(12))


def spec(key: str = "onboarding/kickoff/csat", target: float | None = 4.2) -> ChartSpec:
    return ChartSpec(
        key=key,
        title="Customer satisfaction <by segment>",
        dates=DATES,
        series=(
            ("All customers", tuple(3.5 + i / 20 for i in range(12))),
            ("SMB", (None, None, *(3.2 + i / 25 for i in range(10)))),
        ),
        target=target,
        low=1,
        high=5,
        unit="/5",
    )


def test_chart_makes_no_reference_outside_itself() -> None:
    svg = draw(spec())
    assert "<script" not in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<style" not in svg and "<!--" not in svg
    assert "xml-stylesheet" not in svg


def test_same_spec_gives_the_same_bytes_and_ids_follow_the_key() -> None:
    first, second = draw(spec()), draw(spec())
    assert first == second
    uid = chart_id("onboarding/kickoff/csat").removeprefix("jm-")
    ids = re.findall(r'\bid="([^"]+)"', first)
    assert ids == [f"chart-{uid}", f"m{uid}-0", f"m{uid}-1"]  # the chart, its dot markers
    other = draw(spec(key="onboarding/welcome/csat"))
    assert not set(re.findall(r'\bid="([^"]+)"', other)) & set(ids)


def test_chart_carries_every_date_and_value_for_hover_and_keyboard() -> None:
    svg = draw(spec())
    head = svg.split(">", 1)[0]
    assert 'role="img" tabindex="0"' in head  # one tab stop; journeymap.js steps through
    assert "<title>Customer satisfaction &lt;by segment&gt;</title>" in svg
    dates = re.search(r'data-dates="([^"]+)"', head)
    assert dates and dates.group(1).split() == [d.isoformat() for d in DATES]
    assert 'data-unit="/5"' in head
    values = re.findall(r'data-label="([^"]+)" data-values="([^"]+)"', svg)
    assert values[0] == ("All customers", "3.5 3.55 3.6 3.65 3.7 3.75 3.8 3.85 3.9 3.95 4 4.05")
    assert values[1][1].split()[:3] == ["-", "-", "3.2"]  # no value: no dot, no text
    # The latest value is marked on every line and labelled on the headline's.
    assert svg.count('class="jm-latest"') == 2
    assert re.search(r'class="jm-latest-label"[^>]*>4.05/5</text>', svg)


def test_a_lone_value_still_gets_a_dot() -> None:
    chart = ChartSpec("k", "t", DATES[:3], (("All", (3.0, None, 4.0)),))
    line = re.search(r'<path class="line" d="([^"]+)" style="marker', draw(chart))
    assert line and line.group(1).count("h0") == 2  # two lone values, each its own vertex


def test_target_is_its_own_dashed_series_and_segments_keep_colour_classes() -> None:
    svg = draw(spec())
    assert 'class="series jm-target"' in svg
    assert 'class="series serie-0 color-0"' in svg and 'class="series serie-1 color-1"' in svg
    assert "jm-target" not in draw(spec(target=None))


def test_x_is_proportional_to_time_and_dates_label_the_axis() -> None:
    dates = (dt.date(2026, 1, 5), dt.date(2026, 2, 2), dt.date(2026, 3, 16))  # 28, 42 days
    chart = ChartSpec("k", "t", dates, (("All", (3.0, 3.5, 4.0)),), unit="/5")
    svg = draw(chart)
    line = re.search(r'<path class="line" d="M([^"]+)" style="marker', svg)
    assert line
    xs = [float(point.split()[0]) for point in line.group(1).split("L")]
    assert (xs[1] - xs[0]) / (xs[2] - xs[1]) == pytest.approx(28 / 42, abs=0.01)
    assert re.findall(r"<text [^>]*>([A-Z][a-z]{2} 2026)</text>", svg) == ["Feb 2026", "Mar 2026"]
    assert ">4/5</text>" in svg  # the unit on the value axis


@pytest.mark.parametrize("years", [1, 2, 5, 10])
def test_date_labels_never_crowd_each_other(years: int) -> None:
    first = dt.date(2020, 1, 6)
    labels = date_labels(first, first + dt.timedelta(days=365 * years), 650)
    assert len(labels) >= 2
    gaps = [(b - a).days for (a, _), (b, _) in itertools.pairwise(labels)]
    longest = max(len(text) for _, text in labels) * 8.2
    assert min(gaps) * 650 / (365 * years) >= longest


def test_renderer_reuses_charts_by_content() -> None:
    cache = BuildCache()
    renderer = ChartRenderer(cache)
    assert renderer.render(spec()) == renderer.render(spec())
    renderer.render(spec(target=4.0))
    assert (renderer.rendered, renderer.reused) == (2, 1)
    cache.new_build(None)
    renderer.render(spec())
    assert (renderer.rendered, renderer.reused) == (0, 1)
    cache.new_build(None)  # the target=4.0 chart was not used in the last build: dropped
    renderer.render(spec(target=4.0))
    assert (renderer.rendered, renderer.reused) == (1, 0)


@pytest.mark.parametrize(
    ("low", "high", "floor", "ceiling", "expected"),
    [
        (3.3, 4.2, 1, 5, [3.25, 3.5, 3.75, 4.0, 4.25]),
        (20, 40, -100, 100, [20, 25, 30, 35, 40]),
        (0.4, 0.9, 0, 1, [0.4, 0.6, 0.8, 1.0]),
        (4.9, 5, 1, 5, [4.9, 4.925, 4.95, 4.975, 5.0]),
        (3, 3, None, None, [2.0, 2.5, 3.0, 3.5, 4.0]),
    ],
)
def test_axis_ticks_are_round_and_within_bounds(low, high, floor, ceiling, expected) -> None:
    assert ticks(low, high, floor, ceiling) == expected


def test_many_new_charts_are_drawn_in_parallel_with_the_same_bytes(monkeypatch) -> None:
    from journeymap.site import charts

    monkeypatch.setattr(charts, "PARALLEL_FROM", 4)
    specs = [spec(key=f"j/s{i}/csat", target=3 + i / 10) for i in range(6)]
    renderer = ChartRenderer()
    svgs = [renderer.request(s) for s in specs]
    assert renderer.rendered == 0  # nothing drawn until the batch
    renderer.draw_pending()
    assert renderer.rendered == 6
    assert [svg() for svg in svgs] == [draw(s) for s in specs]


def test_drawn_charts_are_held_packed_and_kept_on_disk_as_text(tmp_path) -> None:
    """Every chart is held until its page is written: compressed, as the pages' other
    large fragments (as text, a large site's were a tenth of its build's memory), also
    in the journeys' pages kept for the next build; `cache_dir` keeps them as text."""
    from journeymap.site.packed import Packed
    from journeymap.site.pages import PageSource
    from journeymap.site.unchanged import KeptJourney

    cache = BuildCache()
    cache.new_build(tmp_path)
    renderer = ChartRenderer(cache)
    chart = renderer.request(spec())
    renderer.draw_pending()
    assert isinstance(renderer.packed(chart.digest), Packed)
    assert chart() == draw(spec())
    kept = KeptJourney.of([PageSource("a.md", "chart", fragments={"m": chart})])
    assert isinstance(kept.pages[0].fragments["m"], Packed)
    assert kept.pages[0].fragments["m"]() == draw(spec())
    stored = next((tmp_path / "charts").rglob("*.json")).read_bytes()
    assert json.loads(stored.partition(b"\n")[2]) == draw(spec())
    again = BuildCache()
    again.new_build(tmp_path)
    from_disk = ChartRenderer(again)
    assert from_disk.render(spec()) == draw(spec())
    assert (from_disk.rendered, from_disk.reused) == (0, 1)
