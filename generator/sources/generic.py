"""statusgen's own probe formats: CSV and JSON Lines (a published contract, see README).

Samples: ``timestamp,monitor,location,ok,latency_ms,status_code,error`` (timestamp, monitor
and ok required). State intervals: ``monitor,location,start,end,state`` (end may be empty
while the state is ongoing). A CSV file holds one kind, told apart by its header; a JSONL
line is a sample if it has ``timestamp``, an interval if it has ``start``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from generator.errors import RecordError
from generator.sources import fields as f
from generator.sources.base import (
    ProbeBatch,
    SourceContext,
    check_monitor_location,
    default_location,
    probe_format,
    record_error,
)
from generator.store.probes import Sample, StateInterval

SAMPLE_FIELDS = ("timestamp", "monitor", "location", "ok", "latency_ms", "status_code", "error")
INTERVAL_FIELDS = ("monitor", "location", "start", "end", "state")


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


def _csv_records(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        if not header:
            raise RecordError("the file is empty; expected a CSV header", file=path, line=1)
        for name in header:
            if name not in SAMPLE_FIELDS and name not in INTERVAL_FIELDS:
                raise RecordError(
                    f"unknown column {name!r} in the header", file=path, line=1, field=name
                )
        for row in reader:
            if None in row:
                raise RecordError(
                    "more values than header columns", file=path, line=reader.line_num
                )
            if all(not (v or "").strip() for v in row.values()):
                continue
            yield reader.line_num, {k: v for k, v in row.items() if v is not None}


def _jsonl_records(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RecordError(f"not valid JSON: {exc.msg}", file=path, line=number) from None
            if not isinstance(record, dict):
                raise RecordError("each line must be a JSON object", file=path, line=number)
            yield number, record


def _read(
    path: Path, context: SourceContext, records: Iterator[tuple[int, dict[str, object]]]
) -> ProbeBatch:
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
    return _read(path, context, _csv_records(path))


@probe_format("jsonl")
def read_jsonl(path: Path, context: SourceContext) -> ProbeBatch:
    return _read(path, context, _jsonl_records(path))
