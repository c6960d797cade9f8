"""statusgen's own CSV probe format, read as columns: the fast path of ``import probes``.

The row-by-row reader (:mod:`generator.sources.generic`) is the reference: it owns the
rules and every error message. This reader applies the same rules to whole columns with
pyarrow, and builds no Python object per row. When every row passes, the result is the
one the reference would store, byte for byte. When any row breaks a rule, or the file uses
a form this reader does not handle exactly as the reference does (a timestamp written
another way, a hand-quoted oddity, a blank-looking row), it returns None and the caller
runs the reference reader, which stops at the first bad line with the usual
``file:line: field: message``. So errors are always the reference's, and found in file
order; only clean files (the common case, and the large ones) take the fast path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from generator.sources.base import SourceContext
from generator.sources.generic import INTERVAL_FIELDS, SAMPLE_FIELDS
from generator.store import fields as f
from generator.store.bounds import HARD_WINDOW, MAX_LATENCY_MS, TimeWindow, text_limit
from generator.store.columnar import (
    DECIMAL_RE,
    block_memory,
    encode_lines,
    has_any,
    in_store_form,
    in_thousandths_form,
    instants,
    store_form_seconds,
    string_blocks,
    strip,
    text_bytes,
    thousandths,
    utc_text,
)
from generator.store.columnar_append import append_columnar, partition_rows
from generator.store.concurrent import in_order
from generator.store.csvlog import WriteSummary
from generator.store.layout import (
    INTERVAL_COLUMNS,
    INTERVAL_KEY,
    SAMPLE_COLUMNS,
    SAMPLE_KEY,
    DataDir,
)

_NOT_DIGIT = ((0, 47), (58, 255))
_NOT_DECIMAL = ((0, 45), (47, 47), (58, 255))  # a point is allowed
_TRUE = ("true", "1", "up", "yes", "ok")
_FALSE = ("false", "0", "down", "no")


@dataclass
class Columns:
    """Normalised records of one kind: the monitor (dictionary-encoded), the time that
    picks the partition and each record's line as the store writes it."""

    monitors: pa.Array
    seconds: npt.NDArray[np.int64]
    lines: pa.ChunkedArray
    duplicates: int = 0  # identical repeats in the file: stored as "unchanged"
    # (monitor, month) of each partition the records belong to, once they are divided
    months: list[tuple[str, str]] | None = None


@dataclass
class _Block:
    """One block of the file's records, checked and in the store's form: only this is
    kept of a block once it is read, never its text columns."""

    monitors: pa.DictionaryArray
    codes: npt.NDArray[np.int64]  # a number per monitor and location
    seconds: npt.NDArray[np.int64]
    lines: pa.Array
    # whether equal lines mean equal values: not where a latency's text was made from a
    # number another text may name too (81.2000001 is stored as 81.2)
    exact: bool = True


@dataclass
class ColumnarBatch:
    records: int
    samples: Columns | None = None
    intervals: Columns | None = None
    kinds: list[str] = field(default_factory=list)


def _bool(mask: pa.Array | pa.ChunkedArray) -> npt.NDArray[np.bool_]:
    return np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool)


def _all(mask: pa.Array) -> bool:
    return len(mask) == 0 or bool(pc.all(mask).as_py())


def _blank(n: int) -> pa.Array:
    """``n`` empty texts (a column the file does not have)."""
    return pa.repeat(pa.scalar("", pa.string()), n)


def _empty(column: pa.Array) -> pa.Array:
    return pc.equal(pc.binary_length(column), 0)


def _text_ok(column: pa.Array, name: str) -> bool:
    limit = text_limit(name)
    if len(column) == 0 or pc.max(pc.binary_length(column)).as_py() <= limit:
        return True  # never more characters than bytes
    return _all(pc.less_equal(pc.utf8_length(column), limit))


