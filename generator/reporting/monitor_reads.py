"""What the site reads of each monitor's records, and its reuse by the next build of the
same process while the monitor's inputs are unchanged.

A build reads every monitor's records over the site's span (the running period and the
last 90 days) into its timeline, freshness and latency. A rebuild after one new probe line
(``serve``, a benchmark's rounds) changes one monitor's running partition, so the other
monitors' reads, their components' response-time percentiles and their first records are
kept from the build before and used again when every input is the same:

- the partitions read, by the digest the columnar cache knows them by
  (:func:`generator.store.cache.partition_digest`, as a kept report's key has them), the
  months or listing that decide which partitions are read, and which are absent;
- the monitor's whole definition, the span (its start and the as-of time), the recent
  days' start and the percentiles' bucket edges;
- and what was read: a result is keyed by the partitions its reading took and the digests
  of the very bytes it took (:func:`generator.store.cache.recording`), and a later build
  uses it only when the partitions it would read now (listed as the reading lists them)
  are those, with those digests; so a partition changed, added or removed while it was
  read is never vouched for. A first record's reading reads the months its listing names
  first, so that listing is made before it and must agree with what it read.

A rebuild's span starts later than a cold build's (its closed periods' reports are kept):
the cold build's reads serve it clipped (:meth:`ComponentRead.since`), once every partition
the cold build read is found unchanged.

A monitor with compacted runs is never kept (a run's end is found in whichever month holds
the next check). Only the last build's results are held, per cache directory, in memory:
statusgen's code cannot change under a running process, and a new process starts empty.
"""

from __future__ import annotations

import functools
import os
import threading
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from generator.compute.latency import LatencySeries, percentiles, window_latency
from generator.compute.status import Freshness, newest_record, ongoing_state
from generator.compute.uptime import Timeline, lookback, monitor_timeline
from generator.config.services import Monitor, Services
from generator.store import cache
from generator.store.concurrent import in_order
from generator.store.layout import DataDir
from generator.store.probes import load_intervals, load_samples, month_of, months_overlapping


@dataclass(frozen=True)
class MonitorRead:
    """What the site needs of one monitor's records: none of its samples but the recent."""

    timeline: Timeline
    freshness: Freshness
    slow_latency: float | None  # its degraded-threshold percentile (None without one)
    recent: tuple[np.ndarray, np.ndarray, np.ndarray] | None  # the bars' days' latencies


def read_monitor(
    data: DataDir, monitor: Monitor, lo: int, hi: int, recent_from: int
) -> MonitorRead:
    """One monitor's timeline over [lo, hi) and the figures the status takes from its
    samples (run for several monitors at once: :mod:`generator.store.concurrent`)."""
    samples = load_samples(data, monitor, lo - lookback(monitor), hi)
    intervals = load_intervals(data, monitor, hi)
    slow = None
    if monitor.degraded is not None:
        slow = window_latency(
            samples.timestamp, samples.latency_ms, samples.ok, monitor.degraded, hi
        )
    recent = samples.timestamp >= recent_from
    shown = None
    if recent.any() and not np.isnan(samples.latency_ms[recent]).all():
        shown = (samples.timestamp[recent], samples.latency_ms[recent], samples.ok[recent])
    return MonitorRead(
        timeline=monitor_timeline(monitor, samples, intervals, lo, hi),
        freshness=Freshness(
            monitor=monitor.id,
            component=monitor.component,
            newest=newest_record(samples.timestamp, intervals.start, intervals.end, hi),
            interval=monitor.interval,
            max_gap=monitor.max_gap,
            ongoing=ongoing_state(intervals.start, intervals.end, hi),
        ),
        slow_latency=slow,
        recent=shown,
    )


def first_of_monitor(data: DataDir, monitor: Monitor, as_of: int) -> list[int]:
    """The earliest check in the first 32 days of the monitor's first stored month, and its
    earliest state interval."""
    starts = []
    months = sorted((data.samples_dir / monitor.id).glob("*.csv"))
    if months:
        lo = _month_start(months[0].stem)
        samples = load_samples(data, monitor, lo, lo + 32 * 86400)
        if len(samples):
            starts.append(int(samples.timestamp.min()))
    intervals = load_intervals(data, monitor, as_of + 1)
    if len(intervals):
        starts.append(int(intervals.start.min()))
    return starts


