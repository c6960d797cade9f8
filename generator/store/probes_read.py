"""Reading the probe store into columns: one monitor's samples, its state intervals, and
its compacted runs read as the state intervals their samples made.

A compacted month (:mod:`generator.store.compact`) has runs and latency hours instead of
samples; its runs are read as the state intervals its samples make (:func:`load_intervals`).
While a month has both (a compaction cut short), its samples are read and its runs are not.
A run's end needs the next check at its location, which may be a sample of a month not
compacted: that is why the runs are read here, beside the samples.

Loading is columnar: pyarrow parses the CSV straight into arrays (through the columnar
cache, :mod:`generator.store.cache`) and nothing here builds a Python object per sample.
Months are UTC months of the sample's timestamp (of the interval's start).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from generator.config.services import Monitor
from generator.errors import RecordError
from generator.store.bounds import HARD_WINDOW
from generator.store.cache import read_through
from generator.store.layout import RUN_COLUMNS, DataDir
from generator.store.lock import StoreError
from generator.store.verify import locate_bad_row


def month_of(instant: int) -> str:
    return datetime.fromtimestamp(instant, UTC).strftime("%Y-%m")


def months_overlapping(lo: int, hi: int) -> list[str]:
    """UTC months overlapping [lo, hi)."""
    first = datetime.fromtimestamp(lo, UTC)
    last = datetime.fromtimestamp(max(hi - 1, lo), UTC)
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass(frozen=True)
class SampleArrays:
    """One monitor's samples, sorted by (location, timestamp), one row per key."""

    timestamp: npt.NDArray[np.int64]
    location: npt.NDArray[np.int16]  # index into Monitor.locations
    ok: npt.NDArray[np.bool_]
    latency_ms: npt.NDArray[np.float32]  # NaN where unknown

    def __len__(self) -> int:
        return len(self.timestamp)

    @staticmethod
    def empty() -> SampleArrays:
        return SampleArrays(
            np.empty(0, np.int64), np.empty(0, np.int16), np.empty(0, bool), np.empty(0, np.float32)
        )


@dataclass(frozen=True)
class IntervalArrays:
    """One monitor's state intervals (end = -1 while ongoing), last per key."""

    start: npt.NDArray[np.int64]
    end: npt.NDArray[np.int64]
    location: npt.NDArray[np.int16]
    up: npt.NDArray[np.bool_]

    def __len__(self) -> int:
        return len(self.start)

    @staticmethod
    def empty() -> IntervalArrays:
        return IntervalArrays(
            np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int16), np.empty(0, bool)
        )


_SAMPLE_TYPES = {
    "timestamp": pa.timestamp("s", tz="UTC"),
    "location": pa.string(),
    "ok": pa.bool_(),
    "latency_ms": pa.float32(),
}
_INTERVAL_TYPES = {
    "start": pa.timestamp("s", tz="UTC"),
    "end": pa.timestamp("s", tz="UTC"),
    "location": pa.string(),
    "state": pa.string(),
}


def _read_csv(data: DataDir, path: Path, types: dict[str, pa.DataType]) -> pa.Table:
    """A partition's columns, through the columnar cache (:mod:`generator.store.cache`)."""
    convert = pacsv.ConvertOptions(
        column_types=types, include_columns=list(types), strings_can_be_null=False
    )

    def parse(content: bytes) -> pa.Table:
        try:
            return pacsv.read_csv(pa.BufferReader(content), convert_options=convert)
        except pa.ArrowInvalid as exc:
            if "straddl" not in str(exc):
                raise
            # a line longer than pyarrow's block (1 MiB), as an older version could store:
            # read the partition as one block instead
            block = max(len(content) + 1, 1 << 20)
            return pacsv.read_csv(
                pa.BufferReader(content),
                read_options=pacsv.ReadOptions(block_size=block),
                convert_options=convert,
            )

    shape = ",".join(f"{name}:{kind}" for name, kind in types.items())
    try:
        return read_through(data.root, path, shape, parse)
    except (pa.ArrowInvalid, pa.ArrowKeyError) as exc:
        raise locate_bad_row(path, exc) from None
    except OSError as exc:
        if path.is_dir():
            raise StoreError("is a directory where a partition file belongs", file=path) from None
        raise StoreError(f"cannot be read: {exc.strerror or exc}", file=path) from None


def _seconds(
    path: Path, column: pa.ChunkedArray, *, ongoing: bool = False
) -> npt.NDArray[np.int64]:
    """A timestamp column as seconds, every one within the store's hard time window
    (``ongoing``: but for the -1 that marks an interval without an end)."""
    seconds: npt.NDArray[np.int64] = column.to_numpy().astype("datetime64[s]").astype(np.int64)
    valid = seconds[seconds != _NULL_TIME] if ongoing else seconds
    if len(valid) and (valid.min() < HARD_WINDOW.lo or valid.max() >= HARD_WINDOW.hi):
        raise locate_bad_row(path, ValueError("a time outside the store's time window"))
    return seconds