def _monitor_locations(
    table: pa.Table, context: SourceContext
) -> tuple[pa.DictionaryArray, pa.Array, npt.NDArray[np.int64]] | None:
    """(monitor, location, a number per monitor and location) per row, as the reference
    names them, or None."""
    # a monitor or location named in the services file is never empty nor too long
    monitor = strip(table["monitor"])
    known = context.services.monitors
    ids = sorted(known)
    monitor_codes = pc.index_in(monitor, value_set=pa.array(ids, pa.string()))
    if monitor_codes.null_count:
        return None
    if "location" in table.column_names:
        location = strip(table["location"])
    else:
        location = _blank(len(monitor))
    if not _all(pc.invert(_empty(location))):
        # an empty location is the context's, or the monitor's only one (the reference's rule)
        defaults = {
            m.id: context.location or (m.locations[0] if len(m.locations) == 1 else "")
            for m in known.values()
        }
        default = pc.take(pa.array([defaults[i] for i in ids], pa.string()), monitor_codes)
        location = pc.if_else(_empty(location), default, location)
    # a number per (monitor, location) pair a monitor has, -1 for any other pair
    places = sorted({place for m in known.values() for place in m.locations})
    pair = np.full((len(ids), len(places)), -1, np.int64)
    for i, name in enumerate(ids):
        for place in known[name].locations:
            pair[i, places.index(place)] = i * len(places) + places.index(place)
    place_codes = pc.index_in(location, value_set=pa.array(places, pa.string()))
    if place_codes.null_count:
        return None
    codes = pair[_indices(monitor_codes), _indices(place_codes)]
    if (codes < 0).any():
        return None
    monitors = pa.DictionaryArray.from_arrays(monitor_codes, pa.array(ids, pa.string()))
    return monitors, location, codes


def _indices(codes: pa.Array) -> npt.NDArray[np.int64]:
    return np.asarray(codes.to_numpy(zero_copy_only=False), np.int64)


def _in_window(seconds: npt.NDArray[np.int64], window: TimeWindow) -> bool:
    lo, hi = max(window.lo, HARD_WINDOW.lo), min(window.hi, HARD_WINDOW.hi)
    return len(seconds) == 0 or bool((seconds.min() >= lo) & (seconds.max() < hi))


def _seconds(text: pa.Array) -> tuple[npt.NDArray[np.int64] | None, pa.Array | None]:
    """(seconds, the store's form of them) of stripped ISO 8601 instants; text already in
    the store's form is told by its shape and read by one cast, and is its own form."""
    if in_store_form(text):
        return store_form_seconds(text), text
    seconds = instants(text)
    return seconds, None if seconds is None else utc_text(seconds)


def _instant_column(
    table: pa.Table, name: str, optional: bool
) -> tuple[pa.Array, npt.NDArray[np.bool_]] | None:
    """(stripped text, is-empty mask) of a time column whose raw values keep the
    reference's 64-character bound."""
    raw = table[name]
    longest = pc.max(pc.binary_length(raw)).as_py()  # never fewer bytes than characters
    if longest is not None and longest > 64 and not _all(pc.less_equal(pc.utf8_length(raw), 64)):
        return None
    text = strip(raw)
    empty = _bool(_empty(text))
    if empty.any() and not optional:
        return None
    return text, empty