def _month_start(name: str) -> int:
    """The start (UTC) of the month a partition's name (``2026-08`` or ``2026-08.csv``)
    stands for."""
    return int(datetime(int(name[:4]), int(name[5:7]), 1, tzinfo=UTC).timestamp())


def first_records(data: DataDir, monitors: list[Monitor], as_of: int, kept: Kept) -> list[int]:
    """Every monitor's first records (:func:`first_of_monitor`): ``kept``'s build before's
    where their inputs are unchanged, the others read on the store's threads, and kept in
    turn when their reading read exactly the partitions listed before it."""
    found = [kept.first(data, m, as_of) for m in monitors]

    def first(monitor: Monitor) -> list[int]:
        inputs = first_inputs(data, monitor, as_of)
        with cache.recording() as reads:
            starts = first_of_monitor(data, monitor, as_of)
        key = inputs.key_of(reads) if inputs is not None else None
        if key is not None:
            kept.firsts[monitor.id] = (key, starts)
        return starts

    missing = [m for m, known in zip(monitors, found, strict=True) if known is None]
    read = iter(list(in_order(first, missing)))  # to its end: its threads stop there
    starts: list[int] = []
    for known in found:
        starts.extend(known if known is not None else next(read))
    return starts


@dataclass(frozen=True)
class MonitorKey:
    """What one reading of a monitor's records is a function of; equal keys, equal
    results."""

    inputs: tuple[Any, ...]  # compared by equality (a monitor's check is a dict)
    partitions: dict[str, str]  # path in the data directory -> digest of its bytes


@dataclass(frozen=True)
class Inputs:
    """A reading's inputs but the partitions' bytes: ``fixed``, and the partitions it
    reads (those present when listed, as the reading lists them)."""

    root: Path  # the data directory
    fixed: tuple[Any, ...]
    partitions: dict[str, str]  # path in the data directory -> the partition's path

    def key_now(self) -> MonitorKey | None:
        """The key of a reading made now (each partition's digest as the columnar cache
        knows it: :func:`generator.store.cache.partition_digest`), or None when one
        cannot be read."""
        digests = {}
        for relative, path in self.partitions.items():
            try:
                digests[relative] = cache.partition_digest(self.root, path)
            except OSError:  # gone since it was listed, or unreadable: the reading says
                return None
        return MonitorKey(self.fixed, digests)

    def key_of(self, reads: dict[str, str]) -> MonitorKey | None:
        """The key of the reading that took ``reads`` (:func:`generator.store.cache.
        recording`) after these inputs were listed: the partitions it was made of, when
        they are exactly the listed ones; None otherwise (one appeared or went
        meanwhile, and the listing, which decides what is read, may not be the
        reading's)."""
        if reads.keys() != self.partitions.keys():
            return None
        return MonitorKey(self.fixed, dict(reads))


def read_inputs(
    data: DataDir, monitor: Monitor, lo: int, hi: int, recent_from: int
) -> Inputs | None:
    """The inputs of :func:`read_monitor`; None for a monitor with compacted runs."""
    samples, intervals, runs = partition_directories(data, monitor.id)
    months = months_overlapping(lo - lookback(monitor), hi)
    found = _present(samples, [f"{m}.csv" for m in months])
    stored = _interval_partitions(intervals, runs, hi)
    if stored is None:
        return None
    return Inputs(data.root, (monitor, lo, hi, recent_from), {**found, **stored})


def first_inputs(data: DataDir, monitor: Monitor, as_of: int) -> Inputs | None:
    """The inputs of :func:`first_of_monitor`; None for a monitor with compacted runs."""
    samples, intervals, runs = partition_directories(data, monitor.id)
    months = _listing(samples[0])
    names = []
    if months:
        lo = _month_start(months[0])
        names = [f"{m}.csv" for m in months_overlapping(lo, lo + 32 * 86400)]
    found = _present(samples, names)
    stored = _interval_partitions(intervals, runs, as_of + 1)
    if stored is None:
        return None
    first = months[0] if months else None
    return Inputs(data.root, (monitor, as_of, first), {**found, **stored})


_Directory = tuple[str, str]  # a directory's path, and its path in the data directory


