"""Exact compaction: a closed month's samples become state runs and latency hours.

A year of one-minute checks is half a million lines per monitor and location, almost all
of them saying "still up". The uptime rules need far less: a sample's state holds until the
next check at its location, at most ``max_gap`` after it. So a month of one monitor's
samples becomes, per location,

- **runs** (``data/probes/compacted/runs/<monitor>/<YYYY-MM>.csv``): the first and last
  check of each stretch of checks in one state, none further apart than ``max_gap`` (the
  longest step is kept, so a later, shorter ``max_gap`` is refused rather than misread),
  and how many checks it held. A run holds its state from its first check to the next
  check at its location, at most ``max_gap`` after its last: exactly the time its samples
  covered (:func:`generator.store.probes.compacted_intervals` reads them so);
- **latency hours** (``data/probes/compacted/latency/<monitor>/<YYYY-MM>.csv``): per UTC
  hour and location, the checks, the failed checks, the successful checks with a latency
  (``measured``) and their exact p50 and p95 (nearest rank, as
  :mod:`generator.compute.latency` ranks them).

What is lost is each check's own latency, status code and error text (git history keeps
them). Percentiles of a longer span cannot be derived exactly from hourly ones.

Only whole UTC months are compacted, under the data directory's write lock. Every month is
read and its compacted form made before anything is written; then, month by month, the
runs and the latency hours are written (each atomically, fsynced), and only then are the
samples removed. A compaction cut short leaves a month with both forms: its samples are
read, its runs ignored, so the figures are the same either way and nothing counts twice;
running ``compact`` again finishes it. Samples can no longer be added to a compacted month
or before it (:func:`generator.store.layout.compacted_through`).
"""

from __future__ import annotations

import csv
import io
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from generator.atomic import sync_directory, write_atomic
from generator.config.services import Monitor
from generator.store.csvlog import remove_temp_files
from generator.store.layout import LATENCY_HOUR_COLUMNS, RUN_COLUMNS, DataDir
from generator.store.lock import StoreError, write_lock
from generator.store.probes import SampleArrays, load_samples
from generator.timeutil import format_utc

log = logging.getLogger(__name__)

HOUR = 3600
PERCENTILES = (50, 95)


@dataclass(frozen=True)
class MonthForm:
    """One monitor's month, compacted (not yet written)."""

    monitor: str
    month: str
    samples: int
    runs: int
    hours: int
    runs_csv: bytes
    hours_csv: bytes


@dataclass
class CompactSummary:
    months: list[tuple[str, str]] = field(default_factory=list)  # (monitor, month) compacted
    samples: int = 0  # sample lines' records removed
    runs: int = 0
    hours: int = 0


def month_bounds(month: str) -> tuple[int, int]:
    """[start, end) of a UTC month ``YYYY-MM`` in seconds."""
    year, number = int(month[:4]), int(month[5:7])
    start = datetime(year, number, 1, tzinfo=UTC)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=UTC)
    return int(start.timestamp()), int(end.timestamp())


