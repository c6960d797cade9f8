"""Response-time percentiles per time bucket (hour or day) from check samples.

Only successful checks with a measured latency count: a failed check's "latency" is a
timeout or an error, not a response time. Percentiles use the nearest-rank method (the
value at rank ceil(p/100 x n) of the sorted latencies), so each figure is one observed
response time a reader can find in the records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


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
    values = latency_ms[keep].astype(np.float64)
    order = np.lexsort((values, index))
    index, values = index[order], values[order]
    counts = np.bincount(index, minlength=buckets)[:buckets]
    first = np.concatenate([[0], np.cumsum(counts)[:-1]]) if buckets else counts
    out: dict[int, list[float | None]] = {}
    for pct in pcts:
        series: list[float | None] = []
        for b in range(buckets):
            n = int(counts[b])
            series.append(
                None if n == 0 else float(values[int(first[b]) + nearest_rank(n, pct) - 1])
            )
        out[pct] = series
    return LatencySeries(
        starts=[int(e) for e in edges[:-1]], counts=[int(c) for c in counts], values=out
    )
