"""Sets of half-open time intervals ``[start, end)`` held as numpy arrays.

An :class:`Intervals` is always normalised: sorted, non-empty, non-overlapping and not
touching (touching intervals are merged). All operations are vectorised, because a year of
one-minute samples for a monitor becomes hundreds of thousands of segments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Intervals:
    start: I64
    end: I64

    @staticmethod
    def empty() -> Intervals:
        return Intervals(np.empty(0, np.int64), np.empty(0, np.int64))

    @staticmethod
    def of(pairs: Iterable[tuple[int, int]]) -> Intervals:
        pairs = list(pairs)
        if not pairs:
            return Intervals.empty()
        array = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        return normalise(array[:, 0], array[:, 1])

    def __len__(self) -> int:
        return len(self.start)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return zip(self.start.tolist(), self.end.tolist(), strict=True)

    def total(self) -> int:
        """Covered seconds."""
        return int((self.end - self.start).sum())

    def pairs(self) -> list[tuple[int, int]]:
        return list(zip(self.start.tolist(), self.end.tolist(), strict=True))

    def clip(self, lo: int, hi: int) -> Intervals:
        return clip(self, lo, hi)

    def __or__(self, other: Intervals) -> Intervals:
        return union([self, other])

    def __and__(self, other: Intervals) -> Intervals:
        return intersect(self, other)

    def __sub__(self, other: Intervals) -> Intervals:
        return subtract(self, other)


def normalise(start: npt.ArrayLike, end: npt.ArrayLike) -> Intervals:
    """Sort, drop empty intervals, merge overlapping and touching ones."""
    s = np.asarray(start, dtype=np.int64)
    e = np.asarray(end, dtype=np.int64)
    keep = e > s
    if not keep.all():
        s, e = s[keep], e[keep]
    if len(s) == 0:
        return Intervals.empty()
    if len(s) > 1 and not (s[1:] >= s[:-1]).all():
        order = np.argsort(s, kind="stable")
        s, e = s[order], e[order]
    reach = np.maximum.accumulate(e)
    begins = np.empty(len(s), dtype=bool)
    begins[0] = True
    begins[1:] = s[1:] > reach[:-1]
    first = np.flatnonzero(begins)
    return Intervals(s[first], np.maximum.reduceat(e, first))


def covered_by_at_least(sets: Sequence[Intervals], count: int) -> Intervals:
    """Where at least ``count`` of the (each normalised) ``sets`` overlap.

    ``count=1`` is the union, ``count=len(sets)`` the intersection, anything between is a
    quorum ("at least 2 of 3 locations are down").
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    sets = [s for s in sets if len(s)]
    if len(sets) < count:
        return Intervals.empty()
    if len(sets) == 1:
        return sets[0]
    times = np.concatenate([x for s in sets for x in (s.start, s.end)])
    deltas = np.concatenate(
        [x for s in sets for x in (np.ones(len(s), np.int64), -np.ones(len(s), np.int64))]
    )
    unique, inverse = np.unique(times, return_inverse=True)
    net = np.bincount(inverse, weights=deltas, minlength=len(unique)).astype(np.int64)
    depth = np.cumsum(net)
    on = depth[:-1] >= count
    return normalise(unique[:-1][on], unique[1:][on])


def union(sets: Sequence[Intervals]) -> Intervals:
    sets = [s for s in sets if len(s)]
    if not sets:
        return Intervals.empty()
    if len(sets) == 1:
        return sets[0]
    return normalise(np.concatenate([s.start for s in sets]), np.concatenate([s.end for s in sets]))


def intersect(a: Intervals, b: Intervals) -> Intervals:
    if not len(a) or not len(b):
        return Intervals.empty()
    return covered_by_at_least([a, b], 2)


def complement(a: Intervals, lo: int, hi: int) -> Intervals:
    """[lo, hi) minus ``a``."""
    a = clip(a, lo, hi)
    starts = np.concatenate([[lo], a.end])
    ends = np.concatenate([a.start, [hi]])
    return normalise(starts, ends)


def subtract(a: Intervals, b: Intervals) -> Intervals:
    if not len(a) or not len(b):
        return a
    lo = int(min(a.start[0], b.start[0]))
    hi = int(max(a.end[-1], b.end[-1]))
    return intersect(a, complement(b, lo, hi))


def clip(a: Intervals, lo: int, hi: int) -> Intervals:
    if not len(a):
        return a
    if a.start[0] >= lo and a.end[-1] <= hi:
        return a
    first = int(np.searchsorted(a.end, lo, side="right"))
    last = int(np.searchsorted(a.start, hi, side="left"))
    s = np.maximum(a.start[first:last], lo)
    e = np.minimum(a.end[first:last], hi)
    keep = e > s
    return Intervals(s[keep], e[keep])


def total_in(a: Intervals, lo: int, hi: int) -> int:
    return clip(a, lo, hi).total()


def per_bucket(a: Intervals, edges: npt.ArrayLike) -> I64:
    """Covered seconds in each bucket ``[edges[i], edges[i+1])`` (e.g. days).

    Uses a cumulative-coverage function evaluated at the edges, so it costs
    O((n + buckets) log n) whatever the number of intervals.
    """
    edges = np.asarray(edges, dtype=np.int64)
    if not len(a):
        return np.zeros(max(len(edges) - 1, 0), dtype=np.int64)
    lengths = a.end - a.start
    cumulative = np.concatenate([[0], np.cumsum(lengths)])

    def covered_before(t: I64) -> I64:
        # intervals wholly before t, plus the part of the one containing t
        index = np.searchsorted(a.start, t, side="right")
        full = cumulative[np.maximum(index - 1, 0)]
        prev = np.maximum(index - 1, 0)
        partial = np.clip(t - a.start[prev], 0, lengths[prev])
        return np.where(index > 0, full + partial, 0)

    at = covered_before(edges)
    return np.diff(at)