def _numbers(
    column: pa.Array, name: str, *, whole: bool
) -> tuple[npt.NDArray[np.float64], pa.Array, bool] | None:
    """(value, stored text, whether each text is its value's own) of an optional number
    column (NaN and "" where empty)."""
    text = strip(column)
    empty = _bool(_empty(text))
    simple = not has_any(text, _NOT_DIGIT if whole else _NOT_DECIMAL)
    values = np.full(len(text), np.nan)
    if simple and whole:
        plain = _three_digits(text, values)
    else:
        if simple:
            plain = ~empty  # digits and points only: pyarrow reads them as Python does, or fails
        else:
            plain = _bool(pc.match_substring_regex(text, r"^[1-5]\d\d$" if whole else DECIMAL_RE))
        usual = plain & ~empty
        if usual.any():
            try:
                parsed = pc.cast(text.filter(pa.array(usual)), pa.float64())
            except pa.ArrowInvalid:
                return None
            values[usual] = np.asarray(parsed.to_numpy(zero_copy_only=False), np.float64)
    odd = np.flatnonzero(~plain & ~empty)
    if len(odd):
        # a form pyarrow might read otherwise (1_000, a sign, "nan"): Python's own rule
        for index, value in zip(odd.tolist(), text.take(pa.array(odd)).to_pylist(), strict=True):
            number: float | None
            try:
                if whole:
                    number = f.integer({name: value}, name, lo=100, hi=599)
                else:
                    number = f.number({name: value}, name)
            except f.FieldError:
                return None
            if number is None or (not whole and np.signbit(number)):
                return None  # -0 is written "-0" by the reference
            values[index] = number
    present = ~np.isnan(values)
    if not whole and present.any():
        shown = values[present]
        if not (np.isfinite(shown).all() and shown.min() >= 0 and shown.max() <= MAX_LATENCY_MS):
            return None
    if simple and not len(odd) and (whole or in_thousandths_form(text)):
        # every value already written as the store writes it (a status code read as
        # [1-5]dd above): the text is stored as it is
        return values, text, True
    if whole:
        stored = pc.if_else(
            pa.array(empty),
            pa.scalar(""),
            pc.cast(pa.array(np.nan_to_num(values).astype(np.int64)), pa.string()),
        )
        return values, stored, True
    stored = pc.if_else(pa.array(present), thousandths(np.nan_to_num(values)), pa.scalar(""))
    return values, stored, False


_NO_NUMBERS = np.empty(0, np.int64)


