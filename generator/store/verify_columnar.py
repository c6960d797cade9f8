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
import pyarrow as pa
import pyarrow.compute as pc

from generator.store import fields as f
from generator.store.bounds import HARD_WINDOW, MAX_LATENCY_MS, READ_FIELD_LIMIT
from generator.store.columnar import instants, string_table
from generator.store.layout import SAMPLE_COLUMNS
from generator.store.verify import PartitionStats

_HEADER = ",".join(SAMPLE_COLUMNS).encode() + b"\n"
_QUOTED_HEADER = ",".join(f'"{name}"' for name in SAMPLE_COLUMNS).encode() + b"\n"
_OK = pa.array(["1", "0", "true", "false", "True", "False"])
# what Python's float() and pyarrow read alike, and every value the store writes
_LATENCY_RE = r"^(\d{1,12}(\.\d{1,6})?)?$"
_STATUS_RE = r"^([1-5]\d\d)?$"


def _all(mask: pa.Array | pa.ChunkedArray) -> bool:
    return len(mask) == 0 or bool(pc.all(mask).as_py())


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
    seconds = instants(timestamp)
    if seconds is None:
        return None
    if seconds.min() < HARD_WINDOW.lo or seconds.max() >= HARD_WINDOW.hi:
        return None
    if not (
        _all(pc.is_in(table["location"], value_set=pa.array(locations, pa.string())))
        and _all(pc.is_in(table["ok"], value_set=_OK))
        and _all(pc.match_substring_regex(table["status_code"], _STATUS_RE))
        and _all(pc.match_substring_regex(table["latency_ms"], _LATENCY_RE))
    ):
        return None
    latency = table["latency_ms"].combine_chunks()
    given = latency.filter(pc.not_equal(pc.binary_length(latency), 0))
    if len(given) and pc.max(pc.cast(given, pa.float64())).as_py() > MAX_LATENCY_MS:
        return None
    first, last = int(np.min(seconds)), int(np.max(seconds))
    return PartitionStats(table.num_rows, first, last)
