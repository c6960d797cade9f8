"""The reused chart frame: a chart's bytes never depend on what the process drew before."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable

import pytest

from generator.render import chart_frame, charts
from tests.test_charts import TZ, all_charts, groups, hourly, texts


def fresh_frames() -> None:
    """Forget the frames, as in a new process."""
    chart_frame._frames.clear()


def others() -> list[Callable[[], str]]:
    """Charts that leave different things in a frame: an empty chart with its spines
    hidden, two legend rows, multi-line small tick labels, a dark ink."""
    return [
        lambda: charts.downtime_per_day_svg(
            ["2026-08-01", "2026-08-02"], [None, None], [0.0, 0.0], ["no-data"] * 2, [[], []]
        ),
        lambda: charts.response_time_svg([], [], []),
        lambda: charts.allowance_svg([], [], 1.0, period_start="2026-08-01", period_days=3),
        lambda: charts.support_attainment_svg(
            [dataclasses.replace(g, channel=f"channel-{n}") for n, g in enumerate(groups() * 3)]
        ),
        lambda: charts.downtime_per_day_svg(
            ["2026-08-01"], [1.4], [0.0], ["partial"], [[]], ink="#e8e8e8"
        ),
        lambda: charts.response_time_svg(*hourly(), tz=TZ, size=(7.0, 2.5)),
        # a title with mathtext: drawn by the axes' own left title, not chart_text.Title
        lambda: charts.response_time_svg(*hourly(), tz=TZ, title="Latency of $x_1$"),
    ]


def test_a_chart_is_the_same_drawn_first_or_after_others() -> None:
    fresh_frames()
    first = all_charts()
    for draw in others():
        draw()
    assert all_charts() == first
    for name in first:  # each one alone, right after every other kind of chart
        for draw in others():
            fresh_frames()
            draw()
            assert all_charts()[name] == first[name], name


def test_reverse_order_same_bytes() -> None:
    fresh_frames()
    forward = all_charts()
    for draw in reversed(others()):
        draw()
    assert dict(reversed(list(all_charts().items()))) == forward


def test_threads_draw_one_chart_at_a_time() -> None:
    fresh_frames()
    expected = all_charts()
    results: list[dict[str, str]] = []
    threads = [threading.Thread(target=lambda: results.append(all_charts())) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 3


def test_automatic_y_ticks_are_round_and_within_the_limits() -> None:
    starts, p50, p95 = hourly()
    labels = texts(charts.response_time_svg(starts, p50, p95, tz=TZ))
    assert "ms" in labels
    # p95 tops out at 296 ms: the axis runs to 296 x 1.12, ticks every 50 ms from 0
    assert [t for t in labels if t.isdigit()][:7] == ["0", "50", "100", "150", "200", "250", "300"]


@pytest.mark.parametrize(
    ("step", "decimals"), [(50.0, 0), (2.5, 1), (0.25, 2), (0.1, 1), (1.0, 0), (0.005, 3)]
)
def test_tick_labels_show_every_step_exactly(step: float, decimals: int) -> None:
    assert chart_frame.step_decimals(step) == decimals


def test_text_width_is_dejavu_sans() -> None:
    # DejaVu Sans digits are 0.636 em wide
    assert chart_frame.text_width("0000", 10) == pytest.approx(4 * 6.36, abs=0.05)
    assert chart_frame.text_width("100.0%") > chart_frame.text_width("99%")


def test_a_mathtext_title_is_left_to_matplotlib() -> None:
    svg = charts.response_time_svg(*hourly(), tz=TZ, title="Latency of $x_1$")
    # matplotlib writes a mathtext as its source in a comment and its glyphs as text
    assert "<!-- Latency of $x_1$ -->" in svg
    assert svg.count("<!-- Latency of") == 1
