"""Columnar writing: append whole arrays of records to the partitions, no object per row.

The row-by-row writer (:func:`generator.store.csvlog.append_partitions`) stays the
reference. This module does what it does for arrays, with the same outcome byte for byte:
the same lines appended in the same order, the same added/updated/unchanged counts. Where
it cannot be sure of that (a stored partition it cannot read as the reference would, say),
it says so by returning None, and the caller takes the reference path, which then reports
the exact error.

Stored partitions are compared by their lines: a partition as the store writes it (no
quote, carriage return or NUL) is cut at each newline without a copy, any other is parsed
and encoded again. A partition that holds exactly the records' lines, in any order, each
once (the same rows imported again from another file) is known unchanged from the lines
alone; only otherwise are the keys cut out of the lines and looked up.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from generator.store.columnar import encode_lines, has_any, key_text, string_table
from generator.store.concurrent import in_order
from generator.store.csvlog import StagedAppend, WriteSummary, remove_temp_files
from generator.store.layout import DataDir
from generator.store.lock import write_lock

_BLOCK = 1 << 20


def joined_text(lines: pa.Array) -> memoryview:
    """The text of every line, one after the other (a view of the array's own bytes)."""
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    if len(lines) == 0:
        return memoryview(b"")
    width = np.int64 if pa.types.is_large_string(lines.type) else np.int32
    offsets = np.frombuffer(lines.buffers()[1], dtype=width)
    first, last = int(offsets[lines.offset]), int(offsets[lines.offset + len(lines)])
    return memoryview(lines.buffers()[2][first:last])


def _stored_lines(
    path: Path, columns: Sequence[str], key: Sequence[int]
) -> tuple[pa.Array | None, pa.Array] | None:
    """(key, line) of each stored row; None when only the reference reader can say what
    is wrong with the partition (it then reports the error). The keys are None where
    the lines are the partition's bytes cut at each newline, not yet checked:
    :func:`_plain_keys` checks them and cuts their keys when they are needed."""
    if not path.exists():
        empty = pa.array([], pa.string())
        return empty, empty
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if not raw:
        empty = pa.array([], pa.string())
        return empty, empty
    header = ",".join(columns).encode()
    if not (raw.startswith(header + b"\n") or raw.startswith(header + b"\r\n")):
        return None
    plain = _plain_lines(raw, len(header) + 1)
    if plain is not None:
        return None, plain
    return _parsed_lines(raw, columns, key)


def _plain_lines(raw: bytes, body: int) -> pa.Array | None:
    """The lines of a partition without a quote, carriage return or NUL, as the store
    writes them, each with its newline: the partition's bytes cut at each newline, no
    copy. None if the partition is not that plain."""
    if b'"' in raw or b"\r" in raw or b"\x00" in raw:
        return None
    text = raw if raw.endswith(b"\n") else raw + b"\n"
    data = np.frombuffer(text, np.uint8)[body:]
    if len(data) >= 1 << 31:
        return None  # beyond 32-bit offsets
    ends = np.flatnonzero(data == 10) + 1
    offsets = np.empty(len(ends) + 1, np.int32)
    offsets[0], offsets[1:] = 0, ends
    return pa.StringArray.from_buffers(len(ends), pa.py_buffer(offsets), pa.py_buffer(data))


def _plain_keys(
    lines: pa.Array, columns: Sequence[str], key: Sequence[int]
) -> tuple[pa.Array, pa.Array] | None:
    """(key, line) of each of :func:`_plain_lines`, as the csv module reads them: where
    each line is its own CSV encoding (no blank line, as many values as columns, UTF-8
    text), a key's values are the text between commas; otherwise the partition is parsed
    as any other is (:func:`_parsed_lines`)."""
    offsets = np.frombuffer(lines.buffers()[1], np.int32)[: len(lines) + 1]
    data = np.frombuffer(lines.buffers()[2], np.uint8)[: int(offsets[-1])]
    starts, ends = offsets[:-1], offsets[1:]
    # a blank line, which the csv module skips, or a row with too many or too few
    # values (the reference says which): the general way
    if not (ends - starts == 1).any():
        commas = np.flatnonzero(data == 44)
        counts = np.searchsorted(commas, ends) - np.searchsorted(commas, starts)
        if (counts == len(columns) - 1).all():
            try:
                lines.validate(full=True)  # UTF-8, as the csv module reads it
                return _split_keys(lines, key), lines
            except pa.ArrowInvalid:
                pass
    header = (",".join(columns) + "\n").encode()
    return _parsed_lines(header + bytes(joined_text(lines)), columns, key)


def _all_stored(new_lines: pa.Array, stored_lines: pa.Array) -> bool:
    """Whether the stored lines are the new ones, in any order, each once. The new
    records' keys differ from each other, so then the stored keys do too: each new line
    is the latest stored line of its key."""
    if len(new_lines) != len(stored_lines):
        return False
    if pc.all(pc.equal(new_lines, stored_lines)).as_py():
        return True  # listed in the stored order (the same period exported again, say)
    at = pc.index_in(new_lines, value_set=stored_lines)
    if at.null_count:
        return False
    seen = np.zeros(len(stored_lines), bool)
    seen[at.to_numpy(zero_copy_only=False)] = True
    return bool(seen.all())


def _split_keys(lines: pa.Array, key: Sequence[int]) -> pa.Array:
    """The key of each line that holds no quote: its values are the text between commas."""
    values = pc.split_pattern(lines, ",", max_splits=max(key) + 1)
    return key_text([pc.list_element(values, i) for i in key])


def _line_keys(lines: pa.Array, columns: Sequence[str], key: Sequence[int]) -> pa.Array | None:
    """The key of each of the store's lines, as :func:`_stored_lines` gives stored ones."""
    if not has_any(lines, ((34, 34),)):
        return _split_keys(lines, key)
    header = pa.py_buffer((",".join(columns) + "\n").encode())
    content = pa.py_buffer(header.to_pybytes() + bytes(joined_text(lines)))
    parsed = _parsed_lines(content, columns, key)
    return None if parsed is None else parsed[0]


def _parsed_lines(
    raw: bytes | pa.Buffer, columns: Sequence[str], key: Sequence[int]
) -> tuple[pa.Array, pa.Array] | None:
    """(key, line) of each row, parsed as CSV and encoded again as the store writes it."""
    try:
        table = string_table(pa.BufferReader(raw), columns)
    except (pa.ArrowInvalid, pa.ArrowKeyError):
        return None
    if table.column_names != list(columns):
        return None
    cols = [table[name].combine_chunks() for name in columns]
    return key_text([cols[i] for i in key]), encode_lines(cols)


Rows = Callable[[], npt.NDArray[np.intp]]  # a partition's rows, in file order, when asked for


def partition_rows(
    monitors: pa.Array, seconds: npt.NDArray[np.int64]
) -> list[tuple[str, str, Rows]]:
    """(monitor, UTC month as 2026-08, its rows) of each partition that records of
    ``monitors`` at ``seconds`` belong to. Each partition's row numbers are made when asked
    for (by the thread writing it), so they are never all held at once."""
    names = pc.dictionary_encode(monitors)
    if isinstance(names, pa.ChunkedArray):
        names = names.combine_chunks()
    if not len(seconds):
        return []
    ends = np.array([seconds.min(), seconds.max()]).view("datetime64[s]")
    first, last = ends.astype("datetime64[M]").view(np.int64).tolist()
    span = last - first + 1
    codes = names.indices.to_numpy(zero_copy_only=False)
    # the first second of each month after the first: a record's month is how many of
    # them it is at or after
    starts = np.arange(first + 1, last + 1).astype("datetime64[M]").astype("datetime64[s]")
    starts = starts.view(np.int64)
    # a number per monitor and month, made in blocks, so the months of every record are
    # never held at once
    group = np.empty(len(seconds), np.int32)
    for at in range(0, len(seconds), _BLOCK):
        block = slice(at, at + _BLOCK)
        months = np.searchsorted(starts, seconds[block], side="right")
        group[block] = months + codes[block].astype(np.int32) * span
    out: list[tuple[str, str, Rows]] = []
    for number in np.flatnonzero(np.bincount(group)).tolist():
        monitor = names.dictionary[number // span].as_py()
        month = str(np.datetime64(first + number % span, "M"))
        out.append((monitor, month, functools.partial(_rows_of, group, number)))
    return out


def _rows_of(group: npt.NDArray[np.int32], number: int) -> npt.NDArray[np.intp]:
    return np.flatnonzero(group == number)


def _take_rows(lines: pa.Array | pa.ChunkedArray, rows: npt.NDArray[np.intp]) -> pa.Array:
    """``lines`` at ``rows`` (ascending), taken chunk by chunk: pyarrow's take of a
    chunked array of text may join all its chunks first."""
    if isinstance(lines, pa.Array):
        return lines.take(pa.array(rows))
    ends = np.cumsum([len(chunk) for chunk in lines.chunks])
    cuts = np.searchsorted(rows, ends)
    parts, lo, start = [], 0, 0
    for chunk, end, hi in zip(lines.chunks, ends.tolist(), cuts.tolist(), strict=True):
        if hi > lo:
            parts.append(chunk.take(pa.array(rows[lo:hi] - start)))
        lo, start = hi, end
    if not parts:
        return pa.array([], lines.type)
    return pa.concat_arrays(parts)


def append_columnar(
    data: DataDir,
    root: Path,
    columns: Sequence[str],
    key: Sequence[int],
    partitions: list[tuple[str, str, Rows]],
    lines: pa.Array | pa.ChunkedArray,
) -> WriteSummary | None:
    """Append records (``lines``: each one's line as the store writes it, one per key) to
    each monitor's monthly partitions under ``root``, as :func:`partition_rows` divides
    them.

    Only lines that differ from the stored latest line of their key are appended, in their
    order. Returns None, having written nothing, if a stored partition must be read by the
    reference path.
    """
    summary = WriteSummary()
    parts = sorted(
        ((root / monitor / f"{month}.csv", rows) for monitor, month, rows in partitions),
        key=lambda part: part[0],
    )
    if not parts:
        return summary
    with write_lock(data.root):
        remove_temp_files(data.record_dirs)
        with StagedAppend(columns) as staged:

            def append(part: tuple[Path, Rows]) -> WriteSummary | None:
                path, rows = part
                return _append_one(path, columns, key, _take_rows(lines, rows()), staged)

            # the partitions on the store's threads (pyarrow and the file writes run without
            # Python's lock); closed before the staged files are, so none is left behind
            with closing(in_order(append, parts)) as done:
                for one in done:
                    if one is None:
                        return None
                    summary += one
            summary.files.extend(staged.commit())
    return summary


def _append_one(
    path: Path,
    columns: Sequence[str],
    key: Sequence[int],
    new_lines: pa.Array,
    staged: StagedAppend,
) -> WriteSummary | None:
    """Stage one partition's new lines (see :func:`append_columnar`); its counts, or None."""
    summary = WriteSummary()
    stored = _stored_lines(path, columns, key)
    if stored is None:
        return None
    stored_keys, stored_lines = stored
    if not len(stored_lines):
        summary.added += len(new_lines)
        staged.stage(path, joined_text(new_lines))
        return summary
    if _all_stored(new_lines, stored_lines):
        summary.unchanged += len(new_lines)
        return summary
    if stored_keys is None:
        checked = _plain_keys(stored_lines, columns, key)
        if checked is None:
            return None
        stored_keys, stored_lines = checked
    new_keys = _line_keys(new_lines, columns, key)
    if new_keys is None:
        return None
    # the latest stored line of a key wins: look the keys up newest first
    last = len(stored_keys) - 1
    reverse = pa.array(np.arange(last, -1, -1, dtype=np.int64))
    at = pc.index_in(new_keys, value_set=stored_keys.take(reverse))
    found = np.asarray(pc.is_valid(at).to_numpy(False), bool)
    same = np.zeros(len(new_lines), bool)
    if found.any():
        newest = last - at.fill_null(0).to_numpy(zero_copy_only=False)
        previous = stored_lines.take(pa.array(newest))
        equal = pc.equal(previous, new_lines).to_numpy(False)
        same = found & np.asarray(equal, dtype=bool)
    summary.added += int((~found).sum())
    summary.updated += int((found & ~same).sum())
    summary.unchanged += int(same.sum())
    if not same.all():
        staged.stage(path, joined_text(new_lines.filter(pa.array(~same))))
    return summary
