"""Trend charts: self-contained, deterministic, accessible SVG."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from journeymap.site.charts import ChartRenderer, ChartSpec, chart_id, draw, ticks

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
    ids = re.findall(r'\bid="([^"]+)"', first)
    assert ids == [f"chart-{chart_id('onboarding/kickoff/csat').removeprefix('jm-')}"]
    other = draw(spec(key="onboarding/welcome/csat"))
    assert re.findall(r'\bid="([^"]+)"', other) != ids


def test_chart_is_hidden_from_screen_readers_and_titled_for_others() -> None:
    svg = draw(spec())
    assert svg.startswith("<svg")
    assert 'aria-hidden="true"' in svg.split(">", 1)[0]
    assert "<title>Customer satisfaction &lt;by segment&gt;</title>" in svg
    assert svg.count("<title>") == 1  # pygal's per-guide tooltips are gone


def test_target_is_its_own_dashed_series_and_segments_keep_colour_classes() -> None:
    svg = draw(spec())
    assert 'class="series jm-target"' in svg
    assert 'class="series serie-0 color-0"' in svg and 'class="series serie-1 color-1"' in svg
    assert "jm-target" not in draw(spec(target=None))


def test_renderer_reuses_charts_by_content() -> None:
    renderer = ChartRenderer()
    assert renderer.render(spec()) == renderer.render(spec())
    renderer.render(spec(target=4.0))
    assert (renderer.rendered, renderer.reused) == (2, 1)
    renderer.new_build()
    renderer.render(spec())
    assert (renderer.rendered, renderer.reused) == (0, 1)
    renderer.new_build()  # the target=4.0 chart was not used in the last build: dropped
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
