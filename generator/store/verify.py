"""Line-by-line validation of stored partitions.

Loading uses pyarrow for speed; when pyarrow rejects a file, or ``statusgen check`` asks,
this slower reader finds the exact line and field that is wrong. It reads the compacted
partitions too (runs and latency hours, :mod:`generator.store.compact`), whose lines must
also agree with each other and with their file's month.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import RecordError
from generator.store import fields as f
from generator.store.bounds import READ_FIELD_LIMIT
from generator.store.csvlog import checked_rows
from generator.store.layout import (
    INTERVAL_COLUMNS,
    LATENCY_HOUR_COLUMNS,
    RUN_COLUMNS,
    SAMPLE_COLUMNS,
)
from generator.timeutil import format_utc

Check = Callable[[dict[str, object]], tuple[int | None, int | None]]


def _check_sample(row: dict[str, object]) -> tuple[int | None, int | None]:
    timestamp = f.instant(row, "timestamp")
    # a partition an older version wrote with a longer value still reads
    f.text(row, "location", limit=READ_FIELD_LIMIT)
    if str(row.get("ok", "")) not in ("1", "0", "true", "false", "True", "False"):
        raise f.FieldError("ok", f"{row.get('ok')!r} must be 1 or 0 in the store")
    f.number(row, "latency_ms")
    f.integer(row, "status_code", lo=100, hi=599)
    return timestamp, timestamp


def _check_interval(row: dict[str, object]) -> tuple[int | None, int | None]:
    """Check an interval row; its span runs to its end (to its start while ongoing)."""
    start = f.instant(row, "start")
    end = f.instant(row, "end", optional=True)
    f.text(row, "location", limit=READ_FIELD_LIMIT)
    if row.get("state") not in ("up", "down"):
        raise f.FieldError("state", f"{row.get('state')!r} must be up or down")
    if end is not None and start is not None and end <= start:
        raise f.FieldError("end", "must be after start")
    return start, end if end is not None else start


@dataclass
class PartitionStats:
    records: int = 0
    first: int | None = None
    last: int | None = None


def _count(row: dict[str, object], field: str, lo: int = 0) -> int:
    value = f.integer(row, field, lo=lo, hi=10**12)
    if value is None:
        raise f.FieldError(field, "is required")
    return value


def _instant(row: dict[str, object], field: str) -> int:
    value = f.instant(row, field)
    if value is None:
        raise f.FieldError(field, "is required")
    return value


def _in_month(field: str, moment: int, month: str) -> None:
    if format_utc(moment)[:7] != month:
        raise f.FieldError(field, f"{format_utc(moment)} is not in {month}, the file's month")


def _run_checker(month: str, max_gap: int | None) -> Check:
    """A run's line: its own fields, its month, and no overlap with the run before it at
    the same location (runs are written in time order)."""
    ends: dict[str, int] = {}

    def check(row: dict[str, object]) -> tuple[int | None, int | None]:
        first, last = _instant(row, "first"), _instant(row, "last")
        location = str(f.text(row, "location", limit=READ_FIELD_LIMIT))
        if row.get("state") not in ("up", "down"):
            raise f.FieldError("state", f"{row.get('state')!r} must be up or down")
        checks = _count(row, "checks", lo=1)
        step = _count(row, "longest_step")
        _in_month("first", first, month)
        if last < first:
            raise f.FieldError("last", "is before first")
        if location in ends and first <= ends[location]:
            raise f.FieldError("first", "overlaps the run before it at this location")
        if (checks == 1) != (last == first):
            raise f.FieldError("checks", f"{checks} checks cannot span {last - first} s")
        if step > last - first or (checks > 1 and step * (checks - 1) < last - first):
            raise f.FieldError("longest_step", f"{step} s does not fit {checks} checks")
        if max_gap is not None and step > max_gap:
            raise f.FieldError(
                "longest_step", f"{step} s is longer than the monitor's max_gap ({max_gap} s)"
            )
        ends[location] = last
        return first, last

    return check


def _hour_checker(month: str) -> Check:
    seen: set[tuple[int, str]] = set()

    def check(row: dict[str, object]) -> tuple[int | None, int | None]:
        hour = _instant(row, "hour")
        location = str(f.text(row, "location", limit=READ_FIELD_LIMIT))
        if (hour, location) in seen:
            raise f.FieldError("hour", "a second line for this hour and location")
        seen.add((hour, location))
        if hour % 3600:
            raise f.FieldError("hour", f"{format_utc(hour)} is not the start of an hour")
        _in_month("hour", hour, month)
        checks = _count(row, "checks", lo=1)
        failures = _count(row, "failures")
        measured = _count(row, "measured")
        if failures > checks:
            raise f.FieldError("failures", f"{failures} is more than the {checks} checks")
        if measured > checks - failures:
            raise f.FieldError("measured", f"{measured} is more than the successful checks")
        values = [f.number(row, name) for name in ("p50_ms", "p95_ms")]
        for name, value in zip(("p50_ms", "p95_ms"), values, strict=True):
            if (value is None) != (measured == 0):
                raise f.FieldError(name, "must be empty exactly when measured is 0")
        if values[0] is not None and values[1] is not None and values[0] > values[1]:
            raise f.FieldError("p95_ms", "is below p50_ms")
        return hour, hour + 3600

    return check


def verify_partition(
    path: Path, locations: tuple[str, ...] | None = None, max_gap: int | None = None
) -> PartitionStats:
    """Check every line of a stored partition; count its records and their time span.
    ``max_gap``: the monitor's, which a compacted run's longest step must not exceed."""
    kind = path.parent.parent.name
    columns: tuple[str, ...]
    check: Check
    if kind == "runs":
        columns, check = RUN_COLUMNS, _run_checker(path.stem, max_gap)
    elif kind == "latency":
        columns, check = LATENCY_HOUR_COLUMNS, _hour_checker(path.stem)
    elif kind == "intervals":
        columns, check = INTERVAL_COLUMNS, _check_interval
    else:
        columns, check = SAMPLE_COLUMNS, _check_sample
    stats = PartitionStats()

    def parse(record: dict[str, object]) -> tuple[int | None, int | None]:
        span = check(record)
        if locations is not None and record["location"] not in locations:
            raise f.FieldError(
                "location",
                f"{record['location']!r} is not one of the monitor's locations "
                f"({', '.join(locations)})",
            )
        return span

    for _, (begin, end) in checked_rows(path, columns, parse):
        stats.records += 1
        if begin is not None:
            stats.first = begin if stats.first is None else min(stats.first, begin)
        if end is not None:
            stats.last = end if stats.last is None else max(stats.last, end)
    return stats


def locate_bad_row(path: Path, cause: Exception) -> RecordError:
    """The precise error for a partition pyarrow could not load."""
    try:
        verify_partition(path)
    except RecordError as exc:
        return exc
    return RecordError(f"cannot be read: {cause}", file=path)