def _three_digits(text: pa.Array, values: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Which values of a column of digits are codes from 100 to 599 written with three
    digits, the first not 0 (as the reference reads ``[1-5]dd``); their numbers are put in
    ``values``, read from the digits."""
    offsets = np.frombuffer(text.buffers()[1], np.int32)[text.offset : text.offset + len(text) + 1]
    plain: npt.NDArray[np.bool_] = np.diff(offsets) == 3
    if not plain.any():
        return plain
    data = text_bytes(text)
    rows = np.flatnonzero(plain)
    starts = offsets[rows] - offsets[0]
    first = data[starts]
    code = (first >= ord("1")) & (first <= ord("5"))
    plain[rows[~code]] = False
    number = first.astype(np.int32) * 100 + data[starts + 1] * np.int32(10) + data[starts + 2]
    values[rows[code]] = (number - ord("0") * 111)[code]
    return plain


def _firsts(key: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """For each row, the row where its key first appears."""
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    starts = np.ones(len(key), bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    firsts = np.empty(len(key), np.int64)
    firsts[order] = order[np.flatnonzero(starts)][np.cumsum(starts) - 1]
    return firsts


def _combine(blocks: list[_Block]) -> Columns | None:
    """The blocks' records as one, repeats of a key (monitor and location, time) with the
    same values dropped; None if a repeat differs (a conflict, which the reference reports
    with both lines) or may differ in a way its line does not show."""
    kind = pa.dictionary(pa.int32(), pa.string())
    monitors = pa.chunked_array([b.monitors for b in blocks], kind).combine_chunks()
    lines = pa.chunked_array([b.lines for b in blocks], pa.string())
    # the key written block by block, each block's numbers let go once written: the peak
    # of an import is here, and holds one copy of them, not three
    key = np.empty(sum(len(b.seconds) for b in blocks), np.int64)
    at = 0
    for block in blocks:
        part = key[at : at + len(block.seconds)]
        part[:] = block.codes
        part <<= 32
        part |= block.seconds
        at += len(block.seconds)
        block.codes = block.seconds = _NO_NUMBERS
    ordered = np.sort(key)
    repeats = bool((ordered[1:] == ordered[:-1]).any())
    del ordered
    if not repeats:  # no key twice, the usual case: the times are the key's low half
        key &= 0xFFFFFFFF  # (times of the store's window are below 2**32)
        return Columns(monitors, key, lines)
    if not all(b.exact for b in blocks):
        return None
    seconds = key & 0xFFFFFFFF
    firsts = _firsts(key)
    repeat = firsts != np.arange(len(firsts))
    rows = np.flatnonzero(repeat)
    if not _all(pc.equal(lines.take(pa.array(rows)), lines.take(pa.array(firsts[rows])))):
        return None
    keep = pa.array(~repeat)
    return Columns(monitors.filter(keep), seconds[~repeat], lines.filter(keep), len(rows))


def _samples(table: pa.Table, context: SourceContext, window: TimeWindow) -> _Block | None:
    names = table.column_names
    if "ok" not in names or "monitor" not in names:
        return None
    located = _monitor_locations(table, context)
    stamp = _instant_column(table, "timestamp", optional=False)
    if located is None or stamp is None:
        return None
    seconds, time_text = _seconds(stamp[0])
    if seconds is None or time_text is None or not _in_window(seconds, window):
        return None
    word = pc.ascii_lower(strip(table["ok"]))
    up = _bool(pc.is_in(word, value_set=pa.array(_TRUE)))
    if not (up | _bool(pc.is_in(word, value_set=pa.array(_FALSE)))).all():
        return None
    n = len(seconds)
    latency = (
        _numbers(table["latency_ms"], "latency_ms", whole=False)
        if "latency_ms" in names
        else (np.full(n, np.nan), _blank(n), True)
    )
    status = (
        _numbers(table["status_code"], "status_code", whole=True)
        if "status_code" in names
        else (np.full(n, np.nan), _blank(n), True)
    )
    if latency is None or status is None:
        return None
    error = strip(table["error"]) if "error" in names else _blank(n)
    if not _text_ok(error, "error"):
        return None
    error = pc.replace_substring(error, "\n", " ")
    monitors, location, codes = located
    ok = pc.if_else(pa.array(up), "1", "0")
    lines = encode_lines([time_text, location, ok, latency[1], status[1], error])
    return _Block(monitors, codes.astype(np.int16), seconds, lines, latency[2])


def _intervals(table: pa.Table, context: SourceContext, window: TimeWindow) -> _Block | None:
    names = table.column_names
    if "state" not in names or "monitor" not in names:
        return None
    located = _monitor_locations(table, context)
    start_text = _instant_column(table, "start", optional=False)
    if located is None or start_text is None:
        return None
    start = instants(start_text[0])
    if start is None or not _in_window(start, window):
        return None
    n = len(start)
    end = np.full(n, -1, np.int64)
    end_text = _blank(n)
    if "end" in names:
        given = _instant_column(table, "end", optional=True)
        if given is None:
            return None
        text, empty = given
        if not empty.all():
            seconds = instants(text.filter(pa.array(~empty)))
            if seconds is None or not _in_window(seconds, window):
                return None
            end[~empty] = seconds
            if (end[~empty] <= start[~empty]).any():
                return None
            end_text = pc.if_else(pa.array(empty), end_text, utc_text(np.where(empty, start, end)))
    state = strip(table["state"])
    if not _text_ok(state, "state"):
        return None
    word = pc.ascii_lower(state)
    up = _bool(pc.equal(word, "up"))
    if not (up | _bool(pc.equal(word, "down"))).all():
        return None
    monitors, location, codes = located
    start_stored = start_text[0] if in_store_form(start_text[0]) else utc_text(start)
    state_text = pc.if_else(pa.array(up), "up", "down")
    return _Block(
        monitors, codes, start, encode_lines([start_stored, end_text, location, state_text])
    )


def read_csv_columnar(
    path: Path, context: SourceContext, window: TimeWindow
) -> ColumnarBatch | None:
    """The records of a statusgen CSV probe file, or None: the reference must read it.

    The file is read block by block (:func:`~generator.store.columnar.string_blocks`);
    each block is checked and kept only as its records' lines and numbers, so memory
    holds the file's stored form once, not its text columns and every step's copies."""
    with block_memory():
        return _read_csv_columnar(path, context, window)


def _read_csv_columnar(
    path: Path, context: SourceContext, window: TimeWindow
) -> ColumnarBatch | None:
    try:
        with path.open("rb") as handle:
            head = handle.read(8).removeprefix(b"\xef\xbb\xbf")
        if head[:1] in (b"\n", b"\r"):
            return None  # the reference reads a blank first line as an empty header
        names, tables = string_blocks(path)
        if len(set(names)) != len(names) or not names:
            return None
        if set(names) <= set(SAMPLE_FIELDS) and "timestamp" in names:
            kind, read = "samples", _samples
        elif set(names) <= set(INTERVAL_FIELDS) and "start" in names:
            kind, read = "intervals", _intervals
        else:
            return None

        def check(table: pa.Table) -> _Block | None:
            blank = np.ones(table.num_rows, bool)
            for name in names:
                blank &= _bool(_empty(strip(table[name])))
                if not blank.any():
                    break
            if blank.any():
                return None  # skipped by the reference, with its line numbering: let it
            return read(table, context, window)

        # the next blocks are read while this one is checked: pyarrow parses and computes
        # without Python's lock, so the cores share the work
        records, blocks = 0, []
        for block in in_order(check, (table for table in tables if table.num_rows)):
            if block is None:
                return None
            records += len(block.seconds)
            blocks.append(block)
    except (pa.ArrowInvalid, pa.ArrowKeyError, OSError):
        return None
    columns = _combine(blocks)
    del blocks
    pa.default_memory_pool().release_unused()  # what reading the blocks took, back
    if columns is None:
        return None
    if kind == "samples":
        return ColumnarBatch(records, samples=columns)
    return ColumnarBatch(records, intervals=columns)


def write_columnar(data: DataDir, batch: ColumnarBatch) -> tuple[WriteSummary, WriteSummary] | None:
    """Store a columnar batch; None (nothing written) if the reference must write it."""
    with block_memory():
        return _write_columnar(data, batch)


def _write_columnar(
    data: DataDir, batch: ColumnarBatch
) -> tuple[WriteSummary, WriteSummary] | None:
    summaries = []
    for columns, root, names, key in (
        (batch.samples, data.samples_dir, SAMPLE_COLUMNS, SAMPLE_KEY),
        (batch.intervals, data.intervals_dir, INTERVAL_COLUMNS, INTERVAL_KEY),
    ):
        if columns is None:
            summaries.append(WriteSummary())
            continue
        partitions = partition_rows(columns.monitors, columns.seconds)
        columns.months = [(monitor, month) for monitor, month, _ in partitions]
        written = append_columnar(data, root, names, key, partitions, columns.lines)
        del partitions
        if written is None:
            return None
        written.unchanged += columns.duplicates
        summaries.append(written)
    return summaries[0], summaries[1]


def partitions_of(data: DataDir, batch: ColumnarBatch) -> list[Path]:
    """Every partition a batch's records belong to (whether or not writing changed it)."""
    paths: list[Path] = []
    for columns, root in ((batch.samples, data.samples_dir), (batch.intervals, data.intervals_dir)):
        if columns is None or len(columns.seconds) == 0:
            continue
        months = columns.months
        if months is None:
            months = [
                (m, month) for m, month, _ in partition_rows(columns.monitors, columns.seconds)
            ]
        paths.extend(root / monitor / f"{month}.csv" for monitor, month in months)
    return paths