@functools.lru_cache(maxsize=4096)
def partition_directories(
    data: DataDir, monitor_id: str
) -> tuple[_Directory, _Directory, _Directory]:
    """The monitor's samples, intervals and runs directories, each with its path in the
    data directory, worked out once (as strings: a rebuild names hundreds of partitions,
    its reads and its kept reports' keys each)."""
    found = []
    for kind in (data.samples_dir, data.intervals_dir, data.runs_dir):
        directory = kind / monitor_id
        found.append((os.fspath(directory), directory.relative_to(data.root).as_posix()))
    return found[0], found[1], found[2]


def _listing(directory: str) -> list[str]:
    """The names ``glob("*.csv")`` finds in ``directory`` (hidden ones and directories
    too), sorted; none where it is no directory."""
    try:
        return sorted(n for n in os.listdir(directory) if n.endswith(".csv"))
    except OSError:
        return []


def _interval_partitions(intervals: _Directory, runs: _Directory, hi: int) -> dict[str, str] | None:
    """The stored state intervals :func:`load_intervals` reads (every month up to ``hi``'s,
    listed as it lists them); None for a monitor with compacted runs."""
    if _listing(runs[0]):
        return None
    last = month_of(hi - 1)
    return _present(intervals, [n for n in _listing(intervals[0]) if n[: -len(".csv")] <= last])


def _present(directory: _Directory, names: list[str]) -> dict[str, str]:
    """Each of ``names`` in ``directory`` that exists, by its path in the data directory."""
    path, inside = directory
    found = {}
    for name in names:
        partition = os.path.join(path, name)
        if os.path.exists(partition):
            found[f"{inside}/{name}"] = partition
    return found


@dataclass(frozen=True)
class ComponentRead:
    """One component's monitors' reads over [lo, as-of) and its response-time percentiles."""

    lo: int
    key: tuple[Any, ...] | None  # its inputs (:func:`component_key`); None: not kept
    monitors: dict[str, MonitorRead]  # by monitor id, without their recent samples
    hourly: LatencySeries | None
    daily: LatencySeries | None

    def since(self, lo: int, key: tuple[Any, ...] | None) -> ComponentRead:
        """The same reads over [lo, as-of), ``lo`` not before this one's: a timeline's
        states at a time depend only on the checks within ``lookback`` before it (a check
        holds its state for at most ``max_gap``, slowness looks back over its window), and
        the reading of a later span reads every one of them, so the later span's timeline
        is this one's clipped, interval for interval (:class:`Intervals` are normalised).
        Freshness, slowness now and the recent days' latencies do not depend on ``lo``."""
        if lo == self.lo:
            return self
        monitors = {}
        for monitor_id, read in self.monitors.items():
            t = read.timeline
            timeline = Timeline(
                lo, t.hi, t.down.clip(lo, t.hi), t.up.clip(lo, t.hi), t.slow.clip(lo, t.hi)
            )
            monitors[monitor_id] = replace(read, timeline=timeline)
        return replace(self, lo=lo, key=key, monitors=monitors)


def component_key(
    data: DataDir, monitors: list[Monitor], span: tuple[int, int], recent_from: int, edges: Any
) -> tuple[Any, ...] | None:
    """The key of a component's reads and percentiles made now: its monitors' keys
    (:func:`read_inputs`) and the percentiles' bucket edges; None when one has none."""
    keys = []
    for monitor in monitors:
        inputs = read_inputs(data, monitor, span[0], span[1], recent_from)
        key = inputs.key_now() if inputs is not None else None
        if key is None:
            return None
        keys.append(key)
    return (edges, tuple(keys))


class Kept:
    """The reads a build made, kept for the next build of this process (see the module's
    docstring)."""

    def __init__(self, previous: Kept | None) -> None:
        self._previous = previous
        self.components: dict[str, ComponentRead] = {}
        self.firsts: dict[str, tuple[MonitorKey, list[int]]] = {}
        self.reused: list[str] = []  # components whose reads were kept

    def component(
        self,
        data: DataDir,
        component_id: str,
        monitors: list[Monitor],
        span: tuple[int, int],
        recent_from: int,
        edges: Any,
    ) -> ComponentRead | None:
        """The build before's reads of the component over ``span`` when every input of
        them is unchanged: those of a span starting as early or earlier (a cold build's
        starts at the first period, a rebuild's at the running one)."""
        kept = self._previous.components.get(component_id) if self._previous else None
        if kept is None or kept.key is None or kept.lo > span[0]:
            return None
        if kept.key[0] != edges:  # another as-of time (serve without --as-of): no digests
            return None
        if kept.key != component_key(data, monitors, (kept.lo, span[1]), recent_from, edges):
            return None
        if kept.lo < span[0]:
            kept = kept.since(span[0], component_key(data, monitors, span, recent_from, edges))
        if kept.key is not None:
            self.components[component_id] = kept
        self.reused.append(component_id)
        return kept

    def let_go(self) -> None:
        """Let go of the build before's reads (what is used again of them is held here)."""
        self._previous = None

    def first(self, data: DataDir, monitor: Monitor, as_of: int) -> list[int] | None:
        """The build before's first records of the monitor, when its inputs are unchanged."""
        kept = self._previous.firsts.get(monitor.id) if self._previous else None
        if kept is None:
            return None
        inputs = first_inputs(data, monitor, as_of)
        if inputs is None or kept[0].inputs != inputs.fixed or kept[0] != inputs.key_now():
            return None
        self.firsts[monitor.id] = kept
        return kept[1]