def run_edges(
    timestamp: npt.NDArray[np.int64], ok: npt.NDArray[np.bool_], max_gap: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Index of the first and last check of each run of one location's checks (sorted by
    time): a run ends where the state changes or the next check is more than ``max_gap``
    later (no data between)."""
    if len(timestamp) == 0:
        empty = np.empty(0, np.int64)
        return empty, empty
    breaks = (ok[1:] != ok[:-1]) | (np.diff(timestamp) > max_gap)
    firsts = np.concatenate([[0], np.flatnonzero(breaks) + 1]).astype(np.int64)
    lasts = np.concatenate([firsts[1:] - 1, [len(timestamp) - 1]]).astype(np.int64)
    return firsts, lasts


def _longest_steps(
    timestamp: npt.NDArray[np.int64], firsts: npt.NDArray[np.int64], lasts: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """The longest step between consecutive checks inside each run (0 for one check)."""
    out = np.zeros(len(firsts), np.int64)
    many = lasts > firsts
    if many.any():
        # the steps inside run r are steps[first_r:last_r]: reduce over each such pair
        steps = np.concatenate([np.diff(timestamp), [0]])
        pairs = np.column_stack([firsts[many], lasts[many]]).ravel()
        out[many] = np.maximum.reduceat(steps, pairs)[::2]
    return out


def _nearest_rank(count: npt.NDArray[np.int64], pct: int) -> npt.NDArray[np.int64]:
    # the rule's owner is generator.compute.latency.nearest_rank (a layer above the store)
    rank: npt.NDArray[np.int64] = np.maximum(1, -(-pct * count // 100))
    return rank


def _milliseconds(value: np.float32) -> str:
    """A latency as the store reads it back to the same float32."""
    return np.format_float_positional(value, unique=True, trim="-")


def _csv(header: Sequence[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def run_rows(samples: SampleArrays, monitor: Monitor) -> list[list[str]]:
    rows: list[list[str]] = []
    bounds = np.searchsorted(samples.location, np.arange(len(monitor.locations) + 1))
    for index, location in enumerate(monitor.locations):
        a, b = int(bounds[index]), int(bounds[index + 1])
        ts, ok = samples.timestamp[a:b], samples.ok[a:b]
        firsts, lasts = run_edges(ts, ok, monitor.max_gap)
        longest = _longest_steps(ts, firsts, lasts)
        for first, last, step in zip(
            firsts.tolist(), lasts.tolist(), longest.tolist(), strict=True
        ):
            rows.append(
                [
                    format_utc(int(ts[first])),
                    format_utc(int(ts[last])),
                    location,
                    "up" if ok[first] else "down",
                    str(last - first + 1),
                    str(step),
                ]
            )
    rows.sort(key=lambda row: (row[0], row[2]))
    return rows


def latency_rows(samples: SampleArrays, monitor: Monitor) -> list[list[str]]:
    """Per location and UTC hour: checks, failures, measured, p50 and p95 (empty when no
    successful check measured a latency)."""
    if not len(samples):
        return []
    hour = samples.timestamp - samples.timestamp % HOUR
    group = samples.location.astype(np.int64) * (1 << 40) + hour
    # samples are sorted by (location, timestamp): each group is one stretch
    starts = np.concatenate([[0], np.flatnonzero(np.diff(group)) + 1])
    checks = np.diff(np.concatenate([starts, [len(group)]]))
    failures = np.add.reduceat((~samples.ok).astype(np.int64), starts)
    measured_mask = samples.ok & ~np.isnan(samples.latency_ms)
    measured = np.add.reduceat(measured_mask.astype(np.int64), starts)
    # the measured latencies of each group, sorted within it
    group_of = np.repeat(np.arange(len(starts)), checks)[measured_mask]
    values = samples.latency_ms[measured_mask]
    order = np.lexsort((values, group_of))
    values = values[order]
    offset = np.concatenate([[0], np.cumsum(measured)[:-1]])
    pcts = {}
    for pct in PERCENTILES:
        rank = _nearest_rank(measured, pct)
        pcts[pct] = [
            _milliseconds(values[int(offset[g] + rank[g] - 1)]) if measured[g] else ""
            for g in range(len(starts))
        ]
    rows = []
    for g, first in enumerate(starts.tolist()):
        rows.append(
            [
                format_utc(int(hour[first])),
                monitor.locations[int(samples.location[first])],
                str(int(checks[g])),
                str(int(failures[g])),
                str(int(measured[g])),
                *(pcts[pct][g] for pct in PERCENTILES),
            ]
        )
    rows.sort(key=lambda row: (row[0], row[1]))
    return rows


def compact_month(data: DataDir, monitor: Monitor, month: str) -> MonthForm:
    """The compacted form of one monitor's month (read from its samples, nothing written)."""
    lo, hi = month_bounds(month)
    samples = load_samples(data, monitor, lo, hi)
    runs = run_rows(samples, monitor)
    hours = latency_rows(samples, monitor)
    return MonthForm(
        monitor.id,
        month,
        len(samples),
        len(runs),
        len(hours),
        _csv(RUN_COLUMNS, runs),
        _csv(LATENCY_HOUR_COLUMNS, hours),
    )


def months_to_compact(data: DataDir, monitor: str, before: str) -> list[str]:
    """The months of ``monitor`` before ``before`` (``YYYY-MM``) that still have samples."""
    directory = data.samples_dir / monitor
    if not directory.is_dir():
        return []
    return sorted(p.stem for p in directory.glob("*.csv") if p.stem < before)


def compact_store(data: DataDir, monitors: Sequence[Monitor], before: str) -> CompactSummary:
    """Compact every month before ``before`` of ``monitors``; all months are read and
    checked before the first is written (a bad partition changes nothing)."""
    summary = CompactSummary()
    with write_lock(data.root):
        remove_temp_files(data.record_dirs)
        forms = [
            compact_month(data, monitor, month)
            for monitor in monitors
            for month in months_to_compact(data, monitor.id, before)
        ]
        for form in forms:
            _replace_samples(data, form)
            summary.months.append((form.monitor, form.month))
            summary.samples += form.samples
            summary.runs += form.runs
            summary.hours += form.hours
            log.info("compacted %s %s: %d samples", form.monitor, form.month, form.samples)
    return summary


def _replace_samples(data: DataDir, form: MonthForm) -> None:
    samples = data.samples_dir / form.monitor / f"{form.month}.csv"
    runs = data.runs_dir / form.monitor / f"{form.month}.csv"
    hours = data.latency_hours_dir / form.monitor / f"{form.month}.csv"
    try:
        # the runs last: a month is read as runs only once they exist and its samples do not
        write_atomic(hours, form.hours_csv, durable=True, mode=0o644)
        write_atomic(runs, form.runs_csv, durable=True, mode=0o644)
    except OSError as exc:
        raise StoreError(
            f"cannot be written ({exc.strerror or exc}); this month's samples were kept",
            file=runs,
        ) from None
    try:
        os.unlink(samples)
    except OSError as exc:
        raise StoreError(
            f"cannot be removed ({exc.strerror or exc}); its runs are written and will be "
            "read once it is gone: run compact again",
            file=samples,
        ) from None
    sync_directory(samples.parent)
