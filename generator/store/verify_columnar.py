"""The rules of :func:`generator.store.verify.verify_partition` for a samples partition,
applied to whole columns: ``statusgen check`` of a large store without a Python object
per row.

It only ever vouches for a partition: given the bytes of a samples partition in the form
the store writes (its exact header, no quoted value, no carriage return, UTF-8, canonical
instants, plain numbers), it returns the same counts and time span the row-by-row check
would. For anything else, a bad line or only an unusual form of a good one, it returns
None and the caller runs the row-by-row check, which names the file, line and field at
fault. So every error stays that check's own.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from generator.store import fields as f
from generator.store.bounds import HARD_WINDOW, MAX_LATENCY_MS, READ_FIELD_LIMIT
from generator.store.columnar import has_any, in_store_form, instants, string_table
from generator.store.layout import SAMPLE_COLUMNS
from generator.store.verify import PartitionStats

_HEADER = ",".join(SAMPLE_COLUMNS).encode() + b"\n"
_QUOTED_HEADER = ",".join(f'"{name}"' for name in SAMPLE_COLUMNS).encode() + b"\n"
_OK = pa.array(["1", "0", "true", "false", "True", "False"])
_NOT_DIGIT = ((0, 47), (58, 255))
_NOT_DECIMAL = ((0, 45), (47, 47), (58, 255))  # digits and points only


# Masks are made by pyarrow, not numpy: pa.array() of a numpy array imports numpy.ma
# (10 to 20 ms, a check of the demo's whole fixed cost being about 0.5 s).


def _all(mask: pa.Array | pa.ChunkedArray) -> bool:
    return len(mask) == 0 or bool(pc.all(mask).as_py())


def _lengths(column: pa.Array) -> npt.NDArray[np.int32]:
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int32)
    return np.diff(offsets[column.offset : column.offset + len(column) + 1])


def _utc_seconds(column: pa.Array) -> npt.NDArray[np.int64] | None:
    """Seconds of instants in the store's own form (checked byte by byte, the calendar by
    pyarrow's parse, which refuses 30 February or 24:00), else of any form
    :func:`~generator.store.columnar.instants` vouches for."""
    if not in_store_form(column):
        return instants(column)
    try:
        stamps = pc.cast(column, pa.timestamp("s", tz="UTC"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return np.asarray(stamps.cast(pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)


def _status_ok(column: pa.Array) -> bool:
    """Empty, or three digits from 100 to 599 (what float() and int() read alike)."""
    lengths = _lengths(column)
    if not ((lengths == 0) | (lengths == 3)).all() or has_any(column, _NOT_DIGIT):
        return False
    given = column.filter(pc.not_equal(pc.binary_length(column), 0))
    if len(given) == 0:
        return True
    codes = pc.cast(given, pa.int32())
    return bool(pc.min(codes).as_py() >= 100 and pc.max(codes).as_py() <= 599)


def _latency_ok(column: pa.Array) -> bool:
    """Empty, or digits with at most one point (as pyarrow and float() read them alike)
    up to the store's limit."""
    if has_any(column, _NOT_DECIMAL):
        return False
    given = column.filter(pc.not_equal(pc.binary_length(column), 0))
    if len(given) == 0:
        return True
    try:
        values = pc.cast(given, pa.float64())
    except pa.ArrowInvalid:  # 1.2.3 or a point alone: float() refuses it too, by line
        return False
    return bool(pc.max(values).as_py() <= MAX_LATENCY_MS)


def verify_samples(raw: bytes, locations: tuple[str, ...]) -> PartitionStats | None:
    """The stats of a samples partition's bytes when every line passes, else None (the
    row-by-row check must read it: it may be fine, or it names the bad line)."""
    if raw.startswith(_QUOTED_HEADER):  # as pyarrow's writer puts it: the same header
        raw = _HEADER + raw[len(_QUOTED_HEADER) :]
    if not raw.startswith(_HEADER) or b'"' in raw or b"\r" in raw:
        return None  # no quoting: pyarrow and the csv module split the lines alike
    # the monitor's locations as the row-by-row check takes them (a value is compared
    # as written, and must be non-blank text within the read limit)
    try:
        for location in locations:
            f.text({"location": location}, "location", limit=READ_FIELD_LIMIT)
    except f.FieldError:
        return None
    try:
        table = string_table(pa.BufferReader(raw), SAMPLE_COLUMNS)
    except (pa.ArrowInvalid, pa.ArrowKeyError):
        return None
    if table.num_rows == 0:
        return PartitionStats()
    if len(raw) > READ_FIELD_LIMIT and any(
        pc.max(pc.binary_length(table[name])).as_py() > READ_FIELD_LIMIT for name in SAMPLE_COLUMNS
    ):
        return None  # beyond the csv module's field limit: its error names the line
    timestamp = table["timestamp"].combine_chunks()
    seconds = _utc_seconds(timestamp)
    if seconds is None:
        return None
    if seconds.min() < HARD_WINDOW.lo or seconds.max() >= HARD_WINDOW.hi:
        return None
    if not (
        _all(pc.is_in(table["location"], value_set=pa.array(locations, pa.string())))
        and _all(pc.is_in(table["ok"], value_set=_OK))
        and _status_ok(table["status_code"].combine_chunks())
        and _latency_ok(table["latency_ms"].combine_chunks())
    ):
        return None
    first, last = int(np.min(seconds)), int(np.max(seconds))
    return PartitionStats(table.num_rows, first, last)
