"""The probe store: check samples and state intervals, per monitor and month.

Layout (documented in the README)::

    data/probes/samples/<monitor>/<YYYY-MM>.csv    timestamp,location,ok,latency_ms,status_code,error
    data/probes/intervals/<monitor>/<YYYY-MM>.csv  start,end,location,state
    data/probes/compacted/runs/<monitor>/<YYYY-MM>.csv     first,last,location,state,checks,longest_step
    data/probes/compacted/latency/<monitor>/<YYYY-MM>.csv  hour,location,checks,failures,measured,p50_ms,p95_ms

Months are UTC months of the sample's timestamp (of the interval's start). Timestamps are
written as ``2026-08-01T00:05:00Z``; ``ok`` as 1/0; ``state`` as up/down; an empty interval
``end`` means the state is still ongoing. A sample's key is (timestamp, location), an
interval's (start, location): the last line with a key wins.

Reading them (columnar: samples, state intervals and the intervals compacted runs make) is
:mod:`generator.store.probes_read`; its names are imported from here too.

Writing checks every record against the store's bounds (:mod:`generator.store.bounds`)
before anything is touched, then holds the data directory's write lock from reading the
partitions to replacing them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import RecordError
from generator.store.bounds import HARD_WINDOW, FieldError, TimeWindow, check_number, check_text
from generator.store.csvlog import Row, WriteSummary, append_partitions, remove_temp_files
from generator.store.layout import (
    INTERVAL_COLUMNS,
    INTERVAL_KEY,
    SAMPLE_COLUMNS,
    SAMPLE_KEY,
    DataDir,
)
from generator.store.lock import write_lock
from generator.store.probes_read import (
    IntervalArrays,
    SampleArrays,
    compacted_intervals,
    compacted_months,
    load_intervals,
    load_samples,
    month_of,
    months_overlapping,
    sample_partitions,
)
from generator.timeutil import format_utc

# what is imported from here: the records, their checks and writing, and the reading's names
__all__ = [
    "IntervalArrays",
    "Sample",
    "SampleArrays",
    "StateInterval",
    "check_records",
    "compacted_intervals",
    "compacted_months",
    "load_intervals",
    "load_samples",
    "month_of",
    "months_overlapping",
    "partitions",
    "sample_partitions",
    "stored_monitors",
    "write_intervals",
    "write_samples",
]


@dataclass(frozen=True)
class Sample:
    """One check, normalised. Used at import time only; loading is columnar."""

    timestamp: int
    monitor: str
    location: str
    ok: bool
    latency_ms: float | None = None
    status_code: int | None = None
    error: str = ""

    def row(self) -> Row:
        latency = (
            "" if self.latency_ms is None else f"{self.latency_ms:.3f}".rstrip("0").rstrip(".")
        )
        status = "" if self.status_code is None else str(self.status_code)
        return (
            format_utc(self.timestamp),
            self.location,
            "1" if self.ok else "0",
            latency,
            status,
            self.error,
        )


@dataclass(frozen=True)
class StateInterval:
    """A span in one state, as UptimeRobot logs or Pingdom outage summaries give them."""

    monitor: str
    location: str
    start: int
    end: int | None
    up: bool

    def row(self) -> Row:
        end = "" if self.end is None else format_utc(self.end)
        return (format_utc(self.start), end, self.location, "up" if self.up else "down")


def _check(record: Sample | StateInterval, window: TimeWindow) -> None:
    """Raise FieldError if ``record`` is outside the store's bounds."""
    check_text("monitor", record.monitor)
    check_text("location", record.location)
    if isinstance(record, Sample):
        window.check("timestamp", record.timestamp)
        check_text("error", record.error)
        if record.latency_ms is not None:
            check_number("latency_ms", record.latency_ms)
    else:
        window.check("start", record.start)
        if record.end is not None:
            window.check("end", record.end)


def check_records(
    records: Iterable[Sample | StateInterval],
    window: TimeWindow = HARD_WINDOW,
    origin: Path | None = None,
) -> None:
    """Every record within bounds, or a RecordError naming the record (and ``origin``)."""
    for record in records:
        try:
            _check(record, window)
        except FieldError as exc:
            what = "sample" if isinstance(record, Sample) else "state interval"
            raise RecordError(
                f"{exc.message}, in a {what} of monitor {record.monitor[:80]!r} at location "
                f"{record.location[:80]!r}",
                file=origin,
                field=exc.field,
            ) from None


def _write(
    data: DataDir,
    root: Path,
    records: Iterable[Sample | StateInterval],
    columns: tuple[str, ...],
    key: tuple[int, ...],
) -> WriteSummary:
    by_partition: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for record in records:
        row = record.row()
        # the row's first field is the record's UTC time as 2026-08-01T00:05:00Z: its month
        by_partition[(record.monitor, row[0][:7])].append(row)
    partitions = {
        root / monitor / f"{month}.csv": rows for (monitor, month), rows in by_partition.items()
    }
    if not partitions:
        return WriteSummary()  # nothing to lock for (and a read-only store stays usable)
    with write_lock(data.root):
        remove_temp_files(data.record_dirs)
        return append_partitions(partitions, columns, key)


def write_samples(
    data: DataDir,
    samples: Iterable[Sample],
    *,
    window: TimeWindow = HARD_WINDOW,
    origin: Path | None = None,
) -> WriteSummary:
    """Store samples (all or none); ``window`` and ``origin`` shape the errors."""
    samples = list(samples)
    check_records(samples, window, origin)
    return _write(data, data.samples_dir, samples, SAMPLE_COLUMNS, SAMPLE_KEY)


def write_intervals(
    data: DataDir,
    intervals: Iterable[StateInterval],
    *,
    window: TimeWindow = HARD_WINDOW,
    origin: Path | None = None,
) -> WriteSummary:
    intervals = list(intervals)
    check_records(intervals, window, origin)
    return _write(data, data.intervals_dir, intervals, INTERVAL_COLUMNS, INTERVAL_KEY)


def stored_monitors(data: DataDir) -> list[str]:
    found: set[str] = set()
    for root in (data.samples_dir, data.intervals_dir):
        if root.exists():
            found.update(p.name for p in root.iterdir() if p.is_dir())
    return sorted(found)


def partitions(data: DataDir) -> Sequence[tuple[str, Path]]:
    """Every stored partition as (kind, path), kind being 'samples', 'intervals', 'runs' or
    'latency' (the last two: compacted samples)."""
    out: list[tuple[str, Path]] = []
    for kind, root in (
        ("samples", data.samples_dir),
        ("intervals", data.intervals_dir),
        ("runs", data.runs_dir),
        ("latency", data.latency_hours_dir),
    ):
        if root.exists():
            out.extend((kind, p) for p in sorted(root.glob("*/*.csv")))
    return out
