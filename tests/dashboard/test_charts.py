"""The SVG charts: one vertex per point, labels escaped, nothing drawn from nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from darkhorses.dashboard.charts import Series, bar, line_chart, sparkline

T0 = datetime(2025, 10, 14, 12, 0, tzinfo=UTC)


def _points(svg: str) -> list[str]:
    return svg.split('points="', 1)[1].split('"', 1)[0].split()


def test_a_sparkline_has_one_vertex_per_price():
    prices = [5.0, 5.5, 4.5, 6.0, 6.0]
    svg = str(sparkline([(T0 + timedelta(minutes=i), p) for i, p in enumerate(prices)]))
    points = _points(svg)
    assert len(points) == 5
    ys = [float(p.split(",")[1]) for p in points]
    # Longer odds are drawn higher (smaller y); equal prices at equal height.
    assert ys[3] == ys[4] < ys[1] < ys[0] < ys[2]


def test_a_single_price_is_one_vertex_and_no_prices_say_so():
    assert len(_points(str(sparkline([(T0, 3.0)])))) == 1
    assert "no prices" in str(sparkline([]))


def test_labels_are_escaped():
    name = "<script>alert(1)</script>"
    chart = str(line_chart([Series(name, [(T0, 2.0), (T0 + timedelta(minutes=5), 2.5)])]))
    assert name not in chart and "&lt;script&gt;" in chart
    assert name not in str(sparkline([(T0, 2.0)], label=name))
    assert name not in str(bar([(name, 1, "done")]))


def test_bar_segments_are_shares_of_the_total():
    html = str(bar([("done", 3, "done"), ("failed", 1, "failed"), ("none", 0, "x")], total=8))
    assert 'style="width:37.50%" title="done: 3"' in html
    assert 'style="width:12.50%" title="failed: 1"' in html
    assert "none" not in html
