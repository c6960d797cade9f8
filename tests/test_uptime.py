"""From checks to states: max_gap, quorum, state intervals, components (hand-worked)."""

from __future__ import annotations

import numpy as np

from generator.compute.intervals import Intervals
from generator.compute.uptime import combine_any_down, monitor_timeline, sample_states
from generator.config.services import Monitor
from generator.store.probes import IntervalArrays, SampleArrays

T0 = 1_780_000_000  # any instant; all times below are offsets in seconds


def monitor(
    locations: tuple[str, ...] = ("a", "b"), quorum: int = 2, interval: int = 300
) -> Monitor:
    return Monitor("m", "m", "c", interval, locations, quorum, 3 * interval)


def samples(*rows: tuple[int, int, bool]) -> SampleArrays:
    """(location index, offset, ok) rows."""
    rows = tuple(sorted(rows))
    return SampleArrays(
        np.array([T0 + r[1] for r in rows], dtype=np.int64),
        np.array([r[0] for r in rows], dtype=np.int16),
        np.array([r[2] for r in rows], dtype=bool),
        np.full(len(rows), np.nan, dtype=np.float32),
    )


def rel(intervals: Intervals) -> list[tuple[int, int]]:
    return [(s - T0, e - T0) for s, e in intervals]


def test_an_outage_runs_from_the_first_failed_check_to_the_first_successful_one() -> None:
    t = np.array([0, 300, 600, 900, 1200], dtype=np.int64) + T0
    ok = np.array([True, False, False, True, True])
    down, up = sample_states(t, ok, 900, T0, T0 + 1500)
    assert rel(down) == [(300, 900)]
    assert rel(up) == [(0, 300), (900, 1500)]


def test_a_result_holds_at_most_max_gap_then_there_is_no_data() -> None:
    t = np.array([0, 2000], dtype=np.int64) + T0
    ok = np.array([False, True])
    down, up = sample_states(t, ok, 900, T0, T0 + 2600)
    assert rel(down) == [(0, 900)]  # not until 2000: the prober went silent
    assert rel(up) == [(2000, 2600)]


def test_a_sample_before_the_window_carries_into_it_and_everything_is_clipped() -> None:
    t = np.array([-200, 400], dtype=np.int64) + T0
    ok = np.array([False, True])
    down, _ = sample_states(t, ok, 900, T0, T0 + 300)
    assert rel(down) == [(0, 300)]


def test_quorum_two_needs_both_locations_down_at_once() -> None:
    # a fails 300-900, b fails 600-1200 (b checks at 150 s offsets): down only 600-900
    s = samples(
        (0, 0, True),
        (0, 300, False),
        (0, 600, False),
        (0, 900, True),
        (0, 1200, True),
        (1, 0, True),
        (1, 300, True),
        (1, 600, False),
        (1, 900, False),
        (1, 1200, True),
    )
    timeline = monitor_timeline(monitor(), s, IntervalArrays.empty(), T0, T0 + 1500)
    assert rel(timeline.down) == [(600, 900)]
    assert timeline.down.total() + timeline.up.total() == 1500


def test_one_location_down_and_the_other_silent_is_unconfirmed_no_data() -> None:
    s = samples((0, 0, False), (0, 300, False), (0, 600, True))
    timeline = monitor_timeline(monitor(), s, IntervalArrays.empty(), T0, T0 + 900)
    assert timeline.down.total() == 0
    assert rel(timeline.no_data) == [(0, 600)]
    assert rel(timeline.up) == [(600, 900)]


def test_quorum_one_takes_any_location() -> None:
    s = samples((0, 0, True), (0, 300, True), (1, 0, True), (1, 300, False), (1, 600, True))
    timeline = monitor_timeline(monitor(quorum=1), s, IntervalArrays.empty(), T0, T0 + 900)
    assert rel(timeline.down) == [(300, 600)]


def test_state_intervals_stand_beside_samples_and_down_wins() -> None:
    s = samples((0, 0, True), (0, 300, True), (0, 600, True))
    intervals = IntervalArrays(
        start=np.array([T0 + 100, T0 + 700], dtype=np.int64),
        end=np.array([T0 + 160, -1], dtype=np.int64),  # second one ongoing
        location=np.array([0, 0], dtype=np.int16),
        up=np.array([False, False]),
    )
    m = monitor(locations=("a",), quorum=1)
    timeline = monitor_timeline(m, s, intervals, T0, T0 + 1000)
    assert rel(timeline.down) == [(100, 160), (700, 1000)]  # ongoing: until the horizon


def test_a_component_is_down_while_any_monitor_is_down() -> None:
    lo, hi = T0, T0 + 1000
    a = combine_any_down
    from generator.compute.uptime import Timeline

    one = Timeline(
        lo, hi, Intervals.of([(T0 + 100, T0 + 200)]), Intervals.of([(T0, T0 + 100), (T0 + 200, hi)])
    )
    two = Timeline(
        lo,
        hi,
        Intervals.of([(T0 + 150, T0 + 300)]),
        Intervals.of([(T0, T0 + 150), (T0 + 300, T0 + 500)]),
    )
    component = a([one, two], lo, hi)
    assert rel(component.down) == [(100, 300)]
    assert rel(component.up) == [(0, 100), (300, 1000)]
    assert component.no_data.total() == 0
