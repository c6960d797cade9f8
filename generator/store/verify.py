"""Line-by-line validation of stored partitions.

Loading uses pyarrow for speed; when pyarrow rejects a file, or ``statusgen check`` asks,
this slower reader finds the exact line and field that is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import RecordError
from generator.store import fields as f
from generator.store.bounds import READ_FIELD_LIMIT
from generator.store.csvlog import checked_rows
from generator.store.layout import INTERVAL_COLUMNS, SAMPLE_COLUMNS


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


def verify_partition(path: Path, locations: tuple[str, ...] | None = None) -> PartitionStats:
    """Check every line of a stored partition; count its records and their time span."""
    kind = "intervals" if path.parent.parent.name == "intervals" else "samples"
    columns = INTERVAL_COLUMNS if kind == "intervals" else SAMPLE_COLUMNS
    check = _check_interval if kind == "intervals" else _check_sample
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