_NULL_TIME = -1  # an ongoing interval's end, once its nulls are filled


def _location_codes(column: pa.ChunkedArray, monitor: Monitor, path: Path) -> npt.NDArray[np.int16]:
    codes = pc.index_in(column, value_set=pa.array(monitor.locations))
    if codes.null_count:
        bad = pc.filter(column, pc.is_null(codes))[0].as_py()
        raise RecordError(
            f"location {bad!r} is not one of monitor {monitor.id}'s locations "
            f"({', '.join(monitor.locations)})",
            file=path,
            line=_line_of(path, "location", bad),
            field="location",
        )
    result: npt.NDArray[np.int16] = codes.to_numpy().astype(np.int16)
    return result


def _line_of(path: Path, column: str, value: str) -> int | None:
    """The line of the partition's first row whose ``column`` holds ``value`` (for an
    error: read again with the csv module, which counts lines as an editor does)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            if column not in header:
                return None
            at = header.index(column)
            for row in reader:
                if len(row) > at and row[at] == value:
                    return reader.line_num
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    return None


def sample_partitions(data: DataDir, monitor: str) -> list[Path]:
    return sorted((data.samples_dir / monitor).glob("*.csv"))


def load_samples(data: DataDir, monitor: Monitor, lo: int, hi: int) -> SampleArrays:
    """Samples of ``monitor`` with lo <= timestamp < hi (whole months are read)."""
    tables = []
    for month in months_overlapping(lo, hi):
        path = data.samples_dir / monitor.id / f"{month}.csv"
        if path.exists():
            table = _read_csv(data, path, _SAMPLE_TYPES)
            tables.append((path, table))
    if not tables:
        return SampleArrays.empty()
    ts_parts, loc_parts, ok_parts, lat_parts = [], [], [], []
    for path, table in tables:
        if table["timestamp"].null_count or table["ok"].null_count:
            raise locate_bad_row(path, ValueError("empty timestamp or ok"))
        ts_parts.append(_seconds(path, table["timestamp"]))
        loc_parts.append(_location_codes(table["location"], monitor, path))
        ok_parts.append(table["ok"].to_numpy())
        lat_parts.append(table["latency_ms"].to_numpy().astype(np.float32))
    ts = np.concatenate(ts_parts)
    loc = np.concatenate(loc_parts)
    ok = np.concatenate(ok_parts).astype(bool)
    lat = np.concatenate(lat_parts)
    window = (ts >= lo) & (ts < hi)
    if not window.all():
        ts, loc, ok, lat = ts[window], loc[window], ok[window], lat[window]
    if len(ts) > 1 and (ts[1:] >= ts[:-1]).all():
        # the usual case, records appended in time order: a stable (radix) sort by location
        # is enough, and equal keys keep their file order
        order = np.argsort(loc, kind="stable") if (loc != loc[0]).any() else None
    else:
        order = np.lexsort((ts, loc))  # stable: equal keys keep file order
    if order is not None:
        ts, loc, ok, lat = ts[order], loc[order], ok[order], lat[order]
    if len(ts) > 1:
        # last line per (location, timestamp) wins
        last = np.ones(len(ts), dtype=bool)
        last[:-1] = (ts[1:] != ts[:-1]) | (loc[1:] != loc[:-1])
        if not last.all():
            ts, loc, ok, lat = ts[last], loc[last], ok[last], lat[last]
    return SampleArrays(ts, loc, ok, lat)


def load_intervals(data: DataDir, monitor: Monitor, hi: int) -> IntervalArrays:
    """State intervals of ``monitor`` that start before ``hi``: the stored ones, and the
    ones its compacted runs make."""
    stored = _stored_intervals(data, monitor, hi)
    runs = compacted_intervals(data, monitor, hi)
    if not len(runs):
        return stored
    # a run is never merged with a stored interval of the same start: both stand
    start = np.concatenate([stored.start, runs.start])
    end = np.concatenate([stored.end, runs.end])
    loc = np.concatenate([stored.location, runs.location])
    up = np.concatenate([stored.up, runs.up])
    order = np.lexsort((start, loc))
    return IntervalArrays(start[order], end[order], loc[order], up[order])


def _stored_intervals(data: DataDir, monitor: Monitor, hi: int) -> IntervalArrays:
    directory = data.intervals_dir / monitor.id
    paths = sorted(directory.glob("*.csv")) if directory.exists() else []
    last_month = month_of(hi - 1)
    starts, ends, locs, ups = [], [], [], []
    for path in paths:
        if path.stem > last_month:
            continue
        table = _read_csv(data, path, _INTERVAL_TYPES)
        if table["start"].null_count:
            raise locate_bad_row(path, ValueError("empty start"))
        state = table["state"]
        if not pc.all(pc.is_in(state, value_set=pa.array(["up", "down"]))).as_py():
            raise locate_bad_row(path, ValueError("state must be up or down"))
        starts.append(_seconds(path, table["start"]))
        end = table["end"].fill_null(
            pa.scalar(_NULL_TIME, pa.int64()).cast(pa.timestamp("s", tz="UTC"))
        )
        ends.append(_seconds(path, end, ongoing=True))
        locs.append(_location_codes(table["location"], monitor, path))
        ups.append(pc.equal(state, "up").to_numpy(zero_copy_only=False))
    if not starts:
        return IntervalArrays.empty()
    start = np.concatenate(starts)
    end = np.concatenate(ends)
    loc = np.concatenate(locs)
    up = np.concatenate(ups).astype(bool)
    order = np.lexsort((start, loc))
    start, end, loc, up = start[order], end[order], loc[order], up[order]
    last = np.ones(len(start), dtype=bool)
    if len(start) > 1:
        last[:-1] = (start[1:] != start[:-1]) | (loc[1:] != loc[:-1])
    keep = last & (start < hi)
    return IntervalArrays(start[keep], end[keep], loc[keep], up[keep])


_RUN_TYPES = {
    "first": pa.timestamp("s", tz="UTC"),
    "last": pa.timestamp("s", tz="UTC"),
    "location": pa.string(),
    "state": pa.string(),
    "checks": pa.int64(),
    "longest_step": pa.int64(),
}


def compacted_months(data: DataDir, monitor: str) -> list[str]:
    """The months of ``monitor`` read as runs: compacted, and without samples left."""
    directory = data.runs_dir / monitor
    if not directory.is_dir():
        return []
    return sorted(
        path.stem
        for path in directory.glob("*.csv")
        if not (data.samples_dir / monitor / path.name).exists()
    )


def compacted_intervals(data: DataDir, monitor: Monitor, hi: int) -> IntervalArrays:
    """The state intervals the compacted runs of ``monitor`` that start before ``hi`` make,
    exactly as their samples made them: a run holds its state from its first check to the
    next check at its location, but at most ``max_gap`` after its last check."""
    last_month = month_of(hi - 1)
    firsts, lasts, locs, ups = [], [], [], []
    for month in compacted_months(data, monitor.id):
        if month > last_month:
            break
        path = data.runs_dir / monitor.id / f"{month}.csv"
        table = _read_csv(data, path, _RUN_TYPES)
        for name in RUN_COLUMNS:
            if table[name].null_count:
                raise locate_bad_row(path, ValueError(f"empty {name}"))
        longest = table["longest_step"].to_numpy()
        if len(longest) and longest.max() > monitor.max_gap:
            line = int(np.argmax(longest > monitor.max_gap)) + 2
            raise RecordError(
                f"these checks were up to {int(longest.max())} s apart, longer than monitor "
                f"{monitor.id}'s max_gap ({monitor.max_gap} s) now: the runs cannot say where "
                "data was missing; restore the samples from git or raise max_gap",
                file=path,
                line=line,
                field="longest_step",
            )
        state = table["state"]
        if not pc.all(pc.is_in(state, value_set=pa.array(["up", "down"]))).as_py():
            raise locate_bad_row(path, ValueError("state must be up or down"))
        firsts.append(_seconds(path, table["first"]))
        lasts.append(_seconds(path, table["last"]))
        locs.append(_location_codes(table["location"], monitor, path))
        ups.append(pc.equal(state, "up").to_numpy(zero_copy_only=False))
    if not firsts:
        return IntervalArrays.empty()
    first, last = np.concatenate(firsts), np.concatenate(lasts)
    loc, up = np.concatenate(locs), np.concatenate(ups).astype(bool)
    order = np.lexsort((first, loc))
    first, last, loc, up = first[order], last[order], loc[order], up[order]
    # the next check at the run's location: the next run's first, or a sample stored after
    following = np.full(len(first), np.iinfo(np.int64).max, np.int64)
    same = loc[1:] == loc[:-1]
    following[:-1][same] = first[1:][same]
    reach = last + monitor.max_gap
    open_tail = following > reach
    if open_tail.any():
        lo, top = int(last[open_tail].min()) + 1, int(reach[open_tail].max()) + 1
        samples = load_samples(data, monitor, lo, top)
        if len(samples):
            bounds = np.searchsorted(samples.location, np.arange(len(monitor.locations) + 1))
            for index in np.flatnonzero(open_tail):
                a, b = int(bounds[loc[index]]), int(bounds[loc[index] + 1])
                times = samples.timestamp[a:b]
                at = int(np.searchsorted(times, last[index], side="right"))
                if at < len(times):
                    following[index] = min(following[index], int(times[at]))
    end = np.minimum(reach, following)
    keep = first < hi
    return IntervalArrays(first[keep], end[keep], loc[keep], up[keep])
