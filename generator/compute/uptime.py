"""Uptime timelines: from checks to location, monitor, component and service states.

The rules (the README's "How uptime is computed"):

* A sample's state holds until the next sample of the same monitor and location, but at most
  ``max_gap``; beyond that there is no data. State intervals say their state outright.
  Where a sample and an interval disagree, down wins (the conservative reading for clients).
* A monitor is down while at least ``quorum`` of its locations are down; it is up while it
  is not down and at least one location is up; otherwise there is no data (e.g. one location
  down, the other silent: unconfirmed).
* A component is down while any of its monitors is down, up while not down and any is up.
* A monitor with a latency threshold is slow while the status would show it slow
  (compute/latency.py); a component is slow while any of its monitors is. Slow time while
  up is degraded performance: never downtime, counted apart.

An outage therefore runs from the first failed check to the first successful one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from generator.compute.intervals import (
    Intervals,
    complement,
    covered_by_at_least,
    intersect,
    normalise,
    subtract,
    union,
)
from generator.compute.latency import slow_spans
from generator.config.services import Monitor
from generator.store.probes import IntervalArrays, SampleArrays


@dataclass(frozen=True)
class Timeline:
    """States over the window [lo, hi). ``down`` and ``up`` are disjoint; the rest is no data.
    ``slow``: above a latency threshold (whatever the state)."""

    lo: int
    hi: int
    down: Intervals
    up: Intervals
    slow: Intervals = field(default_factory=Intervals.empty)

    @property
    def degraded(self) -> Intervals:
        """Degraded performance: up, but slow."""
        return intersect(self.slow, self.up)

    @property
    def no_data(self) -> Intervals:
        return complement(union([self.down, self.up]), self.lo, self.hi)

    @property
    def seconds(self) -> int:
        return self.hi - self.lo


def lookback(monitor: Monitor) -> int:
    """Seconds of checks before a timeline's start that its states depend on: a check's
    state holds for up to ``max_gap``, and slowness looks back over the threshold's window."""
    return max(monitor.max_gap, monitor.degraded.window if monitor.degraded else 0)


def sample_states(
    timestamp: np.ndarray, ok: np.ndarray, max_gap: int, lo: int, hi: int
) -> tuple[Intervals, Intervals]:
    """(down, up) of one location's samples, sorted by time, clipped to [lo, hi)."""
    if len(timestamp) == 0:
        return Intervals.empty(), Intervals.empty()
    ends = np.empty_like(timestamp)
    ends[:-1] = np.minimum(timestamp[1:], timestamp[:-1] + max_gap)
    ends[-1] = timestamp[-1] + max_gap
    starts = np.maximum(timestamp, lo)
    ends = np.minimum(ends, hi)
    failed = ~ok
    return normalise(starts[failed], ends[failed]), normalise(starts[ok], ends[ok])


def interval_states(
    intervals: IntervalArrays, location: int, lo: int, hi: int
) -> tuple[Intervals, Intervals]:
    mine = intervals.location == location
    start = np.maximum(intervals.start[mine], lo)
    end = intervals.end[mine]
    end = np.where(end < 0, hi, np.minimum(end, hi))  # ongoing: until the horizon
    up = intervals.up[mine]
    return normalise(start[~up], end[~up]), normalise(start[up], end[up])


def monitor_timeline(
    monitor: Monitor, samples: SampleArrays, intervals: IntervalArrays, lo: int, hi: int
) -> Timeline:
    downs: list[Intervals] = []
    ups: list[Intervals] = []
    if len(samples):
        # samples are sorted by (location, timestamp): split into runs per location
        bounds = np.searchsorted(samples.location, np.arange(len(monitor.locations) + 1))
    for index in range(len(monitor.locations)):
        down, up = Intervals.empty(), Intervals.empty()
        if len(samples):
            a, b = int(bounds[index]), int(bounds[index + 1])
            if b > a:
                down, up = sample_states(
                    samples.timestamp[a:b], samples.ok[a:b], monitor.max_gap, lo, hi
                )
        if len(intervals):
            idown, iup = interval_states(intervals, index, lo, hi)
            down = union([down, idown])
            up = union([up, iup])
        downs.append(down)
        ups.append(subtract(up, down))
    monitor_down = covered_by_at_least(downs, monitor.quorum)
    monitor_up = subtract(union(ups), monitor_down)
    slow = Intervals.empty()
    if monitor.degraded is not None and len(samples):
        slow = slow_spans(
            samples.timestamp, samples.latency_ms, samples.ok, monitor.degraded, lo, hi
        )
    return Timeline(lo, hi, monitor_down, monitor_up, slow)


def combine_any_down(timelines: Sequence[Timeline], lo: int, hi: int) -> Timeline:
    """Down while any is down; up while none is down and any is up; slow while any is slow."""
    down = union([t.down for t in timelines])
    up = subtract(union([t.up for t in timelines]), down)
    return Timeline(lo, hi, down, up, union([t.slow for t in timelines]))
