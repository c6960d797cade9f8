"""statusgen's own probe formats: CSV and JSON Lines (a published contract, see README).

Samples: ``timestamp,monitor,location,ok,latency_ms,status_code,error`` (timestamp, monitor
and ok required). State intervals: ``monitor,location,start,end,state`` (end may be empty
while the state is ongoing). A CSV file holds one kind, told apart by its header; a JSONL
line is a sample if it has ``timestamp``, an interval if it has ``start``.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import RecordError
from generator.sources.base import (
    ProbeBatch,
    SourceContext,
    check_monitor_location,
    default_location,
    probe_format,
    record_error,
)
from generator.sources.lines import Records, csv_records, jsonl_records
from generator.store import fields as f
from generator.store.probes import Sample, StateInterval

SAMPLE_FIELDS = ("timestamp", "monitor", "location", "ok", "latency_ms", "status_code", "error")
INTERVAL_FIELDS = ("monitor", "location", "start", "end", "state")
# what a CSV header may name: a file holds samples or intervals, told apart by its header
PROBE_COLUMNS = (*SAMPLE_FIELDS, *(c for c in INTERVAL_FIELDS if c not in SAMPLE_FIELDS))


def parse_sample(record: dict[str, object], context: SourceContext) -> Sample:
    unknown = set(record) - set(SAMPLE_FIELDS)
    if unknown:
        raise f.FieldError(
            sorted(unknown)[0], f"unknown field (expected {', '.join(SAMPLE_FIELDS)})"
        )
    timestamp = f.instant(record, "timestamp")
    monitor = f.text(record, "monitor")
    location = default_location(context, monitor, f.text(record, "location", optional=True))
    check_monitor_location(context, monitor, location)
    assert timestamp is not None
    return Sample(
        timestamp=timestamp,
        monitor=monitor,
        location=location,
        ok=f.boolean(record, "ok"),
        latency_ms=f.number(record, "latency_ms"),
        status_code=f.integer(record, "status_code", lo=100, hi=599),
        error=f.text(record, "error", optional=True).replace("\n", " "),
    )


def parse_interval(record: dict[str, object], context: SourceContext) -> StateInterval:
    unknown = set(record) - set(INTERVAL_FIELDS)
    if unknown:
        raise f.FieldError(
            sorted(unknown)[0], f"unknown field (expected {', '.join(INTERVAL_FIELDS)})"
        )
    monitor = f.text(record, "monitor")
    location = default_location(context, monitor, f.text(record, "location", optional=True))
    check_monitor_location(context, monitor, location)
    start = f.instant(record, "start")
    end = f.instant(record, "end", optional=True)
    assert start is not None
    if end is not None and end <= start:
        raise f.FieldError("end", "must be after start")
    state = f.text(record, "state").lower()
    if state not in ("up", "down"):
        raise f.FieldError("state", f"{state!r} is not up or down")
    return StateInterval(monitor=monitor, location=location, start=start, end=end, up=state == "up")


def _read(path: Path, context: SourceContext, records: Records) -> ProbeBatch:
    batch = ProbeBatch()
    seen: dict[tuple[object, ...], tuple[int, object]] = {}
    try:
        for line, record in records:
            try:
                item: Sample | StateInterval
                if "timestamp" in record:
                    item = parse_sample(record, context)
                    key: tuple[object, ...] = ("s", item.monitor, item.location, item.timestamp)
                    batch.samples.append(item)
                elif "start" in record:
                    item = parse_interval(record, context)
                    key = ("i", item.monitor, item.location, item.start)
                    batch.intervals.append(item)
                else:
                    raise f.FieldError("timestamp", "is required (or start, for a state interval)")
            except f.FieldError as exc:
                raise record_error(path, line, exc) from None
            if key in seen and seen[key][1] != item:
                raise RecordError(
                    f"conflicts with line {seen[key][0]}: same monitor, location and time, "
                    "different values",
                    file=path,
                    line=line,
                )
            seen[key] = (line, item)
    except UnicodeDecodeError:
        raise RecordError("not UTF-8 text", file=path) from None
    return batch


@probe_format("csv")
def read_csv(path: Path, context: SourceContext) -> ProbeBatch:
    return _read(
        path,
        context,
        csv_records(
            path, (*SAMPLE_FIELDS, *(c for c in INTERVAL_FIELDS if c not in SAMPLE_FIELDS))
        ),
    )


@probe_format("jsonl")
def read_jsonl(path: Path, context: SourceContext) -> ProbeBatch:
    return _read(path, context, jsonl_records(path))
