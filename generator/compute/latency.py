"""Response-time percentiles per time bucket (hour or day) from check samples.

Only successful checks with a measured latency count: a failed check's "latency" is a
timeout or an error, not a response time. Percentiles use the nearest-rank method (the
value at rank ceil(p/100 x n) of the sorted latencies), so each figure is one observed
response time a reader can find in the records.

The degraded-performance rule lives here too, once: a monitor with a latency threshold is
slow while the threshold's percentile of its successful checks over the trailing window is
above ``latency_ms`` (:func:`window_latency`, :func:`is_slow`); :func:`slow_spans` is the
same rule applied to every second of a span, for the report's degraded time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from generator.compute.intervals import Intervals, normalise
from generator.config.services import LatencyThreshold


@dataclass(frozen=True)
class LatencySeries:
    starts: list[int]  # bucket starts
    counts: list[int]  # checks in each bucket
    values: dict[int, list[float | None]]  # percentile -> value per bucket (None: no checks)


def nearest_rank(count: int, pct: int) -> int:
    """1-based rank of the ``pct``-th percentile among ``count`` sorted values."""
    return max(1, -(-pct * count // 100))


def percentiles(
    timestamp: npt.NDArray[np.int64],
    latency_ms: npt.NDArray[np.floating],
    ok: npt.NDArray[np.bool_],
    edges: npt.ArrayLike,
    pcts: Sequence[int] = (50, 95),
) -> LatencySeries:
    edges = np.asarray(edges, dtype=np.int64)
    buckets = max(len(edges) - 1, 0)
    index = np.searchsorted(edges, timestamp, side="right") - 1
    keep = ok & ~np.isnan(latency_ms) & (index >= 0) & (index < buckets)
    index = index[keep]
    values = _sorted_by_bucket(index, latency_ms[keep])
    counts = np.bincount(index, minlength=buckets)[:buckets]
    first = np.cumsum(counts) - counts  # where each bucket's values begin
    present = counts.tolist()
    out: dict[int, list[float | None]] = {}
    for pct in pcts:
        rank = np.maximum(1, -(-pct * counts // 100))  # nearest_rank, per bucket
        at = np.minimum(first + rank - 1, max(len(values) - 1, 0))
        picked = values[at].tolist() if len(values) else [0.0] * buckets
        out[pct] = [None if n == 0 else v for n, v in zip(present, picked, strict=True)]
    return LatencySeries(starts=edges[:-1].tolist(), counts=present, values=out)


def _sorted_by_bucket(
    index: npt.NDArray[np.int64], values: npt.NDArray[np.floating]
) -> npt.NDArray[np.float64]:
    """The values as float64, ordered by bucket and within a bucket by value. Float32
    values with no sign bit set (the store's latencies) order as their bit patterns do, so
    one sort of bucket and bits together does it; anything else is sorted by both keys."""
    if values.dtype == np.float32 and not np.signbit(values).any():
        key = (index.astype(np.uint64) << np.uint64(32)) | values.view(np.uint32)
        key.sort()
        bits = (key & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        return bits.view(np.float32).astype(np.float64)
    ordered = values.astype(np.float64)
    return ordered[np.lexsort((ordered, index))]


def window_latency(
    timestamp: npt.NDArray[np.int64],
    latency_ms: npt.NDArray[np.floating],
    ok: npt.NDArray[np.bool_],
    threshold: LatencyThreshold,
    now: int,
) -> float | None:
    """The threshold's percentile of successful checks' latency in [now - window, now), or
    None without such checks (no data is not slowness)."""
    keep = (timestamp >= now - threshold.window) & (timestamp < now) & ok & ~np.isnan(latency_ms)
    values = np.sort(latency_ms[keep].astype(np.float64))
    if not len(values):
        return None
    return float(values[nearest_rank(len(values), threshold.percentile) - 1])


def is_slow(value: float | None, threshold: LatencyThreshold) -> bool:
    """Whether a :func:`window_latency` figure is degraded performance."""
    return value is not None and value > threshold.latency_ms


def slow_spans(
    timestamp: npt.NDArray[np.int64],
    latency_ms: npt.NDArray[np.floating],
    ok: npt.NDArray[np.bool_],
    threshold: LatencyThreshold,
    lo: int,
    hi: int,
) -> Intervals:
    """The seconds of [lo, hi) during which the monitor is slow: second ``t`` is slow when
    ``is_slow(window_latency(..., now=t + 1))``, the status shown at the end of that second.

    Evaluated only where the window's checks change (a check enters the window at its own
    second and leaves it ``window`` seconds later), and by counting instead of sorting: the
    nearest-rank percentile, the k-th smallest of n latencies, is above the threshold
    exactly when fewer than k of them are at or below it.
    """
    keep = ok & ~np.isnan(latency_ms)
    order = np.argsort(timestamp[keep], kind="stable")
    times = timestamp[keep][order].astype(np.int64)
    if not len(times) or hi <= lo:
        return Intervals.empty()
    above = latency_ms[keep][order] > threshold.latency_ms
    above_before = np.concatenate([[0], np.cumsum(above)])  # above among the first i
    points = np.sort(np.concatenate([[lo], times, times + threshold.window]))
    points = points[(points >= lo) & (points < hi)]
    points = points[np.concatenate([[True], points[1:] != points[:-1]])]  # np.unique, faster
    first = np.searchsorted(times, points - threshold.window, side="right")  # time > t - window
    last = np.searchsorted(times, points, side="right")  # time <= t
    count = last - first
    at_or_below = count - (above_before[last] - above_before[first])
    rank = np.maximum(1, -(-threshold.percentile * count // 100))  # nearest_rank, per point
    slow = (count > 0) & (at_or_below < rank)
    ends = np.append(points[1:], hi)
    return normalise(points[slow], ends[slow])
