"""Interval arithmetic: hand-worked cases and properties over random interval sets."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from generator.compute.intervals import (
    Intervals,
    clip,
    complement,
    covered_by_at_least,
    intersect,
    normalise,
    per_bucket,
    subtract,
    union,
)


def iv(*pairs: tuple[int, int]) -> Intervals:
    return Intervals.of(pairs)


def test_normalise_sorts_merges_overlapping_and_touching_and_drops_empty() -> None:
    got = normalise([30, 0, 5, 10, 50], [40, 10, 8, 20, 50])
    assert got.pairs() == [(0, 20), (30, 40)]


def test_union_intersection_difference() -> None:
    a = iv((0, 10), (20, 30))
    b = iv((5, 25))
    assert union([a, b]).pairs() == [(0, 30)]
    assert intersect(a, b).pairs() == [(5, 10), (20, 25)]
    assert subtract(a, b).pairs() == [(0, 5), (25, 30)]
    assert subtract(b, a).pairs() == [(10, 20)]
    assert complement(a, -5, 35).pairs() == [(-5, 0), (10, 20), (30, 35)]


def test_at_least_k_of_n_is_a_quorum() -> None:
    a = iv((0, 10), (20, 30))
    b = iv((5, 25))
    c = iv((8, 22))
    # 5-8: a,b; 8-10: a,b,c; 10-20: b,c; 20-22: a,b,c; 22-25: a,b
    assert covered_by_at_least([a, b, c], 2).pairs() == [(5, 25)]
    assert covered_by_at_least([a, b, c], 3).pairs() == [(8, 10), (20, 22)]
    assert covered_by_at_least([a, b, c], 1).pairs() == [(0, 30)]


def test_clip_and_per_bucket() -> None:
    a = iv((0, 10), (20, 30))
    assert clip(a, 5, 25).pairs() == [(5, 10), (20, 25)]
    assert per_bucket(a, [0, 5, 15, 25, 40]).tolist() == [5, 5, 5, 5]
    assert per_bucket(Intervals.empty(), [0, 10]).tolist() == [0]


pairs = st.lists(
    st.tuples(st.integers(-1000, 1000), st.integers(0, 300)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=25,
)
sets = pairs.map(Intervals.of)


@given(sets)
def test_normalised_form_is_sorted_disjoint_and_nonempty(a: Intervals) -> None:
    assert (a.end > a.start).all()
    assert (a.start[1:] > a.end[:-1]).all()


@given(st.lists(sets, min_size=1, max_size=5))
def test_union_is_at_most_the_sum_of_its_parts_and_idempotent(parts: list[Intervals]) -> None:
    whole = union(parts)
    assert whole.total() <= sum(p.total() for p in parts)
    assert whole.total() >= max(p.total() for p in parts)
    assert union([whole, *parts]).pairs() == whole.pairs()


@given(sets, sets)
def test_inclusion_exclusion(a: Intervals, b: Intervals) -> None:
    assert union([a, b]).total() == a.total() + b.total() - intersect(a, b).total()
    assert subtract(a, b).total() == a.total() - intersect(a, b).total()
    assert subtract(a, b).total() >= 0


@given(sets, st.integers(-1200, 1200), st.integers(0, 2500))
def test_clipped_downtime_is_never_negative_nor_above_the_window(
    a: Intervals, lo: int, length: int
) -> None:
    hi = lo + length
    clipped = clip(a, lo, hi)
    assert 0 <= clipped.total() <= length
    assert clipped.total() + clip(complement(a, lo, hi), lo, hi).total() == length


@given(sets, st.lists(st.integers(-1500, 1500), min_size=2, max_size=8, unique=True))
def test_splitting_a_span_across_adjacent_periods_adds_back_up(
    a: Intervals, cuts: list[int]
) -> None:
    edges = sorted(cuts)
    pieces = [clip(a, lo, hi).total() for lo, hi in itertools.pairwise(edges)]
    assert sum(pieces) == clip(a, edges[0], edges[-1]).total()
    assert per_bucket(a, np.asarray(edges)).tolist() == pieces


@given(st.lists(sets, min_size=1, max_size=4), st.integers(1, 4))
def test_a_higher_quorum_is_never_more_down(parts: list[Intervals], k: int) -> None:
    low = covered_by_at_least(parts, k)
    high = covered_by_at_least(parts, k + 1)
    assert subtract(high, low).total() == 0
