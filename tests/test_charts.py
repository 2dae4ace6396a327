"""Trend charts: self-contained, deterministic, accessible SVG."""

from __future__ import annotations

import datetime as dt
import re

import pytest

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
    ids = re.findall(r'\bid="([^"]+)"', first)
    assert ids == [f"chart-{chart_id('onboarding/kickoff/csat').removeprefix('jm-')}"]
    other = draw(spec(key="onboarding/welcome/csat"))
    assert re.findall(r'\bid="([^"]+)"', other) != ids


def test_chart_is_titled_and_every_point_has_its_date_and_value() -> None:
    svg = draw(spec())
    assert svg.startswith("<svg")
    assert "<title>Customer satisfaction &lt;by segment&gt;</title>" in svg
    titles = re.findall(r"<circle[^>]*><title>([^<]+)</title>", svg)
    assert len(titles) == 12 + 10  # one per value of both series
    assert titles[0] == "2026-01-05, All customers: 3.5/5"
    # One tab stop per chart: the headline's latest value, marked and labelled.
    assert svg.count('tabindex="0"') == 1
    assert '<circle class="jm-latest" role="img" tabindex="0"' in svg
    assert re.search(r'class="jm-latest-label"[^>]*>4.05/5</text>', svg)


def test_x_is_proportional_to_time_and_dates_label_the_axis() -> None:
    dates = (dt.date(2026, 1, 5), dt.date(2026, 2, 2), dt.date(2026, 3, 16))  # 28, 42 days
    chart = ChartSpec("k", "t", dates, (("All", (3.0, 3.5, 4.0)),), unit="/5")
    svg = draw(chart)
    xs = [float(x) for x in re.findall(r'<circle[^>]* cx="([\d.]+)"', svg)]
    assert (xs[1] - xs[0]) / (xs[2] - xs[1]) == pytest.approx(28 / 42, abs=0.01)
    assert re.findall(r"<text [^>]*>([A-Z][a-z]{2} 2026)</text>", svg) == ["Feb 2026", "Mar 2026"]
    assert ">4/5</text>" in svg  # the unit on the value axis


@pytest.mark.parametrize("years", [1, 2, 5, 10])
def test_date_labels_never_crowd_each_other(years: int) -> None:
    first = dt.date(2020, 1, 6)
    labels = date_labels(first, first + dt.timedelta(days=365 * years), 650)
    assert len(labels) >= 2
    gaps = [(b - a).days for (a, _), (b, _) in zip(labels, labels[1:], strict=False)]
    longest = max(len(text) for _, text in labels) * 8.2
    assert min(gaps) * 650 / (365 * years) >= longest


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