def read_components(
    data: DataDir,
    services: Services,
    kept: Kept,
    span: tuple[int, int],
    recent_from: int,
    hours: np.ndarray,
    days: np.ndarray,
) -> dict[str, ComponentRead]:
    """Every component's monitors' reads over ``span`` and its response-time percentiles
    (by the hour for the last days, by the day for the bars' days): ``kept``'s from the
    build before where every input is unchanged, the others read on the store's threads
    (:mod:`generator.store.concurrent`), and kept in turn when their reading read exactly
    the partitions listed before it."""
    lo, hi = span
    edges = (hours.tobytes(), np.asarray(days, dtype=np.int64).tobytes())
    monitors = list(services.monitors.values())
    members: dict[str, list[Monitor]] = defaultdict(list)
    for monitor in monitors:
        members[monitor.component].append(monitor)
    found: dict[str, ComponentRead] = {}
    for component_id, mine in members.items():
        kept_read = kept.component(data, component_id, mine, span, recent_from, edges)
        if kept_read is not None:
            found[component_id] = kept_read
    missing = [m for m in monitors if m.component not in found]

    def read(monitor: Monitor) -> tuple[MonitorRead, MonitorKey | None]:
        with cache.recording() as reads:
            result = read_monitor(data, monitor, lo, hi, recent_from)
        # keyed by what it read: a later build lists the partitions it would read then
        # (read_inputs), and only the very same ones with the same digests are this key
        return result, MonitorKey((monitor, lo, hi, recent_from), reads)

    reads: dict[str, list[tuple[Monitor, MonitorRead, MonitorKey | None]]] = defaultdict(list)
    for monitor, (result, key) in zip(missing, in_order(read, missing), strict=True):
        reads[monitor.component].append((monitor, result, key))
    for component_id, made in reads.items():
        series = [r.recent for _, r, _ in made if r.recent is not None]
        hourly = daily = None
        if series:
            ts = np.concatenate([s[0] for s in series])
            lat = np.concatenate([s[1] for s in series])
            ok = np.concatenate([s[2] for s in series])
            hourly = percentiles(ts, lat, ok, hours)
            daily = percentiles(ts, lat, ok, days)
        keys = [key for _, _, key in made]
        found[component_id] = read_now = ComponentRead(
            lo=lo,
            key=None if None in keys else (edges, tuple(keys)),
            monitors={m.id: replace(r, recent=None) for m, r, _ in made},
            hourly=hourly,
            daily=daily,
        )
        if read_now.key is not None:
            kept.components[component_id] = read_now
    return found


_kept: dict[str, Kept] = {}
_kept_lock = threading.Lock()


def start_reads(data: DataDir) -> Kept:
    """A new :class:`Kept` for a build of ``data``, holding the last one's results."""
    where = str(cache.cache_root(data.root))
    with _kept_lock:
        return Kept(_kept.get(where))


def keep_reads(data: DataDir, kept: Kept) -> None:
    """``kept`` is what the next build of ``data`` may use (it replaces the build before,
    which it lets go of: ``serve`` would otherwise hold every build's reads)."""
    kept.let_go()
    where = str(cache.cache_root(data.root))
    with _kept_lock:
        _kept[where] = kept


def forget_reads() -> None:
    """Let go of every build's kept reads: the next build of this process reads every
    monitor again, as a new process does (a benchmark's cold build)."""
    with _kept_lock:
        _kept.clear()
